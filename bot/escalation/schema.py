"""The shape of `config/rules.yaml`, validated with pydantic (documented in docs/rules.md)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.escalation.sensitive import KINDS
from bot.escalation.text import regex_source

Role = Literal["buyer", "vendor"]
SensitiveKind = Literal["card", "iban", "bank_account", "national_id", "password"]
TAG_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _compile_regex(pattern: str) -> str:
    try:
        re.compile(regex_source(pattern))
    except re.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    return pattern


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


RegexText = Annotated[str, AfterValidator(_compile_regex)]
NonBlank = Annotated[str, AfterValidator(_non_blank)]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


WORD_LIST_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_WORD_LIST_USE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_WORD_LIST_ITEM = re.compile(r"^\{([a-z][a-z0-9_]*)\}$")
_PATTERN_SYNTAX = re.compile(r"[\\()\[\]?*+|{}^$.]")


def named_word_list(name: str, word_lists: dict[str, list[str]]) -> list[str]:
    """The items of the file's word list `name`; a ValueError naming the lists there are if none."""
    if name not in word_lists:
        known = ", ".join(sorted(word_lists)) or "none"
        raise ValueError(f"no word list {{{name}}} under `words:` (the file has: {known})")
    return word_lists[name]


def expand_word_lists(pattern: str, word_lists: dict[str, list[str]]) -> str:
    """`pattern` with each `{name}` of the file's `words:` replaced by its alternatives:
    `{opened} (?:\\w+ ){0,2}{claim}` → `(?:hice|abri|opened) (?:\\w+ ){0,2}(?:reclamo|claim)`."""

    def alternatives(m: re.Match[str]) -> str:
        return "(?:" + "|".join(named_word_list(m.group(1), word_lists)) + ")"

    return _WORD_LIST_USE.sub(alternatives, pattern)


class KeywordsSpec(_Strict):
    """Whole words or phrases; `typos` overrides the file's `typos` setting.

    An item written `'{name}'` stands for every phrase of the file's word list `name`
    (`RulesFile.words`), which must hold plain words, not pattern fragments.
    """

    words: list[NonBlank] = Field(min_length=1)
    typos: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, dict) or not isinstance(value.get("words"), list):
            return value
        items = value["words"]
        if not any(isinstance(w, str) and _WORD_LIST_ITEM.match(w) for w in items):
            return value
        word_lists = (info.context or {}).get("words")
        if not isinstance(word_lists, dict):
            raise ValueError("a keyword names a word list ({name}) but the file has no `words:`")  # noqa: TRY004 - pydantic reports a ValueError with its line
        expanded: list[Any] = []
        for item in items:
            named = _WORD_LIST_ITEM.match(item) if isinstance(item, str) else None
            if named is None:
                expanded.append(item)
                continue
            name = named.group(1)
            phrases = [str(w) for w in named_word_list(name, word_lists)]
            fragments = [w for w in phrases if _PATTERN_SYNTAX.search(w)]
            if fragments:
                raise ValueError(f"word list {{{name}}} holds pattern fragments ({fragments[0]!r}): name it in a `regex:`, "
                                 "keywords take plain words")
            expanded.extend(phrases)
        return {**value, "words": expanded}


class RegexSpec(_Strict):
    """Regular expressions searched in the folded text; `typos` overrides the file's setting.

    A pattern may name a word list of the file (`{opened}`, see `RulesFile.words`): `patterns` are
    then the expanded expressions, `written` the patterns as the file has them (shown in reasons).
    """

    patterns: list[RegexText] = Field(min_length=1)
    typos: bool | None = None
    written: list[str] = Field(default_factory=list, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, value: Any, info: ValidationInfo) -> Any:
        word_lists = (info.context or {}).get("words")
        if isinstance(value, dict) and "written" in value:
            # Filled in here, never by the file: a hand-written one would skip the expansion.
            raise ValueError("`written` is not a key of `regex:` (Baton keeps the patterns as written itself)")
        if not isinstance(value, dict) or not isinstance(value.get("patterns"), list):
            return value
        patterns = value["patterns"]
        if not any(isinstance(p, str) and _WORD_LIST_USE.search(p) for p in patterns):
            return value
        if not isinstance(word_lists, dict):
            raise ValueError("a pattern names a word list ({name}) but the file has no `words:`")  # noqa: TRY004 - pydantic reports a ValueError with its line
        expanded = [expand_word_lists(p, word_lists) if isinstance(p, str) else p for p in patterns]
        return {**value, "patterns": expanded, "written": patterns}


class SimilarSpec(_Strict):
    """Example phrases matched by meaning (cosine similarity of sentence embeddings)."""

    examples: list[NonBlank] = Field(min_length=1)
    min_similarity: float = Field(gt=0.0, le=1.0)


