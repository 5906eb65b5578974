"""Finds and masks sensitive data in customer text: card numbers and their security codes, IBANs, UK
and other domestic bank account numbers (bot/escalation/bank_details.py), national ids and the
numbers of passports, identity cards and driving licences, passwords and one-time codes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.be import nn as be_nn
from stdnum.ch import ssn as ch_ssn
from stdnum.cl import rut as cl_rut
from stdnum.de import idnr as de_idnr
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.fr import nif as fr_nif
from stdnum.mx import curp as mx_curp
from stdnum.us import ssn as us_ssn

from bot.escalation.bank_details import bank_details

KINDS: tuple[str, ...] = ("card", "iban", "bank_account", "national_id", "password")

# Detection runs on a normalised copy of the text (NFKC, so full-width `４１１１` reads `4111`; every
# script's digits read as ASCII ones) and what it finds is mapped back to the original characters.
# Between the digit groups of a card number or the blocks of an IBAN people put whitespace (spaces,
# non-breaking or thin ones, a line break, zero-width ones), dots, slashes or dashes.
_WS = r"\s\u00ad\u200b-\u200d\u2060\ufeff"
_MARK = r"./\-\u2010-\u2015\u2212\u2044\u2215"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# One separator: up to three whitespace characters ("  ", "\r\n"), one or two marks ("-", "."), or a
# mark with whitespace either side (" - ", " / "). A mark then a space (". ") ends a sentence: it does
# not join two numbers.
_SEP = rf"(?:[{_WS}]{{1,3}}|[{_MARK}]{{1,2}}|[{_WS}]{{1,2}}[{_MARK}]{{1,2}}[{_WS}]{{1,2}})"
_SEP_TAIL = re.compile(rf"[{_WS}{_MARK}]+$")
_LETTER = re.compile(r"[A-Za-z_]")
_WS_ONLY = re.compile(rf"[{_WS}]+")
# Where a new number may start inside a run of groups: after a line break or a spaced mark (" / ").
_STRONG_SEP = re.compile(rf"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|[{_WS}][{_MARK}]+[{_WS}]")

# Digit groups joined by separators; a card number is a run of consecutive groups inside one.
_CHAIN = re.compile(rf"[0-9]+(?:{_SEP}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_IBAN = re.compile(rf"(?<![A-Za-z0-9_])[A-Za-z]{{2}}[0-9]{{2}}(?:{_SEP}?[A-Za-z0-9]){{11,30}}")
_SSN = re.compile(r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])")
_SSN_BARE = re.compile(r"(?<![\w-])\d{9}(?![\w-])")
_DNI = re.compile(r"(?<!\w)\d{8}[- ]?[A-Za-z](?!\w)")
_NIE = re.compile(r"(?<!\w)[XYZxyz][- ]?\d{7}[- ]?[A-Za-z](?!\w)")
# A Mexican CURP (18 characters: name letters, birth date, sex, state, consonants). Its shape and
# date are checked, not its last digit: a CURP typed with a wrong check digit is still personal data.
# A Swiss AHV/AVS number (756.1234.5678.97) and a Chilean RUT written with its dash (12.345.678-5),
# both checksum-checked, wherever they appear.
_CH_AVS = re.compile(r"(?<![\w.])756[. ]?\d{4}[. ]?\d{4}[. ]?\d{2}(?![\w.])")
_CL_RUT = re.compile(r"(?<![\w.])\d{1,2}\.?\d{3}\.?\d{3}-[\dkK](?![\w-])")
# A Belgian national register number, written with its dots and dash (85.07.30-033.28), checksum-checked.
_BE_NN = re.compile(r"(?<![\w.])\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}(?![\w-])(?!\.\d)")
# A Peruvian DNI: 8 digits right after "DNI" (a Spanish DNI has its letter and is checked above).
_PE_DNI = re.compile(r"\bDNI\b(?:\s*(?:n[°ºo]\.?|es|:|number|numero|número)){0,2}\s*(\d{8})(?![\w-])", re.IGNORECASE)
# A Canadian social insurance number, in its three groups of three, in a message that names it
# ("numéro d'assurance sociale c'est le 046 454 286"); the name is the check.
_CA_SIN = re.compile(r"(?<![\w-])\d{3}[ -]\d{3}[ -]\d{3}(?![\w-])")
_CA_SIN_CONTEXT = re.compile(r"\b(?:assurance sociale|social insurance|sin (?:number|no|nr|#)|(?:my|mon|mi) sin|nas)\b", re.IGNORECASE)
# A Colombian cédula: after its name, 6 to 10 digits, often with dots ("cédula 1.020.456.789").
_CO_CEDULA = re.compile(
    r"\bc[eé]dula(?: de ciudadan[ií]a)?(?:\s*(?:n[°º.o]|es|:|#))*\s*(\d{1,3}(?:\.\d{3}){1,3}|\d{6,10})(?![\w.-])",
    re.IGNORECASE,
)
_CURP = re.compile(r"(?<!\w)[A-Za-z]{4}\d{6}[HMXhmx][A-Za-z]{5}[A-Za-z0-9]\d(?!\w)")
_DE_IDNR = re.compile(r"(?<![\w-])\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\w-])")  # German tax id, 11 digits
_FR_NIF = re.compile(r"(?<![\w-])[0-3]\d ?\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\w-])")  # French tax number, 13 digits
_NIR = re.compile(r"(?<![\w-])[12](?:[ ]?[0-9AB]){12}[ ]?\d{2}(?![\w-])")
# A UK National Insurance number: two letters (never D, F, I, Q, U or V; the second never O), six
# digits, A to D ("AB 12 34 56 C"). It has no checksum, so it counts only where the message names it.
_NINO = re.compile(
    r"(?<![\w-])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w-])",
    re.IGNORECASE,
)
# Bare digit runs are only ids when the customer says so; order numbers look the same.
_ID_CONTEXT = re.compile(
    r"\b(ssn|social security|securite sociale|sécurité sociale|(?:num(?:[eé]ro)? de )?s[eé]cu|n[°o]? ?insee|nir|tax id|"
    r"national id|id number|identity number|dni|documento|ausweis|steuer-?id|steuer-?nummer|"
    r"steueridentifikationsnummer|idnr|identifikationsnummer|num[eé]ro fiscal|nif|national insurance|"
    r"ni number)\b",
    re.IGNORECASE,
)
_PASSWORD = re.compile(
    r"\b(?P<label>password|passwd|pwd|pw|passcode|pass code|pin|mot de passe|mdp|contrase[nñ]a|"
    r"clave|passwort|kennwort|(?:2fa|two.factor|verification|security|login|one.time|otp|sms|auth\w*) code|otp)"
    r"(?P<sep>\s*(?:(?:[:=]|\bis\b|\bwas\b|\best\b|\bes\b|\bist\b|\bwar\b|\blautet\b|\bhei(?:ß|ss)t\b|\bc['’]?est\b|\bc\b(?=\s*\S*\d))\s*:?\s*"
    r"|\s(?=\S*\d)"
    r"|\s(?:\w+\s){1,5}(?:is|was|:)\s+(?=\d{4,8}\b)"
    # "contraseña, la actual es Kayak_Sella2023!": a few words between, then letters and digits mixed
    r"|[,.]?\s(?:\w+\s){1,4}(?:is|was|es|era|est|etait|était|ist|war)\s+(?=\S*\d)(?=\S*[^\W\d_])(?=\S{6,})"
    # "Passwort vergessen, hab jetzt ein neues gesetzt: Schnitzel#88": a few words ending in one that
    # sets or types it, a colon, then letters and digits mixed
    r"|,?(?:\s[^\W\d_]+,?){0,7}\s(?:set|chose|chosen|used|typed|entered|tried|gesetzt|vergeben|gew[aä]hlt|"
    r"eingegeben|probiert|puse|puesto|eleg[ií]|elegido|us[eé]|usado|escrib[ií]|escrito|prob[eé]|mis|choisi|tap[eé]|"
    r"saisi|essay[eé]|utilis[eé])\s?:\s*(?=\S*\d)(?=\S*[^\W\d_])(?=\S{6,})"
    # "mot de passe oublié, j'ai essayé Chanel2019! et ...": a few words ending in one that tries it
    r"|,?(?:\s[^\W\d_]+(?:['’][^\W\d_]+)?,?){0,6}\s(?:essay[eé]|tried|probiert|prob[eé]|intent[eé]|typed|tap[eé])\s+"
    r"(?=\S*\d)(?=\S*[^\W\d_])(?=\S{6,})"
    # "... und das neue geht auch nicht: Kinderzimmer#88": any few words, a colon (French puts a space
    # before it: "pour que vous vérifiez : Chaton#88"), then a value with a lower-case letter, a digit
    # and a symbol (not an order number or an error code)
    r"|,?(?:\s[^\W\d_]+,?){1,10}\s?:\s*(?=\S*\d)(?=\S*[a-zà-ÿ])(?=\S*[#!_@$%&*+=?])(?=\S{6,})))"
    r"(?P<value>[\"']?[^\s\"',;]+[\"']?)",
    re.IGNORECASE,
)
# Words that follow "my password is" without being a password.
_NOT_A_PASSWORD = frozenset(
    """not wrong incorrect invalid expired correct right too the a an my your still being case same
    weak strong short long locked blocked reset changed working broken fine ok okay different set
    saved required empty forgotten lost stolen compromised hacked leaked no now also already
    never always definitely probably just only please pas faux incorrect incorrecto bloqueado
    falsch gesperrt nicht abgelaufen zu sehr neu alt richtig korrekt ungültig muy demasiado incorrecta
    correcta nueva antigua caducada bloqueada trop très tres fausse nouveau ancien expiré expirée bloqué
    bloquée""".split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True, slots=True)
class Found:
    """One piece of sensitive data: its kind and where it is in the text."""

    kind: str
    start: int
    end: int
    replacement: str


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """`text` in NFKC with every decimal digit as an ASCII one, and for each of its characters the
    index of the original character it came from (None when nothing changed)."""
    if text.isascii():
        return text, None
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        for n in unicodedata.normalize("NFKC", c) if not c.isascii() else c:
            digit = unicodedata.decimal(n, None)
            chars.append(str(digit) if digit is not None else n)
            origin.append(i)
    return "".join(chars), origin


def _card_like(digits: str) -> bool:
    """Whether the digits have a real card network's prefix and length (order numbers, dates mostly
    don't)."""
    n = len(digits)
    if digits[0] == "4":  # Visa
        return n in (13, 16, 19)
    if digits[:2] in ("34", "37"):  # American Express
        return n == 15
    if "51" <= digits[:2] <= "55" or "2221" <= digits[:4] <= "2720":  # Mastercard; a year (20xx) isn't
        return n == 16
    if "2200" <= digits[:4] <= "2204":  # Mir
        return 16 <= n <= 19
    if digits[:2] in ("30", "35", "36", "38", "39") or digits[0] in "56":  # Diners, JCB, Discover, Maestro
        return 14 <= n <= 19
    return False


