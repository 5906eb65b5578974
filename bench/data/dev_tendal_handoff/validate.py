#!/usr/bin/env python3
"""Validate the Tendal hand-off evaluation set (JSONL, kb/, marketplace.yaml).

Usage: python3 validate.py      (exit code 0 = all checks passed)
Prints the category x language count table.
"""
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "tendal_handoff_multilingual.jsonl")

TIERS = ["Pebble", "Quartz", "Jade", "Obsidian"]
HIGH = {"Jade", "Obsidian"}
LOW = {"Pebble", "Quartz"}
HANDOFF_CATS = ["legal", "sensitive_data", "human_request", "fraud", "chargeback",
                "split_shipment", "threats_abuse", "policy_exception",
                "vendor_buyer_dispute", "high_value_vendor"]
CATS = HANDOFF_CATS + ["routine"]
LANGS = ["es", "fr", "de"]
EXPECT_HANDOFF_LANG = {"es": 10, "fr": 5, "de": 3}
EXPECT_ROUTINE_LANG = {"es": 100, "fr": 50, "de": 30}
EXPECT_LANG_TOTAL = {"es": 200, "fr": 100, "de": 60}
KEY_ORDER = ["text", "role", "tier", "account", "expect_handoff", "category", "language", "tricky"]

ACCOUNT_RE = re.compile(r"\b(SL|CB)-\d{6}\b")
ACCOUNT_LIKE_RE = re.compile(r"\b(SL|CB)-\d+")
ORDER_LIKE_RE = re.compile(r"\bTD-\S*")
ORDER_RE = re.compile(r"^TD-\d{8}$")
CARD_RE = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])")
IBAN_RE = re.compile(r"\b(ES|FR|BE|DE|AT|IT|NL|PT|LU)\d{2}(?: ?[A-Z0-9]{1,4}){2,8}\b")
IBAN_LEN = {"ES": 24, "FR": 27, "BE": 16, "DE": 22, "AT": 20, "IT": 27, "NL": 18, "PT": 25, "LU": 20}
DNI_RE = re.compile(r"\b(\d{8})([A-Z])\b")
NIE_RE = re.compile(r"\b([XYZ])(\d{7})([A-Z])\b")
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
SENSITIVE_RE = re.compile(
    r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)"                      # card number
    r"|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){2,8}\b"               # IBAN
    r"|\b[XYZ]?\d{7,8}[A-Z]\b"                                  # DNI / NIE
    r"|\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b"                 # CURP
    r"|\b(?:\d{2}[A-Z]{2}\d{5}|[A-Z]{3}\d{6})\b"                # passport (FR / AR)
    r"|\bc[eé]dula \d{6,10}\b"                                   # Colombian ID
    r"|contraseña|clave de la cuenta|mot de passe|passwort|\b\d{6}\b",  # password / OTP
    re.I)

errors = []


