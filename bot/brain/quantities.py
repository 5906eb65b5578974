"""Amounts, weights and lengths: the ones a customer names ("a £220 pen", "its like 3kg") and the
ranges a help centre's sentences and table rows give ("Over £135", "up to 10 kg", "€35-€1,500",
"bis 30 kg"), so that an answer can lead with the row the customer's own figure falls in.

Only figures with a unit are read (a currency, kg, cm); a bare number ("order 4411", "3 weeks
ago") says nothing about which row applies. Ranges are read in English, Spanish, German and French.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# A number as help centres and customers write it: 1,500 / 1.500 / 1 500 / 12.50 / 12,50.
_NUMBER = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CURRENCY_BEFORE = r"(?P<cur>[€£$])\s?"
_UNIT_AFTER = (
    r"\s?(?P<unit>€|£|\$|eur(?:os?)?\b|gbp\b|pounds?\b|quid\b|usd\b|dollars?\b|"
    r"kg\b|kilos?\b|kilograms?\b|kilogramos?\b|kilogramm\b|g\b|grams?\b|gramos?\b|gramm\b|grammes?\b|"
    r"cm\b|centim[eè]tres?\b|centimeters?\b|cent[ií]metros?\b|zentimeter\b|m\b|metres?\b|meters?\b|metros?\b|meter\b|m[eè]tres?\b)"
)
_AMOUNT = rf"(?:{_CURRENCY_BEFORE}(?P<n1>{_NUMBER})|(?P<n2>{_NUMBER}){_UNIT_AFTER})"
_AMOUNT_RE = re.compile(_AMOUNT, re.IGNORECASE)
# The same, without its named groups, to be used several times in one pattern.
_ANY_AMOUNT = re.sub(r"\(\?P<\w+>", "(?:", _AMOUNT)

_KINDS = {
    "€": ("eur", 1.0), "eur": ("eur", 1.0), "euro": ("eur", 1.0), "euros": ("eur", 1.0),
    "£": ("gbp", 1.0), "gbp": ("gbp", 1.0), "pound": ("gbp", 1.0), "pounds": ("gbp", 1.0), "quid": ("gbp", 1.0),
    "$": ("usd", 1.0), "usd": ("usd", 1.0), "dollar": ("usd", 1.0), "dollars": ("usd", 1.0),
    "kg": ("kg", 1.0), "kilo": ("kg", 1.0), "kilos": ("kg", 1.0), "kilogram": ("kg", 1.0),
    "kilograms": ("kg", 1.0), "kilogramo": ("kg", 1.0), "kilogramos": ("kg", 1.0), "kilogramm": ("kg", 1.0),
    "g": ("kg", 0.001), "gram": ("kg", 0.001), "grams": ("kg", 0.001), "gramo": ("kg", 0.001),
    "gramos": ("kg", 0.001), "gramm": ("kg", 0.001), "gramme": ("kg", 0.001), "grammes": ("kg", 0.001),
    "cm": ("cm", 1.0), "m": ("cm", 100.0),
}

# Words that make an amount an upper or a lower bound, before it ("up to €150", "hasta 10 kg",
# "ab 35 €", "plus de 150 €") or after it ("€150 or less", "10 kg o menos", "30 kg oder mehr").
_UPPER_BEFORE = (
    r"up to|under|below|less than|lighter than|shorter than|smaller than|no more than|not more than|at most|max(?:imum)?(?: of)?|within|"
    r"hasta|menos de|por debajo de|como m[aá]ximo|m[aá]ximo(?: de)?|inferior(?:es)? a|"
    r"bis(?: zu)?|unter|unterhalb von|weniger als|h[öo]chstens|maximal|leichter als|k[üu]rzer als|kleiner als|"
    r"jusqu'?[àa]|moins de|au maximum|au plus|inf[ée]rieure? [àa]|en dessous de|sous"
)
_LOWER_BEFORE = (
    r"over|above|more than|heavier than|longer than|wider than|taller than|larger than|bigger than|from|at least|min(?:imum)?(?: of)?|starting at|exceeding|beyond|"
    r"m[aá]s de|desde|a partir de|por encima de|como m[ií]nimo|m[ií]nimo(?: de)?|superior(?:es)? a|"
    r"[üu]ber|ab|mehr als|mindestens|oberhalb von|l[äa]nger als|schwerer als|gr[öo][ßs]er als|breiter als|h[öo]her als|"
    r"plus de|[àa] partir de|au-del[àa] de|d[èe]s|au moins|sup[ée]rieure? [àa]|au-dessus de"
)
_UPPER_AFTER = r"or less|or under|or below|and under|and below|or lower|o menos|oder weniger|ou moins"
_LOWER_AFTER = r"or more|and over|and above|or over|or higher|\+|o m[aá]s|oder mehr|und mehr|ou plus"
_BETWEEN = r"between|from|entre|de|desde|zwischen|von|du"
_AND = r"and|y|e|und|et|to|a|bis|[àa]"

# "€15 / £12": one bound given in two currencies.
_AMOUNTS = rf"{_ANY_AMOUNT}(?:\s?/\s?{_ANY_AMOUNT})?"
_BOUND = re.compile(
    rf"(?:\b(?:{_BETWEEN})\s+)?(?P<from>{_ANY_AMOUNT})\s?(?:[-–—]|\s(?:{_AND})\s)\s?(?P<to>{_ANY_AMOUNT})|"
    rf"(?:\b(?:{_BETWEEN})\s+)?(?P<bare_from>{_NUMBER})\s?(?:[-–—]|\s(?:{_AND})\s)\s?(?P<bare_to>{_ANY_AMOUNT})|"
    rf"\b(?P<upper>{_UPPER_BEFORE})\s+(?P<up>{_AMOUNTS})|"
    rf"\b(?P<lower>{_LOWER_BEFORE})\s+(?P<low>{_AMOUNTS})|"
    rf"(?P<after>{_AMOUNTS})\s*(?:(?P<upper_after>{_UPPER_AFTER})|(?P<lower_after>{_LOWER_AFTER}))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with its unit: the kind ("eur", "gbp", "usd", "kg", "cm") and the value in it."""

    kind: str
    value: float


