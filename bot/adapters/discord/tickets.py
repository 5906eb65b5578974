"""Support tickets on Discord: `/support`, and private tickets for questions asked in a support channel.

- `/support` (in the server): opens a thread for the member in the first support channel, named
  after them, adds them to it and welcomes them (`ticket_welcome`); the answer, only they see it,
  links to it (`ticket_opened`). A member whose latest support thread is still open (not closed
  with `/close`, not locked, still there) is pointed to that one instead (`ticket_exists`).
- Private tickets (`private_tickets: true`): a question in a support channel opens a private
  thread (type 12, not invitable) instead of a public one; the customer is added to it, staff see
  it through Manage Threads. Their question is quoted there (`private_ticket_welcome`) and
  answered there, and deleted from the public channel, where a pointer to the ticket takes its
  place (`private_ticket_pointer`): order numbers, addresses and the like never stay public.

Every thread opened for a member is recorded (`Store.discord_tickets`): whose it is (for `/close`
and the "talk to a person" button) and their open one (for `/support`).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Literal, cast

import discord
from discord import app_commands

from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.files import Received
from bot.adapters.discord.outbox import (
    FAILED_CALL,
    Outbox,
    Outgoing,
    retrying,
)
from bot.adapters.discord.panel import register_panel_button
from bot.adapters.discord.split import split_message
from bot.brand import Brand
from bot.language import app_language
from bot.models import Participant
from bot.router import Accepted, Conversations
from bot.store.discord_tickets import DiscordTickets

log = logging.getLogger(__name__)

COMMAND = "support"
DESCRIPTION = "Open a support ticket with our team"
PUBLIC_THREAD: Literal[11] = 11
PRIVATE_THREAD: Literal[12] = 12
SEEN_AT_MOST = 10_000  # questions turned into private tickets, remembered against gateway redelivery

# The channel's own way of answering a question when no thread could be opened for it.
AnswerInChannel = Callable[[discord.Message, Participant, str, Received, str], Awaitable[None]]
# The channel's own way of storing a question (its files kept first) in the conversation of a reference.
StoreQuestion = Callable[[str, discord.Message, Participant, str, Received], Awaitable[Accepted]]


class TicketDesk:
    """Opens support threads for members: `/support`, and private tickets from a support channel."""

    def __init__(
        self, client: discord.Client, config: DiscordConfig, conversations: Conversations, brand: Brand,
        outbox: Outbox, tickets: DiscordTickets, answer_in_channel: AnswerInChannel,
        store_question: StoreQuestion, languages: Sequence[str] = ("en",),
    ) -> None:
        self.client = client
        self.config = config
        self.conversations = conversations
        self.brand = brand
        self.outbox = outbox
        self.tickets = tickets
        self.answer_in_channel = answer_in_channel
        self.store_question = store_question
        self.languages = tuple(languages)  # BOT_LANGUAGES: a member's Discord locale among them is spoken
        self._seen: OrderedDict[int, None] = OrderedDict()

    def add_command(self, tree: app_commands.CommandTree[Any]) -> None:
        """Add `/support` to the client's command tree, in the marketplace's server only."""
        if not self.config.support_channels:
            return  # nowhere to open a ticket

        async def support(interaction: discord.Interaction) -> None:
            await self.run(interaction)

        tree.add_command(app_commands.Command(name=COMMAND, description=DESCRIPTION, callback=support),
                         guild=discord.Object(self.config.guild_id))

    def register_panel(self) -> None:
        """Presses of the "Open a ticket" panel button (`python -m bot discord panel`, panel.py) do
        exactly what `/support` does."""
        if self.config.support_channels:
            register_panel_button(self.client, self.run)

    # -- /support -----------------------------------------------------------------------------

    async def run(self, interaction: discord.Interaction) -> None:
        """Handle one `/support`: acknowledge at once (opening a thread may take longer than
        Discord's 3 s), then tell the member, and only them, where their ticket is: in the language
        their Discord app is in, if the bot speaks it (as the welcome, and their ticket until they
        write a sentence in another)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        language = app_language(interaction.locale.value, self.languages)
        brand = self.brand.localised(language)
        try:
            text = await self._support(interaction.user, brand, language)
        except Exception:
            log.exception("/support failed interaction=%s user=%s", interaction.id, interaction.user.id)
            text = brand.not_saved_message
        await interaction.followup.send(text, ephemeral=True)

    async def _support(self, user: discord.abc.User, brand: Brand, language: str | None) -> str:
        existing = await self.tickets.open_ticket(user.id)
        if existing is not None:
            if await self._still_open(existing):
                return brand.ticket_exists.format(thread=f"<#{existing}>")
            await self.tickets.closed(existing, user.id)
        name = self.config.thread.name.format(name=user.display_name, question="").strip(" :-") or user.display_name
        thread_id = await self.open(self.config.support_channels[0], user.id, name, self.config.private_tickets,
                                    language=language)
        welcome = brand.ticket_welcome.format(name=discord.utils.escape_markdown(user.display_name))
        await self.outbox.put(f"ticket:{thread_id}", f"thread:{thread_id}",
                              Outgoing(split_message(welcome), seed=f"ticket:{thread_id}:welcome"))
        log.info("/support opened thread=%s for user=%s language=%s", thread_id, user.id, language or "-")
        return brand.ticket_opened.format(thread=f"<#{thread_id}>")

    async def _still_open(self, thread_id: int) -> bool:
        """Whether a member's recorded ticket can still be written in (not deleted, not locked)."""
        try:
            thread = await retrying(self.config.delivery, "thread lookup",
                                    lambda: self.client.http.get_channel(thread_id), self.outbox.gate)
        except discord.NotFound:
            return False
        except discord.Forbidden:
            return False  # the bot was removed from it: no use pointing there
        metadata: dict[str, Any] = dict(cast(dict[str, Any], thread).get("thread_metadata") or {})
        return not metadata.get("locked", False)

    # -- opening a thread for a member --------------------------------------------------------

    async def open(self, channel_id: int, user_id: int, name: str, private: bool, *,
                   language: str | None = None) -> int:
        """Open a thread in `channel_id` for the member (private: only they and staff see it), add
        them to it and record it (with the language of their app, if known); returns its id.
        Raises what Discord kept failing with."""
        name = name[:97] + "..." if len(name) > 100 else name
        thread = await retrying(self.config.delivery, "thread creation", lambda: self.client.http.start_thread_without_message(
            channel_id, name=name, auto_archive_duration=self.config.thread.auto_archive_minutes,
            type=PRIVATE_THREAD if private else PUBLIC_THREAD, invitable=False,
            reason="support ticket"), self.outbox.gate, channel_id)
        thread_id = int(thread["id"])
        await self.tickets.opened(thread_id, user_id, language)  # before anything can be written in it
        await retrying(self.config.delivery, "thread member", lambda: self.client.http.add_user_to_thread(
            thread_id, user_id), self.outbox.gate, thread_id)
        return thread_id

    # -- private tickets ----------------------------------------------------------------------

    async def open_private(self, message: discord.Message, participant: Participant, text: str,
                           received: Received) -> None:
        """A question asked in a support channel becomes a private ticket: opened, quoted and
        answered there (its files, already downloaded, kept with it), then taken out of the public
        channel (a pointer takes its place)."""
        if message.id in self._seen:
            return  # the gateway delivered it again
        self._seen[message.id] = None
        while len(self._seen) > SEEN_AT_MOST:
            self._seen.popitem(last=False)
        question = " ".join(text.split()) or ", ".join(name for name, _ in received.files)
        name = self.config.thread.name.format(name=participant.display_name or "Customer", question=question)
        try:
            thread_id = await self.open(message.channel.id, message.author.id, name, private=True)
        except FAILED_CALL as exc:  # no Create Private Threads, or Discord kept failing
            why = f"HTTP {exc.status} {exc.text[:200]}" if isinstance(exc, discord.HTTPException) \
                else f"{exc.__class__.__name__}: {exc}"[:300]
            await self.answer_in_channel(message, participant, text, received, f"private thread: {why}")
            return
        ref = f"thread:{thread_id}"
        try:
            accepted = await self.store_question(ref, message, participant, text, received)
        except Exception:  # the store is unreachable: the question stays in the channel, to be sent again
            log.exception("could not store the question of private ticket=%s message=%s", thread_id, message.id)
            return
        conversation = accepted.conversation
        quoted = "\n".join(f"> {line}" for line in accepted.message.text.splitlines())  # masked, as stored
        brand = self.brand.localised(self.conversations.language_of(accepted.message.text, participant, "discord"))
        await self.outbox.put(conversation.id, ref, Outgoing(
            split_message(f"{brand.private_ticket_welcome}\n{quoted}"), seed=f"{conversation.id}:ticket:{thread_id}"))
        self.conversations.answer(accepted)
        await self._out_of_the_channel(message, conversation.id, thread_id, brand)

    async def _out_of_the_channel(self, message: discord.Message, conversation_id: str, thread_id: int,
                                  brand: Brand) -> None:
        """Delete the question from the public channel and leave a pointer to the ticket instead
        (in `brand`'s words: the question's language)."""
        channel_id = message.channel.id
        try:
            await retrying(self.config.delivery, "question removal", lambda: self.client.http.delete_message(
                channel_id, message.id, reason="moved to a private support ticket"), self.outbox.gate, channel_id)
        except FAILED_CALL as exc:
            log.error("could not delete message=%s from channel=%s after opening private ticket=%s: %s",
                      message.id, channel_id, thread_id, exc)
            await self._alert(f"Discord: could not remove a question (message {message.id}) from the public "
                              f"support channel after moving it to a private ticket ({exc}). The bot needs "
                              "Manage Messages there (docs/discord.md#private-tickets).")
        pointer = f"<@{message.author.id}> " + brand.private_ticket_pointer.format(thread=f"<#{thread_id}>")
        await self.outbox.put(conversation_id, f"thread:{thread_id}", Outgoing(
            split_message(pointer), seed=f"{conversation_id}:pointer:{thread_id}", mention=message.author.id),
            channel_id=channel_id)

    async def _alert(self, text: str) -> None:
        try:
            await self.conversations.inbox.notify(text)
        except Exception:
            log.exception("could not raise a staff alert")
