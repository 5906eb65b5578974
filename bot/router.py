"""The one flow of a message, for every channel: record, rules, brain, rules, reply or hand off.

Channels hand every customer message to `receive` (store it, then answer it in the background,
with retries); staff actions from either inbox come back here too (`bot.staff.StaffActions`),
under one policy (bot/staff.py). docs/architecture.md#message-path.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from redis.exceptions import RedisError

from bot import staff as policy
from bot.auto_close import AutoClosePolicy, AutoCloser
from bot.brain.base import Brain
from bot.brain.llm_context import answering
from bot.brand import Brand
from bot.contracts import (
    Change,
    Channel,
    Claimed,
    Closed,
    Inbox,
    MarkedNotEscalation,
    MessageAdded,
    Noted,
    Passed,
    Reminder,
    Reopened,
    StaffOutcome,
    Tagged,
)
from bot.decide import decide
from bot.delivery import Delivery
from bot.escalation.base import Escalation, RuleInput
from bot.files.records import attachments_field
from bot.hours import OfficeHours
from bot.language import settles_language
from bot.metrics import Metrics
from bot.models import (
    Attachment,
    Conversation,
    Decision,
    HandoffSummary,
    Inbound,
    Message,
    Participant,
    Reason,
    StaffMember,
)
from bot.ratings import Ratings
from bot.staff import Routes, SlaTimer
from bot.store import (
    ConversationNotFound,
    RateLimit,
    RateLimited,
    Snapshot,
    Store,
    stream_order,
)
from bot.summary import summarise
from bot.tasks import stop_task

if TYPE_CHECKING:
    from bot.mail.followups import FollowUps

log = logging.getLogger(__name__)

HISTORY_TURNS = 12
LOCK_SECONDS = 15  # renewed while held; a crashed holder's lock frees itself this soon
LOCK_RENEW_SECONDS = 5
LOCK_POLL_SECONDS = 0.02  # how often a waiting process tries a held conversation lock again
UNANSWERED_AFTER = 15.0  # a message still unanswered this long is taken over (its process died)
RECOVER_EVERY = 2.0
MAX_FAILURES = 4  # a message whose answering keeps failing is given up after this many takeovers
ANSWER_FAILED = "answer-failed"  # the tag of a conversation handed to staff because answering failed
RESPOND_ATTEMPTS = 10  # about 10 s of Redis outage ridden out before the takeover loop's turn


@dataclass(frozen=True, slots=True)
class Accepted:
    """A customer message once stored: its conversation, the stored message, and if it was new."""

    conversation: Conversation
    message: Message
    is_new: bool
    sensitive: tuple[str, ...] = ()


class NotTheirs(Exception):
    """A customer tried to resume a conversation that belongs to another verified account."""


class Conversations:
    """Decides what happens to every message and every staff action; the only place that does."""

    def __init__(
        self,
        store: Store,
        brain: Brain,
        escalation: Escalation,
        brand: Brand,
        metrics: Metrics | None = None,
        *,
        unanswered_after: float = UNANSWERED_AFTER,
        sla_poll_seconds: float = 1.0,
        hours: OfficeHours | None = None,
        auto_close: AutoClosePolicy | None = None,
    ) -> None:
        self.metrics = metrics or Metrics()
        self.hours = hours  # None: a person can answer at any time
        self.unanswered_after = unanswered_after
        self.store = store
        self.brain = brain
        self.escalation = escalation
        self.inbox: Inbox = _NoInbox()
        self.brand = brand
        self.delivery = Delivery(store)
        self.sla = store.sla_timers(self._sla_due, sla_poll_seconds)
        self.followups: FollowUps | None = None  # e-mail for customers who left: register_followups
        self.auto_close = AutoCloser(self, auto_close, sla_poll_seconds)  # None: off
        self.ratings = Ratings(self)  # asked for when a person closes a conversation
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._recovery: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._withdrawn: set[tuple[str, str]] = set()  # taken back before their answer went out
        self._said: set[tuple[str, str]] = set()  # answered, until the store records it (lock release)
        self.metrics.add_probe(self._measure)

    def register_channel(self, channel: Channel) -> None:
        """Deliver this channel's messages from this process (theirs and other processes')."""
        self.delivery.serve(channel)
        self.auto_close.serve(channel.name)  # its conversations' auto-close timers fire here

    def register_followups(self, followups: FollowUps) -> None:
        """E-mail staff replies a signed-in web-chat customer did not see (bot/mail/; SMTP_URL)."""
        self.followups = followups

    def register_inbox(self, inbox: Inbox) -> None:
        """The inbox handed-off conversations go to (built with this router as its staff actions)."""
        self.inbox = inbox

    def routes(self) -> Routes:
        """Where conversations can go now: the live rules' routes and the inbox's own."""
        return Routes(getattr(self.escalation, "rules", None), tuple(self.inbox.routes()))

    def pass_routes(self, current: str | None) -> list[str]:
        """The routes a conversation now in `current` may be passed to (staff policy)."""
        return self.routes().pass_routes(current)

    def mentions(self) -> list[str]:
        """Whom the live rules ask the inbox to ping."""
        return self.routes().mentions()

    async def _measure(self) -> None:
        self.metrics.unanswered.set(await self.store.unanswered_count())
        self.metrics.outbox_depth.labels("discord").set(await self.delivery.depth("discord"))
        pending = getattr(self.inbox, "outbox", None)
        if pending is not None:
            self.metrics.outbox_depth.labels("slack").set(await pending.pending())

    async def start(self) -> None:
        """Start the background work every process shares: SLA reminders, and answering messages
        that a process which died had accepted but not answered."""
        if self._recovery is None:
            self._recovery = asyncio.create_task(self._recover_loop(), name="recover-unanswered")
        await self.sla.start()
        await self.auto_close.start()

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for answers being prepared (graceful shutdown: before the sockets close)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=timeout)

    async def aclose(self) -> None:
        """Stop the background work, let answers in progress finish (a few seconds), stop delivering."""
        await self.sla.stop()
        await self.auto_close.stop()
        await stop_task(self._recovery)
        self._recovery = None
        await self.drain(5.0)
        await self.delivery.close()

    # -- customer side -------------------------------------------------------------------

    async def receive(
        self,
        inbound: Inbound,
        conversation: Conversation | None = None,
        *,
        rate: RateLimit | None = None,
        answer: bool = True,
    ) -> Accepted:
        """The one entry point for a customer message: store it, then answer it in the background.

        Raises RateLimited (over `rate`) and the store's errors: nothing was stored, and the
        channel tells the customer. Once this returns, the message is stored and will be
        answered (by this process, or, if it dies, by another one). With `answer=False` the
        channel calls `answer` (when a Discord thread exists to answer in) or `withdraw` itself.
        """
        accepted = await self.accept(inbound, conversation, rate=rate)
        if answer:
            self.answer(accepted)
        return accepted

    def answer(self, accepted: Accepted) -> None:
        """Answer a stored message in the background (retrying while the store is unreachable).

        Also for a resent message: if a process died before answering it, it is answered now.
        """
        task = asyncio.create_task(self._respond_retrying(accepted))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def delivery_failed(self, conversation_id: str, channel: str, error: BaseException) -> None:
        """Record that a message could not be delivered after every retry (staff see it)."""
        await self.store.record_event(conversation_id, "delivery_failed",
                                      data={"channel": channel, "error": f"{error.__class__.__name__}: {error}"[:300]})

    async def customer_deleted(self, conversation_id: str, platform_id: str, before_answer: bool) -> None:
        """Record that the customer deleted a message (staff see it in the history)."""
        await self.store.record_event(conversation_id, "customer_deleted", actor="customer",
                                      data={"platform_message_id": platform_id, "before_answer": before_answer})

    async def _respond_retrying(self, accepted: Accepted) -> None:
        conversation = accepted.conversation
        try:
            for attempt in range(RESPOND_ATTEMPTS):
                try:
                    await self.respond(accepted)
                    return
                except RedisError as exc:
                    if attempt == RESPOND_ATTEMPTS - 1:
                        raise
                    log.warning("answering conversation=%s waits for the store: %s", conversation.id, exc)
                    await asyncio.sleep(1.0)
        except RedisError:
            # Still stored as unanswered: another round (any process) answers it when Redis is back.
            log.warning("conversation=%s not answered yet: the store is unreachable", conversation.id)
        except Exception as exc:
            log.exception("could not answer conversation=%s", conversation.id)
            try:
                await self._give_up(accepted, exc)
            except Exception:
                log.exception("conversation=%s: could not hand the failed message to staff", conversation.id)

    async def _give_up(self, accepted: Accepted, error: BaseException) -> None:
        """The AI could not answer this message: a person takes it (the customer is told once,
        `failed_message`), and the conversation's later messages are not held up behind it."""
        conversation_id, message = accepted.conversation.id, accepted.message
        async with self._conversation_lock(conversation_id) as held:
            if message.id not in held.snapshot.unanswered:
                return
            conversation = held.snapshot.conversation
            reason = Reason(ANSWER_FAILED, "error", f"the AI could not answer ({error.__class__.__name__})")
            if conversation.state == "bot":
                await self._hand_off(conversation, Decision(
                    tags=[ANSWER_FAILED], handoff=True, reasons=[reason],
                    customer_message=self.brand.localised(conversation.language).failed_message), message)
            else:  # a person has it already: they see the message; the customer still hears
                await self._say(conversation, "system", self.brand.localised(conversation.language).failed_message,
                                inbound_id=f"failed:{message.id}")
            held.answered.append(message.id)

    async def resume(self, conversation_id: str, participant: Participant) -> Conversation:
        """A customer coming back to a conversation (a web-chat session): who may, and who it is.

        A vendor's or known buyer's conversation is only resumed with their own identity
        (NotTheirs otherwise). One started anonymously and resumed signed in becomes theirs (the
        session proves they started it), so rules and staff see who they are.
        """
        conversation = await self.store.get(conversation_id)
        owner = conversation.participant
        if owner.verified and (owner.account_id, owner.role) != (participant.account_id, participant.role):
            raise NotTheirs(conversation_id)
        if not owner.verified and participant.verified:
            await self.store.set_participant(conversation.id, participant)
            await self.store.record_event(conversation.id, "identified", actor="customer",
                                          data={"role": participant.role, "account_id": participant.account_id})
            conversation.participant = participant
        return conversation

    def language_of(self, text: str, participant: Participant, channel: str) -> str:
        """The language `text` is written in, among the bot's, as the rules read it (the default
        language for a text too short to tell)."""
        return self.escalation.language_of(RuleInput(text=text, participant=participant, channel=channel))

    async def accept(
        self, inbound: Inbound, conversation: Conversation | None = None, *, rate: RateLimit | None = None
    ) -> Accepted:
        """Mask and store a customer message (once per inbound id); nothing is decided yet.

        An adapter that already holds the conversation (an open web-chat socket) passes it, and
        the look-up by the channel's reference is skipped. Over its `rate` limit, a new message
        is refused with RateLimited.
        """
        masked, kinds = self.escalation.mask(inbound.text)
        if conversation is None:
            conversation, _ = await self.store.find_or_create(
                inbound.channel, inbound.external_ref, inbound.participant
            )
        if inbound.language and conversation.language is None \
                and await self.store.offer_language(conversation.id, inbound.language):
            # Until the customer writes enough to tell, "hola" is answered in their app's language.
            conversation.language = inbound.language
        extra = {"sensitive": ",".join(kinds)} if kinds else {}
        if inbound.attachments:
            extra["files"] = attachments_field(inbound.attachments)
        appended = await self.store.append(
            conversation.id,
            "customer",
            masked,
            name=inbound.participant.display_name,
            inbound_id=inbound.inbound_id,
            extra=extra or None,
            awaits_answer=True,
            announce=self.delivery.shared(conversation),
            rate=rate,
        )
        if appended.is_new:
            self.metrics.of(inbound.channel).messages_in.labels(inbound.channel).inc()
        return Accepted(conversation, appended.message, appended.is_new, tuple(kinds))

    async def respond(self, accepted: Accepted) -> None:
        """Decide what happens to a stored customer message and do it, exactly once.

        One message at a time per conversation, across processes. A repeated message (a client
        resending after a crash) is dealt with only if nobody has dealt with it yet.
        """
        key = (accepted.conversation.id, accepted.message.id)
        try:
            await self._respond_once(accepted)
        finally:
            self._withdrawn.discard(key)
            self._said.discard(key)

    async def _respond_once(self, accepted: Accepted) -> None:
        conversation_id, message = accepted.conversation.id, accepted.message
        if not accepted.is_new and not await self.store.is_unanswered(conversation_id, message.id):
            return
        async with self._conversation_lock(conversation_id) as held:
            snapshot = held.snapshot
            # Messages before this one that a dead process left go first: answers (and the
            # inbox's copy of the conversation) stay in the order the customer wrote.
            earlier = [m for m in snapshot.unanswered if stream_order(m) < stream_order(message.id)]
            for earlier_id in earlier:
                await self._respond_stored(conversation_id, earlier_id)
            if earlier:
                snapshot = await self.store.snapshot(conversation_id, last=HISTORY_TURNS)
            if message.id not in snapshot.unanswered:
                return  # another process (or an earlier delivery) dealt with it meanwhile
            await self._respond(accepted, snapshot)
            held.answered.append(message.id)  # recorded as the lock is released

    async def _respond_stored(self, conversation_id: str, message_id: str) -> None:
        """Deal with a stored, unanswered customer message (the caller holds the lock)."""
        message = await self.store.message(conversation_id, message_id)
        if message is not None:
            snapshot = await self.store.snapshot(conversation_id, last=HISTORY_TURNS)
            sensitive = await self.store.message_extra(conversation_id, message_id, "sensitive")
            log.info("conversation=%s message=%s answered before a later one", conversation_id, message_id)
            accepted = Accepted(snapshot.conversation, message, False, tuple(filter(None, sensitive.split(","))))
            await self._respond(accepted, snapshot)
        await self.store.answered(conversation_id, message_id)

    async def _respond(self, accepted: Accepted, snapshot: Snapshot) -> None:
        conversation = snapshot.conversation
        message = accepted.message
        if conversation.state == "waiting" and not conversation.inbox_ref:
            # A handoff cut short by a crash: finish it (the card carries the whole transcript).
            await self._finish_handoff(conversation, await self._handoff_decision(conversation), message)
            return
        if conversation.state != "bot":
            await self.inbox.update(conversation, MessageAdded(message))
            await self.auto_close.customer_wrote(conversation)  # the customer answered: the quiet clock stops
            self._tag_later_soon(conversation, accepted, snapshot)
            return
        if message.attachments and not message.text.strip():
            # Only a photo or a file: nothing to answer or judge yet. It is kept, and a person
            # who takes the conversation later sees it in the transcript.
            await self._say(conversation, "bot", self.brand.localised(conversation.language).file_received_message,
                            name=self.brand.bot_name, inbound_id=f"answer:{message.id}")
            return
        rule_input = _rule_input(conversation, accepted, snapshot)
        first = not any(m.author == "customer" for m in rule_input.history)
        answering(conversation.id)  # the brain's log lines name the conversation
        outcome = await decide(
            self.brain, self.escalation, rule_input,
            before_answer=lambda: self.delivery.typing(conversation),
        )
        decision, answer = outcome.decision, outcome.answer
        await self._note_language(conversation, rule_input.language, message.text)
        if (conversation.id, message.id) in self._withdrawn:
            # Taken back (edited or deleted) while it was being decided: nothing follows from it.
            log.info("answer withheld: the question was edited or deleted conversation=%s", conversation.id)
            await self.store.record_event(conversation.id, "answer_withheld", data={"message": message.id})
            return
        if decision.handoff or answer is None:
            await self._hand_off(conversation, decision, message)
            return
        if decision.tags:  # recorded before the answer goes out, so anyone who sees it sees them
            await self._label(conversation, decision)
        text = answer.text or self.brand.localised(conversation.language).no_answer_message
        self._said.add((conversation.id, message.id))
        offers_person = answer.offers_person or not answer.text
        await self._say(conversation, "bot", text, name=self.brand.bot_name, sources=answer.sources,
                        inbound_id=f"answer:{message.id}", extra={"offer": "1"} if offers_person else None)
        counted = self.metrics.of(conversation.channel)  # practice runs are not counted
        counted.answers.labels("yes" if answer.text else "no").inc()
        counted.answer_seconds.observe(max(0.0, time.time() - message.ts))
        if first:
            counted.first_answer_seconds.observe(max(0.0, time.time() - message.ts))

    def _tag_later_soon(self, conversation: Conversation, accepted: Accepted, snapshot: Snapshot) -> None:
        """Read a message written while people hold the conversation with the rules, in the
        background: the conversation's next messages reach the inbox meanwhile."""
        if not accepted.message.text.strip():
            return
        task = asyncio.create_task(self._tag_later(conversation, accepted, snapshot))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _tag_later(self, conversation: Conversation, accepted: Accepted, snapshot: Snapshot) -> None:
        """The AI stays quiet, but the tags a later message fires (a card number, a threat to sue)
        reach the inbox with their reasons. The route stays: whoever holds it decides whether to
        pass it on. Best effort: a crash here loses the tags, never the message."""
        message = accepted.message
        rule_input = _rule_input(conversation, accepted, snapshot)
        try:
            # The notices still to come (the close, the ask for a rating, an e-mail) follow the
            # language the customer writes in while a person has the conversation too.
            rule_input.language = rule_input.language or self.escalation.language_of(rule_input)
            await self._note_language(conversation, rule_input.language, message.text)
            # Without the models: judging meanings costs an embedding per message (about a sixth
            # of the load benchmark's throughput when every held conversation's message paid it).
            decision = await self.escalation.evaluate(rule_input, models=False)
            if not [tag for tag in decision.tags if tag not in conversation.tags]:
                return
            async with self._conversation_lock(conversation.id) as held:
                current = held.snapshot.conversation
                new = [tag for tag in decision.tags if tag not in current.tags]
                if current.state == "bot" or not new:
                    return  # closed meanwhile, or tagged by an earlier run
                reasons = [r for r in decision.reasons if r.tag in new]
                await self._label(current, Decision(tags=new, reasons=reasons), held=True)
                await self.inbox.update(current, Tagged(tuple(new), tuple(str(r) for r in reasons)))
        except Exception:
            log.exception("conversation=%s message=%s: tagging a later message failed", conversation.id, message.id)

    async def _note_language(self, conversation: Conversation, language: str | None, text: str) -> None:
        """Keep the language the customer writes in on the conversation: its notices (handoff,
        no answer, closed, rating) are said in it. A short message never switches it."""
        if not language or language == conversation.language:
            return
        if conversation.language is not None and not settles_language(text):
            return
        await self.store.set_language(conversation.id, language)
        conversation.language = language

    async def withdraw(self, accepted: Accepted) -> bool:
        """The customer took the message back (edited or deleted it): if its answer has not gone
        out, it never will (a withheld answer is recorded). True when it was still unanswered."""
        key = (accepted.conversation.id, accepted.message.id)
        if key in self._said:
            return False
        self._withdrawn.add(key)  # before any await: an answer about to be said checks this
        pending = await self.store.is_unanswered(*key)
        if not pending:
            self._withdrawn.discard(key)
            return False
        await self.store.answered(*key)
        return True

    # -- staff side (bot/staff.py holds the policy and the texts) ------------------------

    async def claim(self, conversation_id: str, staff: StaffMember) -> StaffOutcome:
        """Give the conversation to `staff` if it waits for a person; exactly one claimer wins."""
        result = await self.store.transition(
            conversation_id, from_states=("waiting",), to="human", assignee=staff,
            kind="claimed", actor=staff,
        )
        if not result.ok:
            if result.previous_state == "human" and result.previous_assignee_id == staff.id:
                return StaffOutcome(True, policy.CLAIMED)
            return StaffOutcome(False, policy.held_by(result.previous_assignee or None, result.previous_state))
        conversation = await self.store.get(conversation_id)
        if result.previous_since:
            self.metrics.of(conversation.channel).acknowledge_seconds.observe(
                max(0.0, time.time() - result.previous_since))
        await self._announce(conversation, Claimed(staff.name))
        return StaffOutcome(True, policy.CLAIMED)

    async def reply(
        self, conversation_id: str, staff: StaffMember, text: str, *, inbound_id: str | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> StaffOutcome:
        """Relay a staff reply to the customer: claiming a waiting conversation, reopening a
        closed one, refused when someone else holds it. `inbound_id` (the inbox's id of the
        reply) makes a redelivered reply a no-op. `attachments` are files already kept by the
        file storage (bot/files/); with them the text may be empty."""
        if not text.strip() and not attachments:
            return policy.reply_refused(policy.EMPTY)
        conversation = await self.store.get(conversation_id)
        outcome = StaffOutcome(True, policy.SENT)
        if conversation.state == "human" and conversation.assignee_id != staff.id:
            if inbound_id and await self.store.seen_inbound(conversation_id, inbound_id):
                return outcome  # relayed before (a redelivery), when it was theirs
            return policy.reply_refused(policy.held_by(conversation.assignee, conversation.state))
        if conversation.state == "waiting":
            claimed = await self.claim(conversation_id, staff)
            if not claimed.ok:
                return policy.reply_refused(claimed.text)
            conversation = await self.store.get(conversation_id)
        elif conversation.state == "bot":
            if inbound_id and await self.store.seen_inbound(conversation_id, inbound_id):
                return outcome
            result = await self.store.transition(
                conversation_id, from_states=("bot",), to="human", assignee=staff, kind="reopened", actor=staff,
            )
            if not result.ok:  # someone claimed or reopened it meanwhile: decide again
                return await self.reply(conversation_id, staff, text, inbound_id=inbound_id, attachments=attachments)
            conversation = await self.store.get(conversation_id)
            await self._announce(conversation, Reopened(staff.name))
            outcome = StaffOutcome(True, policy.REOPENED)
        said = await self._say(conversation, "human", text, name=staff.name, mirror=False, inbound_id=inbound_id,
                               extra={"files": attachments_field(attachments)} if attachments else None)
        await self.auto_close.staff_replied(conversation, said)  # the quiet clock starts
        if self.followups is not None:  # e-mailed later if the customer's chat does not get it
            await self.followups.reply_said(conversation, said)
        return outcome

    async def note(self, conversation_id: str, staff: StaffMember, text: str) -> StaffOutcome:
        """Keep an internal staff note; it is never shown to the customer."""
        conversation = await self.store.get(conversation_id)
        await self.store.record_event(conversation_id, "note", actor=staff, data={"text": text})
        await self.inbox.update(conversation, Noted(staff.name, text))
        return StaffOutcome(True, policy.NOTED)

    async def close(self, conversation_id: str, staff: StaffMember) -> StaffOutcome:
        """Return the conversation to the AI and tell the customer."""
        result = await self.store.transition(
            conversation_id, from_states=("waiting", "human"), to="bot", kind="closed", actor=staff,
        )
        if not result.ok:
            return StaffOutcome(False, policy.ALREADY_CLOSED)
        conversation = await self.store.get(conversation_id)
        brand = self.brand.localised(conversation.language)
        await self._say(conversation, "system", brand.handoff_closed_message)
        request = await self.ratings.open(conversation, staff, result)  # a person closed it: ask for a rating
        if request is not None:
            await self._say(conversation, "system", brand.rating_prompt, inbound_id=f"rating:{request}",
                            extra={"rating": request}, mirror=False)  # staff see the rating on the card
        await self.inbox.close(conversation, Closed(staff.name))
        await self.delivery.state_changed(conversation)
        if self.followups is not None:  # the transcript by e-mail, when EMAIL_TRANSCRIPT_ON_CLOSE is on
            await self.followups.closed(conversation)
        return StaffOutcome(True, policy.CLOSED)

    async def close_for_customer(self, conversation_id: str, name: str) -> bool:
        """The customer ended the conversation (Discord's `/close`): like a staff close when a person
        had it (the customer is told `handoff_closed_message`, the inbox shows who closed it), else
        only recorded (`closed` event); True when a person had it."""
        actor = f"{name} (customer)"
        result = await self.store.transition(
            conversation_id, from_states=("waiting", "human"), to="bot", kind="closed", actor=actor,
        )
        if not result.ok:
            await self.store.record_event(conversation_id, "closed", actor=actor, data={"by": "customer"})
            return False
        conversation = await self.store.get(conversation_id)
        await self._say(conversation, "system", self.brand.localised(conversation.language).handoff_closed_message)
        await self.inbox.close(conversation, Closed(actor))
        await self.delivery.state_changed(conversation)
        return True

    async def warn_quiet(self, conversation: Conversation, warning_id: str, text: str) -> None:
        """Auto-close's warning (bot/auto_close.py): tell the customer, once per `warning_id`, that
        the conversation will close; staff see it in the inbox."""
        await self._say(conversation, "system", text, inbound_id=warning_id)

    async def close_quiet(self, conversation_id: str, message_id: str, text: str) -> tuple[Conversation, str] | None:
        """Auto-close (bot/auto_close.py): close a conversation nobody wrote in since staff message
        `message_id`, like a staff close recorded as by `auto-close`, the customer told `text`. Also
        finishes this close when a stopped process left it half done. The closed conversation and
        the close's id, or None when it was not this close's to do (closed by someone else)."""
        close_id = f"auto-close:{message_id}"
        result = await self.store.transition(
            conversation_id, from_states=("waiting", "human"), to="bot", kind="closed",
            actor=policy.AUTO_CLOSE_ACTOR, data={"by": policy.AUTO_CLOSE_ACTOR, "quiet_since": message_id},
        )
        if not result.ok:
            moves = [e for e in await self.store.events(conversation_id)
                     if e["kind"] in ("handoff", "claimed", "reopened", "passed", "closed")]
            if not moves or moves[-1]["kind"] != "closed" or moves[-1]["data"].get("quiet_since") != message_id:
                return None
        conversation = await self.store.get(conversation_id)
        await self._say(conversation, "system", text, inbound_id=close_id)
        await self.inbox.close(conversation, Closed(policy.AUTO_CLOSE_ACTOR))
        await self.delivery.state_changed(conversation)
        return conversation, close_id

    async def pass_to(self, conversation_id: str, staff: StaffMember, route: str, note: str = "") -> StaffOutcome:
        """Re-queue the conversation, unclaimed, in one of the offered routes, with a note."""
        conversation = await self.store.get(conversation_id)
        if route not in self.pass_routes(conversation.route):
            return StaffOutcome(False, policy.PICK_ROUTE)
        if not await self._pass(conversation_id, staff, route, note):
            return StaffOutcome(False, policy.CLOSED_NO_PASS)
        return StaffOutcome(True, policy.passed_to(route))

    async def mark_not_escalation(self, conversation_id: str, staff: StaffMember) -> StaffOutcome:
        """Record that staff judged this handoff unnecessary (feeds the rules report)."""
        conversation = await self.store.get(conversation_id)
        await self.store.record_event(
            conversation_id, "false_positive", actor=staff, tags=conversation.tags
        )
        await self.inbox.update(conversation, MarkedNotEscalation(staff.name))
        return StaffOutcome(True, policy.NOT_ESCALATION)

    async def _pass(self, conversation_id: str, staff: StaffMember | str, route: str, note: str) -> bool:
        """Move the conversation to `route`, unclaimed, and start its SLA clock again there."""
        within = self._last_handoff(await self.store.events(conversation_id)).get("acknowledge_within")
        due_at = self._due(route, time.time(), within)
        result = await self.store.transition(
            conversation_id, from_states=("waiting", "human"), to="waiting", kind="passed",
            actor=staff, route=route, data={"route": route, "note": note, "due_at": due_at},
        )
        if not result.ok:
            return False
        conversation = await self.store.get(conversation_id)
        events = await self.store.events(conversation_id)
        last = self._last_handoff(events)
        notes = tuple(f"{e.get('actor') or 'staff'}: {e['data'].get('text', '')}" for e in events if e["kind"] == "note")
        by = staff.name if isinstance(staff, StaffMember) else staff
        mention = self.routes().mention_for(route, last.get("mention"))
        await self._announce(conversation, Passed(
            by=by, route=route, note=note, mention=mention, acknowledge_within=within, notes=notes,
            due_at=due_at,
        ))
        await self._start_sla(conversation_id, result.at, within, route)
        return True

    # -- SLA reminders (every process polls; each timer fires once) -----------------------

    def _due(self, route: str | None, since: float, minutes: float | None, stage: int = 1) -> float | None:
        """When a wait that began at `since` misses its SLA: `minutes` (per stage) of the route's
        open hours later (of plain time without office hours)."""
        if not minutes:
            return None
        if self.hours is None:
            return since + float(minutes) * 60 * stage
        return self.hours.for_route(route).due(since, float(minutes) * stage)

    async def _start_sla(self, conversation_id: str, since: float, minutes: float | None,
                         route: str | None) -> None:
        due = self._due(route, since, minutes)
        if minutes and due is not None:
            timer = SlaTimer(conversation_id, since, 1, float(minutes))
            await self.sla.schedule(timer.name, due)

    async def _sla_due(self, name: str) -> None:
        timer = SlaTimer.parse(name)
        if timer is None:
            return
        try:
            conversation = await self.store.get(timer.conversation_id)
        except ConversationNotFound:
            return
        if conversation.state != "waiting":
            return  # claimed or closed in time
        waits = [e for e in await self.store.events(timer.conversation_id) if e["kind"] in ("handoff", "passed")]
        if not waits or float(waits[-1]["ts"]) != timer.since:
            return  # it was passed on since: that wait has its own clock
        waited = timer.minutes * timer.stage
        critical = self.routes().critical()
        escalate = timer.stage >= 2 and (conversation.route or policy.MAIN_INBOX) != critical
        await self.store.record_event(timer.conversation_id, "sla_missed", actor=policy.SLA_ACTOR,
                                      data={"stage": timer.stage, "waited_minutes": waited,
                                            "escalate_to": critical if escalate else None})
        await self.inbox.update(conversation, Reminder(timer.stage, waited, critical if escalate else None))
        if escalate:
            await self._pass(timer.conversation_id, policy.SLA_ACTOR, critical,
                             f"unclaimed for {policy.waited_text(waited)}")
        elif timer.stage == 1:
            second = SlaTimer(timer.conversation_id, timer.since, 2, timer.minutes)
            due = self._due(conversation.route, timer.since, timer.minutes, stage=2)
            await self.sla.schedule(second.name, due if due is not None else second.due_at)

    # -- steps ---------------------------------------------------------------------------

    async def _hand_off(self, conversation: Conversation, decision: Decision, message: Message) -> None:
        tags = list(dict.fromkeys([*conversation.tags, *decision.tags]))
        summary = summarise(await self.store.transcript(conversation.id), greeting=self.brand.greeting)
        now = time.time()
        decision = replace(decision, summary=summary,
                           due_at=self._due(decision.route, now, decision.acknowledge_within))
        result = await self.store.transition(
            conversation.id, from_states=("bot",), to="waiting", kind="handoff",
            tags=tags, route=decision.route,
            data={
                "reasons": [r.__str__() for r in decision.reasons],
                "route": decision.route,
                "acknowledge_within": decision.acknowledge_within,
                "customer_message": decision.customer_message,
                "mention": decision.mention,
                "summary": summary.to_dict(),
                "due_at": decision.due_at,
            },
        )
        if not result.ok:
            return
        log.info("handoff conversation=%s tags=%s", conversation.id, ",".join(decision.tags))
        for tag in decision.tags:
            self.metrics.of(conversation.channel).handoffs.labels(tag).inc()
            self.metrics.of(conversation.channel).tags.labels(tag).inc()
        await self._finish_handoff(await self.store.get(conversation.id), decision, message)
        await self._start_sla(conversation.id, result.at, decision.acknowledge_within, decision.route)

    async def _finish_handoff(self, conversation: Conversation, decision: Decision, message: Message) -> None:
        """Tell the customer (once) and open the conversation in the inbox."""
        brand = self.brand.localised(conversation.language)
        text = decision.customer_message or brand.handoff(decision.acknowledge_within)
        schedule = self.hours.for_route(decision.route) if self.hours is not None else None
        now = time.time()
        if schedule is not None and not schedule.is_open(now):
            text = brand.after_hours(now, schedule)
        self._said.add((conversation.id, message.id))
        await self._say(conversation, "system", text, inbound_id=f"handoff:{message.id}")
        transcript = await self.store.transcript(conversation.id)
        inbox_ref = await self.inbox.open(conversation, transcript, decision)
        if inbox_ref:
            await self.store.set_inbox_ref(conversation.id, inbox_ref, only_if_unset=True)
        await self.delivery.state_changed(conversation)

    @staticmethod
    def _last_handoff(events: list[dict]) -> dict:
        """The data of the conversation's last handoff event (empty if it has none)."""
        handoffs = [e for e in events if e["kind"] == "handoff"]
        return handoffs[-1]["data"] if handoffs else {}

    async def _handoff_decision(self, conversation: Conversation) -> Decision:
        """The decision of the conversation's last handoff, rebuilt from its event log."""
        data = self._last_handoff(await self.store.events(conversation.id))
        return Decision(
            tags=list(conversation.tags),
            handoff=True,
            reasons=[_reason(str(r)) for r in data.get("reasons", [])],
            route=data.get("route") or conversation.route,
            acknowledge_within=data.get("acknowledge_within"),
            customer_message=data.get("customer_message"),
            mention=data.get("mention"),
            summary=HandoffSummary.from_dict(data.get("summary")),
            due_at=data.get("due_at"),
        )

    async def _label(self, conversation: Conversation, decision: Decision, *, held: bool = False) -> None:
        """Add the decision's tags, with why (`held`: written while people hold the conversation)."""
        for tag in decision.tags:
            self.metrics.of(conversation.channel).tags.labels(tag).inc()
        tags = await self.store.add_tags(conversation.id, decision.tags)
        data: dict[str, object] = {"reasons": [str(r) for r in decision.reasons]}
        if held:
            data["held"] = True
        await self.store.record_event(conversation.id, "tagged", tags=decision.tags, data=data)
        conversation.tags = tags
        await self.delivery.state_changed(conversation)

    async def _say(
        self,
        conversation: Conversation,
        author: str,
        text: str,
        *,
        name: str | None = None,
        sources: list | None = None,
        mirror: bool = True,
        inbound_id: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> Message:
        announcement = self.delivery.announcement(conversation)
        appended = await self.store.append(
            conversation.id, author, text, name=name, sources=sources or (),  # type: ignore[arg-type]
            inbound_id=inbound_id, announce=announcement, extra=extra,
        )
        if not appended.is_new:
            return appended.message  # said before a crash: clients catch up from the transcript
        await self.delivery.send(conversation, appended.message, announced=announcement is not None)
        self.metrics.of(conversation.channel).messages_out.labels(conversation.channel, author).inc()
        # Staff see what the customer is told while the conversation is theirs, and the
        # closing notice; a staff reply is not mirrored back (it came from the inbox).
        in_inbox = conversation.state != "bot" or author == "system"
        if mirror and conversation.inbox_ref and in_inbox:
            await self.inbox.update(conversation, MessageAdded(appended.message))
        return appended.message

    async def _announce(self, conversation: Conversation, change: Change) -> None:
        await self.inbox.update(conversation, change)
        await self.delivery.state_changed(conversation)

    async def _recover_loop(self) -> None:
        """Answer what a dead process accepted but never answered (every process runs this)."""
        while True:
            await asyncio.sleep(min(RECOVER_EVERY, self.unanswered_after))
            try:
                claimed = await self.store.claim_unanswered(self.unanswered_after)
            except RedisError as exc:
                log.warning("could not look for unanswered messages: %s", exc)
                continue
            by_conversation: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
            for conversation_id, message_id, failures in claimed:
                by_conversation[conversation_id].append((message_id, failures))
            await asyncio.gather(*(
                self._recover(conversation_id, sorted(messages, key=lambda m: stream_order(m[0])))
                for conversation_id, messages in by_conversation.items()
            ))

    async def _recover(self, conversation_id: str, messages: list[tuple[str, int]]) -> None:
        if await self.store.is_locked(conversation_id):
            # Someone holds the conversation: a live process being slow, or a dead one whose lock
            # has not lapsed yet. Look again in a moment, without taking anything over.
            await self.store.revisit_unanswered(
                conversation_id, [m for m, _ in messages], due_in=RECOVER_EVERY, older_than=self.unanswered_after)
            return
        for message_id, failures in messages:
            try:
                message = await self.store.message(conversation_id, message_id)
                if message is None:
                    await self.store.answered(conversation_id, message_id)
                    continue
                conversation = await self.store.get(conversation_id)
                if failures >= MAX_FAILURES:
                    log.error("conversation=%s message=%s could not be answered after %s attempts; "
                              "handing it to staff", conversation_id, message_id, failures)
                    await self._give_up(Accepted(conversation, message, False),
                                        RuntimeError(f"{failures} takeovers failed"))
                    continue
                sensitive = await self.store.message_extra(conversation_id, message_id, "sensitive")
                log.info("conversation=%s message=%s taken over unanswered", conversation_id, message_id)
                await self.respond(Accepted(conversation, message, False, tuple(filter(None, sensitive.split(",")))))
            except ConversationNotFound:
                await self.store.answered(conversation_id, message_id)
            except Exception:
                log.exception("conversation=%s message=%s: taking over failed", conversation_id, message_id)
                with contextlib.suppress(RedisError):
                    await self.store.takeover_failed(conversation_id, message_id)
                return  # the rest of this conversation waits, in order, for the next round

    @asynccontextmanager
    async def _conversation_lock(self, conversation_id: str) -> AsyncIterator[Held]:
        """One answer at a time per conversation: in this process, then across processes.

        Yields the conversation as read just after the lock was taken; the customer messages
        the holder lists in `answered` are marked done in the same step that releases it.
        """
        local = self._locks[conversation_id]
        async with local:
            token = uuid.uuid4().hex
            ttl_ms = LOCK_SECONDS * 1000
            deadline = time.monotonic() + LOCK_SECONDS + 1
            snapshot = await self.store.lock(conversation_id, token, ttl_ms, last=HISTORY_TURNS)
            while snapshot is None:
                if time.monotonic() > deadline:
                    log.warning("conversation=%s stayed locked %ss; answering anyway", conversation_id, LOCK_SECONDS)
                    snapshot = await self.store.snapshot(conversation_id, last=HISTORY_TURNS)
                    break
                await asyncio.sleep(LOCK_POLL_SECONDS)
                snapshot = await self.store.lock(conversation_id, token, ttl_ms, last=HISTORY_TURNS)
            held = Held(snapshot)
            renewer = asyncio.create_task(self._keep_lock(conversation_id, token, ttl_ms))
            try:
                yield held
            finally:
                renewer.cancel()
                try:
                    await self.store.unlock(conversation_id, token, answered=held.answered)
                except RedisError as exc:  # the lock lapses by itself; the messages are taken over
                    log.warning("conversation=%s: could not release the lock: %s", conversation_id, exc)
        if not local.locked() and not local._waiters:  # type: ignore[attr-defined]
            self._locks.pop(conversation_id, None)

    async def _keep_lock(self, conversation_id: str, token: str, ttl_ms: int) -> None:
        """Extend a held lock while its work runs (a slow model answer), so only a crash frees it."""
        with contextlib.suppress(RedisError):
            while True:
                await asyncio.sleep(LOCK_RENEW_SECONDS)
                if not await self.store.extend_lock(conversation_id, token, ttl_ms):
                    return


@dataclass(slots=True)
class Held:
    """A conversation whose lock this process holds: as read when it was taken, and the customer
    messages dealt with meanwhile (marked answered when the lock is released)."""

    snapshot: Snapshot
    answered: list[str] = field(default_factory=list)


def _rule_input(conversation: Conversation, accepted: Accepted, snapshot: Snapshot) -> RuleInput:
    """A customer message as the rules read it: who wrote it, where, the turns before it, what
    was masked, and the conversation's language when the message is too short to tell."""
    message = accepted.message
    return RuleInput(
        text=message.text,
        participant=conversation.participant,
        channel=conversation.channel,
        history=[m for m in snapshot.history if stream_order(m.id) < stream_order(message.id)],
        sensitive_found=accepted.sensitive,
        masked=True,
        # "HM-100234" or "ok" alone can't say which language it is in: the conversation's holds.
        language=conversation.language if conversation.language and not settles_language(message.text) else None,
    )


def _reason(stored: str) -> Reason:
    """A reason as the event log keeps it (`tag: detail`) back as a `Reason`."""
    tag, _, detail = stored.partition(": ")
    return Reason(tag=tag, condition="recorded", detail=detail or stored)


class _NoInbox:
    """Until an inbox is registered (tools that only answer, such as dry-run): shows nothing."""

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    def add_routes(self, app: object) -> None:
        pass

    async def open(self, conversation: Conversation, transcript: Sequence[Message], decision: Decision) -> str | None:
        return None

    async def update(self, conversation: Conversation, change: Change) -> None:
        return None

    async def close(self, conversation: Conversation, closed: Closed) -> None:
        return None

    async def notify(self, text: str) -> None:
        log.error("staff alert (no inbox): %s", text)

    async def all_clear(self, about: str, text: str) -> None:
        log.info("staff alert cleared (no inbox): %s", text)

    def routes(self) -> Sequence[str]:
        return ()


__all__ = ["Accepted", "ConversationNotFound", "Conversations", "RateLimited"]
