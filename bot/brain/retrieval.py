"""Hybrid retrieval: dense cosine (the FAISS index's vectors) and BM25 blended into one relevance per article.

Candidate articles come from the top dense passages and the top BM25 passages. Each is scored with
a logistic model over its best passage's cosine, the cosine of the article's mean vector, the best
passage's (squashed) BM25 and its query-term coverage (see `Weights`); `sigmoid(logit)` is the
article's relevance in [0, 1]. The weights were fitted (`bench/retrieval_eval.py --fit`) on the
shipped question set against off-topic questions, so a relevance of 0.5 means "as likely
answerable as not": that is the value to use for `confidence_below` in rules.yaml.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

import numpy as np
from scipy import sparse

from bot.brain.index import LoadedIndex
from bot.brain.knowledge import Chunk
from bot.brain.latent import weighted
from bot.brain.lexical import Lexicon, default_thesaurus
from bot.models import Source

Mode = Literal["hybrid", "dense", "bm25", "rrf"]

# Which articles each role may see; "anyone" is the whole help centre, searched for a visitor who
# hasn't signed in, to tell a seller's question from a buyer's (bot/brain/audience.py).
View = Literal["buyer", "vendor", "anyone"]
VISIBLE: dict[View, tuple[str, ...]] = {
    "buyer": ("buyer", "all"),
    "vendor": ("vendor", "all"),
    "anyone": ("buyer", "vendor", "all"),
}
RECOMMENDED_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Weights:
    """Coefficients of the relevance logit of an article (see the module docstring)."""

    # Fitted by `bench/retrieval_eval.py --fit` on the shipped question sets (see docs/brain.md).
    dense: float = 10.6  # cosine of the article's best passage
    dense2: float = 0.0  # cosine of its second-best passage (fitted to ~0: kept for refits)
    centroid: float = 12.04  # cosine of the article's mean vector (what the whole article is about)
    bm25: float = 2.86  # best passage's BM25, squashed as 1 - exp(-score / bm25_scale)
    coverage: float = 1.74  # share of the query's idf weight the best passage contains
    heading: float = 7.68  # cosine of the best title + heading path (what a section is about)
    article_bm25: float = 6.19  # BM25 of the whole article (words spread over its sections), squashed
    article_coverage: float = 1.42  # share of the query's idf weight the whole article contains
    # Cosine of the best passage's latent terms (multilingual-e5-small's sparse head, concepts
    # shared across languages); only the cross-lingual weights use it (docs/brain.md#latent-terms).
    latent: float = 0.0
    bias: float = -11.74
    bm25_scale: float = 8.0
    context_penalty: float = 0.7  # logit taken off matches that only the earlier turns explain
    # Logit added to every article for a question in one of these languages (calibration only:
    # the ranking is unchanged), so that 0.5 means "as likely answerable as not" in each language.
    language_shift: tuple[tuple[str, float], ...] = ()

    def shift_for(self, language: str | None) -> float:
        """The calibration shift for a question in `language` (0 for any language not listed)."""
        return dict(self.language_shift).get(language or "", 0.0)

    def logit(self, dense, dense2, centroid, bm25, coverage, heading=0.0, article_bm25=0.0, article_coverage=0.0, latent=0.0):  # type: ignore[no-untyped-def]
        """The relevance logit (works on floats and numpy arrays alike)."""
        return (
            self.dense * dense
            + self.dense2 * dense2
            + self.centroid * centroid
            + self.bm25 * self.squash(bm25)
            + self.coverage * coverage
            + self.heading * heading
            + self.article_bm25 * self.squash(article_bm25)
            + self.article_coverage * article_coverage
            + self.latent * latent
            + self.bias
        )

    def squash(self, bm25):  # type: ignore[no-untyped-def]
        """BM25 mapped into [0, 1): 1 - exp(-score / bm25_scale)."""
        return 1.0 - np.exp(-np.asarray(bm25) / self.bm25_scale)


DEFAULT_WEIGHTS = Weights()
# For questions in other languages, searched with the multilingual model (multilingual-e5-small):
# its dense signals (BM25 over English articles does not read a Spanish question), fitted and
# calibrated by `bench/retrieval_eval.py --model e5-small --signals dense,centroid,heading --fit
# --questions bench/data/retrieval_multilingual.jsonl`. A Spanish question sits further from its
# English article than an English one (cosine ~0.83 against ~0.91), so the English fit would
# hand most of them off as unsure; docs/brain.md.
# Plus the latent terms the question and the best passage share (bot/brain/latent.py), weight 10
# before calibration: chosen on the es/de/fr tuning questions of two help centres with
# `bench/latent_terms_eval.py` (383 questions: 251 ranked right without, 268 with; 15 gave 271
# but took a German seller's payout question to the buyers' refund article); then the whole
# blend Platt-scaled again on the same off-topic messages (x1.099, -1.43).
# Then a shift per language: German questions sit further from their articles than Spanish or
# French ones, answerable and off-topic alike, so one bias kept too few German answers and too
# many French off-topic ones. Fitted class-balanced, as the bias was, on two help centres' es/de/fr
# questions and off-topic messages (`bench/language_calibration.py`: the shipped help centre and
# Parcela's each alone give de +0.70 / +0.59, fr -0.55 / -0.46, es -0.02 / -0.32).
CROSSLINGUAL_WEIGHTS = Weights(dense=25.65, dense2=0.0, centroid=30.34, bm25=0.0, coverage=0.0, heading=28.76,
                               article_bm25=0.0, article_coverage=0.0, latent=10.99, bias=-71.73,
                               language_shift=(("es", -0.10), ("de", 0.67), ("fr", -0.53)))
# A question and an article in the same language, read by multilingual-e5-small (dense signals
# only): how a translated article is scored for a question in its language, so that it competes
# with the originals scored across languages. Fitted on English questions about English articles
# (`bench/retrieval_eval.py --kb knowledge_base --model e5-small --signals dense,centroid,heading
# --fit --questions bench/data/retrieval_dev.jsonl bench/data/retrieval_questions.jsonl`: 5-fold
# cross-validated top-1 80.2%), bias -112.20; then 3 more taken off, because any text in the
# customer's language sits closer to their question than text in English, whatever its topic: on
# the shipped help centre with 14 articles translated (bench/data/dev_translations/) and the 180
# es/de/fr dev questions, the article cited was right 43% of the time with 0, 54% with 1.5, 63%
# with 3, 62% with 4 and 61% from 6 on (where translations never win), docs/benchmarks.md.
SAME_LANGUAGE_E5_WEIGHTS = Weights(dense=48.01, dense2=0.0, centroid=44.14, bm25=0.0, coverage=0.0, heading=40.64,
                                   article_bm25=0.0, article_coverage=0.0, bias=-115.20)


_TRANSLATION = re.compile(r"^(?P<original>.+)\.(?P<language>[a-z]{2,3})$")


def translations(chunks: Sequence[Chunk]) -> dict[str, dict[str, str]]:
    """Which articles are translations of which: `refunds.es` (the file `refunds.es.md`) of
    `refunds`, when both exist and are in different languages. original slug -> {language: slug}."""
    language = {c.slug: c.language for c in chunks}
    found: dict[str, dict[str, str]] = {}
    for slug, written_in in language.items():
        match = _TRANSLATION.match(slug)
        original = match.group("original") if match else None
        if original in language and language[original] != written_in:
            found.setdefault(original, {})[written_in] = slug
    return found


def main_language(chunks: Sequence[Chunk]) -> str:
    """The language most of these chunks' articles are written in ("en" when there are none)."""
    counts = Counter({c.slug: c.language for c in chunks}.values())
    return counts.most_common(1)[0][0] if counts else "en"


