#!/usr/bin/env python3
"""Validate the Nido hand-off evaluation set. Exit code 0 only if every check passes."""
import collections
import difflib
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
JSONL = os.path.join(HERE, "nido_handoff_multilingual.jsonl")
KB_DIR = os.path.join(HERE, "kb")
YAML = os.path.join(HERE, "marketplace.yaml")

HANDOFF_CATS = ["legal", "sensitive_data", "human_request", "fraud", "chargeback",
                "split_shipment", "threats_abuse", "policy_exception",
                "vendor_buyer_dispute", "high_value_vendor"]
CATEGORIES = HANDOFF_CATS + ["routine"]
LANGS = ["fr", "es", "de"]
EXPECTED_LANG = {"fr": 150, "es": 150, "de": 60}
TIERS = ["Twig", "Branch", "Canopy", "Crown"]
HIGH_VALUE = ["Canopy", "Crown"]
LOW_TIERS = ["Twig", "Branch"]
ACCOUNT_RE = re.compile(r"\b(?:VN|AC)-\d{5}\b")
ORDER_RE = re.compile(r"\bNI-\d+")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
CARD_RE = re.compile(r"(?<![\w-])[3-6]\d{3}(?:[ -]?\d){9,15}(?!\w)")
NEAR_DUP_THRESHOLD = 0.80
DNI_RE = re.compile(r"\b([XYZ]?)(\d{7,8})([A-Z])\b")
RUT_RE = re.compile(r"\b(\d{1,2}\.\d{3}\.\d{3})-([\dkK])\b")
AVS_RE = re.compile(r"\b756\.\d{4}\.\d{4}\.\d{2}\b")
NIR_RE = re.compile(r"\b[12] \d{2} \d{2} \d{2} \d{3} \d{3} \d{2}\b")

errors = []


def err(msg):
    errors.append(msg)


def luhn_ok(number):
    digits = [int(c) for c in number if c.isdigit()][::-1]
    total = 0
    for i, d in enumerate(digits):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban):
    s = iban.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in s)) % 97 == 1


def national_id_problems(text):
    """Check the check digits of Spanish DNI/NIE, Chilean RUT, Swiss AVS and French NIR numbers."""
    problems = []
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    for prefix, digits, letter in DNI_RE.findall(text):
        if (prefix and len(digits) != 7) or (not prefix and len(digits) != 8):
            continue
        num = int(str("XYZ".index(prefix)) + digits) if prefix else int(digits)
        if letters[num % 23] != letter:
            problems.append("DNI/NIE %s%s%s has wrong letter" % (prefix, digits, letter))
    for body, dv in RUT_RE.findall(text):
        total, factor = 0, 2
        for c in reversed(body.replace(".", "")):
            total += int(c) * factor
            factor = factor + 1 if factor < 7 else 2
        r = 11 - total % 11
        expected = {11: "0", 10: "K"}.get(r, str(r))
        if dv.upper() != expected:
            problems.append("RUT %s-%s has wrong check digit" % (body, dv))
    for avs in AVS_RE.findall(text):
        d = avs.replace(".", "")
        s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(d[:12]))
        if (10 - s % 10) % 10 != int(d[12]):
            problems.append("AVS %s has wrong check digit" % avs)
    for nir in NIR_RE.findall(text):
        d = nir.replace(" ", "")
        if 97 - int(d[:13]) % 97 != int(d[13:]):
            problems.append("NIR %s has wrong key" % nir)
    return problems


def normalise(text):
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def expected_keys(row):
    keys = ["text", "role"]
    if row.get("role") == "vendor":
        keys.append("tier")
    if "account" in row:
        keys.append("account")
    keys += ["expect_handoff", "category", "language", "tricky"]
    return keys


