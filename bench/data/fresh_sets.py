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


def role_rows(path: Path, language: str, high_value_tier: str, expect_handoff: bool) -> list[dict[str, object]]:
    """Lines that name the writer's role: `category<TAB>role<TAB>text` (must hand off) or
    `role<TAB>tricky<TAB>text` (routine), all in `language`. High-value vendors are of
    `high_value_tier`: every high-value-vendor row's writer, and a role written `platinum`."""
    rows: list[dict[str, object]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        first, second, text = line.split("\t")
        if expect_handoff:
            row: dict[str, object] = {"text": text, "role": second}
            if first == "high_value_vendor" or second == "platinum":
                row.update(role="vendor", tier=high_value_tier)
            row.update(expect_handoff=True, category=first, language=language, tricky=False)
        else:
            row = {"text": text, "role": first, "expect_handoff": False, "category": "routine",
                   "language": language, "tricky": second == "1"}
            if first == "platinum":
                row.update(role="vendor", tier=high_value_tier)
        rows.append(row)
    return rows


def write_rows(rows: list[dict[str, object]], path: Path) -> None:
    """One JSON object a line, non-ASCII kept as written."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    """`python bench/data/fresh_sets.py FOLDER OUTPUT.jsonl TIER [--language es[,de,...]]`: a set written as
    `handoff_es_de_fr.txt` and a tabbed `routine_es_de_fr.txt` (or, with `--language`, each
    language's files with the writer's role), assembled in the order written."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("output")
    parser.add_argument("tier", help="the tier of the high-value vendors' rows")
    parser.add_argument("--language", help="a language (or several, comma-separated), files `handoff_LANG.txt` "
                        "and `routine_LANG.txt` whose lines name the writer's role (see role_rows)")
    args = parser.parse_args(argv)
    if args.language:
        languages = args.language.split(",")
        rows = [row for language in languages
                for row in role_rows(args.folder / f"handoff_{language}.txt", language, args.tier, True)]
        rows += [row for language in languages
                 for row in role_rows(args.folder / f"routine_{language}.txt", language, args.tier, False)]
    else:
        rows = handoff_rows(args.folder / "handoff_es_de_fr.txt", args.tier)
        rows += tabbed_routine_rows(args.folder / "routine_es_de_fr.txt")
    write_rows(rows, args.folder / args.output)


if __name__ == "__main__":
    main()
