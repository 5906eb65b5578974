"""Retrieval quality on question sets: top-1, recall@3 and MRR of the expected article, step by step.

    .venv/bin/python bench/retrieval_eval.py --kb knowledge_base --questions bench/data/retrieval_questions.jsonl
    .venv/bin/python bench/retrieval_eval.py --kb knowledge_base --questions bench/data/retrieval_dev.jsonl
    .venv/bin/python bench/retrieval_eval.py --kb knowledge_base --questions bench/data/retrieval_holdout.jsonl
    .venv/bin/python bench/retrieval_eval.py --kb knowledge_base --bitext ../shared/eval/bitext-handoff.jsonl
    .venv/bin/python bench/retrieval_eval.py --kb knowledge_base --fit \
        --questions bench/data/retrieval_questions.jsonl bench/data/retrieval_dev.jsonl

The blend weights are fitted (`--fit`) on `retrieval_questions.jsonl` and `retrieval_dev.jsonl`
together; `retrieval_holdout.jsonl` was written before any of the current mechanisms were tried
and is never used for fitting or tuning. `--bitext` scores utterances written outside the project
(generic retail support, its intents mapped to our articles in `BITEXT_ARTICLES`; any of the
mapped articles counts). `--precision` picks the embedding backend (the index is built with it).

Each input line is `{"text", "role"?: "buyer|vendor", "expected": slug or url (or a list of them)}`.
The script builds a throwaway index of `--kb`, then measures, in order: the tutorial baseline (dense
MiniLM over 1,000-character splits of whole articles), dense over heading chunks, BM25 alone,
reciprocal rank fusion, the calibrated blend, with typo repair, and with the synonym table (what
Baton ships). It also checks the confidence threshold against off-topic questions (built in, or
`--offtopic FILE`); `--fit` refits the blend's weights and prints them for `bot/brain/retrieval.py`.
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

from bot.brain.embeddings import MODELS, PRECISIONS, LocalEmbedder
from bot.brain.index import LoadedIndex, build_index, load_index
from bot.brain.knowledge import article_paths, load_article
from bot.brain.retrieval import (
    CROSSLINGUAL_WEIGHTS,
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


# Bitext intents (../shared/eval/README.md) that one of our articles answers; any listed article counts.
BITEXT_ARTICLES: dict[str, tuple[str, ...]] = {
    "cancel_order": ("cancel-an-order",),
    "check_cancellation_fee": ("cancel-an-order",),
    "get_refund": ("when-will-i-get-my-refund", "return-an-item"),
    "check_refund_policy": ("return-an-item", "when-will-i-get-my-refund"),
    "track_refund": ("when-will-i-get-my-refund",),
    "check_payment_methods": ("payment-methods",),
    "delivery_period": ("track-your-order", "international-shipping-and-customs"),
    "change_shipping_address": ("change-delivery-address",),
    "track_order": ("track-your-order",),
    "get_invoice": ("invoices-and-vat",),
    "check_invoice": ("invoices-and-vat",),
    "contact_human_agent": ("talk-to-a-person",),
}
# The ranking model `--fit` fits: these signals of `ArticleHit.features` (BM25 squashed), and how
# hard the weights are pulled to 0 (chosen by cross-validation on the two fitting sets).
FIT_SIGNALS = ("dense", "centroid", "bm25", "coverage", "heading", "article_bm25", "article_coverage", "latent")
FIT_L2 = 3e-4
# `--signals` fits only some of them (the others' columns are zero, so their weights stay 0): the
# cross-lingual weights use the dense signals only, since BM25 over English articles does not read
# a Spanish question.
ACTIVE_SIGNALS: set[str] = set(FIT_SIGNALS)


@dataclass(frozen=True, slots=True)
class Scores:
    """Ranking quality of one configuration."""

    top1: float
    recall3: float
    mrr: float
    seconds: float


def read_questions(path: Path, slugs_by_url: dict[str, str]) -> list[dict]:
    """The question set, each line checked, `expected` normalised to a tuple of slugs."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, expected = row["text"], row["expected"]
            wanted = [expected] if isinstance(expected, str) else list(expected)
            slugs = tuple(slugs_by_url.get(e.rstrip("/"), e) for e in wanted)
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise SystemExit(f"{path}:{number}: expected {{\"text\", \"expected\"}} ({exc})") from None
        for slug in slugs:
            if slug not in slugs_by_url.values():
                raise SystemExit(f"{path}:{number}: expected article {slug!r} is not in the knowledge base")
        rows.append({"text": text, "role": row.get("role") or "buyer", "expected": slugs})
    return rows


