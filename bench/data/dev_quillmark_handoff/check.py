"""Validate quillmark_handoff_multilingual.jsonl and print the counts table (Markdown)."""
import json, re, sys, os
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "quillmark_handoff_multilingual.jsonl")
CATS = ["legal", "sensitive_data", "human_request", "fraud", "chargeback", "split_shipment",
        "threats_abuse", "policy_exception", "vendor_buyer_dispute", "high_value_vendor"]
LANGS = ["es", "de", "fr"]
PER_CAT = {"es": 10, "de": 5, "fr": 5}
ROUTINE = {"es": (100, 50), "de": (50, 25), "fr": (50, 25)}  # (routine total, tricky)

errors = []
def err(i, msg): errors.append(f"line {i}: {msg}")

rows = []
with open(PATH, encoding="utf-8") as fh:
    for i, line in enumerate(fh, 1):
        try:
            o = json.loads(line)
        except Exception as e:
            err(i, f"bad JSON: {e}"); continue
        rows.append((i, o))

for i, o in rows:
    keys = list(o)
    expected = ["text", "role"] + (["tier"] if o.get("role") == "vendor" else []) \
        + (["account"] if "account" in o else []) + ["expect_handoff", "category", "language", "tricky"]
    if keys != expected:
        err(i, f"key order {keys} != {expected}")
    if o.get("role") not in ("buyer", "vendor"): err(i, "bad role")
    if o.get("role") == "vendor" and o.get("tier") not in ("Seedling", "Studio", "Atelier"): err(i, "bad tier")
    if o.get("role") == "buyer" and "tier" in o: err(i, "tier on buyer row")
    if "account" in o:
        pat = r"SH-\d{5}" if o["role"] == "vendor" else r"QB-\d{5}"
        if not re.fullmatch(pat, o["account"]): err(i, f"bad account {o['account']}")
    cat = o.get("category")
    if cat not in CATS + ["routine"]: err(i, f"bad category {cat}")
    if o.get("expect_handoff") is not (cat != "routine"): err(i, "expect_handoff inconsistent")
    if o.get("language") not in LANGS: err(i, "bad language")
    if not isinstance(o.get("tricky"), bool): err(i, "tricky not bool")
    if cat != "routine" and o.get("tricky"): err(i, "tricky on handoff row")
    atelier = o.get("role") == "vendor" and o.get("tier") == "Atelier"
    if cat == "high_value_vendor" and not atelier: err(i, "high_value_vendor not Atelier vendor")
    if cat not in ("high_value_vendor", "routine") and atelier: err(i, "Atelier vendor in other handoff category")
    if cat == "routine" and atelier and not o.get("tricky"): err(i, "Atelier routine row not tricky")
    n = len(o.get("text", "").split())
    if not 3 <= n <= 70: err(i, f"{n} words")

texts = Counter(o["text"].strip().lower() for _, o in rows)
for t, c in texts.items():
    if c > 1: errors.append(f"duplicate text: {t[:60]}")

cnt = Counter((o["category"], o["language"]) for _, o in rows)
tr = Counter(o["language"] for _, o in rows if o["category"] == "routine" and o["tricky"])
if len(rows) != 400: errors.append(f"{len(rows)} rows, expected 400")
for lang in LANGS:
    for c in CATS:
        if cnt[(c, lang)] != PER_CAT[lang]: errors.append(f"{c}/{lang}: {cnt[(c, lang)]}")
    if cnt[("routine", lang)] != ROUTINE[lang][0]: errors.append(f"routine/{lang}: {cnt[('routine', lang)]}")
    if tr[lang] != ROUTINE[lang][1]: errors.append(f"tricky/{lang}: {tr[lang]}")

# sensitive values: card numbers pass Luhn, IBANs pass mod-97
def luhn(d):
    s = 0
    for k, ch in enumerate(reversed(d)):
        x = int(ch)
        if k % 2: x = x * 2 - 9 if x > 4 else x * 2
        s += x
    return s % 10 == 0
IBAN_RE = r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"
n_cards = n_ibans = 0
for i, o in rows:
    masked = re.sub(IBAN_RE, " ", o["text"])
    for m in re.finditer(r"\b(?:\d[ -]?){13,19}\b", masked):
        d = re.sub(r"\D", "", m.group(0))
        if 13 <= len(d) <= 19 and d[0] in "3456":
            n_cards += 1
            if not luhn(d): err(i, f"card fails Luhn: {m.group(0)}")
    for m in re.finditer(IBAN_RE, o["text"]):
        n_ibans += 1
        s = m.group(0).replace(" ", "")
        r = s[4:] + s[:4]
        if int("".join(str(int(ch, 36)) for ch in r)) % 97 != 1: err(i, f"IBAN fails checksum: {m.group(0)}")

# table
lines = ["| Category | es | de | fr | Total |", "|---|---|---|---|---|"]
for c in CATS + ["routine"]:
    v = [cnt[(c, l)] for l in LANGS]
    lines.append(f"| {c} | " + " | ".join(map(str, v)) + f" | {sum(v)} |")
v = [tr[l] for l in LANGS]
lines.append("| (of which routine, tricky) | " + " | ".join(map(str, v)) + f" | {sum(v)} |")
tot = [sum(cnt[(c, l)] for c in CATS + ["routine"]) for l in LANGS]
lines.append("| **Total** | " + " | ".join(f"**{x}**" for x in tot) + f" | **{sum(tot)}** |")
print("\n".join(lines))
roles = Counter(o["role"] for _, o in rows)
tiers = Counter(o.get("tier") for _, o in rows if o["role"] == "vendor")
wl = [len(o["text"].split()) for _, o in rows]
print(f"\nRoles: {roles['buyer']} buyer, {roles['vendor']} vendor "
      f"(Seedling {tiers['Seedling']}, Studio {tiers['Studio']}, Atelier {tiers['Atelier']}). "
      f"Rows with account: {sum('account' in o for _, o in rows)}. "
      f"Words per message: {min(wl)}-{max(wl)}, mean {sum(wl)/len(wl):.1f}. "
      f"Card numbers checked (Luhn): {n_cards}; IBANs checked (mod 97): {n_ibans}.")
if errors:
    print("\nERRORS:"); print("\n".join(errors)); sys.exit(1)
print("\nAll checks passed.")
