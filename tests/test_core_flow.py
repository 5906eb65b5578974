"""The conversation core's decisions, in process: no embedding model, no Redis server, no sockets.

`bot.router.Conversations` runs for real on the real store (over an in-memory fakeredis), the
real rules engine (keyword rules of this file's own, no encoders) and the real staff policy; only
the outside world is doubled (tests/support/core_doubles.py): a scripted brain, a recording
channel and a recording inbox. Negative checks ("the AI did not answer") look after
`Conversations.drain()` has waited for every answer in progress, never after a fixed sleep.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import staff as policy
from bot.brand import Brand
from bot.contracts import Claimed, MessageAdded, Noted, Passed, Reminder, Reopened
from bot.escalation.engine import RulesEngine
from bot.models import Inbound, Participant
from bot.router import Accepted, Conversations
from bot.store import Store, connect_redis
from tests.support.core_doubles import (
    RecordingChannel,
    RecordingInbox,
    ScriptedBrain,
    eventually,
)
from tests.support.staff import DANA, OTHER_DANA, SAM

pytestmark = pytest.mark.timeout(30)

CHANNEL = "testchat"  # a queue-mode channel: delivered inline by the answering task, no stream reads needed

REFUNDS = "How long do refunds take?"
REFUNDS_ANSWER = "Refunds reach your card within 5-7 business days."
FEES = "What are the vendor fees?"
FEES_ANSWER = "Vendors pay 8% per sale; listing is free."
SHIPPING = "Do you ship to Norway?"
SHIPPING_ANSWER = "Some vendors do; check the shipping section of the listing."

# Tiny SLA for the `urgent` tag: 0.005 minutes = 0.3 s per stage (the schema allows any minutes > 0).
URGENT_MINUTES = 0.005

RULES = f"""
settings:
  acknowledge_within: 30
  typos: false
tags:
  - name: critical
    priority: 100
    handoff: true
    route: support-critical
    mention: "@oncall"
    when:
      keywords: [fire]
  - name: legal
    priority: 90
    handoff: true
    route: legal
    when:
      keywords: [lawyer]
  - name: payments
    priority: 80
    handoff: true
    route: payments
    mention: "@payments"
    customer_message: Our payments team will reply here.
    when:
      keywords: [chargeback]
  - name: urgent
    priority: 70
    handoff: true
    route: support
    acknowledge_within: {URGENT_MINUTES}
    when:
      regex: '\\burgent(ly)?\\b'
  - name: vendor
    priority: 20
    when:
      role: vendor
  - name: low-confidence
    priority: 10
    handoff: true
    when:
      confidence_below: 0.5
"""


@dataclass
class Core:
    """One conversation core and the doubles around it."""

    conversations: Conversations
    store: Store
    brain: ScriptedBrain
    channel: RecordingChannel
    inbox: RecordingInbox
    brand: Brand

    async def say(
        self, text: str, *, ref: str = "customer-1", inbound_id: str | None = None,
        participant: Participant | None = None, answer: bool = True,
    ) -> Accepted:
        """A customer message arriving on the channel, as an adapter hands it over."""
        inbound = Inbound(CHANNEL, ref, inbound_id or uuid.uuid4().hex, participant or Participant(), text)
        return await self.conversations.receive(inbound, answer=answer)

    async def said(self, text: str, **options: object) -> str:
        """`say`, then wait until it is dealt with; the conversation id."""
        accepted = await self.say(text, **options)  # type: ignore[arg-type]
        await self.conversations.drain()
        return accepted.conversation.id

    async def handed_off(self, text: str = "I will call my lawyer about this") -> str:
        """A conversation handed off by the `legal` keyword rule; its id."""
        conversation_id = await self.said(text)
        assert (await self.store.get(conversation_id)).state == "waiting"
        return conversation_id


Build = Callable[..., Awaitable[Core]]


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    """This file's own rules (never config/rules.yaml)."""
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture
async def build(rules_file: Path) -> AsyncIterator[Build]:
    """Builds cores on fresh in-memory stores (or a given one); closes them all afterwards."""
    built: list[Conversations] = []
    stores: list[Store] = []

    async def make(
        *, brain: ScriptedBrain | None = None, store: Store | None = None, channel: bool = True,
        **options: object,
    ) -> Core:
        if store is None:
            store = Store(connect_redis(None), prefix="core-test:")
            stores.append(store)
        brain = brain or ScriptedBrain({
            REFUNDS: (REFUNDS_ANSWER, 0.9), FEES: (FEES_ANSWER, 0.9), SHIPPING: (SHIPPING_ANSWER, 0.3),
        })
        brand = Brand()
        conversations = Conversations(store, brain, RulesEngine.from_file(rules_file), brand, **options)  # type: ignore[arg-type]
        recording_channel, inbox = RecordingChannel(CHANNEL), RecordingInbox(routes=("vip-desk",))
        if channel:
            conversations.register_channel(recording_channel)
        conversations.register_inbox(inbox)
        built.append(conversations)
        return Core(conversations, store, brain, recording_channel, inbox, brand)

    yield make
    for conversations in built:
        await conversations.aclose()
    for store in stores:
        await store.close()


