"""Closing a conversation from Discord: the `/close` slash command.

The customer may close their own DM conversation or support thread; staff (members with one of
`staff_roles`) may close any support thread. The core closes it (`Conversations.close` for
staff, `Conversations.close_for_customer` for the customer: back to the AI, with the brand's
`handoff_closed_message` when a person had it); then, in the conversation's delivery queue
behind that notice, the thread is archived and locked and the transcript goes to the customer
by DM and to `transcript_channel` when one is configured.

A conversation the core auto-closes (bot/auto_close.py) ends the same way: `auto_closed`, called
in the process that runs Discord, queues the same archiving and transcripts (by "auto-close").

The command is registered twice, so it shows where it works and nowhere else: in the
marketplace's server (synced to it at start, usable at once) and globally for DMs with the bot
only.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.outbox import (
    FAILED_CALL,
    Outbox,
    Outgoing,
    retrying,
)
from bot.adapters.discord.places import Place, Places
from bot.adapters.discord.split import split_message
from bot.adapters.discord.transcript import (
    EMBED_AT_MOST,
    transcript_filename,
    transcript_text,
)
from bot.brand import Brand
from bot.models import Conversation, StaffMember
from bot.router import Conversations
from bot.staff import AUTO_CLOSE_ACTOR
from bot.store import Store

log = logging.getLogger(__name__)

CHANNEL = "discord"
COMMAND = "close"
DESCRIPTION = "Close this support conversation and get its transcript"
# What people read in the ephemeral replies (only the person who ran /close sees them).
CLOSED = "Closed. The transcript is on its way to you by direct message."
CLOSED_BY_STAFF = "Closed. The customer gets the transcript by direct message."
NOT_YOURS = "Only the customer or staff can close this."
NOT_HERE = "Use /close in your support thread, or in a direct message with me."
NOTHING_TO_CLOSE = "There is no conversation here to close yet."
FAILED = "Sorry, I couldn't close this right now. Please try again in a minute."
TRANSCRIPT_INTRO = "Transcript of your conversation with {bot} (closed)."
TRANSCRIPT_FOR_STAFF = "Transcript of conversation {conversation} with {customer} (closed by {by})."


class CloseCommand:
    """`/close` for customers (their DM or thread) and staff (any support thread).

    Its command tree is the client's one tree: other commands (`/support`) are added to it and
    registered with it (`sync`)."""

    def __init__(
        self, client: discord.Client, config: DiscordConfig, conversations: Conversations, store: Store,
        brand: Brand, outbox: Outbox, places: Places,
    ) -> None:
        self.client = client
        self.config = config
        self.conversations = conversations
        self.store = store
        self.brand = brand
        self.outbox = outbox
        self.places = places
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
        self.tree.add_command(self._command(), guild=discord.Object(config.guild_id))
        self.tree.add_command(self._command(
            contexts=app_commands.AppCommandContext(guild=False, dm_channel=True, private_channel=False)))

    def _command(self, contexts: app_commands.AppCommandContext | None = None) -> app_commands.Command[Any, ..., None]:
        async def close(interaction: discord.Interaction) -> None:
            await self.run(interaction)

        return app_commands.Command(name=COMMAND, description=DESCRIPTION, callback=close, allowed_contexts=contexts)

    async def sync(self) -> None:
        """Register the command with Discord (the server's copy, then the DM one); a failure is
        logged and the bot runs on without it."""
        try:
            await retrying(self.config.delivery, "command registration",
                           lambda: self.tree.sync(guild=discord.Object(self.config.guild_id)), self.outbox.gate)
            await retrying(self.config.delivery, "command registration", self.tree.sync, self.outbox.gate)
        except FAILED_CALL as exc:
            log.error("could not register the /close command (and /support): %s (the bot needs the "
                      "applications.commands scope, see docs/discord.md)", exc)

    async def run(self, interaction: discord.Interaction) -> None:
        """Handle one `/close`: check who and where, close through the core, answer ephemerally,
        then queue the thread's archiving and the transcripts."""
        try:
            text = await self._close(interaction)
        except Exception:
            log.exception("/close failed interaction=%s channel=%s", interaction.id, interaction.channel_id)
            text = FAILED
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True)

    async def _close(self, interaction: discord.Interaction) -> str:
        place = await self.places.of(interaction)
        if place is None:
            return NOT_HERE
        conversation = await self.store.conversation_for(CHANNEL, place.external_ref)
        if conversation is None:
            return NOTHING_TO_CLOSE
        user = interaction.user
        is_customer = place.customer_id == user.id
        if not is_customer and not (place.thread_id and self.places.is_staff(user)):
            log.info("/close refused user=%s conversation=%s", user.id, conversation.id)
            return NOT_YOURS
        if is_customer:
            await self.conversations.close_for_customer(conversation.id, user.display_name)
            by = f"{user.display_name} (customer)"
        else:
            staff = StaffMember(f"discord:{user.id}", user.display_name)
            await self.conversations.close(conversation.id, staff)  # already with the AI: it just ends here
            by = user.display_name
        log.info("/close conversation=%s by=%s", conversation.id, user.id)
        if place.thread_id is not None and place.customer_id is not None:
            await self.places.tickets.closed(place.thread_id, place.customer_id)  # /support opens a new one
        await interaction.response.send_message(CLOSED if is_customer else CLOSED_BY_STAFF, ephemeral=True)
        await self._wrap_up(conversation, place, str(interaction.id), by)
        return CLOSED

    async def auto_closed(self, conversation: Conversation, close_id: str) -> None:
        """The core closed a quiet conversation (auto-close): end it here as /close does, behind the
        closing notice (the thread archived and locked, the transcripts sent); `close_id` is the
        same when a close is finished again after a crash, so nothing is posted twice."""
        kind, _, raw = conversation.external_ref.partition(":")
        if not raw.isdigit():
            return
        if kind == "dm":
            place = Place(conversation.external_ref, None, int(raw))
        else:
            place = Place(conversation.external_ref, int(raw), await self.places.tickets.customer(int(raw)))
            if place.customer_id is not None:
                await self.places.tickets.closed(int(raw), place.customer_id)  # /support opens a new one
        await self._wrap_up(conversation, place, close_id, AUTO_CLOSE_ACTOR)

    async def _wrap_up(self, conversation: Conversation, place: Place, close_id: str, by: str) -> None:
        """Behind the closing notice: archive and lock the thread, then send the transcripts."""
        if place.thread_id is not None:
            await self.outbox.put_close_thread(conversation.id, place.thread_id)
        text = transcript_text(conversation, await self.store.transcript(conversation.id), self.brand)
        if place.customer_id is not None:
            intro = TRANSCRIPT_INTRO.format(bot=self.brand.bot_name)
            await self.outbox.put(conversation.id, f"dm:{place.customer_id}",
                                  self._transcript(conversation, intro, text, f"{close_id}:customer"))
        if self.config.transcript_channel is not None:
            intro = TRANSCRIPT_FOR_STAFF.format(
                conversation=conversation.id, customer=discord.utils.escape_markdown(
                    conversation.participant.display_name or "a customer"), by=discord.utils.escape_markdown(by))
            await self.outbox.put(conversation.id, conversation.external_ref,
                                  self._transcript(conversation, intro, text, f"{close_id}:staff"),
                                  channel_id=self.config.transcript_channel)

    @staticmethod
    def _transcript(conversation: Conversation, intro: str, text: str, seed: str) -> Outgoing:
        """A short transcript in an embed, a longer one as `transcript-<conversation>.txt`."""
        seed = f"{conversation.id}:transcript:{seed}"
        if len(text) <= EMBED_AT_MOST:
            embed = discord.Embed(title=intro, description=f"```\n{text.replace('```', '` ` `')}```")
            return Outgoing(parts=[""], seed=seed, embed=embed)
        return Outgoing(parts=split_message(intro), seed=seed, file=(transcript_filename(conversation), text))
