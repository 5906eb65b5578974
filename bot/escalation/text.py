"""Text normalisation shared by the rules: accent/case folding, word tokens, and typo correction."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.escalation.chat_forms import chat_reading
from bot.escalation.word_gate import GatedPattern, word_starts

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_MARKS = re.compile(r"[\u0300-\u036f]")


def strip_accents(text: str) -> str:
    """`text` without combining accents (é → e), case kept: used on regex patterns."""
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFKD", text)))


# Contractions typed without the apostrophe read like the ones with it ("dont" → "don t"), so
# that rules see one form and the typo corrector never turns "dont" into "done".
_CONTRACTIONS = re.compile(
    r"\b(?:(don|can|won|isn|doesn|didn|haven|hasn|hadn|wasn|weren|aren|shouldn|couldn|wouldn|ain)t"
    r"|(i)m|(i|you|we|they)ve|(you|we|they)re|(that|what|there|it|who)s)\b"
)


def _split_contraction(m: re.Match[str]) -> str:
    groups = m.groups()
    if groups[0]:
        return f"{groups[0]} t"
    if groups[1]:
        return "i m"
    if groups[2]:
        return f"{groups[2]} ve"
    if groups[3]:
        return f"{groups[3]} re"
    return f"{groups[4]} s"


def fold(text: str) -> str:
    """Lower-case, accent-free form of `text` that keywords and regexes are matched against.

    Apostrophes read as spaces ("didn't" → "didn t"), the same as in patterns (see regex_source),
    and so do contractions typed without one ("didnt" → "didn t").
    """
    return _CONTRACTIONS.sub(_split_contraction, _APOSTROPHES.sub(" ", strip_accents(text).casefold()))


_UPPER_LITERAL = re.compile(r"(?<!\\)(?<!\(\?)[^\W\d_a-z]")


def regex_source(pattern: str) -> str:
    """A rule's regex as it is matched against folded text: accents stripped, apostrophes as spaces,
    literal letters lower-cased (escapes like \\W kept), so no slow IGNORECASE is needed."""
    plain = _APOSTROPHES.sub(" ", strip_accents(pattern))
    return _UPPER_LITERAL.sub(lambda m: m.group().casefold(), plain)


def words(text: str) -> list[str]:
    """The word tokens of `text` after folding (apostrophes split words: "don't" → don, t)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Whole English words known to the embedding model's tokenizer: words we must never 'correct'."""
    try:
        from bot.brain.embeddings import model_path

        lines = (model_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except (ImportError, OSError):
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower() and len(w) > 1)


_PATTERN_WORD = re.compile(r"[a-z]{4,}")
_PATTERN_ESCAPE = re.compile(r"\\[A-Za-z]")


def pattern_words(sources: Iterable[str]) -> set[str]:
    """The literal words (four letters or more) of regular expressions' sources: `(?:peut|pide) me`
    gives "peut", "pide"."""
    found: set[str] = set()
    for source in sources:
        found.update(_PATTERN_WORD.findall(_PATTERN_ESCAPE.sub(" ", strip_accents(source)).lower()))
    return found


def module_pattern_words(*modules: object) -> set[str]:
    """The literal words of every compiled pattern a module keeps at its top level (alone, or in a tuple)."""
    sources: list[str] = []
    for module in modules:
        for value in vars(module).values():
            items = value if isinstance(value, tuple) else (value,)
            sources.extend(item.pattern for item in items if isinstance(item, (re.Pattern, GatedPattern)))
    return pattern_words(sources)


class Speller:
    """Maps a misspelt word to the nearest word of the rules' vocabulary ("somneone" → "someone").

    Only words that are not real words (not in the tokenizer's dictionary) are corrected, so
    "compliant" never turns into "complaint" and "what" never into "chat".
    """

    def __init__(self, vocabulary: Iterable[str], known: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= 4 and w.isalpha())
        self._choices = sorted(self.vocabulary)
        # `known`: words the rules themselves look for, in any language ("peut", "pide"): real words,
        # never typos of another rule word ("peut" is not "veut").
        self._known = dictionary_words() | frozenset(known)
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """`word`, or the vocabulary word it is most likely a typo of."""
        if len(word) < 4 or word in self.vocabulary or not self._choices:
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = word
        if word.isalpha() and word not in self._known:
            limit = 1 if len(word) < 8 else 2
            best = process.extractOne(word, self._choices, scorer=OSA.distance, score_cutoff=limit)
            if best is not None:
                result = best[0]
        if len(self._cache) < 50_000:
            self._cache[word] = result
        return result


class Text:
    """One message prepared for matching: folded text, tokens, and typo-corrected tokens."""

    __slots__ = (
        "_origin",
        "_word_starts",
        "corrected",
        "corrected_set",
        "folded",
        "has_corrections",
        "padded",
        "padded_corrected",
        "raw",
        "token_set",
        "tokens",
    )

    def __init__(self, raw: str, speller: Speller | None = None, language: str | None = None,
                 rule_words: Collection[str] = ()) -> None:
        """`raw` folded and tokenised; with a `speller`, typos of rule words repaired; with a
        `language`, chat forms read as the words they stand for (bot/escalation/chat_forms.py)."""
        self.raw = raw
        self.folded = fold(raw)
        self.tokens = _WORD.findall(self.folded)
        self.padded = " " + " ".join(self.tokens) + " "
        self.token_set = frozenset(self.tokens)
        corrected = [speller.correct(t) for t in self.tokens] if speller is not None else self.tokens
        reading = chat_reading(corrected, language, rule_words) if language is not None else None
        # One corrected word per typed token, except where a chat form stands for several words
        # ("qqn" -> "quelqu un"): `_origin` keeps which typed token each corrected word comes from.
        self._origin: list[int] | None = None
        if reading is not None:
            split = [entry.split(" ") for entry in reading]
            corrected = [word for words in split for word in words]
            self._origin = [i for i, words in enumerate(split) for _ in words]
        #: whether any token was read as another word (a typo of a rule word, a chat form)
        self.has_corrections = corrected != self.tokens
        self.corrected = corrected if self.has_corrections else self.tokens
        self.padded_corrected = " " + " ".join(corrected) + " " if self.has_corrections else self.padded
        self.corrected_set = frozenset(corrected) if self.has_corrections else self.token_set
        self._word_starts: frozenset[str] | None = None

    def word_starts(self) -> frozenset[str]:
        """The beginnings of every word and corrected word, for word gates (bot/escalation/word_gate.py)."""
        if self._word_starts is None:
            self._word_starts = word_starts(self.token_set | self.corrected_set)
        return self._word_starts

    def typed_as(self, phrase: str) -> str | None:
        """What the customer actually typed where the corrected tokens read `phrase`, if different."""
        wanted = phrase.split(" ")
        corrected = self.corrected
        n = len(wanted)
        origin = self._origin
        for i in range(len(corrected) - n + 1):
            if corrected[i : i + n] == wanted:
                first, last = (origin[i], origin[i + n - 1]) if origin is not None else (i, i + n - 1)
                typed = " ".join(self.tokens[first : last + 1])
                return typed if typed != phrase else None
        return None

    def as_typed(self, phrase: str) -> str:
        """`phrase` (corrected tokens) as the customer typed it: what a reason quotes."""
        typed = self.typed_as(phrase)
        return typed if typed is not None else phrase
