"""Compiled `when:` conditions: each node tells whether it matches a message, and why."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from bot.escalation.base import RuleInput
from bot.escalation.general import asks_in_general
from bot.escalation.human import human_requested
from bot.escalation.meaning import Examples, FittedMeaning
from bot.escalation.offer import offered_person, says_yes
from bot.escalation.problem import reports_problem
from bot.escalation.schema import Condition, RulesSettings
from bot.escalation.sensitive import find_sensitive
from bot.escalation.staff_request import staff_request
from bot.escalation.text import Text, pattern_words, regex_source, words
from bot.escalation.word_gate import literal_gate, word_gate

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
Hit = tuple[str, str]  # (condition kind, what matched, for people)
Match = list[Hit] | None  # None: no match; a list (maybe empty) of reasons: a match
Near = tuple[float, str, float]  # (probability / threshold, examples file, probability)


@dataclass(slots=True)
class Context:
    """One message as every condition sees it; expensive parts are computed once, up front."""

    rule_input: RuleInput
    text: Text
    embedding: np.ndarray | None = None
    encoder: str = ""  # the model that made `embedding` (each has its own example vectors and fits)
    # What `meaning` conditions judge by: the judging model's vector of the message (None: no
    # meaning can match: no model given, or an empty message).
    meaning_embedding: np.ndarray | None = None
    meaning_encoder: str = ""
    language: str = "en"
    llm_verdicts: dict[str, str] = field(default_factory=dict)  # tag -> the chat model's reason
    history_embeddings: dict[str, np.ndarray] = field(default_factory=dict)
    sensitive_text_kinds: list[str] | None = None
    memo: dict[tuple[object, ...], object] = field(default_factory=dict)  # shared sub-results (YAML aliases)
    similar_scores: list[float] | None = None  # the message against every example of the rule set
    # Finds the meaning the message comes closest to, among those whose tag could fire for it:
    # (probability / threshold, examples file, probability). Asked only by `meaning_near`.
    nearness: Callable[[Context], Near | None] | None = None
    # A what-if reading: every `meaning` condition holds (to ask whether a tag could fire by meaning).
    assume_meanings: bool = False
    _closest: Near | None = field(default=None, init=False, repr=False)
    _closest_known: bool = field(default=False, init=False, repr=False)

    def closest_meaning(self) -> Near | None:
        """The meaning this message comes closest to firing, computed once (None: no meaning)."""
        if not self._closest_known:
            self._closest = self.nearness(self) if self.nearness is not None else None
            self._closest_known = True
        return self._closest

    def sensitive_kinds(self) -> list[str]:
        """Kinds the router masked, plus any still in the text (when the caller didn't mask it)."""
        if self.rule_input.masked:
            return list(self.rule_input.sensitive_found)
        if self.sensitive_text_kinds is None:
            self.sensitive_text_kinds = [f.kind for f in find_sensitive(self.rule_input.text)]
        kinds = list(self.rule_input.sensitive_found)
        return kinds + [k for k in self.sensitive_text_kinds if k not in kinds]


class Node:
    """A compiled condition."""

    def match(self, ctx: Context) -> Match:  # pragma: no cover - interface
        """The reasons this node matches `ctx`, or None."""
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - interface
        """A short human description, used to explain `not`."""
        raise NotImplementedError


class AllOf(Node):
    """`all:` (and a node with several keys): every child matches; reasons from all of them."""

    def __init__(self, children: list[Node]) -> None:
        self.children = children

    def match(self, ctx: Context) -> Match:
        hits: list[Hit] = []
        for child in self.children:
            found = child.match(ctx)
            if found is None:
                return None
            hits.extend(found)
        return hits

    def describe(self) -> str:
        return " and ".join(c.describe() for c in self.children)


class AnyOf(Node):
    """`any:`: at least one child matches; reasons from every child that does."""

    def __init__(self, children: list[Node]) -> None:
        self.children = children

    def match(self, ctx: Context) -> Match:
        hits: list[Hit] | None = None
        for child in self.children:
            found = child.match(ctx)
            if found is not None:
                hits = (hits or []) + found
        return hits

    def describe(self) -> str:
        return "(" + " or ".join(c.describe() for c in self.children) + ")"


class Not(Node):
    """`not:`: the child does not match (no reason of its own)."""

    def __init__(self, child: Node) -> None:
        self.child = child

    def match(self, ctx: Context) -> Match:
        return [] if self.child.match(ctx) is None else None

    def describe(self) -> str:
        return f"not {self.child.describe()}"


class Keywords(Node):
    """Whole words or phrases, case- and accent-insensitive, optionally tolerant of typos."""

    def __init__(self, phrases: list[str], typos: bool) -> None:
        self.phrases = [(p, " ".join(words(p))) for p in phrases if words(p)]
        # Single words are looked up in the message's token set; phrases are searched as " a b ".
        self.single = {norm: original for original, norm in self.phrases if " " not in norm}
        self.multi = [(original, f" {norm} ") for original, norm in self.phrases if " " in norm]
        # Every phrase needs its first word among the message's tokens: one set test rules most out.
        self.gate = frozenset(norm.split(" ")[0] for _, norm in self.phrases)
        self.typos = typos

    def literal_words(self) -> set[str]:
        """The words of the phrases."""
        return {w for _, norm in self.phrases for w in norm.split(" ")}

    def vocabulary(self) -> set[str]:
        """Words this condition wants the typo corrector to know."""
        return self.literal_words() if self.typos else set()

    def _find(self, tokens: frozenset[str], padded: str) -> str | None:
        if self.single and not tokens.isdisjoint(self.single):
            for token in self.single:
                if token in tokens:
                    return self.single[token]
        for original, needle in self.multi:
            if needle in padded:
                return original
        return None

    def match(self, ctx: Context) -> Match:
        text = ctx.text
        gate = self.gate
        if text.token_set.isdisjoint(gate) and (
            not self.typos or not text.has_corrections or text.corrected_set.isdisjoint(gate)
        ):
            return None
        found = self._find(text.token_set, text.padded)
        if found is not None:
            return [("keyword", f'keyword "{found}"')]
        if self.typos and text.has_corrections:
            found = self._find(text.corrected_set, text.padded_corrected)
            if found is not None:
                typed = text.typed_as(" ".join(words(found)))
                shown = f' (typed "{typed}")' if typed else ""
                return [("keyword", f'keyword "{found}"{shown}')]
        return None

    def describe(self) -> str:
        return "keywords " + ", ".join(f'"{p}"' for p, _ in self.phrases[:3]) + (
            ", ..." if len(self.phrases) > 3 else ""
        )


class Regex(Node):
    """Regular expressions searched in the folded (lower-case, accent-free) text.

    A pattern that misses is tried again on the words alone (joined by single spaces, punctuation
    dropped), so /klarna (?:\\w+ ){0,3}paused/ also finds "Klarna: I've paused"; with typos on,
    those words are typo-corrected, so /file a complaint/ also finds "filr a complant".
    """

    def __init__(self, patterns: list[str], typos: bool, written: list[str] | None = None) -> None:
        # (the pattern as the rules file writes it, with its word lists named; the compiled expansion)
        self.patterns = [(shown, re.compile(regex_source(p))) for p, shown in zip(patterns, written or patterns, strict=True)]
        self._sources = list(patterns)
        self.typos = typos
        self.memo_key = (tuple(patterns), typos)
        # One combined search finds out whether any pattern matches (much cheaper than one search
        # per pattern); only then is the first matching pattern looked up, for the reason.
        combinable = [regex_source(p) for p in patterns if not _BACKREFERENCE.search(p)]
        if len(patterns) == 1:
            self.combined: re.Pattern[str] | None = self.patterns[0][1]
        elif len(combinable) == len(patterns):
            self.combined = re.compile("|".join(f"(?:{p})" for p in combinable))
        else:
            self.combined = None
        self.shared = False  # set by the rule set when the same patterns recur (YAML aliases)
        sources = [regex_source(p) for p in patterns]
        self.word_gate = word_gate(sources)
        self.gate = None if self.word_gate is not None else literal_gate(sources)

    def literal_words(self) -> set[str]:
        """Literal words of the patterns."""
        return pattern_words(self._sources)

    def vocabulary(self) -> set[str]:
        """Literal words of the patterns, for the typo corrector."""
        return self.literal_words() if self.typos else set()

    def _first(self, text: str) -> tuple[str, re.Match[str]] | None:
        for source, pattern in self.patterns:
            found = pattern.search(text)
            if found:
                return source, found
        return None

    def match(self, ctx: Context) -> Match:
        text = ctx.text
        gate = self.gate
        words_only = text.padded_corrected if self.typos else text.padded
        word_gate = self.word_gate
        if word_gate is not None:
            if text.word_starts().isdisjoint(word_gate):
                return None
        elif gate is not None and not any(lit in text.folded or lit in words_only for lit in gate):
            return None
        combined = self.combined
        # Fast path, the common case: nothing matches, in the text or its words alone.
        if combined is not None and combined.search(text.folded) is None and combined.search(words_only) is None:
            return None
        if not self.shared:
            return self._match(ctx)
        memo = ctx.memo
        key = self.memo_key
        if key not in memo:
            memo[key] = self._match(ctx)
        return memo[key]  # type: ignore[return-value]

    def _match(self, ctx: Context) -> Match:
        hit = self._first(ctx.text.folded)
        if hit is not None:
            return [("regex", f'regex /{hit[0]}/ matched "{hit[1].group()}"')]
        hit = self._first(ctx.text.padded_corrected if self.typos else ctx.text.padded)
        if hit is not None:
            typed = ctx.text.typed_as(" ".join(words(hit[1].group())))
            shown = f' (typed "{typed}")' if typed else ""
            return [("regex", f'regex /{hit[0]}/ matched "{hit[1].group().strip()}"{shown}')]
        return None

    def describe(self) -> str:
        return "regex " + ", ".join(f"/{p}/" for p, _ in self.patterns[:2])


class SimilarTo(Node):
    """Meaning close to one of the example phrases (cosine similarity of unit embeddings)."""

    def __init__(self, examples: list[str], min_similarity: float) -> None:
        self.examples = examples
        self.min_similarity = min_similarity
        # Per model: set by the engine once the examples are embedded.
        self.matrices: dict[str, np.ndarray] = {}
        self.offset = 0  # where this node's examples sit in the rule set's stacked matrix

    def match(self, ctx: Context) -> Match:
        matrix = self.matrices.get(ctx.encoder)
        if ctx.embedding is None or matrix is None:
            return None
        if ctx.similar_scores is not None:
            scores = ctx.similar_scores[self.offset : self.offset + len(self.examples)]
        else:
            scores = (matrix @ ctx.embedding).tolist()
        score = max(scores)
        best = scores.index(score)
        if score >= self.min_similarity:
            return [("similar_to", f'similarity {score:.2f} to "{self.examples[best]}"')]
        return None

    def describe(self) -> str:
        return f'similar to "{self.examples[0]}"'


class Meaning(Node):
    """The message means what a file of examples means (a fitted classifier, per model).

    Several files make one meaning: their examples together against the routine ones, and the
    reason names the file of the nearest example.
    """

    def __init__(self, named: Sequence[str], files: Sequence[Examples], threshold: float | None,
                 false_positive_rate: float | None = None) -> None:
        self.named = tuple(named)  # the files as the rules name them, for reasons
        self.files = tuple(files)
        self.threshold = threshold
        self.false_positive_rate = false_positive_rate  # its own budget; None: a share of the settings'
        self.fitted: dict[str, FittedMeaning] = {}  # per model, set by the engine
        # As reasons show it: the file, or the first file and how many more.
        self.source = self.named[0] if len(self.named) == 1 else f"{self.named[0]} and {len(self.named) - 1} more"
        self.texts: tuple[str, ...] = tuple(dict.fromkeys(t for f in self.files for t in f.texts))
        self._file_of: dict[str, str] = {}
        for shown, found in reversed(list(zip(self.named, self.files, strict=True))):
            self._file_of.update(dict.fromkeys(found.texts, shown))

    @property
    def name(self) -> str:
        """Every file of the meaning as read, joined (for `rules check`)."""
        return " + ".join([self.files[0].name, *(f.path.name for f in self.files[1:])])

    @property
    def paths(self) -> frozenset[Path]:
        """The resolved example files."""
        return frozenset(f.path for f in self.files)

    def match(self, ctx: Context) -> Match:
        if ctx.assume_meanings:
            return [("meaning", f"assumed: {self.source}")]
        vector = ctx.meaning_embedding
        fitted = self.fitted.get(ctx.meaning_encoder)
        if vector is None or fitted is None:
            return None
        probability = fitted.probability(vector)
        if probability < fitted.threshold or fitted.among_routine(vector):
            return None
        example, similarity = fitted.nearest(vector)
        where = f", {self._file_of.get(example, self.source)}" if len(self.files) > 1 else ""
        detail = (f'meaning {probability:.2f} (fires at {fitted.threshold:.2f}, {self.source}), '
                  f'nearest example: "{example}" ({similarity:.2f}{where})')
        return [("meaning", detail)]

    def describe(self) -> str:
        return f"meaning of {self.source}"


class LlmDescribed(Node):
    """The chat model judged that the message fits the tag's description (`llm: true`)."""

    def __init__(self, tag: str, description: str) -> None:
        self.tag = tag
        self.description = description

    def match(self, ctx: Context) -> Match:
        reason = ctx.llm_verdicts.get(self.tag)
        if reason is None:
            return None
        return [("llm", f'the chat model: "{reason}"' if reason else "the chat model: fits the description")]

    def describe(self) -> str:
        return "the chat model says it fits the description"


class HighValue(Node):
    """A vendor whose tier is one of the rules file's `high_value_tiers`."""

    def __init__(self, tiers: Sequence[str]) -> None:
        self.tiers = frozenset(t.casefold() for t in tiers)

    def match(self, ctx: Context) -> Match:
        participant = ctx.rule_input.participant
        tier = participant.tier
        if participant.role != "vendor" or tier is None or tier.casefold() not in self.tiers:
            return None
        return [("high_value", f"vendor tier {tier} is high-value")]

    def describe(self) -> str:
        return "high-value vendor"


class ConfidenceBelow(Node):
    """The brain's confidence is below a threshold; never fires before the brain has answered."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def match(self, ctx: Context) -> Match:
        confidence = ctx.rule_input.confidence
        if confidence is None or confidence >= self.threshold:
            return None
        return [("confidence_below", f"confidence {confidence:.2f} < {self.threshold:.2f}")]

    def describe(self) -> str:
        return f"confidence below {self.threshold:.2f}"


class OneOf(Node):
    """A participant or channel attribute is one of the listed values (role, tier, channel, account)."""

    def __init__(self, kind: str, label: str, values: Sequence[str], getter_name: str, source: str = "") -> None:
        self.kind = kind
        self.label = label
        self.values = frozenset(v.casefold() for v in values)
        self.getter_name = getter_name
        self.source = source

    def _value(self, ctx: Context) -> str | None:
        if self.getter_name == "channel":
            return ctx.rule_input.channel
        if self.getter_name == "language":
            return ctx.language
        return getattr(ctx.rule_input.participant, self.getter_name)

    def match(self, ctx: Context) -> Match:
        value = self._value(ctx)
        if value is None or str(value).casefold() not in self.values:
            return None
        return [(self.kind, f"{self.label} {value}{self.source}")]

    def describe(self) -> str:
        return f"{self.label} in {sorted(self.values)[:3]}"


class Sensitive(Node):
    """The message contained sensitive data of one of the listed kinds."""

    def __init__(self, kinds: list[str]) -> None:
        self.kinds = kinds

    def match(self, ctx: Context) -> Match:
        found = [k for k in ctx.sensitive_kinds() if k in self.kinds]
        if not found:
            return None
        return [("sensitive_data", "sensitive data: " + ", ".join(found))]

    def describe(self) -> str:
        return "sensitive data (" + ", ".join(self.kinds) + ")"


class SaysPhrase(Node):
    """A message that says something in words a detector recognises (a person asked for, a request
    only staff can grant, only asking in general); the reason quotes the customer's words."""

    def __init__(self, kind: str, detect: Callable[[Text], str | None], reason: str, description: str) -> None:
        self.kind, self.detect, self.reason, self.description = kind, detect, reason, description

    def match(self, ctx: Context) -> Match:
        # Said once per message: most tags ask `not: {asks_in_general: true}` of the same text.
        key = ("says", self.kind)
        if key not in ctx.memo:
            phrase = self.detect(ctx.text)
            ctx.memo[key] = None if phrase is None else [(self.kind, f'{self.reason}: "{phrase}"')]
        return ctx.memo[key]  # type: ignore[return-value]

    def describe(self) -> str:
        return self.description


class AcceptsOffer(Node):
    """The customer says yes right after the bot offered a person (it had no answer)."""

    def match(self, ctx: Context) -> Match:
        if not offered_person(ctx.rule_input.history):
            return None
        said = says_yes(ctx.text)
        return None if said is None else [("accepts_offer", f'said "{said}" to the offer of a person')]

    def describe(self) -> str:
        return "takes up the offer of a person"


class MeaningNear(Node):
    """The message comes within a share of some meaning's threshold without reaching it: not
    clearly routine. With `confidence_below`, it tells an unanswered question that may need a
    person from one the bot can leave with an offer of a person."""

    def __init__(self, share: float) -> None:
        self.share = share

    def match(self, ctx: Context) -> Match:
        closest = ctx.closest_meaning()
        if closest is None or closest[0] < self.share:
            return None
        share, source, probability = closest
        return [("meaning_near", f"closest meaning {source}: {probability:.2f}, {share:.0%} of its threshold")]

    def describe(self) -> str:
        return f"within {self.share:.0%} of a meaning's threshold"


class Repeated(Node):
    """The same question asked again, or several bot answers in a row without a person."""

    def __init__(self, times: int | None, min_similarity: float, bot_answers: int | None) -> None:
        self.times = times
        self.min_similarity = min_similarity
        self.bot_answers = bot_answers

    def match(self, ctx: Context) -> Match:
        history = ctx.rule_input.history
        if self.bot_answers is not None:
            run = 0
            for message in reversed(history):
                if message.author == "bot":
                    run += 1
                elif message.author in ("human", "system"):
                    break
            if run >= self.bot_answers:
                return [("repeated", f"{run} bot answers without resolution")]
        if self.times is not None and len(ctx.text.tokens) >= 3:
            same = 0
            best = 0.0
            mine = " ".join(ctx.text.tokens)
            for message in history:
                # The router may already have stored the current message as the last line.
                if message.author != "customer" or (message is history[-1] and message.text == ctx.rule_input.text):
                    continue
                score = _same_question(ctx, mine, message.text)
                if score >= self.min_similarity:
                    same += 1
                    best = max(best, score)
            if same + 1 >= self.times:
                return [("repeated", f"asked {same + 1} times (similarity {best:.2f})")]
        return None

    def describe(self) -> str:
        return "repeated question"


def _same_question(ctx: Context, mine: str, earlier: str) -> float:
    lexical = fuzz.ratio(mine, " ".join(words(earlier))) / 100.0
    vector = ctx.history_embeddings.get(earlier)
    if vector is not None and ctx.embedding is not None:
        return max(lexical, float(vector @ ctx.embedding))
    return lexical


@dataclass(slots=True)
class Compiled:
    """A compiled condition tree and what it needs from the engine."""

    node: Node
    similar: list[SimilarTo] = field(default_factory=list)
    meanings: list[Meaning] = field(default_factory=list)
    llm: list[LlmDescribed] = field(default_factory=list)
    keywords: list[Keywords | Regex] = field(default_factory=list)
    uses_history_embeddings: bool = False


def compile_condition(
    condition: Condition,
    settings: RulesSettings,
    accounts: dict[Path, frozenset[str]],
    base_dir: Path,
    examples: dict[Path, Examples] | None = None,
    tag: tuple[str, str] = ("", ""),
) -> Compiled:
    """Turn a validated `when:` node into an evaluator (`examples`: the meaning files, read;
    `tag`: the name and description of the tag it belongs to, for `llm`)."""
    out = Compiled(node=AllOf([]))
    out.node = _compile(condition, _Sources(settings, accounts, base_dir, examples or {}, tag), out)
    return out


@dataclass(frozen=True, slots=True)
class _Sources:
    settings: RulesSettings
    accounts: dict[Path, frozenset[str]]
    base_dir: Path
    examples: dict[Path, Examples]
    tag: tuple[str, str]


def _compile(c: Condition, src: _Sources, out: Compiled) -> Node:
    settings, accounts, base_dir = src.settings, src.accounts, src.base_dir
    parts: list[Node] = []
    # Cheap conditions first so that `all` gives up before the expensive ones.
    if c.role:
        parts.append(OneOf("role", "role", c.role, "role"))
    if c.tier:
        parts.append(OneOf("tier", "tier", c.tier, "tier"))
    if c.high_value:
        parts.append(HighValue(settings.high_value_tiers))
    if c.channel:
        parts.append(OneOf("channel", "channel", c.channel, "channel"))
    if c.language:
        parts.append(OneOf("language", "language", c.language, "language"))
    if c.accounts:
        parts.append(OneOf("accounts", "account", c.accounts, "account_id"))
    if c.accounts_file:
        ids = accounts.get((base_dir / c.accounts_file).resolve(), frozenset())
        parts.append(OneOf("accounts", "account", sorted(ids), "account_id", f" (in {c.accounts_file})"))
    if c.confidence_below is not None:
        threshold = settings.confidence_threshold if c.confidence_below == "default" else float(c.confidence_below)
        parts.append(ConfidenceBelow(threshold))
    if c.sensitive_data:
        parts.append(Sensitive(list(c.sensitive_data)))
    if c.keywords:
        typos = settings.typos if c.keywords.typos is None else c.keywords.typos
        node = Keywords(list(c.keywords.words), typos)
        out.keywords.append(node)
        parts.append(node)
    if c.regex:
        typos = settings.typos if c.regex.typos is None else c.regex.typos
        regex = Regex(list(c.regex.patterns), typos, list(c.regex.written) or None)
        out.keywords.append(regex)
        parts.append(regex)
    if c.human_requested:
        parts.append(SaysPhrase("human_requested", human_requested, "asked for a person", "asks for a person"))
    if c.staff_request:  # bot/escalation/staff_request.py
        parts.append(SaysPhrase("staff_request", staff_request, "asked for what only staff can grant",
                                "asks for what only staff can grant"))
    if c.reports_problem:  # bot/escalation/problem.py
        parts.append(SaysPhrase("reports_problem", reports_problem, "tells of a problem", "tells of something wrong now"))
    if c.asks_in_general:  # bot/escalation/general.py
        parts.append(SaysPhrase("asks_in_general", asks_in_general, "only asks in general", "only asks in general"))
    if c.accepts_offer:
        parts.append(AcceptsOffer())
    if c.meaning_near is not None:
        parts.append(MeaningNear(c.meaning_near))
    if c.repeated:
        parts.append(Repeated(c.repeated.times, c.repeated.min_similarity, c.repeated.bot_answers))
        out.uses_history_embeddings = True
    if c.similar_to:
        similar = SimilarTo(list(c.similar_to.examples), c.similar_to.min_similarity)
        out.similar.append(similar)
        parts.append(similar)
    if c.meaning:
        meaning = Meaning(c.meaning.files, [src.examples[(base_dir / named).resolve()] for named in c.meaning.files],
                          c.meaning.threshold, c.meaning.false_positive_rate)
        out.meanings.append(meaning)
        parts.append(meaning)
    if c.llm:
        described = LlmDescribed(*src.tag)
        out.llm.append(described)
        parts.append(described)
    if c.all_:
        parts.append(AllOf([_compile(x, src, out) for x in c.all_]))
    if c.any_:
        parts.append(AnyOf([_compile(x, src, out) for x in c.any_]))
    if c.not_ is not None:
        parts.append(Not(_compile(c.not_, src, out)))
    return parts[0] if len(parts) == 1 else AllOf(parts)