def sigmoid(z: float) -> float:
    """Logistic function, safe for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class Passage:
    """One retrieved chunk with its relevance and the signals behind it."""

    chunk: Chunk
    relevance: float
    dense: float
    coverage: float
    bm25: float


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """One article, ranked: relevance in [0, 1], its best passages first, and the signals behind it."""

    slug: str
    title: str
    url: str
    audience: str
    relevance: float
    passages: tuple[Passage, ...]
    # dense, dense2, centroid, bm25, coverage, heading, article bm25, article coverage, latent (for fitting)
    features: tuple[float, ...] = ()
    logit: float = 0.0  # the relevance before the sigmoid: tells close articles apart where both are ~1

    @property
    def source(self) -> Source:
        """The citation for this article."""
        return Source(title=self.title, url=self.url)


@dataclass(frozen=True, slots=True)
class RetrievalResult:
    """The articles found for a query (best first) and the query as actually searched."""

    query: str
    hits: list[ArticleHit] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        """Relevance of the best article, 0 when nothing was found."""
        return self.hits[0].relevance if self.hits else 0.0


@dataclass(frozen=True, slots=True)
class Query:
    """A query ready to search: its (typo-corrected) text and unit vector."""

    text: str
    vector: np.ndarray
    penalty: float = 0.0  # logit subtracted from this query's scores (context queries)
    latent: sparse.csr_matrix | None = None  # its latent terms (1, features), where the index has them


class _View:
    """The chunks one role may see, grouped by article, as arrays that one query scores at once."""

    def __init__(self, positions: np.ndarray, vectors: np.ndarray, headings: np.ndarray, slugs: list[str]) -> None:
        # Chunks of one article sit together in the index; keep them together (stable order).
        first_seen: dict[str, int] = {}
        for p in positions:
            first_seen.setdefault(slugs[p], len(first_seen))
        group = np.array([first_seen[slugs[p]] for p in positions], dtype=np.int64)
        order = np.argsort(group, kind="stable")
        self.positions = positions[order]
        self.article = group[order]  # article number of each chunk of the view
        self.slugs = list(first_seen)
        self.starts = np.searchsorted(self.article, np.arange(len(self.slugs)))
        self.sizes = np.diff(np.append(self.starts, len(self.positions)))
        self.vectors = np.ascontiguousarray(vectors[self.positions]) if len(positions) else vectors[:0]
        self.headings = np.ascontiguousarray(headings[self.positions]) if len(positions) else headings[:0]
        centroids = (
            np.add.reduceat(self.vectors, self.starts, axis=0) / self.sizes[:, None]
            if len(positions)
            else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        )
        norms = np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
        self.centroids = np.ascontiguousarray(centroids / norms, dtype=np.float32)
        self.article_rows = np.zeros(len(self.slugs), dtype=np.int64)  # each article's row in the article BM25


@dataclass(slots=True)
class _Scored:
    logit: float
    features: tuple[float, ...]
    view: _View
    article: int  # article number in the view
    chunk_logits: np.ndarray  # passage logits of the whole view for this query
    dense: np.ndarray
    bm25: np.ndarray
    coverage: np.ndarray

    def passages(self, limit: int) -> list[tuple[float, int, float, float, float]]:
        """The article's best passages: (logit, position, dense, bm25, coverage), best first."""
        start = int(self.view.starts[self.article])
        local = np.arange(start, start + int(self.view.sizes[self.article]))
        best = local[np.argsort(-self.chunk_logits[local], kind="stable")[:limit]]
        return [
            (float(self.chunk_logits[i]), int(self.view.positions[i]), float(self.dense[i]),
             float(self.bm25[i]), float(self.coverage[i]))
            for i in best
        ]