def read_bitext(path: Path) -> list[dict]:
    """The Bitext utterances whose intent one of our articles answers, as question rows."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if row.get("category") in BITEXT_ARTICLES:
            rows.append({"text": row["text"], "role": "buyer", "expected": BITEXT_ARTICLES[row["category"]]})
    return rows


def rank_metrics(ranked: list[list[str]], expected: list[tuple[str, ...]], seconds: float) -> Scores:
    """Top-1, recall@3 and MRR (over the full ranking) of the first expected slug found."""
    top1 = recall3 = mrr = 0.0
    for ranking, wanted in zip(ranked, expected, strict=True):
        positions = [ranking.index(w) for w in wanted if w in ranking]
        if positions:
            position = min(positions)
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
    vectors = np.asarray(embedder.embed_queries_sync(texts), dtype=np.float32)
    latents = embedder.embed_latent_sync(texts) if embedder.latent_terms else None
    started = time.perf_counter()
    results = [
        retriever.search([Query(text=t, vector=v, latent=None if latents is None else latents[i])], r["role"], k=k)
        for i, (t, v, r) in enumerate(zip(texts, vectors, rows, strict=True))
    ]
    seconds = time.perf_counter() - started
    ranked = [[h.slug for h in res.hits] for res in results]
    return rank_metrics(ranked, [r["expected"] for r in rows], seconds), results


Group = tuple[np.ndarray, np.ndarray]  # one question: candidate articles' signals, which are right


def signal_groups(retriever: Retriever, rows: list[dict], embedder: LocalEmbedder) -> list[Group]:
    """Per question: the signals (`FIT_SIGNALS`) of every candidate article, and which are expected."""
    _, results = run(retriever, rows, embedder)
    scale = retriever.weights.bm25_scale
    groups = []
    for row, result in zip(rows, results, strict=True):
        signals = [
            tuple(v if name in ACTIVE_SIGNALS else 0.0 for name, v in zip(FIT_SIGNALS, (
                f[0], f[2], 1 - math.exp(-f[3] / scale), f[4], f[5], 1 - math.exp(-f[6] / scale), f[7], f[8]),
                strict=True))
            for f in (h.features for h in result.hits)
        ]
        right = [h.slug in row["expected"] for h in result.hits]
        if any(right):  # a question whose article is no candidate teaches the ranking nothing
            groups.append((np.array(signals), np.array(right)))
    return groups


def fit_listwise(groups: list[Group], l2: float = FIT_L2) -> np.ndarray:
    """Weights that maximise the softmax probability of the right article among each question's candidates."""
    from scipy.optimize import minimize

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros_like(w)
        for x, y in groups:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            right = p[y].sum()
            total -= math.log(right + 1e-12)
            grad -= p[y] @ x[y] / right - p @ x
        return total / len(groups) + l2 * w @ w, grad / len(groups) + 2 * l2 * w

    return minimize(loss, np.zeros(len(FIT_SIGNALS)), jac=True, method="L-BFGS-B").x


def top1(groups: list[Group], w: np.ndarray) -> float:
    """Share of questions whose right article has the highest score."""
    return float(np.mean([y[np.argmax(x @ w)] for x, y in groups]))


