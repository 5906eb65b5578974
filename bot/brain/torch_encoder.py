"""all-MiniLM-L6-v2 on torch (SentenceTransformer): float32, or bfloat16 matrix products.

The ONNX Runtime encoder (`onnx_encoder.py`) is the default; this one is kept for `precision=
"fp32" | "bf16"`, and exports the ONNX graph in the first place.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

# Queries are sorted by length and encoded this many at a time: short questions are then padded
# to their neighbours' length, not to the longest of 64 (about a third less work per batch).
QUERY_SUB_BATCH = 16
TorchPrecision = Literal["fp32", "bf16"]


def bf16_supported() -> bool:
    """Whether this CPU runs bfloat16 matrix products natively (AVX512-BF16 / AMX)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


@lru_cache(maxsize=1)
def load_model(model_dir: Path):  # type: ignore[no-untyped-def]
    """The SentenceTransformer, loaded once per process from disk with the hub off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a progress bar is noise in a service's log
    return SentenceTransformer(str(model_dir), device="cpu")


class TorchEncoder:
    """Unit vectors from the SentenceTransformer at one precision (call from one thread at a time)."""

    def __init__(self, model_dir: Path, precision: TorchPrecision) -> None:
        self.precision = precision
        self._model = load_model(model_dir)
        self._model.eval()
        self.dimension = int(self._model.get_embedding_dimension())

    @contextlib.contextmanager
    def _autocast(self) -> Iterator[None]:
        if self.precision == "bf16":
            import torch

            with torch.autocast("cpu", dtype=torch.bfloat16):
                yield
        else:
            yield

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (n, d) for `texts`, longest first in sub-batches, in the input order.

        The same steps as `SentenceTransformer.encode` (its preprocess and module stack), minus
        its per-call `model.to(device)`, which walks every module and cost ~2 ms per query.
        """
        import torch

        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        with torch.inference_mode(), self._autocast():
            for start in range(0, len(texts), QUERY_SUB_BATCH):
                picked = order[start : start + QUERY_SUB_BATCH]
                features = self._model.preprocess([texts[i] for i in picked])
                embedded = self._model(features)["sentence_embedding"].float()
                vectors[picked] = torch.nn.functional.normalize(embedded, p=2, dim=1).numpy()
        return vectors
