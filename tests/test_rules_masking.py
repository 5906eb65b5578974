"""Sensitive data is masked before the text goes anywhere: cards, IBANs, national ids, passwords."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.escalation.engine import RulesEngine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine() -> RulesEngine:
    return RulesEngine.from_file(ROOT / "config" / "rules.yaml", None)


@pytest.mark.parametrize(
    ("text", "masked", "kinds"),
    [
        ("my card is 4111 1111 1111 1111 exp 09/28", "my card is **** **** **** 1111 exp 09/28", ["card"]),
        ("use 5555-5555-5555-4444 instead", "use **** **** **** 4444 instead", ["card"]),
        ("amex 378282246310005 please", "amex **** **** **** 0005 please", ["card"]),
        ("IBAN: GB82 WEST 1234 5698 7654 32, thanks", "IBAN: GB** **** **** 5432, thanks", ["iban"]),
        ("pay to DE89370400440532013000", "pay to DE** **** **** 3000", ["iban"]),
        ("my SSN is 123-45-6789", "my SSN is ***-**-6789", ["national_id"]),
        ("my password is hunter2", "my password is ********", ["password"]),
        ("login anna@example.com password: Sunflower", "login anna@example.com password: ********", ["password"]),
        ("mot de passe est chaton42", "mot de passe est ********", ["password"]),
        ("the 2fa code I got is 482913", "the 2fa code I got is ********", ["password"]),
        (
            "card 4242424242424242 and my password is s3cret!",
            "card **** **** **** 4242 and my password is ********",
            ["card", "password"],
        ),
    ],
)
def test_sensitive_data_is_masked_keeping_only_what_staff_need(
    engine: RulesEngine, text: str, masked: str, kinds: list[str]
) -> None:
    assert engine.mask(text) == (masked, kinds)


@pytest.mark.parametrize(
    "text",
    [
        "card 4111 1111 1111 1112 was declined",  # fails the Luhn check
        "order 113542617735902 has not arrived",  # Luhn-valid by chance, but no card network starts with 1
        "tracking 01905523411872 hasn't moved",
        "GB82 WEST 1234 5698 7654 33 is my iban",  # bad checksum
        "call me on 555-123-4567",
        "my password is not working",
        "I forgot my password, how do I reset it?",
        "What does IBAN mean on the payout page?",
        "I paid with the card ending in 1111",
    ],
)
def test_ordinary_numbers_and_words_are_left_alone(engine: RulesEngine, text: str) -> None:
    assert engine.mask(text) == (text, [])


async def test_the_original_number_never_reaches_the_decision(engine: RulesEngine) -> None:
    from bot.escalation.base import RuleInput
    from bot.models import Participant

    masked, kinds = engine.mask("refund to 4111111111111111 please")
    decision = await engine.evaluate(
        RuleInput(text=masked, participant=Participant(), channel="webchat", sensitive_found=kinds)
    )
    assert decision.handoff and decision.tags[0] == "critical"
    assert all("4111111111111111" not in r.detail for r in decision.reasons)
    assert "sensitive data: card" in [r.detail for r in decision.reasons]