def _glued_before(text: str, at: int) -> bool:
    """Whether the digits at `at` belong to a code that starts with letters (`HM-100234`, `AB12…`) or
    to an international phone number (`+44 …`)."""
    before = text[max(at - 2, 0) : at]
    return bool(before) and (
        _LETTER.match(before[-1]) is not None
        or before[-1] == "+"
        or (len(before) == 2 and before[1] in _DASHES and _LETTER.match(before[0]) is not None)
    )


def _glued_after(text: str, at: int) -> bool:
    """Whether the digits ending at `at` run on into letters (`…1234ABC`, `…1234-AB`)."""
    after = text[at : at + 2]
    return bool(after) and (
        _LETTER.match(after) is not None or (after[0] in _DASHES and _LETTER.match(after[1:]) is not None)
    )


def _card_from(text: str, groups: list[re.Match[str]], first: int, named: bool = False) -> tuple[int, Found] | None:
    """The longest card number made of whole groups starting at `groups[first]`, and its last group.
    In a message that names a card (`named`), four groups of four digits with a card network's prefix
    are one even when the Luhn check fails: a card number with a digit mistyped is still the card."""
    candidates: list[tuple[int, str]] = []
    digits = ""
    for last in range(first, len(groups)):
        digits += groups[last].group()
        if len(digits) > 19:
            break
        if len(digits) >= 13 and not _glued_after(text, groups[last].end()):
            candidates.append((last, digits))
    for last, digits in reversed(candidates):
        typed_as_a_card = named and last - first == 3 and all(len(g.group()) == 4 for g in groups[first:last + 1])
        if _card_like(digits) and (luhn.is_valid(digits) or typed_as_a_card):
            start, end = groups[first].start(), groups[last].end()
            return last, Found("card", start, end, f"**** **** **** {digits[-4:]}")
    return None


