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

from bot.brain.retrieval import RetrievalResult
from bot.models import Participant

# How far ahead (in relevance logits: relevance saturates near 1 for both) the seller article must
# be of the best article a buyer may read: for a visitor who hasn't signed in, and for a buyer who has.
SELLER_MARGIN = 0.5
SIGNED_IN_BUYER_MARGIN = 3.0


def seller_margin(participant: Participant) -> float | None:
    """The margin a seller-only article needs for this customer's question to be read as a
    seller's, or None when the check doesn't apply (a vendor reads the vendor articles anyway)."""
    if participant.role != "buyer":
        return None
    return SIGNED_IN_BUYER_MARGIN if participant.verified else SELLER_MARGIN


def seller_question(
    anyone: RetrievalResult, buyer: RetrievalResult, threshold: float, margin: float = SELLER_MARGIN
) -> bool:
    """True when the whole help centre's best answer (`anyone`) is a seller-only article, confident
    and clearly ahead of the best article a buyer may read (`buyer`, the buyer view's result)."""
    if not anyone.hits or anyone.hits[0].audience != "vendor" or anyone.confidence < threshold:
        return False
    if not buyer.hits:
        return True
    return _logit(anyone.hits[0].relevance) - _logit(buyer.hits[0].relevance) >= margin


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
