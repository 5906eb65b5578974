"""The rules engine: evaluates the admins' tag rules on a message, masks data, reloads on change."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np
from watchfiles import awatch

from bot.brain.embeddings import DEFAULT_MODEL_CACHE, LocalEmbedder
from bot.brain.encoders import TextEncoders
from bot.escalation import general, human, problem, staff_request
from bot.escalation.base import RuleInput
from bot.escalation.conditions import (
    Compiled,
    Context,
    Meaning,
    Near,
    Regex,
    SimilarTo,
    compile_condition,
)
from bot.escalation.human import VOCABULARY as HUMAN_VOCABULARY
from bot.escalation.llm_tagger import LlmTagger
from bot.escalation.loader import LoadedRules, RulesError, read_rules
from bot.escalation.meaning import CrossValidation, FitStore, VectorCache, fit_meaning
from bot.escalation.schema import RulesFile, Tag
from bot.escalation.sensitive import mask_sensitive
from bot.escalation.staff_request import VOCABULARY as STAFF_VOCABULARY
from bot.escalation.text import Speller, Text, module_pattern_words
from bot.models import Decision, Reason

log = logging.getLogger("bot.escalation")
# The words the built-in detectors look for: real words to the typo repair, whatever the rules file says.
_DETECTOR_WORDS = frozenset(module_pattern_words(human, staff_request, general, problem))

OnError = Callable[[str], Awaitable[None]]
OnRecovered = Callable[[], Awaitable[None]]
RULES_REFUSED = "rules file refused"  # how the alert about a refused rules file begins


@dataclass(frozen=True, slots=True)
class CompiledTag:
    """A tag and its compiled condition."""

    tag: Tag
    compiled: Compiled


@dataclass(frozen=True, slots=True)
class MeaningFigures:
    """One meaning condition as fitted with one model, for `rules check`."""

    tag: str
    examples: str  # the files as the rules name them, joined with " + "
    shown: str  # the files as read (the first with its folder)
    model: str
    threshold: float  # the probability it fires at
    fixed: bool  # the rules set the threshold; otherwise cross-validation chose it
    validation: CrossValidation


class RuleSet:
    """One immutable generation of the rules; a reload builds a new one and swaps it in."""

    def __init__(self, loaded: LoadedRules) -> None:
        self.loaded = loaded
        rules = loaded.rules
        base = loaded.path.parent
        tags = [CompiledTag(t, compile_condition(t.when, rules.settings, loaded.accounts, base, loaded.examples,
                                                 (t.name, t.description)))
                for t in rules.tags]
        self._in_file_order = tags
        # Highest priority first; file order breaks ties (sorted() is stable).
        self.tags = sorted(tags, key=lambda ct: -ct.tag.priority)
        self.similar: list[SimilarTo] = [s for ct in tags for s in ct.compiled.similar]
        self.meanings: list[Meaning] = [m for ct in tags for m in ct.compiled.meanings]
        # The tags the chat model judges (`llm: true`): name and description, one call per message.
        self.described: list[tuple[str, str]] = list(dict.fromkeys(
            (node.tag, node.description) for ct in tags for node in ct.compiled.llm))
        seen: dict[object, Regex] = {}
        for ct in tags:
            for node in ct.compiled.keywords:
                if isinstance(node, Regex):
                    if node.memo_key in seen:
                        node.shared = seen[node.memo_key].shared = True
                    seen.setdefault(node.memo_key, node)
        self.uses_history = any(ct.compiled.uses_history_embeddings for ct in tags)
        vocabulary = set(HUMAN_VOCABULARY) | set(STAFF_VOCABULARY)
        known = set(_DETECTOR_WORDS)
        for ct in tags:
            for keywords in ct.compiled.keywords:
                vocabulary |= keywords.vocabulary()
                known |= keywords.literal_words()
        self.speller = Speller(vocabulary, known)
        #: every word the rules and detectors look for, in any language (chat forms read towards them)
        self.rule_words = frozenset(vocabulary | known)
        self.digest = _digest(loaded)
        self._stacked: dict[str, np.ndarray] = {}

    def similar_scores(self, embedding: np.ndarray, encoder: str) -> list[float] | None:
        """Cosine similarity of the message to every example phrase, in one matrix product."""
        stacked = self._stacked.get(encoder)
        if stacked is None:
            if not self.similar or any(encoder not in s.matrices for s in self.similar):
                return None
            offset = 0
            for node in self.similar:
                node.offset = offset
                offset += len(node.examples)
            stacked = self._stacked[encoder] = np.vstack([s.matrices[encoder] for s in self.similar])
        return (stacked @ embedding).tolist()

    @property
    def needs_embedding(self) -> bool:
        """Whether any condition looks at the message's meaning."""
        return bool(self.similar) or bool(self.meanings) or self.uses_history

    def validation(self) -> list[MeaningFigures]:
        """Each meaning's threshold and cross-validated figures per model, in the file's tag order."""
        return [MeaningFigures(tag=ct.tag.name, examples=" + ".join(m.named), shown=m.name, model=model,
                               threshold=fitted.threshold, fixed=m.threshold is not None,
                               validation=fitted.validation)
                for ct in self._in_file_order for m in ct.compiled.meanings for model, fitted in m.fitted.items()]


