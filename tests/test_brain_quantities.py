"""A customer who names their own figure ("a £220 camera", "a 6 kg box") is answered with the row or
sentence their figure falls in, first: not the row for the other side of the threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.brain.answerer import OfflineBrain
from bot.brain.embeddings import LocalEmbedder
from bot.brain.factory import create_brain
from bot.brain.quantities import Quantity, Span, fitting, named, spans
from bot.models import Message, Participant
from bot.settings import load_settings

BUYER = Participant(role="buyer")
EARLIER = [Message("1-0", "c", "bot", "Hi!", 0.0)]  # so no greeting comes before the answer

CUSTOMS = """---
title: Import charges on orders from abroad
audience: buyer
url: https://help.test/import-charges
---

Whether you pay anything on delivery depends on where the seller ships from and what the order is worth.

| Route | Value of the order | What you pay on delivery |
| --- | --- | --- |
| EU seller to a UK address | Over £135 | Import VAT and the courier's £8 handling fee |
| EU seller to a UK address | Up to £135 | Nothing, VAT was charged at checkout |
| UK seller to an EU address | Over €150 | Import VAT, duty and a handling fee |
| UK seller to an EU address | Up to €150 | Nothing, VAT was charged at checkout |

Gifts between private people are treated like any other order.
"""

RETURN_LABELS = """---
title: Return labels
audience: buyer
url: https://help.test/return-labels
---

For a change-of-mind return you can print a prepaid label from your order page. Its price depends on the weight of the parcel:

| Parcel weight | Label price |
| --- | --- |
| Up to 30 kg | €9.95 |
| Up to 2 kg | €3.50 |
| Up to 10 kg | €5.95 |

The label price is taken off your refund. Faulty items always go back for free.
"""


@pytest.fixture(scope="module")
def embedder() -> LocalEmbedder:
    return LocalEmbedder()


@pytest.fixture
async def brain(tmp_path: Path, embedder: LocalEmbedder) -> OfflineBrain:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "import-charges.md").write_text(CUSTOMS)
    (kb / "return-labels.md").write_text(RETURN_LABELS)
    made = await create_brain(load_settings(BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(tmp_path / "index")), embedder)
    assert isinstance(made, OfflineBrain)
    return made


async def first_line(brain: OfflineBrain, question: str) -> str:
    answer = await brain.answer(question, participant=BUYER, history=EARLIER)
    return answer.text.strip().splitlines()[0]


async def test_the_row_for_the_customers_own_amount_comes_first(brain: OfflineBrain) -> None:
    over = await first_line(brain, "buying a £220 camera from a seller in italy, i live in leeds. will i pay anything at the door?")
    assert "Over £135" in over and "Import VAT" in over, over
    under = await first_line(brain, "buying a £60 camera from a seller in italy, i live in leeds. will i pay anything at the door?")
    assert "Up to £135" in under and "Nothing" in under, under
    euro = await first_line(brain, "i live in lyon and im buying a 200 € pen from a british seller, do i pay something on delivery?")
    assert "Over €150" in euro, euro


async def test_the_narrowest_range_that_holds_the_figure_wins(brain: OfflineBrain) -> None:
    """6 kg is "up to 10 kg" and "up to 30 kg" both; the price the customer pays is said first."""
    for question, price in (("how much is the return label? the box weighs about 6 kg", "€5.95"),
                            ("what do i pay for the label, parcel is 1,5 kilos", "€3.50")):
        text = (await brain.answer(question, participant=BUYER, history=EARLIER)).text
        prices = [p for p in ("€3.50", "€5.95", "€9.95") if p in text]
        assert prices and min(prices, key=text.index) == price, text


def test_figures_and_ranges_are_read_in_each_language_and_number_format() -> None:
    assert named("its a 1.200 € sofa, like 40 kilos and 2m long") == (
        Quantity("eur", 1200.0), Quantity("kg", 40.0), Quantity("cm", 200.0))
    assert named("order 4411, bought 3 weeks ago") == (), "a bare number is no figure"
    assert spans("Orders of €15 / £12 or more must be sent with tracking") == (
        Span("eur", 15.0, float("inf")), Span("gbp", 12.0, float("inf")))
    assert spans("Klarna está disponible para pedidos de 35 a 1.500 €") == (Span("eur", 35.0, 1500.0),)
    assert spans("Sperrgut: ab 30 kg oder länger als 150 cm") == (Span("kg", 30.0, float("inf")), Span("cm", 150.0, float("inf")))
    assert spans("jusqu'à 2 500 € par commande") == (Span("eur", 0.0, 2500.0),)
    assert spans("Delivery takes 7-15 working days") == (), "days are no figure a customer names"


def test_a_threshold_far_from_the_figure_says_nothing_about_it() -> None:
    """"minimum €0.50" is not about a €150 chair; "covers up to €2,500" is the limit a €3,000 table is over."""
    assert fitting(named("sold a chair for 150 euros"), ["Instant payout: 1% (minimum €0.50)."]) == [0.0]
    assert fitting(named("a 3000 € table"), ["Cover is up to €2,500 per order.", "Orders above €500 need a signature."]) == [0.5, 0.0]
