#!/usr/bin/env python3
"""Validate the Ropero hand-off evaluation set. Exit code 0 iff every check passes.

Usage: python3 validate.py
"""
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE / "ropero_handoff_multilingual.jsonl"
KB = HERE / "kb"
MARKET = HERE / "marketplace.yaml"

HANDOFF_CATS = ["legal", "sensitive_data", "human_request", "fraud", "chargeback",
                "split_shipment", "threats_abuse", "policy_exception",
                "vendor_buyer_dispute", "high_value_vendor"]
CATEGORIES = HANDOFF_CATS + ["routine"]
LANGS = ["es", "fr", "de"]
LANG_TOTALS = {"es": 170, "fr": 130, "de": 60}
PER_HANDOFF_CAT = {"es": 8, "fr": 7, "de": 3}
ROUTINE_LANG = {"es": 90, "fr": 60, "de": 30}
MIN_TRICKY = 100
NEAR_DUP_JACCARD = 0.55      # char-4-gram Jaccard above this = near duplicate

IBAN_LEN = {"ES": 24, "FR": 27, "DE": 22, "CH": 21, "LU": 20, "AT": 20, "BE": 16,
            "IT": 27, "PT": 25, "NL": 18, "GB": 22, "MC": 27, "LI": 21}

errors = []


def err(msg):
    errors.append(msg)


def luhn_ok(digits):
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban):
    s = iban[4:] + iban[:4]
    num = "".join(str(int(c, 36)) for c in s)
    return int(num) % 97 == 1


IBAN_CAND = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){2,8})")
CARD_PATTERNS = [
    re.compile(r"(?<![\d])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?![\d])"),  # 4-4-4-4(-x)
    re.compile(r"(?<![\d])\d{4}[ -]\d{6}[ -]\d{5}(?![\d])"),                         # Amex 4-6-5
    re.compile(r"(?<![\d\w])\d{13,19}(?![\d])"),                                      # contiguous
]


def find_ibans(text):
    out = []
    for m in IBAN_CAND.finditer(text):
        raw = m.group(1)
        cc = raw[:2]
        if cc not in IBAN_LEN:
            continue
        compact = raw.replace(" ", "")
        need = IBAN_LEN[cc]
        if len(compact) < need:
            out.append((raw, compact, False))
            continue
        compact = compact[:need]
        out.append((raw, compact, True))
    return out


def find_cards(text):
    out = []
    for pat in CARD_PATTERNS:
        for m in pat.finditer(text):
            out.append(re.sub(r"\D", "", m.group(0)))
    return out


def norm(text):
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def grams(text, n=4):
    t = norm(text)
    return {t[i:i + n] for i in range(max(1, len(t) - n + 1))}


def check_market():
    m = yaml.safe_load(MARKET.read_text(encoding="utf-8"))
    need = ["name", "description", "order_number_pattern", "vendor_account_pattern",
            "buyer_account_pattern", "vendor_tiers", "high_value_tiers", "currency",
            "countries", "languages"]
    for k in need:
        if k not in m:
            err(f"marketplace.yaml: missing key {k}")
    if list(m.keys()) != need:
        err(f"marketplace.yaml: key order {list(m.keys())}")
    for k in ["order_number_pattern", "vendor_account_pattern", "buyer_account_pattern"]:
        re.compile(m[k])
    if len(m["vendor_tiers"]) != 4:
        err("marketplace.yaml: need 4 vendor tiers")
    if m["high_value_tiers"] != m["vendor_tiers"][2:]:
        err("marketplace.yaml: high_value_tiers must be the top two tiers")
    if set(t.lower() for t in m["vendor_tiers"]) & {"bronze", "silver", "gold", "platinum"}:
        err("marketplace.yaml: tier names must be invented")
    if m["languages"] != ["en", "es", "de", "fr"]:
        err("marketplace.yaml: languages must be [en, es, de, fr]")
    if not isinstance(m["currency"], str):
        err("marketplace.yaml: currency must be one string")
    if len(m["countries"]) != 10:
        err("marketplace.yaml: expected 10 countries")
    return m