class MeaningSpec(_Strict):
    """Messages that mean what a file of examples means (a classifier fitted at load; see meaning.py).

    `examples` is a text file (one message a line), relative to the rules file, or a list of files
    read as one meaning (e.g. every handoff file: "reads like something a person should see");
    `threshold` overrides the probability chosen by cross-validation; `false_positive_rate` gives
    this meaning its own budget of routine examples fired on, outside the settings' shared one.
    """

    examples: NonBlank | list[NonBlank]
    threshold: float | None = Field(default=None, gt=0.0, lt=1.0)
    false_positive_rate: float | None = Field(default=None, gt=0.0, lt=0.5)

    @field_validator("examples")
    @classmethod
    def _distinct_files(cls, value: str | list[str]) -> str | list[str]:
        if isinstance(value, list):
            if not value:
                raise ValueError("name at least one examples file")
            if len(set(value)) != len(value):
                raise ValueError("the same examples file is named twice")
        return value

    @property
    def files(self) -> list[str]:
        """The example files, as the rules name them."""
        return [self.examples] if isinstance(self.examples, str) else list(self.examples)


class RepeatedSpec(_Strict):
    """The same question asked `times` times, or `bot_answers` bot replies in a row without a person."""

    times: int | None = Field(default=2, ge=2)
    min_similarity: float = Field(default=0.85, gt=0.0, le=1.0)
    bot_answers: int | None = Field(default=None, ge=1)


