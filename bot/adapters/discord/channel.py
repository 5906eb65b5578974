"""Discord channel: DMs and support-channel threads become conversations with the one router.

Translates gateway events into `Inbound` messages (`accept`, then `respond`) and delivers the
router's messages back to the same DM or thread. It decides nothing about the conversation.

- A direct message continues the customer's DM conversation (`dm:<user id>`).
- A top-level message in a support channel opens a thread from that message; the thread is one
  conversation (`thread:<thread id>`, which Discord makes equal to the message id).
- A mention of the bot anywhere else gets a short pointer to the support channels.
- Photos and PDFs: a customer's attachments are downloaded, checked and kept for the conversation
  before the message is stored (files.py), refused ones named in a reply; staff's files are
  uploaded with their reply from Baton's copy (uploads.py). Discord's CDN links are never kept.
- Edits: an edit to a question not yet answered is stored and answered instead of the original
  (the original's answer is withheld, so nothing is answered twice); an edit after the answer is
  stored as an "(edited)" line for staff and not answered again.
- Deletes: a question deleted before its answer is not answered; the transcript keeps it and a
  `customer_deleted` event records the deletion.
- A thread that cannot be opened (missing permission, Discord failing for `part_seconds`): the
  customer is answered by a reply to their message in the channel where they wrote, and staff
  get an alert (`Inbox.notify`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import re
import time
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import discord

from bot.adapters.discord.buttons import PersonButton
from bot.adapters.discord.config import (
    DiscordConfig,
    DiscordConfigError,
    load_discord_config,
)
from bot.adapters.discord.desk import CloseCommand
from bot.adapters.discord.endpoint import use_its_gateway
from bot.adapters.discord.files import (
    NOTHING,
    DiscordFiles,
    DownloadFailed,
    Received,
    customer_refusal,
)
from bot.adapters.discord.mentions import readable_in_dm
from bot.adapters.discord.outbox import (
    FAILED_CALL,
    Outbox,
    Outgoing,
    Target,
    retrying,
)
from bot.adapters.discord.places import Places
from bot.adapters.discord.ratings import RatingButtons
from bot.adapters.discord.roles import MemberFacts, RoleMap
from bot.adapters.discord.split import split_message
from bot.adapters.discord.tickets import TicketDesk
from bot.adapters.discord.uploads import plan, too_large, upload_limit
from bot.brand import Brand
from bot.files import Files
from bot.markup import to_discord
from bot.models import Attachment, Conversation, Inbound, Message, Participant
from bot.router import Accepted, Conversations
from bot.settings import Settings
from bot.store import Store

log = logging.getLogger(__name__)

CHANNEL = "discord"
TYPING_EVERY = 8.0  # Discord shows "typing" for about 10 s per trigger
_TYPING_FAILED: tuple[type[BaseException], ...] = (*FAILED_CALL, ValueError)
TYPING_AT_MOST = 120.0
KNOWN_MESSAGES = 20_000  # recent customer messages whose edits and deletes we can place
MAX_SOURCES = 10
THREAD_ALREADY_EXISTS = 160004  # Discord error code when a message already has a thread
EDITED_PREFIX = "(edited) "
_MENTION = re.compile(r"<(@!?|@&|#)(\d+)>")
_CUSTOMER_TYPES = (discord.MessageType.default, discord.MessageType.reply)


def discord_intents() -> discord.Intents:
    """The gateway intents Baton needs, and nothing more."""
    intents = discord.Intents.none()
    intents.guilds = True  # the server's channels, threads and roles (role names, thread parents)
    intents.guild_messages = True  # messages, edits and deletes in support channels and threads
    intents.dm_messages = True  # direct messages
    intents.message_content = True  # privileged: the text of server messages that don't mention us
    return intents


def invite_permissions(private_tickets: bool = False, staff_inbox: bool = False) -> discord.Permissions:
    """Channel permissions the bot needs in the marketplace's server (the invite URL's integer).
    Private tickets need two more: opening private threads, removing the question from the channel.
    The staff inbox (`staff_channel`) needs one more: marking staff messages relayed or kept as notes."""
    return discord.Permissions(
        add_reactions=staff_inbox,
        create_private_threads=private_tickets,
        manage_messages=private_tickets,
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        embed_links=True,
        read_message_history=True,
        manage_threads=True,  # lock a support thread closed with /close
        attach_files=True,  # a long transcript is a text file
    )


def invite_url(application_id: int, private_tickets: bool = False, staff_inbox: bool = False) -> str:
    """The URL a server admin opens to add the bot with exactly `invite_permissions()`."""
    return discord.utils.oauth_url(application_id, permissions=invite_permissions(private_tickets, staff_inbox),
                                   scopes=("bot",))


class StaffMessages(Protocol):
    """The Discord staff inbox's side of the gateway: messages in its channel and threads."""

    async def on_staff_message(self, message: discord.Message) -> bool:
        """Handle a message if it is in the staff channel or a card's thread; True when it was."""
        ...