def _cards(text: str) -> list[Found]:
    """Card numbers: whole digit groups, 13-19 digits, a card network's prefix and length, the Luhn check.
    A number's first group has four digits or more; it starts a run of groups (after short numbers
    set off by spaces: `cvc 123 4111 …`), or follows a line break, a spaced mark (` / `, ` - `) or
    another card in the run; more groups may follow it (an expiry date, `09/28`). Nothing else is
    tried from the middle of a run: windows of phone numbers (`555-123-4567 / 555-…`), dates and
    tracking numbers would pass the checks by chance. Runs glued to letters (`HM-4111…`) are codes."""
    found = []
    named = _CARD_WORD.search(text) is not None
    for chain in _CHAIN.finditer(text):
        if _glued_before(text, chain.start()):
            continue
        groups = list(_GROUP.finditer(text, chain.start(), chain.end()))
        lead = 0
        while (
            lead < len(groups) - 1
            and len(groups[lead].group()) < 4
            and _WS_ONLY.fullmatch(text, groups[lead].end(), groups[lead + 1].start())
        ):
            lead += 1
        starts = {lead} | {
            i for i in range(1, len(groups)) if _STRONG_SEP.search(text, groups[i - 1].end(), groups[i].start())
        }
        i = 0
        while i < len(groups):
            if i not in starts or len(groups[i].group()) < 4:
                i += 1
                continue
            hit = _card_from(text, groups, i, named)
            if hit is None:
                i += 1
                continue
            last, card = hit
            found.append(card)
            starts.add(last + 1)  # a second card straight after the first
            i = last + 1
    return found


