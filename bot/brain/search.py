"""The live help-centre search: the current index and retriever, hot-swapped when a rebuild lands."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from bot.brain.base import Embedder
from bot.brain.index import MANIFEST_FILE, IndexLoadError, load_index
from bot.brain.lexical import content_words, tokens
from bot.brain.retrieval import Query, RetrievalResult, Retriever, View
from bot.brain.word_lexicon import WordLexicon
from bot.models import Message

log = logging.getLogger(__name__)

CONTEXT_TURNS = 2  # earlier customer turns that may explain a follow-up question
FOLLOW_UP_TERMS = 3  # a question with this few content words is read as a follow-up
# A full question is read with the earlier turns only when it is answerable on its own (its best
# article at least this relevant) and the earlier turns pick one of its own top articles: they may
# reorder what the question is about, never change the subject back (a lasagne recipe asked after
# a refund question is not a refund question). bench/context_eval.py, docs/benchmarks.md#context.
CONTEXT_FLOOR = 0.5
# ... and only to one of its articles within this many logits of its best: a question that says
# clearly what it is about ("which app can I use for the 6 digit sign-in codes" after a question on
# shipping labels) keeps its subject; a vague one ("and what if the vendor never answers my
# request?" after a returns question) takes the conversation's. docs/benchmarks.md#context-margin.
CONTEXT_MARGIN = 3.0
# A Spanish, German or French question's words read in English (bot/brain/word_lexicon.py) and
# searched in the English index move each article's logit this much per logit of the English
# search (its ranking and its relevance); chosen on the five tuning help centres' 230 non-English
# first questions (docs/benchmarks.md#words-in-english).
ENGLISH_WORDS_WEIGHT = 0.1
ENGLISH_WORDS_ARTICLES = 8  # the articles the English reading names; the others move the least


def last_cited(history: Sequence[Message]) -> str | None:
    """The url of the article the bot's latest answer led with, if its latest message cited one:
    what the conversation is about when the customer asks a short follow-up."""
    for message in reversed(history):
        if message.author == "bot":
            return message.sources[0].url if message.sources else None
    return None


def on_the_same_article(result: RetrievalResult, cited: str | None) -> RetrievalResult:
    """A short follow-up's result on the article the bot last led with, where the search found it
    too but not first, and it is answerable (CONTEXT_FLOOR): "and on premier?" after an answer on
    reply times is asked of that article alone, not of the one about tiers that the bare word
    matches best. Where the search puts another article first and the bot's is not among those
    found, the customer has changed the subject ("ok so how do I report it as lost?" after a
    tracking answer), and the result stands."""
    if cited is None or not result.hits or result.hits[0].source.url == cited:
        return result
    same = next((hit for hit in result.hits if hit.source.url == cited), None)
    if same is None or same.relevance < CONTEXT_FLOOR:
        return result
    # Alone: the answer is composed from that article, never led by the one the words matched.
    return replace(result, hits=[same])


def earlier_turns(question: str, history: Sequence[Message], turns: int = CONTEXT_TURNS) -> list[str]:
    """The customer's last few messages before `question` (the history may already end with it)."""
    said = [m.text for m in history if m.author == "customer" and m.text.strip()]
    if said and said[-1].strip() == question.strip():
        said = said[:-1]
    return said[-turns:]


class EnglishReading:
    """A question in another language read in English words and searched in the English index:
    how far each article its words point to moves in the cross-lingual search (its logit: its
    place in the ranking and its relevance)."""

    def __init__(self, lexicon: WordLexicon, search: KnowledgeSearch, weight: float = ENGLISH_WORDS_WEIGHT) -> None:
        self.lexicon = lexicon
        self.search = search
        self.weight = weight

    async def nudges(self, question: str, views: Sequence[View], language: str | None) -> list[dict[str, float]]:
        """Per view, article -> logits to move it by; empty where the question has no words to read."""
        text = self.lexicon.english(question, language or "")
        if not text:
            return [{} for _ in views]
        results = await self.search.search_views(text, views, k=ENGLISH_WORDS_ARTICLES, language="en")
        return [{hit.slug: self.weight * hit.logit for hit in result.hits} for result in results]


