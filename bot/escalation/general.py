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
    r"solo (?:quiero saber|pregunto|por saber(?:lo)?|por curiosidad|es una pregunta)|por curiosidad|pregunta general|(?:como|que tal) (?:va|funciona) (?:eso |esto )?en general|"
    r"no me ha (?:pasado|ocurrido)|solo preguntamos|(?:wollen|mochten) vorbereitet sein|"
    r"(?:we |i )?(?:want|would like) to be prepared|(?:queremos|quiero) estar preparad\w*|pour etre prets?|"
    r"(?:pregunto|lo pregunto) por precaucion|"
    r"theoretical question|question theorique|pregunta teorica|theoretisch gefragt|theoretische frage|"
    r"c est (?:purement )?theorique|es (?:solo )?teorico|(?:it s|it is) (?:purely )?theoretical|ist (?:nur )?theoretisch|"
    r"question generale|question d ordre general|rien en cours|nada en curso|nothing ongoing|nichts (?:laufendes|akutes)|"
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


# A suspicious message left alone, and the question whether it was really the marketplace: "got a
# text about customs fees, didn't click. is it real?". Both must be said: "I didn't click anything
# and still my account was taken over" reports an incident. "Opened" counts only with a link: it is
# also said of a parcel or a product ("la caja sin abrir, ¿es falsa?" reports a counterfeit).
_NOT_CLICKED = re.compile(
    r" (?:(?:didn t|did not|haven t|have not|never) (?:click|clicked|tap|tapped)|not clicked|"
    r"(?:didn t|did not|haven t|have not|never) (?:open|opened) (?:the |that |this |any )?(?:link|links|attachment)|"
    r"no (?:he |hice )?(?:pinchado|pinche|clicado|clique|hecho clic|hice clic)|sin pinchar|"
    r"no (?:abri|he abierto) (?:el |ese |ningun )?(?:enlace|link|adjunto)|"
    r"nicht (?:drauf|darauf|an)?geklickt|nichts (?:angeklickt|geklickt)|"
    r"(?:rien|pas) clique|clique sur rien) "
)
_IS_IT_GENUINE = re.compile(
    r" (?:is (?:it|this|that) (?:real|genuine|legit|legitimate|you|from you)|was (?:it|that) you|"
    r"es (?:real|vuestro|vuestra|de verdad|legitimo|legitima|fraude|falso|falsa|estafa)|son ustedes|sois vosotros|"
    r"(?:ist|war) (?:das|die|der|es) (?:echt|von euch|von ihnen|fake|betrug)|kommt (?:die|das|der) von euch|"
    r"c est (?:bien )?(?:vous|vrai|une arnaque|un faux|du phishing|du hameconnage)|vous envoyez (?:ce genre|ca|des)|"
    r"is (?:it|this|that) (?:phishing|a scam|fake)|es (?:phishing|una estafa)|ist das (?:phishing|eine masche)) "
)
_YET_HARMED = re.compile(
    r" (?:still|anyway|yet|trotzdem|dennoch|aun asi|igualmente|pourtant|quand meme|malgre ca|"
    r"hacked|gehackt|hackeado|hackearon|pirate|charged|abgebucht|cobrado|cobraron|debite|preleve) "
)

# Something that happened to someone else on another site, told to ask how things work here: "a
# friend got scammed on another site, how do I spot a reliable seller here?". Both must be said: a
# friend's trouble on this marketplace, or the customer's own elsewhere, may still need a person.
_SOMEONE_ELSE = re.compile(
    r" (?:a|my|un|una|mi|mon|ma|une|ein|eine|einem|einer|mein|meine|meinem|meiner) (?:friend|colleague|neighbour|"
    r"neighbor|brother|sister|amigo|amiga|colega|companero|companera|vecino|vecina|hermano|hermana|ami|amie|"
    r"collegue|voisin|voisine|frere|soeur|freund|freundin|kollege|kollegen|kollegin|nachbar|nachbarin|bruder|schwester) "
)
_ELSEWHERE = re.compile(
    r" (?:on (?:another|a different|some other) (?:site|website|platform|marketplace|app)|elsewhere|"
    r"en otra (?:web|pagina|plataforma|tienda|app)|en otro (?:sitio|portal|marketplace)|"
    r"ailleurs|sur (?:un autre|une autre) (?:site|plateforme|appli|application)|"
    r"auf einer anderen (?:seite|plattform|website|webseite)|woanders|anderswo) "
)


def asks_in_general(text: Text) -> str | None:
    """The words with which the customer says they only ask in general, or None."""
    line = text.padded_corrected
    if _SOMEONE_ELSE.search(line) and (elsewhere := _ELSEWHERE.search(line)):
        return text.as_typed(elsewhere.group().strip())
    if (not_clicked := _NOT_CLICKED.search(line)) and _IS_IT_GENUINE.search(line) and not _YET_HARMED.search(line):
        return text.as_typed(not_clicked.group().strip())
    match = _IN_GENERAL.search(line)
    return text.as_typed(match.group().strip()) if match is not None else None