# A card number given in parts with words between ("it starts 4000 0566 and ends 5566 5556"): two
# to four runs of digits, each of four or more, a few words apart, in a message that names a card;
# together 13-19 digits with a card network's prefix and length and the Luhn check.
_CARD_WORD = re.compile(r"\b(?:card|carte|tarjeta|karte\w*|\w*karte|visa|mastercard|amex|maestro|cb)\b", re.IGNORECASE)
_PART_GAP = re.compile(r"[^\d]{1,60}")


def _split_cards(text: str) -> list[Found]:
    if not _CARD_WORD.search(text):
        return []
    runs = [m for m in _CHAIN.finditer(text) if not _glued_before(text, m.start()) and not _glued_after(text, m.end())]
    found: list[Found] = []
    i = 0
    while i < len(runs):
        digits = ""
        hit = None
        for last in range(i, min(i + 4, len(runs))):
            part = re.sub(r"\D", "", runs[last].group())
            if len(part) < 4 or (last > i and not _PART_GAP.fullmatch(text, runs[last - 1].end(), runs[last].start())):
                break
            digits += part
            if last > i and 13 <= len(digits) <= 19 and _card_like(digits) and luhn.is_valid(digits):
                hit = last
        if hit is None:
            i += 1
            continue
        found.extend(Found("card", runs[k].start(), runs[k].end(), "****") for k in range(i, hit))
        last_digits = re.sub(r"\D", "", runs[hit].group())[-4:]
        found.append(Found("card", runs[hit].start(), runs[hit].end(), f"**** {last_digits}"))
        i = hit + 1
    return found


# An account named in the message: an IBAN whose check digits fail is then masked all the same when it
# has its country's exact length and layout ("La cuenta nueva es ES76 0182 4572 1102 0158 3627", a
# digit mistyped); elsewhere the check keeps codes and references that merely look like one out.
_ACCOUNT_WORD = re.compile(r"\b(?:iban|cuenta|konto\w*|\w*konto|compte|rib|account|bank|banco|banque)\b", re.IGNORECASE)
_BBAN_PART = re.compile(r"(\d+)!([nac])")
_BBAN_CLASS = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}


def _iban_shaped(compact: str) -> bool:
    """Whether `compact` has the length and layout of its country's IBAN (check digits not checked)."""
    layout = stdnum_iban.numdb.get("iban").info(compact)[0][1].get("bban")
    if not layout or not compact[2:4].isdigit():
        return False
    bban = "".join(f"{_BBAN_CLASS[kind]}{{{count}}}" for count, kind in _BBAN_PART.findall(layout))
    return re.fullmatch(bban, compact[4:]) is not None


def _ibans(text: str) -> list[Found]:
    named = _ACCOUNT_WORD.search(text) is not None
    found = []
    pos = 0
    while m := _IBAN.search(text, pos):
        candidate = m.group()
        pos = m.start() + 1
        # The pattern may run on into following words ("... 7654 32 please"): shorten to a valid IBAN.
        while candidate:
            compact = re.sub(r"[^A-Za-z0-9]", "", candidate).upper()
            if len(compact) < 15:
                break
            # Structure and mod-97 only: the national checks also look the bank up in stdnum's
            # registry, and an IBAN of a bank it doesn't list (BE68 5390 0754 7034) must be masked too.
            if stdnum_iban.is_valid(compact, check_country=False) or (named and _iban_shaped(compact)):
                pos = m.start() + len(candidate)
                found.append(Found("iban", m.start(), pos, f"{compact[:2]}** **** **** {compact[-4:]}"))
                break
            candidate = _SEP_TAIL.sub("", candidate[:-1])
    return found


def _valid_curp_shape(found: str) -> bool:
    """Whether `found` is a CURP by its shape, birth date and state (the check digit not checked)."""
    try:
        mx_curp.validate(found, validate_check_digits=False)
    except ValueError:
        return False
    return True


# Ids with a checksum, masked wherever they appear: (pattern, validator, mask of what it matched).
_CHECKED_IDS: tuple[tuple[re.Pattern[str], Callable[[str], bool], Callable[[str], str]], ...] = (
    (_SSN, us_ssn.is_valid, lambda found: f"***-**-{found[-4:]}"),
    (_DNI, es_dni.is_valid, lambda found: f"********{found[-1].upper()}"),
    (_NIE, es_nie.is_valid, lambda found: f"********{found[-1].upper()}"),
    (_CURP, _valid_curp_shape, lambda found: "*" * 16 + found[-2:].upper()),
    (_CH_AVS, ch_ssn.is_valid, lambda found: "***.****.****." + found[-2:]),
    (_CL_RUT, cl_rut.is_valid, lambda found: "**.***.***-" + found[-1].upper()),
    (_BE_NN, be_nn.is_valid, lambda found: "**.**.**-***." + found[-2:]),
)


