"""Order numbers in customers' words: the marketplace's patterns (ORDER_NUMBER_PATTERNS), one place.

Each pattern is a regular expression matched ignoring case, never inside a longer word or number.
The order number a match stands for is its capture groups joined with `-` and upper-cased
(`(HM)-?\\s?(\\d{4,})` reads `hm 100234` as `HM-100234`), or the whole match upper-cased when the
pattern has no capture group. See docs/orders.md#order-numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Harbor Market's numbers: HM-100234 (also written hm100234 or HM 100234).
DEFAULT_ORDER_NUMBER_PATTERNS: tuple[str, ...] = (r"(HM)-?\s?(\d{4,})",)

# A match must not sit inside a longer word or number (`XHM-100234`, `HM-1002345678X`).
_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"


class OrderNumberPatternError(ValueError):
    """A pattern cannot be used; the message quotes it and says why in one line."""


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """One order-number pattern, compiled (ignoring case, whole words only); OrderNumberPatternError if unusable."""
    try:
        alone = re.compile(pattern, re.IGNORECASE)  # compiled alone first, so an error's position is the admin's
    except re.error as exc:
        raise OrderNumberPatternError(f"'{pattern}' is not a valid regular expression: {exc}") from None
    if alone.fullmatch("") is not None:
        raise OrderNumberPatternError(f"'{pattern}' matches an empty text; it would find order numbers everywhere")
    try:
        return re.compile(f"{_EDGE_BEFORE}(?:{pattern}){_EDGE_AFTER}", re.IGNORECASE)
    except re.error as exc:  # global flags such as (?i) only work at the very start
        raise OrderNumberPatternError(f"'{pattern}' cannot be used: {exc} (leave out global flags such as (?i))") from None


class OrderNumbers:
    """Finds the marketplace's order numbers in a text and writes them one way (`HM-100234`)."""

    def __init__(self, patterns: Iterable[str] = DEFAULT_ORDER_NUMBER_PATTERNS) -> None:
        self.patterns: tuple[str, ...] = tuple(patterns)
        if not self.patterns:
            raise OrderNumberPatternError("name at least one pattern, e.g. (HM)-?\\s?(\\d{4,})")
        self._compiled = [compile_pattern(p) for p in self.patterns]

    def __repr__(self) -> str:
        return f"OrderNumbers({list(self.patterns)!r})"

    def find(self, text: str) -> list[str]:
        """The order numbers in `text`, normalised, each once, in order of appearance.

        Where two patterns match overlapping text, the match that starts first (then the longer) wins.
        """
        spans: list[tuple[int, int, str]] = []
        for pattern in self._compiled:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    spans.append((match.start(), -match.end(), _normalise(match)))
        found: list[str] = []
        taken_until = -1
        for start, negative_end, number in sorted(spans):
            if start < taken_until:
                continue
            taken_until = -negative_end
            if number not in found:
                found.append(number)
        return found

    def first(self, text: str) -> str | None:
        """The first order number in `text`, normalised, if there is one."""
        found = self.find(text)
        return found[0] if found else None


def _normalise(match: re.Match[str]) -> str:
    parts = [g for g in match.groups() if g]
    if parts:
        return "-".join(p.strip().upper() for p in parts)
    return " ".join(match.group().upper().split())
