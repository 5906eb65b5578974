"""Measure handoffs on labelled messages: recall, false positives, per category and per language.

    python bench/escalation_eval.py FILE.jsonl [FILE.jsonl ...] [--rules config/rules.yaml]
        [--marketplace bench/data/blind_handoff/marketplace.yaml] [--kb DIR] [--rules-only]
        [--model minilm|e5-small] [--languages en,es,de,fr] [--show-hits] [--misses]

Input lines: {"text", "role"?, "tier"?, "account"?, "channel"?, "expect_handoff": bool,
"category"?, "language"?, "tricky"?}. By default each message gets the whole decision a customer's
first message gets (rules, the brain's answer from `--kb`, rules again with its confidence, as
`python -m bot dry-run`); `--rules-only` runs only the rules' first pass (no brain).
`--marketplace` names a YAML file with the other marketplace's `high_value_tiers`, which an admin
of that marketplace would write into the rules file's settings.

"Offered a person" counts messages that were not handed off because the bot had no answer and
offered a person instead (the customer's "yes" would hand off); they are not counted as caught.

The table's "rules ms" is the rules' own time per message once the message's embedding exists
(the embedding is shared with the brain's retrieval).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain.encoders import TextEncoders, load_encoders  # noqa: E402
from bot.escalation.base import RuleInput  # noqa: E402
from bot.escalation.engine import RulesEngine, RuleSet  # noqa: E402
from bot.escalation.loader import read_rules  # noqa: E402
from bot.models import Decision, Participant  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@dataclass(slots=True)
class Case:
    """One labelled message and what was decided."""

    line: int
    text: str
    expect: bool
    category: str
    language: str
    tricky: bool
    decision: Decision
    detected: str
    offered: bool = False  # not handed off: the bot had no answer and offered a person


def _participant(row: dict) -> Participant:
    role = row.get("role") or "buyer"
    return Participant(role=role, account_id=row.get("account"), tier=row.get("tier"), verified=True)


def load_engine(rules: Path, encoders: TextEncoders | None, marketplace: Path | None) -> RulesEngine:
    """The rules engine, with the other marketplace's high-value tiers when given."""
    loaded = read_rules(rules)
    if marketplace is not None:
        profile = yaml.safe_load(marketplace.read_text(encoding="utf-8")) or {}
        tiers = [str(t) for t in profile.get("high_value_tiers") or []]
        settings = loaded.rules.settings.model_copy(update={"high_value_tiers": tiers})
        loaded.rules = loaded.rules.model_copy(update={"settings": settings})
    return RulesEngine(RuleSet(loaded), encoders)