# Bare digit runs that are ids only next to a word naming one (`_ID_CONTEXT`): (pattern,
# validator, digits kept at the end of the mask).
_NAMED_IDS: tuple[tuple[re.Pattern[str], Callable[[str], bool], int], ...] = (
    (_SSN_BARE, us_ssn.is_valid, 4),
    # a French NIR's shape is the check: 15 digits starting 1 or 2, named as "sécu" or the like (a
    # mistyped key is still the customer's number)
    (_NIR, lambda found: True, 2),
    (_DE_IDNR, de_idnr.is_valid, 2),
    (_FR_NIF, fr_nif.is_valid, 2),
    (_NINO, lambda found: True, 2),  # the pattern is the whole check
    # a Spanish DNI whose letter doesn't check, in a message that names a DNI: mistyped, it is still theirs
    (_DNI, lambda found: not es_dni.is_valid(found), 1),
)


def _national_ids(text: str) -> list[Found]:
    found = [
        Found("national_id", m.start(), m.end(), mask(m.group()))
        for pattern, valid, mask in _CHECKED_IDS
        for m in pattern.finditer(text)
        if valid(m.group())
    ]
    found += [Found("national_id", m.start(1), m.end(1), "******" + m.group(1)[-2:])
              for pattern in (_PE_DNI, _CO_CEDULA) for m in pattern.finditer(text)]
    if _CA_SIN_CONTEXT.search(text):
        found += [Found("national_id", m.start(), m.end(), "*** *** " + m.group()[-3:]) for m in _CA_SIN.finditer(text)]
    if _ID_CONTEXT.search(text):
        for pattern, valid, keep in _NAMED_IDS:
            for m in pattern.finditer(text):
                compact = m.group().replace(" ", "")
                if valid(m.group()):
                    masked = "*" * (len(compact) - keep) + compact[-keep:]
                    found.append(Found("national_id", m.start(), m.end(), masked))
    return found


# A password told before its name or after signing in with it: "I'm typing Sunflower88 as the
# password", "I tried logging in with Hydrangea2025!", "pass: Tulip-2024". Letters and a digit, six
# characters or more, not an e-mail address.
_PASSWORD_FIRST = re.compile(
    r"(?:\b(?:typing|typed|type|entering|entered|enter|using|used|use|put|putting|tried|trying)\s+"
    r"(?P<before>(?=\S*\d)(?=\S*[^\W\d_])[^\s@]{6,})\s+as\s+(?:the|my|a)\s+(?:new\s+)?(?:password|passcode|pin)\b"
    r"|\blog(?:ging|ged)?\s?in\s+with\s+(?P<with>(?=\S*\d)(?=\S*[^\W\d_])[^\s@]{6,})"
    r"|\bpass\s*:\s*(?P<pass>(?=\S*\d)(?=\S*[^\W\d_])[^\s\"',;@]{5,}))",
    re.IGNORECASE,
)


def _passwords(text: str) -> list[Found]:
    found = []
    for m in _PASSWORD.finditer(text):
        value = m.group("value").strip("\"'").rstrip(".!?")
        explicit = ":" in m.group("sep") or "=" in m.group("sep")
        if not value or (not explicit and value.lower().rstrip(".!?") in _NOT_A_PASSWORD):
            continue
        found.append(Found("password", m.start("value"), m.end("value"), "********"))
    for m in _PASSWORD_FIRST.finditer(text):
        group = next(g for g in ("before", "with", "pass") if m.group(g))
        value = m.group(group) if group == "before" else m.group(group).rstrip(".!?")  # not the sentence's end
        found.append(Found("password", m.start(group), m.start(group) + len(value), "********"))
    return found


