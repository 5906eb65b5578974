"""Assemble fresh_multilingual.jsonl from the two hand-written files (no shuffling: routine after
hand-off, in the order written). Vendor rows: the high-value-vendor category (tier Gold)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRICKY_PER_LANGUAGE = 25  # the last 25 routine messages of each language were written as tricky


def main() -> None:
    """Write the JSONL next to this script."""
    rows: list[dict[str, object]] = []
    for line in (HERE / "handoff_es_de_fr.txt").read_text(encoding="utf-8").splitlines():
        category, language, text = line.split("\t")
        row: dict[str, object] = {"text": text, "role": "buyer"}
        if category == "high_value_vendor":
            row.update(role="vendor", tier="Gold")
        row.update(expect_handoff=True, category=category, language=language, tricky=False)
        rows.append(row)
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
    with (HERE / "fresh_multilingual.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
