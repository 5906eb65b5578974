"""Write every rules outcome for many messages to a file, to show that a change meant to make the
rules faster (or tidier) decides exactly as before.

    python bench/rules_outcomes.py OUT.json [--tree DIR]
    python bench/rules_outcomes.py /tmp/before.json --tree /tmp/before-tree && \\
        python bench/rules_outcomes.py /tmp/after.json && cmp /tmp/before.json /tmp/after.json

Messages: the text of every line of every JSONL file under bench/data except the blind sets, and
../shared/eval/bitext-handoff.jsonl when present. For each message (masked as the router masks
it), in its detected language and in English: the result of every `keywords` and `regex`
condition of the tree's config/rules.yaml, and of the built-in detectors (a person asked for,
staff asked, asking in general, a problem reported); then the decision (tags, reasons, handoff)
without models, with the masked kinds passed as the router passes them and not, and with every
`meaning` condition assumed to hold (so the conditions beside a meaning are evaluated too).
`--tree` runs another source tree's code (e.g. a `git worktree` of main) on the same messages.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def messages() -> list[str]:
    """The distinct message texts of the labelled sets (not the blind ones)."""
    files = sorted(p for p in (ROOT / "bench/data").rglob("*.jsonl") if not p.relative_to(ROOT / "bench/data").parts[0].startswith("blind_"))
    outside = ROOT.parent / "shared/eval/bitext-handoff.jsonl"
    if outside.exists():
        files.append(outside)
    texts: list[str] = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if not isinstance(row, dict):
                continue
            texts += [row[key] for key in ("text", "question", "message") if isinstance(row.get(key), str)]
    return list(dict.fromkeys(texts))


def outcomes(tree: Path, texts: list[str]) -> list[Any]:
    """Every outcome described in the module docstring, in a fixed order."""
    sys.path.insert(0, str(tree))
    from bot.escalation import conditions
    from bot.escalation.base import RuleInput
    from bot.escalation.engine import RulesEngine, prepared_text, tag_decision
    from bot.escalation.general import asks_in_general
    from bot.escalation.human import human_requested
    from bot.escalation.problem import reports_problem
    from bot.escalation.sensitive import mask_sensitive
    from bot.escalation.staff_request import staff_request
    from bot.models import Participant

    engine = RulesEngine.from_file(tree / "config/rules.yaml", None)
    ruleset = engine._ruleset  # noqa: SLF001 - a bench looks inside
    nodes = [o for o in gc.get_objects() if isinstance(o, (conditions.Regex, conditions.Keywords))]
    nodes.sort(key=lambda n: repr(getattr(n, "patterns", getattr(n, "phrases", None))))
    detectors = (asks_in_general, human_requested, staff_request, reports_problem)
    buyer = Participant(role="buyer")
    out: list[Any] = []
    for text in texts:
        masked, kinds = mask_sensitive(text)
        plain = RuleInput(text=masked, participant=buyer, channel="webchat", sensitive_found=kinds)
        try:
            trusted = RuleInput(text=masked, participant=buyer, channel="webchat", sensitive_found=kinds,
                                masked=True)  # type: ignore[call-arg]
        except TypeError:  # a tree from before `masked`
            trusted = plain
        language = engine.language_of(plain)
        for read_as in sorted({language, "en"}):
            ctx = conditions.Context(rule_input=plain, text=prepared_text(masked, ruleset, read_as))
            out.append([node.match(ctx) for node in nodes])
            out.append([detect(ctx.text) for detect in detectors])
        for rule_input in (trusted, plain):
            decision = engine.evaluate_sync(rule_input, None)
            out.append([sorted(decision.tags), [str(r) for r in decision.reasons], decision.handoff])
        ctx = conditions.Context(rule_input=plain, text=prepared_text(masked, ruleset, language), language=language,
                                 assume_meanings=True)
        decision = tag_decision(ruleset, ctx)
        out.append([sorted(decision.tags), [str(r) for r in decision.reasons], decision.handoff])
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the outcomes (JSON)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="source tree whose code and rules decide")
    args = parser.parse_args(argv)
    texts = messages()
    results = outcomes(args.tree.resolve(), texts)
    args.out.write_text(json.dumps({"messages": len(texts), "outcomes": results}), encoding="utf-8")
    print(f"{len(texts)} messages, {len(results)} outcome rows written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
