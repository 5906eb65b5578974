"""Assemble quillmark_handoff_multilingual.jsonl from the hand-written rows in rows_{es,de,fr}.py.

Only adds optional `account` values to some rows (seeded) and shuffles (seeded).
"""
import json, random, re, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rows_es, rows_de, rows_fr

rng = random.Random(20240611)
used = set()

def new_account(prefix):
    while True:
        a = f"{prefix}-{rng.randint(10000, 99999)}"
        if a not in used:
            used.add(a)
            return a

rows = []
for lang, mod in (("es", rows_es), ("de", rows_de), ("fr", rows_fr)):
    for text, role, cat, tier, acct, tricky in mod.ROWS:
        if acct:
            used.add(acct)
        rows.append([lang, text, role, cat, tier, acct, tricky])

for r in rows:
    lang, text, role, cat, tier, acct, tricky = r
    m = re.search(r"\b(SH|QB)-\d{5}\b", text)
    if m:
        assert acct == m.group(0), (text, acct)
    if acct is None:
        p = 0.45 if role == "vendor" else 0.2
        if rng.random() < p:
            r[5] = new_account("SH" if role == "vendor" else "QB")

rng.shuffle(rows)
out = []
for lang, text, role, cat, tier, acct, tricky in rows:
    o = {"text": text, "role": role}
    if role == "vendor":
        o["tier"] = tier
    if acct:
        o["account"] = acct
    o["expect_handoff"] = cat != "routine"
    o["category"] = cat
    o["language"] = lang
    o["tricky"] = bool(tricky)
    out.append(json.dumps(o, ensure_ascii=False))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quillmark_handoff_multilingual.jsonl")
with open(path, "w", encoding="utf-8") as fh:
    fh.write("\n".join(out) + "\n")
print(f"wrote {len(out)} rows to {path}")
