"""Sensitive data is masked before the text goes anywhere: cards, IBANs, national ids, passwords."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from bot.escalation.engine import RulesEngine
from bot.escalation.sensitive import mask_sensitive
from tests.support.rules import CARD_TAG, HANDOFF_RULES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine() -> RulesEngine:
    return RulesEngine.from_file(HANDOFF_RULES, None)


@pytest.mark.parametrize(
    ("text", "masked", "kinds"),
    [
        ("my card is 4111 1111 1111 1111 exp 09/28", "my card is **** **** **** 1111 exp 09/28", ["card"]),
        ("use 5555-5555-5555-4444 instead", "use **** **** **** 4444 instead", ["card"]),
        ("amex 378282246310005 please", "amex **** **** **** 0005 please", ["card"]),
        ("IBAN: GB82 WEST 1234 5698 7654 32, thanks", "IBAN: GB** **** **** 5432, thanks", ["iban"]),
        ("pay to DE89370400440532013000", "pay to DE** **** **** 3000", ["iban"]),
        ("my SSN is 123-45-6789", "my SSN is ***-**-6789", ["national_id"]),
        # European ids, checksum-valid: a German tax id and a French tax number only when named.
        ("Steuer-ID: 86 095 742 719, passt das?", "Steuer-ID: *********19, passt das?", ["national_id"]),
        ("mi NIE es X1234567L", "mi NIE es ********L", ["national_id"]),
        ("mon numéro fiscal 30 23 217 600 053", "mon numéro fiscal ***********53", ["national_id"]),
        # A UK National Insurance number when named, a passport number after its name, a card's
        # security code, a UK account number given with its sort code.
        ("my NI number is AB 12 34 56 C", "my NI number is *******6C", ["national_id"]),
        ("passport no. 533380006, expires 2031", "passport no. *******06, expires 2031", ["national_id"]),
        ("numéro de passeport : 18AB12345", "numéro de passeport : *******45", ["national_id"]),
        ("Reisepass C01X00T47 ist abgelaufen", "Reisepass *******47 ist abgelaufen", ["national_id"]),
        # a few words, then a colon: "les paso mi pasaporte para que me desbloqueen la cuenta: ..."
        (
            "Les paso mi pasaporte para que me desbloqueen la cuenta: AAE123456, vence en 2029.",
            "Les paso mi pasaporte para que me desbloqueen la cuenta: *******56, vence en 2029.",
            ["national_id"],
        ),
        # a Mexican CURP, wherever it appears, even with a wrong check digit
        ("Para la factura les dejo mi CURP: GOMC850312HDFRRL09, porfa", "Para la factura les dejo mi CURP: ****************09, porfa", ["national_id"]),
        ("les paso BADD110313HCMLNS09 para el envío", "les paso ****************09 para el envío", ["national_id"]),
        # a Swiss AVS number and a Chilean RUT (checksums), a Peruvian DNI after its name
        ("Mon numéro AVS est 756.1234.5678.97, ça suffit ?", "Mon numéro AVS est ***.****.****.97, ça suffit ?", ["national_id"]),
        ("no me deja registrarme con mi RUT 12.345.678-5", "no me deja registrarme con mi RUT **.***.***-5", ["national_id"]),
        ("para la boleta pongan mi DNI 45873216 por favor", "para la boleta pongan mi DNI ******16 por favor", ["national_id"]),
        # a French social security number after "num de secu"
        ("mon num de secu c 1 85 05 78 006 084 91 ca suffit ?", "mon num de secu c *************91 ca suffit ?", ["national_id"]),
        ("le voici au cas où, mon numéro de sécu : 2 84 07 75 115 042 58", "le voici au cas où, mon numéro de sécu : *************58", ["national_id"]),
        # a Canadian SIN, named; a Colombian cédula after its name
        ("Mon numéro d'assurance sociale c'est le 046 454 286, c'est correct ?", "Mon numéro d'assurance sociale c'est le *** *** 286, c'est correct ?", ["national_id"]),
        ("les dejo mis datos: cédula 1.020.456.789, a nombre de Juliana", "les dejo mis datos: cédula ******89, a nombre de Juliana", ["national_id"]),
        ("Me llegó un código por SMS, 483920, ¿se los paso?", "Me llegó un código por SMS, ********, ¿se los paso?", ["password"]),
        ("mot de passe oublié, j'ai essayé Chanel2019! et rien", "mot de passe oublié, j'ai essayé ******** et rien", ["password"]),
        ("the CVV is 482", "the CVV is ***", ["card"]),
        ("Karte gültig bis 11/26, Prüfnummer 123", "Karte gültig bis 11/26, Prüfnummer ***", ["card"]),
        ("sort code 20-00-00, account 12345678", "sort code **-**-00, account ****5678", ["bank_account"]),
        ("my password is hunter2", "my password is ********", ["password"]),
        ("login anna@example.com password: Sunflower", "login anna@example.com password: ********", ["password"]),
        ("mot de passe est chaton42", "mot de passe est ********", ["password"]),
        ("the 2fa code I got is 482913", "the 2fa code I got is ********", ["password"]),
        # One-time codes however they are announced and grouped, and a password after "pw:".
        ("Got a text with code 482913, is that the one you need?", "Got a text with code ********, is that the one you need?", ["password"]),
        ("The verification code you sent is 70 55 19, hurry", "The verification code you sent is ********, hurry", ["password"]),
        ("j'ai reçu le code 839 204 par sms", "j'ai reçu le code ******** par sms", ["password"]),
        ("el código que me llegó es 4417-22", "el código que me llegó es ********", ["password"]),
        ("Mein Bestätigungscode ist 5521 09", "Mein Bestätigungscode ist ********", ["password"]),
        ("my login: maria.v / pw: Lumen2024! it says invalid", "my login: maria.v / pw: ******** it says invalid", ["password"]),
        # Domestic bank details: a US routing number (checksum) with its account, a Kontonummer with
        # its BLZ, a Spanish CCC (control digits), a French RIB (its key, or its parts each named).
        ("routing number 021000021, account 4470012345", "routing number *****0021, account ******2345", ["bank_account"]),
        ("Kontonummer 1234567890, BLZ 100 200 30", "Kontonummer ********90, BLZ ******30", ["bank_account"]),
        ("mi cuenta es 2100 0418 45 0200051332", "mi cuenta es ****************1332", ["bank_account"]),
        ("mon RIB : 30004 00550 00010123456 90", "mon RIB : *******************56**", ["bank_account"]),
        (
            "code banque 30004, code guichet 00550, compte 00010123456, clé 78",
            "code banque ***04, code guichet ***50, compte *********56, clé **",
            ["bank_account"],
        ),
        # Identity cards and driving licences after their name, as passports are.
        ("Personalausweisnummer T22000129", "Personalausweisnummer *******29", ["national_id"]),
        ("driving licence MORGA753116SM9IJ", "driving licence **************IJ", ["national_id"]),
        ("mein Passwort lautet Sommer2024!", "mein Passwort lautet ********", ["password"]),
        ("mon mot de passe c'est chaton77", "mon mot de passe c'est ********", ["password"]),
        ("el código que me llegó por sms es 482913", "el código que me llegó por sms es ********", ["password"]),
        # a few words between the name and the password, which mixes letters and digits
        (
            "Olvidé cambiar la contraseña, la actual es Kayak_Sella2023! ¿Podéis entrar?",
            "Olvidé cambiar la contraseña, la actual es ******** ¿Podéis entrar?",
            ["password"],
        ),
        ("my password for the shop is Tr4il-Blazer", "my password for the shop is ********", ["password"]),
        ("jarrive plus a me connecter!! mon mdp c Soleil2024!! vous pouvez regarder", "jarrive plus a me connecter!! mon mdp c ******** vous pouvez regarder", ["password"]),
        (
            "Ich habe mein Passwort vergessen und das neue geht auch nicht: Kinderzimmer#88. Bitte zurücksetzen.",
            "Ich habe mein Passwort vergessen und das neue geht auch nicht: ******** Bitte zurücksetzen.",
            ["password"],
        ),
        # French typography: a space before the colon
        (
            "Voici mon mot de passe, pour que vous puissiez regarder : Moineau_77",
            "Voici mon mot de passe, pour que vous puissiez regarder : ********",
            ["password"],
        ),
        # words ending in one that sets or types it, then a colon
        (
            "Passwort vergessen, hab jetzt ein neues gesetzt: Schnitzel#88 und komme nicht rein",
            "Passwort vergessen, hab jetzt ein neues gesetzt: ******** und komme nicht rein",
            ["password"],
        ),
        # a Belgian national register number (checksum), a Moroccan CIN, German ID and passport numbers
        # named with "-nummer"
        (
            "alors je vous le note ici : 85.07.30-033.28. Vous pouvez le lui donner ?",
            "alors je vous le note ici : **.**.**-***.28. Vous pouvez le lui donner ?",
            ["national_id"],
        ),
        ("Ma CIN c'est BK245871, valable jusqu'en 2029", "Ma CIN c'est ******71, valable jusqu'en 2029", ["national_id"]),
        ("Personalausweisnummer ist LZ6R3X1T9, gültig bis 2031", "Personalausweisnummer ist *******T9, gültig bis 2031", ["national_id"]),
        ("schicke ich Ihnen meine Reisepassnummer P4382915, weil", "schicke ich Ihnen meine Reisepassnummer ******15, weil", ["national_id"]),
        # Named, a national or tax number is masked whatever its checksum: a sample, an invented or
        # a mistyped number is still what the customer gave as theirs.
        ("My BSN is 123456782.", "My BSN is *******82.", ["national_id"]),
        # a Spanish DNI with the wrong letter, in a message that names the DNI some words before
        ("La foto del DNI no sube desde la app, os escribo el número a ver si os vale: 12345678A",
         "La foto del DNI no sube desde la app, os escribo el número a ver si os vale: ********A", ["national_id"]),
        ("Il mio codice fiscale è RSSMRA85T10A562S, serve per la fattura",
         "Il mio codice fiscale è **************2S, serve per la fattura", ["national_id"]),
        ("NI number QQ 12 34 56 C please", "NI number *********** C please", ["national_id"]),
        ("RUT 12.345.678-4 no me deja", "RUT **********-4 no me deja", ["national_id"]),
        ("mi CUIL es 20-12345678-3 y nada más", "mi CUIL es ***********-3 y nada más", ["national_id"]),
        ("identiteitskaart nummer IR1234567", "identiteitskaart nummer *******67", ["national_id"]),
        ("Personalausweisnr L01X00T47, reicht das?", "Personalausweisnr *******47, reicht das?", ["national_id"]),
        ("mon numéro fiscal pour la facturation : 3 02 45 678 912 34", "mon numéro fiscal pour la facturation : ****************34",
         ["national_id"]),
        # A password told before its name or signed in with; a one-time code after "verification",
        # "confirmation" or "it's", or in a message about a code sent to a phone or asked for.
        ("I'm typing Sunflower88 as the password and it says wrong",
         "I'm typing ******** as the password and it says wrong", ["password"]),
        ("I tried logging in with Hydrangea2025! but it's locked",
         "I tried logging in with ********! but it's locked", ["password"]),
        ("pass: Tulip-2024", "pass: ********", ["password"]),
        ("te paso el código de verificación: 6620", "te paso el código de verificación: ********", ["password"]),
        ("le code de confirmation est 993310", "le code de confirmation est ********", ["password"]),
        ("your agent asked for my code, it's 3316 92", "your agent asked for my code, it's ********", ["password"]),
        ("they sent a code 7742 to my phone", "they sent a code ******** to my phone", ["password"]),
        # typed in a chat: "q", "x", "grad", "nen", "cest"
        ("el codigo q me llego x sms es 482913, donde lo pongo", "el codigo q me llego x sms es ********, donde lo pongo",
         ["password"]),
        ("hab grad nen code per sms gekriegt 739201", "hab grad nen code per sms gekriegt ********", ["password"]),
        ("J'ai reçu un code de vérif 771204 par texto", "J'ai reçu un code de vérif ******** par texto", ["password"]),
        ("mon mdp cest Soleil*2024 et ca marche plus", "mon mdp cest ******** et ca marche plus", ["password"]),
        # a card's security code in Spanish; a Mexican CLABE and an Argentine CBU in a message about an account
        ("la fecha esta bien y el codigo de atras es 737, que mas puede ser", "la fecha esta bien y el codigo de atras es ***, que mas puede ser",
         ["card"]),
        ("les paso mi CLABE 002010077777777771 para las ventas", "les paso mi CLABE **************7771 para las ventas",
         ["bank_account"]),
        ("mi CBU es 2850590940090418135201", "mi CBU es ******************5201", ["bank_account"]),
        # a tax number named, a few words, then "es": "me piden el cuit para la factura, es 20-12345678-6"
        ("me piden el cuit para la factura, es 20-12345678-6", "me piden el cuit para la factura, es ***********-6",
         ["national_id"]),
        # A card number given in two parts, a few words apart.
        ("my card starts 4000 0566 and ends 5566 5556, is it blocked?",
         "my card starts **** and ends **** 5556, is it blocked?", ["card"]),
        (
            "card 4242424242424242 and my password is s3cret!",
            "card **** **** **** 4242 and my password is ********",
            ["card", "password"],
        ),
    ],
)
def test_sensitive_data_is_masked_keeping_only_what_staff_need(
    engine: RulesEngine, text: str, masked: str, kinds: list[str]
) -> None:
    assert engine.mask(text) == (masked, kinds)


@pytest.mark.parametrize(
    "text",
    [
        "order 4111 1111 1111 1112 was declined",  # fails the Luhn check, and no card is named
        "reference ES76 0182 4572 1102 0158 3627 for the invoice",  # an IBAN's shape, wrong check digits, no account named
        "order 113542617735902 has not arrived",  # Luhn-valid by chance, but no card network starts with 1
        "Bestellung 86095742719 ist nicht angekommen",  # a valid German tax id, but not called one
        "Das Paket 123456789 kam nie an",  # "nie" is German for never, not the Spanish id
        "el pedido 12345678A no ha llegado",  # a DNI's shape with a wrong letter, but no DNI named
        "tracking 01905523411872 hasn't moved",
        "call me on 555-123-4567",
        "my password is not working",
        "I forgot my password, how do I reset it?",
        "What does IBAN mean on the payout page?",
        "I paid with the card ending in 1111",
        "order HM-100234 shipped on 2026-12-02",
        "delivery between 2026-12-02 2026-12-10 please",  # two dates: 16 Luhn-valid digits starting with 2
        "delivery from 2026-12-02 - 2026-12-10",
        "we are away 22.12.2026 - 24.12.2026",  # the same, day first
        "call +44 20 7946 0958 or 555-123-4567 / 555-005-6543",  # the first 16 digits are Luhn-valid
        "total 1.234.567,89 EUR, was $4,111.11",
        "USPS 9400 1118 9922 3397 8857 26 and UPS 1Z999AA10123456784",
        "Ｏｒｄｅｒ ＨＭ－１００２３４ ｏｎ ２０２６－１２－０２",
        # Codes that are not secrets, and questions about codes.
        "my postcode is 10115, how long is delivery?",
        "zip code 90210",
        "code postal 75001",
        "promo code 2024 doesn't work",
        "error code 5003 when paying",
        "the code 1234 is on the box label",
        "use code 20241125 at checkout?",
        "how long is the sms code valid?",
        "I never got the verification code for my account",
        # Named, but no number of theirs: a passport question, a lone sort code or account number.
        "my passport expired in 2024, can I still verify?",
        "passport photo rejected twice",
        "what is a CVV and where do I find it?",
        "what is your sort code for bank transfers?",
        "sort code 20-00-00",
        "account number 12345678 is my shop account",
        "AB123456C is the model number",  # NINO-shaped, not named
        # Bank details that are not certain: a routing number that fails its checksum, a
        # Kontonummer without its BLZ, twenty digits that are no CCC or not about an account.
        "routing number 021000022, account 4470012345",
        "Kontonummer 1234567890 stimmt nicht?",
        "mi cuenta es 2100 0418 46 0200051332",
        "seguimiento 2100 0418 45 0200051332 no se mueve",
        "mon compte 00010123456 est bloqué",
        "driving licence expired, can I still sell?",
        "ni idea de dónde está AB123456C",  # Spanish "ni" (nor) is not "NI number"
        # what a password is like, not what it is
        "mein Passwort ist zu kurz",
        "mi contraseña es muy larga, la puedo cambiar?",
        "mon mot de passe est trop long",
        "the password for my account is not working since the 2023 update",
        "the pin on the stove valve is 12mm wide",
        "my password reset fails with error: E40213 again",
        "I changed my password yesterday, still locked. Order: TD12345678",
        "passport renewal: order AB1234567 shipped?",
        "mdp c trop long, je peux le changer ?",
        "pedido 123 456 789 sin llegar todavía",  # "sin" is Spanish: no SIN named
        "I tried 3 times yesterday, password still wrong",
        # "ID number", "identification number" of things, not people; a business's VAT number
        "My order id number 40012345 hasn't shipped",
        "the vehicle identification number is WVWZZZ1JZXW000001, which part fits?",
        "Where do I put my VAT number DE123456789?",
        "Ich habe nie 2500000 Punkte bekommen",
        # signing in with what is not a password, a pass that is not one
        "I log in with my email anna2@x.com, is that right?",
        "I used model X200 as the base for the lamp",
        "boarding pass: seat 12A",
        "the discount code 2024 I was sent doesn't work",
        # two numbers a few words apart in a message about a card, not one card in two parts
        "order 5512345 and order 6789012 both late, card was charged",
        "756.1234.5678.90 is the tracking number",  # AVS-shaped, wrong check digit
        "ABCD123456XYZABC12 is the serial number",  # CURP-shaped letters and digits, no birth date or state
        "85.07.30-033.29 est mon numéro de suivi",  # a register number's shape, wrong check digits
        "la CIN est arrivée ? commande 2024",  # named, but no number of theirs
        "Reisepass abgelaufen am 12.03.2024, kann ich trotzdem verifizieren?",
        "el codigo postal q puse es 28013, esta bien?",
        "mi dni lo tengo en la app, es necesario para la factura?",
        "el pedido 002010077777777771 no me ha llegado",  # a CLABE's digits, but no account in the message
    ],
)
def test_ordinary_numbers_and_words_are_left_alone(engine: RulesEngine, text: str) -> None:
    assert engine.mask(text) == (text, [])


# The ways people really write them: dots, slashes, dashes, double, non-breaking or thin spaces,
# a line break, full-width or Arabic-Indic digits, an expiry date straight after. Only the number's
# own characters are replaced; the rest of the message stays as written.
@pytest.mark.parametrize(
    ("text", "masked", "kinds"),
    [
        ("my card is 4111.1111.1111.1111 exp 09/28", "my card is **** **** **** 1111 exp 09/28", ["card"]),
        ("card 4111/1111/1111/1111", "card **** **** **** 1111", ["card"]),
        ("card 4111  1111  1111  1111 thanks", "card **** **** **** 1111 thanks", ["card"]),
        ("card 4111\u00a01111\u00a01111\u00a01111 thanks", "card **** **** **** 1111 thanks", ["card"]),
        ("card 4111\u20091111\u202f1111\u20091111!", "card **** **** **** 1111!", ["card"]),
        ("card 4111\u200b1111\u200b1111\u200b1111", "card **** **** **** 1111", ["card"]),
        ("my card:\n4111 1111\n1111 1111\nthanks", "my card:\n**** **** **** 1111\nthanks", ["card"]),
        ("use 5555–5555–5555–4444 instead", "use **** **** **** 4444 instead", ["card"]),
        ("amex 3782 - 822463 - 10005 please", "amex **** **** **** 0005 please", ["card"]),
        ("カード ４１１１ １１１１ １１１１ １１１１ です", "カード **** **** **** 1111 です", ["card"]),
        ("ｃａｒｄ：４１１１　１１１１　１１１１　１１１１。", "ｃａｒｄ：**** **** **** 1111。", ["card"]),
        ("بطاقتي ٤١١١ ١١١١ ١١١١ ١١١١ شكرا", "بطاقتي **** **** **** 1111 شكرا", ["card"]),
        ("card 4111 1111 1111 1111 09/28 cvv", "card **** **** **** 1111 09/28 cvv", ["card"]),
        ("card 5555 5555 5555 4444 09/28", "card **** **** **** 4444 09/28", ["card"]),
        ("exp 09/28 cvc 123 4111 1111 1111 1111", "exp 09/28 cvc *** **** **** **** 1111", ["card"]),
        ("カード番号４１１１１１１１１１１１１１１１です", "カード番号**** **** **** 1111です", ["card"]),
        (
            "4111 1111 1111 1111 / 5555 5555 5555 4444",
            "**** **** **** 1111 / **** **** **** 4444",
            ["card"],
        ),
        ("IBAN DE89-3704-0044-0532-0130-00.", "IBAN DE** **** **** 3000.", ["iban"]),
        ("IBAN GB82.WEST.1234.5698.7654.32 thanks", "IBAN GB** **** **** 5432 thanks", ["iban"]),
        ("IBAN GB82\u00a0WEST\u00a01234\u00a05698\u00a07654\u00a032", "IBAN GB** **** **** 5432", ["iban"]),
        ("IBAN:\nDE89 3704 0044\n0532 0130 00\nthanks", "IBAN:\nDE** **** **** 3000\nthanks", ["iban"]),
        ("IBAN ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００ danke", "IBAN DE** **** **** 3000 danke", ["iban"]),
        ("IBAN DE89 3704 0044 0532 0130 00", "IBAN DE** **** **** 3000", ["iban"]),
        # A bank stdnum's Belgian registry doesn't list: the IBAN is still valid, and still secret.
        ("mon iban c'est BE68 5390 0754 7034 , il est bien enregistré ?",
         "mon iban c'est BE** **** **** 7034 , il est bien enregistré ?", ["iban"]),
        # A digit mistyped: the checks fail, but a card or an account is named and the number has the
        # card's four groups of four, or the country's IBAN length and layout. Still the customer's.
        ("card 4111 1111 1111 1112 was declined", "card **** **** **** 1112 was declined", ["card"]),
        ("La cuenta nueva es ES76 0182 4572 1102 0158 3627, titular Marta",
         "La cuenta nueva es ES** **** **** 3627, titular Marta", ["iban"]),
        ("GB82 WEST 1234 5698 7654 33 is my iban", "GB** **** **** 5433 is my iban", ["iban"]),
    ],
    ids=["dots", "slashes", "double-spaces", "nbsp", "thin-spaces", "zero-width", "line-breaks", "en-dashes",
         "amex-spaced-dashes", "full-width", "full-width-ideographic-space", "arabic-indic", "visa-then-expiry",
         "mastercard-then-expiry", "after-a-short-number", "inside-japanese", "two-cards", "iban-dashes",
         "iban-dots", "iban-nbsp", "iban-line-breaks", "iban-full-width", "iban-not-a-card", "iban-unlisted-bank",
         "card-mistyped", "iban-mistyped", "iban-mistyped-uk"],
)
def test_cards_and_ibans_are_masked_however_they_are_written(text: str, masked: str, kinds: list[str]) -> None:
    assert mask_sensitive(text) == (masked, kinds)


# --- Properties -----------------------------------------------------------------------------------

_WHITESPACE = " \u00a0\u2009\u202f\u3000\t\n\r\u200b"  # spaces (incl. non-breaking, thin), breaks, zero-width
_MARKS = ".-/\u2010\u2013\u2014\u2212\uff0e\uff0f\uff0d"  # dots, dashes, slashes (and full-width ones)


def _spaced(pair: tuple[str, str]) -> str:
    return pair[0] + pair[1] + pair[0]


# What people put between digit groups: whitespace (a line break, double spaces...), a mark or two
# (`.`, `/`, dashes), or a mark with a space either side (` - `).
separators = st.one_of(
    st.text(st.sampled_from(_WHITESPACE), min_size=1, max_size=3),
    st.text(st.sampled_from(_MARKS), min_size=1, max_size=2),
    st.tuples(st.sampled_from(_WHITESPACE), st.sampled_from(_MARKS)).map(_spaced),
)


_WIDE = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-/."}  # full-width forms


@st.composite
def written(draw: st.DrawFn, number: str) -> str:
    """`number` split into groups (the first at least 4 characters: `4111 1111…`, `3782 822463…`,
    `DE89 3704…`), joined by random separators, some characters full-width."""
    cuts = sorted(draw(st.sets(st.integers(4, len(number) - 1), max_size=7)))
    groups = [number[a:b] for a, b in zip([0, *cuts], [*cuts, len(number)], strict=True)]
    out = groups[0]
    for group in groups[1:]:
        out += draw(separators) + group
    wide = draw(st.sampled_from([0.0, 0.3, 1.0]))
    coin = random.Random(draw(st.integers(0, 2**32)))  # one draw; st.randoms() draws per call (slow)
    return "".join(_WIDE.get(c, c) if coin.random() < wide else c for c in out)


_CARD_PREFIXES = [  # (network prefix, length): what card networks issue
    ("4", 16), ("4", 13), ("4", 19), ("34", 15), ("37", 15), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16),
    ("6011", 16), ("65", 19), ("36", 14), ("3530", 16), ("2200", 16),
]


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.integers(0, 10**n - 1).map(lambda i: str(i).zfill(n))  # one draw, not n: keeps the file fast


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    prefix, length = draw(st.sampled_from(_CARD_PREFIXES))
    body = prefix + draw(_digits(length - 1 - len(prefix)))
    return body + luhn.calc_check_digit(body)


_IBAN_FORMATS = {  # country: BBAN structure (n digits, a upper-case letters, c either)
    "DE": "18n", "GB": "4a14n", "NL": "4a10n", "FR": "10n11c2n", "IT": "1a10n12c", "AT": "16n", "PL": "24n",
}


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(sorted(_IBAN_FORMATS)))
    letters = {"a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    bban = "".join(
        draw(_digits(int(n)) if kind == "n" else st.text(letters[kind], min_size=int(n), max_size=int(n)))
        for n, kind in re.findall(r"(\d+)([nac])", _IBAN_FORMATS[country])
    )
    as_digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(as_digits) % 97:02d}{bban}"


def _plain(c: str) -> bool:
    """Characters for the text around a number: no digits (even after NFKC: `½`, `①`), and no p/c/k, so
    the words that announce a password or a code (`pin`, `otp`, `code`, `clave`, `kennwort`) can't form."""
    folded = unicodedata.normalize("NFKC", c).casefold()
    return not any(ch.isdigit() or ch in "pck" for ch in folded)


