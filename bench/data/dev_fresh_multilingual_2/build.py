"""Assemble fresh_multilingual_2.jsonl from the two hand-written files, in the order written.
Vendor rows: the high-value-vendor category (tier Diamante)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from fresh_sets import handoff_rows, tabbed_routine_rows, write_rows


def main() -> None:
    """Write the JSONL next to this script."""
    rows = handoff_rows(HERE / "handoff_es_de_fr.txt", "Diamante") + tabbed_routine_rows(HERE / "routine_es_de_fr.txt")
    write_rows(rows, HERE / "fresh_multilingual_2.jsonl")


if __name__ == "__main__":
    main()