# The number of an identity document: after a word naming a passport, an identity card or a
# driving licence (and perhaps "number", "no", "is", a colon), 6 to 16 letters and digits with at
# least 4 digits ("passport no. 533380006", "Reisepass C01X00T47", "Personalausweisnummer ist
# LZ6R3X1T9", "Ma CIN c'est BK245871", "driving licence MORGA753116SM9IJ").
_ID_DOCUMENT = re.compile(
    r"\b(?:passport|pasaporte|passeport|passaporto|reisepass(?:nummer|nr)?|pass(?:nummer|nr)|cin|cnie|"
    r"personalausweis(?:nummer|-?nr\.?)?|ausweis(?:nummer|-?nr\.?)|id[- ]card|identity card|carte d['’]identit[eé]|"
    r"documento de identidad|driving licen[cs]e|driver['’]?s licen[cs]e|f[uü]hrerschein(?:nummer)?|"
    r"permis de conduire|carn[eé]t? de conducir|permiso de conducir|paspoort|identiteitskaart|rijbewijs|"
    r"carta d['’]identit[aà]|patente di guida)\b"
    r"(?:(?:\s*(?:number|num[eé]ro|n[uú]mero|nummer|no\.?|nr\.?|n[°º]|#|is|es|est|c['’]est|ist|lautet|:)){0,3}\s*:?\s*"
    # or a few words, then a colon or a comma: "les paso mi pasaporte para que me desbloqueen la cuenta: AAE123456"
    r"|(?:[ ,]+[^\W\d_]+){1,8}\s*[:,]\s*)"
    r"(?P<value>(?=(?:[A-Za-z]*\d){4})[A-Za-z0-9]{6,16})(?![\w-])",
    re.IGNORECASE,
)
# A card's security code (CVV, CVC, "the 3 digits on the back"): 3 or 4 digits after its name.
_CARD_CODE = re.compile(
    r"\b(?:cvv2?|cvc2?|csc|card (?:security|verification) (?:code|value|number)|"
    r"(?:3|4|three|four) (?:digit|digits|numbers) on the back|cryptogramme(?: visuel)?|"
    # "el código de atrás es 737", "los 3 números de atrás", "les 3 chiffres au dos", "die 3 Ziffern hinten"
    r"c[oó]digo (?:cvv|cvc|de seguridad de la tarjeta|de atr[aá]s|de detr[aá]s)|"
    r"(?:3|4|tres|cuatro) (?:n[uú]meros|d[ií]gitos) de (?:atr[aá]s|detr[aá]s)|(?:3|4|trois|quatre) chiffres (?:au dos|derri[eè]re)|"
    r"(?:3|4|drei|vier) (?:ziffern|zahlen) (?:auf der r[uü]ckseite|hinten)|"
    r"kartenpr[uü]fnummer|pr[uü]fnummer|pr[uü]fziffer)\b"
    r"(?:\s+(?:of\s+|de\s+)?(?:the|my|mi|ma|la|der|meiner)?\s*(?:card|carte|tarjeta|karte))?"
    r"\s*(?:[:=#]|\bis\b|\bes\b|\best\b|\bist\b|\blautet\b|\bwas\b|\bare\b|\bson\b|\bsont\b|\bsind\b)?\s*:?\s*"
    r"(?P<value>\d{3,4})(?![\d\w-])",
    re.IGNORECASE,
)
# A UK bank account: an 8-digit account number in a message that also gives a sort code
# ("sort code 20-00-00, account 12345678"). Either alone is left alone: an 8-digit number is often
# an order, and a sort code only names a branch.
_SORT_CODE = re.compile(r"\bsort ?code\b\D{0,12}?(?P<value>\d{2}[- ]?\d{2}[- ]?\d{2})(?![\d-])", re.IGNORECASE)
_UK_ACCOUNT = re.compile(
    r"\b(?:account|acc|acct|a/c)(?: (?:number|no\.?|num|#))?\s*(?:is\s*)?[:#]?\s*(?P<value>\d{8})(?!\d)",
    re.IGNORECASE,
)


# A national, social-security or tax number right after its name, whatever its checksum: what the
# customer typed as their number is theirs to keep out of the chat, even mistyped or a sample
# ("my BSN is 123456782", "codice fiscale: RSSMRA85T10A562S", "NI number QQ 12 34 56 C", "CPR-nummer
# 010190-1234", "mi CUIL es 20-12345678-3"). A VAT number is a business's public one and is left.
_ID_NAME = re.compile(
    r"\b(?:ssn|social security(?: number| no\.?)?|s[eé]curit[eé] sociale|(?:num(?:[eé]ro)? de )?s[eé]cu|carte vitale|"
    r"insee|nir|national insurance(?: number| no\.?)?|ni (?:number|no\.?)|nino|national id(?:entity)?(?: number)?|"
    r"(?:personal |national )?id(?:entity)? number|id-nummer|identification number|tax (?:id|number|no\.?|code)|"
    r"tax identification number|steuer-?id|steuer-?(?:identifikations)?nummer|steueridentifikationsnummer|idnr|"
    r"identifikationsnummer|sozialversicherungsnummer|(?:renten)?versicherungsnummer|sv-?nummer|ahv(?:-?nummer)?|avs|"
    r"(?:n[uú]mero de (?:la )?)?seguridad social|n[uú]mero de afiliaci[oó]n|nuss|"
    r"num[eé]ro fiscal|num[eé]ro d['’]identification fiscale|nif|(?-i:NIE)|dni|n[uú]mero de (?:identificaci[oó]n|documento)|"
    r"c[eé]dula|rut|cuit|cuil|cpf|rfc|curp|nss|codice fiscale|bsn|burgerservicenummer|pps(?:n| number| no\.?)?|"
    r"pesel|personnummer|cpr(?:-?nummer)?|henkil[oö]tunnus|f[oø]dselsnummer)\b"
    # a few words, then a colon ("mon numéro fiscal pour la facturation vendeur : 3 02 45 678 912 34"),
    # or only "number", "is", a colon and the like
    r"(?:(?:[ ,]+[^\W\d_]+){1,8}(?:\s*:|,?\s+(?:es|is|est|ist|lautet|c['’]?est)\b:?)\s*"
    r"|(?:\s*(?:number|num[eé]ro|n[uú]mero|nummer|no\.?|nr\.?|n[°º]|#|is|es|est|c['’]est|ist|lautet|è|e|é|:)){0,3}\s*:?\s*)"
    r"(?P<value>[A-Za-z0-9]+(?:[ .\-/][A-Za-z0-9]+){0,6})",
    re.IGNORECASE,
)


