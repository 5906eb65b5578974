"""Hybrid retrieval: dense FAISS search and BM25 blended into one calibrated relevance per article.

Candidate articles come from the top dense passages and the top BM25 passages. Each is scored with
a logistic model over its best passage's cosine, the cosine of the article's mean vector, the best
passage's (squashed) BM25 and its query-term coverage (see `Weights`); `sigmoid(logit)` is the
article's relevance in [0, 1]. The weights were fitted (`bench/retrieval_eval.py --fit`) on the
shipped question set against off-topic questions, so a relevance of 0.5 means "as likely
answerable as not": that is the value to use for `confidence_below` in rules.yaml.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import faiss
import numpy as np

from bot.brain.index import LoadedIndex
from bot.brain.knowledge import Chunk
from bot.brain.lexical import Lexicon
from bot.models import Role, Source

Mode = Literal["hybrid", "dense", "bm25", "rrf"]

# Which articles each role may see.
VISIBLE: dict[Role, tuple[str, ...]] = {"buyer": ("buyer", "all"), "vendor": ("vendor", "all")}
RECOMMENDED_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Weights:
    """Coefficients of the relevance logit of an article (see the module docstring)."""

    # Fitted by `bench/retrieval_eval.py --fit` on the shipped question set (see docs/brain.md).
    dense: float = 5.20  # cosine of the article's best passage
    dense2: float = 0.0  # cosine of its second-best passage (fitted to ~0: kept for refits)
    centroid: float = 16.41  # cosine of the article's mean vector (what the whole article is about)
    bm25: float = 7.53  # best passage's BM25, squashed as 1 - exp(-score / bm25_scale)
    coverage: float = 3.98  # share of the query's idf weight the best passage contains
    bias: float = -10.23
    bm25_scale: float = 8.0
    context_penalty: float = 0.7  # logit taken off matches that only the earlier turns explain

    def logit(self, dense, dense2, centroid, bm25, coverage):  # type: ignore[no-untyped-def]
        """The relevance logit (works on floats and numpy arrays alike)."""
        squashed = 1.0 - np.exp(-np.asarray(bm25) / self.bm25_scale)
        return (
            self.dense * dense
            + self.dense2 * dense2
            + self.centroid * centroid
            + self.bm25 * squashed
            + self.coverage * coverage
            + self.bias
        )


DEFAULT_WEIGHTS = Weights()


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
    features: tuple[float, ...] = ()  # dense, dense2, centroid, bm25, coverage (for fitting)

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


class _View:
    """The chunks one role may see, as their own small FAISS index."""

    def __init__(self, positions: np.ndarray, vectors: np.ndarray) -> None:
        self.positions = positions
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        if len(positions):
            self.index.add(np.ascontiguousarray(vectors[positions]))


@dataclass(slots=True)
class _Scored:
    logit: float
    features: tuple[float, float, float, float, float]
    passages: list[tuple[float, int, float, float, float]]  # (logit, position, dense, bm25, coverage)


class Retriever:
    """Searches one loaded index; immutable, so a rebuilt index gets a new Retriever (hot swap)."""

    def __init__(
        self,
        loaded: LoadedIndex,
        *,
        weights: Weights = DEFAULT_WEIGHTS,
        mode: Mode = "hybrid",
        typo_correction: bool = True,
        candidates: int = 40,
    ) -> None:
        self.loaded = loaded
        self.chunks = loaded.chunks
        self.weights = weights
        self.mode = mode
        self.typo_correction = typo_correction
        self.candidates = candidates
        self._vectors = np.ascontiguousarray(loaded.vectors(), dtype=np.float32)
        audiences = np.array([c.audience for c in self.chunks])
        self._views = {
            role: _View(np.flatnonzero(np.isin(audiences, allowed)), self._vectors)
            for role, allowed in VISIBLE.items()
        }
        grouped: dict[str, list[int]] = {}
        for position, chunk in enumerate(self.chunks):
            grouped.setdefault(chunk.slug, []).append(position)
        self._article_chunks = {s: np.array(p, dtype=np.int64) for s, p in grouped.items()}
        centroids = {s: self._vectors[p].mean(axis=0) for s, p in self._article_chunks.items()}
        self._centroids = {s: c / max(float(np.linalg.norm(c)), 1e-9) for s, c in centroids.items()}
        # Titles count twice in what BM25 matches: a question naming the topic should find it.
        self.lexicon = Lexicon([f"{c.title}\n{c.searchable_text}" for c in self.chunks])

    def correct(self, text: str) -> str:
        """The query with misspelt words repaired against the knowledge base's vocabulary."""
        return self.lexicon.correct(text) if self.typo_correction else text

    def search(self, queries: Sequence[Query], role: Role, k: int = 3) -> RetrievalResult:
        """Top-k articles this role may see for these queries (first is the question itself)."""
        if not queries:
            raise ValueError("search needs at least one query")
        view = self._views[role]
        if not len(view.positions):
            return RetrievalResult(query=queries[0].text)
        best: dict[str, _Scored] = {}
        for query in queries:
            for slug, scored in self._score(query, view).items():
                scored.logit -= query.penalty
                if slug not in best or scored.logit > best[slug].logit:
                    best[slug] = scored
        ranked = sorted(best.items(), key=lambda item: item[1].logit, reverse=True)[:k]
        hits = []
        for slug, scored in ranked:
            passages = tuple(
                Passage(
                    chunk=self.chunks[position],
                    relevance=sigmoid(min(z, scored.logit)),
                    dense=dense,
                    coverage=coverage,
                    bm25=bm25,
                )
                for z, position, dense, bm25, coverage in scored.passages[:3]
            )
            first = passages[0].chunk
            hits.append(
                ArticleHit(
                    slug=slug,
                    title=first.title,
                    url=first.url,
                    audience=first.audience,
                    relevance=sigmoid(scored.logit),
                    passages=passages,
                    features=scored.features,
                )
            )
        return RetrievalResult(query=queries[0].text, hits=hits)

    def _score(self, query: Query, view: _View) -> dict[str, _Scored]:
        """Candidate articles for one query (from the dense and the BM25 top passages), scored."""
        n = len(view.positions)
        top = min(self.candidates, n)
        vector = np.ascontiguousarray(query.vector.reshape(1, -1), dtype=np.float32)
        _, local = view.index.search(vector, top)
        candidates = {int(view.positions[i]) for i in local[0] if i >= 0}
        bm25_all, coverage_all = self.lexicon.scores(query.text)
        if self.mode != "dense":
            bm25_view = bm25_all[view.positions]
            if bm25_view.any():
                lexical_top = np.argpartition(-bm25_view, top - 1)[:top] if top < n else np.arange(n)
                candidates.update(int(view.positions[i]) for i in lexical_top if bm25_view[i] > 0)
        slugs = {self.chunks[p].slug for p in candidates}
        w = self.weights
        if self.mode == "dense":
            w = Weights(dense=w.dense, dense2=0.0, centroid=0.0, bm25=0.0, coverage=0.0, bias=w.bias)
        elif self.mode == "bm25":
            w = Weights(dense=0.0, dense2=0.0, centroid=0.0, bm25=w.bm25, coverage=w.coverage, bias=w.bias)
        scored: dict[str, _Scored] = {}
        for slug in slugs:
            positions = self._article_chunks[slug]
            dense = self._vectors[positions] @ vector[0]
            bm25 = bm25_all[positions]
            coverage = coverage_all[positions]
            order = np.argsort(-dense)
            d1 = float(dense[order[0]])
            d2 = float(dense[order[1]]) if len(order) > 1 else d1
            centroid = float(self._centroids[slug] @ vector[0])
            b, c = float(bm25.max()), float(coverage.max())
            logit = float(w.logit(d1, d2, centroid, b, c))
            passage_logits = w.logit(dense, d2, centroid, bm25, coverage)
            passages = sorted(
                (
                    (float(z), int(p), float(d), float(bb), float(cc))
                    for z, p, d, bb, cc in zip(passage_logits, positions, dense, bm25, coverage, strict=True)
                ),
                reverse=True,
            )
            scored[slug] = _Scored(logit=logit, features=(d1, d2, centroid, b, c), passages=passages)
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