@pytest.fixture
async def core(build: Build) -> Core:
    """A core with the scripted brain, a recording channel and a recording inbox."""
    return await build()


# -- answering -------------------------------------------------------------------------------


async def test_a_routine_question_is_answered_once_with_the_brains_text(core: Core) -> None:
    """The customer gets exactly one bot message, the brain's text, and nothing stays unanswered."""
    conversation_id = await core.said(REFUNDS)

    assert core.channel.texts(conversation_id) == [("bot", REFUNDS_ANSWER)]
    assert core.channel.by(conversation_id, "bot")[0].name == core.brand.bot_name
    assert core.brain.asked == [REFUNDS]
    assert await core.store.unanswered_count() == 0
    assert (await core.store.get(conversation_id)).state == "bot"
    assert core.inbox.opened == [] and core.inbox.changes == []


async def test_a_confident_answer_with_a_label_tag_is_sent_and_the_tag_recorded(core: Core) -> None:
    """A label-only tag (vendor) does not stop the answer; the conversation carries the tag."""
    conversation_id = await core.said(FEES, participant=Participant(role="vendor", account_id="V-1", verified=True))

    assert core.channel.texts(conversation_id) == [("bot", FEES_ANSWER)]
    assert (await core.store.get(conversation_id)).tags == ["vendor"]
    assert core.inbox.opened == []


async def test_a_low_confidence_answer_is_not_sent_and_the_second_rules_pass_hands_off(core: Core) -> None:
    """The rules run again with the brain's confidence: below 0.5 a person takes over instead."""
    conversation_id = await core.said(SHIPPING)

    assert core.brain.asked == [SHIPPING], "confidence_below never fires before the brain has answered"
    assert core.channel.texts(conversation_id) == [("system", core.brand.handoff(30))]
    [opened] = core.inbox.opened_for(conversation_id)
    assert opened.decision.tags == ["low-confidence"]
    assert (await core.store.get(conversation_id)).state == "waiting"


# -- handoff ---------------------------------------------------------------------------------


async def test_a_handoff_rule_hands_the_conversation_to_the_inbox_and_the_ai_goes_quiet(core: Core) -> None:
    """The customer is told; the inbox gets the whole transcript and why; later messages go to staff only."""
    conversation_id = await core.said(REFUNDS)
    await core.said("I will call my lawyer about this")

    notice = core.brand.handoff(30)
    assert core.channel.texts(conversation_id) == [("bot", REFUNDS_ANSWER), ("system", notice)]
    assert core.brain.asked == [REFUNDS], "a first-pass handoff does not ask the brain"
    [opened] = core.inbox.opened_for(conversation_id)
    assert [(m.author, m.text) for m in opened.transcript] == [
        ("customer", REFUNDS), ("bot", REFUNDS_ANSWER), ("customer", "I will call my lawyer about this"),
        ("system", notice),
    ]
    assert opened.decision.handoff and opened.decision.tags == ["legal"]
    assert [str(r) for r in opened.decision.reasons] == ['legal: keyword "lawyer"']
    assert opened.decision.route == "legal"
    conversation = await core.store.get(conversation_id)
    assert conversation.state == "waiting" and conversation.route == "legal" and conversation.tags == ["legal"]
    assert conversation.inbox_ref == f"ref-{conversation_id}"
    assert core.channel.states[conversation_id][-1] == "waiting"

    later = await core.say("Hello? Is anyone there?")
    await core.conversations.drain()

    assert core.brain.asked == [REFUNDS], "the AI does not answer while a person is coming"
    assert core.channel.texts(conversation_id) == [("bot", REFUNDS_ANSWER), ("system", notice)]
    added = core.inbox.changes_for(conversation_id, MessageAdded)
    assert [(c.message.id, c.message.author, c.message.text) for c in added] == [  # type: ignore[union-attr]
        (later.message.id, "customer", "Hello? Is anyone there?")]
    assert await core.store.unanswered_count() == 0


