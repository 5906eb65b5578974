"""The embedder's speed features keep their promises: shared work, same vectors, separate indexes."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.brain.embeddings import MODEL_NAME, LocalEmbedder
from bot.brain.index import IndexMismatchError, build_index, index_is_stale, load_index
from bot.brain.knowledge import article_paths, load_article, split_article
from bot.brain.lexical import Lexicon
from tests.support.brain_kb import write_kb

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def embedder() -> LocalEmbedder:
    return LocalEmbedder()


async def test_the_same_question_asked_at_once_costs_one_model_call(embedder: LocalEmbedder) -> None:
    items = embedder.batcher.items
    texts = ["Where is my parcel from Lisbon?", "where is my parcel  from lisbon?", "WHERE IS MY PARCEL FROM LISBON?"] * 4
    vectors = await asyncio.gather(*(embedder.embed_query(t) for t in texts))
    assert embedder.batcher.items - items == 1
    assert all(v == vectors[0] for v in vectors)
    again = await embedder.embed_query("where is my parcel from lisbon?")
    assert again == vectors[0] and embedder.batcher.items - items == 1


async def test_a_cancelled_caller_does_not_cancel_the_others(embedder: LocalEmbedder) -> None:
    text = "can I pay for one order with two different cards"
    first = asyncio.ensure_future(embedder.embed_query(text))
    second = asyncio.ensure_future(embedder.embed_query(text))
    await asyncio.sleep(0)
    first.cancel()
    vector = await second
    assert len(vector) == embedder.dimension and first.cancelled()


def test_bf16_vectors_are_the_full_precision_vectors(embedder: LocalEmbedder) -> None:
    texts = ["how do I return a jacket", "my payout is on hold", "the vase arrived broken"]
    full = np.asarray(LocalEmbedder(precision="fp32").embed_documents_sync(texts))
    half = np.asarray(LocalEmbedder(precision="bf16").embed_documents_sync(texts))
    assert np.all((full * half).sum(axis=1) > 0.999)
    assert LocalEmbedder(precision="bf16").model_name == MODEL_NAME


def test_an_int8_index_is_never_mixed_with_full_precision_queries(tmp_path: Path, embedder: LocalEmbedder) -> None:
    kb, index = write_kb(tmp_path / "kb"), tmp_path / "index"
    int8 = LocalEmbedder(precision="int8")
    assert int8.model_name == f"{MODEL_NAME}+int8-onnx"
    build_index(kb, index, int8)
    assert not index_is_stale(kb, index, int8.model_name)
    assert index_is_stale(kb, index, embedder.model_name)
    with pytest.raises(IndexMismatchError, match=r"\+int8"):
        load_index(index, embedder)
    report = build_index(kb, index, embedder)  # a rebuild re-embeds everything, nothing reused
    assert report.files_embedded == report.files and len(load_index(index, embedder).chunks) == report.chunks


def test_unknown_precision_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="precision must be one of auto, onnx, fp32, bf16, int8, not 'fp16'"):
        LocalEmbedder(precision="fp16")  # type: ignore[arg-type]


def test_typo_repair_leaves_real_words_alone() -> None:
    lexicon = Lexicon(["Prices and refund times for damaged items", "Countries we deliver to"])
    assert lexicon.correct("the vase arrived in pieces") == "the vase arrived in pieces"
    assert lexicon.correct("which couriers do you use") == "which couriers do you use"
    assert lexicon.correct("where is my refnud") == "where is my refund"


def shipped_texts() -> list[str]:
    """Real texts of both kinds the model sees: help-centre passages and customers' questions."""
    passages = [c.searchable_text for path in article_paths(ROOT / "knowledge_base") for c in split_article(load_article(path))]
    questions = [json.loads(line)["text"] for line in (ROOT / "bench/data/retrieval_dev.jsonl").read_text().splitlines()]
    return passages[::3] + questions


def test_the_default_backend_is_onnx_runtime_with_the_torch_vectors(embedder: LocalEmbedder) -> None:
    texts = shipped_texts()
    onnx = embedder.encode(texts)
    torch_fp32 = LocalEmbedder(precision="fp32").encode(texts)
    assert embedder.precision == "onnx" and embedder.model_name == MODEL_NAME
    assert np.all((onnx * torch_fp32).sum(axis=1) > 0.999)
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    # Batched, sorted and padded per sub-batch, each text still gets its own vector.
    alone = np.stack([embedder.encode([t])[0] for t in texts[:5]])
    assert np.all((alone * onnx[:5]).sum(axis=1) > 0.99999)


