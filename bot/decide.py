"""The decision for one customer message (rules, brain, rules again), shared by the router and dry-run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.brain.base import Brain
from bot.escalation.base import Escalation, RuleInput
from bot.models import Answer, Decision, Reason


@dataclass(slots=True)
class Outcome:
    """What to do with a message: the rules' decision and the brain's answer (None if not asked)."""

    decision: Decision
    answer: Answer | None


async def decide(
    brain: Brain,
    escalation: Escalation,
    rule_input: RuleInput,
    *,
    before_answer: Callable[[], Awaitable[None]] | None = None,
    always_answer: bool = False,
) -> Outcome:
    """Run the rules; unless they hand off already, ask the brain and run them with its confidence.

    The message's language is settled first (the rules engine detects it), so the brain reads the
    question with the model for that language.
    """
    if rule_input.language is None:
        rule_input.language = escalation.language_of(rule_input)
    decision = await escalation.evaluate(rule_input)
    if decision.handoff and not always_answer:
        return Outcome(decision, None)
    if before_answer is not None:
        await before_answer()
    answer = await brain.answer(
        rule_input.text, participant=rule_input.participant, history=rule_input.history,
        language=rule_input.language or "en",
    )
    rule_input.confidence = answer.confidence
    second = await escalation.evaluate(rule_input)
    if decision.handoff and not second.handoff:
        second = decision  # a first-pass handoff stands whatever the answer
    if answer.wants_human and not second.handoff:
        second.handoff = True
        second.tags.append("human-requested")
        second.reasons.append(
            Reason("human-requested", "assistant", "the assistant offered to bring in a person")
        )
    return Outcome(second, answer)
