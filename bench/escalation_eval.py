"""Measure the rules on labelled messages: recall on must-handoff lines, false-positive rate, misses.

    python bench/escalation_eval.py bench/data/escalation_messages.jsonl [--rules config/rules.yaml]
        [--confidence 0.8] [--no-embeddings] [--show-hits] [--precision auto|onnx|int8|...]

Input lines: {"text", "role"?, "tier"?, "account"?, "channel"?, "expect_handoff": bool}. Only the
rules run (no brain): by default as on the router's first pass (confidence unknown); with
`--confidence X` as if the brain had answered every message with confidence X.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.escalation.base import RuleInput  # noqa: E402
from bot.escalation.engine import RulesEngine  # noqa: E402
from bot.models import Decision, Participant  # noqa: E402


@dataclass(slots=True)
class Case:
    """One labelled message and what the rules decided."""

    line: int
    text: str
    expect: bool
    category: str
    decision: Decision


def _participant(row: dict) -> Participant:
    role = row.get("role") or "buyer"
    return Participant(role=role, account_id=row.get("account"), tier=row.get("tier"))


async def run(path: Path, engine: RulesEngine, confidence: float | None) -> list[Case]:
    """Evaluate every line of `path` and return the cases in file order."""
    cases = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
            expect = bool(row["expect_handoff"])
            text = str(row["text"])
        except (ValueError, KeyError, TypeError) as exc:
            raise SystemExit(f"{path}:{number}: bad line ({exc})") from None
        masked, kinds = engine.mask(text)
        decision = await engine.evaluate(
            RuleInput(
                text=masked,
                participant=_participant(row),
                channel=row.get("channel") or "webchat",
                confidence=confidence,
                sensitive_found=kinds,
            )
        )
        cases.append(Case(number, text, expect, str(row.get("category", "")), decision))
    return cases


def report(path: Path, cases: list[Case], seconds: float, show_hits: bool) -> str:
    """The summary table and the misses, as text."""
    positives = [c for c in cases if c.expect]
    negatives = [c for c in cases if not c.expect]
    caught = [c for c in positives if c.decision.handoff]
    false_pos = [c for c in negatives if c.decision.handoff]
    recall = len(caught) / len(positives) if positives else 1.0
    fp_rate = len(false_pos) / len(negatives) if negatives else 0.0
    out = [
        f"file: {path}",
        "",
        "| messages | must-handoff | caught | recall | routine | false positives | FP rate | ms/message |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {len(cases)} | {len(positives)} | {len(caught)} | {recall:.1%} | {len(negatives)} "
        f"| {len(false_pos)} | {fp_rate:.1%} | {1000 * seconds / max(len(cases), 1):.2f} |",
    ]
    missed = [c for c in positives if not c.decision.handoff]
    if missed:
        out += ["", f"missed handoffs ({len(missed)}):"]
        out += [f"  {c.line}: {c.text}" + (f"  [{c.category}]" if c.category else "") for c in missed]
    if false_pos:
        out += ["", f"false positives ({len(false_pos)}):"]
        for c in false_pos:
            out.append(f"  {c.line}: {c.text}")
            out += [f"      {r}" for r in c.decision.reasons]
    if show_hits:
        out += ["", "caught:"]
        for c in caught:
            out.append(f"  {c.line}: {c.text}")
            out += [f"      {r}" for r in c.decision.reasons]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled .jsonl files")
    parser.add_argument("--rules", type=Path, default=Path("config/rules.yaml"))
    parser.add_argument("--confidence", type=float, default=None,
                        help="pretend the brain answered with this confidence (default: first pass, none)")
    parser.add_argument("--no-embeddings", action="store_true", help="skip `similar_to` (no model load)")
    parser.add_argument("--show-hits", action="store_true", help="also list caught messages with reasons")
    parser.add_argument("--precision", default="auto", help="embedding precision for `similar_to` (see LocalEmbedder)")
    args = parser.parse_args(argv)
    embedder = None
    if not args.no_embeddings:
        from bot.brain.embeddings import LocalEmbedder

        embedder = LocalEmbedder(precision=args.precision)
    engine = RulesEngine.from_file(args.rules, embedder)
    for path in args.files:
        started = time.perf_counter()
        cases = asyncio.run(run(path, engine, args.confidence))
        print(report(path, cases, time.perf_counter() - started, args.show_hits))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
