"""Courtesies: "hi", "thanks!", "ok", "bye" and the like, in English, Spanish, German and French.

A message made only of courtesies asks nothing of the help centre, nor does praise for someone of
the team ("shoutout to Priya from your support team, she sorted my refund"), which gets its own reply. Searched as a question it
found no article, so the bot said it had no answer and offered a person ("muchas gracias" was even
handed off as unsure), and a "thanks" after an answer, read through the earlier turns, brought the
same article back. Such a message gets the brand's short reply instead (brand.yaml
`courtesy_replies`), sure of itself, so no rule reads it as unanswered. A courtesy with anything
else in it ("thanks, and how long do refunds take?") is a question as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from bot.brain.lexical import folded
from bot.brand import Brand
from bot.models import Answer

Courtesy = Literal["bot", "praise", "thanks", "bye", "hello", "ok"]

# Which kind wins when a message holds several ("ok thanks, bye"): a question the reply must
# answer ("hi, are you a bot?"), then the reply to the last word of a conversation.
_PRIORITY: tuple[Courtesy, ...] = ("bot", "bye", "thanks", "hello", "ok")  # "praise" stands alone

# Phrases by kind and language, accents removed (so "adios" and "adiós" are one). A message may
# mix languages ("ok gracias"); when its phrases all belong to one language, the reply is in it.
_PHRASES: dict[Courtesy, dict[str, tuple[str, ...]]] = {
    # "Are you a bot?" asks what the customer is talking to, not for a person: the reply says so
    # and how to get one. "Am I talking to a real person?" and "is there a human?" are read by
    # the rules as asking for a person (bot/escalation/human.py) and never reach this reply.
    "bot": {
        "en": ("are you a bot", "are you a robot", "are you a chatbot", "are you an ai", "are you ai",
               "are you a human", "are you human", "are you a person", "are you real", "are you a machine",
               "is this a bot", "is this a robot", "is this a chatbot", "is this an ai", "is this ai",
               "is this automated", "is this an automated chat", "am i talking to a bot",
               "am i talking to a robot", "am i talking to an ai", "am i chatting with a bot",
               "am i talking to a machine", "or a human", "or human", "or a person", "or a real person",
               "bot or human", "human or bot"),
        "es": ("eres un bot", "eres un robot", "eres una ia", "eres una maquina", "eres humano",
               "eres una persona", "eres real", "es un bot", "es un robot", "es una ia",
               "estoy hablando con un bot", "estoy hablando con un robot", "estoy hablando con una maquina",
               "hablo con un bot", "hablo con un robot", "o una persona", "o un humano", "o humano"),
        "de": ("bist du ein bot", "bist du ein roboter", "bist du eine ki", "bist du ein mensch",
               "bist du echt", "sind sie ein bot", "sind sie ein roboter", "sind sie eine ki",
               "sind sie ein mensch", "ist das ein bot", "ist das eine ki", "ist das ein roboter",
               "rede ich mit einem bot", "schreibe ich mit einem bot", "chatte ich mit einem bot",
               "rede ich mit einer ki", "oder ein mensch", "oder mensch"),
        "fr": ("tu es un bot", "tu es un robot", "es tu un robot", "es tu un bot", "tu es une ia",
               "tu es humain", "es tu humain", "vous etes un robot", "vous etes un bot", "etes vous un robot",
               "etes vous un bot", "etes vous humain", "vous etes humain", "c'est un bot", "c'est un robot",
               "c'est une ia", "je parle a un robot", "je parle a un bot", "je parle a une ia",
               "ou un humain", "ou une personne"),
    },
    "hello": {
        "en": ("hi", "hello", "hey", "hiya", "heya", "howdy", "good morning", "good afternoon", "good evening",
               "anyone there", "is anyone there", "anybody there", "is anybody there", "are you there",
               "how are you", "how are you doing", "how's it going", "hows it going"),
        "es": ("hola", "buenas", "buen dia", "buenos dias", "buenas tardes", "buenas noches", "hay alguien",
               "hay alguien ahi", "que tal", "como estas", "como esta"),
        "de": ("hallo", "moin", "servus", "gruss gott", "guten morgen", "guten tag", "guten abend",
               "ist da jemand", "jemand da", "wie geht's", "wie gehts", "wie geht es ihnen"),
        "fr": ("bonjour", "salut", "bonsoir", "coucou", "il y a quelqu'un", "y a quelqu'un", "quelqu'un",
               "comment ca va", "ca va", "comment allez-vous", "comment allez vous"),
    },
    "thanks": {
        "en": ("thanks", "thank you", "thankyou", "thx", "ty", "cheers", "many thanks", "much appreciated",
               "appreciate it", "that helped", "that helps", "that was helpful", "very helpful", "helpful",
               "you saved my day", "you saved me", "you're the best", "youre the best", "you guys rock",
               "love the site", "love this site", "love your site", "just wanted to say"),
        "es": ("gracias", "muchas gracias", "mil gracias", "te lo agradezco", "muy amable", "me encanta la web",
               "me encanta la pagina", "me encanta la app", "me habeis salvado la tarde", "me habeis salvado el dia",
               "me has salvado la tarde", "me has salvado el dia", "me habeis salvado", "me has salvado",
               "sois geniales", "sois los mejores", "solo queria decir", "solo queria decir que", "solo queria dar las gracias"),
        "de": ("danke", "danke schon", "dankeschon", "vielen dank", "danke sehr", "besten dank",
               "herzlichen dank", "ihr seid super", "ihr seid die besten", "tolle seite", "ihr habt mir den tag gerettet",
               "wollte nur sagen", "ich wollte nur sagen"),
        "fr": ("merci", "merci beaucoup", "merci bien", "mille mercis", "c'est gentil", "tres gentil",
               "vous etes top", "vous etes geniaux", "j'adore le site", "j'adore votre site",
               "vous m'avez sauve la journee", "je voulais juste dire", "je voulais juste vous dire"),
    },
    "bye": {
        "en": ("bye", "goodbye", "bye bye", "see you", "see ya", "have a nice day", "have a good day",
               "that's all", "thats all", "that is all", "nothing else", "that's it", "thats it"),
        "es": ("adios", "hasta luego", "hasta pronto", "chao", "chau", "eso es todo", "nada mas",
               "que tengas buen dia", "que tenga buen dia", "feliz dia"),
        "de": ("tschuss", "auf wiedersehen", "das wars", "das war's", "das war alles", "mehr nicht",
               "schonen tag"),
        "fr": ("au revoir", "bonne journee", "bonne soiree", "c'est tout", "rien d'autre", "a bientot"),
    },
    "ok": {
        "en": ("ok", "okay", "okey", "k", "kk", "great", "cool", "perfect", "got it", "alright", "all right",
               "sounds good", "nice", "understood", "i see", "fine", "good", "awesome", "super"),
        "es": ("ok", "vale", "perfecto", "genial", "entendido", "de acuerdo", "bueno", "claro", "entiendo",
               "super"),
        "de": ("ok", "okay", "alles klar", "perfekt", "verstanden", "gut", "prima", "super"),
        "fr": ("ok", "d'accord", "parfait", "compris", "entendu", "tres bien", "ca marche", "super"),
    },
}

# Thanks to someone of the team, with what they did: "shoutout to Priya from your support team, she
# sorted my refund", "gracias a Lucía del soporte, que me atendió", "vielen Dank an Herrn Yilmaz vom
# Kundenservice", "merci à Julien du service client". A regular expression over plain words joined by
# single spaces (accents removed); the rules read it too (bot/escalation/general.py).
THANKS_TO_THE_TEAM = (
    r"(?:(?:thanks|thank you|shoutout|shout out|kudos|cheers)(?: \w+){0,2} to \w+ (?:from|in|at|on) (?:your |the )?"
    r"(?:support|customer service|customer care|team|support team|help desk)|"
    r"gracias a (?:la |el )?\w+ (?:(?:del?|de la) (?:servicio|soporte|atencion|equipo)|que me (?:atendio|ayudo))|"
    r"(?:dank|dankeschon|danke) an (?:herrn |frau |den kollegen |die kollegin )?\w+ (?:vom|von der|aus dem) "
    r"(?:kundenservice|support|kundendienst|team)|"
    r"merci (?:beaucoup |bien )?a \w+ (?:du|de l) (?:service client|support|equipe))"
    # ... not when a new trouble follows: "... Now there's a charge I never made"
    r"(?!.* (?:now|ahora|jetzt|maintenant|still|todavia|sigue|immer noch|toujours|otra vez|de nuevo|wieder) )"
)
# ... and nothing asked or gone wrong after it: no question mark, no "but".
_PRAISE = re.compile(rf" (?:{THANKS_TO_THE_TEAM})(?!.* (?:but|pero|aber|mais|however|sin embargo|jedoch|cependant) ) ")
_PRAISE_LANGUAGE = (("en", ("thank", "shout", "kudos", "cheers")), ("es", ("gracias",)), ("de", ("dank",)),
                    ("fr", ("merci",)))

# Words that may stand between courtesies without making a message a question.
_FILLER = frozenset({
    "so", "very", "much", "a", "lot", "again", "for", "the", "your", "you", "help", "that", "it", "all",
    "really", "and", "oh", "ah", "well", "yes", "yeah", "yep", "no", "then", "there", "guys", "team",
    "mate", "friend", "everyone", "folks", "bot", "too", "today", "just", "curious", "haha", "lol",
    "jaja", "jajaja", "majos", "majo", "chicos", "curiosidad", "nur", "neugierig", "leute", "par", "curiosite",
    "por", "tu", "su", "la", "ayuda", "y", "si", "muy", "pues", "entonces", "todo", "hoy",
    "fur", "die", "hilfe", "und", "ja", "sehr", "nochmal", "auch", "heute", "schon", "noch", "ihnen",
    "pour", "votre", "ton", "l'aide", "aide", "et", "oui", "tout", "encore", "vous",
    "aujourd'hui",
})


def _phrase_table() -> dict[tuple[str, ...], tuple[Courtesy, frozenset[str]]]:
    """Each phrase's words -> its kind and the languages it is said in ("ok": all four)."""
    table: dict[tuple[str, ...], tuple[Courtesy, frozenset[str]]] = {}
    for kind, by_language in _PHRASES.items():
        for language, phrases in by_language.items():
            for phrase in phrases:
                words = tuple(phrase.split())
                table[words] = (kind, table.get(words, (kind, frozenset()))[1] | {language})
    return table


