"""The index on disk: incremental rebuilds, staleness, and refusing tampered or foreign indexes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.brain.embeddings import LocalEmbedder
from bot.brain.index import (
    IndexIntegrityError,
    IndexMismatchError,
    build_index,
    index_is_stale,
    load_index,
)
from bot.brain.knowledge import KnowledgeBaseError, load_article, split_article
from tests.support.brain_kb import write_kb


@pytest.fixture(scope="module")
def embedder() -> LocalEmbedder:
    return LocalEmbedder()


def test_articles_split_by_heading_keep_their_metadata(tmp_path: Path) -> None:
    kb = write_kb(tmp_path / "kb")
    chunks = split_article(load_article(kb / "payouts.md"))
    assert [c.headings for c in chunks] == [("Payout schedule",), ("Payouts on hold",)]
    assert {(c.slug, c.audience, c.url) for c in chunks} == {("payouts", "vendor", "https://help.test/payouts")}
    assert chunks[0].searchable_text.startswith("Vendor payouts > Payout schedule\n")


def test_bad_front_matter_names_the_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "kb" / "broken.md"
    bad.parent.mkdir()
    bad.write_text("---\ntitle: Broken\naudience: everyone\nurl: https://x\n---\ntext\n")
    with pytest.raises(KnowledgeBaseError, match=r"broken\.md: audience must be buyer, vendor or all"):
        load_article(bad)


def test_rebuild_reembeds_only_the_changed_file(tmp_path: Path, embedder: LocalEmbedder) -> None:
    kb, index = write_kb(tmp_path / "kb"), tmp_path / "index"
    assert index_is_stale(kb, index)
    first = build_index(kb, index, embedder)
    assert (first.files, first.files_embedded, first.chunks) == (4, 4, 8)
    assert not index_is_stale(kb, index)

    (kb / "refunds.md").write_text((kb / "refunds.md").read_text() + "\n## Gift cards\n\nRefunds of gift card payments go back to the gift card.\n")
    assert index_is_stale(kb, index)
    second = build_index(kb, index, embedder)
    assert (second.files_embedded, second.files_reused, second.chunks_embedded, second.chunks) == (1, 3, 3, 9)
    loaded = load_index(index, embedder)
    assert any("gift card" in c.text for c in loaded.chunks)

    (kb / "tracking.md").unlink()
    third = build_index(kb, index, embedder)
    assert (third.files_embedded, third.files_removed, third.chunks) == (0, 1, 7)


def test_tampered_files_are_refused(tmp_path: Path, embedder: LocalEmbedder) -> None:
    kb, index = write_kb(tmp_path / "kb"), tmp_path / "index"
    build_index(kb, index, embedder)
    chunks_file = index / "chunks.json"
    original = chunks_file.read_text()
    chunks_file.write_text(original.replace("every Tuesday", "to account NL00EVIL0123"))
    with pytest.raises(IndexIntegrityError, match="chunks.json: SHA-256 does not match"):
        load_index(index, embedder)

    chunks_file.write_text(original)
    vectors = bytearray((index / "index.faiss").read_bytes())
    vectors[-5] ^= 0xFF
    (index / "index.faiss").write_bytes(bytes(vectors))
    with pytest.raises(IndexIntegrityError, match="index.faiss"):
        load_index(index, embedder)

    build_index(kb, index, embedder)
    headings = bytearray((index / "headings.faiss").read_bytes())
    headings[-5] ^= 0xFF
    (index / "headings.faiss").write_bytes(bytes(headings))
    with pytest.raises(IndexIntegrityError, match="headings.faiss"):
        load_index(index, embedder)

    # A rebuild does not trust the damaged index: it embeds everything again and is loadable.
    report = build_index(kb, index, embedder)
    assert report.files_embedded == 4
    assert len(load_index(index, embedder).chunks) == 8


def test_index_of_another_model_is_refused(tmp_path: Path, embedder: LocalEmbedder) -> None:
    kb, index = write_kb(tmp_path / "kb"), tmp_path / "index"
    build_index(kb, index, embedder)
    manifest = json.loads((index / "manifest.json").read_text())
    manifest["model"] = "some-other-model"
    (index / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match="some-other-model"):
        load_index(index, embedder)
    assert index_is_stale(kb, index)


def test_heading_vectors_stay_with_their_chunks_across_rebuilds(tmp_path: Path, embedder: LocalEmbedder) -> None:
    kb, index = write_kb(tmp_path / "kb"), tmp_path / "index"
    build_index(kb, index, embedder)
    (kb / "payouts.md").write_text((kb / "payouts.md").read_text() + "\n## Statements\n\nDownload a CSV of every payout.\n")
    assert build_index(kb, index, embedder).files_embedded == 1
    loaded = load_index(index, embedder)
    expected = embedder.encode([c.heading_path for c in loaded.chunks])
    assert np.all((loaded.heading_vectors() * expected).sum(axis=1) > 0.999)
    assert "Vendor payouts > Statements" in {c.heading_path for c in loaded.chunks}


def test_the_multilingual_index_keeps_latent_terms_and_reuses_them_file_by_file(tmp_path: Path) -> None:
    """The cross-lingual search also matches latent terms (docs/brain.md#latent-terms): they are
    stored with the index, reused for unchanged articles like the vectors, and an index built
    before they existed is rebuilt rather than searched without them."""
    from bot.brain.encoders import shared_multilingual
    from bot.brain.index import LATENT_FILE

    multilingual = shared_multilingual()
    kb, index = write_kb(tmp_path / "kb"), tmp_path / "index"
    build_index(kb, index, multilingual)
    first = load_index(index, multilingual)
    assert first.latent is not None and first.latent.shape[0] == len(first.chunks)

    (kb / "refunds.md").write_text((kb / "refunds.md").read_text() + "\n## Gift cards\n\nRefunds of gift card payments go back to the gift card.\n")
    assert build_index(kb, index, multilingual).files_embedded == 1
    updated = load_index(index, multilingual)
    fresh_dir = tmp_path / "fresh"
    build_index(kb, fresh_dir, multilingual)
    fresh = load_index(fresh_dir, multilingual)
    assert updated.latent is not None and fresh.latent is not None
    # Each chunk keeps its own latent terms, whether reused or computed again.
    assert [c.searchable_text for c in updated.chunks] == [c.searchable_text for c in fresh.chunks]
    assert abs(updated.latent - fresh.latent).max() < 1e-6

    # An index from before latent terms: still loads, but counts as out of date for this model.
    manifest = json.loads((index / "manifest.json").read_text())
    del manifest["artifacts"][LATENT_FILE]
    (index / "manifest.json").write_text(json.dumps(manifest))
    (index / LATENT_FILE).unlink()
    assert load_index(index, multilingual).latent is None
    assert index_is_stale(kb, index, multilingual.model_name, latent=True)
    assert build_index(kb, index, multilingual).files_embedded == 4  # nothing reused without them
    assert load_index(index, multilingual).latent is not None


def test_tampered_latent_terms_are_refused(tmp_path: Path) -> None:
    from bot.brain.encoders import shared_multilingual
    from bot.brain.index import LATENT_FILE

    multilingual = shared_multilingual()
    kb, index = write_kb(tmp_path / "kb"), tmp_path / "index"
    build_index(kb, index, multilingual)
    data = bytearray((index / LATENT_FILE).read_bytes())
    data[-1] ^= 0xFF
    (index / LATENT_FILE).write_bytes(bytes(data))
    with pytest.raises(IndexIntegrityError, match=r"latent\.npz: SHA-256 does not match"):
        load_index(index, multilingual)


def test_a_paragraph_opening_with_a_bold_label_is_a_section_of_its_own(tmp_path: Path) -> None:
    """Many help centres write their sections as bold lead-ins ("**Arrived damaged:** Report it
    ..."), not headings; each is searched and quoted under its label, as under a `##` heading. A
    note's label is not a section."""
    article = tmp_path / "parcels.md"
    article.write_text(
        "---\ntitle: Lost or damaged parcels\naudience: buyer\nurl: https://help.test/parcels\n---\n\n"
        "Parcels sometimes go missing.\n\n"
        "**When a parcel counts as lost:** Its tracking hasn't updated for 5 working days.\n\n"
        "**Arrived damaged**: Report it within 3 days of delivery.\n\n"
        "**Note:** Keep the packaging.\n\n"
        "Some text with **bold words** in it.\n"
    )
    chunks = split_article(load_article(article))
    assert [c.headings for c in chunks] == [(), ("When a parcel counts as lost",), ("Arrived damaged",)]
    assert chunks[1].text == "Its tracking hasn't updated for 5 working days."
    assert chunks[2].text.startswith("Report it within 3 days of delivery.")
    assert "**Note:** Keep the packaging." in chunks[2].text and "**bold words**" in chunks[2].text


def test_a_long_paragraph_is_cut_between_its_sentences_never_inside_one(tmp_path: Path) -> None:
    sentences = [f"Rule number {i} says a refurbished device of grade {i} keeps its warranty for {i} months "
                 f"after delivery." for i in range(1, 30)]
    article = tmp_path / "grading.md"
    article.write_text("---\ntitle: Grading\naudience: buyer\nurl: https://help.test/grading\n---\n\n"
                       + " ".join(sentences) + "\n")
    chunks = split_article(load_article(article))
    assert len(chunks) > 2
    for chunk in chunks:
        assert chunk.text.startswith("Rule number ") and chunk.text.endswith("after delivery."), chunk.text


def test_a_table_cut_in_two_keeps_its_header_on_both_halves(tmp_path: Path) -> None:
    rows = "".join(f"| ERR-{100 + i} | Reason number {i} for a declined card payment | Try step {i} again |\n"
                   for i in range(30))
    article = tmp_path / "codes.md"
    article.write_text("---\ntitle: Error codes\naudience: buyer\nurl: https://help.test/codes\n---\n\n"
                       "| Code | What it means | What to do |\n|---|---|---|\n" + rows)
    chunks = split_article(load_article(article))
    assert len(chunks) > 1
    for chunk in chunks:
        assert chunk.text.startswith("| Code | What it means | What to do |\n|---|---|---|\n| ERR-"), chunk.text[:120]
