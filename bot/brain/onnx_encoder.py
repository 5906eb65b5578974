"""all-MiniLM-L6-v2 on ONNX Runtime: exported once from the local model, cached by the model files' hash.

The exported graph is the whole sentence encoder (BERT, mean pooling over the attention mask, L2
normalisation), so one `run` gives unit vectors; the vectors agree with the torch float32 model to
a cosine of 0.99999. An int8 copy of the graph (per-channel dynamic quantisation of the weights) is
made from it once and cached next to it: ~2.5x less CPU, vectors at a cosine of ~0.99 to float32.
Texts are tokenized in one batch by the model's own fast tokenizer and encoded in sub-batches of
similar length, spread over a few single-threaded runs in parallel.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Bump when the export below changes: the cache key includes it, so old files are never reused.
EXPORT_FORMAT = "minilm-meanpool-l2-opset17-v1"
OPSET = 17
# Bump when the quantisation below changes (its settings are part of the int8 file's cache key).
QUANTISATION = "dynamic-qint8-per-channel-v1"
# The files whose bytes decide the exported graph and the tokens fed to it.
MODEL_FILES = ("model.safetensors", "config.json", "tokenizer.json", "sentence_bert_config.json", "1_Pooling/config.json")
# Short questions are encoded this many at a time; a sub-batch is the unit of parallel work, and
# sorting by token count before cutting means almost no padding.
SUB_BATCH = 8


def model_digest(model_dir: Path, *extra: str) -> str:
    """SHA-256 over the model files, the export format and `extra`: the name of an exported graph."""
    digest = hashlib.sha256("\0".join([EXPORT_FORMAT, *extra]).encode())
    for name in MODEL_FILES:
        path = model_dir / name
        if path.exists():
            digest.update(name.encode() + b"\0")
            with path.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export the sentence encoder in `model_dir` to `target` (needs torch; about 2 s).

    Written to a temporary name and renamed, so a concurrent reader never sees half a file.
    """
    import torch
    from transformers import AutoModel

    class SentenceEncoder(torch.nn.Module):
        """BERT, mean pooling over real tokens, L2 normalisation: what SentenceTransformer computes."""

        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True)
    encoder = SentenceEncoder(bert).eval()
    example = (torch.ones(2, 8, dtype=torch.long), torch.ones(2, 8, dtype=torch.long))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".onnx")
    os.close(handle)
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and tracer notices
            torch.onnx.export(
                encoder,
                example,
                temporary,
                dynamo=False,
                opset_version=OPSET,
                input_names=["input_ids", "attention_mask"],
                output_names=["sentence_embedding"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "tokens"},
                    "attention_mask": {0: "batch", 1: "tokens"},
                    "sentence_embedding": {0: "batch"},
                },
            )
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def quantise_onnx(source: Path, target: Path) -> None:
    """Write an int8 copy of the float32 graph `source` to `target` (about 2 s; no torch needed).

    Weights of the MatMuls are int8 per output channel, activations are quantised per run (dynamic);
    per-tensor scales lose too much (cosine 0.967 to float32 instead of 0.994), and uint8 weights
    run slower on VNNI CPUs. Written to a temporary name and renamed, like `export_onnx`.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    def not_the_preprocessing_hint(record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()

    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".quantise-", suffix=".onnx")
    os.close(handle)
    root = logging.getLogger()  # the quantiser's advice to pre-process goes to the root logger
    root.addFilter(not_the_preprocessing_hint)
    try:
        quantize_dynamic(source, temporary, weight_type=QuantType.QInt8, per_channel=True)
        os.replace(temporary, target)
    finally:
        root.removeFilter(not_the_preprocessing_hint)
        Path(temporary).unlink(missing_ok=True)


def quantisation_key() -> str:
    """The int8 graph's settings, with ONNX Runtime's version: its quantiser decides the weights."""
    import onnxruntime

    return f"{QUANTISATION}-ort{onnxruntime.__version__}"


def cached_onnx(model_dir: Path, cache_dir: Path, *, int8: bool = False) -> Path:
    """The exported graph for the model in `model_dir` (int8: its quantised copy), made in `cache_dir` once."""
    if int8:
        target = cache_dir / f"all-MiniLM-L6-v2-int8-{model_digest(model_dir, quantisation_key())[:20]}.onnx"
        if not target.exists():
            source = cached_onnx(model_dir, cache_dir)
            log.info("quantising the embedding model to int8 once: %s", target)
            try:
                quantise_onnx(source, target)
            except OSError:  # e.g. a read-only cache: the caller picks another directory
                raise
            except Exception:  # noqa: BLE001 - onnx's protobuf DecodeError and friends: a damaged export
                log.warning("cached ONNX model %s unreadable; exporting again", source)
                source.unlink(missing_ok=True)
                quantise_onnx(cached_onnx(model_dir, cache_dir), target)
        return target
    target = cache_dir / f"all-MiniLM-L6-v2-{model_digest(model_dir)[:20]}.onnx"
    if not target.exists():
        log.info("exporting the embedding model to ONNX once: %s", target)
        export_onnx(model_dir, target)
    return target


class OnnxEncoder:
    """Unit vectors from the exported graph (float32, or its int8 copy); thread-safe (ONNX Runtime sessions are).

    `workers` single-threaded runs go in parallel on different sub-batches: on a small machine
    that beats one run with several intra-op threads, whose barriers stall whenever another
    process takes one of the cores.
    """

    def __init__(self, model_dir: Path, cache_dir: Path, *, int8: bool = False, workers: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.model_file = cached_onnx(model_dir, cache_dir, int8=int8)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # warnings about unused initialisers are noise
        # Every call has a new shape (batch x tokens): ORT's arena keeps the memory of each and
        # grew the bot's RSS ~4 MB a minute under load; without it memory stays flat, at no cost
        # in CPU per text measured at batches of 1-40.
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        try:
            self._session = ort.InferenceSession(str(self.model_file), options, providers=["CPUExecutionProvider"])
        except Exception:  # noqa: BLE001 - ORT's load errors (InvalidProtobuf, Fail...) derive from Exception only
            # A damaged cache file (e.g. written on a full disk): make it again, once.
            log.warning("cached ONNX model %s unreadable; making it again", self.model_file)
            self.model_file.unlink(missing_ok=True)
            self.model_file = cached_onnx(model_dir, cache_dir, int8=int8)
            self._session = ort.InferenceSession(str(self.model_file), options, providers=["CPUExecutionProvider"])
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.dimension = int(config["hidden_size"])
        max_tokens = int(json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.no_padding()  # padded per sub-batch below, to that sub-batch's longest
        # By default every core but one: in the bot the event loop needs a core of its own (on 2
        # cores, 2 workers made acknowledgements ~2x slower under load for ~10% more answers).
        self.workers = max(1, workers if workers is not None else len(os.sched_getaffinity(0)) - 1)
        # The calling thread runs its share too, so the pool holds the other workers' threads.
        self._pool = ThreadPoolExecutor(self.workers - 1, thread_name_prefix="baton-onnx") if self.workers > 1 else None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (n, d) for `texts`, in the input order."""
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=True)
        ids = [e.ids for e in encodings]
        order = np.argsort([-len(i) for i in ids], kind="stable")
        parts = [order[start : start + SUB_BATCH] for start in range(0, len(order), SUB_BATCH)]

        def run(part: np.ndarray) -> None:
            width = len(ids[part[0]])  # the longest of the part: parts are cut from a sorted list
            input_ids = np.zeros((len(part), width), dtype=np.int64)
            mask = np.zeros((len(part), width), dtype=np.int64)
            for row, i in enumerate(part):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            out[part] = self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]

        # Each worker takes the next part until none is left (a worker whose core is taken by
        # another process holds up no one); this thread is one of the workers.
        queue = iter(parts)
        pending = [] if self._pool is None or len(parts) == 1 else [
            self._pool.submit(self._drain, run, queue) for _ in range(self.workers - 1)
        ]
        self._drain(run, queue)
        for future in pending:
            future.result()
        return out

    @staticmethod
    def _drain(run: Callable[[np.ndarray], None], queue: Iterator[np.ndarray]) -> None:
        for part in queue:  # a list iterator hands each part to one thread only (GIL)
            run(part)
