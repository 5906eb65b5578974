#!/usr/bin/env python3
"""Assemble nido_handoff_multilingual.jsonl from the hand-written message lists.

Rows are shuffled with a fixed seed so the output is reproducible.
The `account` key is added when the text quotes an account number.
"""
import json
import os
import random
import re

from messages_handoff import HANDOFF
from messages_routine import ROUTINE

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "nido_handoff_multilingual.jsonl")
SEED = 20240917
ACCOUNT_RE = re.compile(r"\b(?:VN|AC)-\d{5}\b")


def make_row(text, role, tier, category, language, tricky):
    row = {"text": text, "role": role}
    if role == "vendor":
        row["tier"] = tier
    accounts = ACCOUNT_RE.findall(text)
    if accounts:
        if len(set(accounts)) != 1:
            raise ValueError("more than one account quoted: %r" % text)
        row["account"] = accounts[0]
    row["expect_handoff"] = category != "routine"
    row["category"] = category
    row["language"] = language
    row["tricky"] = tricky
    return row


def main():
    rows = []
    for category, items in HANDOFF.items():
        for language, role, tier, text in items:
            rows.append(make_row(text, role, tier, category, language, False))
    for language, role, tier, tricky, text in ROUTINE:
        rows.append(make_row(text, role, tier, "routine", language, tricky))
    random.Random(SEED).shuffle(rows)
    with open(OUT, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print("wrote %d rows to %s" % (len(rows), os.path.basename(OUT)))


if __name__ == "__main__":
    main()