# Whose number an "id number" is, when it is not a person's: "order id number 40012345".
_NOT_A_PERSON = re.compile(
    r"(?:order|tracking|transaction|listing|product|item|customer|account|seller|vendor|shop|store|parcel|"
    r"shipment|payment|invoice|case|ticket|reference|user|member|vehicle|frame|serial|pedido|commande|bestell)\W*$",
    re.IGNORECASE,
)


_NOT_CHECK_LETTERS = frozenset({"OK", "NO", "SI", "JA"})


def _labelled_ids(text: str) -> list[Found]:
    found = []
    for m in _ID_NAME.finditer(text):
        if _NOT_A_PERSON.search(text, max(m.start() - 16, 0), m.start()):
            continue
        chunks = re.split(r"([ .\-/])", m.group("value"))
        # Keep the chunks up to the last one with a digit, or a capital check letter or two right
        # after one ("1234567 TA", "12 34 56 C"); words after the number ("... y mi tarjeta") are not it.
        keep = 0
        for i in range(0, len(chunks), 2):
            chunk = chunks[i]
            check_letters = keep == i - 1 and len(chunk) <= 2 and chunk.isupper() and chunk not in _NOT_CHECK_LETTERS
            if any(c.isdigit() for c in chunk) or check_letters:
                keep = i + 1
            elif keep or len(chunk) > 3:
                break
        value = "".join(chunks[:keep])
        digits = sum(c.isdigit() for c in value)
        if digits < 6 or len(value) > 24:
            continue
        start = m.start("value")
        found.append(Found("national_id", start, start + len(value), "*" * (len(value) - 2) + value[-2:]))
    return found


def _id_documents(text: str) -> list[Found]:
    return [Found("national_id", m.start("value"), m.end("value"), "*" * (len(m.group("value")) - 2) + m.group("value")[-2:])
            for m in _ID_DOCUMENT.finditer(text)]


def _card_codes(text: str) -> list[Found]:
    return [Found("card", m.start("value"), m.end("value"), "***") for m in _CARD_CODE.finditer(text)]


def _uk_bank_accounts(text: str) -> list[Found]:
    sort_codes = list(_SORT_CODE.finditer(text))
    accounts = list(_UK_ACCOUNT.finditer(text)) if sort_codes else []
    if not accounts:
        return []
    found = [Found("bank_account", m.start("value"), m.end("value"), "**-**-" + m.group("value")[-2:])
             for m in sort_codes]
    found.extend(Found("bank_account", m.start("value"), m.end("value"), "****" + m.group("value")[-4:])
                 for m in accounts)
    return found


def _domestic_bank_accounts(text: str) -> list[Found]:
    return [Found("bank_account", start, end, masked) for start, end, masked in bank_details(text)]


