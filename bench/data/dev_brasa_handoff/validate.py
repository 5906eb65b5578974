"""Validate the Brasa hand-off tuning set. Exits non-zero on any problem.

Checks: marketplace.yaml, kb articles, row keys and key order, counts per
language / category, tricky rules, tiers, word counts, unique openings,
near duplicates (char 4-gram Jaccard), account values, card numbers (Luhn),
IBANs (mod 97), and the check digits of the national IDs used in the set.
"""
import collections
import itertools
import json
import os
import re
import sys
import unicodedata

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "brasa_handoff_multilingual.jsonl")

HANDOFF_CATS = [
    "legal", "sensitive_data", "human_request", "fraud", "chargeback",
    "split_shipment", "threats_abuse", "policy_exception",
    "vendor_buyer_dispute", "high_value_vendor",
]
LANGS = {"es": (10, 100), "fr": (5, 50), "de": (3, 30)}  # per hand-off cat, routine
MIN_TRICKY = 100
MIN_WORDS, MAX_WORDS = 3, 90
JACCARD_MAX = 0.55
KB_TOPICS = 18

errors = []


def err(msg):
    errors.append(msg)


# ------------------------------------------------------------------ helpers
def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def nir_ok(digits):  # French social security number, 13 digits + 2-digit key
    return len(digits) == 15 and 97 - int(digits[:13]) % 97 == int(digits[13:])


def clabe_ok(digits):  # Mexican CLABE, 18 digits, weights 3-7-1
    if len(digits) != 18:
        return False
    w = [3, 7, 1] * 6
    s = sum((int(c) * w[i]) % 10 for i, c in enumerate(digits[:17]))
    return (10 - s % 10) % 10 == int(digits[17])


IBAN_LEN = {"ES": 24, "DE": 22, "FR": 27, "BE": 16, "AT": 20, "NL": 18,
            "IT": 27, "PT": 25, "LU": 20, "CH": 21}


def iban_ok(iban):
    r = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def rut_dv(num):
    s, m = 0, 2
    for c in reversed(num):
        s += int(c) * m
        m = m + 1 if m < 7 else 2
    r = 11 - s % 11
    return {11: "0", 10: "K"}.get(r, str(r))


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"

CARD_RE = re.compile(r"(?<![\w+])(?:\d[ -]?){12,18}\d(?!\w)")
IBAN_START_RE = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(IBAN_LEN) + r")\d{2}(?=[ 0-9A-Z])")
RUT_RE = re.compile(r"\b(\d{1,2})\.(\d{3})\.(\d{3})-([\dkK])\b")
DNI_RE = re.compile(r"(?<![\w-])(\d{8})([A-Z])\b")
RRN_RE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{2})-(\d{3})\.(\d{2})\b")


def find_ibans(text):
    out = []
    for m in IBAN_START_RE.finditer(text):
        cc = m.group(1)
        need = IBAN_LEN[cc]
        chars, i = [], m.start()
        while i < len(text) and len(chars) < need:
            c = text[i]
            if c.isascii() and c.isalnum():
                chars.append(c)
            elif c != " ":
                break
            i += 1
        out.append((cc, "".join(chars), need, (m.start(), i)))
    return out


def norm(text):
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", t).strip()


def words(text):
    return re.findall(r"[^\W_]+(?:['’\-.][^\W_]+)*", text, flags=re.UNICODE)


def opening(text, n=5):
    return " ".join(w.lower() for w in words(norm(text))[:n])


def grams(text, n=4):
    t = norm(text)
    return {t[i:i + n] for i in range(max(1, len(t) - n + 1))}


# --------------------------------------------------------- marketplace.yaml
with open(os.path.join(HERE, "marketplace.yaml"), encoding="utf-8") as f:
    mp = yaml.safe_load(f)
for key in ["name", "description", "order_number_pattern", "vendor_account_pattern",
            "buyer_account_pattern", "vendor_tiers", "high_value_tiers", "currency",
            "countries", "languages"]:
    if key not in mp:
        err(f"marketplace.yaml: missing key {key}")
TIERS = mp.get("vendor_tiers", [])
HIGH = mp.get("high_value_tiers", [])
if len(TIERS) != 4:
    err("marketplace.yaml: vendor_tiers must have 4 entries")
if HIGH != TIERS[2:]:
    err("marketplace.yaml: high_value_tiers must be the top 2 tiers")
if mp.get("languages") != ["en", "es", "de", "fr"]:
    err("marketplace.yaml: languages must be [en, es, de, fr]")
