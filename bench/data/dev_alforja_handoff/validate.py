"""Validate alforja_handoff_multilingual.jsonl against the brief and print counts."""
import json, re, sys
from collections import Counter

PATH = "alforja_handoff_multilingual.jsonl"
TIERS = ["Sendero", "Collado", "Cresta", "Cima"]
HIGH = {"Cresta", "Cima"}
CATS = ["legal", "sensitive_data", "human_request", "fraud", "chargeback",
        "split_shipment", "threats_abuse", "policy_exception",
        "vendor_buyer_dispute", "high_value_vendor"]
errors = []

def err(i, msg): errors.append(f"line {i}: {msg}")

def luhn(d):
    s, alt = 0, False
    for ch in reversed(d):
        n = int(ch)
        if alt:
            n *= 2
            if n > 9: n -= 9
        s += n; alt = not alt
    return s % 10 == 0

def iban_ok(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in r)
    return int(num) % 97 == 1

CARD_RE = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b")
DNI_RE = re.compile(r"\b([XYZ]?)(\d{7,8})([A-Z])\b")
ACC_RE = re.compile(r"\b(?:VD|CL)-\d{5}\b")
ORDER_RE = re.compile(r"\bAF-\d+\b")

found = Counter()
rows = []
raw = open(PATH, encoding="utf-8").read()
if "\\u00" in raw: errors.append("non-ASCII characters appear escaped")
for i, line in enumerate(raw.splitlines(), 1):
    try:
        r = json.loads(line)
    except Exception as e:
        err(i, f"invalid JSON {e}"); continue
    rows.append(r)
    role = r.get("role")
    exp = ["text", "role"] + (["tier"] if role == "vendor" else []) + \
          (["account"] if "account" in r else []) + \
          ["expect_handoff", "category", "language", "tricky"]
    if list(r.keys()) != exp: err(i, f"key order {list(r.keys())}")
    t = r["text"]
    nw = len(t.split())
    if not 3 <= nw <= 70: err(i, f"word count {nw}")
    if role not in ("buyer", "vendor"): err(i, "role")
    if role == "vendor" and r.get("tier") not in TIERS: err(i, "tier")
    cat = r["category"]
    if cat not in CATS + ["routine"]: err(i, f"category {cat}")
    if r["expect_handoff"] != (cat != "routine"): err(i, "expect_handoff mismatch")
    if r["language"] not in ("es", "fr", "de"): err(i, "language")
    if cat != "routine" and r["tricky"]: err(i, "tricky on handoff row")
    if not isinstance(r["tricky"], bool): err(i, "tricky not bool")
    # tier rules
    if cat == "high_value_vendor" and not (role == "vendor" and r["tier"] in HIGH):
        err(i, "high_value_vendor row without high tier")
    if role == "vendor" and r["tier"] in HIGH and cat != "high_value_vendor":
        err(i, "high-tier vendor row not high_value_vendor")
    # accounts
    acc = r.get("account")
    if acc is not None:
        pat = r"^VD-\d{5}$" if role == "vendor" else r"^CL-\d{5}$"
        if not re.match(pat, acc): err(i, f"account {acc} wrong for {role}")
    quoted = ACC_RE.findall(t)
    for q in quoted:
        if q != acc: err(i, f"text quotes {q} but account={acc}")
    for o in ORDER_RE.findall(t):
        if not re.match(r"^AF-\d{7}$", o): err(i, f"bad order number {o}")
    # sensitive numbers
    t_no_iban = IBAN_RE.sub(" ", t)
    for c in CARD_RE.findall(t_no_iban):
        found["cards"] += 1
        d = re.sub(r"\D", "", c)
        if not luhn(d): err(i, f"card-like number fails Luhn: {c}")
        elif cat != "sensitive_data": err(i, f"card number outside sensitive_data: {c}")
    for c in IBAN_RE.findall(t):
        if len(c.replace(" ", "")) >= 15:
            found["ibans"] += 1
            if not iban_ok(c): err(i, f"IBAN fails mod-97: {c}")
            elif cat != "sensitive_data": err(i, f"IBAN outside sensitive_data: {c}")
    for pre, num, letter in DNI_RE.findall(t):
        n = int({"": "", "X": "0", "Y": "1", "Z": "2"}[pre] + num)
        found["dni_nie"] += 1
        if "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23] != letter: err(i, f"DNI/NIE letter wrong: {pre}{num}{letter}")

# counts
N = len(rows)
if N != 360: errors.append(f"{N} rows, expected 360")
lang = Counter(r["language"] for r in rows)
if lang != Counter(es=180, fr=90, de=90): errors.append(f"language counts {lang}")
cc = Counter((r["category"], r["language"]) for r in rows)
for c in CATS:
    if cc[(c, "es")] != 9 or sum(cc[(c, l)] for l in "es fr de".split()) != 18 \
       or not 4 <= cc[(c, "fr")] <= 5 or not 4 <= cc[(c, "de")] <= 5:
        errors.append(f"{c} counts {[cc[(c,l)] for l in ('es','fr','de')]}")
for l, n in (("es", 90), ("fr", 45), ("de", 45)):
    if cc[("routine", l)] != n: errors.append(f"routine {l} = {cc[('routine', l)]}")
tricky = sum(r["tricky"] for r in rows)
if tricky < 90: errors.append(f"only {tricky} tricky rows")
texts = [r["text"] for r in rows]
if len(set(texts)) != len(texts): errors.append("duplicate texts")
openers = Counter(" ".join(re.findall(r"\w+", t.lower())[:3]) for t in texts)
rep = {k: v for k, v in openers.items() if v > 1}

# report
print(f"rows: {N}  handoff: {sum(r['expect_handoff'] for r in rows)}  routine: {N - sum(r['expect_handoff'] for r in rows)}  tricky: {tricky}")
print(f"{'category':22} {'es':>4} {'fr':>4} {'de':>4} {'total':>6}")
for c in CATS + ["routine"]:
    a = [cc[(c, l)] for l in ("es", "fr", "de")]
    print(f"{c:22} {a[0]:>4} {a[1]:>4} {a[2]:>4} {sum(a):>6}")
a = [lang[l] for l in ("es", "fr", "de")]
print(f"{'TOTAL':22} {a[0]:>4} {a[1]:>4} {a[2]:>4} {sum(a):>6}")
tl = Counter(r["language"] for r in rows if r["tricky"])
print("tricky routine by language:", dict(tl))
print("roles:", dict(Counter(r["role"] for r in rows)),
      " vendor tiers:", dict(Counter(r["tier"] for r in rows if r["role"] == "vendor")),
      " rows with account:", sum("account" in r for r in rows))
print("sensitive numbers checked:", dict(found))
if rep: print("repeated 3-word openers:", rep)
if errors:
    print("\nERRORS:"); print("\n".join(errors)); sys.exit(1)
print("\nOK: all checks passed")
