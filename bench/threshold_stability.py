"""How far one line added to the routine examples moves the meanings' thresholds.

    .venv/bin/python bench/threshold_stability.py [--rules config/rules.yaml] [--lines 20]

Each of `--lines` routine messages from the tuning sets (never the blind ones) is added in turn to
a copy of the rules' routine file, the meanings are fitted again, and every meaning condition's
threshold (per model) is compared with the unedited fit. Prints how many thresholds moved by 0.01
or more per added line, and the size of the moves. An admin's edit should move what it touches,
not every tag (docs/benchmarks.md#stable-folds).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain.encoders import load_encoders
from bot.escalation.engine import RulesEngine
from bot.settings import Settings

ROUTINE_SOURCES = (
    "bench/data/dev_fresh_multilingual/fresh_multilingual.jsonl",
    "bench/data/dev_quillmark_handoff/quillmark_handoff_multilingual.jsonl",
)
MOVED = 0.01


def routine_messages(root: Path) -> list[str]:
    """The routine (not must-hand-off) messages of the tuning sets, in a fixed shuffled order."""
    texts = []
    for name in ROUTINE_SOURCES:
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if not item["expect_handoff"]:
                texts.append(" ".join(item["text"].split()))
    random.Random(7).shuffle(texts)
    return texts


def main() -> None:
    """Fit the rules once as they are, then once per added routine line, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=Path("config/rules.yaml"))
    parser.add_argument("--lines", type=int, default=20)
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    settings = Settings()
    encoders = load_encoders(settings.embedding_model, settings.embedding_precision, settings.languages,
                             model_cache=settings.model_cache, meaning_by=settings.meaning_model)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "rules"
        shutil.copytree(args.rules.resolve().parent, folder)
        rules = folder / args.rules.name

        def thresholds() -> list[float]:
            return [row.threshold for row in RulesEngine.from_file(rules, encoders).ruleset.validation()]

        started = time.perf_counter()
        before = thresholds()
        fit_seconds = time.perf_counter() - started
        routine = RulesEngine.from_file(rules, encoders).ruleset.loaded.routine
        if routine is None:
            raise SystemExit(f"{args.rules}: no routine_examples file, nothing to add to")
        if not routine.path.resolve().is_relative_to(folder.resolve()):
            # Only the copy may be edited: a routine file outside the rules' folder is the real one.
            raise SystemExit(f"{args.rules}: its routine_examples file is outside its folder; copy them together")
        shipped = routine.path.read_text(encoding="utf-8")
        moved, moves = [], []
        for text in routine_messages(root)[: args.lines]:
            routine.path.write_text(shipped.rstrip("\n") + "\n" + text + "\n", encoding="utf-8")
            after = thresholds()
            deltas = [abs(a - b) for a, b in zip(before, after, strict=True)]
            moved.append(sum(d >= MOVED for d in deltas))
            moves.extend(deltas)
    moves.sort()
    print(f"rules {args.rules}: {len(before)} meaning conditions x models; first fit {fit_seconds:.1f} s\n")
    print(f"| lines added (one at a time) | thresholds moved by >= {MOVED} per line: mean / max "
          "| move: mean / 95th percentile / max |")
    print("| ---: | --- | --- |")
    print(f"| {len(moved)} | {statistics.mean(moved):.1f} / {max(moved)} "
          f"| {statistics.mean(moves):.4f} / {moves[int(0.95 * (len(moves) - 1))]:.3f} / {moves[-1]:.3f} |")


if __name__ == "__main__":
    main()
