"""Who is asking: a seller's question from someone without a seller identity.

An anonymous visitor is read as a buyer, so "when do I get paid for my sales?" would otherwise be
answered from the buyer articles (a refund table, presented as the answer); a signed-in buyer may
be thinking of selling ("how much commission do you take?"). The help centre is also searched
whole ("anyone" view); when its best article is for sellers only, clearly ahead of everything a
buyer may read, the customer is told the answer is from the seller help and how to sign in as a
seller, and gets that article. A signed-in buyer is known to buy here, so their question must lean
much further to the seller side. The margins were chosen on the tuning sets
(bench/audience_eval.py, docs/benchmarks.md#audience).
"""

from __future__ import annotations

import math
import re

from bot.brain.retrieval import RetrievalResult
from bot.models import Participant

# How far ahead (in relevance logits: relevance saturates near 1 for both) the seller article must
# be of the best article a buyer may read: for a visitor who hasn't signed in, and for a buyer who has.
SELLER_MARGIN = 0.5
SIGNED_IN_BUYER_MARGIN = 3.0


# The seller as someone acting on the customer ("the seller hasn't approved my return", "el
# vendedor no contesta", "der Verkäufer antwortet nicht", "le vendeur refuse"): a buyer speaking.
# A seller names themself with "my seller account", "as a seller", never as the seller who did
# something, so "seller" before a noun ("seller account", "seller dashboard") is not this, nor
# "does a seller have to", which either may ask.
_SELLER_ACTS = re.compile(
    r"(?<!as a )(?<!as the )\b(?:seller|vendor)s?\s+(?:has|hasn'?t|haven'?t|is|isn'?t|was|wasn'?t|did|didn'?t|does|doesn'?t|"
    r"won'?t|will|never|still|just|already|only|keeps|kept|offered|offers|said|says|told|refuses|refused|"
    r"sent|shipped|wants|asked|asks|approved|accepted|declined|rejected|cancell?ed|ignor\w*|stopped|"
    r"claims|blocked|answered|replied|responded)\b|"
    r"\b(?:el|la|mi|al|del)\s+vendedor(?:a)?\s+(?:no|me|ha|dice|dijo|quiere|sigue|todav[ií]a|ya|nunca|"
    r"rechaz\w*|acept\w*|aprob\w*|cancel\w*|envi\w*|contest\w*|respond\w*|ofrec\w*|ignor\w*)\b|"
    r"\b(?:der|die|mein|meine|dem)\s+verk[äa]ufer(?:in)?\s+(?:hat|will|sagt|antwortet|reagiert|ist|war|bietet|"
    r"schickt|lehnt|storniert|meldet|weigert|ignoriert)\b|"
    r"\b(?:le|la|mon|ma)\s+vendeu(?:r|se)\s+(?:n'|ne\b|a\b|m'|me\b|dit\b|refuse|propose|veut|est\b|ignore|"
    r"r[ée]pond|annule|accepte)",
    re.IGNORECASE,
)
# ... unless the customer speaks of their own buyer: then it may be a seller after all.
_BUYER_NAMED = re.compile(r"\b(?:buyers?|customers?|compradora?|compradores|clientes?|k[äa]ufer(?:in)?|kunden?|"
                          r"acheteu(?:r|se)s?)\b", re.IGNORECASE)


def speaks_as_buyer(question: str) -> bool:
    """Whether the question tells of the seller acting on the customer ("seller hasn't approved my
    return for 3 days", "el vendedor no contesta a mi solicitud"): only a buyer says that, so the
    seller article, however well it matches, is not read as theirs. A question that names a buyer
    too is left to the search."""
    return _SELLER_ACTS.search(question) is not None and _BUYER_NAMED.search(question) is None


def seller_margin(participant: Participant) -> float | None:
    """The margin a seller-only article needs for this customer's question to be read as a
    seller's, or None when the check doesn't apply (a vendor reads the vendor articles anyway)."""
    if participant.role != "buyer":
        return None
    return SIGNED_IN_BUYER_MARGIN if participant.verified else SELLER_MARGIN


def seller_question(
    anyone: RetrievalResult, buyer: RetrievalResult, threshold: float, margin: float = SELLER_MARGIN,
    question: str = "",
) -> bool:
    """True when the whole help centre's best answer (`anyone`) is a seller-only article, confident
    and clearly ahead of the best article a buyer may read (`buyer`, the buyer view's result), and
    the `question` doesn't tell of the seller acting on the customer (`speaks_as_buyer`)."""
    if not anyone.hits or anyone.hits[0].audience != "vendor" or anyone.confidence < threshold:
        return False
    if speaks_as_buyer(question):
        return False
    if not buyer.hits:
        return True
    return _logit(anyone.hits[0].relevance) - _logit(buyer.hits[0].relevance) >= margin


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
