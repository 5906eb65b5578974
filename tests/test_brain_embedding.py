"""The embedder's speed features keep their promises: shared work, same vectors, separate indexes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from bot.brain.embeddings import MODEL_NAME, LocalEmbedder
from bot.brain.index import IndexMismatchError, build_index, index_is_stale, load_index
from bot.brain.lexical import Lexicon
from tests.support.brain_kb import write_kb


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
    assert int8.model_name == f"{MODEL_NAME}+int8"
    build_index(kb, index, int8)
    assert not index_is_stale(kb, index, int8.model_name)
    assert index_is_stale(kb, index, embedder.model_name)
    with pytest.raises(IndexMismatchError, match=r"\+int8"):
        load_index(index, embedder)
    report = build_index(kb, index, embedder)  # a rebuild re-embeds everything, nothing reused
    assert report.files_embedded == report.files and len(load_index(index, embedder).chunks) == report.chunks


def test_unknown_precision_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="precision must be one of auto, fp32, bf16, int8, not 'fp16'"):
        LocalEmbedder(precision="fp16")  # type: ignore[arg-type]


def test_typo_repair_leaves_real_words_alone() -> None:
    lexicon = Lexicon(["Prices and refund times for damaged items", "Countries we deliver to"])
    assert lexicon.correct("the vase arrived in pieces") == "the vase arrived in pieces"
    assert lexicon.correct("which couriers do you use") == "which couriers do you use"
    assert lexicon.correct("where is my refnud") == "where is my refund"