def cross_check(groups_by_file: dict[str, list[Group]]) -> None:
    """Print how the fitted ranking does on questions it was not fitted on."""
    names = list(groups_by_file)
    for held in names:
        train = [g for n in names if n != held for g in groups_by_file[n]]
        if train:
            print(f"fitted without {held}: top-1 on it {top1(groups_by_file[held], fit_listwise(train)):.1%}")
    pooled = [g for n in names for g in groups_by_file[n]]
    folds, right = np.random.RandomState(0).permutation(len(pooled)) % 5, 0.0
    for fold in range(5):
        w = fit_listwise([g for g, f in zip(pooled, folds, strict=True) if f != fold])
        right += sum(top1([g], w) for g, f in zip(pooled, folds, strict=True) if f == fold)
    print(f"5-fold cross-validated top-1 on all {len(pooled)} questions: {right / len(pooled):.1%}")


def fit_weights(
    retriever: Retriever, sets: dict[str, list[dict]], off_topic: list[str], embedder: LocalEmbedder
) -> Weights:
    """Fit the ranking on all question sets (listwise logistic regression over each question's
    candidate articles), then Platt-scale the best article's logit against off-topic questions so
    that 0.5 separates answerable from not. Prints the cross-checks first."""
    from sklearn.linear_model import LogisticRegression

    groups = {name: signal_groups(retriever, rows, embedder) for name, rows in sets.items()}
    cross_check(groups)
    coef = fit_listwise([g for gs in groups.values() for g in gs])
    ranked = replace(retriever.weights, dense2=0.0, bias=0.0, **{n: float(c) for n, c in zip(FIT_SIGNALS, coef, strict=True)})
    probe = Retriever(retriever.loaded, weights=ranked)
    rows = [r for rs in sets.values() for r in rs]
    off_rows = [{"text": t, "role": "buyer", "expected": rows[0]["expected"]} for t in off_topic]
    _, in_results = run(probe, rows, embedder, k=1)
    _, off_results = run(probe, off_rows, embedder, k=1)
    # The best article's logit itself (a saturated sigmoid would lose it).
    z = [[float(ranked.logit(*r.hits[0].features)) if r.hits else -50.0] for r in in_results + off_results]
    platt = LogisticRegression(C=1.0, class_weight="balanced").fit(z, [1] * len(in_results) + [0] * len(off_results))
    a, c = float(platt.coef_[0][0]), float(platt.intercept_[0])
    return replace(ranked, bias=c, **{n: getattr(ranked, n) * a for n in FIT_SIGNALS})


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


