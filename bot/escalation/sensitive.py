"""Finds and masks sensitive data in customer text: card numbers, IBANs, national ids, passwords."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.es import dni as es_dni
from stdnum.fr import nir as fr_nir
from stdnum.us import ssn as us_ssn

KINDS: tuple[str, ...] = ("card", "iban", "national_id", "password")

_CARD = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")
_IBAN = re.compile(r"(?<!\w)[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}")
_SSN = re.compile(r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])")
_SSN_BARE = re.compile(r"(?<![\w-])\d{9}(?![\w-])")
_DNI = re.compile(r"(?<!\w)\d{8}[- ]?[A-Za-z](?!\w)")
_NIR = re.compile(r"(?<![\w-])[12](?:[ ]?[0-9AB]){12}[ ]?\d{2}(?![\w-])")
# Bare digit runs are only ids when the customer says so; order numbers look the same.
_ID_CONTEXT = re.compile(
    r"\b(ssn|social security|securite sociale|sécurité sociale|n[°o]? ?insee|nir|tax id|"
    r"national id|id number|identity number|dni|documento|ausweis|steuer-?id)\b",
    re.IGNORECASE,
)
_PASSWORD = re.compile(
    r"\b(?P<label>password|passwd|pwd|passcode|pass code|pin|mot de passe|mdp|contrase[nñ]a|"
    r"clave|passwort|kennwort|(?:2fa|two.factor|verification|security|login|one.time|otp|sms|auth\w*) code|otp)"
    r"(?P<sep>\s*(?:(?:[:=]|\bis\b|\bwas\b|\best\b|\bes\b|\bist\b|\bwar\b)\s*:?\s*|\s(?=\S*\d)"
    r"|\s(?:\w+\s){1,5}(?:is|was|:)\s+(?=\d{4,8}\b)))"
    r"(?P<value>[\"']?[^\s\"',;]+[\"']?)",
    re.IGNORECASE,
)
# Words that follow "my password is" without being a password.
_NOT_A_PASSWORD = frozenset(
    """not wrong incorrect invalid expired correct right too the a an my your still being case same
    weak strong short long locked blocked reset changed working broken fine ok okay different set
    saved required empty forgotten lost stolen compromised hacked leaked no now also already
    never always definitely probably just only please pas faux incorrect incorrecto bloqueado
    falsch gesperrt nicht abgelaufen""".split()
)


@dataclass(frozen=True, slots=True)
class Found:
    """One piece of sensitive data: its kind and where it is in the text."""

    kind: str
    start: int
    end: int
    replacement: str


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _card_like(digits: str) -> bool:
    """Whether the digits have a real card network's prefix and length (order numbers mostly don't)."""
    n = len(digits)
    if digits[0] == "4":
        return n in (13, 16, 19)
    if digits[:2] in ("34", "37"):
        return n == 15
    if digits[0] in "2356":
        return 14 <= n <= 19
    return False


def _cards(text: str) -> list[Found]:
    found = []
    for m in _CARD.finditer(text):
        digits = _digits(m.group())
        if 13 <= len(digits) <= 19 and _card_like(digits) and luhn.is_valid(digits):
            found.append(Found("card", m.start(), m.end(), f"**** **** **** {digits[-4:]}"))
    return found


def _ibans(text: str) -> list[Found]:
    found = []
    for m in _IBAN.finditer(text):
        candidate = m.group()
        # The pattern may run on into following words ("... 7654 32 please"): shorten to a valid IBAN.
        while candidate:
            compact = candidate.replace(" ", "").upper()
            if len(compact) >= 15 and stdnum_iban.is_valid(compact):
                end = m.start() + len(candidate)
                found.append(Found("iban", m.start(), end, f"{compact[:2]}** **** **** {compact[-4:]}"))
                break
            candidate = candidate[:-1].rstrip()
    return found


def _national_ids(text: str) -> list[Found]:
    found = [
        Found("national_id", m.start(), m.end(), f"***-**-{m.group()[-4:]}")
        for m in _SSN.finditer(text)
        if us_ssn.is_valid(m.group())
    ]
    found += [
        Found("national_id", m.start(), m.end(), f"********{m.group()[-1].upper()}")
        for m in _DNI.finditer(text)
        if es_dni.is_valid(m.group())
    ]
    if _ID_CONTEXT.search(text):
        found += [
            Found("national_id", m.start(), m.end(), f"*****{m.group()[-4:]}")
            for m in _SSN_BARE.finditer(text)
            if us_ssn.is_valid(m.group())
        ]
        found += [
            Found("national_id", m.start(), m.end(), "*************" + m.group()[-2:])
            for m in _NIR.finditer(text)
            if fr_nir.is_valid(m.group())
        ]
    return found


def _passwords(text: str) -> list[Found]:
    found = []
    for m in _PASSWORD.finditer(text):
        value = m.group("value").strip("\"'").rstrip(".!?")
        explicit = ":" in m.group("sep") or "=" in m.group("sep")
        if not value or (not explicit and value.lower().rstrip(".!?") in _NOT_A_PASSWORD):
            continue
        found.append(Found("password", m.start("value"), m.end("value"), "********"))
    return found


_DETECTORS: tuple[Callable[[str], list[Found]], ...] = (_cards, _ibans, _national_ids, _passwords)


def find_sensitive(text: str) -> list[Found]:
    """Every sensitive item in `text`, left to right, without overlaps (the first detector wins)."""
    taken: list[Found] = []
    for detector in _DETECTORS:
        for item in detector(text):
            if all(item.end <= t.start or item.start >= t.end for t in taken):
                taken.append(item)
    return sorted(taken, key=lambda f: f.start)


def mask_sensitive(text: str) -> tuple[str, list[str]]:
    """`text` with every sensitive item replaced by its mask, and the kinds found (first-seen order)."""
    found = find_sensitive(text)
    if not found:
        return text, []
    parts: list[str] = []
    last = 0
    kinds: list[str] = []
    for item in found:
        parts.append(text[last : item.start])
        parts.append(item.replacement)
        last = item.end
        if item.kind not in kinds:
            kinds.append(item.kind)
    parts.append(text[last:])
    return "".join(parts), kinds
