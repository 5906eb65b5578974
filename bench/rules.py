"""Time the rules per message: masking, the non-semantic evaluation, and the message embedding.

    python bench/rules.py [--rounds 5] [--no-embeddings]

Rule sets: the shipped config/rules.yaml, and 200 generated keyword/regex tags (seeded, so every
run times the same rules). Messages: bench/data/escalation_messages.jsonl and, when present,
../shared/eval/bitext-handoff.jsonl. The evaluation is timed with the message embedding already
computed (the model's time is its own row), so "rules" is the part the 0.2 ms target is about.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.escalation.base import RuleInput  # noqa: E402
from bot.escalation.engine import RulesEngine  # noqa: E402
from bot.escalation.sensitive import mask_sensitive  # noqa: E402
from bot.models import Participant  # noqa: E402

WORDS = (
    "refund order parcel seller vendor payout invoice delivery courier label return exchange "
    "discount coupon voucher warranty repair broken damaged missing late lost stolen wrong size "
    "colour price charge fee commission listing stock shipping customs tax account password email "
    "address phone review rating photo description bundle gift card subscription premier plus "
    "holiday mode dispatch tracking status cancel cancelled pending approved rejected suspended"
).split()


def generated_rules(count: int, seed: int = 7) -> str:
    """YAML for `count` tags: half keyword lists, half regexes, some combined with all/not."""
    rng = random.Random(seed)
    lines = ["settings: {typos: true}", "tags:"]
    for i in range(count):
        lines.append(f"  - name: gen-{i}")
        lines.append(f"    priority: {rng.randint(0, 100)}")
        lines.append(f"    handoff: {'true' if i % 3 == 0 else 'false'}")
        lines.append("    when:")
        a, b, c = rng.sample(WORDS, 3)
        if i % 2 == 0:
            phrases = [f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(3)] + [a, b]
            lines.append(f"      keywords: {json.dumps(phrases)}")
        else:
            lines.append("      regex:")
            lines.append(f"        - '\\b({a}|{b})\\b.{{0,40}}\\b{c}\\w*'")
            lines.append(f"        - '\\b{rng.choice(WORDS)} (is|was|has been) (not )?{rng.choice(WORDS)}\\b'")
        if i % 5 == 0:
            lines.append(f"      not: {{keywords: [{rng.choice(WORDS)}]}}")
    return "\n".join(lines) + "\n"


def load_messages() -> list[dict]:
    """The labelled messages we have (text, role, account...)."""
    rows: list[dict] = []
    for path in (ROOT / "bench/data/escalation_messages.jsonl", ROOT.parent / "shared/eval/bitext-handoff.jsonl"):
        if path.exists():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise SystemExit("no messages: bench/data/escalation_messages.jsonl is missing")
    return rows


def _inputs(rows: list[dict]) -> list[RuleInput]:
    out = []
    for row in rows:
        masked, kinds = mask_sensitive(row["text"])
        who = Participant(role=row.get("role") or "buyer", account_id=row.get("account"), tier=row.get("tier"))
        out.append(RuleInput(text=masked, participant=who, channel="webchat", sensitive_found=kinds, masked=True))
    return out


def _time_each(fn, items, rounds: int) -> tuple[list[float], list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Per-item milliseconds: the first (cold) pass, the warm passes, and the warm passes' CPU time.

    CPU time (this thread's) is what the rules cost; wall time also counts waiting for a core on a
    busy machine.
    """
    cold, warm, cpu = [], [], []
    for r in range(rounds + 1):
        for item in items:
            started, started_cpu = time.perf_counter(), time.thread_time()
            fn(item)
            wall, spent = (time.perf_counter() - started) * 1000, (time.thread_time() - started_cpu) * 1000
            if r == 0:
                cold.append(wall)
            else:
                warm.append(wall)
                cpu.append(spent)
    return cold, warm, cpu


def _row(name: str, tags: int, cold: list[float], warm: list[float], cpu: list[float]) -> str:
    warm_sorted = sorted(warm)
    p99 = warm_sorted[int(0.99 * (len(warm_sorted) - 1))]
    return (f"| {name} | {tags} | {statistics.mean(cold):.3f} | {statistics.mean(warm):.3f} "
            f"| {statistics.median(warm):.3f} | {p99:.3f} | {statistics.mean(cpu):.3f} |")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="warm passes over the messages")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the model (no similar_to)")
    args = parser.parse_args(argv)
    rows = load_messages()
    inputs = _inputs(rows)
    embedder = None
    vectors: dict[str, np.ndarray] = {}
    model_ms: list[float] = []
    model_cpu: list[float] = []
    if not args.no_embeddings:
        from bot.brain.embeddings import LocalEmbedder

        embedder = LocalEmbedder()
        texts = [ri.text for ri in inputs]
        for text, vector in zip(texts, embedder.embed_queries_sync(texts), strict=True):
            vectors[text] = np.asarray(vector, dtype=np.float32)
        for text in texts[:: max(1, len(texts) // 40)]:  # one query at a time, as the router does
            started, started_cpu = time.perf_counter(), time.process_time()
            embedder.embed_queries_sync([text])
            model_ms.append((time.perf_counter() - started) * 1000)
            model_cpu.append((time.process_time() - started_cpu) * 1000)

    print(f"{len(inputs)} messages, {args.rounds} warm rounds; times in ms per message")
    print()
    print("| step | tags | cold mean | warm mean | warm p50 | warm p99 | warm CPU mean |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(_row("mask", 0, *_time_each(lambda row: mask_sensitive(row["text"]), rows, args.rounds)))

    shipped = RulesEngine.from_file(ROOT / "config/rules.yaml", embedder)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(generated_rules(200), encoding="utf-8")
        generated = RulesEngine.from_file(path, None)
    no_semantic = RulesEngine.from_file(ROOT / "config/rules.yaml", None)
    for name, engine in (("rules: shipped (with meaning scores)", shipped),
                         ("rules: shipped, non-semantic only", no_semantic),
                         ("rules: 200 generated keyword/regex", generated)):
        tags = len(engine.rules.tags)
        timed = _time_each(lambda ri, e=engine: e.evaluate_sync(ri, vectors.get(ri.text)), inputs, args.rounds)
        print(_row(name, tags, *timed))
    if model_ms:
        print(_row(f"message embedding (MiniLM, {len(model_ms)} single queries)", 0, model_ms[:1], model_ms[1:],
                   model_cpu[1:]))
        multilingual = LocalEmbedder(model="e5-small")
        e5_ms, e5_cpu = [], []
        for text in texts[:: max(1, len(texts) // 40)]:
            started, started_cpu = time.perf_counter(), time.process_time()
            multilingual.embed_queries_sync([text])
            e5_ms.append((time.perf_counter() - started) * 1000)
            e5_cpu.append((time.process_time() - started_cpu) * 1000)
        print(_row(f"message embedding (multilingual-e5-small, {len(e5_ms)} single queries)", 0, e5_ms[:1],
                   e5_ms[1:], e5_cpu[1:]))
    print()
    print(f"load average while measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