@cache
def single_threaded_blas() -> None:
    """Run numpy's BLAS on one thread in this process (once; idempotent).

    A query's matrix-vector products take ~0.1 ms on one thread; OpenBLAS's thread team turned
    them into ~1.5 ms each on this shared 2-core machine (10,000-chunk index: 16 ms per search
    instead of 1.5 ms), and the model's own threads need the cores anyway.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class Retriever:
    """Searches one loaded index; immutable, so a rebuilt index gets a new Retriever (hot swap)."""

    def __init__(
        self,
        loaded: LoadedIndex,
        *,
        weights: Weights = DEFAULT_WEIGHTS,
        mode: Mode = "hybrid",
        typo_correction: bool = True,
        synonyms: bool = True,
        candidates: int = 40,
        same_language_weights: Weights | None = None,
    ) -> None:
        single_threaded_blas()
        self.loaded = loaded
        self.chunks = loaded.chunks
        # The language most of the help centre is written in (articles may also exist translated).
        self.main_language = main_language(self.chunks)
        self.weights = weights
        self.mode = mode
        self.typo_correction = typo_correction
        self.candidates = candidates
        self.same_language_weights = same_language_weights
        self._vectors = np.ascontiguousarray(loaded.vectors(), dtype=np.float32)
        self._latent = loaded.latent
        self._latent_weights = loaded.latent_weights
        headings = np.ascontiguousarray(loaded.heading_vectors(), dtype=np.float32)
        audiences = np.array([c.audience for c in self.chunks])
        slugs = [c.slug for c in self.chunks]
        # Translated articles are not ranked: their original stands for them, so that a Spanish
        # question is not drawn to Spanish text about another topic; the translation is what it reads.
        self.translations = translations(self.chunks)
        self.original_of = {t: o for o, by_language in self.translations.items() for t in by_language.values()}
        slug_of = np.array(slugs, dtype=object)
        translated = np.isin(slug_of, list(self.original_of))
        self._views = {
            role: _View(np.flatnonzero(np.isin(audiences, allowed) & ~translated), self._vectors, headings, slugs)
            for role, allowed in VISIBLE.items()
        }
        self._versions = {
            version: _View(np.flatnonzero(slug_of == version), self._vectors, headings, slugs)
            for version in self.original_of
        }
        # Each role's translations into each language, scored together for a question in it.
        self._translated_views: dict[tuple[View, str], _View] = {}
        for code in {code for by_language in self.translations.values() for code in by_language}:
            into = [by_language[code] for by_language in self.translations.values() if code in by_language]
            for role, allowed in VISIBLE.items():
                keep = np.isin(audiences, allowed) & np.isin(slug_of, into)
                self._translated_views[(role, code)] = _View(np.flatnonzero(keep), self._vectors, headings, slugs)
        # Titles count twice in what BM25 matches: a question naming the topic should find it.
        thesaurus = default_thesaurus() if synonyms else None
        self.lexicon = Lexicon([f"{c.title}\n{c.searchable_text}" for c in self.chunks], thesaurus=thesaurus)
        # The same words scored over whole articles: a question whose words are spread over an
        # article's sections still finds it.
        articles: dict[str, list[str]] = {}
        for c in self.chunks:
            articles.setdefault(c.slug, []).append(f"{c.title}\n{c.searchable_text}")
        self._article_slugs = list(articles)
        self.article_lexicon = Lexicon(["\n".join(texts) for texts in articles.values()], thesaurus=thesaurus)
        row_of = {slug: row for row, slug in enumerate(self._article_slugs)}
        for view in [*self._views.values(), *self._versions.values(), *self._translated_views.values()]:
            view.article_rows = np.array([row_of[s] for s in view.slugs], dtype=np.int64)

    @property
    def reads_latent_terms(self) -> bool:
        """Whether queries should bring their latent terms (the index has them and they weigh)."""
        return self._latent is not None and self.weights.latent != 0.0

    def correct(self, text: str) -> str:
        """The query with misspelt words repaired against the knowledge base's vocabulary."""
        return self.lexicon.correct(text) if self.typo_correction else text

    def search(
        self, queries: Sequence[Query], role: View, k: int = 3, language: str | None = None,
        nudge: Mapping[str, float] | None = None,
    ) -> RetrievalResult:
        """Top-k articles this role (or view) may see for these queries (first is the question itself);
        an article translated into `language` is given as its translation.

        `nudge` (article -> logits) is what another reading of the question says of each article:
        it moves the article's logit, so its place and its relevance; an article it doesn't name
        gets its smallest value.
        """
        if not queries:
            raise ValueError("search needs at least one query")
        # Each question's latent terms weighted once, by what each says about a topic (bot/brain/latent.py).
        queries = [replace(q, latent=weighted(q.latent, self._latent_weights)) if q.latent is not None else q
                   for q in queries]
        view = self._views[role]
        if not len(view.positions):
            return RetrievalResult(query=queries[0].text)
        best: dict[str, _Scored] = {}
        versions: dict[str, str] = {}  # original -> the translation that scored it
        translated = self._translated_views.get((role, language or ""))
        for query in queries:
            for slug, scored in self._score(query, view).items():
                scored.logit -= query.penalty
                if slug not in best or scored.logit > best[slug].logit:
                    best[slug] = scored
            if translated is None or not len(translated.positions) or self.same_language_weights is None:
                continue
            # A translation read in its own language, on the same calibrated scale: its topic
            # (the original) takes the better of the two readings.
            for version, scored in self._score(query, translated, self.same_language_weights).items():
                scored.logit -= query.penalty
                original = self.original_of[version]
                if original not in best or scored.logit > best[original].logit:
                    best[original] = scored
                    versions[original] = version
        shift = self.weights.shift_for(language)
        floor = min(nudge.values(), default=0.0) if nudge else 0.0
        moved = {slug: nudge.get(slug, floor) if nudge else 0.0 for slug in best}
        ranked = sorted(best.items(), key=lambda item: item[1].logit + moved[item[0]], reverse=True)[:k]
        hits = []
        for slug, scored in ranked:
            lift = shift + moved[slug]
            if slug in versions:
                slug = versions[slug]
            else:
                slug, scored = self._in_language(slug, scored, queries, role, language)
            passages = tuple(
                Passage(
                    chunk=self.chunks[position],
                    relevance=sigmoid(min(z, scored.logit) + lift),
                    dense=dense,
                    coverage=coverage,
                    bm25=bm25,
                )
                for z, position, dense, bm25, coverage in scored.passages(3)
            )
            first = passages[0].chunk
            hits.append(
                ArticleHit(
                    slug=slug,
                    title=first.title,
                    url=first.url,
                    audience=first.audience,
                    relevance=sigmoid(scored.logit + lift),
                    passages=passages,
                    features=scored.features,
                    logit=scored.logit + lift,
                )
            )
        return RetrievalResult(query=queries[0].text, hits=hits)

    def _in_language(
        self, slug: str, scored: _Scored, queries: Sequence[Query], role: View, language: str | None
    ) -> tuple[str, _Scored]:
        """The article's translation into `language`, if it has one this role may read: its own
        passages ranked for the question, with the original's score (the calibrated one)."""
        version = self.translations.get(slug, {}).get(language or "")
        view = self._versions.get(version or "")
        if version is None or view is None or self.chunks[int(view.positions[0])].audience not in VISIBLE[role]:
            return slug, scored
        own = max((self._score(query, view)[version] for query in queries), key=lambda item: item.logit)
        own.logit = scored.logit
        return version, own

    def _latent_scores(self, query: Query, view: _View) -> np.ndarray:
        """Cosine of the query's (weighted) latent terms with each passage of the view (0 without them)."""
        if self._latent is None or query.latent is None:
            return np.zeros(len(view.positions), dtype=np.float32)
        return np.asarray((self._latent @ query.latent.T).toarray(), dtype=np.float32).ravel()[view.positions]

    def _score(self, query: Query, view: _View, weights: Weights | None = None) -> dict[str, _Scored]:
        """Candidate articles for one query (from the dense and the BM25 top passages), scored.

        Every signal is computed for the whole view in a few array operations; only the
        candidates become Python objects, and passages are ranked only for the articles returned.
        """
        n = len(view.positions)
        top = min(self.candidates, n)
        vector = np.asarray(query.vector, dtype=np.float32).ravel()
        dense = view.vectors @ vector
        candidates = [np.argpartition(-dense, top - 1)[:top] if top < n else np.arange(n)]
        bm25_all, coverage_all = self.lexicon.scores(query.text)
        bm25, coverage = bm25_all[view.positions], coverage_all[view.positions]
        if self.mode != "dense" and bm25.any():
            lexical_top = np.argpartition(-bm25, top - 1)[:top] if top < n else np.arange(n)
            candidates.append(lexical_top[bm25[lexical_top] > 0])
        articles = np.unique(view.article[np.concatenate(candidates)])
        w = weights or self.weights
        if self.mode == "dense":
            w = Weights(dense=w.dense, dense2=0.0, centroid=0.0, bm25=0.0, coverage=0.0, heading=0.0,
                        article_bm25=0.0, article_coverage=0.0, bias=w.bias)
        elif self.mode == "bm25":
            w = Weights(dense=0.0, dense2=0.0, centroid=0.0, bm25=w.bm25, coverage=w.coverage, heading=0.0,
                        article_bm25=0.0, article_coverage=0.0, bias=w.bias)
        d1 = np.maximum.reduceat(dense, view.starts)
        # Second-best passage per article: the best once the best is masked out (a tie for best,
        # or a one-passage article, makes it equal to the best).
        is_best = dense == d1[view.article]
        d2 = np.maximum.reduceat(np.where(is_best, -np.inf, dense), view.starts)
        d2 = np.where((np.add.reduceat(is_best, view.starts) > 1) | (view.sizes == 1), d1, d2).astype(np.float32)
        centroid = view.centroids @ vector
        heads = view.headings @ vector
        b = np.maximum.reduceat(bm25, view.starts)
        c = np.maximum.reduceat(coverage, view.starts)
        h = np.maximum.reduceat(heads, view.starts)
        article_bm25, article_coverage = (s[view.article_rows] for s in self.article_lexicon.scores(query.text))
        latent = self._latent_scores(query, view)
        lt = np.maximum.reduceat(latent, view.starts)
        logits = w.logit(d1, d2, centroid, b, c, h, article_bm25, article_coverage, lt)
        chunk_logits = w.logit(
            dense, d2[view.article], centroid[view.article], bm25, coverage, heads,
            article_bm25[view.article], article_coverage[view.article], latent,
        )
        signals = np.stack([d1, d2, centroid, b, c, h, article_bm25, article_coverage, lt])[:, articles].T.tolist()
        scored = {
            view.slugs[a]: _Scored(
                logit=z,
                features=tuple(features),
                view=view,
                article=a,
                chunk_logits=chunk_logits,
                dense=dense,
                bm25=bm25,
                coverage=coverage,
            )
            for a, z, features in zip(articles.tolist(), logits[articles].tolist(), signals, strict=True)
        }
        if self.mode == "rrf":
            _apply_rrf(scored)
        return scored


def _apply_rrf(scored: dict[str, _Scored], k: int = 60) -> None:
    """Replace the logits by reciprocal rank fusion of the dense and BM25 article rankings."""
    by_dense = sorted(scored, key=lambda s: scored[s].features[0], reverse=True)
    by_bm25 = sorted(scored, key=lambda s: scored[s].features[3], reverse=True)
    for slug, item in scored.items():
        fused = 1.0 / (k + by_dense.index(slug) + 1) + 1.0 / (k + by_bm25.index(slug) + 1)
        item.logit = fused * 100.0 - 2.0
