"""The offline brain: extractive answers from the best help-centre passages, plus order and vendor look-ups."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bot.brain.audience import seller_margin, seller_question
from bot.brain.compose import STRETCH, Unit, choose, render, scores, units
from bot.brain.courtesy import courtesy_answer
from bot.brain.knowledge import Chunk
from bot.brain.retrieval import (
    RECOMMENDED_THRESHOLD,
    ArticleHit,
    Passage,
    RetrievalResult,
    View,
)
from bot.brain.search import KnowledgeSearch
from bot.brain.tools import OrderBook, OrderLookup, VendorDirectory
from bot.brand import Brand
from bot.models import Answer, Message, Participant, Source

ORDER_FOUND_CONFIDENCE = 0.95
ORDER_NOT_FOUND_CONFIDENCE = 0.4  # a person may be able to find it under another number
# Sure of what it says ("can't check right now"), so it reaches the customer instead of a low-confidence handoff.
ORDER_UNAVAILABLE_CONFIDENCE = 0.7
VENDOR_CONFIDENCE = 0.9
MAX_PASSAGE_CHARS = 1200
WARM_PASSAGES = 2000  # up to this many, every passage's answer units are embedded at start-up
COMPOSE_PASSAGES = 3  # the top article's best passages the answer's sentences come from
# The second article's sentences compete with the first's when its relevance logit is within this
# of the best one's: the search can't tell the two apart, the sentences can (tuned on
# bench/data/answer_dev.jsonl and Parcela's answer_questions.jsonl, docs/benchmarks.md#two-articles).
CLOSE_ARTICLES_LOGITS = 4.0
# A message that can't wait for pleasantries: no greeting before the answer.
_URGENT = re.compile(
    r"\b(urgent|asap|immediately|emergency|right now|still (?:not|no|hasn'?t|haven'?t)|never (?:arrived|came)|"
    r"stolen|hacked|fraud|scam|charged twice|double charged|wrong item|broken|damaged|missing)\b|!!",
    re.IGNORECASE,
)


@dataclass(slots=True)
class BrainParts:
    """What every brain works with: the live search, the data tools and the brand voice."""

    search: KnowledgeSearch
    orders: OrderBook
    vendors: VendorDirectory
    brand: Brand
    threshold: float = RECOMMENDED_THRESHOLD  # below this the brain says it has no answer
    # The same help centre indexed by the multilingual model, for questions in other languages.
    other_languages: KnowledgeSearch | None = None

    def search_for(self, language: str) -> KnowledgeSearch:
        """The search that reads questions in `language`."""
        if language != "en" and self.other_languages is not None:
            return self.other_languages
        return self.search

    @property
    def searches(self) -> list[KnowledgeSearch]:
        """Every live search (each follows its own index on disk)."""
        return [self.search] + ([self.other_languages] if self.other_languages is not None else [])

    async def reload_if_changed(self) -> bool:
        """Swap in rebuilt indexes if there are any (see KnowledgeSearch)."""
        swapped = [await search.reload_if_changed() for search in self.searches]
        return any(swapped)


def order_confidence(found: OrderLookup) -> float:
    """How sure an answer built on this order look-up is."""
    if not found.available:
        return ORDER_UNAVAILABLE_CONFIDENCE
    return ORDER_FOUND_CONFIDENCE if found.found else ORDER_NOT_FOUND_CONFIDENCE


def passage_text(passage: Passage) -> str:
    """A passage as shown to the customer: its section heading, then the article's own words."""
    heading = passage.chunk.headings[-1] if passage.chunk.headings else ""
    return f"**{heading}**\n{passage.chunk.text}" if heading else passage.chunk.text


def best_passages(hit: ArticleHit) -> list[Passage]:
    """The best passage of an article, and the next one too when it is nearly as good and short."""
    chosen = [hit.passages[0]]
    for passage in hit.passages[1:2]:
        total = len(chosen[0].chunk.text) + len(passage.chunk.text)
        if passage.relevance >= chosen[0].relevance - 0.1 and total <= MAX_PASSAGE_CHARS:
            chosen.append(passage)
    return chosen


def cited_sources(result: RetrievalResult, floor: float) -> list[Source]:
    """Sources worth showing: articles at or above `floor`, most relevant first."""
    return [h.source for h in result.hits if h.relevance >= floor]


def first_turn(history: Sequence[Message]) -> bool:
    """Whether the bot has not spoken yet in this conversation (so the greeting is due)."""
    return not any(m.author == "bot" for m in history)


def greets(question: str, history: Sequence[Message], greeting: str) -> bool:
    """Whether this answer opens with the greeting: once per conversation, never before an
    answer to an urgent message."""
    return bool(greeting) and first_turn(history) and not _URGENT.search(question)


