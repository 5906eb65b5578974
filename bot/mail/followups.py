"""Staff replies a signed-in web-chat customer did not see, sent by e-mail: once, together, late
enough that the customer had their chance to see them in the chat (docs/architecture.md#email).

- Who: a web-chat conversation whose customer's signed identity token carried an `email` claim
  (the channel hands the address over at `hello`). An anonymous visitor never gets e-mail: an
  address typed into the chat is never used.
- What counts as seen: a staff reply the web-chat channel wrote to an open socket of the
  conversation (live, or replayed when the widget resumed), on any process. A socket that then
  ended abnormally (no close frame: the heartbeat timed out, the network went) takes back the
  replies written to it in the last heartbeat period and a half; one the browser closed takes
  back those of the last 2 seconds: the customer may never have had them on screen.
- When: `EMAIL_UNSEEN_AFTER` after the oldest reply not seen; every reply not seen by then goes
  in the same e-mail. A durable timer per conversation (`email:due`) fires once across processes;
  while an e-mail is being sent its timer is held `LEASE_SECONDS` ahead, so a crash mid-send
  sends it again after a restart instead of losing it (the Message-ID is the same each time).
- A failed send is tried again with backoff (30 s, doubling, at most 30 minutes between tries,
  `MAX_TRIES` in all); a refusal that cannot change (5xx for the recipient or the message) is
  final. Both are logged with the conversation id and the server's answer, never the password.
- On close, with `EMAIL_TRANSCRIPT_ON_CLOSE`, the whole transcript goes by e-mail once; its staff
  replies are then not e-mailed again.
"""

from __future__ import annotations

import logging
import time
from typing import Literal

from redis.exceptions import RedisError

from bot.brand import Brand
from bot.mail.compose import Letter, compose
from bot.mail.sender import Mailer, MailError
from bot.models import Conversation, Message
from bot.settings import Settings
from bot.store import ConversationNotFound, Store, stream_order
from bot.store.email_records import EmailRecords

log = logging.getLogger(__name__)

CHANNEL = "webchat"  # the only channel whose customers can leave and come back
REPLY, TRANSCRIPT = "reply", "transcript"
LEASE_SECONDS = 180.0  # longer than a send may take (`Mailer`'s whole-send limit)
SETTLE_SECONDS = 2.0  # a reply younger than this may still be on its way to an open socket
RETRY_FIRST = 30.0
RETRY_MAX = 1800.0
MAX_TRIES = 8  # about 1.5 hours of a failing server before an e-mail is given up
Outcome = Literal["sent", "retry", "failed"]