# Latin, Greek, Cyrillic, Arabic, CJK, full-width forms, emoji, combining marks, odd spaces, ligatures...
_PLAIN = [
    c for block in (range(0x20, 0x250), range(0x300, 0x370), range(0x370, 0x530), range(0x600, 0x700),
                    range(0x2000, 0x2070), range(0x3000, 0x3100), range(0x4E00, 0x4E80), range(0xFB00, 0xFB07),
                    range(0xFF01, 0xFF61), range(0x1F600, 0x1F650))
    for c in map(chr, block)
    if unicodedata.category(c) not in ("Cs", "Co", "Cn", "Nd", "Nl", "No") and _plain(c)
]
surrounding = st.text(st.sampled_from(_PLAIN), max_size=16)
before = st.sampled_from([" ", "\n", ": ", " (", "\t", " \u00a0", "\u3000"])
after = st.sampled_from([" ", "\n", ", ", ". ", ")", "! ", "\u3002"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(number=card_numbers(), data=st.data(), head=surrounding, tail=surrounding, left=before, right=after)
def test_any_card_number_however_written_is_masked_and_nothing_else_changes(
    number: str, data: st.DataObject, head: str, tail: str, left: str, right: str
) -> None:
    text = head + left + data.draw(written(number)) + right + tail
    masked, kinds = mask_sensitive(text)
    assert masked == head + left + "**** **** **** " + number[-4:] + right + tail
    assert kinds == ["card"]
    rest = masked.replace("**** **** **** " + number[-4:], "")  # the mask keeps the last 4 digits, nothing else
    assert not any(number[i : i + 4] in rest for i in range(len(number) - 3))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(number=ibans(), data=st.data(), head=surrounding, tail=surrounding, left=before, right=after)
def test_any_iban_however_written_is_masked_and_nothing_else_changes(
    number: str, data: st.DataObject, head: str, tail: str, left: str, right: str
) -> None:
    text = head + left + data.draw(written(number)) + right + tail
    masked, kinds = mask_sensitive(text)
    assert masked == head + left + f"{number[:2]}** **** **** {number[-4:]}" + right + tail
    assert kinds == ["iban"]
    rest = masked.replace(f"{number[:2]}** **** **** {number[-4:]}", "")  # country, last 4 kept; nothing else
    runs = [number[i : i + 4] for i in range(len(number) - 3) if number[i : i + 4].isdigit()]
    assert not any(run in rest for run in runs)


# Ordinary things customers write that hold many digits, never cards or IBANs.

_dates = st.one_of(
    st.builds("{}-{:02d}-{:02d}".format, st.integers(2020, 2030), st.integers(1, 12), st.integers(1, 31)),
    st.builds("{:02d}.{:02d}.{}".format, st.integers(1, 31), st.integers(1, 12), st.integers(2020, 2030)),
    st.builds("{:02d}/{:02d}/{}".format, st.integers(1, 31), st.integers(1, 12), st.integers(2020, 2030)),
)
_ordinary = st.one_of(
    st.builds("HM-{}".format, _digits(6)),
    st.builds("#{}".format, _digits(8)),
    _dates,
    st.builds("{}{}{}".format, _dates, st.sampled_from([" - ", " – ", " / ", "-", " ", "\n"]), _dates),
    st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59)),
    st.builds("+{} {} {} {}".format, st.integers(1, 99), _digits(2), _digits(4), _digits(4)),
    st.builds("{}-{}-{}".format, _digits(3), _digits(3), _digits(4)),
    st.builds("{} / {}".format, st.builds("{}-{}-{}".format, _digits(3), _digits(3), _digits(4)),
              st.builds("{}-{}-{}".format, _digits(3), _digits(3), _digits(4))),
    st.builds("0{} {}".format, _digits(3), _digits(7)),
    st.builds("€{}.{},{}".format, st.integers(1, 999), _digits(3), _digits(2)),
    st.builds("{}.{}.{},{} EUR".format, st.integers(1, 999), _digits(3), _digits(3), _digits(2)),
    st.builds("${:,}.{}".format, st.integers(0, 10**9), _digits(2)),
    st.builds("1Z{}".format, st.text("0123456789ABCDEFGHJKLMNPRSTUVWXYZ", min_size=16, max_size=16)),
    st.builds("94{} {} {} {} {} {}".format, *(_digits(n) for n in (2, 4, 4, 4, 4, 2))),  # USPS
    st.builds("RR{}GB".format, _digits(9)),
    st.integers(0, 10**6).map(str),
)
_words = st.sampled_from([
    "order", "arrived", "on", "call me at", "total", "tracking", "and", "was", "refund of", "from", "between",
    "Bestellung", "livraison le", "un total de", "paid", "still waiting",
])


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.tuples(_words, _ordinary), min_size=1, max_size=6), wide=st.booleans())
def test_order_numbers_dates_phones_prices_and_tracking_numbers_are_left_alone(
    parts: list[tuple[str, str]], wide: bool
) -> None:
    text = " ".join(f"{word} {thing}" for word, thing in parts)
    if wide:
        text = "".join(_WIDE.get(c, c) for c in text)
    assert mask_sensitive(text) == (text, [])


