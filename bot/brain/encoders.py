"""Which model reads a message: the main model, or the multilingual one for other languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from bot.brain.embeddings import (
    DEFAULT_MODEL_CACHE,
    LocalEmbedder,
    ModelChoice,
    Precision,
)
from bot.language import DEFAULT_LANGUAGES, LanguageDetector


@dataclass(frozen=True)
class TextEncoders:
    """The embedding models of a process and the language detector that picks between them.

    `main` reads the default language (and every language when it is multilingual itself);
    `multilingual` reads the others. A message in another language never meets the English-only
    model, and an English message never pays for the multilingual one (~5x the CPU).
    """

    main: LocalEmbedder
    multilingual: LocalEmbedder | None = None
    detector: LanguageDetector = field(default_factory=LanguageDetector)
    # Which model the rules' `meaning` conditions judge a message by: "multilingual" (always the
    # multilingual one: far better on English too, at ~23 ms more CPU per English message) or
    # "reader" (the model that read it: MiniLM for English, no extra CPU; docs/benchmarks.md#meaning).
    meaning_by: MeaningBy = "multilingual"
    # Where the models' exports and the rules' example vectors are kept (BOT_MODEL_CACHE).
    model_cache: Path = DEFAULT_MODEL_CACHE

    def for_language(self, language: str) -> LocalEmbedder:
        """The model that reads `language` (the main one when no other is loaded)."""
        if self.main.multilingual or language == "en" or self.multilingual is None:
            return self.main
        return self.multilingual

    def judge_for(self, reader: LocalEmbedder) -> LocalEmbedder:
        """The model that judges meanings for a message that `reader` read."""
        if self.meaning_by == "reader" or self.multilingual is None:
            return reader
        return self.multilingual

    @property
    def all(self) -> list[LocalEmbedder]:
        """Every distinct model loaded."""
        return [self.main] if self.multilingual is None or self.multilingual is self.main else [
            self.main, self.multilingual]


MeaningBy = Literal["reader", "multilingual"]


@cache
def shared_multilingual() -> LocalEmbedder:
    """The multilingual model, loaded once per process (every part of a process shares it)."""
    return LocalEmbedder(model="e5-small")


def load_encoders(
    model: ModelChoice = "minilm",
    precision: Precision = "auto",
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    model_cache: Path = DEFAULT_MODEL_CACHE,
    main: LocalEmbedder | None = None,
    meaning_by: MeaningBy = "multilingual",
) -> TextEncoders:
    """The models for these settings: the multilingual one is loaded only when it is needed."""
    detector = LanguageDetector(languages)
    detector.check()
    main = main or LocalEmbedder(model=model, precision=precision, model_cache=model_cache)
    needs_other = not main.multilingual and any(code != "en" for code in detector.languages)
    multilingual = shared_multilingual() if needs_other else None
    return TextEncoders(main=main, multilingual=multilingual, detector=detector, meaning_by=meaning_by,
                        model_cache=model_cache)