def prepared_text(raw: str, ruleset: RuleSet, language: str) -> Text:
    """The message ready for matching. Typos are repaired only in English: the repair knows which
    words are real English words, not which are real Spanish or German ones, so it took the
    Spanish "reclamación" (any claim) for a typo of the English keyword "reclamation" (a complaint).
    In Spanish, German and French, chat forms are read as the words they stand for ("q" → "que",
    "qqn" → "quelqu un": bot/escalation/chat_forms.py)."""
    return Text(raw, ruleset.speller if language == "en" else None, language, ruleset.rule_words)


class RulesEngine:
    """Implements the `Escalation` protocol from a rules file, reloading it when it changes."""

    def __init__(
        self,
        ruleset: RuleSet,
        encoders: TextEncoders | LocalEmbedder | None = None,
        *,
        vector_cache: Path | None = None,
        llm: LlmTagger | None = None,
    ) -> None:
        self._ruleset = ruleset
        self._llm = llm
        if isinstance(encoders, LocalEmbedder):
            encoders = TextEncoders(main=encoders)
        self._encoders = encoders
        # The example vectors are kept beside the models' exports (BOT_MODEL_CACHE), unless told.
        vector_cache = vector_cache or (encoders.model_cache if encoders else DEFAULT_MODEL_CACHE)
        self._caches = {e.model_name: VectorCache(vector_cache, e.model_name) for e in (encoders.all if encoders else [])}
        self._fits = FitStore(vector_cache)
        self._detector = encoders.detector if encoders else None
        self._message_vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._task: asyncio.Task[None] | None = None
        self._refused = False  # the latest reload was refused (a good one then clears the alert)
        self._stop: asyncio.Event | None = None
        if encoders is None and (ruleset.similar or ruleset.meanings):
            log.warning("rules: no embedding model given, `similar_to` and `meaning` conditions will never match")
        if llm is None and ruleset.described:
            log.warning("rules: BOT_LLM is not set, `llm` conditions will never match")
        self._prepare(ruleset)

    @classmethod
    def from_file(
        cls, path: Path, encoders: TextEncoders | LocalEmbedder | None = None, **options: object
    ) -> RulesEngine:
        """Load and compile a rules file; raise RulesError (`file:line: reason` lines) when it is bad.

        With models given, every `meaning` is fitted (seconds the first time a model meets the
        examples, then read from the vector cache).
        """
        return cls(RuleSet(read_rules(Path(path))), encoders, **options)  # type: ignore[arg-type]

    @property
    def ruleset(self) -> RuleSet:
        """The live generation of the rules (with the meanings fitted)."""
        return self._ruleset

    @property
    def rules(self) -> RulesFile:
        """The rules currently live."""
        return self._ruleset.loaded.rules

    @property
    def path(self) -> Path:
        """The rules file."""
        return self._ruleset.loaded.path

    def mask(self, text: str) -> tuple[str, list[str]]:
        """The text with sensitive data masked, and the kinds found (e.g. ["card"])."""
        return mask_sensitive(text)

    async def evaluate(self, rule_input: RuleInput, *, models: bool = True) -> Decision:
        """Tags, reasons and the handoff decision for one (already masked) message; with
        `models=False` no embedding is made, so `meaning`, `similar_to` and `llm` never match."""
        ruleset = self._ruleset
        language = self.language_of(rule_input)
        ctx = Context(rule_input=rule_input, text=prepared_text(rule_input.text, ruleset, language),
                      language=language)
        if not models:
            return tag_decision(ruleset, ctx)
        if ruleset.needs_embedding and self._encoders is not None and rule_input.text.strip():
            encoder = self._encoders.for_language(ctx.language)
            ctx.encoder = encoder.model_name
            ctx.embedding = await self._embed_message(encoder, rule_input.text)
            if ruleset.meanings:
                await self._judge(ruleset, ctx, encoder)
        if ruleset.described and self._llm is not None and rule_input.text.strip():
            ctx.llm_verdicts = await self._llm.judge(rule_input.text, ruleset.described)
            if ruleset.uses_history:
                for message in list(rule_input.history)[-20:]:
                    if message.author == "customer" and message.text.strip():
                        ctx.history_embeddings[message.text] = await self._embed_message(encoder, message.text)
        return tag_decision(ruleset, ctx)

    async def _judge(self, ruleset: RuleSet, ctx: Context, reader: LocalEmbedder) -> None:
        """Give `ctx` the vector meanings are judged by."""
        assert self._encoders is not None and ctx.embedding is not None
        judge = self._encoders.judge_for(reader)
        if judge is reader:
            ctx.meaning_embedding, ctx.meaning_encoder = ctx.embedding, reader.model_name
            return
        ctx.meaning_embedding = await self._embed_message(judge, ctx.rule_input.text)
        ctx.meaning_encoder = judge.model_name

    def language_of(self, rule_input: RuleInput) -> str:
        """The message's language: as given by the caller, else detected."""
        if rule_input.language:
            return rule_input.language
        return self._detector.detect(rule_input.text) if self._detector else "en"

    def evaluate_sync(
        self, rule_input: RuleInput, embedding: np.ndarray | None = None, encoder: str = ""
    ) -> Decision:
        """Evaluate without the event loop, for benchmarks and batch tools.

        `embedding` is the message's vector from `encoder` (default: the main model); meanings
        are judged by it too.
        """
        ruleset = self._ruleset
        name = encoder or (self._encoders.main.model_name if self._encoders else "")
        language = self.language_of(rule_input)
        ctx = Context(rule_input=rule_input, text=prepared_text(rule_input.text, ruleset, language),
                      embedding=embedding, encoder=name, meaning_embedding=embedding, meaning_encoder=name,
                      language=language)
        return tag_decision(ruleset, ctx)

    async def reload(self, on_error: OnError | None = None, on_recovered: OnRecovered | None = None) -> bool:
        """Re-read the file; on a bad file keep the live rules, log, and pass the error to
        `on_error`; when a good file follows a refused one, call `on_recovered`."""
        try:
            loaded = await asyncio.to_thread(read_rules, self.path)
            if _digest(loaded) == self._ruleset.digest:
                return True
            ruleset = await asyncio.to_thread(RuleSet, loaded)
            await asyncio.to_thread(self._prepare, ruleset)
        except RulesError as exc:
            message = RULES_REFUSED + ", the last good rules stay live:\n" + "\n".join(exc.lines)
            log.error(message)
            self._refused = True
            if on_error is not None:
                await on_error(message)
            return False
        self._ruleset = ruleset
        log.info("rules reloaded: %d tags from %s", len(ruleset.tags), self.path)
        if self._refused:
            self._refused = False
            if on_recovered is not None:
                await on_recovered()
        return True

    async def start(self, on_error: OnError | None = None, on_recovered: OnRecovered | None = None) -> None:
        """Watch the rules file (and its account lists) and reload within about a second of a change."""
        if self._task is not None:
            return
        self._stop = asyncio.Event()
        ready = asyncio.Event()
        self._task = asyncio.create_task(self._watch(on_error, on_recovered, ready), name="rules-watch")
        await ready.wait()

    async def stop(self) -> None:
        """Stop watching."""
        if self._task is None or self._stop is None:
            return
        self._stop.set()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _watch(self, on_error: OnError | None, on_recovered: OnRecovered | None,
                     ready: asyncio.Event) -> None:
        assert self._stop is not None
        while not self._stop.is_set():
            watched = self._ruleset.loaded.watched_files
            folders = sorted({str(p.parent) for p in watched})
            ready.set()
            try:
                async for changes in awatch(
                    *folders,
                    stop_event=self._stop,
                    watch_filter=lambda _change, p: Path(p).resolve() in watched,
                    debounce=400,
                    step=50,
                    rust_timeout=500,
                    yield_on_timeout=False,
                ):
                    del changes
                    await self.reload(on_error, on_recovered)
                    if self._ruleset.loaded.watched_files != watched:
                        break  # an accounts file was added or removed: watch the new set
            except Exception:
                log.exception("rules watcher failed; retrying in 1 s")
                await asyncio.sleep(1.0)

    def _prepare(self, ruleset: RuleSet) -> None:
        """Embed every example with every model (cached on disk) and fit the meanings."""
        if self._encoders is None:
            return
        routine = ruleset.loaded.routine
        settings = ruleset.loaded.rules.settings
        for encoder in self._encoders.all:
            name = encoder.model_name
            cache = self._caches[name]
            for similar in ruleset.similar:
                similar.matrices[name] = cache.vectors(similar.examples, encoder.embed_queries_sync)
            if not ruleset.meanings or routine is None:
                continue
            readable = self._readable(encoder)
            routine_texts = readable(routine.texts)
            negatives = cache.vectors(routine_texts, encoder.embed_queries_sync)
            # The file's budget of routine examples fired on is shared equally by the meanings that
            # do not set their own.
            sharing = [m for m in ruleset.meanings if m.false_positive_rate is None]
            shared_rate = settings.meaning_false_positive_rate / max(len(sharing), 1)
            file_texts = {f.path: readable(f.texts) for m in ruleset.meanings for f in m.files}
            vectors = {path: cache.vectors(texts, encoder.embed_queries_sync) for path, texts in file_texts.items()}
            for meaning in ruleset.meanings:
                texts = readable(meaning.texts)
                if not texts:
                    continue  # no example this model reads (all in other languages): it never fires by it
                # Other meanings' examples are weak negatives; a file of this meaning never is.
                other_paths = [p for p, v in vectors.items() if p not in meaning.paths and len(v)]
                others = np.vstack([vectors[p] for p in other_paths]) if other_paths else None
                rate = meaning.false_positive_rate or shared_rate
                meaning.fitted[name] = fit_meaning(
                    cache.vectors(texts, encoder.embed_queries_sync), negatives, texts, rate, meaning.threshold,
                    others, fold_keys=[*texts, *routine_texts, *(t for p in other_paths for t in file_texts[p])],
                    store=self._fits)
        self._fits.prune()

    def _readable(self, encoder: LocalEmbedder) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
        """The examples a model is fitted on: all for a multilingual one, else English ones only
        (an English-only model reads Spanish as noise, which would blur its fit)."""
        detector = self._detector
        if encoder.multilingual or detector is None:
            return lambda texts: texts
        english: dict[str, bool] = {}  # a file's examples are read again for every meaning beside it

        def is_english(text: str) -> bool:
            if text not in english:
                english[text] = detector.detect(text) == "en"
            return english[text]

        return lambda texts: tuple(t for t in texts if is_english(t))

    async def _embed_message(self, encoder: LocalEmbedder, text: str) -> np.ndarray:
        key = (encoder.model_name, text)
        cached = self._message_vectors.get(key)
        if cached is not None:
            self._message_vectors.move_to_end(key)
            return cached
        vector = np.asarray(await encoder.embed_query(text), dtype=np.float32)
        self._message_vectors[key] = vector
        if len(self._message_vectors) > 2048:
            self._message_vectors.popitem(last=False)
        return vector


