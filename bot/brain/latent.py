"""Latent terms (multilingual-e5-small's sparse head): which of them say what a question is about.

A question's latent terms carry its topic and its form: "Wann bekomme ich ...?" shares "when do I
get" with the article "When will I get my refund?" whatever it asks about. Terms that most
customer questions have say little about the topic, as common words do in BM25; each term is
weighted by its rarity (inverse document frequency) among a sample of generic customer questions
in English, Spanish, German and French (`generic_questions.txt`, written for no marketplace in
particular), computed when the multilingual index is built and stored with it
(docs/brain.md#latent-terms).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import sparse

GENERIC_QUESTIONS = Path(__file__).with_name("generic_questions.txt")


def generic_questions(path: Path = GENERIC_QUESTIONS) -> list[str]:
    """The sample of generic customer questions, one a line."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def topic_weights(terms: sparse.csr_matrix) -> np.ndarray:
    """Per latent term, log((n + 1) / (df + 1)) over n generic questions' latent terms (n, features)."""
    df = np.bincount(sparse.csr_matrix(terms).indices, minlength=terms.shape[1])
    return np.log((terms.shape[0] + 1) / (df + 1)).astype(np.float32)


def weighted(query: sparse.csr_matrix, weights: np.ndarray | None) -> sparse.csr_matrix:
    """A query's latent terms scaled by the terms' weights, back to unit length."""
    if weights is None:
        return query
    scaled = sparse.csr_matrix(query.multiply(weights[np.newaxis, :]), dtype=np.float32)
    norm = float(np.sqrt(scaled.multiply(scaled).sum()))
    return scaled / norm if norm > 0 else scaled
