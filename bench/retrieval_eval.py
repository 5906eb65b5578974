"""Retrieval quality on a question set: top-1, recall@3 and MRR of the expected article, step by step.

    .venv/bin/python bench/retrieval_eval.py --kb knowledge_base --questions bench/data/retrieval_questions.jsonl
    .venv/bin/python bench/retrieval_eval.py --kb knowledge_base --questions bench/data/retrieval_dev.jsonl

`retrieval_questions.jsonl` is the set the blend weights were fitted on; `retrieval_dev.jsonl` was
written later, never used for fitting or tuning, and is the held-out figure. `--precision` picks
the embedding precision (the index is built with the same one).

Each input line is `{"text", "role"?: "buyer|vendor", "expected": slug or url}`. The script builds
a throwaway index of `--kb`, then measures, in order: the tutorial baseline (dense MiniLM over
1,000-character splits of whole articles), dense over heading chunks, BM25 alone, reciprocal rank
fusion, the calibrated blend, and the blend with typo repair (what Baton ships). It also checks the
confidence threshold against off-topic questions (built in, or `--offtopic FILE`), and `--fit`
refits the blend's weights (logistic regression) and prints them for `bot/brain/retrieval.py`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain.embeddings import PRECISIONS, LocalEmbedder  # noqa: E402
from bot.brain.index import build_index, load_index  # noqa: E402
from bot.brain.knowledge import article_paths, load_article  # noqa: E402
from bot.brain.retrieval import (  # noqa: E402
    DEFAULT_WEIGHTS,
    RECOMMENDED_THRESHOLD,
    Query,
    Retriever,
    Weights,
)

# Questions a marketplace help centre does not answer: small talk, general knowledge, other shops'
# business. The confidence of the best article should stay under the threshold for these.
OFF_TOPIC = [
    "what's the weather going to be like tomorrow in Lisbon",
    "can you write me a short poem about autumn",
    "who won the football match last night",
    "what is the capital of Australia",
    "how do I bake sourdough bread at home",
    "recommend a good laptop under 500 euros",
    "translate 'good morning' into Japanese",
    "is the stock market going to crash this year",
    "what's your favourite movie",
    "tell me a joke",
    "how many calories are in a banana",
    "how do I fix my wifi router that keeps disconnecting",
    "what time is it in New York right now",
    "can you help me with my maths homework",
    "who is the president of France",
    "how do I learn to play the guitar",
    "what are the symptoms of the flu",
    "explain quantum computing in simple terms",
    "how do I change a flat tyre on my bike",
    "what's a good name for a golden retriever puppy",
    "how tall is mount everest",
    "which programming language should I learn first",
    "how do I renew my passport",
    "what's the best pizza place near me",
    "can you book me a table for two tonight",
    "how long should I boil an egg",
    "what does the fox say",
    "how do I train for a marathon",
    "do you believe in aliens",
    "what is the meaning of life",
    "how do I unclog a kitchen sink",
    "where can I watch the new star wars series",
    "how do I make my plants grow faster",
    "what is the exchange rate between dollars and yen today",
    "how do I write a cover letter for a job application",
    "can you summarise the plot of hamlet",
    "how do I get rid of hiccups",
    "what's the speed of light",
    "how do I knit a scarf",
    "recommend me a podcast about history",
]


@dataclass(frozen=True, slots=True)
class Scores:
    """Ranking quality of one configuration."""

    top1: float
    recall3: float
    mrr: float
    seconds: float


def read_questions(path: Path, slugs_by_url: dict[str, str]) -> list[dict]:
    """The question set, each line checked, `expected` normalised to a slug."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, expected = row["text"], row["expected"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SystemExit(f"{path}:{number}: expected {{\"text\", \"expected\"}} ({exc})") from None
        slug = slugs_by_url.get(expected.rstrip("/"), expected)
        if slug not in slugs_by_url.values():
            raise SystemExit(f"{path}:{number}: expected article {expected!r} is not in the knowledge base")
        rows.append({"text": text, "role": row.get("role") or "buyer", "expected": slug})
    return rows


def rank_metrics(ranked: list[list[str]], expected: list[str], seconds: float) -> Scores:
    """Top-1, recall@3 and MRR (over the full ranking) of the expected slugs."""
    top1 = recall3 = mrr = 0.0
    for ranking, want in zip(ranked, expected, strict=True):
        if want in ranking:
            position = ranking.index(want)
            mrr += 1.0 / (position + 1)
            top1 += position == 0
            recall3 += position < 3
    n = len(expected)
    return Scores(top1 / n, recall3 / n, mrr / n, seconds)


def tutorial_baseline(kb: Path, embedder: LocalEmbedder, rows: list[dict], vectors: np.ndarray) -> Scores:
    """Dense MiniLM over 1,000-character splits of whole articles, no headings, no audience filter."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=0)
    slugs, texts = [], []
    for path in article_paths(kb):
        article = load_article(path)
        for piece in splitter.split_text(article.body):
            slugs.append(article.slug)
            texts.append(piece)
    matrix = np.asarray(embedder.embed_documents_sync(texts), dtype=np.float32)
    index = faiss.IndexFlatIP(matrix.shape[1])
    index.add(matrix)
    started = time.perf_counter()
    _, ids = index.search(vectors, min(len(texts), 50))
    ranked = []
    for row in ids:
        order: list[str] = []
        for i in row:
            if i >= 0 and slugs[i] not in order:
                order.append(slugs[i])
        ranked.append(order)
    return rank_metrics(ranked, [r["expected"] for r in rows], time.perf_counter() - started)


def run(retriever: Retriever, rows: list[dict], embedder: LocalEmbedder, k: int = 50) -> tuple[Scores, list]:
    """Rankings and metrics of one retriever configuration (queries embedded after typo repair)."""
    texts = [retriever.correct(r["text"]) for r in rows]
    vectors = np.asarray(embedder.embed_documents_sync(texts), dtype=np.float32)
    started = time.perf_counter()
    results = [
        retriever.search([Query(text=t, vector=v)], r["role"], k=k)
        for t, v, r in zip(texts, vectors, rows, strict=True)
    ]
    seconds = time.perf_counter() - started
    ranked = [[h.slug for h in res.hits] for res in results]
    return rank_metrics(ranked, [r["expected"] for r in rows], seconds), results


def fit_weights(retriever: Retriever, rows: list[dict], off_topic: list[str], embedder: LocalEmbedder) -> Weights:
    """Logistic regression of 'this article answers the question' on the article signals, then
    Platt-scale the best-article logit so that 0.5 separates in-domain from off-topic questions.
    Also prints the 5-fold cross-validated top-1 of the ranking weights (held-out questions)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    w = retriever.weights
    _, results = run(Retriever(retriever.loaded, weights=w), rows, embedder)
    features, labels, groups = [], [], []
    for number, (row, res) in enumerate(zip(rows, results, strict=True)):
        for hit in res.hits:
            d1, d2, centroid, bm25, coverage = hit.features
            features.append([d1, d2, centroid, 1 - np.exp(-bm25 / w.bm25_scale), coverage])
            labels.append(int(hit.slug == row["expected"]))
            groups.append(number)
    x, y, g = np.array(features), np.array(labels), np.array(groups)

    def fit(mask: np.ndarray) -> LogisticRegression:
        return LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000).fit(x[mask], y[mask])

    correct = 0
    for train, test in KFold(5, shuffle=True, random_state=0).split(np.arange(len(rows))):
        model = fit(np.isin(g, train))
        for number in test:
            mask = g == number
            if mask.any():
                correct += int(y[mask][np.argmax(model.decision_function(x[mask]))])
    print(f"5-fold cross-validated top-1 of the fitted ranking: {correct / len(rows):.1%}")
    coef = fit(np.ones_like(y, dtype=bool)).coef_[0]
    ranked = replace(
        w, dense=float(coef[0]), dense2=float(coef[1]), centroid=float(coef[2]), bm25=float(coef[3]),
        coverage=float(coef[4]), bias=0.0,
    )
    probe = Retriever(retriever.loaded, weights=ranked)
    off_rows = [{"text": t, "role": "buyer", "expected": rows[0]["expected"]} for t in off_topic]
    _, in_results = run(probe, rows, embedder, k=1)
    _, off_results = run(probe, off_rows, embedder, k=1)
    z = [[math.log(r.confidence / (1 - r.confidence))] for r in in_results + off_results]
    y2 = [1] * len(in_results) + [0] * len(off_results)
    platt = LogisticRegression(C=1.0, class_weight="balanced").fit(z, y2)
    a, c = float(platt.coef_[0][0]), float(platt.intercept_[0])
    return replace(
        ranked, dense=ranked.dense * a, dense2=ranked.dense2 * a, centroid=ranked.centroid * a,
        bm25=ranked.bm25 * a, coverage=ranked.coverage * a, bias=c,
    )