@dataclass(frozen=True, slots=True)
class Span:
    """A range of one kind of quantity a sentence or row gives: [low, high], either end open."""

    kind: str
    low: float
    high: float

    def holds(self, quantity: Quantity) -> bool:
        """Whether the customer's figure falls in this range (ends included)."""
        return quantity.kind == self.kind and self.low <= quantity.value <= self.high


def number(text: str) -> float:
    """A written number as a value: "1,500" and "1.500" are fifteen hundred, "12,50" and "12.50"
    twelve and a half."""
    digits = re.sub(r"[\u00a0\u202f ]", "", text)
    whole, _, decimals = digits.rpartition(",") if re.search(r",\d{1,2}$", digits) else digits.rpartition(".")
    if whole and len(decimals) <= 2 and not re.search(r"[.,]\d{3}$", digits):
        return float(re.sub(r"[.,]", "", whole) + "." + decimals)
    return float(re.sub(r"[.,]", "", digits))


def _kind(match: re.Match[str]) -> tuple[str, float] | None:
    """The kind of an amount's unit and what one of it is in that kind (a gram: 0.001 kg)."""
    return _KINDS.get((match.group("cur") or match.group("unit") or "").lower())


def _amounts(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _AMOUNT_RE.finditer(text):
        kind = _kind(match)
        if kind is not None:
            found.append(Quantity(kind[0], number(match.group("n1") or match.group("n2")) * kind[1]))
    return found


@lru_cache(maxsize=4096)
def named(text: str) -> tuple[Quantity, ...]:
    """The amounts, weights and lengths a customer's message names ("£220", "3kg", "40 kilos")."""
    return tuple(_amounts(text))


@lru_cache(maxsize=16384)
def spans(text: str) -> tuple[Span, ...]:
    """The ranges a help centre's sentence or table row gives ("Over £135" is [135, ∞) in pounds)."""
    found: list[Span] = []
    for match in _BOUND.finditer(text):
        if match.group("up"):
            found += [Span(q.kind, 0.0, q.value) for q in _amounts(match.group("up"))]
        elif match.group("low"):
            found += [Span(q.kind, q.value, math.inf) for q in _amounts(match.group("low"))]
        elif match.group("after"):
            upper = match.group("upper_after") is not None
            found += [Span(q.kind, 0.0, q.value) if upper else Span(q.kind, q.value, math.inf)
                      for q in _amounts(match.group("after"))]
        else:
            ends = _amounts(match.group("to") or match.group("bare_to"))
            if match.group("from"):
                starts = _amounts(match.group("from"))
            else:  # "7-15 kg": the first number takes the second's unit
                unit = _AMOUNT_RE.search(match.group("bare_to"))
                kind = _kind(unit) if unit else None
                starts = [Quantity(kind[0], number(match.group("bare_from")) * kind[1])] if kind else []
            if starts and ends and starts[0].kind == ends[0].kind and starts[0].value <= ends[0].value:
                found.append(Span(ends[0].kind, starts[0].value, ends[0].value))
    return tuple(found)


NEAR = math.log(5.0)  # a bound more than five times or less than a fifth of the figure is about something else
_TIE = 0.05


def nearness(quantity: Quantity, span: Span) -> float:
    """How far the range's nearest finite end is from the figure, as a log ratio (0: the same)."""
    ends = [end for end in (span.low, span.high) if 0 < end < math.inf]
    return min((abs(math.log(quantity.value / end)) for end in ends), default=math.inf) if quantity.value > 0 else math.inf


def fitting(asked: Sequence[Quantity], texts: Sequence[str]) -> list[float]:
    """For each text, how well it answers for the customer's own figures: 1 where it gives the
    threshold nearest to a figure and its range holds the figure (a £220 order: "Over £135", not
    "Up to £135"; a 3 kg parcel: "up to 10 kg", not "up to 30 kg"), 0.5 where that nearest
    threshold leaves the figure out ("covers up to €2,500" for a €3,000 table: the limit the
    customer is over), 0 elsewhere: no figure, no range of its kind, or a threshold far from it
    ("minimum €0.50" says nothing about a €150 chair)."""
    fits = [0.0] * len(texts)
    for quantity in asked:
        best: list[tuple[float, bool]] = []
        for text in texts:
            near = [(nearness(quantity, s), s.holds(quantity)) for s in spans(text) if s.kind == quantity.kind]
            best.append(min(near, key=lambda pair: (pair[0], not pair[1]), default=(math.inf, False)))
        nearest = min((d for d, _ in best), default=math.inf)
        if nearest > NEAR:
            continue
        for i, (distance, holds) in enumerate(best):
            if distance <= nearest + _TIE:
                fits[i] = max(fits[i], 1.0 if holds else 0.5)
    return fits