async def test_a_handoff_tags_customer_message_replaces_the_standard_notice(core: Core) -> None:
    """A tag's own `customer_message` is what the customer reads on handoff."""
    conversation_id = await core.said("I am filing a chargeback")

    assert core.channel.texts(conversation_id) == [("system", "Our payments team will reply here.")]
    [opened] = core.inbox.opened_for(conversation_id)
    assert opened.decision.route == "payments" and opened.decision.mention == "@payments"


# -- staff policy ----------------------------------------------------------------------------


async def test_the_first_claimer_gets_the_conversation_and_the_second_is_told_who_has_it(core: Core) -> None:
    """Claim: one winner; anyone else is refused with the holder's name; the AI stays quiet."""
    conversation_id = await core.handed_off()

    first = await core.conversations.claim(conversation_id, DANA)
    second = await core.conversations.claim(conversation_id, SAM)
    again = await core.conversations.claim(conversation_id, DANA)

    assert first.ok and first.text == policy.CLAIMED
    assert not second.ok and second.text == "Dana already has this conversation."
    assert again.ok, "claiming one's own conversation again is harmless"
    conversation = await core.store.get(conversation_id)
    assert (conversation.state, conversation.assignee) == ("human", "Dana")
    assert core.inbox.changes_for(conversation_id, Claimed) == [Claimed("Dana")]
    assert core.channel.states[conversation_id][-1] == "human"


async def test_only_the_holder_reply_reaches_the_customer(core: Core) -> None:
    """Reply: refused (and not delivered) for a non-holder, delivered with the holder's name."""
    conversation_id = await core.handed_off()
    assert (await core.conversations.claim(conversation_id, DANA)).ok
    before = core.channel.texts(conversation_id)

    refused = await core.conversations.reply(conversation_id, SAM, "Hi, Sam here")
    assert not refused.ok
    assert refused.text == "Your reply was not sent: Dana already has this conversation."
    assert core.channel.texts(conversation_id) == before

    sent = await core.conversations.reply(conversation_id, DANA, "Hi, I'm Dana. Let me check.")
    assert sent.ok and sent.text == policy.SENT
    [relayed] = core.channel.by(conversation_id, "human")
    assert (relayed.text, relayed.name) == ("Hi, I'm Dana. Let me check.", "Dana")
    assert "Hi, Sam here" not in [m.text for m in await core.store.transcript(conversation_id)]
    assert not [c for c in core.inbox.changes_for(conversation_id, MessageAdded)
                if c.message.author == "human"], "a staff reply is not mirrored back to the inbox"  # type: ignore[union-attr]


async def test_two_people_with_one_display_name_are_two_people(core: Core) -> None:
    """Staff are matched by id, not name: a second "Dana" can neither reply to nor re-claim the
    first Dana's conversation, though both sign their replies "Dana"."""
    conversation_id = await core.handed_off()
    assert (await core.conversations.claim(conversation_id, DANA)).ok

    claimed = await core.conversations.claim(conversation_id, OTHER_DANA)
    replied = await core.conversations.reply(conversation_id, OTHER_DANA, "Dana (the other one) here")

    assert not claimed.ok and claimed.text == "Dana already has this conversation."
    assert not replied.ok
    assert core.channel.by(conversation_id, "human") == []
    conversation = await core.store.get(conversation_id)
    assert (conversation.assignee, conversation.assignee_id) == ("Dana", DANA.id)
    claim_events = [e for e in await core.store.events(conversation_id) if e["kind"] == "claimed"]
    assert [(e["actor"], e.get("actor_id")) for e in claim_events] == [("Dana", DANA.id)]


async def test_a_reply_to_a_waiting_conversation_claims_it_first(core: Core) -> None:
    """Replying to an unclaimed conversation makes it the replier's."""
    conversation_id = await core.handed_off()

    outcome = await core.conversations.reply(conversation_id, DANA, "On it")

    assert outcome.ok
    assert (await core.store.get(conversation_id)).assignee == "Dana"
    assert core.inbox.changes_for(conversation_id, Claimed) == [Claimed("Dana")]
    assert core.channel.by(conversation_id, "human")[0].text == "On it"