def check_rows():
    rows = []
    with open(JSONL, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                err("line %d: empty line" % n)
                continue
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                err("line %d: invalid JSON (%s)" % (n, exc))
    if len(rows) != 360:
        err("expected 360 rows, found %d" % len(rows))

    seen_norm = {}
    order_ids = collections.Counter()
    for n, row in rows:
        where = "line %d" % n
        if list(row.keys()) != expected_keys(row):
            err("%s: key order %s, expected %s" % (where, list(row.keys()), expected_keys(row)))
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            err("%s: empty text" % where)
            continue
        words = len(text.split())
        if not 3 <= words <= 90:
            err("%s: %d words (must be 3-90)" % (where, words))
        role, cat, lang = row.get("role"), row.get("category"), row.get("language")
        if role not in ("buyer", "vendor"):
            err("%s: bad role %r" % (where, role))
        if cat not in CATEGORIES:
            err("%s: bad category %r" % (where, cat))
        if lang not in LANGS:
            err("%s: bad language %r" % (where, lang))
        if not isinstance(row.get("expect_handoff"), bool) or row["expect_handoff"] != (cat != "routine"):
            err("%s: expect_handoff must be %s" % (where, cat != "routine"))
        if not isinstance(row.get("tricky"), bool):
            err("%s: tricky must be boolean" % where)
        elif row["tricky"] and cat != "routine":
            err("%s: tricky=true on a hand-off row" % where)
        # tiers
        tier = row.get("tier")
        if role == "vendor":
            if tier not in TIERS:
                err("%s: vendor row with bad tier %r" % (where, tier))
            if (tier in HIGH_VALUE) != (cat == "high_value_vendor"):
                err("%s: tier %s with category %s (high-value tiers <=> high_value_vendor)" % (where, tier, cat))
        elif "tier" in row:
            err("%s: buyer row must not have a tier" % where)
        if cat == "high_value_vendor" and role != "vendor":
            err("%s: high_value_vendor row must be a vendor" % where)
        # accounts
        quoted = ACCOUNT_RE.findall(text)
        if quoted:
            if len(set(quoted)) > 1:
                err("%s: several account numbers quoted" % where)
            if row.get("account") != quoted[0]:
                err("%s: text quotes %s but account=%r" % (where, quoted[0], row.get("account")))
        elif "account" in row:
            err("%s: account key present but text quotes no account" % where)
        acct = row.get("account")
        if acct:
            want = "VN-" if role == "vendor" else "AC-"
            if not acct.startswith(want):
                err("%s: %s account %s should start with %s" % (where, role, acct, want))
        # order ids
        for oid in ORDER_RE.findall(text):
            if not re.fullmatch(r"NI-\d{7}", oid):
                err("%s: malformed order id %s" % (where, oid))
            order_ids[oid] += 1
        # IBANs and card numbers
        ibans = IBAN_RE.findall(text)
        for iban in ibans:
            if not iban_ok(iban):
                err("%s: IBAN %s fails mod-97" % (where, iban))
        stripped = IBAN_RE.sub(" ", text)
        cards = CARD_RE.findall(stripped)
        for card in cards:
            if not luhn_ok(card):
                err("%s: card number %s fails Luhn" % (where, card))
        for problem in national_id_problems(text):
            err("%s: %s" % (where, problem))
        if (ibans or cards) and cat != "sensitive_data":
            err("%s: card/IBAN found outside sensitive_data" % where)
        # exact / normalised duplicates
        key = normalise(text)
        if key in seen_norm:
            err("%s: duplicate of line %d" % (where, seen_norm[key]))
        else:
            seen_norm[key] = n

    for oid, c in order_ids.items():
        if c > 1:
            err("order id %s used in %d rows" % (oid, c))

    # near duplicates
    items = [(n, normalise(r["text"])) for n, r in rows if isinstance(r.get("text"), str)]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i][1], items[j][1]
            sm = difflib.SequenceMatcher(None, a, b)
            if sm.real_quick_ratio() < NEAR_DUP_THRESHOLD or sm.quick_ratio() < NEAR_DUP_THRESHOLD:
                continue
            if sm.ratio() >= NEAR_DUP_THRESHOLD:
                err("near-duplicate texts: lines %d and %d (ratio %.2f)" % (items[i][0], items[j][0], sm.ratio()))
    return [r for _, r in rows]


