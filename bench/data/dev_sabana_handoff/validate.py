#!/usr/bin/env python3
"""Validate the Sabana hand-off tuning set. Exits 1 on any problem.

Checks: marketplace.yaml, kb/*.md (count, front matter, length), the JSONL (row count,
key order, values, counts per language and category, tiers, tricky rules, word counts),
account values (present in text, matching the role's pattern, present whenever the text
quotes an account), card numbers (Luhn), IBANs (mod 97), other ID numbers in
sensitive_data rows, unique opening five words, near duplicates (char 4-gram Jaccard).
The JSONL must also equal what build.py produces from the message files.
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
sys.path.insert(0, HERE)
DATA = os.path.join(HERE, "sabana_handoff_multilingual.jsonl")

HANDOFF_CATS = ["legal", "sensitive_data", "human_request", "fraud", "chargeback",
                "split_shipment", "threats_abuse", "policy_exception",
                "vendor_buyer_dispute", "high_value_vendor"]
LANG_TOTAL = {"fr": 170, "es": 130, "de": 60}
HANDOFF_PER_CAT = {"fr": 8, "es": 7, "de": 3}
ROUTINE_PER_LANG = {"fr": 90, "es": 60, "de": 30}
MIN_TRICKY = 100
JACCARD_MAX = 0.55
IBAN_LEN = {"FR": 27, "BE": 16, "CH": 21, "DE": 22, "ES": 24, "MA": 28, "SN": 28, "CI": 28}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- helpers
def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban):
    iban = iban.replace(" ", "")
    cc = iban[:2]
    if cc in IBAN_LEN and len(iban) != IBAN_LEN[cc]:
        return False
    moved = iban[4:] + iban[:4]
    num = "".join(str(int(c, 36)) for c in moved)
    return int(num) % 97 == 1


IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b")
CARD_RE = re.compile(r"(?<![\w-])(\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{1,7}|\d{4}[ -]?\d{6}[ -]?\d{4,5})(?![\w-])")
DNI_RE = re.compile(r"\b(\d{8})([A-Z])\b")
NIR_RE = re.compile(r"\b([12]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?(\d{3}) ?(\d{3}) ?(\d{2})\b")
AHV_RE = re.compile(r"\b756\.(\d{4})\.(\d{4})\.(\d{2})\b")
CURP_RE = re.compile(r"\b[A-Z]{4}\d{6}[HM][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9]\d\b")
CIN_MA_RE = re.compile(r"\bCIN\b[^A-Z0-9]{0,12}([A-Z]{1,2}\d{5,6})\b")
PERSO_RE = re.compile(r"Personalausweisnummer\D{0,8}([CFGHJKLMNPRTVWXYZ0-9]{9})\b")
SECRET_WORDS = re.compile(r"(mot de passe|mdp|contraseña|passwort|\bcode\b|código|codigo)", re.I)
SECRET_VALUE = re.compile(r"\b(?=\S*\d)\S{6,}\b")


def norm(text):
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", t).strip()


def opening(text, n=5):
    words = re.findall(r"[\w']+", norm(text))
    return " ".join(words[:n])


def grams(text, n=4):
    t = norm(text)
    return {t[i:i + n] for i in range(max(1, len(t) - n + 1))}


# ------------------------------------------------------- marketplace.yaml
with open(os.path.join(HERE, "marketplace.yaml"), encoding="utf-8") as f:
    mp = yaml.safe_load(f)
for key in ["name", "description", "order_number_pattern", "vendor_account_pattern",
            "buyer_account_pattern", "vendor_tiers", "high_value_tiers", "currency",
            "countries", "languages"]:
    if key not in mp:
        err(f"marketplace.yaml: missing {key}")
TIERS = mp.get("vendor_tiers", [])
HIGH = mp.get("high_value_tiers", [])
if len(TIERS) != 4:
    err("marketplace.yaml: vendor_tiers must have 4 entries")
if HIGH != TIERS[2:]:
    err("marketplace.yaml: high_value_tiers must be the top 2 tiers")
LOW = [t for t in TIERS if t not in HIGH]
if sorted(mp.get("languages", [])) != ["de", "en", "es", "fr"]:
    err("marketplace.yaml: languages must be en, es, de, fr")
ORDER_RE = re.compile(r"\b" + mp["order_number_pattern"] + r"\b")
VENDOR_RE = re.compile(r"\b" + mp["vendor_account_pattern"] + r"\b")
BUYER_RE = re.compile(r"\b" + mp["buyer_account_pattern"] + r"\b")

# ------------------------------------------------------------------- kb
kb_dir = os.path.join(HERE, "kb")
kb_files = sorted(p for p in os.listdir(kb_dir) if p.endswith(".md"))
if len(kb_files) != 18:
    err(f"kb: expected 18 articles, found {len(kb_files)}")
urls = set()
for name in kb_files:
    raw = open(os.path.join(kb_dir, name), encoding="utf-8").read()
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    if not m:
        err(f"kb/{name}: no front matter")
        continue
    fm = yaml.safe_load(m.group(1))
    for key in ("title", "audience", "url"):
        if not fm.get(key):
            err(f"kb/{name}: front matter lacks {key}")
    if fm.get("audience") not in ("buyer", "vendor", "all"):
        err(f"kb/{name}: bad audience {fm.get('audience')}")
    if fm.get("url") in urls:
        err(f"kb/{name}: duplicate url")
    urls.add(fm.get("url"))
    words = len(re.findall(r"[A-Za-z0-9][\w'.,%-]*", m.group(2)))
    if not 200 <= words <= 450:
        err(f"kb/{name}: {words} words, expected 200-450")

# ---------------------------------------------------------------- jsonl
rows = []
with open(DATA, encoding="utf-8") as f:
    for i, line in enumerate(f, 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err(f"line {i}: invalid JSON ({e})")

# equals build output
from messages_handoff import HANDOFF  # noqa: E402
from messages_routine import ROUTINE  # noqa: E402
import build  # noqa: E402

expected = sorted(json.dumps(build.to_row(m, True), ensure_ascii=False) for m in HANDOFF) + \
    sorted(json.dumps(build.to_row(m, False), ensure_ascii=False) for m in ROUTINE)
if sorted(expected) != sorted(json.dumps(r, ensure_ascii=False) for r in rows):
    err("JSONL differs from build.py output; run build.py")

if len(rows) != 360:
    err(f"expected 360 rows, found {len(rows)}")

ALL_KEYS = ["text", "role", "tier", "account", "expect_handoff", "category", "language", "tricky"]
lang_count = collections.Counter()
cat_lang = collections.Counter()
tricky_count = 0
openings = {}
for i, r in enumerate(rows, 1):
    where = f"row {i} ({r.get('text', '')[:40]!r})"
    keys = list(r.keys())
    if keys != [k for k in ALL_KEYS if k in keys]:
        err(f"{where}: keys out of order {keys}")
    for k in ("text", "role", "expect_handoff", "category", "language", "tricky"):
        if k not in r:
            err(f"{where}: missing key {k}")
    if set(keys) - set(ALL_KEYS):
        err(f"{where}: unknown keys {set(keys) - set(ALL_KEYS)}")
    text, role, cat, lang = r.get("text", ""), r.get("role"), r.get("category"), r.get("language")
    if role not in ("buyer", "vendor"):
        err(f"{where}: bad role {role}")
    if lang not in LANG_TOTAL:
        err(f"{where}: bad language {lang}")
    if cat not in HANDOFF_CATS + ["routine"]:
        err(f"{where}: bad category {cat}")
    if r.get("expect_handoff") is not (cat != "routine"):
        err(f"{where}: expect_handoff inconsistent with category")
    if not isinstance(r.get("tricky"), bool):
        err(f"{where}: tricky must be boolean")
    if cat != "routine" and r.get("tricky"):
        err(f"{where}: tricky on a hand-off row")
    if cat == "routine" and r.get("tricky"):
        tricky_count += 1
    # tiers
    if role == "vendor":
        tier = r.get("tier")
        if tier not in TIERS:
            err(f"{where}: vendor row needs a tier, got {tier}")
        if cat == "high_value_vendor" and tier not in HIGH:
            err(f"{where}: high_value_vendor needs a top tier")
        if cat != "high_value_vendor" and tier in HIGH and not (cat == "routine" and r.get("tricky")):
            err(f"{where}: top-tier seller outside high_value_vendor must be a tricky routine how-to")
    elif "tier" in r:
        err(f"{where}: tier on a buyer row")
    if cat == "high_value_vendor" and role != "vendor":
        err(f"{where}: high_value_vendor must be a vendor row")
    # words
    n_words = len(text.split())
    if not 3 <= n_words <= 90:
        err(f"{where}: {n_words} words, expected 3-90")
    # accounts
    quoted = VENDOR_RE.findall(text) + BUYER_RE.findall(text)
    if quoted:
        if r.get("account") not in quoted:
            err(f"{where}: text quotes {quoted} but account is {r.get('account')}")
    elif "account" in r:
        err(f"{where}: account {r['account']} not found in text")
    if "account" in r:
        pat = VENDOR_RE if role == "vendor" else BUYER_RE
        if not pat.fullmatch(r["account"]):
            err(f"{where}: account {r['account']} does not match the {role} pattern")
    for sb in re.findall(r"\bSB-?\d+\b", text):
        if not ORDER_RE.fullmatch(sb):
            err(f"{where}: order number {sb} does not match pattern")
    # IBANs and cards
    masked = text
    ibans = IBAN_RE.findall(text)
    for ib in ibans:
        if not iban_ok(ib):
            err(f"{where}: IBAN {ib} fails mod 97")
        masked = masked.replace(ib, " ")
    cards = [re.sub(r"\D", "", c) for c in CARD_RE.findall(masked)]
    cards = [c for c in cards if 13 <= len(c) <= 19]
    for c in cards:
        if not luhn_ok(c):
            err(f"{where}: card number {c} fails Luhn")
        if cat != "sensitive_data":
            err(f"{where}: card-like number outside sensitive_data")
    if ibans and cat != "sensitive_data":
        err(f"{where}: IBAN outside sensitive_data")
    if cat == "sensitive_data":
        found = bool(ibans or cards)
        for num, letter in DNI_RE.findall(text):
            found = True
            if "TRWAGMYFPDXBNJZSQVHLCKE"[int(num) % 23] != letter:
                err(f"{where}: DNI {num}{letter} has a wrong letter")
        for g in NIR_RE.findall(text):
            found = True
            body = "".join(g[:6])
            if 97 - int(body) % 97 != int(g[6]):
                err(f"{where}: NIR key wrong")
        for g in AHV_RE.findall(text):
            found = True
            d = "756" + "".join(g)
            s = sum(int(x) * (3 if k % 2 else 1) for k, x in enumerate(d[:12]))
            if (10 - s % 10) % 10 != int(d[12]):
                err(f"{where}: AHV check digit wrong")
        if CURP_RE.search(text) or CIN_MA_RE.search(text) or PERSO_RE.search(text):
            found = True
        if SECRET_WORDS.search(text) and SECRET_VALUE.search(text):
            found = True
        if not found:
            err(f"{where}: sensitive_data row without a detectable sensitive value")
    # openings
    op = opening(text)
    if op in openings:
        err(f"{where}: same opening five words as {openings[op]!r}: {op!r}")
    openings[op] = text[:40]
    lang_count[lang] += 1
    cat_lang[(cat, lang)] += 1

# counts
for lang, total in LANG_TOTAL.items():
    if lang_count[lang] != total:
        err(f"language {lang}: {lang_count[lang]} rows, expected {total}")
    for cat in HANDOFF_CATS:
        if cat_lang[(cat, lang)] != HANDOFF_PER_CAT[lang]:
            err(f"{cat}/{lang}: {cat_lang[(cat, lang)]} rows, expected {HANDOFF_PER_CAT[lang]}")
    if cat_lang[("routine", lang)] != ROUTINE_PER_LANG[lang]:
        err(f"routine/{lang}: {cat_lang[('routine', lang)]} rows, expected {ROUTINE_PER_LANG[lang]}")
if tricky_count < MIN_TRICKY:
    err(f"only {tricky_count} tricky routine rows, need at least {MIN_TRICKY}")

# both roles where it makes sense
roles_by_cat = collections.defaultdict(set)
for r in rows:
    roles_by_cat[r["category"]].add(r["role"])
for cat in HANDOFF_CATS + ["routine"]:
    need = {"vendor"} if cat == "high_value_vendor" else {"buyer", "vendor"}
    if not need <= roles_by_cat[cat]:
        err(f"{cat}: roles present {sorted(roles_by_cat[cat])}, expected {sorted(need)}")

# near duplicates
g = [grams(r["text"]) for r in rows]
for a, b in itertools.combinations(range(len(rows)), 2):
    inter = len(g[a] & g[b])
    if not inter:
        continue
    j = inter / len(g[a] | g[b])
    if j > JACCARD_MAX:
        err(f"near duplicate ({j:.2f}): {rows[a]['text'][:50]!r} / {rows[b]['text'][:50]!r}")

# ------------------------------------------------------------- report
if errors:
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} problem(s)")
    sys.exit(1)
print(f"OK: {len(rows)} rows, {tricky_count} tricky routine rows, {len(kb_files)} kb articles")
for lang in LANG_TOTAL:
    parts = ", ".join(f"{c}={cat_lang[(c, lang)]}" for c in HANDOFF_CATS + ["routine"])
    print(f"  {lang}: {lang_count[lang]} ({parts})")