async def run(path: Path, engine: RulesEngine, brain: object | None) -> tuple[list[Case], float]:
    """Decide every line of `path`; the cases in file order and the rules' own seconds in all."""
    from bot.decide import decide

    cases = []
    rules_seconds = 0.0
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
        rule_input = RuleInput(text=masked, participant=_participant(row), channel=row.get("channel") or "webchat",
                               sensitive_found=kinds, masked=True)
        rule_input.language = engine.language_of(rule_input)
        await engine.evaluate(rule_input)  # the message's embedding is now cached: time the rules alone
        started = time.perf_counter()
        decision = await engine.evaluate(rule_input)
        rules_seconds += time.perf_counter() - started
        offered = False
        if brain is not None:
            outcome = await decide(brain, engine, rule_input)  # type: ignore[arg-type]
            decision = outcome.decision
            offered = not decision.handoff and outcome.answer is not None and outcome.answer.offers_person
        cases.append(Case(number, text, expect, str(row.get("category") or ("handoff" if expect else "routine")),
                          str(row.get("language") or "en"), bool(row.get("tricky")), decision,
                          rule_input.language, offered))
    return cases, rules_seconds


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def report(path: Path, cases: list[Case], rules_seconds: float, show_hits: bool, misses: bool,
           handoff_tags: Sequence[str] = ()) -> str:
    """The summary tables and the misses, as text. With the rules' handoff tags (priority order),
    also which tag handed off the caught messages and the false positives."""
    positives = [c for c in cases if c.expect]
    negatives = [c for c in cases if not c.expect]
    caught = [c for c in positives if c.decision.handoff]
    false_pos = [c for c in negatives if c.decision.handoff]
    out = [
        f"file: {path}",
        "",
        "| messages | must-handoff | caught | recall | routine | false positives | FP rate | rules ms/message "
        "| offered a person: must-handoff / routine |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {len(cases)} | {len(positives)} | {len(caught)} | {_rate(len(caught), len(positives))} "
        f"| {len(negatives)} | {len(false_pos)} | {_rate(len(false_pos), len(negatives))} "
        f"| {1000 * rules_seconds / max(len(cases), 1):.3f} "
        f"| {sum(c.offered for c in positives)} / {sum(c.offered for c in negatives)} |",
        "",
        "| language | must-handoff | recall | routine | FP rate | detected as itself |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_language: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_language[c.language].append(c)
    for language in sorted(by_language, key=lambda code: (code != "en", code)):
        group = by_language[language]
        pos = [c for c in group if c.expect]
        neg = [c for c in group if not c.expect]
        out.append(f"| {language} | {len(pos)} | {_rate(sum(c.decision.handoff for c in pos), len(pos))} "
                   f"| {len(neg)} | {_rate(sum(c.decision.handoff for c in neg), len(neg))} "
                   f"| {_rate(sum(c.detected == language for c in group), len(group))} |")
    out += ["", "| category | messages | handed off |", "| --- | ---: | ---: |"]
    by_category: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_category[c.category if c.expect else ("routine (tricky)" if c.tricky else "routine")].append(c)
    for category in sorted(by_category, key=lambda k: (k.startswith("routine"), k)):
        group = by_category[category]
        handed = sum(c.decision.handoff for c in group)
        out.append(f"| {category} | {len(group)} | {handed} ({_rate(handed, len(group))}) |")
    if handoff_tags:
        out += ["", "| handed off by | must-handoff caught | routine (false positives) | of which not English |",
                "| --- | ---: | ---: | ---: |"]
        by_tag: dict[str, list[Case]] = defaultdict(list)
        for c in cases:
            if c.decision.handoff:
                by_tag[next((t for t in c.decision.tags if t in handoff_tags), "?")].append(c)
        for tag in sorted(by_tag, key=lambda t: -sum(not c.expect for c in by_tag[t])):
            group = by_tag[tag]
            wrong = [c for c in group if not c.expect]
            out.append(f"| {tag} | {sum(c.expect for c in group)} | {len(wrong)} "
                       f"| {sum(c.language != 'en' for c in wrong)} |")
    if misses:
        missed = [c for c in positives if not c.decision.handoff]
        if missed:
            out += ["", f"missed handoffs ({len(missed)}):"]
            out += [f"  {c.line} [{c.category}/{c.language}]{' (offered a person)' if c.offered else ''}: {c.text}"
                    for c in missed]
        if false_pos:
            out += ["", f"false positives ({len(false_pos)}):"]
            for c in false_pos:
                out.append(f"  {c.line} [{c.language}]: {c.text}")
                out += [f"      {r}" for r in c.decision.reasons]
    if show_hits:
        out += ["", "caught:"]
        for c in caught:
            out.append(f"  {c.line}: {c.text}")
            out += [f"      {r}" for r in c.decision.reasons]
    return "\n".join(out)


async def _brain(kb: Path, encoders: TextEncoders) -> object:
    from bot.brain.factory import create_brain
    from bot.settings import Settings

    index = Path(tempfile.mkdtemp(prefix="baton-eval-index-"))
    settings = Settings(_env_file=None, BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(index))  # type: ignore[call-arg]
    return await create_brain(settings, encoders.main, encoders)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled .jsonl files")
    parser.add_argument("--rules", type=Path, default=ROOT / "config/rules.yaml")
    parser.add_argument("--marketplace", type=Path, help="YAML with the marketplace's high_value_tiers")
    parser.add_argument("--kb", type=Path, default=ROOT / "knowledge_base", help="help centre for the brain")
    parser.add_argument("--rules-only", action="store_true", help="the rules' first pass only (no brain)")
    parser.add_argument("--model", default="minilm", choices=["minilm", "e5-small"])
    parser.add_argument("--languages", default="en,es,de,fr")
    parser.add_argument("--meaning-by", default="multilingual", choices=["reader", "multilingual"],
                        help="which model judges meanings of English messages (see TextEncoders)")
    parser.add_argument("--show-hits", action="store_true", help="also list caught messages with reasons")
    parser.add_argument("--misses", action="store_true", help="list missed handoffs and false positives")
    args = parser.parse_args(argv)
    encoders = load_encoders(args.model, "auto", tuple(args.languages.split(",")), meaning_by=args.meaning_by)
    started = time.perf_counter()
    engine = load_engine(args.rules, encoders, args.marketplace)
    print(f"rules loaded and meanings fitted in {time.perf_counter() - started:.1f} s; models: "
          f"{', '.join(e.model_name for e in encoders.all)}; meanings judged: {args.meaning_by}\n")

    async def go() -> None:
        brain = None if args.rules_only else await _brain(args.kb, encoders)
        for path in args.files:
            cases, rules_seconds = await run(path, engine, brain)
            handoff_tags = [ct.tag.name for ct in engine.ruleset.tags if ct.tag.handoff]
            print(report(path, cases, rules_seconds, args.show_hits, args.misses, handoff_tags))
            print()

    asyncio.run(go())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
