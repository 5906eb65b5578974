"""Who is asking: how often a visitor who hasn't signed in gets the seller article for a seller's
question, and how often a buyer's question is wrongly read as a seller's.

    .venv/bin/python bench/audience_eval.py --kb knowledge_base \
        --questions bench/data/retrieval_questions.jsonl bench/data/retrieval_dev.jsonl
    .venv/bin/python bench/audience_eval.py --kb bench/data/dev_helpcentre/kb \
        --questions bench/data/dev_helpcentre/questions.jsonl
    .venv/bin/python bench/audience_eval.py --kb bench/data/blind_helpcentre/kb \
        --questions bench/data/blind_helpcentre/questions.jsonl

Every question is asked as an anonymous visitor (the buyer's view plus the seller check of
`bot/brain/audience.py`). A seller question is one labelled `role: vendor` whose expected article
is for vendors only: it should get that article with the seller notice. A buyer question (labelled
`role: buyer`) should never get the seller notice. `--margins` sweeps the margin the check needs
over the best article a buyer may read (shipped: `SELLER_MARGIN` for a visitor, `SIGNED_IN_BUYER_MARGIN`
for a buyer who has signed in). `--model e5-small` asks the Spanish, German and French questions
the way Baton reads them (the multilingual model, the cross-lingual weights).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain.audience import SELLER_MARGIN, seller_question
from bot.brain.embeddings import MODELS, LocalEmbedder
from bot.brain.index import build_index, load_index
from bot.brain.knowledge import article_paths, load_article
from bot.brain.retrieval import CROSSLINGUAL_WEIGHTS, RECOMMENDED_THRESHOLD, Query, Retriever


def read_rows(path: Path, english: bool) -> list[dict]:
    """Question rows in either of the project's formats: English ones, or the others."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if (row.get("language", "en") == "en") != english:
            continue
        expected = row.get("expected") or row.get("article")
        rows.append({
            "text": row.get("text") or row["question"],
            "role": row.get("role") or "buyer",
            "expected": expected if isinstance(expected, str) else expected[0],
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print, per margin, seller questions answered for sellers and buyer questions misread."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--margins", default=f"0,0.05,0.1,{SELLER_MARGIN},0.2,0.3")
    parser.add_argument("--model", choices=MODELS, default="minilm",
                        help="minilm: the English questions; e5-small: the es/de/fr ones, as Baton reads them")
    parser.add_argument("--misses", action="store_true", help="list the questions read wrongly at the shipped margin")
    args = parser.parse_args(argv)

    english = args.model == "minilm"
    embedder = LocalEmbedder(model=args.model)
    audience = {}
    for path in article_paths(args.kb):
        article = load_article(path)
        audience[article.slug] = article.audience
        audience[article.url.rstrip("/")] = article.audience
    rows = [r for path in args.questions for r in read_rows(path, english)]
    with tempfile.TemporaryDirectory() as tmp:
        build_index(args.kb, Path(tmp), embedder)
        loaded = load_index(Path(tmp), embedder)
    retriever = (Retriever(loaded) if english
                 else Retriever(loaded, weights=CROSSLINGUAL_WEIGHTS, typo_correction=False, synonyms=False))
    texts = [retriever.correct(r["text"]) for r in rows]
    vectors = np.asarray(embedder.embed_queries_sync(texts), dtype=np.float32)
    queries = [Query(text=t, vector=v) for t, v in zip(texts, vectors, strict=True)]
    results = [retriever.search([q], "anyone", k=3) for q in queries]
    as_buyer = [retriever.search([q], "buyer", k=3) for q in queries]

    seller = [i for i, r in enumerate(rows) if r["role"] == "vendor" and audience.get(r["expected"]) == "vendor"]
    buyers = [i for i, r in enumerate(rows) if r["role"] == "buyer"]
    print(f"{len(rows)} {'English' if english else 'es/de/fr'} questions: {len(seller)} seller questions (vendor-only article), "
          f"{len(buyers)} buyer questions; threshold {RECOMMENDED_THRESHOLD}\n")
    print("| margin | seller questions given the seller notice | ... and the right article | buyer questions misread as a seller's |")
    print("| --- | --- | --- | --- |")
    for margin in (float(m) for m in args.margins.split(",")):
        told = [i for i in seller if seller_question(results[i], as_buyer[i], RECOMMENDED_THRESHOLD, margin, rows[i]['text'])]
        right = [i for i in told if results[i].hits[0].slug == rows[i]["expected"]]
        misread = [i for i in buyers if seller_question(results[i], as_buyer[i], RECOMMENDED_THRESHOLD, margin, rows[i]['text'])]
        print(f"| {margin:g} | {len(told)}/{len(seller)} ({len(told) / max(1, len(seller)):.0%}) "
              f"| {len(right)}/{len(seller)} ({len(right) / max(1, len(seller)):.0%}) "
              f"| {len(misread)}/{len(buyers)} ({len(misread) / max(1, len(buyers)):.1%}) |")
    if args.misses:
        print("\nseller questions not told (shipped margin):")
        for i in seller:
            if not seller_question(results[i], as_buyer[i], RECOMMENDED_THRESHOLD, SELLER_MARGIN, rows[i]['text']):
                top = results[i].hits[0] if results[i].hits else None
                print(f"  {rows[i]['text']!r} -> {top.slug if top else None} ({top.relevance if top else 0:.2f})")
        print("\nbuyer questions misread (shipped margin):")
        for i in buyers:
            if seller_question(results[i], as_buyer[i], RECOMMENDED_THRESHOLD, SELLER_MARGIN, rows[i]['text']):
                print(f"  {rows[i]['text']!r} -> {results[i].hits[0].slug}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
