"""Domestic bank details that are not IBANs: a US routing number with its account number, a German
Kontonummer with its Bankleitzahl, a Spanish CCC, a French RIB, a Mexican CLABE, an Argentine CBU.

Each counts only where it is certain, because an order or tracking number looks the same: a
checksum (the routing number's, the CCC's two control digits, the RIB key), or two named parts
given together (a Kontonummer and a BLZ; a code banque, code guichet and account number). What
each finder returns is a list of spans, (start, end, mask), in the text it was given.
"""

from __future__ import annotations

import re

from stdnum.ar import cbu as ar_cbu
from stdnum.es import ccc as es_ccc
from stdnum.us import rtn as us_rtn

Span = tuple[int, int, str]

_IS = r"\s*(?:\bis\b|\bist\b|\blautet\b|\best\b|\bes\b)?\s*[:#]?\s*"
_NUMBER_WORD = r"(?:\s+(?:number|no\.?|num|nr\.?|#))?"

# A routing number names itself; the account number beside it is masked only when the routing
# number passes its checksum.
_ROUTING = re.compile(rf"\b(?:routing|aba|rtn)(?:\s+transit)?{_NUMBER_WORD}{_IS}(?P<value>\d{{9}})(?!\d)", re.IGNORECASE)
_ACCOUNT = re.compile(
    rf"\b(?:account|acct|acc|a/c|checking|savings)(?:\s+account)?{_NUMBER_WORD}{_IS}(?P<value>\d{{4,17}})(?!\d)",
    re.IGNORECASE,
)
_KONTO = re.compile(rf"\b(?:kontonummer|konto-?nr\.?|kto\.?(?:-?nr\.?)?|konto){_IS}(?P<value>\d{{5,10}})(?!\d)", re.IGNORECASE)
_BLZ = re.compile(rf"\b(?:blz|bankleitzahl){_IS}(?P<value>\d{{3}} ?\d{{3}} ?\d{{2}})(?!\d)", re.IGNORECASE)
# Twenty digits, in any grouping ("2100 0418 45 0200051332", "2100-0418-4502-0005-1332").
_CCC = re.compile(r"(?<![\w-])\d(?:[ -]?\d){19}(?![\w-])")
_CCC_CONTEXT = re.compile(
    r"\b(?:ccc|cuenta|bancari[ao]|banco|transferencia|domiciliaci[oó]n|account|bank|konto|compte)\b", re.IGNORECASE
)
# A RIB written out: bank, branch, account, key ("30004 00550 00010123456 90").
_RIB = re.compile(
    r"(?<![\w-])(?P<bank>\d{5})[ -]?(?P<branch>\d{5})[ -]?(?P<account>[0-9A-Za-z]{11})[ -]?(?P<key>\d{2})(?![\w-])"
)
# ... or labelled part by part ("code banque 30004, code guichet 00550, compte 00010123456, clé 90").
_RIB_PARTS = {
    "bank": re.compile(r"\b(?:code\s+)?banque\s*:?\s*(?P<value>\d{5})(?!\d)", re.IGNORECASE),
    "branch": re.compile(r"\b(?:code\s+)?guichet\s*:?\s*(?P<value>\d{5})(?!\d)", re.IGNORECASE),
    "account": re.compile(
        r"\b(?:num[eé]ro\s+de\s+)?compte\s*:?\s*(?P<value>(?=[0-9A-Za-z]*\d{5})[0-9A-Za-z]{11})(?![\w-])", re.IGNORECASE
    ),
    "key": re.compile(r"\bcl[eé](?:\s+rib)?\s*:?\s*(?P<value>\d{2})(?!\d)", re.IGNORECASE),
}
# A Mexican CLABE (18 digits) or an Argentine CBU (22 digits), in any grouping, in a message about an
# account ("les paso mi CLABE 002010077777777771", "CBU 2850590940090418135201").
_CLABE = re.compile(r"(?<![\w-])\d(?:[ -]?\d){17}(?![\w-])")
_CBU = re.compile(r"(?<![\w-])\d(?:[ -]?\d){21}(?![\w-])")
_LATAM_CONTEXT = re.compile(
    r"\b(?:clabe|cbu|cvu|cuenta|bancari[ao]|banco|transferencia|deposit\w*|account|bank)\b", re.IGNORECASE
)
_CLABE_WEIGHTS = (3, 7, 1) * 6
_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def _tail(value: str, keep: int = 4) -> str:
    """`value` masked but for its last `keep` characters (separators dropped)."""
    compact = re.sub(r"[ -]", "", value)
    return "*" * (len(compact) - keep) + compact[len(compact) - keep:]


