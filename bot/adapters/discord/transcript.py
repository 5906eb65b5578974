"""A closed conversation's transcript as plain text, for the customer's DM and the transcript channel."""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot.brand import Brand
from bot.models import Conversation, Message

EMBED_AT_MOST = 1500  # characters: a longer transcript is sent as a text file


def transcript_text(conversation: Conversation, messages: Sequence[Message], brand: Brand) -> str:
    """One line per message, `[time UTC] who: text`, with the sources of the bot's answers."""
    customer = conversation.participant.display_name or "Customer"
    lines: list[str] = []
    for message in messages:
        when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(message.ts))
        who = {"customer": customer, "bot": brand.bot_name, "system": brand.bot_name}.get(
            message.author, message.name or "Support")
        text = message.text.replace("\r\n", "\n").replace("\n", "\n    ")
        lines.append(f"[{when} UTC] {who}: {text}")
        lines += [f"    source: {s.title or s.url} {s.url}".rstrip() for s in message.sources]
    return "\n".join(lines) + "\n"


def transcript_filename(conversation: Conversation) -> str:
    """`transcript-<conversation>.txt`."""
    return f"transcript-{conversation.id}.txt"