def closest_meaning(ruleset: RuleSet, ctx: Context) -> Near | None:
    """The meaning `ctx`'s message comes closest to firing: (probability / threshold, file, probability).

    Only meanings whose tag could fire for this message count: a meaning kept for high-value
    vendors (`all: [high_value_vendor, meaning: ...]`) is never "near" for a buyer; nor is one
    the message sits among routine examples of (`FittedMeaning.among_routine`), as it wouldn't fire.
    """
    vector = ctx.meaning_embedding
    if vector is None:
        return None
    what_if = replace(ctx, memo={}, assume_meanings=True, nearness=None)
    best: Near | None = None
    for ct in ruleset.tags:
        if not ct.compiled.meanings or ct.compiled.node.match(what_if) is None:
            continue
        for meaning in ct.compiled.meanings:
            fitted = meaning.fitted.get(ctx.meaning_encoder)
            if fitted is None:
                continue
            probability = fitted.probability(vector)
            share = probability / fitted.threshold
            # The neighbour check costs more than the probability: only for a new best.
            if (best is None or share > best[0]) and not fitted.among_routine(vector):
                best = (share, meaning.source, probability)
    return best


def tag_decision(ruleset: RuleSet, ctx: Context) -> Decision:
    """Run every tag's condition on `ctx` and assemble the decision (tags by priority)."""
    if ctx.embedding is not None and ruleset.similar:
        ctx.similar_scores = ruleset.similar_scores(ctx.embedding, ctx.encoder)
    if ctx.meaning_embedding is not None and ruleset.meanings:
        ctx.nearness = partial(closest_meaning, ruleset)
    decision = Decision()
    top: Tag | None = None
    for ct in ruleset.tags:
        hits = ct.compiled.node.match(ctx)
        if hits is None:
            continue
        tag = ct.tag
        decision.tags.append(tag.name)
        if hits:
            decision.reasons.extend(Reason(tag.name, kind, detail) for kind, detail in hits)
        else:
            decision.reasons.append(Reason(tag.name, "when", ct.compiled.node.describe()))
        if tag.handoff and top is None:
            top = tag
    if top is not None:
        settings = ruleset.loaded.rules.settings
        decision.handoff = True
        decision.route = top.route or settings.default_route
        decision.mention = top.mention
        decision.acknowledge_within = top.acknowledge_within or settings.acknowledge_within
        decision.customer_message = top.customer_message_in(ctx.language)
    return decision


def _digest(loaded: LoadedRules) -> str:
    h = hashlib.sha256(loaded.rules.model_dump_json().encode())
    for path in sorted(loaded.accounts):
        h.update(str(path).encode())
        h.update("\n".join(sorted(loaded.accounts[path])).encode())
    examples = [*loaded.examples.values(), *loaded.routine_files]
    for found in sorted(examples, key=lambda e: str(e.path)):
        h.update(str(found.path).encode())
        h.update("\n".join(found.texts).encode())
    return h.hexdigest()
