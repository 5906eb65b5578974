"""The FAISS index on disk: incremental builds, and a load that unpickles nothing and checks hashes.

Layout of the index directory:
- `index.faiss`: a flat inner-product FAISS index of unit vectors (inner product = cosine),
  written with `faiss.write_index`, one per chunk (its title, heading path and text);
- `headings.faiss`: the same for each chunk's title and heading path alone (what the section is
  about, which a question's wording often matches better than the passage does);
- `chunks.json`: the chunk records, in vector order;
- `latent.npz` (only for a model with latent terms, multilingual-e5-small): each passage's sparse
  latent-term vector, a scipy sparse matrix in chunk order (read without unpickling), and
  `latent_weights.npy`: how much each latent term says about a topic (bot/brain/latent.py);
- `manifest.json` (written last): model name, dimension, chunker version, the SHA-256 of each
  source article, and the SHA-256 of the files above. A load refuses any mismatch.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import faiss
import numpy as np
from scipy import sparse

from bot.brain.embeddings import MODEL_NAME
from bot.brain.knowledge import (
    CHUNKER_VERSION,
    Chunk,
    KnowledgeBaseError,
    article_paths,
    file_sha256,
    load_article,
    split_article,
)

FORMAT = "baton-index/2"
INDEX_FILE = "index.faiss"
HEADINGS_FILE = "headings.faiss"
CHUNKS_FILE = "chunks.json"
LATENT_FILE = "latent.npz"
LATENT_WEIGHTS_FILE = "latent_weights.npy"
MANIFEST_FILE = "manifest.json"


class IndexLoadError(Exception):
    """The index cannot be used; the message says why and what to do."""


class IndexMissingError(IndexLoadError):
    """There is no index in the directory yet."""


class IndexMismatchError(IndexLoadError):
    """The index was built with another model, dimension or format."""


class IndexIntegrityError(IndexLoadError):
    """A file of the index does not match the hash its manifest recorded (tampered or half-written)."""


class DocumentEmbedder(Protocol):
    """What an index build needs from the embedding model."""

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        ...

    def embed_documents_sync(self, texts: list[str]) -> list[list[float]]:
        """Unit vectors for many texts (blocking)."""
        ...


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: which files were embedded again and which vectors were reused."""

    files: int
    files_embedded: int
    files_reused: int
    files_removed: int
    chunks: int
    chunks_embedded: int
    seconds: float

    def summary(self) -> str:
        """One line for the command line."""
        return (
            f"index: {self.files} articles, {self.chunks} chunks; re-embedded {self.files_embedded} "
            f"file(s) ({self.chunks_embedded} chunks), reused {self.files_reused}, "
            f"removed {self.files_removed}; {self.seconds:.2f} s"
        )


@dataclass(slots=True)
class LoadedIndex:
    """A verified index in memory: FAISS vectors and their chunks, in the same order."""

    index: faiss.Index
    chunks: list[Chunk]
    manifest: dict[str, Any]
    token: str  # SHA-256 of the manifest: changes whenever the index on disk changes
    headings: faiss.Index | None = None  # one heading-path vector per chunk, same order
    latent: sparse.csr_matrix | None = None  # one latent-term vector per chunk, where the model has them
    latent_weights: np.ndarray | None = None  # per latent term, how much it says about a topic
    loaded_at: float = field(default_factory=time.time)

    def vectors(self) -> np.ndarray:
        """All passage vectors as a (n, d) float32 array."""
        return self.index.reconstruct_n(0, self.index.ntotal)

    def heading_vectors(self) -> np.ndarray:
        """The title + heading-path vector of each chunk, (n, d) float32, in chunk order."""
        if self.headings is None:
            return np.zeros((0, self.index.d), dtype=np.float32)
        return self.headings.reconstruct_n(0, self.headings.ntotal)


def has_latent_terms(embedder: object) -> bool:
    """Whether an index built with this embedder stores latent terms."""
    return bool(getattr(embedder, "latent_terms", False))


def _latent_bytes(matrix: sparse.csr_matrix) -> bytes:
    buffer = io.BytesIO()
    sparse.save_npz(buffer, matrix, compressed=False)
    return buffer.getvalue()