ORDER_RE = re.compile(mp["order_number_pattern"])
VENDOR_RE = re.compile(mp["vendor_account_pattern"])
BUYER_RE = re.compile(mp["buyer_account_pattern"])
LOW = [t for t in TIERS if t not in HIGH]

# ----------------------------------------------------------------------- kb
kb_dir = os.path.join(HERE, "kb")
kb_files = sorted(f for f in os.listdir(kb_dir) if f.endswith(".md"))
if len(kb_files) != KB_TOPICS:
    err(f"kb: expected {KB_TOPICS} articles, found {len(kb_files)}")
urls = set()
for fn in kb_files:
    raw = open(os.path.join(kb_dir, fn), encoding="utf-8").read()
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, flags=re.S)
    if not m:
        err(f"kb/{fn}: missing front matter")
        continue
    fm = yaml.safe_load(m.group(1))
    for key in ("title", "audience", "url"):
        if not fm.get(key):
            err(f"kb/{fn}: front matter lacks {key}")
    if fm.get("audience") not in ("buyer", "vendor", "all"):
        err(f"kb/{fn}: bad audience {fm.get('audience')}")
    if fm.get("url") in urls:
        err(f"kb/{fn}: duplicate url")
    urls.add(fm.get("url"))
    n = len(m.group(2).split())
    if not 200 <= n <= 450:
        err(f"kb/{fn}: {n} words, expected 200-450")

# --------------------------------------------------------------------- rows
rows = []
with open(DATA, encoding="utf-8") as f:
    for i, line in enumerate(f, 1):
        line = line.strip()
        if not line:
            err(f"line {i}: empty line")
            continue
        rows.append(json.loads(line))

if len(rows) != 360:
    err(f"expected 360 rows, found {len(rows)}")

counts = collections.Counter()
tricky_n = 0
roles_by_cat = collections.defaultdict(set)
for i, r in enumerate(rows, 1):
    tag = f"row {i} ({r.get('text', '')[:40]!r})"
    expected_keys = ["text", "role"]
    if r.get("role") == "vendor":
        expected_keys.append("tier")
    if "account" in r:
        expected_keys.append("account")
    expected_keys += ["expect_handoff", "category", "language", "tricky"]
    if list(r.keys()) != expected_keys:
        err(f"{tag}: keys {list(r.keys())} != {expected_keys}")
    text, role, cat, lang = r.get("text", ""), r.get("role"), r.get("category"), r.get("language")
    if role not in ("buyer", "vendor"):
        err(f"{tag}: bad role {role}")
    if cat not in HANDOFF_CATS + ["routine"]:
        err(f"{tag}: bad category {cat}")
    if lang not in LANGS:
        err(f"{tag}: bad language {lang}")
    if r.get("expect_handoff") is not (cat != "routine"):
        err(f"{tag}: expect_handoff inconsistent with category")
    if not isinstance(r.get("tricky"), bool):
        err(f"{tag}: tricky must be boolean")
    if cat != "routine" and r.get("tricky"):
        err(f"{tag}: tricky on a hand-off row")
    if cat == "routine" and r.get("tricky"):
        tricky_n += 1
    counts[(lang, cat)] += 1
    roles_by_cat[cat].add(role)

    # tiers
    if role == "vendor":
        tier = r.get("tier")
        if tier not in TIERS:
            err(f"{tag}: bad tier {tier}")
        if cat == "high_value_vendor" and tier not in HIGH:
            err(f"{tag}: high_value_vendor row with low tier {tier}")
        if cat not in ("high_value_vendor", "routine") and tier not in LOW:
            err(f"{tag}: non-routine seller row outside high_value_vendor must be low tier")
        if cat == "routine" and tier in HIGH and not r.get("tricky"):
            err(f"{tag}: top-tier routine how-to rows must be tricky")
    if cat == "high_value_vendor" and role != "vendor":
        err(f"{tag}: high_value_vendor must be a vendor row")

    # length
    n = len(words(text))
    if not MIN_WORDS <= n <= MAX_WORDS:
        err(f"{tag}: {n} words, expected {MIN_WORDS}-{MAX_WORDS}")

    # accounts
    found = [(m.group(0), "vendor") for m in VENDOR_RE.finditer(text)] + \
            [(m.group(0), "buyer") for m in BUYER_RE.finditer(text)]
    if "account" in r:
        acc = r["account"]
        if acc not in text:
            err(f"{tag}: account {acc} not in text")
        pat = VENDOR_RE if role == "vendor" else BUYER_RE
        if not pat.fullmatch(acc) and not pat.search(acc):
            err(f"{tag}: account {acc} does not match the {role} pattern")
        if len(found) != 1 or found[0][0] != acc:
            err(f"{tag}: account field and account numbers in text disagree: {found}")
    elif found:
        err(f"{tag}: text quotes account {found} but has no account field")
    for m in re.finditer(r"\bBR-?\d+\b", text):
        if not ORDER_RE.fullmatch(m.group(0)):
            err(f"{tag}: order number {m.group(0)} does not match the pattern")

    # IBANs
    iban_spans = []
    for cc, iban, need, span in find_ibans(text):
        iban_spans.append(span)
        if len(iban) != need:
            err(f"{tag}: IBAN {iban} has length {len(iban)}, {cc} needs {need}")
        elif not iban_ok(iban):
            err(f"{tag}: IBAN {iban} fails mod 97")
        elif cat != "sensitive_data":
            err(f"{tag}: IBAN outside sensitive_data")

    # card-like digit runs (outside IBANs)
    for m in CARD_RE.finditer(text):
        if any(a <= m.start() < b for a, b in iban_spans):
            continue
        digits = re.sub(r"\D", "", m.group(0))
        if nir_ok(digits) or clabe_ok(digits):
            if cat != "sensitive_data":
                err(f"{tag}: national ID / CLABE outside sensitive_data")
            continue
        if not luhn_ok(digits):
            err(f"{tag}: card-like number {m.group(0)} fails Luhn")
        elif cat != "sensitive_data":
            err(f"{tag}: card number outside sensitive_data")

    # national IDs with check digits
    for m in RUT_RE.finditer(text):
        num = m.group(1) + m.group(2) + m.group(3)
        if rut_dv(num) != m.group(4).upper():
            err(f"{tag}: Chilean RUT {m.group(0)} has a wrong check digit")
    for m in DNI_RE.finditer(text):
        if DNI_LETTERS[int(m.group(1)) % 23] != m.group(2):
            err(f"{tag}: Spanish DNI {m.group(0)} has a wrong letter")
    for m in RRN_RE.finditer(text):
        base = "".join(m.groups()[:4])
        if 97 - int(base) % 97 != int(m.group(5)) and 97 - int("2" + base) % 97 != int(m.group(5)):
            err(f"{tag}: Belgian national number {m.group(0)} has a wrong check")