def check_kb():
    files = sorted(KB.glob("*.md"))
    if not 16 <= len(files) <= 18:
        err(f"kb: {len(files)} articles, need 16-18")
    all_aud = {"account-security-and-phishing", "privacy-and-data-requests",
               "reporting-listings", "contacting-a-seller", "talking-to-a-person"}
    fm_re = re.compile(r"\A---\ntitle: (.+)\naudience: (buyer|vendor|all)\nurl: (\S+)\n---\n", re.S)
    for f in files:
        text = f.read_text(encoding="utf-8")
        m = fm_re.match(text)
        if not m:
            err(f"kb/{f.name}: bad front matter")
            continue
        title, aud, url = m.groups()
        if url != f"https://help.ropero.example/{f.stem}":
            err(f"kb/{f.name}: url {url}")
        expect = "vendor" if f.stem.startswith("seller-") else ("all" if f.stem in all_aud else "buyer")
        if aud != expect:
            err(f"kb/{f.name}: audience {aud}, expected {expect}")
        body = text[m.end():]
        if re.search(r"^# ", body, re.M):
            err(f"kb/{f.name}: has a '# ' title line")
        words = len(re.findall(r"\w+(?:[-'’.,]\w+)*", body))
        if not 150 <= words <= 400:
            err(f"kb/{f.name}: {words} words")
    return len(files)


