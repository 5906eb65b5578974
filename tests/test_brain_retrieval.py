"""Retrieval's word side: customers' words reach the help centre's terms, and typos are repaired with care."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.brain.embeddings import LocalEmbedder
from bot.brain.index import load_index
from bot.brain.lexical import Lexicon, default_thesaurus
from bot.brain.retrieval import Query, Retriever

DOCUMENTS = [
    "When will I get my refund? Refunds are paid to your original payment method.",
    "Track your parcel: the carrier scans it at every depot.",
    "Page layout of the help centre and its search box.",
]


def test_a_customer_phrase_matches_the_help_centres_term() -> None:
    plain, widened = Lexicon(DOCUMENTS), Lexicon(DOCUMENTS, thesaurus=default_thesaurus())
    bm25, coverage = plain.scores("I want my money back")
    assert bm25[0] == 0.0 and coverage[0] == 0.0
    bm25, coverage = widened.scores("I want my money back")
    assert bm25[0] > 0.0 and coverage[0] > 0.5  # "money back" counts as covered, "want" does not
    assert bm25[1] == 0.0 and bm25[2] == 0.0
    # Articles and possessives don't break a phrase; unrelated words don't trigger it.
    assert [e.terms for e in default_thesaurus().expansions("the buyer reversed a payment")] == [("chargeback",)]
    assert default_thesaurus().expansions("the parcel is back home") == []


def test_typo_repair_fixes_slips_but_not_other_words() -> None:
    lexicon = Lexicon(DOCUMENTS + ["Tracking numbers and delivery updates"])
    assert lexicon.correct("where is my refnud") == "where is my refund"
    assert lexicon.correct("the trackng link is broken") == "the tracking link is broken"
    # "packge" is a slip of "package", a real word the help centre lacks, not of its "page".
    assert lexicon.correct("my packge never came") == "my packge never came"
    # "rebate" is a word, even though the model's vocabulary lacks it; it is no slip of "rate".
    assert lexicon.correct("I want a rebate") == "I want a rebate"


@pytest.mark.parametrize(
    ("question", "role", "article"),
    [
        ("I want to talk to a live agent", "buyer", "talk-to-a-person"),
        ("where can I get the bill for my purchase", "buyer", "invoices-and-vat"),
        ("is there a coupon for my first order", "buyer", "promo-codes"),
    ],
)
def test_everyday_words_find_the_shipped_article(
    shipped_index: Path, embedder: LocalEmbedder, question: str, role: str, article: str
) -> None:
    retriever = Retriever(load_index(shipped_index, embedder))
    vector = np.asarray(embedder.encode([question])[0])
    result = retriever.search([Query(text=retriever.correct(question), vector=vector)], role)  # type: ignore[arg-type]
    assert result.hits[0].slug == article and result.confidence >= 0.5