def err(msg):
    errors.append(msg)


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
    s = iban.replace(" ", "")
    if IBAN_LEN.get(s[:2]) != len(s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def check_rows():
    rows = []
    with open(DATA, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                err(f"line {n}: empty line")
                continue
            try:
                obj = json.loads(line, object_pairs_hook=lambda p: p)
            except json.JSONDecodeError as e:
                err(f"line {n}: invalid JSON ({e})")
                continue
            keys = [k for k, _ in obj]
            row = dict(obj)
            if len(keys) != len(set(keys)):
                err(f"line {n}: duplicate keys")
            expected = [k for k in KEY_ORDER if k in row]
            if keys != expected or set(keys) - set(KEY_ORDER):
                err(f"line {n}: bad key order/keys {keys}")
            rows.append((n, row))
    if len(rows) != 360:
        err(f"expected 360 rows, got {len(rows)}")

    seen = {}
    counts = collections.Counter()
    tricky = collections.Counter()
    for n, r in rows:
        text, role, cat, lang = r.get("text"), r.get("role"), r.get("category"), r.get("language")
        # required fields & types
        for k in ["text", "role", "expect_handoff", "category", "language", "tricky"]:
            if k not in r:
                err(f"line {n}: missing {k}")
        if not isinstance(text, str) or not text.strip():
            err(f"line {n}: empty text")
            continue
        if role not in ("buyer", "vendor"):
            err(f"line {n}: bad role {role}")
        if cat not in CATS:
            err(f"line {n}: bad category {cat}")
        if lang not in LANGS:
            err(f"line {n}: bad language {lang}")
        if not isinstance(r.get("expect_handoff"), bool) or not isinstance(r.get("tricky"), bool):
            err(f"line {n}: expect_handoff/tricky must be booleans")
        if r.get("expect_handoff") != (cat != "routine"):
            err(f"line {n}: expect_handoff inconsistent with category")
        if cat != "routine" and r.get("tricky"):
            err(f"line {n}: tricky=true on a hand-off row")
        # words
        nw = len(text.split())
        if not 3 <= nw <= 90:
            err(f"line {n}: {nw} words (must be 3-90)")
        # uniqueness
        norm = re.sub(r"\W+", " ", text.lower()).strip()
        if norm in seen:
            err(f"line {n}: duplicate text of line {seen[norm]}")
        seen[norm] = n
        # tiers
        tier = r.get("tier")
        if role == "vendor":
            if tier not in TIERS:
                err(f"line {n}: vendor row needs tier in {TIERS}, got {tier}")
        elif "tier" in r:
            err(f"line {n}: buyer row must not have tier")
        if cat == "high_value_vendor" and (role != "vendor" or tier not in HIGH):
            err(f"line {n}: high_value_vendor must be a Jade/Obsidian seller")
        if tier in HIGH and cat != "high_value_vendor":
            err(f"line {n}: high-value tier row must be high_value_vendor")
        if role == "vendor" and cat != "high_value_vendor" and tier not in LOW:
            err(f"line {n}: non-high-value seller row must be low tier")
        # accounts
        acc = r.get("account")
        if "account" in r:
            want = "SL" if role == "vendor" else "CB"
            if not isinstance(acc, str) or not re.fullmatch(want + r"-\d{6}", acc):
                err(f"line {n}: account {acc!r} does not match {want}-###### for role {role}")
        in_text = [m.group(0) for m in ACCOUNT_RE.finditer(text)]
        for m in ACCOUNT_LIKE_RE.finditer(text):
            if not ACCOUNT_RE.match(text, m.start()):
                err(f"line {n}: malformed account id {m.group(0)!r}")
        if len(set(in_text)) > 1:
            err(f"line {n}: several account ids in text")
        if in_text and acc != in_text[0]:
            err(f"line {n}: text quotes {in_text[0]} but account={acc!r}")
        # order ids
        for m in ORDER_LIKE_RE.finditer(text):
            tok = re.sub(r"[^\w-]+$", "", m.group(0))
            if not ORDER_RE.match(tok):
                err(f"line {n}: malformed order id {tok!r}")
        # card numbers (any 13-19 digit run outside an IBAN) must be Luhn-valid
        iban_spans = [m.span() for m in IBAN_RE.finditer(text)]
        for m in CARD_RE.finditer(text):
            if any(a <= m.start() < b for a, b in iban_spans):
                continue
            digits = re.sub(r"\D", "", m.group(0))
            if not luhn_ok(digits):
                err(f"line {n}: card-like number {m.group(0)!r} fails Luhn")
        # IBANs must be mod-97 valid
        for m in IBAN_RE.finditer(text):
            if not iban_ok(m.group(0)):
                err(f"line {n}: IBAN {m.group(0)!r} fails mod-97/length")
        # Spanish DNI / NIE check letters
        for m in DNI_RE.finditer(text):
            if DNI_LETTERS[int(m.group(1)) % 23] != m.group(2):
                err(f"line {n}: DNI {m.group(0)} has wrong letter")
        for m in NIE_RE.finditer(text):
            num = int("XYZ".index(m.group(1)).__str__() + m.group(2))
            if DNI_LETTERS[num % 23] != m.group(3):
                err(f"line {n}: NIE {m.group(0)} has wrong letter")
        counts[(cat, lang)] += 1
        if r.get("tricky"):
            tricky[lang] += 1

    # count checks
    for cat in HANDOFF_CATS:
        for lang in LANGS:
            if counts[(cat, lang)] != EXPECT_HANDOFF_LANG[lang]:
                err(f"{cat}/{lang}: {counts[(cat, lang)]} rows, expected {EXPECT_HANDOFF_LANG[lang]}")
    for lang in LANGS:
        if counts[("routine", lang)] != EXPECT_ROUTINE_LANG[lang]:
            err(f"routine/{lang}: {counts[('routine', lang)]}, expected {EXPECT_ROUTINE_LANG[lang]}")
        tot = sum(counts[(c, lang)] for c in CATS)
        if tot != EXPECT_LANG_TOTAL[lang]:
            err(f"language {lang}: {tot} rows, expected {EXPECT_LANG_TOTAL[lang]}")
    if sum(tricky.values()) < 90:
        err(f"only {sum(tricky.values())} tricky routine rows (need >= 90)")
    # every sensitive_data row must contain a detectable secret
    for n, r in rows:
        if r.get("category") == "sensitive_data" and not SENSITIVE_RE.search(r["text"]):
            err(f"line {n}: sensitive_data row without a detectable card/IBAN/ID/password/code")
    return rows, counts, tricky


def check_kb():
    files = sorted(glob.glob(os.path.join(HERE, "kb", "*.md")))
    if not 16 <= len(files) <= 18:
        err(f"kb: {len(files)} articles (need 16-18)")
    vendor_files = {"seller-fees-and-tiers", "seller-payouts", "seller-shipping-and-returns"}
    all_files = {"account-security-and-phishing", "privacy-and-data-requests",
                 "reporting-listings-and-prohibited-items", "contacting-a-seller", "talking-to-a-person"}
    for f in files:
        stem = os.path.basename(f)[:-3]
        t = open(f, encoding="utf-8").read()
        m = re.match(r"---\ntitle: (.+)\naudience: (buyer|vendor|all)\nurl: (\S+)\n---\n(.*)\Z", t, re.S)
        if not m:
            err(f"kb/{stem}.md: bad front matter")
            continue
        title, aud, url, body = m.groups()
        if url != f"https://help.tendal.example/{stem}":
            err(f"kb/{stem}.md: url {url} does not match file name")
        want = "vendor" if stem in vendor_files else "all" if stem in all_files else "buyer"
        if aud != want:
            err(f"kb/{stem}.md: audience {aud}, expected {want}")
        if re.search(r"^# ", body, re.M):
            err(f"kb/{stem}.md: body has a '# ' title line")
        nw = len(body.split())
        if not 150 <= nw <= 400:
            err(f"kb/{stem}.md: body has {nw} words (150-400)")
    return len(files)


def check_yaml():
    try:
        import yaml
    except ImportError:
        print("(PyYAML not installed, marketplace.yaml not checked)")
        return
    d = yaml.safe_load(open(os.path.join(HERE, "marketplace.yaml"), encoding="utf-8"))
    for k in ["name", "description", "order_number_pattern", "vendor_account_pattern",
              "buyer_account_pattern", "vendor_tiers", "high_value_tiers", "currency",
              "countries", "languages"]:
        if k not in d:
            err(f"marketplace.yaml: missing {k}")
    if d.get("vendor_tiers") != TIERS:
        err("marketplace.yaml: vendor_tiers mismatch")
    if d.get("high_value_tiers") != sorted(HIGH, key=TIERS.index):
        err("marketplace.yaml: high_value_tiers mismatch")
    if d.get("languages") != ["en", "es", "de", "fr"]:
        err("marketplace.yaml: languages must be [en, es, de, fr]")
    for k, sample in [("order_number_pattern", "TD-40918273"),
                      ("vendor_account_pattern", "SL-738201"),
                      ("buyer_account_pattern", "CB-284019")]:
        if not re.search(d.get(k, "^$"), sample):
            err(f"marketplace.yaml: {k} does not match {sample}")


def table(counts, tricky):
    lines = []
    hdr = f"{'category':<22}{'es':>5}{'fr':>5}{'de':>5}{'total':>7}"
    lines.append(hdr)
    lines.append("-" * len(hdr))
    for cat in CATS:
        c = [counts[(cat, l)] for l in LANGS]
        lines.append(f"{cat:<22}{c[0]:>5}{c[1]:>5}{c[2]:>5}{sum(c):>7}")
    lines.append("-" * len(hdr))
    tot = [sum(counts[(c, l)] for c in CATS) for l in LANGS]
    lines.append(f"{'total':<22}{tot[0]:>5}{tot[1]:>5}{tot[2]:>5}{sum(tot):>7}")
    t = [tricky[l] for l in LANGS]
    lines.append(f"{'  routine, tricky':<22}{t[0]:>5}{t[1]:>5}{t[2]:>5}{sum(t):>7}")
    return "\n".join(lines)


def main():
    rows, counts, tricky = check_rows()
    nkb = check_kb()
    check_yaml()
    print(table(counts, tricky))
    roles = collections.Counter((r["category"] == "routine", r["role"]) for _, r in rows)
    print(f"\nseller rows: hand-off {roles[(False, 'vendor')]}, routine {roles[(True, 'vendor')]}; "
          f"rows with account: {sum('account' in r for _, r in rows)}; kb articles: {nkb}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print(" -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
