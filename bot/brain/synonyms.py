"""Customers' words for the help centre's own terms, so BM25 can match "money back" to "refund".

The table is general marketplace vocabulary: for each term that names a topic of the help centre
(its titles and headings: vendor, parcel, refund, invoice, gift card, payout...), the everyday
words and phrases people use for the same thing. It was written from the articles, not fitted to
any question set, and it only widens the lexical side of retrieval: a customer word still counts
as itself, and the canonical term is added beside it (see `Lexicon.scores`). The dense side needs
no help here: the embedding model already knows that a seller is a vendor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# canonical help-centre term: customer words and phrases for it
SYNONYMS: Mapping[str, Sequence[str]] = {
    "vendor": ("seller", "store", "merchant", "retailer", "supplier"),
    "buyer": ("customer", "shopper", "purchaser"),
    "order": ("purchase",),
    "parcel": ("package", "packet", "box", "shipment"),
    "carrier": ("courier", "postman", "delivery driver", "delivery company"),
    "track": ("trace", "locate"),
    "late": ("delayed", "overdue"),
    "lost": ("disappeared", "never arrived", "never came", "never showed up"),
    "damaged": ("broken", "smashed", "cracked", "shattered", "dented"),
    "faulty": ("defective", "not working", "stopped working"),
    "wrong": ("incorrect",),
    "return": ("send back", "sent back", "send it back"),
    "refund": ("reimbursement", "reimburse", "rebate", "restitution", "compensation", "money back", "repayment"),
    "exchange": ("swap", "switch"),
    "cancel": ("call off", "withdraw"),
    "commission": ("percentage", "cut"),
    "invoice": ("bill", "receipt"),
    "gift card": ("voucher", "gift voucher", "gift certificate"),
    "promo code": ("coupon", "discount code", "promotion code", "voucher code"),
    "payout": ("earnings",),
    # "A chargeback (sometimes called a payment dispute or a bank dispute)": the help centre's own words.
    "chargeback": ("payment dispute", "bank dispute", "card dispute", "dispute the payment", "dispute the charge",
                   "payment reversal", "reverse the payment", "reversed the payment"),
    "dispute": ("disagreement", "conflict"),
    "person": ("agent", "operator", "human", "representative", "advisor", "staff"),
    "contact": ("reach", "get in touch"),
    "compromised": ("hacked", "taken over"),
    "delete": ("erase", "wipe"),
    "prohibited": ("banned", "forbidden", "illegal", "not allowed"),
    "suspended": ("blocked", "deactivated", "banned"),
    "appeal": ("contest", "challenge"),
    "tier": ("level", "plan", "membership"),
    "customs": ("import duty", "duties", "tariff"),
    "holiday": ("vacation", "time off"),
    "phone": ("call", "telephone"),
    "klarna": ("buy now pay later", "pay later", "pay in instalments", "pay in installments"),
}


# Words a phrase may differ by and still be the same phrase ("reversed a payment", "reversed the payment").
DETERMINERS = frozenset({"a", "an", "the", "my", "your", "our", "their", "his", "her", "its", "this", "that", "some"})


@dataclass(frozen=True, slots=True)
class Expansion:
    """A customer phrase found in a query and the help centre's terms for it (both as match terms)."""

    phrase: tuple[str, ...]
    terms: tuple[str, ...]


class Thesaurus:
    """Finds the table's customer phrases in a query, comparing words after `normalise`."""

    def __init__(self, table: Mapping[str, Sequence[str]], split: Callable[[str], list[str]], normalise: Callable[[str], str]) -> None:
        self._split, self._normalise = split, normalise
        # Phrases by their first word, so a query is scanned once, word by word.
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for canonical, phrases in table.items():
            for phrase in phrases:
                words = self._sequence(phrase)
                if words:
                    self._by_first.setdefault(words[0], []).append((words, self._sequence(canonical)))

    def _sequence(self, text: str) -> tuple[str, ...]:
        return tuple(self._normalise(w) for w in self._split(text) if w not in DETERMINERS)

    def expansions(self, text: str) -> list[Expansion]:
        """The table's phrases that occur in `text`, each with its canonical terms (each phrase once)."""
        seq = self._sequence(text)
        found: dict[tuple[tuple[str, ...], tuple[str, ...]], Expansion] = {}
        for i, word in enumerate(seq):
            for phrase, terms in self._by_first.get(word, ()):
                if seq[i : i + len(phrase)] == phrase and (phrase, terms) not in found:
                    found[phrase, terms] = Expansion(phrase, terms)
        return list(found.values())
