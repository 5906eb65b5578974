"""Assemble alforja_handoff_multilingual.jsonl from the hand-written messages.

Only metadata is added here: account IDs (the one quoted in the text, or a
random one on ~40% of rows) and a deterministic shuffle. Texts are not generated.
"""
import json, random, re
from messages_handoff import HANDOFF
from messages_routine import ROUTINE

rng = random.Random(20240611)
ACC_RE = re.compile(r"\b(?:VD|CL)-\d{5}\b")
used = set()

def account_for(role, text):
    m = ACC_RE.findall(text)
    if m:
        used.add(m[0]); return m[0]
    if rng.random() < 0.4:
        prefix = "VD" if role == "vendor" else "CL"
        while True:
            a = f"{prefix}-{rng.randint(10000, 99999)}"
            if a not in used:
                used.add(a); return a
    return None

def row(text, role, tier, cat, lang, tricky):
    r = {"text": text, "role": role}
    if role == "vendor":
        r["tier"] = tier
    acc = account_for(role, text)
    if acc:
        r["account"] = acc
    r["expect_handoff"] = cat != "routine"
    r["category"] = cat
    r["language"] = lang
    r["tricky"] = tricky
    return r

rows = []
for cat, items in HANDOFF.items():
    for lang, role, tier, text in items:
        rows.append(row(text, role, tier, cat, lang, False))
for lang, role, tier, text, tricky in ROUTINE:
    rows.append(row(text, role, tier, "routine", lang, tricky))
rng.shuffle(rows)
with open("alforja_handoff_multilingual.jsonl", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(rows), "rows written")
