"""The one flow of a message, for every channel: record, rules, brain, rules, reply or hand off.

Adapters call `accept` (store the customer's message) and then `respond` (decide and act).
Staff actions from either inbox come back here too (claim, reply, note, close, pass).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from redis.exceptions import LockError

from bot.adapters.base import Channel, Inbox
from bot.brain.base import Brain
from bot.brand import Brand
from bot.decide import decide
from bot.delivery import Delivery
from bot.escalation.base import Escalation, RuleInput
from bot.metrics import Metrics
from bot.models import Conversation, Decision, Inbound, Message
from bot.store import ConversationNotFound, Store

log = logging.getLogger(__name__)

HISTORY_TURNS = 12
LOCK_SECONDS = 60  # longer than any answer takes; a crashed holder frees it by expiry


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
    ) -> None:
        self.metrics = metrics or Metrics()
        self.store = store
        self.brain = brain
        self.escalation = escalation
        self.inbox = inbox
        self.brand = brand
        self.delivery = Delivery(store)
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def register_channel(self, channel: Channel) -> None:
        """Deliver this channel's messages from this process (theirs and other processes')."""
        self.delivery.serve(channel)

    async def aclose(self) -> None:
        """Stop delivering for other processes."""
        await self.delivery.close()

    # -- customer side -------------------------------------------------------------------

    async def accept(self, inbound: Inbound) -> Accepted:
        """Mask and store a customer message (once per inbound id); nothing is decided yet."""
        masked, kinds = self.escalation.mask(inbound.text)
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
        )
        if appended.is_new:
            self.metrics.messages_in.labels(inbound.channel).inc()
        return Accepted(conversation, appended.message, appended.is_new, tuple(kinds))

    async def respond(self, accepted: Accepted) -> None:
        """Decide what happens to a stored customer message and do it (one at a time per conversation)."""
        if not accepted.is_new:
            return
        async with self._conversation_lock(accepted.conversation.id):
            conversation = await self.store.get(accepted.conversation.id)
            message = accepted.message
            if conversation.state != "bot":
                await self.inbox.mirror(conversation, message)
                return
            history = await self.store.transcript(conversation.id, last=HISTORY_TURNS)
            history = [m for m in history if m.id != message.id]
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
                await self._hand_off(conversation, decision)
                return
            if decision.tags:  # recorded before the answer goes out, so anyone who sees it sees them
                await self._label(conversation, decision)
            text = answer.text or self.brand.no_answer_message
            await self._say(conversation, "bot", text, name=self.brand.bot_name, sources=answer.sources)
            self.metrics.answers.labels("yes" if answer.text else "no").inc()
            self.metrics.answer_seconds.observe(max(0.0, time.time() - message.ts))

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

    async def staff_reply(self, conversation_id: str, staff: str, text: str) -> Message | None:
        """Relay a staff reply to the customer, claiming the conversation if nobody has."""
        conversation = await self.store.get(conversation_id)
        if conversation.state != "human" or conversation.assignee is None:
            await self.store.transition(
                conversation_id, from_states=("waiting", "bot"), to="human", assignee=staff,
                kind="claimed", actor=staff,
            )
            conversation = await self.store.get(conversation_id)
            await self._announce_state(conversation)
        return await self._say(conversation, "human", text, name=staff, mirror=False)

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

    async def _hand_off(self, conversation: Conversation, decision: Decision) -> None:
        tags = list(dict.fromkeys([*conversation.tags, *decision.tags]))
        result = await self.store.transition(
            conversation.id, from_states=("bot",), to="waiting", kind="handoff",
            tags=tags, route=decision.route,
            data={
                "reasons": [r.__str__() for r in decision.reasons],
                "route": decision.route,
                "acknowledge_within": decision.acknowledge_within,
            },
        )
        if not result.ok:
            return
        log.info("handoff conversation=%s tags=%s", conversation.id, ",".join(decision.tags))
        for tag in decision.tags:
            self.metrics.handoffs.labels(tag).inc()
            self.metrics.tags.labels(tag).inc()
        conversation = await self.store.get(conversation.id)
        text = decision.customer_message or self.brand.handoff(decision.acknowledge_within)
        await self._say(conversation, "system", text)
        transcript = await self.store.transcript(conversation.id)
        inbox_ref = await self.inbox.open(conversation, transcript, decision)
        if inbox_ref:
            await self.store.set_inbox_ref(conversation.id, inbox_ref)
        await self._channel(conversation).state_changed(conversation)

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
    ) -> Message:
        appended = await self.store.append(
            conversation.id, author, text, name=name, sources=sources or ()  # type: ignore[arg-type]
        )
        await self._channel(conversation).send(conversation, appended.message)
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

    @asynccontextmanager
    async def _conversation_lock(self, conversation_id: str) -> AsyncIterator[None]:
        """One answer at a time per conversation: in this process, then across processes."""
        local = self._locks[conversation_id]
        async with local:
            shared = self.store.redis.lock(
                self.store.keys.conversation_lock(conversation_id),
                timeout=LOCK_SECONDS, sleep=0.02, blocking_timeout=LOCK_SECONDS,
            )
            if not await shared.acquire():
                log.warning("conversation=%s stayed locked %ss; answering anyway", conversation_id, LOCK_SECONDS)
            try:
                yield
            finally:
                with contextlib.suppress(LockError):
                    await shared.release()
        if not local.locked() and not local._waiters:  # type: ignore[attr-defined]
            self._locks.pop(conversation_id, None)


__all__ = ["Accepted", "ClaimResult", "Conversations", "ConversationNotFound"]