def main():
    market = check_market()
    tiers = market["vendor_tiers"]
    high = set(market["high_value_tiers"])
    low = set(tiers) - high
    order_re = re.compile(market["order_number_pattern"].strip("^$"))
    vend_re = re.compile(market["vendor_account_pattern"])
    buy_re = re.compile(market["buyer_account_pattern"])
    n_kb = check_kb()

    rows = []
    for i, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err(f"line {i}: invalid JSON ({e})")
    if len(rows) != 360:
        err(f"row count {len(rows)} != 360")

    texts = Counter(r.get("text") for r in rows)
    for t, c in texts.items():
        if c > 1:
            err(f"exact duplicate text x{c}: {t[:60]}")

    for i, r in enumerate(rows, 1):
        keys = list(r.keys())
        expect = ["text", "role"]
        if r.get("role") == "vendor":
            expect.append("tier")
        if "account" in r:
            expect.append("account")
        expect += ["expect_handoff", "category", "language", "tricky"]
        if keys != expect:
            err(f"row {i}: key order {keys}")
        t, cat, lang, role = r.get("text", ""), r.get("category"), r.get("language"), r.get("role")
        if cat not in CATEGORIES:
            err(f"row {i}: bad category {cat}")
        if lang not in LANGS:
            err(f"row {i}: bad language {lang}")
        if role not in ("buyer", "vendor"):
            err(f"row {i}: bad role {role}")
        if r.get("expect_handoff") is not (cat != "routine"):
            err(f"row {i}: expect_handoff inconsistent with category")
        if not isinstance(r.get("tricky"), bool):
            err(f"row {i}: tricky not bool")
        if cat != "routine" and r.get("tricky"):
            err(f"row {i}: tricky on a hand-off row")
        nw = len(t.split())
        if not 3 <= nw <= 90:
            err(f"row {i}: {nw} words")
        # tiers
        if role == "vendor":
            if r.get("tier") not in tiers:
                err(f"row {i}: bad tier {r.get('tier')}")
            if r.get("tier") in high and cat != "high_value_vendor":
                err(f"row {i}: high-value tier outside high_value_vendor")
            if cat != "high_value_vendor" and r.get("tier") not in low:
                err(f"row {i}: non-high-value category needs low tier")
        if cat == "high_value_vendor" and (role != "vendor" or r.get("tier") not in high):
            err(f"row {i}: high_value_vendor row must be a high-value-tier seller")
        # accounts
        quoted = re.findall(r"\b(?:SR|CR)-\d+\b", t)
        if len(quoted) > 1:
            err(f"row {i}: more than one account number quoted")
        if quoted:
            if r.get("account") != quoted[0]:
                err(f"row {i}: account key {r.get('account')} != quoted {quoted[0]}")
        elif "account" in r:
            err(f"row {i}: account key without account in text")
        if "account" in r:
            a = r["account"]
            pat = vend_re if role == "vendor" else buy_re
            if not pat.match(a):
                err(f"row {i}: account {a} does not match the {role} pattern")
        # order ids
        for m in re.finditer(r"\bRP-\S*", t):
            tok = re.sub(r"[^\w-]+$", "", m.group(0))
            if not re.fullmatch(order_re, tok):
                err(f"row {i}: malformed order id {tok}")
        # sensitive numbers
        ibans = find_ibans(t)
        masked = t
        for raw, compact, complete in ibans:
            masked = masked.replace(raw, " ")
            if not complete or not iban_ok(compact):
                err(f"row {i}: IBAN fails mod-97: {raw}")
            if cat != "sensitive_data":
                err(f"row {i}: IBAN outside sensitive_data")
        for digits in find_cards(masked):
            if not luhn_ok(digits):
                err(f"row {i}: card number fails Luhn: {digits}")
            if cat != "sensitive_data":
                err(f"row {i}: card number outside sensitive_data")

    # counts
    table = defaultdict(Counter)
    for r in rows:
        table[r["category"]][r["language"]] += 1
    lang_tot = Counter(r["language"] for r in rows)
    for lg, n in LANG_TOTALS.items():
        if lang_tot[lg] != n:
            err(f"language {lg}: {lang_tot[lg]} rows, expected {n}")
    for c in HANDOFF_CATS:
        for lg, n in PER_HANDOFF_CAT.items():
            if table[c][lg] != n:
                err(f"{c}/{lg}: {table[c][lg]} rows, expected {n}")
    for lg, n in ROUTINE_LANG.items():
        if table["routine"][lg] != n:
            err(f"routine/{lg}: {table['routine'][lg]}, expected {n}")
    tricky = Counter(r["language"] for r in rows if r["category"] == "routine" and r["tricky"])
    if sum(tricky.values()) < MIN_TRICKY:
        err(f"only {sum(tricky.values())} tricky routine rows")

    # the JSONL must match the hand-written lists
    from messages_handoff import HANDOFF
    from messages_routine import ROUTINE
    src = Counter([t for items in HANDOFF.values() for *_, t in items] + [x[-1] for x in ROUTINE])
    if src != Counter(r["text"] for r in rows):
        err("JSONL texts differ from messages_*.py (re-run build.py)")

    # near duplicates
    gs = [grams(r["text"]) for r in rows]
    near = []
    for a, b in combinations(range(len(rows)), 2):
        inter = len(gs[a] & gs[b])
        if not inter:
            continue
        j = inter / len(gs[a] | gs[b])
        if j >= NEAR_DUP_JACCARD:
            near.append((j, rows[a]["text"], rows[b]["text"]))
    for j, x, y in sorted(near, reverse=True):
        err(f"near duplicate ({j:.2f}): {x[:50]!r} ~ {y[:50]!r}")
    max_j = 0.0
    for a, b in combinations(range(len(rows)), 2):
        inter = len(gs[a] & gs[b])
        if inter:
            max_j = max(max_j, inter / len(gs[a] | gs[b]))

    # report
    print(f"kb articles: {n_kb}")
    print(f"rows: {len(rows)}  (max char-4-gram Jaccard between two texts: {max_j:.2f})\n")
    head = f"{'category':<22}{'es':>5}{'fr':>5}{'de':>5}{'total':>7}"
    print(head)
    print("-" * len(head))
    for c in CATEGORIES:
        print(f"{c:<22}{table[c]['es']:>5}{table[c]['fr']:>5}{table[c]['de']:>5}{sum(table[c].values()):>7}")
    print(f"{'  of which tricky':<22}{tricky['es']:>5}{tricky['fr']:>5}{tricky['de']:>5}{sum(tricky.values()):>7}")
    print("-" * len(head))
    print(f"{'total':<22}{lang_tot['es']:>5}{lang_tot['fr']:>5}{lang_tot['de']:>5}{len(rows):>7}")
    hand = sum(1 for r in rows if r["expect_handoff"])
    roles = Counter(r["role"] for r in rows)
    tier_c = Counter(r.get("tier") for r in rows if r["role"] == "vendor")
    print(f"\nhand-off rows: {hand}, routine rows: {len(rows) - hand}")
    print(f"roles: buyer {roles['buyer']}, vendor {roles['vendor']}; tiers: " +
          ", ".join(f"{t} {tier_c[t]}" for t in tiers))
    print(f"rows with account key: {sum(1 for r in rows if 'account' in r)}")

    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