def test_an_index_built_on_torch_is_searched_with_onnx_vectors(tmp_path: Path, embedder: LocalEmbedder) -> None:
    kb, index = write_kb(tmp_path / "kb"), tmp_path / "index"
    torch_fp32 = LocalEmbedder(precision="fp32")
    report = build_index(kb, index, torch_fp32)
    assert not index_is_stale(kb, index, embedder.model_name)
    loaded = load_index(index, embedder)
    again = np.asarray(embedder.embed_documents_sync([c.searchable_text for c in loaded.chunks]))
    assert np.all((loaded.vectors() * again).sum(axis=1) > 0.999)
    assert build_index(kb, index, embedder).files_embedded == 0 and report.files_embedded == report.files


def test_the_onnx_export_is_made_once_and_reused(tmp_path: Path) -> None:
    first = LocalEmbedder(model_cache=tmp_path)
    exported = first.encoder.model_file
    assert exported.parent == tmp_path and [p.name for p in tmp_path.iterdir()] == [exported.name]
    stamp = exported.stat()
    second = LocalEmbedder(model_cache=tmp_path)
    assert second.encoder.model_file == exported
    assert (exported.stat().st_ino, exported.stat().st_mtime_ns) == (stamp.st_ino, stamp.st_mtime_ns)
    text = ["my parcel never arrived"]
    assert np.array_equal(first.encode(text), second.encode(text))


def test_a_damaged_export_is_made_again(tmp_path: Path) -> None:
    exported = LocalEmbedder(model_cache=tmp_path).encoder.model_file
    exported.write_bytes(b"half a file")
    fresh = LocalEmbedder(model_cache=tmp_path)
    assert fresh.encoder.model_file == exported and exported.stat().st_size > 1_000_000
    assert len(fresh.encode(["where is my refund"])[0]) == fresh.dimension


@pytest.fixture(scope="module")
def int8_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model cache in which an int8 embedder was started once (float32 export and int8 copy)."""
    cache = tmp_path_factory.mktemp("models")
    LocalEmbedder(precision="int8", model_cache=cache)
    return cache


def test_int8_vectors_are_close_to_float32_and_indexed_apart(int8_cache: Path, embedder: LocalEmbedder) -> None:
    int8 = LocalEmbedder(precision="int8", model_cache=int8_cache)
    assert int8.precision == "int8" and int8.model_name not in (MODEL_NAME, f"{MODEL_NAME}+int8")
    texts = shipped_texts()
    vectors = int8.encode(texts)
    assert np.all((vectors * embedder.encode(texts)).sum(axis=1) > 0.98)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_the_int8_graph_is_made_once_next_to_the_export_and_reused(int8_cache: Path) -> None:
    first = LocalEmbedder(precision="int8", model_cache=int8_cache).encoder.model_file
    names = sorted(p.name for p in int8_cache.iterdir())
    assert len(names) == 2 and first.name in names and "int8" in first.name  # no temporary left over
    stamp = first.stat()
    second = LocalEmbedder(precision="int8", model_cache=int8_cache)
    assert second.encoder.model_file == first
    assert (first.stat().st_ino, first.stat().st_mtime_ns) == (stamp.st_ino, stamp.st_mtime_ns)
    assert sorted(p.name for p in int8_cache.iterdir()) == names
    # The float32 embedder uses the export beside it, untouched.
    assert LocalEmbedder(model_cache=int8_cache).encoder.model_file.name in names


def test_a_damaged_int8_graph_is_made_again(tmp_path: Path, int8_cache: Path) -> None:
    cache = shutil.copytree(int8_cache, tmp_path / "models")
    good = LocalEmbedder(precision="int8", model_cache=cache)
    text = ["my payout is on hold, why?"]
    expected = good.encode(text)
    good.encoder.model_file.write_bytes(b"half a file")
    fresh = LocalEmbedder(precision="int8", model_cache=cache)
    assert fresh.encoder.model_file == good.encoder.model_file and fresh.encoder.model_file.stat().st_size > 1_000_000
    assert float((fresh.encode(text) * expected).sum()) > 0.99999


def test_a_damaged_export_is_made_again_before_quantising(tmp_path: Path, int8_cache: Path) -> None:
    cache = shutil.copytree(int8_cache, tmp_path / "models")
    int8_file = LocalEmbedder(precision="int8", model_cache=cache).encoder.model_file
    export = LocalEmbedder(model_cache=cache).encoder.model_file
    int8_file.unlink()
    export.write_bytes(b"half a file")
    fresh = LocalEmbedder(precision="int8", model_cache=cache)
    assert fresh.encoder.model_file == int8_file and export.stat().st_size > 1_000_000
    assert len(fresh.encode(["where is my refund"])[0]) == fresh.dimension