async def test_close_returns_the_customer_to_the_ai_and_a_late_reply_reopens(core: Core) -> None:
    """Close: the brand's closed message, the AI answers again; a reply after close reopens it."""
    conversation_id = await core.handed_off()
    assert (await core.conversations.claim(conversation_id, DANA)).ok

    closed = await core.conversations.close(conversation_id, DANA)
    assert closed.ok and closed.text == policy.CLOSED
    # The closing notice, then the ask for a rating of the person's help (bot/ratings.py).
    closing, ask = core.channel.sent[conversation_id][-2:]
    assert closing.author == "system" and closing.text == core.brand.handoff_closed_message
    assert ask.text == core.brand.rating_prompt
    assert [c.by for _, c in core.inbox.closed] == ["Dana"]
    assert (await core.store.get(conversation_id)).state == "bot"
    assert core.channel.states[conversation_id][-1] == "bot"
    again = await core.conversations.close(conversation_id, SAM)
    assert not again.ok and again.text == policy.ALREADY_CLOSED

    await core.said(REFUNDS)
    assert core.channel.sent[conversation_id][-1].author == "bot"
    assert core.channel.sent[conversation_id][-1].text == REFUNDS_ANSWER

    late = await core.conversations.reply(conversation_id, DANA, "One more thing: your refund is on its way.")
    assert late.ok and late.text == policy.REOPENED
    assert core.inbox.changes_for(conversation_id, Reopened) == [Reopened("Dana")]
    conversation = await core.store.get(conversation_id)
    assert (conversation.state, conversation.assignee) == ("human", "Dana")
    assert core.channel.sent[conversation_id][-1].text == "One more thing: your refund is on its way."

    asked = list(core.brain.asked)
    await core.said(FEES)
    assert core.brain.asked == asked, "reopened: the AI is quiet again"
    assert core.inbox.changes_for(conversation_id, MessageAdded)[-1].message.text == FEES  # type: ignore[union-attr]


async def test_a_conversation_passes_only_to_an_offered_route_with_the_notes_so_far(core: Core) -> None:
    """Pass: refused to an unknown route and to the one it is in; to an offered one it waits
    there, unclaimed, and the inbox gets the note and the internal notes."""
    conversation_id = await core.handed_off()
    assert (await core.conversations.claim(conversation_id, DANA)).ok
    assert (await core.conversations.note(conversation_id, DANA, "vendor V-1001 is slow")).ok
    offered = core.conversations.pass_routes("legal")
    assert "legal" not in offered
    assert {"payments", "support-critical", "vip-desk", policy.MAIN_INBOX} <= set(offered)

    for route in ("nowhere", "legal"):
        refused = await core.conversations.pass_to(conversation_id, DANA, route, "try them")
        assert not refused.ok and refused.text == policy.PICK_ROUTE
    assert core.inbox.changes_for(conversation_id, Passed) == []
    assert (await core.store.get(conversation_id)).route == "legal"

    passed = await core.conversations.pass_to(conversation_id, DANA, "payments", "it is a card dispute")

    assert passed.ok and passed.text == policy.passed_to("payments")
    assert core.inbox.changes_for(conversation_id, Noted) == [Noted("Dana", "vendor V-1001 is slow")]
    [change] = core.inbox.changes_for(conversation_id, Passed)
    assert change == Passed(by="Dana", route="payments", note="it is a card dispute", mention="@payments",
                            acknowledge_within=30.0, notes=("Dana: vendor V-1001 is slow",),
                            due_at=pytest.approx(time.time() + 30 * 60, abs=5))
    conversation = await core.store.get(conversation_id)
    assert (conversation.state, conversation.route, conversation.assignee) == ("waiting", "payments", None)
    assert "vendor V-1001 is slow" not in [m.text for m in core.channel.sent[conversation_id]]


# -- SLA -------------------------------------------------------------------------------------