# A one-time code: "code" (or "Bestätigungscode", "código", "OTP", "TAN") followed, with only small
# words between ("the code you sent is", "le code reçu par sms"), by 4-8 digits, perhaps in groups
# ("70 55 19"). Codes that are not secrets (postal, promo, tracking, error codes) are left alone.
_CODE_LABEL = re.compile(r"\b(?:\w*code|c[oó]digo|otp|tan)\b", re.IGNORECASE)
_NOT_A_SECRET_CODE = re.compile(
    r"(?:postal|post|zip|promo|promotional|discount|voucher|coupon|gift|tracking|track|area|country|"
    r"dial(?:l)?ing|sort|swift|bic|error|product|item|reference|ref|hs|tariff|tax|vat|qr|bar|shipping|"
    r"referral|invite|invitation|colour|color|source|style|dress|html|css|order|bestell|commande|pedido|"
    r"parcel|box|label|model|batch|lot|part|article|ean|sku)[\s-]*$",
    re.IGNORECASE,
)
_CODE_WORDS = (
    r"(?:you|u|i|we|they|sent|send|texted|text|got|get|received|receive|gave|give|is|was|are|the|my|me|"
    r"to|by|via|per|sms|mail|email|e-mail|es|ist|est|lautet|war|de|par|le|la|el|mi|mon|ma|que|qui|vous|"
    r"avez|envoy[ée]|re[cç]u|recibido|enviado|bekommen|erhalten|habe|hab|ich|j'ai|he|me|han|a|an|this|"
    r"that|number|nummer|n[uú]mero|num[ée]ro|lleg[oó]|arrived|came|kam|arriv[ée]|por|para|con|del|al|"
    r"[uü]ber|mit|avec|sur|dans|it's|it|its|c'est|verificaci[oó]n|verification|v[ée]rification|confirmaci[oó]n|"
    r"confirmation|seguridad|security|s[ée]curit[ée]|acceso|access|acc[eè]s|connexion|mensaje|mensajito|message|nachricht|"
    # shortened as typed: "un code de vérif 771204", "código de confirm 5521"
    r"v[ée]rif|confirm|s[ée]cu|"
    # as typed in a chat: "el codigo q me llego x sms es 482913", "hab grad nen code per sms gekriegt 739201"
    r"q|k|x|ya|acaba|recien|reci[ée]n|grad|gerade|eben|nen|einen|ein|gekriegt|kriegt|bekam|jai|j ai|juste)"
)
_CODE_VALUE = re.compile(
    rf"^(?P<gap>(?:\s*[:=#]?\s*|,?\s+{_CODE_WORDS}(?:\s+{_CODE_WORDS}){{0,5}}\s*[:=,]?\s*))"
    r"(?P<value>\d{2,8}(?:[ -]\d{2,4}){0,3})(?![\d\w-])",
    re.IGNORECASE,
)


# A plain "code" is a one-time code only in a message about signing in or a code that was sent.
_SPECIFIC_CODE = re.compile(r"(?:verif|confirm|best[aä]tig|sms|otp|tan|2fa|login|security|sicherheits|auth)", re.IGNORECASE)
_CODE_CONTEXT = re.compile(
    r"\b(?:sms|texto?|texted|verif\w*|log ?in|sign ?in|2fa|otp|one.time|expir\w*|unlock\w*|d[ée]bloquer|"
    r"desbloquear|entsperr\w*|best[aä]tig\w*|confirm\w*|account|compte|cuenta|konto|authenti\w*|"
    r"sent me|you sent|i got|i received|recibid[oa]|me lleg[oó]|me ha llegado|re[cç]u|erhalten|bekommen|"
    r"envoy[ée]|sent|phone|m[oó]vil|celular|t[ée]l[ée]phone|portable|handy|asked|ped[ií]a|pidi[oó]|demand[ée]|"
    r"gefragt|verlangt)\b",
    re.IGNORECASE,
)


def _one_time_codes(text: str) -> list[Found]:
    found = []
    for label in _CODE_LABEL.finditer(text):
        word = label.group().lower()
        if not _SPECIFIC_CODE.search(word) and not _CODE_CONTEXT.search(text):
            continue
        if word.endswith("code") and _NOT_A_SECRET_CODE.search(word[: -len("code")] or text[: label.start()]):
            continue
        if re.match(r"\s*(?:postal|postale)\b", text[label.end():], re.IGNORECASE):
            continue
        m = _CODE_VALUE.match(text[label.end():])
        if m is None:
            continue
        value = m.group("value")
        if not 4 <= sum(c.isdigit() for c in value) <= 8:
            continue
        start = label.end() + m.start("value")
        found.append(Found("password", start, start + len(value), "********"))
    return found


# IBANs first: the digits of one may also pass for a card number.
_DETECTORS: tuple[Callable[[str], list[Found]], ...] = (
    _ibans, _cards, _split_cards, _uk_bank_accounts, _domestic_bank_accounts, _national_ids, _id_documents, _labelled_ids,
    _passwords, _card_codes, _one_time_codes,
)


def find_sensitive(text: str) -> list[Found]:
    """Every sensitive item in `text`, left to right, without overlaps (the first detector wins).
    Positions are in `text` itself, whatever normalising the detectors' copy needed."""
    normal, origin = _normalise(text)
    taken: list[Found] = []
    for detector in _DETECTORS:
        for item in detector(normal):
            if origin is not None:
                item = Found(item.kind, origin[item.start], origin[item.end - 1] + 1, item.replacement)
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