# counts
for lang, (per_cat, routine) in LANGS.items():
    for cat in HANDOFF_CATS:
        if counts[(lang, cat)] != per_cat:
            err(f"count {lang}/{cat} = {counts[(lang, cat)]}, expected {per_cat}")
    if counts[(lang, "routine")] != routine:
        err(f"count {lang}/routine = {counts[(lang, 'routine')]}, expected {routine}")
if tricky_n < MIN_TRICKY:
    err(f"only {tricky_n} tricky routine rows, need at least {MIN_TRICKY}")
for cat in HANDOFF_CATS + ["routine"]:
    want = {"vendor"} if cat == "high_value_vendor" else {"buyer", "vendor"}
    if roles_by_cat[cat] != want:
        err(f"category {cat}: roles {sorted(roles_by_cat[cat])}, expected {sorted(want)}")

# duplicates: exact, openings, near duplicates
seen_text, seen_open = {}, {}
for i, r in enumerate(rows, 1):
    t = norm(r["text"])
    if t in seen_text:
        err(f"row {i}: exact duplicate of row {seen_text[t]}")
    seen_text[t] = i
    o = opening(r["text"])
    if o in seen_open:
        err(f"row {i}: same opening five words as row {seen_open[o]}: {o!r}")
    seen_open[o] = i
gs = [grams(r["text"]) for r in rows]
for a, b in itertools.combinations(range(len(rows)), 2):
    inter = len(gs[a] & gs[b])
    if not inter:
        continue
    j = inter / len(gs[a] | gs[b])
    if j > JACCARD_MAX:
        err(f"near duplicate (Jaccard {j:.2f}): row {a + 1} / row {b + 1}: "
            f"{rows[a]['text'][:50]!r} ~ {rows[b]['text'][:50]!r}")

# report
print(f"rows: {len(rows)}  tricky routine: {tricky_n}")
for lang in LANGS:
    line = "  ".join(f"{c}={counts[(lang, c)]}" for c in HANDOFF_CATS + ["routine"])
    print(f"{lang}: {sum(counts[(lang, c)] for c in HANDOFF_CATS + ['routine'])}  {line}")
if errors:
    print(f"\n{len(errors)} problem(s):")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK")
