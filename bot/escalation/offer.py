"""Recognises a customer taking up the bot's offer of a person with a short "yes".

When the bot finds no answer it says so and asks whether the customer wants a person (the
brand's `no_answer_message`). The reply is usually one or two words in the customer's language
("yes please", "sí, por favor", "ja gerne", "oui merci"), which nothing else in the rules would
read as a request for a person. Only the message right after such an offer counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.escalation.text import Text
from bot.models import Message

MAX_WORDS = 6

# At least one of these must be there: the customer says yes.
_YES = frozenset({
    "yes", "y", "yeah", "yea", "yep", "yup", "sure", "ok", "okay", "k", "please", "pls", "plz", "alright",
    "si", "claro", "vale", "porfa", "dale", "ja", "jawohl", "gerne", "gern", "bitte", "jo", "klar",
    "oui", "ouais", "volontiers", "accord", "daccord", "svp", "stp",
})
# The rest of a short yes may only be polite filler or the words of the offer itself.
_FILLER = frozenset({
    "thanks", "thank", "you", "thx", "ty", "go", "ahead", "do", "it", "that", "would", "be", "great", "good",
    "sounds", "fine", "a", "person", "human", "someone", "agent", "bring", "them", "in", "one", "need",
    "por", "favor", "gracias", "de", "acuerdo", "una", "persona", "muchas",
    "danke", "sehr", "gut", "eine", "mensch", "ich", "mochte", "mit", "mir",
    "merci", "s", "il", "vous", "plait", "te", "d", "bien", "sur", "une", "quelqu", "un",
})
# A "no" anywhere means no ("no thanks", "nein danke", "non merci", "ok no").
_NO = frozenset({"no", "nope", "nah", "not", "dont", "nein", "nicht", "non", "pas"})


def offered_person(history: Sequence[Message]) -> bool:
    """Whether the bot's last word in `history` was an offer of a person (nobody spoke since)."""
    for message in reversed(history):
        if message.author == "customer":
            return False
        if message.author == "bot":
            return message.offers_person
        # A system notice (a handoff, a closing) ends any offer.
        return False
    return False


def says_yes(text: Text) -> str | None:
    """The customer's short yes ("yes please", "sí, por favor"), as typed, or None."""
    tokens = text.tokens
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    words = set(tokens)
    if words & _NO or not words & _YES or not words <= _YES | _FILLER:
        return None
    return " ".join(tokens)
