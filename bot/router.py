"""The one flow of a message, for every channel: record, rules, brain, rules, reply or hand off.

Adapters call `accept` (store the customer's message) and then `respond` (decide and act).
Staff actions from either inbox come back here too (claim, reply, note, close, pass).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from redis.exceptions import RedisError

from bot.adapters.base import Channel, Inbox
from bot.brain.base import Brain
from bot.brand import Brand
from bot.decide import decide
from bot.delivery import Delivery
from bot.escalation.base import Escalation, RuleInput
from bot.metrics import Metrics
from bot.models import Conversation, Decision, Inbound, Message, Reason
from bot.store import ConversationNotFound, RateLimit, Snapshot, Store, stream_order
from bot.tasks import stop_task

log = logging.getLogger(__name__)

HISTORY_TURNS = 12
LOCK_SECONDS = 15  # renewed while held; a crashed holder's lock frees itself this soon
LOCK_RENEW_SECONDS = 5
LOCK_POLL_SECONDS = 0.02  # how often a waiting process tries a held conversation lock again
UNANSWERED_AFTER = 15.0  # a message still unanswered this long is taken over (its process died)
RECOVER_EVERY = 2.0
MAX_FAILURES = 4  # a message whose answering keeps failing is given up after this many takeovers


@dataclass(frozen=True, slots=True)
class Accepted:
    """A customer message once stored: its conversation, the stored message, and if it was new."""

    conversation: Conversation
    message: Message
    is_new: bool
    sensitive: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """Whether a claim succeeded; when not, who holds the conversation (or its state)."""

    ok: bool
    assignee: str | None
    state: str

    def refusal(self) -> str:
        """What a staff member who lost the claim (or acted too late) is told."""
        if self.state == "human" and self.assignee:
            return f"{self.assignee} already has this conversation."
        if self.state == "bot":
            return "This conversation is closed; the AI is answering."
        return "This conversation can't be claimed right now."


class Conversations:
    """Decides what happens to every message and every staff action; the only place that does."""

    def __init__(
        self,
        store: Store,
        brain: Brain,
        escalation: Escalation,
        inbox: Inbox,
        brand: Brand,
        metrics: Metrics | None = None,
        *,
        unanswered_after: float = UNANSWERED_AFTER,
    ) -> None:
        self.metrics = metrics or Metrics()
        self.unanswered_after = unanswered_after
        self.store = store
        self.brain = brain
        self.escalation = escalation
        self.inbox = inbox
        self.brand = brand
        self.delivery = Delivery(store)
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._recovery: asyncio.Task[None] | None = None
        self.metrics.add_probe(self._measure)

    def register_channel(self, channel: Channel) -> None:
        """Deliver this channel's messages from this process (theirs and other processes')."""
        self.delivery.serve(channel)

    async def _measure(self) -> None:
        self.metrics.unanswered.set(await self.store.unanswered_count())
        self.metrics.outbox_depth.labels("discord").set(await self.delivery.depth("discord"))
        pending = getattr(self.inbox, "outbox", None)
        if pending is not None:
            self.metrics.outbox_depth.labels("slack").set(await pending.pending())

    def start(self) -> None:
        """Start answering messages that a process which died had accepted but not answered."""
        if self._recovery is None:
            self._recovery = asyncio.create_task(self._recover_loop(), name="recover-unanswered")

    async def aclose(self) -> None:
        """Stop taking over unanswered messages and delivering for other processes."""
        await stop_task(self._recovery)
        self._recovery = None
        await self.delivery.close()

    # -- customer side -------------------------------------------------------------------

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
        appended = await self.store.append(
            conversation.id,
            "customer",
            masked,
            name=inbound.participant.display_name,
            inbound_id=inbound.inbound_id,
            extra={"sensitive": ",".join(kinds)} if kinds else None,
            awaits_answer=True,
            announce=self.delivery.shared(conversation),
            rate=rate,
        )
        if appended.is_new:
            self.metrics.messages_in.labels(inbound.channel).inc()
        return Accepted(conversation, appended.message, appended.is_new, tuple(kinds))

    async def respond(self, accepted: Accepted) -> None:
        """Decide what happens to a stored customer message and do it, exactly once.

        One message at a time per conversation, across processes. A repeated message (a client
        resending after a crash) is dealt with only if nobody has dealt with it yet.
        """
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
            await self.inbox.mirror(conversation, message)
            return
        history = [m for m in snapshot.history if stream_order(m.id) < stream_order(message.id)]
        first = not any(m.author == "customer" for m in history)
        rule_input = RuleInput(
            text=message.text,
            participant=conversation.participant,
            channel=conversation.channel,
            history=history,
            sensitive_found=accepted.sensitive,
        )
        outcome = await decide(
            self.brain, self.escalation, rule_input,
            before_answer=lambda: self._channel(conversation).typing(conversation),
        )
        decision, answer = outcome.decision, outcome.answer
        if decision.handoff or answer is None:
            await self._hand_off(conversation, decision, message)
            return
        if decision.tags:  # recorded before the answer goes out, so anyone who sees it sees them
            await self._label(conversation, decision)
        text = answer.text or self.brand.no_answer_message
        await self._say(conversation, "bot", text, name=self.brand.bot_name, sources=answer.sources,
                        inbound_id=f"answer:{message.id}")
        self.metrics.answers.labels("yes" if answer.text else "no").inc()
        self.metrics.answer_seconds.observe(max(0.0, time.time() - message.ts))
        if first:
            self.metrics.first_answer_seconds.observe(max(0.0, time.time() - message.ts))

    async def withdraw(self, accepted: Accepted) -> None:
        """The customer took the message back (edited or deleted it) before it was answered."""
        await self.store.answered(accepted.conversation.id, accepted.message.id)

    # -- staff side ----------------------------------------------------------------------

    async def claim(self, conversation_id: str, staff: str) -> ClaimResult:
        """Give the conversation to `staff` if it waits for a person; exactly one claimer wins."""
        result = await self.store.transition(
            conversation_id, from_states=("waiting",), to="human", assignee=staff,
            kind="claimed", actor=staff,
        )
        if not result.ok:
            already_mine = result.previous_state == "human" and result.previous_assignee == staff
            return ClaimResult(already_mine, result.previous_assignee or None, result.previous_state)
        if result.previous_since:
            self.metrics.acknowledge_seconds.observe(max(0.0, time.time() - result.previous_since))
        conversation = await self.store.get(conversation_id)
        await self._announce_state(conversation)
        return ClaimResult(True, staff, "human")

    async def staff_reply(
        self, conversation_id: str, staff: str, text: str, *, inbound_id: str | None = None
    ) -> Message | None:
        """Relay a staff reply to the customer, claiming the conversation if nobody has.

        `inbound_id` (the inbox's id of the reply) makes a redelivered reply a no-op.
        """
        conversation = await self.store.get(conversation_id)
        if conversation.state != "human" or conversation.assignee is None:
            await self.store.transition(
                conversation_id, from_states=("waiting", "bot"), to="human", assignee=staff,
                kind="claimed", actor=staff,
            )
            conversation = await self.store.get(conversation_id)
            await self._announce_state(conversation)
        return await self._say(conversation, "human", text, name=staff, mirror=False, inbound_id=inbound_id)

    async def note(self, conversation_id: str, staff: str, text: str) -> None:
        """Keep an internal staff note; it is never shown to the customer."""
        await self.store.record_event(conversation_id, "note", actor=staff, data={"text": text})

    async def close(self, conversation_id: str, staff: str) -> bool:
        """Return the conversation to the AI and tell the customer; False if it was not handed off."""
        result = await self.store.transition(
            conversation_id, from_states=("waiting", "human"), to="bot", kind="closed", actor=staff,
        )
        if not result.ok:
            return False
        conversation = await self.store.get(conversation_id)
        await self._say(conversation, "system", self.brand.handoff_closed_message)
        await self._announce_state(conversation)
        return True

    async def pass_to(self, conversation_id: str, staff: str, route: str, note: str = "") -> bool:
        """Re-queue the conversation, unclaimed, in another route (team), with a note for them."""
        result = await self.store.transition(
            conversation_id, from_states=("waiting", "human"), to="waiting", kind="passed",
            actor=staff, route=route, data={"route": route, "note": note},
        )
        if not result.ok:
            return False
        conversation = await self.store.get(conversation_id)
        await self._announce_state(conversation)
        return True

    async def mark_false_positive(self, conversation_id: str, staff: str) -> None:
        """Record that staff judged this handoff unnecessary (feeds the rules report)."""
        conversation = await self.store.get(conversation_id)
        await self.store.record_event(
            conversation_id, "false_positive", actor=staff, tags=conversation.tags
        )

    # -- steps ---------------------------------------------------------------------------

    async def _hand_off(self, conversation: Conversation, decision: Decision, message: Message) -> None:
        tags = list(dict.fromkeys([*conversation.tags, *decision.tags]))
        result = await self.store.transition(
            conversation.id, from_states=("bot",), to="waiting", kind="handoff",
            tags=tags, route=decision.route,
            data={
                "reasons": [r.__str__() for r in decision.reasons],
                "route": decision.route,
                "acknowledge_within": decision.acknowledge_within,
                "customer_message": decision.customer_message,
            },
        )
        if not result.ok:
            return
        log.info("handoff conversation=%s tags=%s", conversation.id, ",".join(decision.tags))
        for tag in decision.tags:
            self.metrics.handoffs.labels(tag).inc()
            self.metrics.tags.labels(tag).inc()
        await self._finish_handoff(await self.store.get(conversation.id), decision, message)

    async def _finish_handoff(self, conversation: Conversation, decision: Decision, message: Message) -> None:
        """Tell the customer (once) and open the conversation in the inbox."""
        text = decision.customer_message or self.brand.handoff(decision.acknowledge_within)
        await self._say(conversation, "system", text, inbound_id=f"handoff:{message.id}")
        transcript = await self.store.transcript(conversation.id)
        inbox_ref = await self.inbox.open(conversation, transcript, decision)
        if inbox_ref:
            await self.store.set_inbox_ref(conversation.id, inbox_ref, only_if_unset=True)
        await self._channel(conversation).state_changed(conversation)

    async def _handoff_decision(self, conversation: Conversation) -> Decision:
        """The decision of the conversation's last handoff, rebuilt from its event log."""
        handoffs = [e for e in await self.store.events(conversation.id) if e["kind"] == "handoff"]
        data = handoffs[-1]["data"] if handoffs else {}
        return Decision(
            tags=list(conversation.tags),
            handoff=True,
            reasons=[_reason(str(r)) for r in data.get("reasons", [])],
            route=data.get("route") or conversation.route,
            acknowledge_within=data.get("acknowledge_within"),
            customer_message=data.get("customer_message"),
        )

    async def _label(self, conversation: Conversation, decision: Decision) -> None:
        for tag in decision.tags:
            self.metrics.tags.labels(tag).inc()
        tags = await self.store.add_tags(conversation.id, decision.tags)
        await self.store.record_event(
            conversation.id, "tagged", tags=decision.tags,
            data={"reasons": [str(r) for r in decision.reasons]},
        )
        conversation.tags = tags
        await self._channel(conversation).state_changed(conversation)

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
    ) -> Message:
        announcement = self.delivery.announcement(conversation)
        appended = await self.store.append(
            conversation.id, author, text, name=name, sources=sources or (),  # type: ignore[arg-type]
            inbound_id=inbound_id, announce=announcement,
        )
        if not appended.is_new:
            return appended.message  # said before a crash: clients catch up from the transcript
        await self._channel(conversation).send(conversation, appended.message, announced=announcement is not None)
        self.metrics.messages_out.labels(conversation.channel, author).inc()
        # Staff see what the customer is told while the conversation is theirs, and the
        # closing notice; a staff reply is not mirrored back (it came from the inbox).
        in_inbox = conversation.state != "bot" or author == "system"
        if mirror and conversation.inbox_ref and in_inbox:
            await self.inbox.mirror(conversation, appended.message)
        return appended.message

    async def _announce_state(self, conversation: Conversation) -> None:
        await self.inbox.update(conversation)
        await self._channel(conversation).state_changed(conversation)

    def _channel(self, conversation: Conversation) -> Delivery:
        return self.delivery

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
        if await self.store.redis.exists(self.store.keys.conversation_lock(conversation_id)):
            # Someone holds the conversation: a live process being slow, or a dead one whose lock
            # has not lapsed yet. Look again in a moment, without taking anything over.
            await self.store.revisit_unanswered(
                conversation_id, [m for m, _ in messages], due_in=RECOVER_EVERY, older_than=self.unanswered_after)
            return
        for message_id, failures in messages:
            try:
                if failures >= MAX_FAILURES:
                    log.error("conversation=%s message=%s could not be answered after %s attempts; giving up",
                              conversation_id, message_id, failures)
                    await self.store.answered(conversation_id, message_id)
                    continue
                message = await self.store.message(conversation_id, message_id)
                if message is None:
                    await self.store.answered(conversation_id, message_id)
                    continue
                conversation = await self.store.get(conversation_id)
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


def _reason(stored: str) -> Reason:
    """A reason as the event log keeps it (`tag: detail`) back as a `Reason`."""
    tag, _, detail = stored.partition(": ")
    return Reason(tag=tag, condition="recorded", detail=detail or stored)


__all__ = ["Accepted", "ClaimResult", "ConversationNotFound", "Conversations"]