class KnowledgeSearch:
    """Answers `search(question, role, history)` from whichever index is current on disk."""

    def __init__(self, index_dir: Path, embedder: Embedder, retriever: Retriever,
                 english: EnglishReading | None = None, **options: Any) -> None:
        self.index_dir = index_dir
        self.embedder = embedder
        self.english = english  # reads another language's words in English (the multilingual search)
        self._retriever = retriever
        self._options = options
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, index_dir: Path, embedder: Embedder, english: EnglishReading | None = None,
                   **options: Any) -> KnowledgeSearch:
        """Load the index in `index_dir` (verified) off the event loop."""
        retriever = await asyncio.to_thread(cls._load, index_dir, embedder, options)
        return cls(index_dir, embedder, retriever, english, **options)

    @staticmethod
    def _load(index_dir: Path, embedder: Embedder, options: dict[str, Any]) -> Retriever:
        return Retriever(load_index(index_dir, embedder), **options)

    @property
    def retriever(self) -> Retriever:
        """The retriever in use now."""
        return self._retriever

    async def reload_if_changed(self) -> bool:
        """Swap in the index on disk if it changed since we loaded ours; True when swapped.

        A half-written or tampered index is refused and the current one kept (logged).
        """
        async with self._lock:
            try:
                raw = await asyncio.to_thread((self.index_dir / MANIFEST_FILE).read_bytes)
            except FileNotFoundError:
                return False
            if hashlib.sha256(raw).hexdigest() == self._retriever.loaded.token:
                return False
            try:
                fresh = await asyncio.to_thread(self._load, self.index_dir, self.embedder, self._options)
            except IndexLoadError as exc:
                log.warning("index reload refused, keeping the current index: %s", exc)
                return False
            self._retriever = fresh
            log.info("index reloaded: %d chunks", len(fresh.chunks))
            return True

    async def run_reloader(self, interval: float = 2.0) -> None:
        """Poll for a rebuilt index forever (run as a task; cancel to stop)."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.reload_if_changed()
            except Exception:  # a reload problem must never kill the poller
                log.exception("index reload failed")

    async def search(
        self, question: str, role: View, history: Sequence[Message] = (), k: int = 3, language: str | None = None
    ) -> RetrievalResult:
        """Top-k articles for this question; earlier customer turns can explain a short follow-up.
        Articles translated into `language` are given as their translation."""
        (retriever, queries, follow_up), nudges = await asyncio.gather(
            self._queries(question, history), self._nudges(question, [role], language))
        cited = last_cited(history) if follow_up else None
        return await asyncio.to_thread(self._search, retriever, queries, role, k, follow_up, language, cited,
                                       nudges[0])

    async def search_views(
        self, question: str, views: Sequence[View], history: Sequence[Message] = (), k: int = 3,
        language: str | None = None,
    ) -> list[RetrievalResult]:
        """The same search in several views at once (the question embedded once): a visitor who
        hasn't signed in is searched as a buyer and over the whole help centre."""
        (retriever, queries, follow_up), nudges = await asyncio.gather(
            self._queries(question, history), self._nudges(question, views, language))
        cited = last_cited(history) if follow_up else None
        return await asyncio.to_thread(
            lambda: [self._search(retriever, queries, view, k, follow_up, language, cited, nudge)
                     for view, nudge in zip(views, nudges, strict=True)]
        )

    async def _nudges(self, question: str, views: Sequence[View], language: str | None) -> list[dict[str, float]]:
        """Per view, how far the question's words read in English move each article (none in English)."""
        if self.english is None or language in (None, "en"):
            return [{} for _ in views]
        return await self.english.nudges(question, views, language)

    async def _queries(self, question: str, history: Sequence[Message]) -> tuple[Retriever, list[Query], bool]:
        """The retriever in use, the question (and with the earlier turns) embedded, and whether
        it reads as a follow-up."""
        retriever = self._retriever  # one retriever for the whole call, even if a swap happens
        texts = [retriever.correct(question)]
        earlier = earlier_turns(question, history)
        if earlier:
            texts.append(retriever.correct(" ".join([*earlier, question])))
        vectors = await asyncio.gather(*(self.embedder.embed_query(t) for t in texts))
        latents = await self._latent_terms(retriever, texts)
        # A bare follow-up ("how long does that take?") is explained by the earlier turns; a full
        # question stands on its own and the earlier turns only help when it matches nothing.
        penalty = retriever.weights.context_penalty
        # Short in any of the four languages ("y si hubiera pagado con paypal?"). Without earlier
        # turns, as short as its English words make it, as before: a short question alone has its
        # reading penalised like a follow-up's bare one, and the threshold was calibrated so.
        follow_up = len(content_words(question) if earlier else tokens(question)) <= FOLLOW_UP_TERMS
        penalties = (penalty, 0.0) if follow_up else (0.0, penalty)
        queries = [
            Query(text=t, vector=np.asarray(v, dtype=np.float32), penalty=penalties[i], latent=latents[i])
            for i, (t, v) in enumerate(zip(texts, vectors, strict=True))
        ]
        return retriever, queries, follow_up

    async def _latent_terms(self, retriever: Retriever, texts: list[str]) -> list[Any]:
        """The texts' latent terms where this index scores them (the cross-lingual one), else None each."""
        embed_latent = getattr(self.embedder, "embed_latent", None)
        if embed_latent is None or not retriever.reads_latent_terms:
            return [None] * len(texts)
        return list(await asyncio.gather(*(embed_latent(t) for t in texts)))

    @staticmethod
    def _search(
        retriever: Retriever, queries: list[Query], role: View, k: int, follow_up: bool, language: str | None = None,
        cited: str | None = None, nudge: Mapping[str, float] | None = None,
    ) -> RetrievalResult:
        """Search with the earlier turns where they keep the question's own subject, and a short
        follow-up on the article the bot last led with (`cited`), where it is among those found."""
        found = KnowledgeSearch._in_context(retriever, queries, role, k, follow_up, language, nudge)
        return on_the_same_article(found, cited)

    @staticmethod
    def _in_context(
        retriever: Retriever, queries: list[Query], role: View, k: int, follow_up: bool, language: str | None = None,
        nudge: Mapping[str, float] | None = None,
    ) -> RetrievalResult:
        """Search with the earlier turns where they keep the question's own subject.

        A short follow-up whose words the help centre all uses ("and for PayPal?") is read with
        them. One with a word the help centre never uses ("tell me a joke" after a refund
        question) is read with them only if they pick its own best article, a full question only
        if they pick one of its own top three and it is answerable alone.
        """
        if len(queries) == 1:
            return retriever.search(queries, role, k, language, nudge)
        if follow_up and not retriever.lexicon.unknown_terms(queries[0].text):
            return retriever.search(queries, role, k, language, nudge)
        alone = retriever.search(queries[:1], role, k, language, nudge)
        if follow_up and alone.confidence >= CONTEXT_FLOOR:
            return retriever.search(queries, role, k, language, nudge)
        if not follow_up and alone.confidence < CONTEXT_FLOOR:
            return alone
        with_context = retriever.search(queries, role, k, language, nudge)
        # A short question says little on its own: its own best article must agree.
        own = {hit.slug for hit in alone.hits[: 1 if follow_up else 3]
               if follow_up or hit.logit >= alone.hits[0].logit - CONTEXT_MARGIN}
        return with_context if with_context.hits and with_context.hits[0].slug in own else alone
