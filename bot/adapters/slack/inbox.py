"""The Slack shared inbox: handed-off conversations become cards with their transcript in a
thread; staff replies, notes and buttons come back to the router (bolt-python, async).

HTTP mode mounts `POST /slack/events` and `POST /slack/actions` on the bot's aiohttp server
(bolt verifies every signature and timestamp); Socket Mode is used when SLACK_APP_TOKEN is set.
The inbox decides nothing: it renders what the core tells it, and hands every staff action to the
core (`bot.staff.StaffActions`), showing the staff member the outcome when it was refused.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.blocks import (
    ACTION_CLAIM,
    ACTION_CLOSE,
    ACTION_NOT_ESCALATION,
    ACTION_PASS,
    CardView,
    card_blocks,
    card_text,
    conversation_of,
    escape,
    file_lines,
    format_mention,
    is_handle,
    render_message,
    slack_to_plain,
    transcript_posts,
)
from bot.adapters.slack.files import UPLOAD_OP, SlackFiles, StaffFileRefused, upload_job
from bot.adapters.slack.saved_replies import SavedReplyShortcut
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
from bot.files.setup import files_from_settings
from bot.models import Attachment, Conversation, Decision, Message, StaffMember
from bot.practice import ping_for
from bot.replies import RepliesError, SavedReplies
from bot.settings import Settings
from bot.staff import MAIN_INBOX, SENT, StaffActions, reminder_text, reply_refused, tagged_text
from bot.store import Store
from bot.store.outbox import Job, PermanentJobError
from bot.store.slack_cards import Card

log = logging.getLogger(__name__)

NAME_TTL = 3600
SLACK_TIMEOUT = 15  # seconds per Web API call
RETRYABLE_STATUS = {429, 500, 502, 503, 504}
POST_KIND = "baton_post"  # the metadata event type that marks our posts with their job id
ALERTS = "alerts"
STAFF_GROUP_TTL = 60.0  # seconds SLACK_STAFF_GROUP's members are cached
USER_GROUPS_TTL = 600.0  # seconds the workspace's user group handles are cached
NOT_THE_CARD = ("That button is not on this conversation's current card (it was passed on, or the click "
                "came from elsewhere): nothing was done. Use the latest card.")
NOT_STAFF = "Only members of the support team's Slack group can act on handoffs: nothing was done."
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{8,}$")


def _not_the_token_notice(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN from the environment itself and warns, at every start, that the
    # client we give it wins over it: true and expected, so not worth an operator's attention.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


_BOLT_LOG = logging.getLogger("bot.slack.bolt")
_BOLT_LOG.addFilter(_not_the_token_notice)


class SlackInboxError(InboxError):
    """The Slack inbox cannot run with these settings; the message names the variable."""


def make_client(settings: Settings) -> AsyncWebClient:
    """The Slack Web API client: SLACK_API_URL, and retries for 429 (Retry-After), 5xx and resets."""
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=SLACK_TIMEOUT,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=3),
            AsyncRateLimitErrorRetryHandler(max_retry_count=6),
            AsyncServerErrorRetryHandler(max_retry_count=3),
        ],
    )


class SlackInbox:
    """Implements `bot.contracts.Inbox` on Slack; staff actions go to `staff` (the core)."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        staff: StaffActions,
        *,
        bot_name: str = "Assistant",
        marketplace: str = "the marketplace",
        routes: Mapping[str, str] | None = None,
        note_prefix: str | None = None,
        client: AsyncWebClient | None = None,
        files: Files | None = None,
    ) -> None:
        if not settings.slack_bot_token:
            raise SlackInboxError("SLACK_BOT_TOKEN: required for the Slack inbox")
        if not settings.slack_inbox_channel:
            raise SlackInboxError("SLACK_INBOX_CHANNEL: required for the Slack inbox")
        if not settings.slack_signing_secret and not settings.slack_app_token:
            raise SlackInboxError("SLACK_SIGNING_SECRET: required unless SLACK_APP_TOKEN selects Socket Mode")
        note_prefix = note_prefix if note_prefix is not None else settings.slack_note_prefix
        if not note_prefix or not note_prefix.strip():
            raise SlackInboxError("SLACK_NOTE_PREFIX: must not be empty")
        try:
            replies = SavedReplies(settings.replies_path, order_numbers=settings.order_numbers)
        except RepliesError as exc:
            raise SlackInboxError(f"BOT_REPLIES: {exc}") from None
        self.settings = settings
        self.store = store
        self.inbox_channel: str = settings.slack_inbox_channel
        self.routes_map = dict(routes if routes is not None else settings.slack_routes)
        self.note_prefix = note_prefix.strip().lower()
        self.cards = store.slack_cards()
        self.client = client or make_client(settings)
        self.outbox = store.outbox("slack", self._run, is_transient=_slack_transient)
        # Customers' files into threads, staff's files out of them (`files`: the process's
        # file service; without one, start() builds it from the settings).
        self.thread_files = SlackFiles(self.client, self.cards, files, api_url=settings.slack_api_url,
                                       is_transient=_slack_transient)
        self._own_files = files is None
        self.app = AsyncApp(
            name="baton",
            client=self.client,
            signing_secret=settings.slack_signing_secret or "",
            request_verification_enabled=bool(settings.slack_signing_secret),
            # Listeners finish before Slack gets its 200: a failed relay is answered 500 and
            # Slack's retry (same event_id, let through again) redoes it instead of losing it.
            process_before_response=True,
            logger=_BOLT_LOG,
        )
        self.conversations = staff
        self.bot_name = bot_name
        self._staff_members: tuple[float, frozenset[str]] | None = None
        self._groups: tuple[float, dict[str, str]] | None = None  # user group handle -> id
        self._unknown_handles: set[str] = set()
        self._socket: Any = None
        self._own_session = False
        self.saved_replies = SavedReplyShortcut(self, replies, marketplace)  # the message shortcut
        self._register()

    # -- wiring --------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        """Mount the Events API and interactivity endpoints (HTTP mode, when a signing secret is set)."""
        if not self.settings.slack_signing_secret:
            return
        app.router.add_post("/slack/events", self._http)
        app.router.add_post("/slack/actions", self._http)

    async def start(self) -> None:
        """Start the outbox and, when SLACK_APP_TOKEN is set, connect in Socket Mode."""
        if self.client.session is None:
            # One HTTP session for every Web API call: without it slack_sdk opens (and, on
            # slack.com, TLS-handshakes) a new connection per call.
            self.client.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=SLACK_TIMEOUT))
            self._own_session = True
        if self.thread_files.files is None:
            self.thread_files.files = await files_from_settings(self.settings, self.store)
        await self.outbox.start()
        for mention in self.conversations.mentions():
            await self.mention_text(mention)  # an unknown handle is reported now, not at the first handoff
        if self.settings.slack_app_token and self._socket is None:
            from slack_bolt.adapter.socket_mode.async_handler import (
                AsyncSocketModeHandler,
            )

            self._socket = AsyncSocketModeHandler(self.app, self.settings.slack_app_token)
            await self._socket.connect_async()
            log.info("slack: connected in Socket Mode")

    async def stop(self) -> None:
        """Finish queued posts (a few seconds at most; the rest stay in Redis), disconnect."""
        await self.outbox.stop()
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._own_session and self.client.session is not None:
            await self.client.session.close()
            self.client.session = None
            self._own_session = False
        if self._own_files and self.thread_files.files is not None:
            await self.thread_files.files.close()
            self.thread_files.files = None

    # -- the Inbox protocol --------------------------------------------------------------

    async def open(
        self, conversation: Conversation, transcript: Sequence[Message], decision: Decision
    ) -> str | None:
        """Queue the handoff card in the route's channel and the whole transcript in its thread."""
        route = decision.route or conversation.route or MAIN_INBOX
        last = transcript[-1].id if transcript else "-"
        await self._queue_card(
            conversation,
            once=f"open:{conversation.id}:{last}",  # a handoff finished again after a crash
            route=route,
            reasons=[str(r) for r in decision.reasons],
            mention=decision.mention,
            acknowledge_within=decision.acknowledge_within,
            transcript=transcript,
            summary=[decision.summary.wants, decision.summary.told] if decision.summary else [],
            due_at=decision.due_at,
        )
        return f"{self.channel_for(route)}:queued"  # the card's own ref replaces it once posted

    async def update(self, conversation: Conversation, change: Change) -> None:
        """Show what changed: a message in the thread, a refreshed card, a reminder, a new card
        in another route's channel after a pass."""
        if isinstance(change, MessageAdded):
            message = change.message
            jobs = _thread_jobs(conversation.id, [(render_message(message, self.bot_name), message.attachments)])
            await self.outbox.put(conversation.id, *jobs, once=f"mirror:{conversation.id}:{message.id}")
            return
        if isinstance(change, Noted):
            return  # staff wrote it in the thread (the built-in page's notes are not mirrored here)
        card = await self.cards.get(conversation.id)
        if card is None:
            return
        if isinstance(change, Passed):
            await self._requeue(conversation, card, change)
            return
        if card.superseded_at:
            return  # the next card is queued; it shows the state as it is when posted
        if isinstance(change, Reminder):
            card = await self.cards.change(conversation.id, breaches=change.stage) or card
            ping = await self.mention_text(ping_for(conversation.channel, card.mention))
            await self._post_in_thread(card, _reminder_text(ping, change))
        elif isinstance(change, MarkedNotEscalation):
            card = await self.cards.change(conversation.id, false_positive_by=change.by) or card
        elif isinstance(change, Tagged):
            await self._post_in_thread(card, ":label: " + escape(tagged_text(change.tags, change.reasons)))
        elif isinstance(change, Reopened):
            await self._post_in_thread(card, f":leftwards_arrow_with_hook: {escape(change.by)} replied after "
                                             "the conversation was closed: it is theirs again, and the AI is quiet.")
        elif not isinstance(change, Claimed):
            return
        if isinstance(change, Reminder) and change.escalate_to:
            return  # the pass that follows re-posts the card
        await self._refresh(conversation, card)

    async def close(self, conversation: Conversation, closed: Closed) -> None:
        """Show the card as closed (the AI answers again)."""
        card = await self.cards.get(conversation.id)
        if card is not None and not card.superseded_at:
            await self._refresh(conversation, card, closed_by=closed.by)

    def routes(self) -> list[str]:
        """SLACK_ROUTES' names: routes staff may pass to beyond the rules' own."""
        return list(self.routes_map)

    async def notify(self, text: str) -> None:
        """Post an operational problem in the main inbox channel."""
        log.error("staff alert: %s", text)
        body = f":warning: *Baton needs attention*\n```{escape(text)}```"
        await self.outbox.put(ALERTS, {"op": "post", "channel": self.inbox_channel, "text": body[:3000]})

    async def all_clear(self, about: str, text: str) -> None:
        """Say in the main inbox channel that an earlier alert no longer holds."""
        log.info("staff alert cleared: %s", text)
        await self.outbox.put(ALERTS, {"op": "post", "channel": self.inbox_channel,
                                       "text": f":white_check_mark: {escape(text)}"[:3000]})

    # -- routes --------------------------------------------------------------------------

    def channel_for(self, route: str | None) -> str:
        """The Slack channel of a route: SLACK_ROUTES mapping, a channel id used as a route, or the main inbox."""
        if not route or route == MAIN_INBOX:
            return self.inbox_channel
        if route in self.routes_map:
            return self.routes_map[route]
        if CHANNEL_ID.match(route):
            return route
        return self.inbox_channel

    # -- posting -------------------------------------------------------------------------

    async def _queue_card(
        self,
        conversation: Conversation,
        *,
        route: str,
        reasons: list[str],
        mention: str | None,
        acknowledge_within: float | None,
        transcript: Sequence[Message],
        passed: str | None = None,
        notes: Sequence[str] = (),
        once: str | None = None,
        summary: Sequence[str] = (),
        due_at: float | None = None,
    ) -> None:
        """Queue a new card for the conversation, then its transcript (and notes) in its thread."""
        card_job: Job = {
            "op": "card", "conversation": conversation.id, "route": route, "reasons": reasons,
            "mention": mention, "acknowledge_within": acknowledge_within, "passed": passed,
            "at": time.time(), "summary": list(summary), "due_at": due_at,
        }
        rendered: list[tuple[str, Sequence[Attachment]]] = [
            (render_message(m, self.bot_name), m.attachments) for m in transcript]
        if notes:
            rendered.append(("*Internal notes so far*\n" + "\n".join(f":memo: {escape(n)}" for n in notes), ()))
        await self.outbox.put(conversation.id, card_job, *_thread_jobs(conversation.id, rendered), once=once)

    async def _post_in_thread(self, card: Card, text: str) -> None:
        await self.outbox.put(card.conversation_id, {
            "op": "post", "channel": card.channel, "thread_ts": card.ts, "text": text,
        })

    async def _refresh(self, conversation: Conversation, card: Card, *, closed_by: str | None = None,
                       superseded_by: str | None = None) -> None:
        view = self._view(conversation, card, closed_by=closed_by, superseded_by=superseded_by)
        await self.outbox.put(card.conversation_id, {
            "op": "update", "channel": card.channel, "ts": card.ts,
            "text": card_text(view), "blocks": card_blocks(view),
        })

    # -- sending (run by the outbox, in order per conversation) ---------------------------

    async def _run(self, job: Job, resumed: bool) -> None:
        """Send one outbox job to Slack; `resumed` when an earlier try may have reached Slack."""
        if job["op"] == "card":
            await self._send_card(job, resumed)
        elif job["op"] == "update":
            await self.client.chat_update(channel=job["channel"], ts=job["ts"], text=job["text"],
                                          blocks=job["blocks"])
        elif job["op"] == "post":
            channel, thread_ts = job.get("channel", ""), job.get("thread_ts")
            if job.get("current"):
                card = await self.cards.get(job["conversation"])
                if card is None:
                    raise PermanentJobError("the conversation has no card")
                channel, thread_ts = card.channel, card.ts
            if resumed and await self._posted(job["id"], channel, thread_ts):
                return
            await self.client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, text=job["text"], unfurl_links=False,
                unfurl_media=False, metadata=_metadata(job),
            )
        elif job["op"] == UPLOAD_OP:  # a kept file (a customer's photo, say) into the current card's thread
            card = await self.cards.get(job["conversation"])
            if card is None:
                raise PermanentJobError("the conversation has no card")
            await self.thread_files.upload(job, card.channel, card.ts, resumed=resumed, metadata=_metadata(job))
        else:
            raise PermanentJobError(f"unknown job {job['op']!r}")

    async def _send_card(self, job: Job, resumed: bool) -> None:
        conversation = await self.store.get(job["conversation"])
        previous = await self.cards.get(conversation.id)
        opened_at = float(job["at"])
        acknowledge_within = job.get("acknowledge_within")
        card = Card(
            conversation_id=conversation.id,
            channel=self.channel_for(job["route"]),
            ts="",
            route=job["route"],
            generation=(previous.generation + 1) if previous else 1,
            reasons=list(job.get("reasons") or []),
            mention=job.get("mention"),
            acknowledge_within=acknowledge_within,
            opened_at=opened_at,
            # The core's due time counts only office hours; plain minutes for older jobs.
            due_at=job.get("due_at") or (opened_at + acknowledge_within * 60 if acknowledge_within else None),
            passed=job.get("passed"),
            summary=list(job.get("summary") or []),
        )
        ts = await self._posted(job["id"], card.channel, None) if resumed else None
        if ts and previous is not None and previous.ts == ts:
            return  # posted and saved before the crash; only the pop was missing
        if ts is None:
            view = self._view(conversation, card, closed_by=await self._closed_by(conversation))
            view.mention = await self.mention_text(ping_for(conversation.channel, card.mention))
            response = await self.client.chat_postMessage(
                channel=card.channel, text=card_text(view), blocks=card_blocks(view),
                unfurl_links=False, unfurl_media=False, metadata=_metadata(job),
            )
            ts = str(response["ts"])
        card.ts = ts
        await self.cards.save(card)
        await self.store.set_inbox_ref(conversation.id, card.ref)
        log.info("slack: card conversation=%s channel=%s ts=%s", conversation.id, card.channel, card.ts)

    async def _posted(self, job_id: str, channel: str, thread_ts: str | None) -> str | None:
        """The ts of our post of this job if Slack has it (looked up by metadata), else None."""
        if thread_ts:
            response = await self.client.conversations_replies(
                channel=channel, ts=thread_ts, include_all_metadata=True, limit=200)
        else:
            response = await self.client.conversations_history(
                channel=channel, include_all_metadata=True, limit=200)
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == POST_KIND and \
                    (metadata.get("event_payload") or {}).get("job") == job_id:
                log.info("slack: job %s had reached Slack before a restart; not posted again", job_id)
                return str(message["ts"])
        return None

    def _view(self, conversation: Conversation, card: Card, *, closed_by: str | None = None,
              superseded_by: str | None = None) -> CardView:
        return CardView(
            conversation=conversation,
            route_label=card.route or MAIN_INBOX,
            reasons=card.reasons,
            due_at=card.due_at,
            pass_routes=self.conversations.pass_routes(card.route),
            closed_by=closed_by,
            passed=card.passed,
            superseded_by=superseded_by,
            false_positive_by=card.false_positive_by,
            breaches=card.breaches,
            summary=tuple(card.summary),
        )

    async def _closed_by(self, conversation: Conversation) -> str | None:
        """Who closed a conversation that is back with the AI (for a card posted after that)."""
        if conversation.state != "bot":
            return None
        closed = [e for e in await self.store.events(conversation.id) if e["kind"] == "closed"]
        return closed[-1]["actor"] if closed else None

    async def _requeue(self, conversation: Conversation, old: Card, passed: Passed) -> None:
        route, actor, note = passed.route, passed.by or "someone", passed.note
        await self.cards.change(conversation.id, superseded_at=time.time())
        await self._refresh(conversation, old, superseded_by=route)
        said = f":arrow_right: {escape(actor)} passed this to *{escape(route)}*" + (f": {escape(note)}" if note else "")
        await self._post_in_thread(old, said)
        await self._queue_card(
            conversation,
            route=route,
            reasons=old.reasons,
            mention=passed.mention,
            acknowledge_within=passed.acknowledge_within,
            transcript=await self.store.transcript(conversation.id),
            passed=f"from {old.route or MAIN_INBOX} by {actor}" + (f": {note}" if note else ""),
            notes=passed.notes,
            summary=old.summary,
            due_at=passed.due_at,
        )

    # -- incoming from Slack -------------------------------------------------------------

    def _register(self) -> None:
        self.app.middleware(self._dedupe)
        self.app.event("message")(self._on_message)
        self.app.action(ACTION_CLAIM)(self._on_claim)
        self.app.action(ACTION_CLOSE)(self._on_close)
        self.app.action(ACTION_PASS)(self._on_pass)
        self.app.action(ACTION_NOT_ESCALATION)(self._on_not_escalation)
        self.saved_replies.register(self.app)

    async def _http(self, request: web.Request) -> web.Response:
        return await to_aiohttp_response(await self.app.async_dispatch(await to_bolt_request(request)))

    async def _dedupe(self, body: dict[str, Any], next: Any) -> BoltResponse | None:
        """Skip Events API deliveries already handled: Slack's retries carry the same event_id.

        An event is marked handled only after it was (a crash before that lets Slack's retry
        through, and the relay itself is idempotent per Slack message).
        """
        event_id = body.get("event_id")
        if event_id and await self.cards.was_handled(str(event_id)):
            log.info("slack: duplicate delivery of event %s ignored", event_id)
            return BoltResponse(status=200, body="")
        await next()
        return None

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
        if not _is_staff_reply(event, context.get("bot_user_id")):
            return
        conversation_id = await self.cards.conversation_for(event["channel"], event["thread_ts"])
        if conversation_id is None:
            return
        await self._relay(conversation_id, event)
        if body.get("event_id"):
            await self.cards.mark_handled(str(body["event_id"]))

    async def _relay(self, conversation_id: str, event: dict[str, Any]) -> None:
        if not await self.is_staff(event["user"]):
            log.warning("slack: not relayed: %s is not in SLACK_STAFF_GROUP conversation=%s", event["user"],
                        conversation_id)
            await self._tell(event["channel"], event["user"], f"Not sent to the customer. {NOT_STAFF}")
            return
        staff = await self.staff_member(event["user"])
        raw = (event.get("text") or "").strip()
        if raw.lower().startswith(self.note_prefix):
            text = await slack_to_plain(raw[len(self.note_prefix):], self.staff_name)
            files = file_lines(event.get("files") or [])
            await self.conversations.note(conversation_id, staff, "\n".join([text, *files]).strip())
            log.info("slack: note conversation=%s by %s", conversation_id, staff.id)
            return
        text = await slack_to_plain(raw, self.staff_name)
        shared = list(event.get("files") or [])
        if not text and not shared:
            return
        inbound_id = f"slack:{event['channel']}:{event['ts']}"
        attachments: list[Attachment] = []
        if shared:
            if await self.store.seen_inbound(conversation_id, inbound_id):
                return  # relayed before (a redelivered event): its files are not fetched again
            try:
                attachments = await self.thread_files.keep_shared(shared, conversation_id=conversation_id,
                                                                  sent_by=staff.id)
            except StaffFileRefused as exc:
                log.info("slack: staff reply with files not relayed conversation=%s by %s: %s",
                         conversation_id, staff.id, exc)
                await self._tell(event["channel"], event["user"], reply_refused(str(exc)).text)
                return
        outcome = await self.conversations.reply(conversation_id, staff, text, inbound_id=inbound_id,
                                                 attachments=attachments)
        log.info("slack: staff reply conversation=%s by %s relayed=%s files=%s", conversation_id, staff.id,
                 outcome.ok, len(attachments))
        if not outcome.ok or outcome.text != SENT:
            await self._tell(event["channel"], event["user"], outcome.text)

    async def _on_claim(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        await self._staff_action(body, action, self.conversations.claim)

    async def _on_close(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        await self._staff_action(body, action, self.conversations.close)

    async def _on_pass(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        route = str((action.get("selected_option") or {}).get("value") or "")

        async def pass_on(conversation_id: str, staff: StaffMember) -> StaffOutcome:
            # The note for the next team: the latest `note:` written in this card's thread.
            card = await self.cards.get(conversation_id)
            since = card.opened_at if card else 0.0
            notes = [e for e in await self.store.events(conversation_id)
                     if e["kind"] == "note" and float(e["ts"]) > since]
            note = notes[-1]["data"].get("text", "") if notes else ""
            return await self.conversations.pass_to(conversation_id, staff, route, note)

        await self._staff_action(body, action, pass_on)

    async def _on_not_escalation(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        await self._staff_action(body, action, self.conversations.mark_not_escalation, confirm=True)

    async def _staff_action(
        self, body: dict[str, Any], action: dict[str, Any],
        do: Callable[[str, StaffMember], Awaitable[StaffOutcome]], *, confirm: bool = False,
    ) -> None:
        """Hand an authorised click to the core; show the staff member the outcome when it was
        refused (or always, with `confirm`: the card changes too little to show it)."""
        who = await self._authorised(body, action)
        if who is None:
            return
        outcome = await do(*who)
        if confirm or not outcome.ok:
            await self._ephemeral(body, outcome.text)

    async def _authorised(self, body: dict[str, Any], action: dict[str, Any]) -> tuple[str, StaffMember] | None:
        """The conversation and staff member of a button click, or None when it must not count:
        a replay of a click already handled, a click that is not on the conversation's current
        card (another channel, an old card), or one by someone outside SLACK_STAFF_GROUP."""
        user = str((body.get("user") or {}).get("id") or "")
        click = str(body.get("trigger_id") or f"{user}:{action.get('action_ts')}")
        if not await self.cards.first_action(click):
            log.warning("slack: a click already handled was received again (replay?) user=%s", user)
            return None
        conversation_id = conversation_of(str(action.get("block_id") or "")) or str(action.get("value") or "")
        card = await self.cards.get(conversation_id)
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
        message_ts = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts")
        if card is None or (channel, message_ts) != (card.channel, card.ts) or card.superseded_at:
            log.warning("slack: refused a click on conversation=%s from %s/%s, not its current card",
                        conversation_id, channel, message_ts)
            await self._ephemeral(body, NOT_THE_CARD)
            return None
        if not await self.is_staff(user):
            log.warning("slack: refused a click by %s, not in SLACK_STAFF_GROUP", user)
            await self._ephemeral(body, NOT_STAFF)
            return None
        return conversation_id, await self.staff_member(user)

    async def mention_text(self, mention: str | None) -> str:
        """A rules `mention` as Slack text that pings: ids as they are, a user group's handle
        ("@payments-oncall") resolved with usergroups.list. An unknown handle is said once, in
        the log and the alerts, and shown as plain text."""
        if not is_handle(mention):
            return format_mention(mention)
        groups = await self._user_groups()
        handle = (mention or "").strip().lstrip("@!").lower()
        if handle not in groups and handle not in self._unknown_handles and self._groups is not None:
            self._unknown_handles.add(handle)
            await self.notify(f"config/rules.yaml: mention {mention!r} is not the handle of any Slack user group "
                              "(usergroups.list); it is shown as plain text and pings nobody")
        return format_mention(mention, groups)

    async def _user_groups(self) -> dict[str, str]:
        now = time.monotonic()
        if self._groups is None or now - self._groups[0] > USER_GROUPS_TTL:
            try:
                response = await self.client.usergroups_list()
                found = {str(g["handle"]).lower(): str(g["id"])
                         for g in response.get("usergroups") or [] if g.get("handle") and g.get("id")}
                self._groups = (now, found)
            except (SlackApiError, aiohttp.ClientError) as exc:
                log.warning("slack: usergroups.list failed, user group handles in rules will not ping: %s", exc)
                return self._groups[1] if self._groups else {}
        return self._groups[1]

    async def is_staff(self, user_id: str) -> bool:
        """Whether a Slack user may act on handoffs: anyone in the inbox's channels, or only the
        members of SLACK_STAFF_GROUP when it is set (usergroups.users.list, cached a minute)."""
        group = self.settings.slack_staff_group
        if not group:
            return True
        now = time.monotonic()
        if self._staff_members is None or now - self._staff_members[0] > STAFF_GROUP_TTL:
            try:
                response = await self.client.usergroups_users_list(usergroup=group)
                self._staff_members = (now, frozenset(response.get("users") or ()))
            except (SlackApiError, aiohttp.ClientError) as exc:
                log.warning("slack: usergroups.users.list %s failed: %s", group, exc)
                if self._staff_members is None:
                    return False  # closed by default: nobody acts until membership can be read
        return user_id in self._staff_members[1]

    async def _ephemeral(self, body: dict[str, Any], text: str) -> None:
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
        await self._tell(channel, body["user"]["id"], text)

    async def _tell(self, channel: str, user: str, text: str) -> None:
        """A message only this staff member sees (the outcome of an action the core refused)."""
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, text=text)
        except (SlackApiError, aiohttp.ClientError) as exc:
            log.warning("slack: ephemeral message failed: %s", exc)

    async def staff_member(self, user_id: str) -> StaffMember:
        """The staff member behind a Slack user: the user id is who they are (two people may share
        a display name), the display name is what customers see."""
        return StaffMember(f"slack:{user_id}", await self.staff_name(user_id))

    async def staff_name(self, user_id: str) -> str:
        """A staff member's display name (users.info, cached in Redis for an hour); the id if unknown."""
        cached = await self.cards.staff_name(user_id)
        if cached:
            return cached
        try:
            response = await self.client.users_info(user=user_id)
        except (SlackApiError, aiohttp.ClientError) as exc:
            log.warning("slack: users.info %s failed: %s", user_id, exc)
            return user_id
        user = response["user"]
        profile = user.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
                or user.get("name") or user_id)
        await self.cards.remember_staff_name(user_id, str(name), NAME_TTL)
        return str(name)


def _is_staff_reply(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A person's new message in a thread: not an edit or deletion, not from a bot, not the root."""
    if event.get("subtype") not in (None, "file_share", "thread_broadcast"):
        return False
    if event.get("bot_id") or event.get("hidden"):
        return False
    user = event.get("user")
    if not user or user == bot_user_id:
        return False
    thread_ts = event.get("thread_ts")
    return bool(thread_ts) and thread_ts != event.get("ts") and bool(event.get("channel"))


def _reminder_text(mention: str, reminder: Reminder) -> str:
    """The thread post of a missed SLA, mentioning the route's team (`mention`: Slack text)."""
    said = escape(reminder_text(reminder.waited_minutes, reminder.escalate_to))
    if reminder.escalate_to:  # the route in bold, as on the card
        target = escape(reminder.escalate_to)
        said = said.replace(f"escalating to {target}.", f"escalating to *{target}*.")
    emoji = ":rotating_light:" if reminder.escalate_to else ":alarm_clock:"
    return f"{mention} {emoji} {said}".strip()


def _slack_transient(error: BaseException) -> bool:
    """Failures worth another try: rate limits, Slack's own errors, the network."""
    if isinstance(error, SlackApiError):
        return error.response.status_code in RETRYABLE_STATUS
    return isinstance(error, (aiohttp.ClientError, TimeoutError))


def _in_current_thread(conversation_id: str, text: str) -> Job:
    """A post for the thread of whatever card the conversation has when it is sent."""
    return {"op": "post", "current": True, "conversation": conversation_id, "text": text}


def _thread_jobs(conversation_id: str, rendered: Sequence[tuple[str, Sequence[Attachment]]]) -> list[Job]:
    """Thread posts for rendered transcript lines, packed into as few as fit; the files of a line
    are uploaded right after the post that names them, so each sits next to its message."""
    jobs: list[Job] = []
    pending: list[str] = []
    for text, attachments in rendered:
        pending.append(text)
        if attachments:
            jobs += [_in_current_thread(conversation_id, post) for post in transcript_posts(pending)]
            jobs += [upload_job(conversation_id, attachment) for attachment in attachments]
            pending = []
    if pending:
        jobs += [_in_current_thread(conversation_id, post) for post in transcript_posts(pending)]
    return jobs


def _metadata(job: Job) -> dict[str, Any]:
    """Slack message metadata that lets a restarted process find out whether a job was posted."""
    return {"event_type": POST_KIND, "event_payload": {"job": job["id"]}}