def polite_answer(brand: Brand, question: str, history: Sequence[Message], language: str) -> Answer | None:
    """The brand's reply when the message is only a courtesy ("thanks!", "hola"), for either
    brain; None for anything else (bot/brain/courtesy.py)."""
    return courtesy_answer(question, brand, language, first_word=first_turn(history))


class OfflineBrain:
    """Answers without a language model: every sentence comes from an article or from our own data."""

    def __init__(self, parts: BrainParts) -> None:
        self.parts = parts
        # Per search: the index it was read from, and each passage's units and vectors.
        self._units: dict[int, tuple[str, dict[str, tuple[list[Unit], np.ndarray]]]] = {}

    async def reload_if_changed(self) -> bool:
        """Swap in a rebuilt index if there is one."""
        return await self.parts.reload_if_changed()

    async def run_reloader(self, interval: float = 2.0) -> None:
        """Cut the help centre into answer units once, then poll for rebuilt indexes forever
        (start as a task at start-up)."""
        await self.warm_units()
        await asyncio.gather(*(search.run_reloader(interval) for search in self.parts.searches))

    async def warm_units(self) -> None:
        """Embed every passage's answer units of the main index now, so that no customer waits for
        them (about 2 s of CPU for 185 passages). A help centre of more than WARM_PASSAGES, and the
        multilingual index, get theirs on first use."""
        search = self.parts.search
        if len(search.retriever.chunks) > WARM_PASSAGES:
            return
        for chunk in list(search.retriever.chunks):
            await self.units_of(search, chunk)

    async def tool_results(
        self, question: str, participant: Participant, language: str = "en"
    ) -> tuple[list[str], float]:
        """Order and vendor look-ups the message asks for, in the customer's language, and how sure they are."""
        lines: list[str] = []
        confidence = 0.0
        orders = self.parts.orders
        for found in await orders.lookup_all(orders.ids_in(question)[:3], participant, language):
            lines.append(found.text)
            confidence = max(confidence, order_confidence(found))
        for vendor in self.parts.vendors.find(question)[:2]:
            lines.append(vendor.describe(language))
            confidence = max(confidence, VENDOR_CONFIDENCE)
        return lines, confidence

    async def compose(self, question: str, result: RetrievalResult, language: str) -> tuple[str, list[ArticleHit]]:
        """The sentences that answer the question, the decisive one first, within the brand's word
        budget (bot/brain/compose.py), from the top article, or from the top two when the search
        can't tell them apart; and the articles the answer quotes, the one it leads with first."""
        search = self.parts.search_for(language)
        hits = close_articles(result, self.parts.threshold, language)
        found: list[Unit] = []
        vectors: list[np.ndarray] = []
        for article, hit in enumerate(hits):
            for rank, passage in enumerate(sorted_passages(hit)):
                chunk_units, chunk_vectors = await self.units_of(search, passage.chunk)
                start = len(found)  # fixed before extending: `order` is the unit's place in `found`
                found.extend(replace(u, passage=rank, order=start + i, article=article,
                                     in_list=start + u.in_list if u.in_list >= 0 else -1)
                             for i, u in enumerate(chunk_units))
                vectors.append(chunk_vectors)
        if not found:
            return "", hits[:1]
        question_vector = await search.embedder.embed_query(result.query)  # as searched: cached
        # A question in another language meets an English article's sentences in its words read in
        # English (not a translation's: those are in the customer's own words).
        in_english = ""
        if search.english is not None and hit_language(hits[0]) == "en" != language:
            in_english = search.english.lexicon.english(question, language)
        unit_scores = scores(question, np.asarray(question_vector, dtype=np.float32), found, np.concatenate(vectors),
                             in_english=in_english)
        # Across languages the words don't help tell close units apart: no stretching there.
        stretch = STRETCH if language == "en" else 1.0
        chosen = choose(found, unit_scores, self.parts.brand.answer_words, stretch=stretch)
        quoted = list(dict.fromkeys(u.article for u in chosen))
        return render(chosen), [hits[a] for a in quoted]

    async def units_of(self, search: KnowledgeSearch, chunk: Chunk) -> tuple[list[Unit], np.ndarray]:
        """A passage's units and their vectors, computed once per index (kept apart from the
        embedder's query cache, so busy traffic never pushes the help centre's sentences out)."""
        token = search.retriever.loaded.token
        cache = self._units.get(id(search))
        if cache is None or cache[0] != token:
            cache = (token, {})
            self._units[id(search)] = cache
        if chunk.id not in cache[1]:
            heading = chunk.headings[-1] if chunk.headings else ""
            chunk_units = units(chunk.text, heading=heading, language=chunk.language)
            embedded = await search.embedder.embed_many([u.context for u in chunk_units])
            shape = (len(chunk_units), search.embedder.dimension)
            cache[1][chunk.id] = (chunk_units, np.asarray(embedded, dtype=np.float32).reshape(shape))
        return cache[1][chunk.id]

    async def answer(
        self, question: str, *, participant: Participant, history: Sequence[Message], language: str = "en"
    ) -> Answer:
        """A short extractive answer in the brand voice, with its sources and a confidence."""
        # The brand's texts in the customer's language where brand.yaml translates them.
        brand, threshold = self.parts.brand.localised(language), self.parts.threshold
        greeted_in = self.parts.brand.greets_in(language)
        polite = polite_answer(self.parts.brand, question, history, language)
        if polite is not None:
            return polite
        # A buyer (or a visitor who hasn't signed in) searches the buyer articles, and the whole
        # help centre too, so that a seller's question gets the seller article (bot/brain/audience.py).
        margin = seller_margin(participant)
        views: tuple[View, ...] = ("buyer", "anyone") if margin is not None else (participant.role,)
        # The order system is asked while the help centre is searched.
        (tool_lines, tool_confidence), results = await asyncio.gather(
            self.tool_results(question, participant, language),
            self.parts.search_for(language).search_views(question, views, history, k=3, language=language),
        )
        main = self.parts.search_for(language).retriever.main_language
        results = [readable(found, language, main) for found in results]
        result = results[0]
        for_buyers: RetrievalResult | None = None
        if margin is not None and seller_question(results[1], result, threshold, margin, question):
            for_buyers, result = result, results[1]
        confident = bool(result.hits) and result.confidence >= threshold
        # With an order or vendor answer, an article is added only when it clearly fits too.
        use_article = confident and (not tool_lines or result.confidence >= 0.8)
        body = list(tool_lines)
        sources: list[Source] = []
        if use_article:
            composed, quoted = await self.compose(question, result, language)
            quoted_in = hit_language(quoted[0]) if quoted else article_language(result)
            english_only = quoted_in == "en" and language != "en"
            notice = brand.english_only_notice.get(language, "") if english_only else ""
            if for_buyers is not None:
                body.append(brand.seller_notice(language))
            body.extend([notice] if notice else [])
            body.append(composed or "\n\n".join(passage_text(p) for p in best_passages(result.hits[0])))
            sources = [hit.source for hit in quoted] or [result.hits[0].source]
            if for_buyers is not None and for_buyers.hits and for_buyers.confidence >= threshold \
                    and for_buyers.hits[0].source not in sources:
                sources.append(for_buyers.hits[0].source)  # in case they are the buyer after all
        if not body:
            body = [brand.no_answer_message]
            # Nearly-relevant articles are still offered as reading, not as an answer.
            sources = cited_sources(result, threshold / 2)[:2]
        greeting = greets(question, history, brand.greeting) and not tool_lines and greeted_in
        lines = ([brand.greeting] if greeting else []) + body
        if brand.sign_off:
            lines.append(brand.sign_off)
        return Answer(
            text="\n\n".join(lines),
            sources=sources,
            confidence=round(max(result.confidence, tool_confidence), 4),
            offers_person=not tool_lines and not use_article,
        )


