#!/usr/bin/env python3
"""Assemble ropero_handoff_multilingual.jsonl from the hand-written message lists.

Usage: python3 build.py
Rows are shuffled with a fixed seed so the output is reproducible.
"""
import json
import random
import re
from pathlib import Path

from messages_handoff import HANDOFF
from messages_routine import ROUTINE

HERE = Path(__file__).resolve().parent
OUT = HERE / "ropero_handoff_multilingual.jsonl"
SEED = 20240917
ACCOUNT_RE = re.compile(r"\b(?:SR|CR)-\d{5}\b")


def make_row(text, role, tier, category, language, tricky):
    row = {"text": text, "role": role}
    if role == "vendor":
        row["tier"] = tier
    accounts = ACCOUNT_RE.findall(text)
    if accounts:
        row["account"] = accounts[0]
    row["expect_handoff"] = category != "routine"
    row["category"] = category
    row["language"] = language
    row["tricky"] = bool(tricky)
    return row


def main():
    rows = []
    for category, items in HANDOFF.items():
        for language, role, tier, text in items:
            rows.append(make_row(text, role, tier, category, language, False))
    for language, role, tier, tricky, text in ROUTINE:
        rows.append(make_row(text, role, tier, "routine", language, tricky))
    random.Random(SEED).shuffle(rows)
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {OUT.name}")


if __name__ == "__main__":
    main()
