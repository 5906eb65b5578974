"""Words as they are typed in a chat, read as the words the rules are written with.

Customers write in a hurry: "me comunicas con alguien? es q lo mio es complicado", "je peux parler
a qqn svp", "kann mich bitte jemand zurueckrufen". The rules are written with whole words ("que",
"quelqu'un", "zurückrufen"), so such a message slipped past a rule that reads its meaning plainly.

For a message in English, Spanish, German or French, each token that is a common chat form of that
language is read as the words it stands for ("u" → "you", "acct" → "account", "q" → "que", "qqn" →
"quelqu un", "hab" → "habe"), and a German word typed with "ae", "oe" or "ue" for an umlaut is
read without it where that gives a word the rules use ("zurueckrufen" → "zuruckrufen", as
"zurückrufen" is folded). The tables are general chat usage, not any marketplace's: only forms
that read one way in the language's support messages are listed (German "wen" for "jemanden" is not: it is also "whom"; English "ya" is not: it is also
"yes"). English misspellings are left to the typo repair (`Speller`), which knows which English
words are real; it never touches a token shorter than four letters, which most chat forms are.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

# token (folded: lower-case, accents stripped) -> the words it stands for
CHAT_FORMS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "plss": "please",
        "msg": "message", "msgs": "messages", "msgd": "messaged", "msged": "messaged", "txt": "text",
        "txtd": "texted", "txted": "texted", "acct": "account", "acc": "account", "accnt": "account",
        "pmt": "payment", "pymt": "payment", "wat": "what", "wut": "what", "ppl": "people", "smth": "something",
        "sth": "something", "sm1": "someone", "some1": "someone", "any1": "anyone", "ne1": "anyone",
        "bc": "because", "bcuz": "because", "bcoz": "because", "bcz": "because", "cuz": "because", "coz": "because",
        "becuz": "because", "rn": "right now", "tho": "though", "thru": "through", "abt": "about", "b4": "before",
        "2day": "today", "tmrw": "tomorrow", "tmr": "tomorrow", "2moro": "tomorrow", "yday": "yesterday",
        "idk": "i don t know", "dunno": "don t know", "wanna": "want to", "gonna": "going to", "gotta": "got to",
        "lemme": "let me", "gimme": "give me", "kinda": "kind of", "cud": "could", "shud": "should",
        "wud": "would", "pkg": "package", "pkgs": "packages", "addr": "address", "hv": "have",
    },
    "es": {
        "q": "que", "k": "que", "ke": "que", "xq": "porque", "xk": "porque", "pq": "porque", "porq": "porque",
        "x": "por", "xa": "para", "pa": "para", "tb": "tambien", "tmb": "tambien", "tbn": "tambien",
        "porfa": "por favor", "porfis": "por favor", "xfa": "por favor", "xfavor": "por favor", "pf": "por favor",
        "toy": "estoy", "tamos": "estamos", "d": "de", "dnd": "donde", "msj": "mensaje", "msjs": "mensajes",
        "cdo": "cuando", "qdo": "cuando", "bn": "bien", "ud": "usted", "uds": "ustedes", "vd": "usted",
        "nd": "nada", "dsp": "despues", "tmpc": "tampoco", "sq": "es que",
    },
    "de": {
        "nen": "einen", "ne": "eine", "nem": "einem", "ner": "einer", "hab": "habe", "gibts": "gibt es",
        "gehts": "geht es", "gabs": "gab es", "i": "ich", "ned": "nicht", "net": "nicht", "nich": "nicht",
        "nix": "nichts", "grad": "gerade", "kannste": "kannst du", "willste": "willst du", "haste": "hast du",
        "biste": "bist du", "isses": "ist es", "is": "ist", "jmd": "jemand", "jmdn": "jemanden",
        "jmdm": "jemandem", "jdm": "jemandem", "bzgl": "bezuglich", "vllt": "vielleicht", "evtl": "eventuell",
        "redn": "reden", "ham": "haben", "hamse": "haben sie", "sone": "so eine", "nochmal": "noch mal",
    },
    "fr": {
        "qqn": "quelqu un", "qq1": "quelqu un", "qqun": "quelqu un", "qqch": "quelque chose",
        "qqc": "quelque chose", "qlq": "quelque", "jsuis": "je suis", "chui": "je suis", "chuis": "je suis",
        "jai": "j ai", "jveux": "je veux", "jve": "je veux", "jpeux": "je peux", "jpx": "je peux",
        "jvais": "je vais", "jprefere": "je prefere", "jme": "je me", "jte": "je te", "jsais": "je sais",
        "jsp": "je sais pas", "jcrois": "je crois", "jpense": "je pense", "jdois": "je dois",
        "javais": "j avais", "jaurais": "j aurais", "jaimerais": "j aimerais", "jvoudrais": "je voudrais",
        "cest": "c est", "cetait": "c etait", "mdp": "mot de passe", "pk": "pourquoi", "pq": "pourquoi",
        "pcq": "parce que", "psk": "parce que", "pck": "parce que", "cmt": "comment", "bcp": "beaucoup",
        "tt": "tout", "dc": "donc", "ds": "dans", "pr": "pour", "mtn": "maintenant", "auj": "aujourd hui",
        "ajd": "aujourd hui", "rdv": "rendez vous", "qd": "quand", "tjrs": "toujours", "tjs": "toujours",
        "dsl": "desole", "vs": "vous", "ya": "il y a", "pb": "probleme", "pbm": "probleme", "msg": "message",
        "koi": "quoi", "ke": "que", "jcomprends": "je comprends",
    },
}

_UMLAUTS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def umlaut_free(word: str, rule_words: Collection[str]) -> str | None:
    """The rules' word `word` stands for when typed with "ae"/"oe"/"ue" for an umlaut, else None."""
    if not any(pair in word for pair, _ in _UMLAUTS):
        return None
    plain = word
    for pair, letter in _UMLAUTS:
        plain = plain.replace(pair, letter)
    return plain if plain in rule_words and word not in rule_words else None


def chat_reading(tokens: list[str], language: str, rule_words: Collection[str]) -> list[str] | None:
    """Each token as the words it stands for in `language` (a token may become two or three
    words), or None when no token is a chat form: one entry per token, in order."""
    forms = CHAT_FORMS.get(language)
    if forms is None:
        return None
    read = [forms.get(t) or (umlaut_free(t, rule_words) if language == "de" else None) or t for t in tokens]
    return read if read != tokens else None
