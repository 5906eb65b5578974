"""Cross-lingual retrieval variants: top-1 of the shipped multilingual search against two query-side ideas.

    .venv/bin/python bench/crosslingual_variants.py [--index-dir DIR]

The Spanish, German and French questions of three tuning help centres (Harbor's retrieval sets,
Parcela's and Quillmark's answer sets; first turns only) are searched with the retriever the brain
uses for other languages (multilingual-e5-small, cross-lingual weights, translated articles read
in their language). A hit on an article's translation counts for its original. Variants:

- pseudo-relevance feedback: the question's vector moved toward the mean of its m best passages
  (weight beta), then searched again;
- character n-grams: the TF-IDF cosine of the question with each article's best passage over
  character n-grams (cognates such as "commission", "garantie"), added to the ranking logit;
- machine translation (with `--apertium`, needs Debian's `apertium`, `apertium-eng-spa` and
  `apertium-fra-cat` / `apertium-eng-cat` or `apertium-fr-es`): Spanish and French questions
  translated to English by Apertium, searched as English, and that logit added with a weight.

docs/benchmarks.md#crosslingual-variants has the figures; neither variant is shipped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.brain.encoders import load_encoders
from bot.brain.factory import ensure_index
from bot.brain.index import load_index
from bot.brain.retrieval import (
    CROSSLINGUAL_WEIGHTS,
    SAME_LANGUAGE_E5_WEIGHTS,
    Query,
    Retriever,
)

DATA = ROOT / "bench" / "data"
SETS = {
    "harbor": (ROOT / "knowledge_base", [DATA / "retrieval_multilingual.jsonl", DATA / "retrieval_multilingual_dev.jsonl"]),
    "parcela": (DATA / "dev_helpcentre" / "kb", [DATA / "dev_helpcentre" / "answer_questions.jsonl"]),
    "quillmark": (DATA / "dev_quillmark" / "kb", [DATA / "dev_quillmark" / "questions.jsonl"]),
}
_TRANSLATED = re.compile(r"\.[a-z]{2,3}$")


@dataclass
class Question:
    """One non-English question, embedded once."""

    text: str
    role: str
    language: str
    expected: str
    vector: np.ndarray
    latent: object
    translation: Question | None = None


@dataclass
class HelpCentre:
    """One help centre's retriever and its questions."""

    name: str
    retriever: Retriever
    questions: list[Question]


Variant = Callable[[Retriever, Question], str | None]


def original(slug: str) -> str:
    """`refunds` for `refunds.es`."""
    return _TRANSLATED.sub("", slug)


def read_questions(path: Path) -> list[dict[str, str]]:
    """First-turn questions not in English, as {text, role, language, expected}."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("language", "en") == "en" or "follow_up_of" in row:
            continue
        rows.append({"text": row.get("text") or row["question"], "role": row["role"], "language": row["language"],
                     "expected": row.get("expected") or row["article"]})
    return rows


async def prepare(index_dir: Path) -> list[HelpCentre]:
    """Each help centre indexed by the multilingual model, and its questions embedded."""
    model = load_encoders("minilm", "auto", ("en", "es", "de", "fr")).multilingual
    assert model is not None
    centres = []
    for name, (kb, files) in SETS.items():
        folder = index_dir / name
        await ensure_index(kb, folder, model)
        retriever = Retriever(load_index(folder, model), weights=CROSSLINGUAL_WEIGHTS,
                              same_language_weights=SAME_LANGUAGE_E5_WEIGHTS, typo_correction=False, synonyms=False)
        questions = []
        for row in (r for f in files for r in read_questions(f)):
            vector = np.asarray(await model.embed_query(row["text"]), dtype=np.float32)
            questions.append(Question(**row, vector=vector, latent=await model.embed_latent(row["text"])))
        centres.append(HelpCentre(name, retriever, questions))
    return centres


def search(retriever: Retriever, q: Question, vector: np.ndarray, k: int = 3) -> list[tuple[str, float]]:
    """(original slug, logit) of the top-k articles for this vector."""
    query = Query(text=q.text, vector=vector, latent=q.latent)  # type: ignore[arg-type]
    result = retriever.search([query], q.role, k, q.language)  # type: ignore[arg-type]
    return [(original(hit.slug), hit.logit) for hit in result.hits]


def shipped(retriever: Retriever, q: Question) -> str | None:
    """The brain's own search."""
    hits = search(retriever, q, q.vector)
    return hits[0][0] if hits else None


def feedback(m: int, beta: float) -> Variant:
    """Pseudo-relevance feedback toward the question's m best passages."""
    def variant(retriever: Retriever, q: Question) -> str | None:
        view = retriever._views[q.role]  # type: ignore[index]
        best = np.argsort(-(view.vectors @ q.vector))[:m]
        moved = q.vector + beta * view.vectors[best].mean(axis=0)
        hits = search(retriever, q, (moved / np.linalg.norm(moved)).astype(np.float32))
        return hits[0][0] if hits else None
    return variant


