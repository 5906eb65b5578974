"""Server mentions made readable where they cannot render.

A direct message is outside the server: Discord shows `<@&id>` and `<#id>` there as raw text
(or "unknown role"), so before a text goes to a DM its role and channel mentions become
`@Role name` and `#channel-name`, from the server's cache.
"""

from __future__ import annotations

import re

import discord

SERVER_MENTION = re.compile(r"<(@&|#)(\d+)>")
UNKNOWN_ROLE = "@role"
UNKNOWN_CHANNEL = "#channel"


def readable_in_dm(text: str, guild: discord.Guild | None) -> str:
    """`text` with its role and channel mentions written as names (`@role` / `#channel` when the
    server does not know the id); user mentions render in DMs and are left alone."""

    def name(match: re.Match[str]) -> str:
        kind, ident = match.group(1), int(match.group(2))
        if kind == "@&":
            role = guild.get_role(ident) if guild is not None else None
            if role is None:
                return UNKNOWN_ROLE
            label = discord.utils.escape_markdown(role.name)
            return label if label.startswith("@") else f"@{label}"  # the @everyone role's own name
        channel = guild.get_channel_or_thread(ident) if guild is not None else None
        return f"#{discord.utils.escape_markdown(channel.name)}" if channel is not None else UNKNOWN_CHANNEL

    return SERVER_MENTION.sub(name, text)
