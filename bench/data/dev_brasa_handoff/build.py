"""Assemble the Brasa hand-off tuning set into one shuffled JSONL file."""
import json
import os
import random

from messages_handoff import HANDOFF
from messages_routine import ROUTINE

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "brasa_handoff_multilingual.jsonl")
SEED = 3303


def to_row(src, tricky_default=False):
    row = {"text": src["text"], "role": src["role"]}
    if "tier" in src:
        row["tier"] = src["tier"]
    if "account" in src:
        row["account"] = src["account"]
    row["expect_handoff"] = src["category"] != "routine"
    row["category"] = src["category"]
    row["language"] = src["language"]
    row["tricky"] = bool(src.get("tricky", tricky_default))
    return row


def main():
    rows = [to_row(r) for r in HANDOFF] + [to_row(r) for r in ROUTINE]
    random.Random(SEED).shuffle(rows)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
