"""Brain speed: index build and load, answer latency single and under 64 concurrent queries, q/s, RSS.

    .venv/bin/python bench/brain.py [--kb knowledge_base] [--synthetic 10000] [--concurrency 64]
        [--precision auto|onnx|fp32|bf16|int8] [--max-wait-ms 0] [--repeat 3]

Uses the offline (extractive) brain, the real model and FAISS. Prints a Markdown table. The
concurrent run with distinct questions is repeated `--repeat` times (median, then the range):
on a shared machine one run says little.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain.answerer import BrainParts, OfflineBrain
from bot.brain.embeddings import DEFAULT_MAX_WAIT, PRECISIONS, LocalEmbedder
from bot.brain.index import build_index, load_index
from bot.brain.orders import OrderFile
from bot.brain.retrieval import Retriever
from bot.brain.search import KnowledgeSearch
from bot.brain.tools import OrderBook, VendorDirectory
from bot.brand import Brand
from bot.models import Participant

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = itertools.count()  # suffixes that make texts distinct, across all runs of the benchmark
WORDS = (
    "order", "parcel", "refund", "return", "vendor", "buyer", "payment", "card", "payout", "fee",
    "invoice", "tracking", "carrier", "label", "delivery", "address", "customs", "exchange",
    "damaged", "missing", "cancel", "dispute", "chargeback", "account", "password", "privacy",
    "listing", "tier", "commission", "statement", "bank", "holiday", "response", "message", "shop",
    "discount", "code", "gift", "voucher", "balance", "warehouse", "courier", "shipment",
    "schedule", "verify", "document", "review", "policy", "window",
)


def rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def synthetic_kb(directory: Path, chunks: int, sections: int = 10) -> None:
    """Write articles of random marketplace words totalling about `chunks` sections."""
    rng = random.Random(7)
    for number in range(chunks // sections):
        audience = ("buyer", "vendor", "all")[number % 3]
        parts = [f"---\ntitle: Synthetic article {number}\naudience: {audience}\nurl: https://kb.example/{number}\n---\n"]
        for section in range(sections):
            sentence = " ".join(rng.choice(WORDS) for _ in range(60))
            parts.append(f"## Section {section} {rng.choice(WORDS)}\n\n{sentence}.\n")
        (directory / f"synthetic-{number:05d}.md").write_text("\n".join(parts), encoding="utf-8")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def timed(brain: OfflineBrain, text: str, role: str) -> float:
    started = time.perf_counter()
    await brain.answer(text, participant=Participant(role=role), history=())  # type: ignore[arg-type]
    return time.perf_counter() - started


async def latency(
    brain: OfflineBrain, questions: list[dict], concurrency: int, total: int, distinct: bool = True
) -> tuple[list[float], float]:
    """Per-answer latencies and wall time for `total` answers with `concurrency` in flight.

    `distinct` makes every text unique (a trailing number, never reused by a later run), so the
    query-vector cache never hits.
    """
    queue = [dict(questions[i % len(questions)]) for i in range(total)]
    if distinct:
        for q in queue:
            q["text"] = f"{q['text']} {next(NUMBERS)}"
    latencies: list[float] = []

    async def worker() -> None:
        while queue:
            q = queue.pop()
            latencies.append(await timed(brain, q["text"], q.get("role", "buyer")))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - started


async def main_async(args: argparse.Namespace) -> None:
    rows: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    embedder = LocalEmbedder(precision=args.precision, max_wait=args.max_wait_ms / 1000)
    rows.append((f"model load ({embedder.model_name}, {embedder.precision})", f"{time.perf_counter() - t0:.2f} s"))
    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]

    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        report = build_index(args.kb, index_dir, embedder)
        rows.append((f"build, shipped KB ({report.files} articles, {report.chunks} chunks)", f"{report.seconds:.2f} s"))
        again = build_index(args.kb, index_dir, embedder)
        rows.append(("rebuild, nothing changed", f"{again.seconds:.3f} s ({again.files_embedded} re-embedded)"))
        t0 = time.perf_counter()
        search = await KnowledgeSearch.open(index_dir, embedder)
        rows.append(("index load + retriever, shipped KB", f"{1000 * (time.perf_counter() - t0):.0f} ms"))
        vendors = VendorDirectory.load(args.kb / "vendors.yaml")
        brain = OfflineBrain(
            BrainParts(search, OrderBook.load(args.kb / "orders.yaml", vendors), vendors, Brand.load(ROOT / "config/brand.yaml"))
        )
        await latency(brain, questions, 1, 20)  # warm-up
        await brain.warm_units()  # as the bot does at start-up
        single, _ = await latency(brain, questions, 1, len(questions))
        rows.append(("answer latency, single: p50 / p99", f"{1000 * statistics.median(single):.1f} / {1000 * percentile(single, 99):.1f} ms"))
        batches_before = embedder.batcher.batches
        items_before = embedder.batcher.items
        cpu_started = time.process_time()
        runs = [await latency(brain, questions, args.concurrency, args.total) for _ in range(max(1, args.repeat))]
        cpu_ms = 1000 * (time.process_time() - cpu_started) / sum(len(lat) for lat, _ in runs)
        rates = sorted(len(lat) / wall for lat, wall in runs)
        many = [x for lat, _ in runs for x in lat]
        batches = embedder.batcher.batches - batches_before
        items = embedder.batcher.items - items_before
        repeat, repeat_wall = await latency(brain, questions, args.concurrency, args.total, distinct=False)
        rows.append((f"answer latency, {args.concurrency} concurrent: p50 / p99",
                     f"{1000 * statistics.median(many):.1f} / {1000 * percentile(many, 99):.1f} ms"))
        rows.append((f"throughput, {args.concurrency} concurrent, all {args.total} questions distinct",
                     f"{statistics.median(rates):.0f} answers/s (median of {len(rates)}: {rates[0]:.0f}–{rates[-1]:.0f})"))
        rows.append(("CPU time per answer in those runs (all threads; load-independent cost)", f"{cpu_ms:.2f} ms"))
        rows.append((f"throughput, {args.concurrency} concurrent, the {len(questions)} questions repeated",
                     f"{len(repeat) / repeat_wall:.0f} answers/s (p50 {1000 * statistics.median(repeat):.1f} ms)"))
        rows.append(("micro-batcher: mean batch size under load", f"{items / max(batches, 1):.1f} queries"))

    if args.synthetic:
        with tempfile.TemporaryDirectory() as tmp:
            kb_dir, index_dir = Path(tmp) / "kb", Path(tmp) / "index"
            kb_dir.mkdir()
            synthetic_kb(kb_dir, args.synthetic)
            report = build_index(kb_dir, index_dir, embedder)
            rows.append((f"build, synthetic KB ({report.files} articles, {report.chunks} chunks)", f"{report.seconds:.1f} s"))
            first = min(kb_dir.glob("*.md"))
            first.write_text(first.read_text() + "\nOne more line.\n")
            again = build_index(kb_dir, index_dir, embedder)
            rows.append(("rebuild synthetic, one file changed", f"{again.seconds:.2f} s ({again.chunks_embedded} chunks re-embedded)"))
            t0 = time.perf_counter()
            loaded = load_index(index_dir, embedder)
            load_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            Retriever(loaded)
            rows.append(("index load, synthetic KB (+ retriever build)", f"{1000 * load_s:.0f} ms (+{1000 * (time.perf_counter() - t0):.0f} ms)"))
            search = await KnowledgeSearch.open(index_dir, embedder)
            big = OfflineBrain(BrainParts(search, OrderBook(OrderFile([]), VendorDirectory([])), VendorDirectory([]), Brand()))
            await latency(big, questions, 1, 10)
            single, _ = await latency(big, questions, 1, 60)
            rows.append(("answer latency on synthetic KB, single: p50 / p99",
                         f"{1000 * statistics.median(single):.1f} / {1000 * percentile(single, 99):.1f} ms"))
            many, wall = await latency(big, questions, args.concurrency, args.total)
            rows.append((f"throughput on synthetic KB, {args.concurrency} concurrent", f"{len(many) / wall:.0f} answers/s"))

    current, peak = rss_mb()
    rows.append(("RSS now / peak", f"{current:.0f} / {peak:.0f} MB"))
    print("| measure | value |")
    print("| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=ROOT / "knowledge_base")
    parser.add_argument("--questions", type=Path, default=ROOT / "bench/data/retrieval_questions.jsonl")
    parser.add_argument("--synthetic", type=int, default=10000, help="chunks in the synthetic KB (0: skip)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--total", type=int, default=1280, help="answers in the concurrent run")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto", help="embedding precision")
    parser.add_argument("--max-wait-ms", type=float, default=DEFAULT_MAX_WAIT * 1000, help="micro-batch window")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the distinct-question concurrent test")
    asyncio.run(main_async(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
