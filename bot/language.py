"""Which language a customer wrote in, from a short chat message (py3langid, restricted to a few)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "es", "de", "fr")
# Below this probability (among the configured languages) a message is read as the default
# language: "ok", "hola", an order number alone or "Klarna payment failed" are too short to tell.
MIN_CONFIDENCE = 0.8
MIN_LETTERS = 8


SETTLES_LETTERS = 20  # a message this long says which language a conversation is in, whichever it is


# What staff read for a conversation's language (the inbox card and page); other codes are shown as they are.
LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "de": "German", "fr": "French", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "nb": "Norwegian", "fi": "Finnish",
    "cs": "Czech", "ro": "Romanian", "tr": "Turkish", "el": "Greek", "ja": "Japanese", "zh": "Chinese",
}


def language_name(code: str | None) -> str:
    """A language code as staff read it: "Spanish (es)"; "not known yet" before the customer wrote
    enough to tell."""
    if not code:
        return "not known yet"
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


def app_language(tag: object, languages: Sequence[str]) -> str | None:
    """The language an app says its user reads (the widget's "es", Discord's locale "es-ES" or
    "zh-TW") as one of the bot's `languages`, else None: a preference, never an error."""
    if not isinstance(tag, str):
        return None
    code = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return code if code in languages else None


def settles_language(text: str) -> bool:
    """Whether `text` is long enough to decide the conversation's language on its own: "ok",
    "merci" or an order number never switch a Spanish conversation's notices to English."""
    return sum(ch.isalpha() for ch in text) >= SETTLES_LETTERS


class LanguageDetector:
    """Names the language of a message among `languages`; the first one is the default.

    py3langid's naive Bayes model over byte n-grams costs a few microseconds per message and,
    restricted to the languages a marketplace serves, tells Spanish, German and French from
    English on messages of a few words.
    """

    def __init__(self, languages: Sequence[str] = DEFAULT_LANGUAGES, min_confidence: float = MIN_CONFIDENCE) -> None:
        if not languages:
            raise ValueError("at least one language is needed")
        self.languages = tuple(dict.fromkeys(code.strip().lower() for code in languages))
        self.default = self.languages[0]
        self.min_confidence = min_confidence

    @cached_property
    def _identifier(self):  # type: ignore[no-untyped-def]
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        known = set(identifier.nb_classes)
        unknown = [code for code in self.languages if code not in known]
        if unknown:
            raise ValueError(f"unknown language code(s): {', '.join(unknown)}")
        if len(self.languages) > 1:
            identifier.set_languages(list(self.languages))
        return identifier

    def check(self) -> None:
        """Load the model now and refuse unknown language codes (ValueError)."""
        _ = self._identifier

    def detect(self, text: str) -> str:
        """The language code of `text`, or the default language when it is unclear or too short."""
        if len(self.languages) == 1 or sum(ch.isalpha() for ch in text) < MIN_LETTERS:
            return self.default
        code, probability = self._identifier.classify(text)
        return str(code) if probability >= self.min_confidence else self.default
