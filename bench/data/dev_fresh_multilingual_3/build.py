"""Assemble fresh_multilingual_3.jsonl from the two hand-written files, in the order written.
Vendor rows: the high-value-vendor category (tier Platino)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Write the JSONL next to this script."""
    rows: list[dict[str, object]] = []
    for line in (HERE / "handoff_es_de_fr.txt").read_text(encoding="utf-8").splitlines():
        category, language, text = line.split("\t")
        row: dict[str, object] = {"text": text, "role": "buyer"}
        if category == "high_value_vendor":
            row.update(role="vendor", tier="Platino")
        row.update(expect_handoff=True, category=category, language=language, tricky=False)
        rows.append(row)
    for line in (HERE / "routine_es_de_fr.txt").read_text(encoding="utf-8").splitlines():
        language, tricky, text = line.split("\t")
        rows.append({"text": text, "role": "buyer", "expect_handoff": False, "category": "routine",
                     "language": language, "tricky": tricky == "1"})
    with (HERE / "fresh_multilingual_3.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
