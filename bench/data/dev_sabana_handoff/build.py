#!/usr/bin/env python3
"""Assemble messages_handoff.py + messages_routine.py into sabana_handoff_multilingual.jsonl.

Rows are written with keys in this order:
text, role, tier (vendor rows only), account (only when quoted), expect_handoff,
category, language, tricky. The order of rows is shuffled with a fixed seed.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from messages_handoff import HANDOFF  # noqa: E402
from messages_routine import ROUTINE  # noqa: E402

SEED = 3307
OUT = os.path.join(HERE, "sabana_handoff_multilingual.jsonl")


def to_row(m, handoff):
    row = {"text": m["text"], "role": m["role"]}
    if m["role"] == "vendor":
        row["tier"] = m["tier"]
    if "account" in m:
        row["account"] = m["account"]
    row["expect_handoff"] = handoff
    row["category"] = m["category"]
    row["language"] = m["language"]
    row["tricky"] = False if handoff else bool(m.get("tricky", False))
    return row


def main():
    rows = [to_row(m, True) for m in HANDOFF] + [to_row(m, False) for m in ROUTINE]
    random.Random(SEED).shuffle(rows)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {os.path.basename(OUT)}")


if __name__ == "__main__":
    main()
