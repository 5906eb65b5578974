"""The rules engine: evaluates the admins' tag rules on a message, masks data, reloads on change."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from watchfiles import awatch

from bot.brain.base import Embedder
from bot.escalation.base import RuleInput
from bot.escalation.conditions import (
    Compiled,
    Context,
    Regex,
    SimilarTo,
    compile_condition,
)
from bot.escalation.human import VOCABULARY as HUMAN_VOCABULARY
from bot.escalation.loader import LoadedRules, RulesError, read_rules
from bot.escalation.schema import RulesFile, Tag
from bot.escalation.sensitive import mask_sensitive
from bot.escalation.text import Speller, Text
from bot.models import Decision, Reason

log = logging.getLogger("bot.escalation")

OnError = Callable[[str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class CompiledTag:
    """A tag and its compiled condition."""

    tag: Tag
    compiled: Compiled


class RuleSet:
    """One immutable generation of the rules; a reload builds a new one and swaps it in."""

    def __init__(self, loaded: LoadedRules) -> None:
        self.loaded = loaded
        rules = loaded.rules
        base = loaded.path.parent
        tags = [CompiledTag(t, compile_condition(t.when, rules.settings, loaded.accounts, base)) for t in rules.tags]
        # Highest priority first; file order breaks ties (sorted() is stable).
        self.tags = sorted(tags, key=lambda ct: -ct.tag.priority)
        self.similar: list[SimilarTo] = [s for ct in tags for s in ct.compiled.similar]
        seen: dict[object, Regex] = {}
        for ct in tags:
            for node in ct.compiled.keywords:
                if isinstance(node, Regex):
                    if node.memo_key in seen:
                        node.shared = seen[node.memo_key].shared = True
                    seen.setdefault(node.memo_key, node)
        self.uses_history = any(ct.compiled.uses_history_embeddings for ct in tags)
        vocabulary = set(HUMAN_VOCABULARY)
        for ct in tags:
            for keywords in ct.compiled.keywords:
                vocabulary |= keywords.vocabulary()
        self.speller = Speller(vocabulary)
        self.digest = _digest(loaded)
        self._stacked: np.ndarray | None = None

    def similar_scores(self, embedding: np.ndarray) -> list[float] | None:
        """Cosine similarity of the message to every example phrase, in one matrix product."""
        if self._stacked is None:
            if not self.similar or any(s.matrix is None for s in self.similar):
                return None
            offset = 0
            for node in self.similar:
                node.offset = offset
                offset += len(node.examples)
            self._stacked = np.vstack([s.matrix for s in self.similar])  # type: ignore[misc]
        return (self._stacked @ embedding).tolist()

    @property
    def needs_embedding(self) -> bool:
        """Whether any condition looks at the message's meaning."""
        return bool(self.similar) or self.uses_history


