"""Shared by the build scripts of the fresh multilingual tuning sets (`dev_fresh_multilingual*/build.py`):
the hand-written hand-off lines as labelled rows, and the rows written out as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path


def handoff_rows(path: Path, high_value_tier: str) -> list[dict[str, object]]:
    """`category<TAB>language<TAB>text` lines as must-hand-off rows: buyers, except the
    high-value-vendor category, written by vendors of `high_value_tier`."""
    rows: list[dict[str, object]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        category, language, text = line.split("\t")
        row: dict[str, object] = {"text": text, "role": "buyer"}
        if category == "high_value_vendor":
            row.update(role="vendor", tier=high_value_tier)
        row.update(expect_handoff=True, category=category, language=language, tricky=False)
        rows.append(row)
    return rows


def tabbed_routine_rows(path: Path) -> list[dict[str, object]]:
    """`language<TAB>tricky<TAB>text` lines as routine rows (tricky is 1 or 0)."""
    rows: list[dict[str, object]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        language, tricky, text = line.split("\t")
        rows.append({"text": text, "role": "buyer", "expect_handoff": False, "category": "routine",
                     "language": language, "tricky": tricky == "1"})
    return rows


def write_rows(rows: list[dict[str, object]], path: Path) -> None:
    """One JSON object a line, non-ASCII kept as written."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    """`python bench/data/fresh_sets.py FOLDER OUTPUT.jsonl TIER`: a set written as
    `handoff_es_de_fr.txt` and a tabbed `routine_es_de_fr.txt`, assembled in the order written."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("output")
    parser.add_argument("tier", help="the tier of the high-value vendors' rows")
    args = parser.parse_args(argv)
    rows = handoff_rows(args.folder / "handoff_es_de_fr.txt", args.tier)
    write_rows(rows + tabbed_routine_rows(args.folder / "routine_es_de_fr.txt"), args.folder / args.output)


if __name__ == "__main__":
    main()