def _array_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(array, dtype=np.float32), allow_pickle=False)
    return buffer.getvalue()


def _model_name(embedder: object) -> str:
    return str(getattr(embedder, "model_name", MODEL_NAME))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(index_dir: Path) -> tuple[dict[str, Any], str]:
    path = index_dir / MANIFEST_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IndexMissingError(f"{index_dir}: no index here (run `python -m bot kb build`)") from None
    try:
        manifest = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise IndexIntegrityError(f"{path}: not valid JSON; rebuild with `python -m bot kb build`") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexMismatchError(f"{path}: not a {FORMAT} manifest; rebuild with `python -m bot kb build`")
    return manifest, _sha(raw)


def load_index(index_dir: Path, embedder: object) -> LoadedIndex:
    """Load and verify an index built for this embedder; raise an IndexLoadError subclass otherwise."""
    manifest, token = _read_manifest(index_dir)
    model = _model_name(embedder)
    dimension = int(embedder.dimension)  # type: ignore[attr-defined]
    if manifest.get("model") != model or manifest.get("dimension") != dimension:
        raise IndexMismatchError(
            f"{index_dir}: index built with {manifest.get('model')!r} ({manifest.get('dimension')} dims) "
            f"but the embedder is {model!r} ({dimension} dims); rebuild with `python -m bot kb build`"
        )
    artifacts = manifest.get("artifacts")
    if not isinstance(artifacts, dict):
        raise IndexIntegrityError(f"{index_dir}: manifest lists no file hashes; rebuild the index")
    blobs: dict[str, bytes] = {}
    for name in (INDEX_FILE, HEADINGS_FILE, CHUNKS_FILE):
        try:
            blobs[name] = (index_dir / name).read_bytes()
        except FileNotFoundError:
            raise IndexIntegrityError(f"{index_dir / name}: missing; rebuild the index") from None
        # Hash the very bytes we parse, so nothing can change between the check and the use.
        if _sha(blobs[name]) != artifacts.get(name):
            raise IndexIntegrityError(
                f"{index_dir / name}: SHA-256 does not match the manifest (tampered or half-written); "
                "refusing to load it. Rebuild with `python -m bot kb build`"
            )
    try:
        records = json.loads(blobs[CHUNKS_FILE])["chunks"]
        chunks = [Chunk.from_json(r) for r in records]
    except (json.JSONDecodeError, KeyError, TypeError, KnowledgeBaseError) as exc:
        raise IndexIntegrityError(f"{index_dir / CHUNKS_FILE}: malformed ({exc})") from None
    index, headings = (faiss.deserialize_index(np.frombuffer(blobs[n], dtype=np.uint8)) for n in (INDEX_FILE, HEADINGS_FILE))
    for vectors in (index, headings):
        if vectors.d != dimension or vectors.ntotal != len(chunks) or vectors.metric_type != faiss.METRIC_INNER_PRODUCT:
            raise IndexIntegrityError(f"{index_dir}: vectors and chunks disagree; rebuild the index")
    latent, weights = _load_latent(index_dir, artifacts, len(chunks)) if has_latent_terms(embedder) else (None, None)
    return LoadedIndex(index=index, chunks=chunks, manifest=manifest, token=token, headings=headings,
                       latent=latent, latent_weights=weights)


def _verified(index_dir: Path, artifacts: dict[str, Any], name: str) -> bytes:
    """The bytes of one listed index file, refused if missing or not the ones the manifest hashed."""
    try:
        blob = (index_dir / name).read_bytes()
    except FileNotFoundError:
        raise IndexIntegrityError(f"{index_dir / name}: missing; rebuild the index") from None
    if _sha(blob) != artifacts.get(name):
        raise IndexIntegrityError(
            f"{index_dir / name}: SHA-256 does not match the manifest (tampered or half-written); "
            "refusing to load it. Rebuild with `python -m bot kb build`"
        )
    return blob