@dataclass(frozen=True, slots=True)
class _Known:
    """A recent customer message: where it belongs and the text we stored."""

    conversation_id: str
    external_ref: str
    text: str


class _Gateway(discord.Client):
    """The discord.py client; forwards the events Baton uses to the channel."""

    def __init__(self, channel: DiscordChannel) -> None:
        super().__init__(
            intents=discord_intents(),
            allowed_mentions=discord.AllowedMentions.none(),  # never ping @everyone from AI text
            max_messages=None,  # raw edit/delete events carry all we need
        )
        self.baton = channel

    async def on_ready(self) -> None:
        log.info("discord connected as %s (id=%s) guilds=%d", self.user, self.user and self.user.id,
                 len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        await self.baton.on_message(message)

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        await self.baton.on_raw_message_edit(payload)

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self.baton.on_raw_message_delete(payload)

    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        for message_id in payload.message_ids:
            await self.baton.forget_deleted(message_id)


class DiscordChannel:
    """The Discord customer channel: gateway events in, router messages out (DMs and threads)."""

    name = CHANNEL

    def __init__(
        self, settings: Settings, conversations: Conversations, store: Store, brand: Brand, config_path: Path,
        *, files: Files | None = None,
    ) -> None:
        self.settings = settings
        self.brand = brand
        self.conversations = conversations
        self.store = store
        self.config: DiscordConfig = load_discord_config(config_path)
        self.roles = RoleMap(self.config)
        self.client = _Gateway(self)
        self.outbox = Outbox(self.client, self.config.delivery, store, self._channel_id, self._delivery_failed,
                             files=files)
        # Photos and PDFs customers attach, copied into Baton's storage (`files`); without it, none are taken.
        self.files = files
        self.downloads = DiscordFiles(files, self.config.delivery, self.outbox.gate) if files is not None else None
        self.tickets = store.discord_tickets()
        self.places = Places(self.client, self.config, self.tickets, self._thread_parent, self.outbox.gate)
        self.close_command = CloseCommand(self.client, self.config, conversations, store, brand, self.outbox,
                                          self.places)
        self.person_button = PersonButton(self.client, conversations, store, brand, self.places)
        self.rating_buttons = RatingButtons(self.client, conversations, store, brand, self.places)
        self.ticket_desk = TicketDesk(self.client, self.config, conversations, brand, self.outbox, self.tickets,
                                      self._answer_in_channel, self._store_question, settings.languages)
        self.ticket_desk.add_command(self.close_command.tree)  # /support, registered with /close
        self._known: OrderedDict[int, _Known] = OrderedDict()
        self._accepted: dict[int, Accepted] = {}  # the latest stored version of recent customer messages
        self._states: dict[str, tuple[str, str | None, str | None]] = {}
        self._introduce: dict[str, int] = {}  # new thread -> customer to mention in its first reply
        self._opening: dict[str, asyncio.Event] = {}  # thread ref -> set once it exists (or failed)
        self._no_thread: dict[str, tuple[int, int]] = {}  # thread ref -> (channel, question) replied to instead
        self._dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self._thread_parents: dict[int, int | None] = {}
        self._members: dict[int, tuple[float, MemberFacts | None]] = {}
        self._typing: dict[str, asyncio.Task[None]] = {}
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._gateway: asyncio.Task[None] | None = None
        self.staff_inbox: StaffMessages | None = None  # the Discord staff inbox, when it attaches

    # -- lifecycle -----------------------------------------------------------------------

    async def login(self) -> None:
        """Check the token and open the REST session (no gateway yet); fails fast on a bad token."""
        token = self.settings.discord_token
        if not token:
            raise DiscordConfigError("DISCORD_TOKEN: required to run the Discord channel")
        await self.client.login(token)

    async def start(self) -> None:
        """Log in, then keep a gateway connection in the background (discord.py reconnects it)."""
        await self.login()
        await use_its_gateway(self.client, self.settings.discord_api_url)  # DISCORD_API_URL's own gateway
        self.person_button.register()
        self.rating_buttons.register()
        self.ticket_desk.register_panel()  # the "Open a ticket" panel's button: /support
        await self.close_command.sync()
        await self.outbox.start()
        self._gateway = asyncio.create_task(self._connect(), name="discord-gateway")

    async def wait(self) -> None:
        """Until the gateway connection ends for good; re-raises why (e.g. a privileged intent is off)."""
        if self._gateway is not None:
            await self._gateway

    async def stop(self) -> None:
        """Finish answers in progress, deliver what is queued, then disconnect."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=10)
        await self.outbox.stop(timeout=10)
        for task in self._typing.values():
            task.cancel()
        await self.client.close()
        if self._gateway is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._gateway

    async def _connect(self) -> None:
        try:
            await self.client.connect(reconnect=True)
        except discord.PrivilegedIntentsRequired:
            log.error("discord refused the MESSAGE CONTENT intent: enable it for the bot in the "
                      "Developer Portal (Bot > Privileged Gateway Intents), see docs/discord.md")
            raise

    # -- inbound: gateway events -----------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """A new message anywhere the bot can see: store and answer it if it is a customer's."""
        if self.staff_inbox is not None and await self.staff_inbox.on_staff_message(message):
            return  # the staff channel and its card threads belong to the staff inbox
        if not self._from_customer(message):
            return
        async with self._ordered(message.channel.id):
            await self._take(message)

    async def _take(self, message: discord.Message) -> None:
        where = await self._place(message)
        if where is None:
            if self._mentions_me(message):
                self._spawn(self._point_to_support(message))
            return
        external_ref, opens_thread = where
        text = self._text_of(message)
        if not text and not message.attachments:
            return
        participant = await self._participant(message)
        try:
            received = await self._received(message)
        except DownloadFailed:
            self._spawn(self._reply_plain(message, self._said_to(text, participant).not_saved_message))  # sent again
            return
        if not text and not received.files:  # only refused files: nothing to store, the customer hears why
            self._spawn(self._reply_plain(message, self._refusal(received)))
            return
        if opens_thread and self.config.private_tickets:  # a private thread, opened off the channel's lock
            self._spawn(self.ticket_desk.open_private(message, participant, text, received))
            return
        try:
            # The thread (if this message opens one) must exist before the answer is posted in it,
            # so the message is stored first and answered once the thread is there.
            accepted = await self._store_question(external_ref, message, participant, text, received,
                                                  answer=not opens_thread, tell=not opens_thread)
        except Exception:
            log.exception("could not store a discord message ref=%s", external_ref)
            self._spawn(self._reply_plain(message, self._said_to(text, participant).not_saved_message))
            return
        conversation = accepted.conversation
        self._remember(message.id, _Known(conversation.id, external_ref, text))
        self._accepted[message.id] = accepted
        if _is_dm(message):
            self._dm_channels[message.author.id] = message.channel.id
        if not accepted.is_new:
            return  # redelivered by the gateway: stored and answered already
        self._states.setdefault(conversation.id, (conversation.state, conversation.assignee_id, conversation.route))
        if opens_thread:
            # Not under the channel's lock: a thread Discord is slow to open holds up no one else.
            self._opening[external_ref] = asyncio.Event()
            self._spawn(self._open_thread_then_answer(message, participant, accepted))
            await self._tell_refused(conversation, message, received)  # in the thread, once it is open

    async def _received(self, message: discord.Message) -> Received:
        """The message's files, downloaded and checked (DownloadFailed: none could be taken)."""
        if not message.attachments:
            return NOTHING
        if self.downloads is None:
            log.warning("discord: message=%s has files but this process keeps none (no file service)", message.id)
            return NOTHING
        return await self.downloads.receive(message.attachments)

    async def _store_question(self, external_ref: str, message: discord.Message, participant: Participant,
                              text: str, received: Received, *, answer: bool = False, tell: bool = True) -> Accepted:
        """Store a customer message in the conversation of `external_ref`, with its files kept for
        that conversation first (created for them if this is its first message); with `tell`, the
        customer hears there about the files that were refused."""
        conversation: Conversation | None = None
        attachments: tuple[Attachment, ...] = ()
        if received.files and self.downloads is not None:
            conversation, _ = await self.store.find_or_create(CHANNEL, external_ref, participant)
            attachments = await self.downloads.keep(received, conversation_id=conversation.id, sent_by="customer")
        # A `/support` ticket's first words take the language of the member's Discord app, until they tell.
        language = await self.tickets.language(int(external_ref[7:])) if external_ref.startswith("thread:") else None
        inbound = Inbound(CHANNEL, external_ref, str(message.id), participant, text, attachments, language=language)
        accepted = await self.conversations.receive(inbound, conversation, answer=answer)
        if tell and accepted.is_new:
            await self._tell_refused(accepted.conversation, message, received)
        return accepted

    async def _tell_refused(self, conversation: Conversation, message: discord.Message, received: Received) -> None:
        """Tell the customer, where the conversation is answered, which files were not kept and why."""
        if received.refused:
            await self._queue(conversation, Outgoing(split_message(self._refusal(received)),
                                                     seed=f"{conversation.id}:refused:{message.id}"))

    def _refusal(self, received: Received) -> str:
        """Why the customer's files were refused, in the brand's words (only a channel with the
        file service downloads, so only it refuses)."""
        assert self.files is not None
        return customer_refusal(self.brand, received.refused, self.files.limits.max_bytes,
                                self.files.limits.per_message)

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """An edited customer message: re-answer it if unanswered, else keep the edit for staff."""
        if not self._from_customer(payload.message):
            return
        async with self._ordered(payload.channel_id):  # after the message itself was taken
            known = self._known.get(payload.message_id)
            if known is None:
                return  # not a customer message of ours, or too old to place
            message = payload.message
            text = self._text_of(message)
            if not text or text == known.text:
                return  # a link preview or another change that is not the text
            edited_at = message.edited_at.timestamp() if message.edited_at else time.time()
            inbound_id = f"{message.id}:edit:{int(edited_at * 1000)}"
            earlier = self._accepted.get(message.id)
            # Unanswered: its answer (if being prepared) is withheld and the new wording answered.
            unanswered = earlier is not None and await self.conversations.withdraw(earlier)
            stored_text = text if unanswered else EDITED_PREFIX + text
            participant = await self._participant(message)
            inbound = Inbound(CHANNEL, known.external_ref, inbound_id, participant, stored_text)
            accepted = await self.conversations.receive(inbound, answer=False)
            self._remember(message.id, _Known(known.conversation_id, known.external_ref, text))
            self._accepted[message.id] = accepted
            if not accepted.is_new:
                return
            if unanswered or accepted.conversation.state != "bot":
                # Unanswered: answer the new wording. Handed off: the core shows it to staff.
                self.conversations.answer(accepted)
            else:
                await self.conversations.withdraw(accepted)  # kept for staff; the AI answered already

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A deleted customer message: not answered if it was still waiting; the deletion is recorded."""
        async with self._ordered(payload.channel_id):
            await self.forget_deleted(payload.message_id)

    async def forget_deleted(self, message_id: int) -> None:
        """Withhold the answer to a deleted message and note the deletion in the conversation's events."""
        known = self._known.pop(message_id, None)
        if known is None:
            return
        accepted = self._accepted.pop(message_id, None)
        before_answer = accepted is not None and await self.conversations.withdraw(accepted)
        await self.conversations.customer_deleted(known.conversation_id, str(message_id), before_answer)

    # -- outbound: the Channel protocol ------------------------------------------------------

    async def send(self, conversation: Conversation, message: Message) -> None:
        """Queue a bot answer, staff reply or notice for the customer's DM or thread."""
        if message.author == "customer":
            return
        self._stop_typing(conversation.id)
        if conversation.external_ref.startswith("dm:"):  # a DM cannot render the server's roles and channels
            guild = self.client.get_guild(self.config.guild_id)
            message = dataclasses.replace(message, text=readable_in_dm(message.text, guild))
        await self._queue(conversation, self._render(conversation, message))

    def holds(self, conversation_id: str) -> bool:
        """Discord is one queue per deployment: whichever process runs the gateway delivers."""
        return True

    async def state_changed(self, conversation: Conversation) -> None:
        """Tell the customer when a teammate joins or the conversation moves to a specialist."""
        self._stop_typing(conversation.id)
        now = (conversation.state, conversation.assignee_id, conversation.route)
        before = self._states.get(conversation.id)
        self._states[conversation.id] = now
        if before == now:
            return
        text: str | None = None
        brand = self.brand.localised(conversation.language)
        if conversation.state == "human" and conversation.assignee:
            if before is None or before[0] != "human" or before[1] != conversation.assignee_id:
                text = brand.staff_joined_message.format(name=discord.utils.escape_markdown(conversation.assignee))
        elif conversation.state == "waiting" and before is not None:
            if before[0] == "human" or (before[0] == "waiting" and before[2] != conversation.route):
                text = brand.passed_message
        # bot -> waiting and back to bot come with the router's own notices (handoff, closed).
        if text:
            seed = f"{conversation.id}:state:{conversation.updated_at!r}:{conversation.state}"
            await self._queue(conversation, Outgoing(split_message(text), seed))

    async def typing(self, conversation: Conversation) -> None:
        """Show "typing…" in the DM or thread until the next message (at most two minutes)."""
        self._stop_typing(conversation.id)
        self._typing[conversation.id] = asyncio.create_task(self._keep_typing(conversation))

    # -- answering -------------------------------------------------------------------------

    # -- delivery --------------------------------------------------------------------------

    def _render(self, conversation: Conversation, message: Message) -> Outgoing:
        # Discord shows a Markdown table's pipes as they are: answers and staff replies get lists.
        text = message.text if message.author == "system" else to_discord(message.text)
        brand = self.brand.localised(conversation.language)  # its customer's language
        if message.author == "human":
            name = discord.utils.escape_markdown(message.name or "Support")
            text = brand.staff_signature.format(name=name) + "\n" + text
        mention = self._introduce.pop(conversation.id, None)
        if mention is not None:
            text = f"<@{mention}> {text}"
        embed = self._sources_embed(message, brand.sources_label) if message.author == "bot" else None
        seed = f"{conversation.id}:{message.id}"
        button = brand.person_button if message.author == "bot" else None  # only under the AI's answers
        rating = brand.rating_comment_button if message.rating_request else None  # the ask for a rating
        attach = None
        if message.attachments:  # uploaded from Baton's copy; a file Discord would refuse is named instead
            limit = self._upload_limit(conversation)
            for attachment in too_large(message.attachments, limit):
                text += "\n" + brand.file_not_sent_message.format(name=discord.utils.escape_markdown(attachment.name))
            parts, attach = plan(split_message(text), message.attachments, limit)
        else:
            parts = split_message(text)
        return Outgoing(parts=parts, seed=seed, embed=embed, mention=mention, button=button, rating=rating,
                        attach=attach)

    def _upload_limit(self, conversation: Conversation) -> int:
        """The largest file Discord takes from the bot in the conversation's DM or thread."""
        in_server = not conversation.external_ref.startswith("dm:")
        return upload_limit(self.client.get_guild(self.config.guild_id) if in_server else None)

    def _sources_embed(self, message: Message, label: str) -> discord.Embed | None:
        lines: list[str] = []
        seen: set[str] = set()
        for source in message.sources:
            if source.url in seen or len(lines) >= MAX_SOURCES:
                continue
            seen.add(source.url)
            title = discord.utils.escape_markdown(source.title or source.url)[:200]
            if source.url.startswith(("https://", "http://")):
                lines.append(f"{len(lines) + 1}. [{title}]({source.url})")
            else:
                lines.append(f"{len(lines) + 1}. {title}")
        if not lines:
            return None
        return discord.Embed(title=label, description="\n".join(lines)[:4096])

    async def _queue(self, conversation: Conversation, outgoing: Outgoing) -> None:
        if outgoing.parts:
            outgoing.reply_to = outgoing.reply_to or self._no_thread.get(conversation.external_ref)
            await self.outbox.put(conversation.id, conversation.external_ref, outgoing)

    async def _channel_id(self, external_ref: str) -> Target:
        """Where a conversation's messages go (once its thread is open, or the channel instead)."""
        opening = self._opening.get(external_ref)
        if opening is not None:
            await opening.wait()
        fallback = self._no_thread.get(external_ref)
        if fallback is not None:
            return Target(fallback[0], fallback[1])
        kind, _, raw = external_ref.partition(":")
        if kind == "thread" and raw.isdigit():
            return Target(int(raw))
        if kind == "dm" and raw.isdigit():
            user_id = int(raw)
            if user_id not in self._dm_channels:
                dm = await self.client.create_dm(discord.Object(user_id))
                self._dm_channels[user_id] = dm.id
            return Target(self._dm_channels[user_id])
        raise ValueError(f"not a Discord conversation reference: {external_ref!r}")

    async def _delivery_failed(self, conversation_id: str, error: BaseException) -> None:
        with contextlib.suppress(Exception):  # Redis down too: the log line is all we can do
            await self.conversations.delivery_failed(conversation_id, CHANNEL, error)

    async def _keep_typing(self, conversation: Conversation) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TYPING_AT_MOST
        try:
            channel_id = (await self._channel_id(conversation.external_ref)).channel_id
            while loop.time() < deadline:
                try:
                    await self.client.http.send_typing(channel_id)
                except FAILED_CALL as exc:
                    log.debug("typing indicator failed conversation=%s: %s", conversation.id, exc)
                await asyncio.sleep(TYPING_EVERY)
        except _TYPING_FAILED as exc:
            log.debug("no typing indicator conversation=%s: %s", conversation.id, exc)

    def _stop_typing(self, conversation_id: str) -> None:
        task = self._typing.pop(conversation_id, None)
        if task is not None:
            task.cancel()

    # -- where a message belongs -------------------------------------------------------------

    def _from_customer(self, message: discord.Message) -> bool:
        author = message.author
        if author.bot or author.system or message.webhook_id is not None:
            return False  # other bots, ourselves, webhooks and Discord's own notices
        if message.type not in _CUSTOMER_TYPES:
            return False  # "thread created", pins, joins...
        if _is_dm(message):
            return True
        if _guild_id(message) != self.config.guild_id:
            return False  # another server: its roles mean nothing to the marketplace
        return not (isinstance(author, discord.Member) and self._ignored(author))

    def _ignored(self, member: discord.Member) -> bool:
        ignore = self.config.ignore_roles
        return bool(ignore) and any(r.id in ignore or r.name in ignore for r in member.roles)

    async def _place(self, message: discord.Message) -> tuple[str, bool] | None:
        """The conversation reference for a message, and whether it opens a thread; None if not ours."""
        if _is_dm(message):
            return f"dm:{message.author.id}", False
        support = self.config.support_channels
        channel = message.channel
        if channel.id in support:
            return f"thread:{message.id}", True  # Discord gives a message's thread the message's id
        parent = await self._thread_parent(channel)
        if parent is not None and parent in support:
            return f"thread:{channel.id}", False
        return None

    async def _thread_parent(self, channel: Any) -> int | None:
        if isinstance(channel, discord.Thread):
            return channel.parent_id
        if not isinstance(channel, discord.PartialMessageable):
            return None
        if channel.id not in self._thread_parents:  # a thread missing from the cache
            try:
                fetched = await retrying(self.config.delivery, "channel lookup",
                                         lambda: self.client.fetch_channel(channel.id), self.outbox.gate)
            except FAILED_CALL:
                return None
            self._thread_parents[channel.id] = fetched.parent_id if isinstance(fetched, discord.Thread) else None
        return self._thread_parents[channel.id]

    async def _open_thread_then_answer(self, message: discord.Message, participant: Participant,
                                       accepted: Accepted) -> None:
        """Open the question's thread, then answer it there (or in the channel if none could be opened)."""
        ref = accepted.conversation.external_ref
        try:
            await self._open_thread(message, participant, accepted.conversation.id,
                                    [a.name for a in accepted.message.attachments])
        finally:
            opening = self._opening.pop(ref, None)
            if opening is not None:
                opening.set()
        self.conversations.answer(accepted)

    async def _open_thread(self, message: discord.Message, participant: Participant, conversation_id: str,
                           files: Sequence[str] = ()) -> None:
        settings = self.config.thread
        question = " ".join(self._text_of(message).split()) or ", ".join(files)  # a photo alone: its name
        name = settings.name.format(name=participant.display_name or "Customer", question=question)
        name = name[:97] + "..." if len(name) > 100 else name
        try:
            await retrying(self.config.delivery, "thread creation", lambda: message.create_thread(
                name=name, auto_archive_duration=settings.auto_archive_minutes), self.outbox.gate, message.channel.id)
        except discord.HTTPException as exc:
            if exc.code != THREAD_ALREADY_EXISTS:
                await self._no_thread_for(message, conversation_id, f"HTTP {exc.status} {exc.text[:200]}")
                return
        except Exception as exc:  # Discord kept failing for part_seconds, or the network did
            await self._no_thread_for(message, conversation_id, f"{exc.__class__.__name__}: {exc}"[:300])
            return
        self._introduce[conversation_id] = message.author.id
        await self.tickets.opened(message.id, message.author.id)  # its customer, and their open ticket

    async def _answer_in_channel(self, message: discord.Message, participant: Participant, text: str,
                                 received: Received, why: str) -> None:
        """No private ticket could be opened: the question is answered by a reply in the channel."""
        accepted = await self._store_question(f"thread:{message.id}", message, participant, text, received,
                                              tell=False)
        await self._no_thread_for(message, accepted.conversation.id, why)
        await self._tell_refused(accepted.conversation, message, received)  # as a reply there, too
        self.conversations.answer(accepted)

    async def _no_thread_for(self, message: discord.Message, conversation_id: str, why: str) -> None:
        """Answer in the channel, as a reply to the question, and tell staff why there is no thread."""
        self._no_thread[f"thread:{message.id}"] = (message.channel.id, message.id)
        where = getattr(message.channel, "name", None) or message.channel.id
        text = (f"Discord: could not open a thread for message {message.id} in #{where} ({why}); "
                f"the customer is answered in the channel instead (conversation {conversation_id}). "
                "Check that the bot may create public threads there (docs/discord.md, step 2).")
        log.error("could not open a thread for message=%s: %s; answering in channel=%s instead",
                  message.id, why, message.channel.id)
        try:
            await self.conversations.inbox.notify(text)
        except Exception:
            log.exception("could not raise a staff alert about the thread of message=%s", message.id)

    def _mentions_me(self, message: discord.Message) -> bool:
        me = self.client.user
        return me is not None and any(user.id == me.id for user in message.mentions)

    async def _point_to_support(self, message: discord.Message) -> None:
        if await self.store.hit_rate_limit(f"discord-pointer:{message.author.id}", 3):
            return
        support = self.config.support_channels
        where = " or ".join(f"<#{channel_id}>" for channel_id in support) or "a direct message"
        brand = self._said_to(self._text_of(message), await self._participant(message))
        await self._reply_plain(message, brand.channel_pointer.format(channel=where))

    def _said_to(self, text: str, participant: Participant) -> Brand:
        """The brand's texts in the language of a message that has no conversation to follow."""
        return self.brand.localised(self.conversations.language_of(text, participant, CHANNEL))

    async def _reply_plain(self, message: discord.Message, text: str) -> None:
        try:
            await retrying(self.config.delivery, "reply",
                           lambda: message.reply(text, mention_author=False), self.outbox.gate, message.channel.id)
        except FAILED_CALL as exc:
            log.warning("could not reply to message=%s: %s", message.id, exc)

    # -- who is writing ----------------------------------------------------------------------

    async def _participant(self, message: discord.Message) -> Participant:
        author = message.author
        if isinstance(author, discord.Member):
            return self.roles.participant(_facts(author))
        facts = await self._member_facts(author)
        return self.roles.participant(facts or MemberFacts(author.id, author.display_name))

    async def _member_facts(self, user: discord.abc.User) -> MemberFacts | None:
        """Roles of a DM author in the marketplace's server (by REST, cached for a few minutes)."""
        now = time.monotonic()
        cached = self._members.get(user.id)
        if cached is not None and now - cached[0] < self.config.member_cache_seconds:
            return cached[1]
        guild = self.client.get_guild(self.config.guild_id)
        facts: MemberFacts | None = None
        if guild is not None:
            try:
                member = guild.get_member(user.id)
                if member is None:
                    member = await retrying(self.config.delivery, "member lookup",
                                            lambda: guild.fetch_member(user.id), self.outbox.gate)
                facts = _facts(member)
            except discord.NotFound:
                facts = None  # not in the marketplace's server: an ordinary buyer
            except FAILED_CALL as exc:
                log.warning("member lookup failed user=%s: %s", user.id, exc)
                return None  # don't cache a failure
        self._members[user.id] = (now, facts)
        return facts

    def _text_of(self, message: discord.Message) -> str:
        """The words of a customer's message, mentions made readable."""
        me = self.client.user.id if self.client.user else None
        guild = message.guild

        def readable(match: re.Match[str]) -> str:
            kind, ident = match.group(1), int(match.group(2))
            if kind.startswith("@") and kind != "@&":
                if ident == me:
                    return ""
                user = discord.utils.get(message.mentions, id=ident)
                return f"@{user.display_name}" if user else match.group(0)
            if kind == "@&":
                role = guild.get_role(ident) if guild else None
                return f"@{role.name}" if role else match.group(0)
            found = guild.get_channel_or_thread(ident) if guild else None
            return f"#{found.name}" if found else match.group(0)

        # Files are not text: they are kept and carried as attachments (never their expiring CDN links).
        return _MENTION.sub(readable, message.content or "").strip()

    # -- small helpers -----------------------------------------------------------------------

    def _remember(self, message_id: int, known: _Known) -> None:
        self._known[message_id] = known
        self._known.move_to_end(message_id)
        while len(self._known) > KNOWN_MESSAGES:
            self._known.popitem(last=False)

    @asynccontextmanager
    async def _ordered(self, channel_id: int) -> AsyncIterator[None]:
        """Messages of one Discord channel are stored in the order the gateway sent them."""
        lock = self._locks[channel_id]
        async with lock:
            yield
        if not lock.locked() and not lock._waiters:  # type: ignore[attr-defined]
            self._locks.pop(channel_id, None)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _is_dm(message: discord.Message) -> bool:
    return isinstance(message.channel, discord.DMChannel)


def _guild_id(message: discord.Message) -> int | None:
    """The server of a message, also when that server is not (yet) in discord.py's cache."""
    if message.guild is not None:
        return message.guild.id
    return getattr(message.channel, "guild_id", None)


def _facts(member: discord.Member) -> MemberFacts:
    roles = [r for r in member.roles if not r.is_default()]
    return MemberFacts(
        user_id=member.id,
        display_name=member.display_name,
        role_ids=frozenset(r.id for r in roles),
        role_names=frozenset(r.name for r in roles),
    )