class FollowUps:
    """Decides which staff replies go by e-mail and when, and sends them (one per conversation at a time)."""

    def __init__(
        self,
        store: Store,
        brand: Brand,
        mailer: Mailer,
        *,
        sender: str,
        link: str,
        unseen_after: float,
        transcript_on_close: bool = False,
        poll_seconds: float = 1.0,
    ) -> None:
        self.store = store
        self.brand = brand
        self.mailer = mailer
        self.sender = sender
        self.link = link
        self.unseen_after = unseen_after
        self.transcript_on_close = transcript_on_close
        self.retry_first = RETRY_FIRST
        self.retry_max = RETRY_MAX
        self.max_tries = MAX_TRIES
        self.records = EmailRecords(store.redis, store.keys.prefix)
        self.timers = self.records.timers(self._due, poll_seconds)
        self._errors: dict[str, str] = {}  # why an e-mail was given up, until the event records it

    @classmethod
    def from_settings(cls, settings: Settings, store: Store, brand: Brand) -> FollowUps | None:
        """The follow-ups `SMTP_URL` and the `EMAIL_*` settings ask for; None when e-mail is off."""
        target = settings.smtp
        if target is None or not settings.email_from:
            return None
        return cls(store, brand, Mailer(target), sender=settings.email_from, link=settings.email_link,
                   unseen_after=settings.email_unseen_after,
                   transcript_on_close=settings.email_transcript_on_close)

    async def start(self) -> None:
        """Fire due e-mail timers in the background (every process does; each fires once)."""
        await self.timers.start()
        log.info("e-mail follow-ups on: replies unseen for %.0f s go by e-mail via %s", self.unseen_after,
                 self.mailer.target)

    async def stop(self) -> None:
        """Stop firing; pending e-mails stay in Redis for the next start."""
        await self.timers.stop()

    # -- what the web-chat channel tells us ---------------------------------------------------

    async def address_known(self, conversation_id: str, address: str) -> None:
        """The conversation's customer said hello with a signed token carrying this address."""
        try:
            await self.records.set_address(conversation_id, address)
        except RedisError as exc:  # kept at the next hello (every page view says one)
            log.warning("e-mail address not kept conversation=%s: %s", conversation_id, exc)

    async def reached(self, conversation_id: str, message_id: str, *, reached: bool = True) -> None:
        """A staff reply was written to an open socket of the conversation (or, `reached=False`,
        that socket ended too soon after it for the customer to have seen it)."""
        try:
            await self.records.reached(conversation_id, message_id, 1 if reached else -1)
        except RedisError as exc:  # at worst the reply is e-mailed though the customer had it
            log.warning("delivery receipt lost conversation=%s message=%s: %s", conversation_id, message_id, exc)

    # -- what the core tells us ---------------------------------------------------------------

    async def reply_said(self, conversation: Conversation, message: Message) -> None:
        """A staff reply was stored and sent: e-mail it later unless the customer's chat gets it."""
        if conversation.channel != CHANNEL or not conversation.participant.verified:
            return
        try:
            if await self.records.address(conversation.id) is None:
                return
            await self.records.start_after(conversation.id, _before(message.id))
            await self.records.schedule_once(_name(REPLY, conversation.id), message.ts + self.unseen_after)
        except RedisError as exc:
            log.warning("e-mail follow-up not scheduled conversation=%s: %s", conversation.id, exc)

    async def closed(self, conversation: Conversation) -> None:
        """A person closed the conversation: its transcript goes by e-mail when that is switched on."""
        if not self.transcript_on_close or conversation.channel != CHANNEL or not conversation.participant.verified:
            return
        try:
            if await self.records.address(conversation.id) is None:
                return
            last = await self.store.transcript(conversation.id, last=1)
            if last:
                await self.records.schedule_once(_name(TRANSCRIPT, conversation.id, last[-1].id), time.time())
        except RedisError as exc:
            log.warning("transcript e-mail not scheduled conversation=%s: %s", conversation.id, exc)

    # -- timers -------------------------------------------------------------------------------

    async def _due(self, name: str) -> None:
        kind, _, rest = name.partition("|")
        conversation_id, _, upto = rest.partition("|")
        # Held while it is worked on: if this process dies, the timer fires again after the lease.
        await self.records.schedule(name, time.time() + LEASE_SECONDS)
        try:
            conversation = await self.store.get(conversation_id)
        except ConversationNotFound:
            await self.records.finish(name, conversation_id, None)
            return
        address = await self.records.address(conversation_id)
        if address is None or not conversation.participant.verified:
            await self.records.finish(name, conversation_id, None)
            return
        if kind == REPLY:
            await self._replies(name, conversation, address)
        elif kind == TRANSCRIPT:
            await self._transcript(name, conversation, address, upto)
        else:
            await self.records.finish(name, conversation_id, None)

    async def _replies(self, name: str, conversation: Conversation, address: str) -> None:
        done = await self.records.done(conversation.id)
        staff = [m for m in await self.store.transcript(conversation.id, after=done) if m.author == "human"]
        if not staff:
            await self.records.finish(name, conversation.id, None)
            return
        reached = await self.records.reached_ids(conversation.id, [m.id for m in staff])
        unseen = [m for m in staff if m.id not in reached]
        if unseen:
            ready_at = max(unseen[0].ts + self.unseen_after, unseen[-1].ts + SETTLE_SECONDS)
            if ready_at > time.time():
                await self.records.schedule(name, ready_at)  # the customer still has time to see them
                return
            letter = Letter(address, conversation.id, unseen, conversation.participant.display_name,
                            language=conversation.language)
            outcome = await self._send(name, letter)
            if outcome == "retry":
                return
        await self.records.finish(name, conversation.id, staff[-1].id)
        if unseen:
            await self._record(letter, outcome)
        # A reply stored while this ran was not looked at: it gets its own turn.
        later = [m for m in await self.store.transcript(conversation.id, after=staff[-1].id) if m.author == "human"]
        if later:
            await self.records.schedule_once(name, later[0].ts + self.unseen_after)

    async def _transcript(self, name: str, conversation: Conversation, address: str, upto: str) -> None:
        messages = [m for m in await self.store.transcript(conversation.id)
                    if stream_order(m.id) <= stream_order(upto)]
        staff = [m for m in messages if m.author == "human"]
        letter = Letter(address, conversation.id, messages, conversation.participant.display_name, transcript=True,
                        language=conversation.language)
        outcome = await self._send(name, letter) if messages else "failed"
        if outcome == "retry":
            return
        await self.records.finish(name, conversation.id, staff[-1].id if staff else None)
        if messages:
            await self._record(letter, outcome)

    async def _send(self, name: str, letter: Letter) -> Outcome:
        """Send the letter once; a failure is logged and, unless it is final or the last try,
        the timer is set for the next try."""
        kind = TRANSCRIPT if letter.transcript else REPLY
        try:
            await self.mailer.send(compose(letter, self.brand, self.sender, self.link))
        except MailError as exc:
            tries = await self.records.failed(name)
            if exc.permanent or tries >= self.max_tries:
                log.error("e-mail given up conversation=%s kind=%s tries=%d: %s", letter.conversation_id, kind, tries, exc)
                self._errors[letter.conversation_id] = str(exc)
                return "failed"
            delay = min(self.retry_max, self.retry_first * 2 ** (tries - 1))
            log.warning("e-mail not sent conversation=%s kind=%s try=%d, trying again in %g s: %s",
                        letter.conversation_id, kind, tries, delay, exc)
            await self.records.schedule(name, time.time() + delay)
            return "retry"
        log.info("e-mailed conversation=%s kind=%s messages=%d", letter.conversation_id, kind, len(letter.messages))
        return "sent"

    async def _record(self, letter: Letter, outcome: Outcome) -> None:
        """Staff see in the conversation's history that it was e-mailed, or given up (recorded
        after the timer is finished, so that a failure here cannot send it twice)."""
        data: dict[str, object] = {"kind": TRANSCRIPT if letter.transcript else REPLY, "messages": len(letter.messages)}
        if outcome == "failed":
            data["error"] = self._errors.pop(letter.conversation_id, "")
        try:
            await self.store.record_event(letter.conversation_id, "emailed" if outcome == "sent" else "email_failed",
                                          data=data)
        except RedisError as exc:
            log.warning("e-mail event not recorded conversation=%s: %s", letter.conversation_id, exc)


def _name(kind: str, conversation_id: str, upto: str = "") -> str:
    return f"{kind}|{conversation_id}|{upto}" if upto else f"{kind}|{conversation_id}"


def _before(message_id: str) -> str:
    """The message id just before `message_id` (stream ids `ms-seq`), for an exclusive range."""
    ms, _, seq = message_id.partition("-")
    return f"{ms}-{int(seq) - 1}" if int(seq) > 0 else f"{int(ms) - 1}-18446744073709551615"