class Condition(_Strict):
    """One `when:` node. Several keys in one node must all match (an implicit `all`)."""

    all_: list[Condition] | None = Field(default=None, alias="all", min_length=1)
    any_: list[Condition] | None = Field(default=None, alias="any", min_length=1)
    not_: Condition | None = Field(default=None, alias="not")
    keywords: KeywordsSpec | None = None
    regex: RegexSpec | None = None
    similar_to: SimilarSpec | None = None
    meaning: MeaningSpec | None = None
    language: list[NonBlank] | None = Field(default=None, min_length=1)
    high_value: Literal[True] | None = None
    llm: Literal[True] | None = None
    confidence_below: float | Literal["default"] | None = None
    role: list[Role] | None = Field(default=None, min_length=1)
    tier: list[NonBlank] | None = Field(default=None, min_length=1)
    accounts: list[NonBlank] | None = Field(default=None, min_length=1)
    accounts_file: NonBlank | None = None
    channel: list[NonBlank] | None = Field(default=None, min_length=1)
    sensitive_data: list[SensitiveKind] | None = Field(default=None, min_length=1)
    human_requested: Literal[True] | None = None
    staff_request: Literal[True] | None = None
    reports_problem: Literal[True] | None = None
    asks_in_general: Literal[True] | None = None
    accepts_offer: Literal[True] | None = None
    meaning_near: float | None = Field(default=None, gt=0.0, lt=1.0)
    repeated: RepeatedSpec | None = None

    @field_validator("keywords", mode="before")
    @classmethod
    def _keywords_list(cls, value: Any) -> Any:
        if isinstance(value, dict) and len(value) == 1 and next(iter(value.values())) is None:
            # YAML reads an unquoted `keywords: {if}` as a mapping
            raise ValueError(f"write a word list in quotes: keywords: '{{{next(iter(value))}}}'")
        if isinstance(value, str):
            return {"words": [value]}
        return {"words": value} if isinstance(value, list) else value

    @field_validator("regex", mode="before")
    @classmethod
    def _regex_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"patterns": [value]}
        return {"patterns": value} if isinstance(value, list) else value

    @field_validator("meaning", mode="before")
    @classmethod
    def _meaning_file(cls, value: Any) -> Any:
        return {"examples": value} if isinstance(value, str) else value

    @field_validator("language", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> Any:
        value = _as_list(value)
        return [v.strip().lower() if isinstance(v, str) else v for v in value] if isinstance(value, list) else value

    @field_validator("role", "tier", "channel", "accounts", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("tier", "channel", "accounts", mode="before")
    @classmethod
    def _ids_as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in value]
        return value

    @field_validator("sensitive_data", mode="before")
    @classmethod
    def _sensitive_kinds(cls, value: Any) -> Any:
        if value is True:
            return list(KINDS)
        if value is False:
            raise ValueError("`sensitive_data: false` matches nothing; use `not: {sensitive_data: true}`")
        return _as_list(value)

    @field_validator("human_requested", "staff_request", "reports_problem", "asks_in_general", "accepts_offer", "high_value",
                     "llm", mode="before")
    @classmethod
    def _only_true(cls, value: Any, info: Any) -> Any:
        if value is False:
            raise ValueError(f"`{info.field_name}: false` matches nothing; use `not: {{{info.field_name}: true}}`")
        return value

    @field_validator("repeated", mode="before")
    @classmethod
    def _repeated_true(cls, value: Any) -> Any:
        if value is True:
            return {}
        if value is False:
            raise ValueError("`repeated: false` matches nothing; use `not: {repeated: true}`")
        return value

    @field_validator("confidence_below")
    @classmethod
    def _confidence_range(cls, value: float | str | None) -> float | str | None:
        if isinstance(value, float) and not 0.0 < value <= 1.0:
            raise ValueError("must be a number between 0 and 1, or `default` for the file's threshold")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if not self.model_fields_set:
            raise ValueError(f"empty condition: use one of {', '.join(CONDITION_KEYS)}")
        return self


CONDITION_KEYS: tuple[str, ...] = tuple(
    (f.alias or name) for name, f in Condition.model_fields.items()
)


class Tag(_Strict):
    """One tag: when it fires, and what happens then (a label only, or a handoff to a person)."""

    name: str
    description: str = ""
    priority: int = 0
    handoff: bool = False
    route: NonBlank | None = None
    mention: NonBlank | None = None
    acknowledge_within: float | None = Field(default=None, gt=0)
    # What the customer is told on handoff: one text, or one per language ({en: ..., es: ...}),
    # said in the language of the message that fired (English, else the first, when it has none).
    customer_message: NonBlank | dict[str, NonBlank] | None = None
    when: Condition

    @field_validator("customer_message")
    @classmethod
    def _message_languages(cls, value: str | dict[str, str] | None) -> str | dict[str, str] | None:
        if isinstance(value, dict):
            if not value:
                raise ValueError("give the message, or one per language like {en: ..., es: ...}")
            wrong = [code for code in value if not re.fullmatch(r"[a-z]{2,3}", code)]
            if wrong:
                raise ValueError(f"{wrong[0]!r} is not a language code like en or es (lower case)")
        return value

    def customer_message_in(self, language: str) -> str | None:
        """The handoff message for a customer writing in `language`."""
        if not isinstance(self.customer_message, dict):
            return self.customer_message
        found = self.customer_message.get(language) or self.customer_message.get("en")
        return found or next(iter(self.customer_message.values()))

    @field_validator("name")
    @classmethod
    def _name_shape(cls, value: str) -> str:
        if not TAG_NAME.match(value):
            raise ValueError(f"tag name {value!r} must be lower-case letters, digits, '-' or '_'")
        return value

    @field_validator("route", "mention", mode="before")
    @classmethod
    def _ids_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class RulesSettings(_Strict):
    """File-wide settings: the main inbox, the default SLA, the brain's confidence threshold."""

    default_route: NonBlank | None = None  # None: the main inbox (SLACK_INBOX_CHANNEL or /inbox)
    acknowledge_within: float = Field(default=60.0, gt=0)
    confidence_threshold: float = Field(default=0.45, gt=0.0, le=1.0)
    typos: bool = True  # keywords and regexes also match common misspellings of their words
    # The shared negatives of every `meaning` condition: routine messages, one a line; one file or
    # a list (the shipped file and a marketplace's own questions).
    routine_examples: NonBlank | list[NonBlank] | None = None

    @field_validator("routine_examples")
    @classmethod
    def _routine_files(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and not value:
            raise ValueError("name at least one file of routine messages, or leave the setting out")
        return value

    @property
    def routine_files(self) -> list[str]:
        """`routine_examples` as a list of paths."""
        value = self.routine_examples
        return [] if value is None else [value] if isinstance(value, str) else list(value)
    # Largest share of held-out routine examples the meanings may fire on, shared equally among
    # those that don't set their own `false_positive_rate` (sets each meaning's threshold).
    meaning_false_positive_rate: float = Field(default=0.03, ge=0.0, lt=0.5)
    # Vendor tiers (as the signed identity names them) that `high_value: true` matches.
    high_value_tiers: list[NonBlank] = Field(default_factory=list)

    @field_validator("high_value_tiers", mode="before")
    @classmethod
    def _tiers(cls, value: Any) -> Any:
        value = _as_list(value)
        return [str(v) for v in value] if isinstance(value, list) else value


class RulesFile(_Strict):
    """The whole rules file."""

    settings: RulesSettings = Field(default_factory=RulesSettings)
    # Named lists of words (or short regex fragments) that patterns use as `{name}`, so that a
    # pattern reads in one glance and a list is kept in one place (docs/rules.md#word-lists).
    words: dict[str, list[RegexText]] = Field(default_factory=dict)
    tags: list[Tag]

    @field_validator("words")
    @classmethod
    def _word_list_names(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, items in value.items():
            if not WORD_LIST_NAME.match(name):
                raise ValueError(f"word list name {name!r}: lower-case letters, digits and _ (it is used as {{{name}}})")
            if not items:
                raise ValueError(f"word list {name!r} is empty")
        return value

