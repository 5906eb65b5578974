"""A customer's Spanish, German or French words, read as the English words a help centre uses.

The multilingual model places "¿cuánto tarda el reembolso a PayPal?" near the English refund
article, but often nearer a neighbouring one. The question's own words say more: "reembolso" is
"refund", "tarda" is "long". This lexicon pairs each word of the three languages with the English
words that occur in the same questions' English versions far more often than apart, learnt from
parallel questions (`parallel_questions.jsonl`: marketplace customers' questions, each said in
English, Spanish, German and French, written for no marketplace in particular), by the Dice
coefficient of the two words' question counts. A word it doesn't know is read as another form of
one it does where the two share their beginning ("tardará" as "tardar"), else kept as it is (a
product name, a figure, "PayPal"). The English words are then searched as an English question would be
(docs/brain.md#words-in-english).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from os.path import commonprefix
from pathlib import Path

from bot.brain.lexical import content_words, folded

PARALLEL_QUESTIONS = Path(__file__).with_name("parallel_questions.jsonl")
LANGUAGES = ("es", "de", "fr")
MIN_QUESTIONS = 2  # a pair seen in one question only is chance
MIN_DICE = 0.3  # 2 * together / (questions with the word + questions with the English word)
PER_WORD = 2  # "reembolso" -> "refund refunded": both forms help BM25 and the model
# What is left of an English contraction once split at its apostrophe ("didn't" -> "didn", "t"):
# not a word any question's word means.
CONTRACTED = frozenset({"d", "s", "t", "m", "ll", "re", "ve", "don", "didn", "doesn", "isn", "aren", "wasn", "weren",
                        "hasn", "haven", "hadn", "won", "wouldn", "couldn", "shouldn", "can"})
# A word the lexicon hasn't seen is read as another form of a word it has ("tarda" as "tardar",
# "Rücksendung" as "Rücksendungen"): see WordLexicon.known_form.
STEM_CHARS = 5
ENDING_CHARS = 3


class ParallelQuestionsError(ValueError):
    """A line of the parallel questions file is not a question in all four languages."""


@dataclass(frozen=True, slots=True)
class WordLexicon:
    """Per language, a word (as `spelling` writes it) and its English words, best first."""

    words: Mapping[str, Mapping[str, tuple[str, ...]]]
    ordered: Mapping[str, tuple[str, ...]]  # per language, its known words sorted

    @classmethod
    def of(cls, words: Mapping[str, Mapping[str, tuple[str, ...]]]) -> WordLexicon:
        """The lexicon of these word pairs."""
        return cls(words, {language: tuple(sorted(known)) for language, known in words.items()})

    def english(self, text: str, language: str) -> str:
        """The text's content words in English where the lexicon knows them, the others as they
        are; "" for a language it has no words for, or a text with no content words."""
        known = self.words.get(language)
        if not known:
            return ""
        said = []
        for word in content_words(text):
            key = spelling(word, language)
            form = key if key in known else self.known_form(key, language)
            said.append(" ".join(known[form]) if form else word)
        return " ".join(said)

    def known_form(self, key: str, language: str) -> str | None:
        """The known word that `key` (as `spelling` writes it) is another form of, or None: the one
        sharing the longest beginning with it, at least STEM_CHARS letters, where neither word
        goes on past it by more than ENDING_CHARS letters."""
        if len(key) < STEM_CHARS:
            return None
        ordered = self.ordered[language]
        at = bisect_left(ordered, key[:STEM_CHARS])
        best: tuple[int, int, str] | None = None
        while at < len(ordered) and ordered[at].startswith(key[:STEM_CHARS]):
            word = ordered[at]
            shared = len(commonprefix((key, word)))
            if len(key) - shared <= ENDING_CHARS and len(word) - shared <= ENDING_CHARS:
                rank = (-shared, abs(len(word) - len(key)), word)
                if best is None or rank < best:
                    best = rank
            at += 1
        return best[2] if best else None


def spelling(word: str, language: str) -> str:
    """How a word is looked up: accents folded, and in German "ue" read as "ü" (so "Rueckgabe"
    and "Rückgabe" meet)."""
    word = folded(word)
    if language == "de":
        word = word.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return word


def learn(pairs: Iterable[tuple[str, str]], language: str = "", *, min_questions: int = MIN_QUESTIONS,
          min_dice: float = MIN_DICE, per_word: int = PER_WORD) -> dict[str, tuple[str, ...]]:
    """Word pairs from (question in `language`, its English version) pairs: for each content word
    of the questions, as `spelling` looks it up, up to `per_word` English words whose Dice coefficient with it is at least
    `min_dice`, over at least `min_questions` questions together."""
    alone: Counter[str] = Counter()
    english: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for question, in_english in pairs:
        said = {spelling(w, language) for w in content_words(question)}
        meant = set(content_words(in_english)) - CONTRACTED
        alone.update(said)
        english.update(meant)
        together.update((a, b) for a in said for b in meant)
    candidates: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (word, translation), count in together.items():
        if count < min_questions:
            continue
        dice = 2 * count / (alone[word] + english[translation])
        if dice >= min_dice:
            candidates[word].append((dice, translation))
    # Ties broken by the English word, so the lexicon is the same on every run.
    return {word: tuple(t for _, t in sorted(found, key=lambda c: (-c[0], c[1]))[:per_word])
            for word, found in candidates.items()}


def read_parallel_questions(path: Path) -> list[dict[str, str]]:
    """The file's questions, each {"en", "es", "de", "fr"}; a bad line is refused with file:line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ParallelQuestionsError(f"{path}:{number}: not JSON ({error.msg})") from None
        if not isinstance(row, dict) or any(not isinstance(row.get(k), str) or not row[k].strip()
                                            for k in ("en", *LANGUAGES)):
            raise ParallelQuestionsError(f"{path}:{number}: needs the question in en, es, de and fr")
        rows.append(row)
    return rows


def learn_lexicon(rows: list[dict[str, str]]) -> WordLexicon:
    """The lexicon of every language the rows are written in besides English."""
    return WordLexicon.of({language: learn(((row[language], row["en"]) for row in rows), language)
                           for language in LANGUAGES})


@cache
def shipped_lexicon() -> WordLexicon:
    """The lexicon learnt from the parallel questions shipped with Baton (once per process)."""
    return learn_lexicon(read_parallel_questions(PARALLEL_QUESTIONS))