_KIND_OF = _phrase_table()
_LONGEST = max(len(words) for words in _KIND_OF)
_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")
MAX_WORDS = 12  # a longer message is a question, whatever it is made of


def plain_words(text: str) -> list[str]:
    """The message's words, lower case, accents and punctuation removed ("¡Muchas gracias!" ->
    ["muchas", "gracias"]); the typographic apostrophe is read as "'"."""
    return _WORDS.findall(folded(text.lower().replace("’", "'")))


def courtesy_of(text: str, names: Sequence[str] = ()) -> tuple[Courtesy, str | None] | None:
    """The kind of courtesy a message is, when it is nothing else (greetings, thanks, goodbyes and
    acknowledgements, with filler words and the bot's own name, `names`, between them), and the
    language its phrases share, if only one ("bonjour" is French, "ok" any)."""
    words = plain_words(text)
    if "?" not in text and (praise := _PRAISE.search(" " + " ".join(words).replace("'", " ") + " ")):
        said = praise.group()
        return "praise", next(language for language, starts in _PRAISE_LANGUAGE if any(w in said for w in starts))
    if not words or len(words) > MAX_WORDS:
        return None
    named = {w for name in names for w in plain_words(name)}
    found: set[Courtesy] = set()
    languages: frozenset[str] | None = None
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            match = _KIND_OF.get(tuple(words[i:i + size]))
            if match is not None:
                found.add(match[0])
                languages = match[1] if languages is None else languages & match[1]
                i += size
                break
        else:
            if words[i] not in _FILLER and words[i] not in named:
                return None
            i += 1
    kind = next((kind for kind in _PRIORITY if kind in found), None)
    if kind is None:
        return None
    return kind, (next(iter(languages)) if languages is not None and len(languages) == 1 else None)


def courtesy_answer(question: str, brand: Brand, language: str, first_word: bool) -> Answer | None:
    """The brand's reply to a message made only of courtesies (None for anything else), in the
    customer's language; after the greeting when this is the bot's first word in the conversation."""
    found = courtesy_of(question, names=(brand.bot_name,))
    if found is None:
        return None
    kind, written_in = found
    # A short message whose language is unclear is read as English (or as the conversation's):
    # "Bonjour !" is French all the same, while "thanks" in a Spanish conversation keeps Spanish.
    if written_in and language == "en":
        language = written_in
    localised = brand.localised(language)
    greeting = first_word and brand.greets_in(language) and localised.greeting
    lines = [localised.greeting] if greeting else []
    lines.append(brand.courtesy_reply(kind, language))
    if localised.sign_off:
        lines.append(localised.sign_off)
    return Answer(text="\n\n".join(lines), sources=[], confidence=1.0)
