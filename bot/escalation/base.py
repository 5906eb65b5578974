"""The escalation package's contract with the router: evaluate rules, mask sensitive data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.models import Decision, Message, Participant


@dataclass(slots=True)
class RuleInput:
    """Everything a rule may look at for one customer message (text already masked)."""

    text: str
    participant: Participant
    channel: str
    history: Sequence[Message] = field(default_factory=list)
    confidence: float | None = None  # None on the first pass, before the brain has answered
    sensitive_found: Sequence[str] = field(default_factory=list)  # kinds masked, e.g. "card"
    language: str | None = None  # None: the rules engine detects it
    # True: `text` came from `Escalation.mask`, so `sensitive_found` is all there is to find (the
    # rules don't search the text for sensitive data again); False: they do.
    masked: bool = False


class Escalation(Protocol):
    """Decides, from the admins' rules, which tags a message gets and whether a person takes over."""

    def mask(self, text: str) -> tuple[str, list[str]]:
        """The text with sensitive data masked, and the kinds found (e.g. ["card"])."""
        ...

    def language_of(self, rule_input: RuleInput) -> str:
        """The language the message is written in (as given, else detected)."""
        ...

    async def evaluate(self, rule_input: RuleInput, *, models: bool = True) -> Decision:
        """Tags, reasons and the handoff decision for one message. `models=False`: only the
        conditions that need no embedding model (keywords, patterns, sensitive data, a request for
        a person, tiers, language), at a fraction of a millisecond."""
        ...