def _has_digit(c: str) -> bool:
    return any(ch.isdigit() for ch in unicodedata.normalize("NFKC", c))


def _longest_digit_run(text: str) -> int:
    """The most digits in one stretch of digits and separators (any number of them), after NFKC."""
    runs = re.findall(r"[\d\s.\-/\u00ad\u2010-\u2015\u2212\u200b-\u200d\u2044\u2060\u2215\ufeff]+",
                      unicodedata.normalize("NFKC", text))
    return max((sum(c.isdigit() for c in run) for run in runs), default=0)


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.one_of(st.sampled_from(_PLAIN + list("½①⑴㉑¹²")),
                              st.sampled_from("0123456789０１２３４５６７８９٤" + _WHITESPACE + _MARKS)), max_size=80))
def test_text_without_long_digit_runs_comes_back_unchanged(text: str) -> None:
    # 7 digits at most: no card (13-19), IBAN, SSN (9) or DNI (8) can form; what this checks is that
    # normalising (NFKC, separators, other scripts' digits) never changes or loses a character.
    if _longest_digit_run(text) > 7:
        text = "".join("x" if _has_digit(c) and i % 2 else c for i, c in enumerate(text))
    assume(_longest_digit_run(text) <= 7)
    assert mask_sensitive(text) == (text, [])


async def test_the_original_number_never_reaches_the_decision(engine: RulesEngine) -> None:
    from bot.escalation.base import RuleInput
    from bot.models import Participant

    masked, kinds = engine.mask("refund to 4111111111111111 please")
    decision = await engine.evaluate(
        RuleInput(text=masked, participant=Participant(), channel="webchat", sensitive_found=kinds)
    )
    assert decision.handoff and decision.tags[0] == CARD_TAG
    assert all("4111111111111111" not in r.detail for r in decision.reasons)
    assert "sensitive data: card" in [r.detail for r in decision.reasons]
