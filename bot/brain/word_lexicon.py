"""A customer's Spanish, German or French words, read as the English words a help centre uses.

The multilingual model places "¿cuánto tarda el reembolso a PayPal?" near the English refund
article, but often nearer a neighbouring one. The question's own words say more: "reembolso" is
"refund", "tarda" is "long". This lexicon pairs each word of the three languages with the English
words that occur in the same questions' English versions far more often than apart, learnt from
parallel questions (`parallel_questions.jsonl`: marketplace customers' questions, each said in
English, Spanish, German and French, written for no marketplace in particular), by the Dice
coefficient of the two words' question counts. A word it doesn't know (a product name, a figure,
"PayPal") is kept as it is. The English words are then searched as an English question would be
(docs/brain.md#words-in-english).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.brain.lexical import content_words, folded

PARALLEL_QUESTIONS = Path(__file__).with_name("parallel_questions.jsonl")
LANGUAGES = ("es", "de", "fr")
MIN_QUESTIONS = 2  # a pair seen in one question only is chance
MIN_DICE = 0.3  # 2 * together / (questions with the word + questions with the English word)
PER_WORD = 2  # "reembolso" -> "refund refunded": both forms help BM25 and the model


class ParallelQuestionsError(ValueError):
    """A line of the parallel questions file is not a question in all four languages."""


@dataclass(frozen=True, slots=True)
class WordLexicon:
    """Per language, a folded word and its English words, best first."""

    words: Mapping[str, Mapping[str, tuple[str, ...]]]

    def english(self, text: str, language: str) -> str:
        """The text's content words in English where the lexicon knows them, the others as they
        are; "" for a language it has no words for, or a text with no content words."""
        known = self.words.get(language)
        if not known:
            return ""
        said = [" ".join(known.get(folded(word), (word,))) for word in content_words(text)]
        return " ".join(said)


def learn(pairs: Iterable[tuple[str, str]], *, min_questions: int = MIN_QUESTIONS, min_dice: float = MIN_DICE,
          per_word: int = PER_WORD) -> dict[str, tuple[str, ...]]:
    """Word pairs from (question, its English version) pairs: for each folded content word of the
    questions, up to `per_word` English words whose Dice coefficient with it is at least
    `min_dice`, over at least `min_questions` questions together."""
    alone: Counter[str] = Counter()
    english: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for question, in_english in pairs:
        said = {folded(w) for w in content_words(question)}
        meant = set(content_words(in_english))
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
    return WordLexicon({language: learn((row[language], row["en"]) for row in rows) for language in LANGUAGES})


@cache
def shipped_lexicon() -> WordLexicon:
    """The lexicon learnt from the parallel questions shipped with Baton (once per process)."""
    return learn_lexicon(read_parallel_questions(PARALLEL_QUESTIONS))
