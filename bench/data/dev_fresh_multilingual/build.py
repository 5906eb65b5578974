"""Assemble fresh_multilingual.jsonl from the two hand-written files (no shuffling: routine after
hand-off, in the order written). Vendor rows: the high-value-vendor category (tier Gold)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from fresh_sets import handoff_rows, write_rows

TRICKY_PER_LANGUAGE = 25  # the last 25 routine messages of each language were written as tricky


def main() -> None:
    """Write the JSONL next to this script."""
    rows = handoff_rows(HERE / "handoff_es_de_fr.txt", "Gold")
    groups: dict[str, list[str]] = {}
    language = ""
    for line in (HERE / "routine_es_de_fr.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            language = line[1:].strip()
            continue
        groups.setdefault(language, []).append(line.strip())
    for language, texts in groups.items():
        for i, text in enumerate(texts):
            rows.append({"text": text, "role": "buyer", "expect_handoff": False, "category": "routine",
                         "language": language, "tricky": i >= len(texts) - TRICKY_PER_LANGUAGE})
    write_rows(rows, HERE / "fresh_multilingual.jsonl")


if __name__ == "__main__":
    main()