def readable(result: RetrievalResult, language: str, main: str) -> RetrievalResult:
    """The articles found, without those in a third language: a German customer is answered from
    the German or the main-language article, never from the Spanish translation of another."""
    kept = [hit for hit in result.hits if hit_language(hit) in (language, main)]
    return replace(result, hits=kept) if kept and len(kept) < len(result.hits) else result


def hit_language(hit: ArticleHit) -> str:
    """The language an article found is written in."""
    return hit.passages[0].chunk.language if hit.passages else "en"


def article_language(result: RetrievalResult) -> str:
    """The language of the article that answers: a help centre may have it in the customer's
    language (docs/knowledge-base.md), else it is quoted in English with a notice."""
    return hit_language(result.hits[0]) if result.hits else "en"


def close_articles(result: RetrievalResult, threshold: float, language: str) -> list[ArticleHit]:
    """The articles an answer is composed from: the best, and the second when it is relevant too
    and within CLOSE_ARTICLES_LOGITS of the best ("premier sellers ship within how long?" is
    about tiers and about shipping), when both are in the customer's language: across languages
    the words can't tell close sentences apart."""
    best = result.hits[:1]
    if len(result.hits) < 2 or not best or hit_language(best[0]) != language:
        return best
    second = result.hits[1]
    if (second.relevance >= threshold and best[0].logit - second.logit < CLOSE_ARTICLES_LOGITS
            and hit_language(second) == hit_language(best[0])):
        return [best[0], second]
    return best


def sorted_passages(hit: ArticleHit) -> list[Passage]:
    """The top article's best passages, best first, at most COMPOSE_PASSAGES."""
    return list(hit.passages[:COMPOSE_PASSAGES])