def char_ngrams(ngram: tuple[int, int], weight: float) -> Variant:
    """The character n-gram cosine of each candidate article's best passage added to its logit."""
    fitted: dict[int, tuple[TfidfVectorizer, object]] = {}

    def variant(retriever: Retriever, q: Question) -> str | None:
        if id(retriever) not in fitted:
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram, sublinear_tf=True, strip_accents="unicode")
            texts = [f"{c.title}\n{c.searchable_text}" for c in retriever.chunks]
            fitted[id(retriever)] = (vectorizer, vectorizer.fit_transform(texts))
        vectorizer, matrix = fitted[id(retriever)]
        cosines = (matrix @ vectorizer.transform([q.text]).T).toarray().ravel()  # type: ignore[attr-defined]
        by_article: dict[str, float] = {}
        for chunk, cosine in zip(retriever.chunks, cosines, strict=True):
            slug = original(chunk.slug)
            by_article[slug] = max(by_article.get(slug, 0.0), float(cosine))
        hits = search(retriever, q, q.vector, k=40)
        return max(hits, key=lambda hit: hit[1] + weight * by_article.get(hit[0], 0.0))[0] if hits else None
    return variant


_APERTIUM = {"es": [["spa-eng"]], "fr": [["fra-cat"], ["cat-eng"]], "fr-es": [["fr-es"], ["spa-eng"]]}


def apertium(texts: list[str], pipeline: list[list[str]]) -> list[str]:
    """The texts translated by the Apertium pairs in `pipeline`, one line each, unknown-word marks removed."""
    out = "\n".join(t.replace("\n", " ") for t in texts) + "\n"
    for pair in pipeline:
        out = subprocess.run(["apertium", "-u", *pair], input=out, capture_output=True, text=True, check=True).stdout
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == len(texts)
    return [re.sub(r"[#*@]", "", line) for line in lines]


async def translate(centres: list[HelpCentre], french: str) -> None:
    """Give each Spanish and French question its Apertium translation, embedded."""
    model = load_encoders("minilm", "auto", ("en", "es", "de", "fr")).multilingual
    assert model is not None
    for centre in centres:
        for language, pipeline in (("es", _APERTIUM["es"]), ("fr", _APERTIUM[french])):
            questions = [q for q in centre.questions if q.language == language]
            for q, text in zip(questions, apertium([q.text for q in questions], pipeline), strict=True):
                q.translation = Question(text, q.role, "en", q.expected,
                                         np.asarray(await model.embed_query(text), dtype=np.float32),
                                         await model.embed_latent(text))


def translated(weight: float | None) -> Variant:
    """The translation's English logit added with `weight` (None: the translation alone)."""
    def logits(retriever: Retriever, q: Question) -> dict[str, float]:
        return dict(reversed(search(retriever, q, q.vector, k=40)))

    def variant(retriever: Retriever, q: Question) -> str | None:
        base = logits(retriever, q)
        if q.translation is None or not base:
            return max(base, key=base.__getitem__) if base else None
        english = logits(retriever, q.translation)
        floor_base, floor_english = min(base.values()), min(english.values())
        scores = {slug: (0.0 if weight is None else base.get(slug, floor_base))
                  + (1.0 if weight is None else weight) * english.get(slug, floor_english)
                  for slug in set(base) | set(english)}
        return max(scores, key=scores.__getitem__)
    return variant


def row(label: str, centres: list[HelpCentre], variant: Variant) -> str:
    """One table row: top-1 right overall, per language and per help centre."""
    right: dict[str, int] = {}
    asked: dict[str, int] = {}
    for centre in centres:
        for q in centre.questions:
            hit = variant(centre.retriever, q) == original(q.expected)
            for key in ("all", q.language, centre.name):
                right[key] = right.get(key, 0) + hit
                asked[key] = asked.get(key, 0) + 1
    keys = ["all", "es", "de", "fr", *SETS]
    return f"| {label} | " + " | ".join(f"{right.get(k, 0)}/{asked.get(k, 0)}" for k in keys) + " |"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", type=Path, help="keep the indexes here between runs (default: a throwaway)")
    parser.add_argument("--apertium", choices=["fr", "fr-es"],
                        help="only the machine-translation variants; French through Catalan (fr) or Spanish (fr-es)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        centres = asyncio.run(prepare(args.index_dir or Path(scratch)))
        print("| variant | all | es | de | fr | " + " | ".join(SETS) + " |")
        print("| --- " * (5 + len(SETS)) + "|")
        print(row("shipped", centres, shipped))
        if args.apertium:
            asyncio.run(translate(centres, args.apertium))
            for weight in (0.5, 1.0, 2.0, None):
                label = "translation alone" if weight is None else f"translation x{weight:g}"
                print(row(f"Apertium ({args.apertium}) {label}", centres, translated(weight)), flush=True)
            return
        for m in (1, 3, 5, 10):
            for beta in (0.3, 0.6, 1.0):
                print(row(f"feedback m={m} beta={beta}", centres, feedback(m, beta)), flush=True)
        for ngram in ((3, 5), (4, 5), (5, 6)):
            for weight in (2.0, 5.0, 10.0, 20.0):
                print(row(f"char {ngram[0]}-{ngram[1]}-grams x{weight:g}", centres, char_ngrams(ngram, weight)), flush=True)


if __name__ == "__main__":
    main()