def rib_key_is_valid(bank: str, branch: str, account: str, key: str) -> bool:
    """Whether a French RIB's two-digit key matches its bank, branch and account numbers."""
    digits = account.upper().translate(_RIB_LETTERS)
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(digits)) % 97 == int(key)


def us_accounts(text: str) -> list[Span]:
    """A routing number that passes its checksum, and the account numbers given with it."""
    routing = [m for m in _ROUTING.finditer(text) if us_rtn.is_valid(m.group("value"))]
    if not routing:
        return []
    return [(m.start("value"), m.end("value"), _tail(m.group("value"))) for m in [*routing, *_ACCOUNT.finditer(text)]]


def german_accounts(text: str) -> list[Span]:
    """A Kontonummer given together with a Bankleitzahl (both masked)."""
    codes = list(_BLZ.finditer(text))
    accounts = list(_KONTO.finditer(text)) if codes else []
    if not accounts:
        return []
    return [(m.start("value"), m.end("value"), _tail(m.group("value"), 2)) for m in codes + accounts]


def spanish_accounts(text: str) -> list[Span]:
    """Twenty digits whose two control digits are a CCC's, in a message about an account."""
    if not _CCC_CONTEXT.search(text):
        return []
    return [(m.start(), m.end(), _tail(m.group())) for m in _CCC.finditer(text) if es_ccc.is_valid(m.group())]


def french_accounts(text: str) -> list[Span]:
    """A RIB written out whose key matches, or its bank, branch and account numbers each named."""
    # Only the account number's last two digits stay: the key would give the rest away.
    spans = [(m.start(), m.end(), "*" * 19 + m["account"][-2:] + "**") for m in _RIB.finditer(text)
             if rib_key_is_valid(m["bank"], m["branch"], m["account"], m["key"])]
    parts = {name: list(pattern.finditer(text)) for name, pattern in _RIB_PARTS.items()}
    if parts["bank"] and parts["branch"] and parts["account"]:
        spans.extend((m.start("value"), m.end("value"), _tail(m.group("value"), 0 if name == "key" else 2))
                     for name, found in parts.items() for m in found)
    return spans


def clabe_is_valid(number: str) -> bool:
    """Whether 18 digits end in the CLABE check digit (weights 3, 7, 1; each product taken mod 10)."""
    digits = [int(c) for c in re.sub(r"[ -]", "", number)]
    if len(digits) != 18:
        return False
    total = sum(d * w % 10 for d, w in zip(digits[:17], _CLABE_WEIGHTS, strict=False))
    return (10 - total % 10) % 10 == digits[17]


def latin_american_accounts(text: str) -> list[Span]:
    """A CLABE or a CBU whose check digits match, in a message about an account."""
    if not _LATAM_CONTEXT.search(text):
        return []
    spans = [(m.start(), m.end(), _tail(m.group())) for m in _CLABE.finditer(text) if clabe_is_valid(m.group())]
    return spans + [(m.start(), m.end(), _tail(m.group())) for m in _CBU.finditer(text)
                    if ar_cbu.is_valid(re.sub(r"[ -]", "", m.group()))]


def bank_details(text: str) -> list[Span]:
    """Every domestic account number in `text` (possibly overlapping; the caller keeps the first)."""
    return (us_accounts(text) + german_accounts(text) + spanish_accounts(text) + french_accounts(text)
            + latin_american_accounts(text))