def threshold_report(retriever: Retriever, rows: list[dict], off_topic: list[str], embedder: LocalEmbedder) -> None:
    """How well one confidence threshold separates answerable questions from off-topic ones."""
    off_rows = [{"text": t, "role": "buyer", "expected": rows[0]["expected"]} for t in off_topic]
    _, in_results = run(retriever, rows, embedder, k=1)
    _, off_results = run(retriever, off_rows, embedder, k=1)
    inside = np.array([r.confidence for r in in_results])
    outside = np.array([r.confidence for r in off_results])
    print(f"\nconfidence  in-domain: median {np.median(inside):.2f}, 10th pct {np.percentile(inside, 10):.2f}, min {inside.min():.2f}")
    print(f"confidence off-topic: median {np.median(outside):.2f}, 90th pct {np.percentile(outside, 90):.2f}, max {outside.max():.2f}")
    print("| threshold | answerable kept | off-topic handed off | accuracy |")
    print("| --- | --- | --- | --- |")
    for t in (0.3, 0.4, 0.45, RECOMMENDED_THRESHOLD, 0.55, 0.6, 0.7):
        kept = float((inside >= t).mean())
        refused = float((outside < t).mean())
        acc = ((inside >= t).sum() + (outside < t).sum()) / (len(inside) + len(outside))
        mark = " (recommended)" if t == RECOMMENDED_THRESHOLD else ""
        print(f"| {t:.2f}{mark} | {kept:.1%} | {refused:.1%} | {acc:.1%} |")
    worst = sorted(zip(outside, off_topic), reverse=True)[:3]
    print("highest off-topic:", "; ".join(f"{c:.2f} {t!r}" for c, t in worst))


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the step-by-step table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--offtopic", type=Path, help="JSONL of {text} lines that should not be answered")
    parser.add_argument("--fit", action="store_true", help="refit the blend weights and print them")
    parser.add_argument("--misses", action="store_true", help="list the questions the final setup misses")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto", help="embedding precision")
    args = parser.parse_args(argv)

    embedder = LocalEmbedder(precision=args.precision)
    slugs_by_url = {}
    for path in article_paths(args.kb):
        article = load_article(path)
        slugs_by_url[article.url.rstrip("/")] = article.slug
    rows = read_questions(args.questions, slugs_by_url)
    off_topic = (
        [json.loads(line)["text"] for line in args.offtopic.read_text().splitlines() if line.strip()]
        if args.offtopic
        else OFF_TOPIC
    )
    with tempfile.TemporaryDirectory() as tmp:
        report = build_index(args.kb, Path(tmp), embedder)
        loaded = load_index(Path(tmp), embedder)
    print(f"{len(rows)} questions, {report.files} articles, {report.chunks} chunks, model {embedder.model_name} ({embedder.precision})\n")
    raw_vectors = np.asarray(embedder.embed_documents_sync([r["text"] for r in rows]), dtype=np.float32)

    steps: list[tuple[str, Scores]] = [
        ("tutorial: dense, 1,000-char splits", tutorial_baseline(args.kb, embedder, rows, raw_vectors))
    ]
    configs = [
        ("dense, heading chunks + titles, audience", dict(mode="dense", typo_correction=False)),
        ("BM25 alone", dict(mode="bm25", typo_correction=False)),
        ("RRF(dense, BM25)", dict(mode="rrf", typo_correction=False)),
        ("calibrated blend (dense+BM25+coverage)", dict(mode="hybrid", typo_correction=False)),
        ("blend + typo repair (shipped)", dict(mode="hybrid", typo_correction=True)),
    ]
    final = None
    for label, options in configs:
        retriever = Retriever(loaded, **options)  # type: ignore[arg-type]
        scores, results = run(retriever, rows, embedder)
        steps.append((label, scores))
        final = (retriever, results)
    print("| step | top-1 | recall@3 | MRR | ms/query (search only) |")
    print("| --- | --- | --- | --- | --- |")
    for label, s in steps:
        print(f"| {label} | {s.top1:.1%} | {s.recall3:.1%} | {s.mrr:.3f} | {1000 * s.seconds / len(rows):.2f} |")
    assert final is not None
    retriever, results = final
    if args.misses:
        print("\nmisses (shipped setup):")
        for row, res in zip(rows, results, strict=True):
            got = [h.slug for h in res.hits[:3]]
            if not got or got[0] != row["expected"]:
                print(f"  {row['text']!r} [{row['role']}] want {row['expected']}, got {got}")
    threshold_report(retriever, rows, off_topic, embedder)
    if args.fit:
        weights = fit_weights(retriever, rows, off_topic, embedder)
        print(f"\nfitted: {weights}")
        refit = Retriever(loaded, weights=weights)
        scores, _ = run(refit, rows, embedder)
        print(f"with fitted weights: top-1 {scores.top1:.1%}, recall@3 {scores.recall3:.1%}, MRR {scores.mrr:.3f}")
        threshold_report(refit, rows, off_topic, embedder)
    print(f"\ncurrent weights: {DEFAULT_WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
