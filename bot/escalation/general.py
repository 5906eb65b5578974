"""Recognises a customer saying they only ask in general: "just curious", "nothing has happened",
"solo quiero saber", "juste pour savoir", "nur allgemein gefragt", or ahead of time: "before it
happens", "antes de que me pase", "bevor es passiert", "avant que ça m'arrive".

Such a message asks how something works (chargebacks, disputes, reports, appeals) and names the
topic a handoff tag is about, so a meaning alone would read it as that tag. The customer has said
there is nothing for a person to do. English, French, Spanish, German; patterns run on folded,
typo-corrected tokens joined by single spaces (bot/escalation/text.py).
"""

from __future__ import annotations

import re

from bot.escalation.text import Text

_IN_GENERAL = re.compile(
    r" (?:just (?:wondering|curious|asking|checking|want to (?:know|understand))|only asking|asking generally|"
    r"(?:asking|question|work|works|happen|happens) in general|generally speaking|out of curiosity|"
    r"asking for a friend|asking hypothetically|hypothetically|nothing (?:has |s )?happened|"
    r"juste pour savoir|simple question|par curiosite|je me renseigne|"
    r"solo (?:quiero saber|pregunto|por saber(?:lo)?|por curiosidad|es una pregunta)|por curiosidad|pregunta general|"
    r"no me ha (?:pasado|ocurrido)|nunca nos ha (?:pasado|ocurrido)|solo preguntamos|"
    r"(?:ist|war) uns (?:noch )?(?:nie|nicht) passiert|(?:wollen|mochten) vorbereitet sein|"
    r"(?:we |i )?(?:want|would like) to be prepared|(?:queremos|quiero) estar preparad\w*|pour etre prets?|"
    r"(?:pregunto|lo pregunto) por precaucion|"
    r"theoretical question|question theorique|pregunta teorica|theoretisch gefragt|theoretische frage|"
    r"in (?:which|what) cases|dans quels cas|en (?:que|cuales) casos|in welchen fallen|"
    r"(?:asking|ask) just in case|(?:je )?(?:demande|pose la question) par precaution|frage (?:nur )?vorsichtshalber|"
    r"es (?:para|por) saber(?:lo)?|"
    r"nur (?:allgemein|interessehalber|aus neugier|neugierig)|frag(?:e)? nur (?:allgemein|interessehalber|mal)|"
    r"rein interessehalber|allgemein gefragt|aus neugier|"
    # Asking ahead, before anything has happened.
    r"before (?:it|this|that) (?:ever )?happens|in case (?:it|this|that) ever happens|for future reference|"
    r"for (?:next time|the future)|para (?:el futuro|otra vez|la proxima vez)|pour (?:la prochaine fois|plus tard|l avenir)|"
    r"fur (?:die zukunft|das nachste mal)|furs nachste mal|"
    r"antes de que (?:me )?(?:pase|ocurra)|por si (?:algun dia|alguna vez) (?:me )?(?:pasa|ocurre)|"
    r"bevor (?:es|das) (?:mir )?(?:passiert|vorkommt)|falls (?:es|das) (?:mal|einmal|irgendwann) (?:passiert|vorkommt)|"
    r"avant que (?:ca|cela) (?:ne )?m arrive|si jamais (?:ca|cela) m arrive) "
)


def asks_in_general(text: Text) -> str | None:
    """The words with which the customer says they only ask in general, or None."""
    match = _IN_GENERAL.search(text.padded_corrected)
    if match is None:
        return None
    phrase = match.group().strip()
    typed = text.typed_as(phrase)
    return typed if typed is not None else phrase