def check_counts(rows):
    table = collections.defaultdict(collections.Counter)
    tricky = collections.Counter()
    vendors = collections.Counter()
    for r in rows:
        table[r["category"]][r["language"]] += 1
        if r.get("tricky"):
            tricky[r["language"]] += 1
        if r["role"] == "vendor":
            vendors[r["category"]] += 1
    lang_tot = collections.Counter(r["language"] for r in rows)
    for lang, want in EXPECTED_LANG.items():
        if lang_tot[lang] != want:
            err("language %s: %d rows, expected %d" % (lang, lang_tot[lang], want))
    for cat in HANDOFF_CATS:
        tot = sum(table[cat].values())
        if tot != 18:
            err("category %s: %d rows, expected 18" % (cat, tot))
        for lang in LANGS:
            if table[cat][lang] == 0:
                err("category %s has no %s rows" % (cat, lang))
    if sum(table["routine"].values()) != 180:
        err("routine: %d rows, expected 180" % sum(table["routine"].values()))
    if sum(tricky.values()) < 100:
        err("only %d tricky routine rows (need >= 100)" % sum(tricky.values()))

    lines = []
    header = "%-22s %5s %5s %5s %6s %8s" % ("category", "fr", "es", "de", "total", "vendor")
    lines.append(header)
    lines.append("-" * len(header))
    for cat in CATEGORIES:
        c = table[cat]
        lines.append("%-22s %5d %5d %5d %6d %8d" % (cat, c["fr"], c["es"], c["de"], sum(c.values()), vendors[cat]))
    lines.append("%-22s %5d %5d %5d %6d %8s" % ("  of which tricky", tricky["fr"], tricky["es"], tricky["de"], sum(tricky.values()), ""))
    hand = collections.Counter()
    for cat in HANDOFF_CATS:
        hand.update(table[cat])
    lines.append("-" * len(header))
    lines.append("%-22s %5d %5d %5d %6d" % ("hand-off total", hand["fr"], hand["es"], hand["de"], sum(hand.values())))
    lines.append("%-22s %5d %5d %5d %6d" % ("routine total", table["routine"]["fr"], table["routine"]["es"], table["routine"]["de"], sum(table["routine"].values())))
    lines.append("%-22s %5d %5d %5d %6d" % ("all rows", lang_tot["fr"], lang_tot["es"], lang_tot["de"], len(rows)))
    return "\n".join(lines)


def check_kb():
    files = sorted(f for f in os.listdir(KB_DIR) if f.endswith(".md"))
    if not 16 <= len(files) <= 18:
        err("kb/: %d articles, expected 16-18" % len(files))
    for f in files:
        text = open(os.path.join(KB_DIR, f), encoding="utf-8").read()
        m = re.match(r"---\ntitle: (.+)\naudience: (buyer|vendor|all)\nurl: (\S+)\n---\n(.*)", text, re.S)
        if not m:
            err("kb/%s: bad front matter" % f)
            continue
        title, audience, url, body = m.groups()
        if url != "https://help.nido.example/" + f[:-3]:
            err("kb/%s: url %s does not match file name" % (f, url))
        if f.startswith("seller-") and audience != "vendor":
            err("kb/%s: seller article must have audience vendor" % f)
        if re.search(r"^# ", body, re.M):
            err("kb/%s: body must not contain a '# ' title line" % f)
        words = len(body.split())
        if not 150 <= words <= 400:
            err("kb/%s: body has %d words (150-400)" % (f, words))


def check_yaml():
    try:
        import yaml
    except ImportError:
        print("note: PyYAML not installed, marketplace.yaml not checked")
        return
    data = yaml.safe_load(open(YAML, encoding="utf-8"))
    keys = ["name", "description", "order_number_pattern", "vendor_account_pattern",
            "buyer_account_pattern", "vendor_tiers", "high_value_tiers", "currency",
            "countries", "languages"]
    if list(data.keys()) != keys:
        err("marketplace.yaml keys %s, expected %s" % (list(data.keys()), keys))
    if data.get("vendor_tiers") != TIERS or data.get("high_value_tiers") != HIGH_VALUE:
        err("marketplace.yaml tiers differ from validate.py")
    if sorted(data.get("languages", [])) != ["de", "en", "es", "fr"]:
        err("marketplace.yaml languages must be en, es, de, fr")
    for key, sample in [("order_number_pattern", "NI-1234567"),
                        ("vendor_account_pattern", "VN-12345"),
                        ("buyer_account_pattern", "AC-12345")]:
        if not re.fullmatch(data[key], sample):
            err("marketplace.yaml %s does not match %s" % (key, sample))


def main():
    rows = check_rows()
    table = check_counts(rows) if rows else ""
    check_kb()
    check_yaml()
    print(table)
    print()
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("All checks passed.")


if __name__ == "__main__":
    main()