def step_table(kb: Path, loaded: LoadedIndex, rows: list[dict], embedder: LocalEmbedder, misses: bool) -> Retriever:
    """Print the step-by-step table for one question set; return the shipped retriever."""
    raw_vectors = np.asarray(embedder.embed_queries_sync([r["text"] for r in rows]), dtype=np.float32)
    steps: list[tuple[str, Scores]] = [
        ("tutorial: dense, 1,000-char splits", tutorial_baseline(kb, embedder, rows, raw_vectors))
    ]
    configs: list[tuple[str, dict]] = [
        ("dense, heading chunks + titles, audience", {"mode": "dense", "typo_correction": False, "synonyms": False}),
        ("BM25 alone", {"mode": "bm25", "typo_correction": False, "synonyms": False}),
        ("RRF(dense, BM25)", {"mode": "rrf", "typo_correction": False, "synonyms": False}),
        ("calibrated blend (dense+headings+BM25+coverage)", {"typo_correction": False, "synonyms": False}),
        ("blend + typo repair", {"synonyms": False}),
        ("blend + typo repair + synonyms (shipped)", {}),
    ]
    if embedder.multilingual:
        configs.append(("cross-lingual dense blend (shipped for other languages)",
                        {"weights": CROSSLINGUAL_WEIGHTS, "typo_correction": False, "synonyms": False}))
    retriever, results = Retriever(loaded), []
    for label, options in configs:
        retriever = Retriever(loaded, **options)
        scores, results = run(retriever, rows, embedder)
        steps.append((label, scores))
    print("| step | top-1 | recall@3 | MRR | ms/query (search only) |")
    print("| --- | --- | --- | --- | --- |")
    for label, s in steps:
        print(f"| {label} | {s.top1:.1%} | {s.recall3:.1%} | {s.mrr:.3f} | {1000 * s.seconds / len(rows):.2f} |")
    if misses:
        print("\nmisses (shipped setup):")
        for row, res in zip(rows, results, strict=True):
            got = [h.slug for h in res.hits[:3]]
            if not got or got[0] not in row["expected"]:
                print(f"  {row['text']!r} [{row['role']}] want {row['expected'][0]}, got {got}")
    return retriever


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the step-by-step table of each question set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", default=[], help="JSONL question sets")
    parser.add_argument("--bitext", type=Path, help="../shared/eval/bitext-handoff.jsonl (intents mapped to articles)")
    parser.add_argument("--offtopic", type=Path, help="JSONL of {text} lines that should not be answered")
    parser.add_argument("--fit", action="store_true", help="refit the blend weights on the --questions sets")
    parser.add_argument("--misses", action="store_true", help="list the questions the final setup misses")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto", help="embedding backend")
    parser.add_argument("--model", choices=MODELS, default="minilm", help="embedding model")
    parser.add_argument("--signals", default=",".join(FIT_SIGNALS),
                        help="signals --fit may use (e.g. dense,centroid,heading for the cross-lingual weights)")
    parser.add_argument("--weights", choices=["shipped", "crosslingual"], default="shipped",
                        help="the confidence check with the shipped blend or the cross-lingual one")
    args = parser.parse_args(argv)
    if not args.questions and not args.bitext:
        parser.error("give --questions FILE... and/or --bitext FILE")
    ACTIVE_SIGNALS.clear()
    ACTIVE_SIGNALS.update(s.strip() for s in args.signals.split(","))

    embedder = LocalEmbedder(precision=args.precision, model=args.model)
    slugs_by_url = {}
    for path in article_paths(args.kb):
        article = load_article(path)
        slugs_by_url[article.url.rstrip("/")] = article.slug
    sets = {path.name: read_questions(path, slugs_by_url) for path in args.questions}
    if args.bitext:
        sets[args.bitext.name] = read_bitext(args.bitext)
    off_topic = (
        [json.loads(line)["text"] for line in args.offtopic.read_text().splitlines() if line.strip()]
        if args.offtopic
        else OFF_TOPIC
    )
    with tempfile.TemporaryDirectory() as tmp:
        report = build_index(args.kb, Path(tmp), embedder)
        loaded = load_index(Path(tmp), embedder)
    retriever = (Retriever(loaded, weights=CROSSLINGUAL_WEIGHTS, typo_correction=False, synonyms=False)
                 if args.weights == "crosslingual" else Retriever(loaded))
    for name, rows in sets.items():
        print(f"\n## {name}: {len(rows)} questions, {report.files} articles, {report.chunks} chunks, "
              f"model {embedder.model_name} ({embedder.precision})\n")
        retriever = step_table(args.kb, loaded, rows, embedder, args.misses)
    questions = [r for name, rows in sets.items() if name != getattr(args.bitext, "name", None) for r in rows]
    if questions:
        threshold_report(retriever, questions, off_topic, embedder)
    if args.fit:
        fitting = {name: rows for name, rows in sets.items() if name != getattr(args.bitext, "name", None)}
        weights = fit_weights(retriever, fitting, off_topic, embedder)
        print(f"\nfitted: {weights}")
        refit = (Retriever(loaded, weights=weights, typo_correction=False, synonyms=False)
                 if args.weights == "crosslingual" else Retriever(loaded, weights=weights))
        for name, rows in sets.items():
            scores, _ = run(refit, rows, embedder)
            print(f"with fitted weights, {name}: top-1 {scores.top1:.1%}, recall@3 {scores.recall3:.1%}, MRR {scores.mrr:.3f}")
        if questions:
            threshold_report(refit, questions, off_topic, embedder)
    print(f"\ncurrent weights: {DEFAULT_WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