async def test_an_unclaimed_handoff_is_reminded_then_passed_to_the_critical_route(build: Build) -> None:
    """SLA: a first miss reminds; a second escalates to the `critical` tag's route. A claimed
    conversation, whose timer fell due earlier, gets no reminder."""
    core = await build(sla_poll_seconds=0.05)
    claimed_id = await core.said("This is urgent", ref="claimed-customer")
    assert (await core.conversations.claim(claimed_id, DANA)).ok
    waiting_id = await core.said("Please help urgently", ref="waiting-customer")
    assert (await core.store.get(waiting_id)).route == "support"
    # The timers are durable (due times fixed at handoff): polling starts only now, so the claim
    # above surely came before the claimed conversation's timer was looked at.
    await core.conversations.start()

    def escalation() -> list[Reminder | Passed]:
        seen = [c for c in core.inbox.changes_for(waiting_id) if isinstance(c, Reminder | Passed)]
        passes = [i for i, c in enumerate(seen) if isinstance(c, Passed)]
        return seen[: passes[0] + 1] if passes else []

    changes = await core.inbox.wait_until(escalation, timeout=5.0, what="two reminders and a pass")

    assert changes[:2] == [
        Reminder(stage=1, waited_minutes=URGENT_MINUTES, escalate_to=None),
        Reminder(stage=2, waited_minutes=URGENT_MINUTES * 2, escalate_to="support-critical"),
    ]
    assert len(changes) == 3
    passed = changes[2]
    assert isinstance(passed, Passed)
    assert (passed.by, passed.route, passed.mention) == (policy.SLA_ACTOR, "support-critical", "@oncall")
    assert passed.note.startswith("unclaimed for ")
    conversation = await core.store.get(waiting_id)
    assert (conversation.state, conversation.route) == ("waiting", "support-critical")

    # The claimed conversation's timer was due before the other's first reminder, so it has fired.
    assert core.inbox.changes_for(claimed_id, Reminder) == []
    assert not [name for name in await core.conversations.sla.pending() if name.startswith(claimed_id)], (
        "a claimed conversation's timer fires without scheduling a second stage")


# -- withdrawn, repeated and failing messages -------------------------------------------------


async def test_a_message_withdrawn_while_the_brain_thinks_is_never_answered(core: Core) -> None:
    """Withdraw before the answer is produced: the customer gets nothing; the store records it was withheld."""
    core.brain.hold()
    accepted = await core.say(REFUNDS)
    await asyncio.wait_for(core.brain.thinking.wait(), 3.0)

    assert await core.conversations.withdraw(accepted) is True
    core.brain.release()
    await core.conversations.drain()

    conversation_id = accepted.conversation.id
    assert core.channel.sent[conversation_id] == []
    events = await core.store.events(conversation_id)
    assert [e["data"] for e in events if e["kind"] == "answer_withheld"] == [{"message": accepted.message.id}]
    assert await core.store.unanswered_count() == 0

    await core.said(FEES)
    assert core.channel.texts(conversation_id) == [("bot", FEES_ANSWER)], "the next question is answered"


async def test_a_message_withdrawn_before_answering_starts_is_never_answered(core: Core) -> None:
    """Withdrawn between storing and answering (a Discord edit before the thread exists): the
    brain is not even asked."""
    accepted = await core.say(REFUNDS, answer=False)

    assert await core.conversations.withdraw(accepted) is True
    core.conversations.answer(accepted)
    await core.conversations.drain()

    assert core.channel.sent[accepted.conversation.id] == []
    assert core.brain.asked == []
    assert await core.store.unanswered_count() == 0


async def test_withdrawing_an_answered_message_changes_nothing(core: Core) -> None:
    """Too late to withdraw: `withdraw` says so and the answer stands."""
    accepted = await core.say(REFUNDS)
    await core.conversations.drain()

    assert await core.conversations.withdraw(accepted) is False
    assert core.channel.texts(accepted.conversation.id) == [("bot", REFUNDS_ANSWER)]


async def test_a_repeated_inbound_id_is_stored_and_answered_once(core: Core) -> None:
    """A client resending a message (same inbound id), during and after its answer: one message, one answer."""
    first = await core.say(REFUNDS, inbound_id="client-msg-1")
    during = await core.say(REFUNDS, inbound_id="client-msg-1")
    await core.conversations.drain()
    after = await core.say(REFUNDS, inbound_id="client-msg-1")
    await core.conversations.drain()

    assert first.is_new and not during.is_new and not after.is_new
    assert first.message.id == during.message.id == after.message.id
    conversation_id = first.conversation.id
    transcript = await core.store.transcript(conversation_id)
    assert [(m.author, m.text) for m in transcript] == [("customer", REFUNDS), ("bot", REFUNDS_ANSWER)]
    assert core.channel.texts(conversation_id) == [("bot", REFUNDS_ANSWER)]
    assert core.brain.asked == [REFUNDS]