def _load_latent(
    index_dir: Path, artifacts: dict[str, Any], chunks: int
) -> tuple[sparse.csr_matrix | None, np.ndarray | None]:
    """The passages' latent terms and the terms' weights, verified like the other files; None for an
    index built without them (it still answers, without that signal, until `kb build` refreshes it)."""
    if LATENT_FILE not in artifacts:
        return None, None
    blob, weights_blob = (_verified(index_dir, artifacts, name) for name in (LATENT_FILE, LATENT_WEIGHTS_FILE))
    try:
        matrix = sparse.csr_matrix(sparse.load_npz(io.BytesIO(blob)), dtype=np.float32)
        weights = np.asarray(np.load(io.BytesIO(weights_blob), allow_pickle=False), dtype=np.float32)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexIntegrityError(f"{index_dir / LATENT_FILE}: malformed ({exc})") from None
    if matrix.shape[0] != chunks or weights.shape != (matrix.shape[1],):
        raise IndexIntegrityError(f"{index_dir}: latent terms and chunks disagree; rebuild the index")
    return matrix, weights


def index_is_stale(kb_dir: Path, index_dir: Path, model: str = MODEL_NAME, *, latent: bool = False) -> bool:
    """Whether the index is missing or was built from other articles, model or chunker than now
    (or without the latent terms the model now gives)."""
    try:
        manifest, _ = _read_manifest(index_dir)
    except IndexLoadError:
        return True
    if manifest.get("model") != model or manifest.get("chunker") != CHUNKER_VERSION:
        return True
    if latent and LATENT_FILE not in (manifest.get("artifacts") or {}):
        return True
    recorded = {name: entry.get("sha256") for name, entry in (manifest.get("files") or {}).items()}
    current = {p.name: file_sha256(p) for p in article_paths(kb_dir)}
    return recorded != current


Reusable = tuple[str, list[Chunk], np.ndarray, np.ndarray, sparse.csr_matrix | None]


def _previous_vectors(index_dir: Path, embedder: object) -> dict[str, Reusable]:
    """Per source file: (sha256, chunks, vectors, heading vectors, latent terms) from the existing
    index, or nothing; an index without the latent terms this embedder gives is not reused."""
    try:
        old = load_index(index_dir, embedder)
    except IndexLoadError:
        return {}
    if old.manifest.get("chunker") != CHUNKER_VERSION or (has_latent_terms(embedder) and old.latent is None):
        return {}
    vectors, headings = old.vectors(), old.heading_vectors()
    by_slug: dict[str, list[int]] = {}
    for position, chunk in enumerate(old.chunks):
        by_slug.setdefault(chunk.slug, []).append(position)
    reuse: dict[str, Reusable] = {}
    for name, entry in (old.manifest.get("files") or {}).items():
        positions = by_slug.get(Path(name).stem, [])
        latent = old.latent[positions] if old.latent is not None else None
        reuse[name] = (entry.get("sha256"), [old.chunks[i] for i in positions], vectors[positions], headings[positions], latent)
    return reuse


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _flat_index(blocks: list[np.ndarray], dimension: int) -> bytes:
    """A serialised flat inner-product FAISS index of these rows (normalised: cosine needs unit vectors)."""
    matrix = np.ascontiguousarray(np.vstack(blocks), dtype=np.float32)
    faiss.normalize_L2(matrix)  # the model gives unit vectors; this makes sure
    index = faiss.IndexFlatIP(dimension)
    index.add(matrix)
    return faiss.serialize_index(index).tobytes()


