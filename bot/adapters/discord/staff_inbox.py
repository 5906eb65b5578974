"""The Discord staff inbox: staff who live in Discord get each handed-off conversation (web chat or
Discord alike) as a card with its own thread in a staff-only channel (`staff_channel` in
config/discord.yaml).

- **The card** (a message with an embed, the thread started from it): the two-line summary, who,
  tags and why they fired, queue, status, reply due; buttons Claim, Close, Not an escalation and a
  Pass to… menu. It is edited on every change (claimed, passed, closed, SLA reminders).
- **The thread**: the transcript so far, then every later customer message and notice, with the
  customer's photos and PDFs uploaded from Baton's own copy; a staff member's message there is a
  reply relayed to the customer (✅) with its files (downloaded and kept first), or, starting with
  `staff_note_prefix`, an internal note that stays in the thread (📝); refused ones say why (⛔).
- **Who**: only members with one of `staff_roles` may act; anyone else is refused (ephemerally for
  a press, in the thread for a message).

The inbox decides nothing: every action goes to the core (`bot.staff.StaffActions`), and it shows
what the core tells it (`bot.contracts.Inbox`). Everything it posts goes through a durable outbox
in Redis (`discord-staff:outbox*`, worked like the Discord channel's: `retrying`, a nonce per
part, parts confirmed posted recorded in `discord:sent:*`), so a restart loses and doubles nothing.
Any process with `DISCORD_TOKEN` posts (REST only); the gateway connection (`python -m bot` or
`python -m bot discord`) brings the presses and the thread messages (`attach`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import discord
from aiohttp import web

from bot.adapters.discord.config import (
    DiscordConfig,
    DiscordConfigError,
    load_discord_config,
)
from bot.adapters.discord.files import (
    NOTHING,
    DiscordFiles,
    DownloadFailed,
    Received,
    staff_refusal,
)
from bot.adapters.discord.outbox import (
    FAILED_CALL,
    RateGate,
    is_transient,
    nonce,
    retrying,
)
from bot.adapters.discord.split import split_message
from bot.adapters.discord.staff_cards import (
    CLAIM_ID,
    CLOSE_ID,
    NOT_ESCALATION_ID,
    PASS_ID,
    CardView,
    card_buttons,
    card_embed,
    practice_label,
    role_ping,
    thread_name,
    transcript_line,
    transcript_posts,
)
from bot.adapters.discord.uploads import (
    as_uploads,
    attach_field,
    attach_of,
    copies,
    plan,
    size_text,
    too_large,
    upload_limit,
)
from bot.brand import Brand
from bot.contracts import (
    Change,
    Claimed,
    Closed,
    InboxError,
    MarkedNotEscalation,
    MessageAdded,
    Noted,
    Passed,
    Reminder,
    Reopened,
    StaffOutcome,
    Tagged,
)
from bot.files import Files
from bot.models import Attachment, Conversation, Decision, Message, StaffMember
from bot.practice import ping_for
from bot.settings import Settings
from bot.staff import MAIN_INBOX, SENT, StaffActions, reminder_text, tagged_text
from bot.store import Store
from bot.store.discord_staff_cards import StaffCard
from bot.store.outbox import Job, PermanentJobError

if TYPE_CHECKING:
    from bot.adapters.discord.channel import DiscordChannel

log = logging.getLogger(__name__)

SERVICE = "discord-staff"  # the outbox's namespace: `discord-staff:outbox*`
ALERTS = "alerts"
THREAD_ALREADY_EXISTS = 160004
RELAYED, NOTED, REFUSED = "✅", "📝", "⛔"
NOT_STAFF = "Only members with a staff role can act on handoffs: nothing was done."
NOT_STAFF_REPLY = "Not sent to the customer: only members with a staff role can reply to handoffs."
NOT_THE_CARD = ("That is not this conversation's current card (it was handed off again since): nothing was "
                "done. Use the latest card.")
FAILED = "Sorry, that did not work: nothing was done. Please try again in a minute."
NOT_DOWNLOADED = ("Not sent: Discord did not let me download your files just now, so nothing reached the "
                  "customer. Please send the message again.")
_STAFF_TYPES = (discord.MessageType.default, discord.MessageType.reply)


class DiscordInboxError(InboxError):
    """The Discord staff inbox cannot run with these settings; the message names the setting."""


def discord_staff_inbox(settings: Settings, store: Store, staff: StaffActions, brand: Brand,
                        files: Files | None = None) -> DiscordInbox | None:
    """The Discord staff inbox when `staff_channel` is set in DISCORD_CONFIG (with DISCORD_TOKEN),
    else None. With Slack configured too it refuses to start: one staff inbox at a time. `files`:
    where customers' files are read from for staff, and staff's files are kept."""
    if not settings.discord_token:
        return None
    try:
        config = load_discord_config(settings.discord_config_path)
    except DiscordConfigError as exc:
        raise DiscordInboxError(f"DISCORD_CONFIG: {exc}") from exc
    if config.staff_channel is None:
        return None
    if settings.slack_enabled:
        raise DiscordInboxError(
            f"DISCORD_CONFIG: {settings.discord_config_path}: staff_channel is set, but SLACK_BOT_TOKEN already "
            "puts the staff inbox in Slack; keep one staff inbox (remove staff_channel, or unset SLACK_BOT_TOKEN)")
    return DiscordInbox(settings, store, staff, brand, config, files=files)


def is_staff(user: discord.abc.User, staff_roles: Sequence[int | str]) -> bool:
    """Whether a server member has one of `staff_roles` (ids or exact names)."""
    return bool(staff_roles) and isinstance(user, discord.Member) and any(
        r.id in staff_roles or r.name in staff_roles for r in user.roles)


def staff_member(user: discord.abc.User) -> StaffMember:
    """The staff member behind a Discord user: the user id is who they are, the display name what
    customers see (the same id `/close` uses)."""
    return StaffMember(f"discord:{user.id}", user.display_name)


class DiscordInbox:
    """Implements `bot.contracts.Inbox` in a Discord staff channel; staff actions go to `staff` (the core)."""

    def __init__(self, settings: Settings, store: Store, staff: StaffActions, brand: Brand,
                 config: DiscordConfig, *, client: discord.Client | None = None, files: Files | None = None) -> None:
        if config.staff_channel is None:
            raise DiscordInboxError("DISCORD_CONFIG: staff_channel: required for the Discord staff inbox")
        self.settings = settings
        self.store = store
        self.conversations = staff
        self.brand = brand
        self.config = config
        self.staff_channel: int = config.staff_channel
        self.note_prefix = config.staff_note_prefix.lower()
        self.cards = store.discord_staff_cards()
        # REST only: every process may post (a web process hands off a web-chat customer too).
        self.client = client or discord.Client(intents=discord.Intents.none(),
                                               allowed_mentions=discord.AllowedMentions.none())
        self.gate = RateGate()
        self.sent = store.sent_parts("discord")
        self.outbox = store.outbox(SERVICE, self._run, is_transient=is_transient, on_give_up=self._gave_up,
                                   attempts=1, scan_seconds=2.0)
        self._logged_in = False
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)  # per staff thread
        # Photos and PDFs: customers' uploaded into the threads, staff's kept and relayed.
        self.files = files
        self.downloads = DiscordFiles(files, config.delivery, self.gate) if files is not None else None

    # -- wiring --------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        """Nothing to mount: presses and replies come over Discord's gateway (`attach`)."""

    async def start(self) -> None:
        """Log in to Discord's REST API (the gateway is the Discord channel's), start posting."""
        if not self._logged_in:
            try:
                await self.client.login(self.settings.discord_token or "")
            except discord.LoginFailure as exc:
                raise DiscordInboxError(f"DISCORD_TOKEN: {exc}") from exc
            self._logged_in = True
        await self.outbox.start()

    async def stop(self) -> None:
        """Finish queued posts (a few seconds at most; the rest stay in Redis), log out."""
        await self.outbox.stop()
        await self.client.close()
        self._logged_in = False

    def attach(self, channel: DiscordChannel) -> None:
        """Take the staff's presses and thread messages from the Discord channel's gateway client:
        one persistent view for every card's components, and the staff threads' messages."""
        view = discord.ui.View(timeout=None)
        for custom_id, label in ((CLAIM_ID, "Claim"), (CLOSE_ID, "Close"), (NOT_ESCALATION_ID, "Not an escalation")):
            button: discord.ui.Button[discord.ui.View] = discord.ui.Button(label=label, custom_id=custom_id)
            button.callback = self._pressed(custom_id)  # type: ignore[method-assign, assignment]
            view.add_item(button)
        menu: discord.ui.Select[discord.ui.View] = discord.ui.Select(custom_id=PASS_ID, options=[discord.SelectOption(label=MAIN_INBOX)])
        menu.callback = self._pressed(PASS_ID)  # type: ignore[method-assign, assignment]
        view.add_item(menu)
        channel.client.add_view(view)
        channel.staff_inbox = self

    # -- the Inbox protocol --------------------------------------------------------------

    async def open(self, conversation: Conversation, transcript: Sequence[Message], decision: Decision) -> str | None:
        """Queue the card in the staff channel, then the whole transcript in its thread."""
        route = decision.route or conversation.route or MAIN_INBOX
        last = transcript[-1].id if transcript else "-"
        card: Job = {
            "op": "card", "conversation": conversation.id, "route": route,
            "reasons": [str(r) for r in decision.reasons], "mention": decision.mention,
            "summary": [decision.summary.wants, decision.summary.told] if decision.summary else [],
            "due_at": decision.due_at, "at": time.time(),
        }
        posts: list[Job] = []
        lines: list[str] = []
        for message in transcript:  # packed into few posts; a message's files go right after its line
            lines.append(self._line(message))
            if message.attachments:
                posts += _thread_posts(conversation.id, lines, message.attachments)
                lines = []
        posts += _thread_posts(conversation.id, lines, ())
        await self.outbox.put(conversation.id, card, *posts, once=f"open:{conversation.id}:{last}")
        return f"{self.staff_channel}:queued"  # the card's own ref replaces it once posted

    async def update(self, conversation: Conversation, change: Change) -> None:
        """Show what changed: a message in the thread, the card edited, a reminder or a pass said
        in the thread (pinging the route's role when the rules name one)."""
        if isinstance(change, MessageAdded):
            posts = _thread_posts(conversation.id, [self._line(change.message)], change.message.attachments)
            await self.outbox.put(conversation.id, *posts, once=f"mirror:{conversation.id}:{change.message.id}")
            return
        if isinstance(change, Noted):
            return  # written in the thread, where it stays
        # The card may still be queued: the jobs below run after it, and it is drawn when they run.
        card = await self.cards.get(conversation.id)
        if isinstance(change, Claimed):
            await self.cards.change(conversation.id, closed_by=None)
        elif isinstance(change, Reopened):
            await self.cards.change(conversation.id, closed_by=None)
            await self._say(conversation.id, f"↩️ {_plain(change.by)} replied after the conversation was closed: "
                                             "it is theirs again, and the AI is quiet.")
        elif isinstance(change, MarkedNotEscalation):
            await self.cards.change(conversation.id, false_positive_by=change.by)
        elif isinstance(change, Tagged):
            await self._say(conversation.id, "🏷️ " + _plain(tagged_text(change.tags, change.reasons)))
        elif isinstance(change, Passed):
            passed = f"from {card.route if card else MAIN_INBOX} by {change.by}" + (
                f": {change.note}" if change.note else "")
            await self.cards.change(conversation.id, route=change.route, passed=passed, due_at=change.due_at,
                                    breaches=0, mention=change.mention)
            said = f"➡️ {_plain(change.by)} passed this to **{_plain(change.route)}**" + (
                f": {_plain(change.note)}" if change.note else "")
            await self._say(conversation.id, said, mention=ping_for(conversation.channel, change.mention))
        elif isinstance(change, Reminder):
            await self.cards.change(conversation.id, breaches=change.stage)
            emoji = "🚨" if change.escalate_to else "⏰"
            await self._say(conversation.id, f"{emoji} {reminder_text(change.waited_minutes, change.escalate_to)}",
                            mention=ping_for(conversation.channel, card.mention if card else None))
            if change.escalate_to:
                return  # the pass that follows edits the card
        await self._edit(conversation.id)

    async def close(self, conversation: Conversation, closed: Closed) -> None:
        """Show the card as closed by whom (the AI answers again); its actions go."""
        if await self.cards.change(conversation.id, closed_by=closed.by) is not None:
            await self._edit(conversation.id)

    async def notify(self, text: str) -> None:
        """Post an operational problem in the staff channel."""
        log.error("staff alert: %s", text)
        await self._alert(f"⚠️ **Baton needs attention**\n```\n{text.replace('```', '` ` `')}\n```")

    async def all_clear(self, about: str, text: str) -> None:
        """Say in the staff channel that an earlier alert no longer holds."""
        log.info("staff alert cleared: %s", text)
        await self._alert(f"✅ {text}")

    def routes(self) -> list[str]:
        """No routes beyond the rules' own: every route's cards are in the one staff channel."""
        return []

    # -- queueing ------------------------------------------------------------------------

    def _line(self, message: Message) -> str:
        """A transcript message as its thread shows it; a file too large for Discord is named."""
        line = transcript_line(message, self.brand.bot_name)
        for attachment in too_large(message.attachments, upload_limit(None)):
            line += (f"\n📎 {_plain(attachment.name)} ({size_text(attachment.size)}) is too large to upload to "
                     "Discord; Baton keeps it with the conversation.")
        return line

    async def _say(self, conversation_id: str, text: str, *, mention: str | None = None) -> None:
        ping, role = role_ping(mention)
        parts = split_message(f"{ping} {text}".strip())
        await self.outbox.put(conversation_id, {**_in_thread(conversation_id, ""), "parts": parts, "role": role})

    async def _edit(self, conversation_id: str) -> None:
        await self.outbox.put(conversation_id, {"op": "edit", "conversation": conversation_id})

    async def _alert(self, text: str) -> None:
        await self.outbox.put(ALERTS, {"op": "send", "parts": split_message(text), "channel": self.staff_channel})

    async def _answer_in_thread(self, conversation_id: str, message: discord.Message, text: str | None,
                                reaction: str) -> None:
        """Reply to a staff member's thread message (when there is something to say), then mark it."""
        jobs: list[Job] = []
        if text:
            jobs.append({"op": "send", "parts": split_message(text), "channel": message.channel.id,
                         "reply_to": message.id})
        jobs.append({"op": "react", "channel": message.channel.id, "message": message.id, "emoji": reaction})
        await self.outbox.put(conversation_id, *jobs)

    # -- sending (run by the outbox, in order per conversation) ---------------------------

    async def _run(self, job: Job, resumed: bool) -> None:
        op = job.get("op")
        if op == "card":
            await self._post_card(job)
        elif op == "edit":
            await self._edit_card(job["conversation"])
        elif op == "send":
            await self._send(job)
        elif op == "react":
            channel_id, message_id, emoji = int(job["channel"]), int(job["message"]), str(job["emoji"])
            await retrying(self.config.delivery, "reaction", lambda: self.client.http.add_reaction(
                channel_id, message_id, emoji), self.gate, channel_id)
        else:
            raise PermanentJobError(f"unknown job {op!r}")

    async def _post_card(self, job: Job) -> None:
        conversation = await self.store.get(job["conversation"])
        previous = await self.cards.get(conversation.id)
        card = StaffCard(
            conversation_id=conversation.id, channel_id=self.staff_channel, message_id=0, route=job["route"],
            generation=(previous.generation + 1) if previous else 1, reasons=list(job.get("reasons") or []),
            summary=list(job.get("summary") or []), mention=job.get("mention"), opened_at=float(job["at"]),
            due_at=job.get("due_at"),
        )
        seed = f"staff-card:{job['id']}"
        posted = (await self.sent.confirmed(seed)).get(0)
        if posted is None:  # a card posted before a crash is found by its nonce, never posted twice
            view = self._view(conversation, card)
            ping, role = role_ping(ping_for(conversation.channel, card.mention))
            customer = _plain(conversation.participant.display_name or "a customer")
            content = f"{ping} {practice_label(conversation)}New handoff from {customer}"
            mentions = discord.AllowedMentions(everyone=False, users=False,
                                               roles=[discord.Object(role)] if role else False)
            channel = self.client.get_partial_messageable(self.staff_channel)
            buttons = card_buttons(view)
            extra: dict[str, Any] = {"view": buttons} if buttons else {}
            message = await retrying(self.config.delivery, "card", lambda: channel.send(
                content.strip(), embed=card_embed(view),
                nonce=nonce(seed, 0), allowed_mentions=mentions, **extra), self.gate, self.staff_channel)
            posted = str(message.id)
            await self.sent.confirm(seed, 0, posted)
        card.message_id = int(posted)
        # Saved before its thread is opened: the buttons work even if the thread cannot be.
        await self.cards.save(card)
        await self.store.set_inbox_ref(conversation.id, card.ref)
        try:
            await retrying(self.config.delivery, "card thread", lambda: self.client.http.start_thread_with_message(
                self.staff_channel, card.message_id, name=thread_name(conversation),
                auto_archive_duration=self.config.thread.auto_archive_minutes), self.gate, self.staff_channel)
        except discord.HTTPException as exc:
            if exc.code != THREAD_ALREADY_EXISTS:
                raise
        log.info("discord staff: card conversation=%s thread=%s", conversation.id, card.message_id)

    async def _edit_card(self, conversation_id: str) -> None:
        card = await self.cards.get(conversation_id)
        if card is None:
            raise PermanentJobError("the conversation has no card")
        view = self._view(await self.store.get(conversation_id), card)
        message = self.client.get_partial_messageable(card.channel_id).get_partial_message(card.message_id)
        await retrying(self.config.delivery, "card edit", lambda: message.edit(
            embed=card_embed(view), view=card_buttons(view)), self.gate, card.channel_id)

    async def _send(self, job: Job) -> None:
        """Post the parts of a message (in the conversation's current thread, a given channel, or
        as a reply to a staff member's message), each exactly once."""
        if job.get("current"):
            card = await self.cards.get(job["conversation"])
            if card is None:
                raise PermanentJobError("the conversation has no card")
            channel_id = card.message_id
        else:
            channel_id = int(job["channel"])
        channel = self.client.get_partial_messageable(channel_id)
        role = job.get("role")
        reference = None
        mentions = discord.AllowedMentions.none()
        if role:
            mentions = discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(int(role))])
        if job.get("reply_to"):  # the staff member whose message this answers is notified
            reference = discord.MessageReference(message_id=int(job["reply_to"]), channel_id=channel_id,
                                                 fail_if_not_exists=False)
            mentions = discord.AllowedMentions(everyone=False, roles=False, users=False, replied_user=True)
        seed = f"staff:{job['id']}"
        done = await self.sent.confirmed(seed)
        for index, part in enumerate(job["parts"]):
            if index in done:
                continue
            extra: dict[str, Any] = {"reference": reference} if reference is not None and index == 0 else {}
            read = await copies(self.files, attach_of(job.get("attach"), index))  # the customer's files
            if not part and not read:
                continue  # a post of files no longer kept: nothing left to post

            async def post(part: str = part, index: int = index, extra: dict[str, Any] = extra,
                           read: list[tuple[str, bytes]] = read) -> discord.Message:
                uploads: dict[str, Any] = {"files": as_uploads(read)} if read else {}  # new Files each try
                return await channel.send(part or None, nonce=nonce(seed, index), allowed_mentions=mentions,
                                          **extra, **uploads)

            message = await retrying(self.config.delivery, "staff post", post, self.gate, channel_id)
            await self.sent.confirm(seed, index, str(message.id))

    def _view(self, conversation: Conversation, card: StaffCard) -> CardView:
        return CardView(conversation, card, self.conversations.pass_routes(card.route))

    async def _gave_up(self, queue: str, job: Job, error: BaseException) -> None:
        log.error("discord staff: %s for %s refused for good (%s); check the bot's permissions in the staff "
                  "channel (docs/discord.md#staff-in-discord)", job.get("op"), queue, error)

    # -- incoming from Discord (through the channel's gateway client) -----------------------

    async def on_staff_message(self, message: discord.Message) -> bool:
        """A message in the staff channel or one of its card threads: handled here (True), never as
        a customer's. A staff member's message in a card's thread is relayed or kept as a note."""
        channel = message.channel
        guild_id = message.guild.id if message.guild is not None else getattr(channel, "guild_id", None)
        if guild_id != self.config.guild_id:
            return False  # a DM, or another server
        if channel.id == self.staff_channel:
            return True  # talk among staff next to the cards
        if not isinstance(channel, (discord.Thread, discord.PartialMessageable)):
            return False  # another channel of the server (a support channel)
        parent = getattr(channel, "parent_id", None)
        if parent is not None and parent != self.staff_channel:
            return False  # a thread of another channel (a support thread)
        # Taken before anything yields: each gateway event is its own task, and a thread's
        # messages must reach the customer in the order staff wrote them.
        async with self._ordered(channel.id):
            conversation_id = await self.cards.conversation_for(channel.id)
            if conversation_id is None:
                return parent == self.staff_channel
            author = message.author
            if author.bot or author.system or message.webhook_id is not None or message.type not in _STAFF_TYPES:
                return True  # our own posts, other bots, "thread created" notices
            try:
                await self._relay(conversation_id, message)
            except Exception:
                log.exception("discord staff: relaying message=%s conversation=%s failed", message.id,
                              conversation_id)
                await self._answer_in_thread(conversation_id, message, FAILED, REFUSED)
            return True

    @asynccontextmanager
    async def _ordered(self, thread_id: int) -> AsyncIterator[None]:
        lock = self._locks[thread_id]
        async with lock:
            yield
        if not lock.locked() and not lock._waiters:  # type: ignore[attr-defined]
            self._locks.pop(thread_id, None)

    async def _relay(self, conversation_id: str, message: discord.Message) -> None:
        if not is_staff(message.author, self.config.staff_roles):
            log.warning("discord staff: not relayed: user=%s has no staff role conversation=%s",
                        message.author.id, conversation_id)
            await self._answer_in_thread(conversation_id, message, NOT_STAFF_REPLY, REFUSED)
            return
        staff = staff_member(message.author)
        text = _plain_text(message)
        if text.lower().startswith(self.note_prefix):
            note = text[len(self.note_prefix):].strip()
            if note:
                await self.conversations.note(conversation_id, staff, note)
                log.info("discord staff: note conversation=%s by %s", conversation_id, staff.id)
            await self._answer_in_thread(conversation_id, message, None, NOTED)
            return
        if not text and not message.attachments:
            return
        try:
            received = await self._received(message)
        except DownloadFailed:
            await self._answer_in_thread(conversation_id, message, NOT_DOWNLOADED, REFUSED)
            return
        refused = staff_refusal(received.refused)
        if not text and not received.files:
            await self._answer_in_thread(conversation_id, message, refused or None, REFUSED)
            return
        attachments: tuple[Attachment, ...] = ()
        if received.files and self.downloads is not None:
            attachments = await self.downloads.keep(received, conversation_id=conversation_id, sent_by=staff.id)
        outcome = await self.conversations.reply(conversation_id, staff, text, inbound_id=f"discord:{message.id}",
                                                 attachments=attachments)
        log.info("discord staff: reply conversation=%s by %s files=%d relayed=%s", conversation_id, staff.id,
                 len(attachments), outcome.ok)
        said = None if outcome.ok and outcome.text == SENT else outcome.text
        if outcome.ok and refused:  # the rest went; say which files did not
            said = "\n".join(t for t in (said, refused) if t)
        await self._answer_in_thread(conversation_id, message, said, RELAYED if outcome.ok else REFUSED)

    async def _received(self, message: discord.Message) -> Received:
        """A staff message's files, downloaded and checked: Discord's links to them expire, so
        they are copied into Baton's storage before the reply goes (DownloadFailed: none could be)."""
        if not message.attachments:
            return NOTHING
        if self.downloads is None:
            log.warning("discord staff: message=%s has files but this process keeps none", message.id)
            return NOTHING
        return await self.downloads.receive(message.attachments)

    def _pressed(self, custom_id: str) -> Callable[[discord.Interaction], Awaitable[None]]:
        async def pressed(interaction: discord.Interaction) -> None:
            # Within Discord's 3 seconds; only the presser sees the outcome that follows.
            await interaction.response.defer(ephemeral=True, thinking=True)
            try:
                text = await self._act(interaction, custom_id)
            except Exception:
                log.exception("discord staff: %s failed interaction=%s", custom_id, interaction.id)
                text = FAILED
            try:
                await interaction.followup.send(text, ephemeral=True)
            except FAILED_CALL as exc:
                log.warning("discord staff: could not tell user=%s the outcome: %s", interaction.user.id, exc)

        return pressed

    async def _act(self, interaction: discord.Interaction, custom_id: str) -> str:
        """Hand an authorised press to the core; the outcome text for the presser."""
        pressed = interaction.message
        conversation_id = await self.cards.conversation_for(pressed.id) if pressed is not None else None
        card = await self.cards.get(conversation_id) if conversation_id else None
        if card is None or pressed is None or card.message_id != pressed.id:
            log.warning("discord staff: refused a press on message=%s, not a current card",
                        pressed.id if pressed else None)
            return NOT_THE_CARD
        if not is_staff(interaction.user, self.config.staff_roles):
            log.warning("discord staff: refused a press by user=%s, no staff role", interaction.user.id)
            return NOT_STAFF
        staff = staff_member(interaction.user)
        outcome: StaffOutcome
        if custom_id == CLAIM_ID:
            outcome = await self.conversations.claim(card.conversation_id, staff)
        elif custom_id == CLOSE_ID:
            outcome = await self.conversations.close(card.conversation_id, staff)
        elif custom_id == NOT_ESCALATION_ID:
            outcome = await self.conversations.mark_not_escalation(card.conversation_id, staff)
        else:
            values: list[Any] = dict(interaction.data or {}).get("values") or [""]  # type: ignore[assignment]
            outcome = await self.conversations.pass_to(card.conversation_id, staff, str(values[0]),
                                                       await self._latest_note(card))
        log.info("discord staff: %s conversation=%s by %s ok=%s", custom_id, card.conversation_id, staff.id,
                 outcome.ok)
        return outcome.text

    async def _latest_note(self, card: StaffCard) -> str:
        """The note for the next team: the latest note written since this card was posted."""
        notes = [e for e in await self.store.events(card.conversation_id)
                 if e["kind"] == "note" and float(e["ts"]) > card.opened_at]
        return str(notes[-1]["data"].get("text", "")) if notes else ""


def _in_thread(conversation_id: str, text: str) -> Job:
    """A post for the thread of whatever card the conversation has when it is sent."""
    return {"op": "send", "current": True, "conversation": conversation_id, "parts": split_message(text)}


def _thread_posts(conversation_id: str, lines: Sequence[str], attachments: Sequence[Attachment]) -> list[Job]:
    """Posts for the conversation's current thread: the transcript lines packed into as few as fit,
    then the files (uploaded from Baton's copy, at most 10 per post, within Discord's upload limit)
    on the last of them and in posts of their own after it."""
    posts = [_in_thread(conversation_id, text) for text in transcript_posts(lines)] if lines else []
    if attachments:
        last = posts[-1] if posts else _in_thread(conversation_id, "")
        parts, attach = plan(last["parts"], attachments, upload_limit(None))
        last["parts"], last["attach"] = parts, attach_field(attach)
        if not posts:
            posts.append(last)
    return posts


def _plain(text: str) -> str:
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _plain_text(message: discord.Message) -> str:
    """A staff message as the customer reads it: mentions as names (its files go as files, never
    as Discord's expiring links)."""
    return message.clean_content.strip()