async def test_a_failing_brain_gives_the_customer_the_failed_message_once(build: Build) -> None:
    """The brain raises: the customer reads the brand's failed message once, even if the client
    resends; the message is a person's now, so it is neither tried again nor left on the ledger."""
    core = await build(brain=ScriptedBrain(fail_with=RuntimeError("model crashed")))

    first = await core.say(REFUNDS, inbound_id="client-msg-1")
    await core.conversations.drain()
    await core.say(REFUNDS, inbound_id="client-msg-1")
    await core.conversations.drain()

    assert core.channel.texts(first.conversation.id) == [("system", core.brand.failed_message)]
    assert len(core.brain.asked) == 1, "the resent message is not tried again"
    assert not await core.store.is_unanswered(first.conversation.id, first.message.id)
    assert (await core.store.get(first.conversation.id)).state == "waiting"


# -- recovery --------------------------------------------------------------------------------


async def test_a_message_a_dead_process_accepted_is_answered_by_another_once(build: Build) -> None:
    """Recovery: a message stored but never answered (its process died) is taken over and answered once."""
    dead = await build(channel=False)
    accepted = await dead.conversations.accept(
        Inbound(CHANNEL, "customer-1", "client-msg-1", Participant(), REFUNDS))
    assert await dead.store.unanswered_count() == 1

    live = await build(store=dead.store, unanswered_after=0.2)
    await live.conversations.start()
    conversation_id = accepted.conversation.id

    await live.channel.wait_until(lambda: live.channel.by(conversation_id, "bot"), what="the taken-over answer")
    # Marked answered as the lock is released, just after the answer went out; after that no
    # later takeover round can pick it up again.
    async def ledger_empty() -> bool:
        return await live.store.unanswered_count() == 0

    await eventually(ledger_empty, what="the message marked answered")

    assert live.channel.texts(conversation_id) == [("bot", REFUNDS_ANSWER)]
    assert live.brain.asked == [REFUNDS]
    assert dead.brain.asked == []


# -- what follows from a message taken back, or one the AI fails on --------------------------


async def test_a_withdrawn_message_does_not_hand_off_on_its_answers_low_confidence(core: Core) -> None:
    """A question deleted or edited before its answer causes nothing: no answer, no handoff."""
    core.brain.hold()
    accepted = await core.say(SHIPPING)  # the brain is only 0.3 sure: the second pass hands off
    await asyncio.wait_for(core.brain.thinking.wait(), 3.0)

    assert await core.conversations.withdraw(accepted) is True
    core.brain.release()
    await core.conversations.drain()

    conversation_id = accepted.conversation.id
    assert core.channel.sent[conversation_id] == [], "nothing for a withdrawn question"
    assert (await core.store.get(conversation_id)).state == "bot"
    assert core.inbox.opened_for(conversation_id) == []


async def test_a_question_the_brain_fails_on_goes_to_a_person_and_blocks_nothing(build: Build) -> None:
    """A question that crashes the brain is handed to staff (the customer is told once), and the
    customer's next message reaches that person instead of failing behind the first one."""
    core = await build(brain=ScriptedBrain({REFUNDS: (REFUNDS_ANSWER, 0.9)},
                                           fail_with=RuntimeError("model crashed"), fail_on={"boom"}))
    conversation_id = await core.said("boom")
    await core.said(REFUNDS)

    assert core.channel.texts(conversation_id) == [("system", core.brand.failed_message)]
    [opened] = core.inbox.opened_for(conversation_id)
    assert opened.decision.tags == ["answer-failed"]
    assert [type(c).__name__ for c in core.inbox.changes_for(conversation_id)] == ["MessageAdded"]
    assert await core.store.unanswered_count() == 0


async def test_staff_hear_about_a_message_the_ai_failed_to_answer(build: Build) -> None:
    """After the failed message, the inbox shows the conversation or tells staff about it."""
    core = await build(brain=ScriptedBrain(fail_with=RuntimeError("model crashed")))
    conversation_id = await core.said(REFUNDS)

    assert core.channel.texts(conversation_id) == [("system", core.brand.failed_message)]
    assert core.inbox.opened_for(conversation_id) or core.inbox.notices or core.inbox.changes_for(conversation_id)
