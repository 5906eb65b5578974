#!/usr/bin/env python3
"""Assemble tendal_handoff_multilingual.jsonl from the hand-written message lists.

Usage: python3 build.py
Reads messages_handoff.py and messages_routine.py (same folder), builds one JSON
object per message with the key order
    text, role, tier (vendor only), account (optional), expect_handoff,
    category, language, tricky
shuffles with a fixed seed and writes the JSONL file.
"""
import json
import os
import random

from messages_handoff import HANDOFF
from messages_routine import ROUTINE

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tendal_handoff_multilingual.jsonl")
SEED = 20240917


def make_row(text, role, tier, account, category, language, tricky):
    row = {"text": text, "role": role}
    if role == "vendor":
        row["tier"] = tier
    if account:
        row["account"] = account
    row["expect_handoff"] = category != "routine"
    row["category"] = category
    row["language"] = language
    row["tricky"] = bool(tricky)
    return row


def build():
    rows = []
    for category, entries in HANDOFF.items():
        for (lang, role, tier, account, text) in entries:
            rows.append(make_row(text, role, tier, account, category, lang, False))
    for (lang, role, tier, account, tricky, text) in ROUTINE:
        rows.append(make_row(text, role, tier, account, "routine", lang, tricky))
    random.Random(SEED).shuffle(rows)
    with open(OUT, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {os.path.basename(OUT)} (seed {SEED})")


if __name__ == "__main__":
    build()
