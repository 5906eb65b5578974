"""Word gates: the words a regular expression can't match without, so that a message that has none
of them is ruled out by one set test instead of a regex search.

Most of a message's patterns don't match it, and a search costs microseconds where a set test
costs a fraction of one. Tokens are the runs of letters and digits of a text (as in
bot/escalation/text.py), so wherever a pattern's literal matches, each run of letters and digits
inside that literal starts a token of the text; so does its first run when the pattern puts a word
boundary (\\b) before it. A gate is the set of such runs, one per way the pattern can start, cut
to WORD_START_CHARS characters; a text whose word beginnings include none of them can't match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

try:  # Python 3.11+ names; the old aliases warn
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse as sre_parser  # type: ignore[no-redef]

#: How many leading characters of a word a gate compares (a longer word is known by its beginning).
WORD_START_CHARS = 8

_WORD_RUN = re.compile(r"[^\W_]+")
_PREFIX_LENGTHS = tuple(range(1, WORD_START_CHARS + 1))
_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)
_GROUPS = (sre_constants.SUBPATTERN, sre_constants.BRANCH)
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def word_starts(words: Iterable[str]) -> frozenset[str]:
    """Every beginning (up to WORD_START_CHARS characters) of every word: what gates are tested on."""
    return frozenset({word[:n] for word in words for n in _PREFIX_LENGTHS})


def word_gate(patterns: list[str]) -> frozenset[str] | None:
    """The word beginnings one of which a text must have for any of `patterns` to match, or None
    when some pattern can start otherwise than with a literal holding a whole run of letters:
    `\\b(?:pedido|order)s? ...` gives {"pedido", "order"}, `\\bi don t (?:know|care)` {"know",
    "care"}, ` (?:waive|waived) ` {"waive", "waived"}. Each literal gives its longest run."""
    gate: set[str] = set()
    for pattern in patterns:
        try:
            parsed = sre_parser.parse(pattern)
        except (re.error, TypeError, ValueError):
            return None
        if parsed.state.flags & sre_constants.SRE_FLAG_IGNORECASE or _has_local_flags(list(parsed)):
            return None
        literals = _starting_literals(list(parsed), bounded=False)
        if not literals:
            return None
        for literal in literals:
            # A run after the literal's first character follows a non-letter, so starts a token; a
            # bounded literal was given a leading space for its boundary.
            runs = [m.group() for m in _WORD_RUN.finditer(literal) if m.start() > 0]
            if not runs:
                return None
            gate.add(max(runs, key=len)[:WORD_START_CHARS])
    return frozenset(gate)


def literal_gate(patterns: list[str]) -> tuple[str, ...] | None:
    """Literal strings one of which must occur in any text the patterns match, when that is
    cheap to know: every pattern starts (after \\b or ^) with a literal or an alternation of
    literals of three characters or more, and there are few of them. None: no shortcut."""
    literals: set[str] = set()
    for pattern in patterns:
        try:
            found = _first_literals(list(sre_parser.parse(pattern)))
        except (re.error, TypeError, ValueError):
            return None
        if found is None:
            return None
        literals |= found
    if not literals or len(literals) > 8 or min(len(x) for x in literals) < 3:
        return None
    return tuple(sorted(literals))


def _starting_literals(items: list, bounded: bool) -> set[str] | None:  # type: ignore[type-arg]
    """The literals a match of `items` can start with (a leading space marks one right after a
    word boundary); None when some way through the pattern starts with something else."""
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        bounded = bounded or (items[i][0] is sre_constants.AT and items[i][1] is sre_constants.AT_BOUNDARY)
        i += 1
    if i >= len(items):
        return None
    op, av = items[i]
    rest = items[i + 1 :]
    if op is sre_constants.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            found = _starting_literals(list(alternative) + rest, bounded)
            if found is None:
                return None
            out |= found
        return out
    if op is sre_constants.SUBPATTERN:
        return _starting_literals(list(av[3]) + rest, bounded)
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[0] == 0:
        with_it = _starting_literals(list(av[2]) + rest, bounded)
        without = _starting_literals(rest, bounded)
        return None if with_it is None or without is None else with_it | without
    if op is sre_constants.LITERAL:
        found = _first_literals(items[i:])
        if found is None:
            return None
        return {" " + literal for literal in found} if bounded else found
    return None


def _has_local_flags(items: list) -> bool:  # type: ignore[type-arg]
    """Whether a group anywhere sets its own flags (`(?i:...)`), which literal tests can't follow."""
    for op, av in items:
        if op is sre_constants.SUBPATTERN:
            if av[1] or av[2] or _has_local_flags(list(av[3])):
                return True
        elif op is sre_constants.BRANCH:
            if any(_has_local_flags(list(alt)) for alt in av[1]):
                return True
        elif op in _REPEATS:
            if _has_local_flags(list(av[2])):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) and _has_local_flags(list(av[1])):
            return True
    return False


def _first_literals(items: list) -> set[str] | None:  # type: ignore[type-arg]
    """The literal text every match of `items` starts with, per alternative; None: not all do."""
    i = 0
    while i < len(items) and items[i][0] is sre_constants.AT:
        i += 1
    if i >= len(items):
        return None
    op, av = items[i]
    if op is sre_constants.LITERAL:
        chars = []
        while i < len(items) and items[i][0] is sre_constants.LITERAL:
            chars.append(chr(items[i][1]))
            i += 1
        prefix = "".join(chars)
        # The parser factors common prefixes out ("re(fund|turn)"): join the next group back on.
        rest = _first_literals(items[i:]) if i < len(items) and items[i][0] in _GROUPS else None
        return {prefix + r for r in rest} if rest else {prefix}
    if op is sre_constants.SUBPATTERN:
        return _first_literals(list(av[3]))
    if op is sre_constants.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            found = _first_literals(list(alternative))
            if found is None:
                return None
            out |= found
        return out
    return None


class GatedPattern:
    """A compiled pattern that is searched only in a text whose word beginnings (`word_starts`)
    include one of its gate's. Made by `gated`; a pattern with no gate is always searched."""

    __slots__ = ("compiled", "gate")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.compiled = re.compile(pattern, flags)
        self.gate = None if flags & re.IGNORECASE else word_gate([pattern])

    @property
    def pattern(self) -> str:
        """The pattern's source, as `re.Pattern.pattern`."""
        return self.compiled.pattern

    def search(self, text: str, starts: frozenset[str]) -> re.Match[str] | None:
        """As `re.Pattern.search`; `starts` are the word beginnings of `text` (or more)."""
        if self.gate is not None and starts.isdisjoint(self.gate):
            return None
        return self.compiled.search(text)

    def finditer(self, text: str, starts: frozenset[str]) -> Iterator[re.Match[str]]:
        """As `re.Pattern.finditer`; `starts` are the word beginnings of `text` (or more)."""
        if self.gate is not None and starts.isdisjoint(self.gate):
            return iter(())
        return self.compiled.finditer(text)


def gated(pattern: str, flags: int = 0) -> GatedPattern:
    """`re.compile` for the detectors' patterns, with a word gate in front."""
    return GatedPattern(pattern, flags)