class RulesEngine:
    """Implements the `Escalation` protocol from a rules file, reloading it when it changes."""

    def __init__(self, ruleset: RuleSet, embedder: Embedder | None = None) -> None:
        self._ruleset = ruleset
        self._embedder = embedder
        self._example_vectors: dict[str, np.ndarray] = {}
        self._message_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._task: asyncio.Task[None] | None = None
        self._stop: asyncio.Event | None = None
        if embedder is None and ruleset.similar:
            log.warning("rules: no embedder given, `similar_to` conditions will never match")
        self._embed_examples_sync(ruleset)

    @classmethod
    def from_file(cls, path: Path, embedder: Embedder | None = None) -> RulesEngine:
        """Load and compile a rules file; raise RulesError (`file:line: reason` lines) when it is bad."""
        return cls(RuleSet(read_rules(Path(path))), embedder)

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

    async def evaluate(self, rule_input: RuleInput) -> Decision:
        """Tags, reasons and the handoff decision for one (already masked) message."""
        ruleset = self._ruleset
        await self._embed_examples(ruleset)
        ctx = Context(rule_input=rule_input, text=Text(rule_input.text, ruleset.speller))
        if ruleset.needs_embedding and self._embedder is not None and rule_input.text.strip():
            ctx.embedding = await self._embed_message(rule_input.text)
            if ruleset.uses_history:
                for message in list(rule_input.history)[-20:]:
                    if message.author == "customer" and message.text.strip():
                        ctx.history_embeddings[message.text] = await self._embed_message(message.text)
        return decide(ruleset, ctx)

    def evaluate_sync(self, rule_input: RuleInput, embedding: np.ndarray | None = None) -> Decision:
        """Evaluate without the event loop, for benchmarks and batch tools; `embedding` as from the model."""
        ruleset = self._ruleset
        ctx = Context(rule_input=rule_input, text=Text(rule_input.text, ruleset.speller), embedding=embedding)
        return decide(ruleset, ctx)

    async def reload(self, on_error: OnError | None = None) -> bool:
        """Re-read the file; on a bad file keep the live rules, log, and pass the error to `on_error`."""
        try:
            loaded = await asyncio.to_thread(read_rules, self.path)
            if _digest(loaded) == self._ruleset.digest:
                return True
            ruleset = await asyncio.to_thread(RuleSet, loaded)
            await self._embed_examples(ruleset)
        except RulesError as exc:
            message = "rules file refused, the last good rules stay live:\n" + "\n".join(exc.lines)
            log.error(message)
            if on_error is not None:
                await on_error(message)
            return False
        self._ruleset = ruleset
        log.info("rules reloaded: %d tags from %s", len(ruleset.tags), self.path)
        return True

    async def start(self, on_error: OnError | None = None) -> None:
        """Watch the rules file (and its account lists) and reload within about a second of a change."""
        if self._task is not None:
            return
        self._stop = asyncio.Event()
        ready = asyncio.Event()
        self._task = asyncio.create_task(self._watch(on_error, ready), name="rules-watch")
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

    async def _watch(self, on_error: OnError | None, ready: asyncio.Event) -> None:
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
                    await self.reload(on_error)
                    if self._ruleset.loaded.watched_files != watched:
                        break  # an accounts file was added or removed: watch the new set
            except Exception:  # noqa: BLE001 - the watcher must outlive a vanished folder
                log.exception("rules watcher failed; retrying in 1 s")
                await asyncio.sleep(1.0)

    def _embed_examples_sync(self, ruleset: RuleSet) -> None:
        missing = self._missing_examples(ruleset)
        batch = getattr(self._embedder, "embed_documents_sync", None)
        if missing and batch is not None:
            for text, vector in zip(missing, batch(missing), strict=True):
                self._example_vectors[text] = np.asarray(vector, dtype=np.float32)
        self._attach(ruleset)

    async def _embed_examples(self, ruleset: RuleSet) -> None:
        if all(s.matrix is not None for s in ruleset.similar):
            return
        missing = self._missing_examples(ruleset)
        batch = getattr(self._embedder, "embed_documents_sync", None)
        if missing and batch is not None:
            vectors = await asyncio.to_thread(batch, missing)
            for text, vector in zip(missing, vectors, strict=True):
                self._example_vectors[text] = np.asarray(vector, dtype=np.float32)
        elif missing and self._embedder is not None:
            for text in missing:
                self._example_vectors[text] = np.asarray(await self._embedder.embed_query(text), dtype=np.float32)
        self._attach(ruleset)

    def _missing_examples(self, ruleset: RuleSet) -> list[str]:
        if self._embedder is None:
            return []
        wanted = dict.fromkeys(e for s in ruleset.similar for e in s.examples)
        return [e for e in wanted if e not in self._example_vectors]

    def _attach(self, ruleset: RuleSet) -> None:
        for similar in ruleset.similar:
            if similar.matrix is None and all(e in self._example_vectors for e in similar.examples):
                similar.matrix = np.stack([self._example_vectors[e] for e in similar.examples])

    async def _embed_message(self, text: str) -> np.ndarray:
        cached = self._message_vectors.get(text)
        if cached is not None:
            self._message_vectors.move_to_end(text)
            return cached
        assert self._embedder is not None
        vector = np.asarray(await self._embedder.embed_query(text), dtype=np.float32)
        self._message_vectors[text] = vector
        if len(self._message_vectors) > 2048:
            self._message_vectors.popitem(last=False)
        return vector


def decide(ruleset: RuleSet, ctx: Context) -> Decision:
    """Run every tag's condition on `ctx` and assemble the decision (tags by priority)."""
    if ctx.embedding is not None and ruleset.similar:
        ctx.similar_scores = ruleset.similar_scores(ctx.embedding)
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
        decision.customer_message = top.customer_message
    return decision


def _digest(loaded: LoadedRules) -> str:
    h = hashlib.sha256(loaded.rules.model_dump_json().encode())
    for path in sorted(loaded.accounts):
        h.update(str(path).encode())
        h.update("\n".join(sorted(loaded.accounts[path])).encode())
    return h.hexdigest()