def build_index(kb_dir: Path, index_dir: Path, embedder: DocumentEmbedder) -> BuildReport:
    """Build or update the index of `kb_dir` in `index_dir`, embedding only articles that changed."""
    started = time.perf_counter()
    paths = article_paths(kb_dir)
    if not paths:
        raise KnowledgeBaseError(f"{kb_dir}: no *.md articles to index")
    articles = [load_article(p) for p in paths]
    previous = _previous_vectors(index_dir, embedder)
    dimension = int(embedder.dimension)

    parts: list[tuple[list[Chunk], np.ndarray | None, np.ndarray | None, sparse.csr_matrix | None]] = []
    fresh_texts: list[str] = []
    fresh_passages: list[str] = []
    files: dict[str, dict[str, Any]] = {}
    embedded_files = 0
    for article in articles:
        name = article.path.name
        old = previous.get(name)
        if old is not None and old[0] == article.sha256 and len(old[1]) > 0:
            parts.append((old[1], old[2], old[3], old[4]))
        else:
            chunks = split_article(article)
            if not chunks:
                raise KnowledgeBaseError(f"{article.path}: no text to index")
            parts.append((chunks, None, None, None))
            fresh_texts.extend(c.searchable_text for c in chunks)
            fresh_passages.extend(c.searchable_text for c in chunks)
            fresh_texts.extend(c.heading_path for c in chunks)
            embedded_files += 1
        files[name] = {"sha256": article.sha256, "chunks": len(parts[-1][0])}

    fresh = (
        np.asarray(embedder.embed_documents_sync(fresh_texts), dtype=np.float32)
        if fresh_texts
        else np.zeros((0, dimension), dtype=np.float32)
    )
    if fresh.shape[1:] != (dimension,):
        raise IndexMismatchError(f"embedder returned vectors of shape {fresh.shape}, expected {dimension} dims")
    latent = has_latent_terms(embedder)
    fresh_latent = embedder.embed_latent_sync(fresh_passages) if latent and fresh_passages else None  # type: ignore[attr-defined]
    latent_blocks: list[sparse.csr_matrix] = []
    latent_cursor = 0
    chunks_all: list[Chunk] = []
    blocks: list[np.ndarray] = []
    heading_blocks: list[np.ndarray] = []
    cursor = 0
    for chunks, vectors, headings, terms in parts:
        if vectors is None or headings is None:  # embedded above: passages, then heading paths
            vectors = fresh[cursor : cursor + len(chunks)]
            headings = fresh[cursor + len(chunks) : cursor + 2 * len(chunks)]
            cursor += 2 * len(chunks)
            if fresh_latent is not None:
                terms = fresh_latent[latent_cursor : latent_cursor + len(chunks)]
                latent_cursor += len(chunks)
        chunks_all.extend(chunks)
        blocks.append(vectors)
        heading_blocks.append(headings)
        if latent and terms is not None:
            latent_blocks.append(terms)

    index_dir.mkdir(parents=True, exist_ok=True)
    index_bytes = _flat_index(blocks, dimension)
    heading_bytes = _flat_index(heading_blocks, dimension)
    chunk_bytes = json.dumps({"chunks": [c.to_json() for c in chunks_all]}, ensure_ascii=False).encode()
    _write_atomic(index_dir / INDEX_FILE, index_bytes)
    _write_atomic(index_dir / HEADINGS_FILE, heading_bytes)
    _write_atomic(index_dir / CHUNKS_FILE, chunk_bytes)
    artifacts = {INDEX_FILE: _sha(index_bytes), HEADINGS_FILE: _sha(heading_bytes), CHUNKS_FILE: _sha(chunk_bytes)}
    if latent:
        latent_bytes = _latent_bytes(sparse.csr_matrix(sparse.vstack(latent_blocks, format="csr"), dtype=np.float32))
        weights_bytes = _array_bytes(embedder.latent_weights_sync())  # type: ignore[attr-defined]
        _write_atomic(index_dir / LATENT_FILE, latent_bytes)
        _write_atomic(index_dir / LATENT_WEIGHTS_FILE, weights_bytes)
        artifacts[LATENT_FILE] = _sha(latent_bytes)
        artifacts[LATENT_WEIGHTS_FILE] = _sha(weights_bytes)
    manifest = {
        "format": FORMAT,
        "model": _model_name(embedder),
        "dimension": dimension,
        "chunker": CHUNKER_VERSION,
        "built_at": time.time(),
        "files": files,
        "artifacts": artifacts,
    }
    _write_atomic(index_dir / MANIFEST_FILE, json.dumps(manifest, indent=1, sort_keys=True).encode())
    removed = sum(1 for name in previous if name not in files)
    return BuildReport(
        files=len(articles),
        files_embedded=embedded_files,
        files_reused=len(articles) - embedded_files,
        files_removed=removed,
        chunks=len(chunks_all),
        chunks_embedded=len(fresh_texts) // 2,
        seconds=time.perf_counter() - started,
    )
