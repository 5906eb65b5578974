"""Checks on a chat model's answer before it reaches the customer (docs/brain.md#llm-checks).

The model is told to answer only from its tools; these checks make sure of the parts that hurt
most when it does not: links that leave the help centre (a phishing page asking for card
details), order facts the order tool never returned (a status, a tracking number, a date), the
articles shown as sources, and the answer's length. Nothing here calls a model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.brain.retrieval import ArticleHit

OrderNumberFinder = Callable[[str], Sequence[str]]  # the marketplace's order numbers in a text

# -- links ------------------------------------------------------------------------------------

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`)\]]+")
# A bare domain ("secure-pay.com/verify"); not an e-mail address (vendor contact cards have those).
_BARE_DOMAIN = re.compile(
    r"(?i)(?<![@\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|net|org|info|biz|io|co|app|shop|store|online|site|xyz|top|link|click|me|ly|to|gg|"
    r"eu|uk|de|fr|es|it|nl|be|at|ch|pl|pt|se|no|dk|fi|ie|cz|ru|cn|us|ca|au))\b(?![@\w-])"
)


def link_hosts(urls: Iterable[str]) -> frozenset[str]:
    """The host names of these urls, lower-cased (`https://help.example/a` → `help.example`)."""
    hosts = set()
    for url in urls:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
        if host:
            hosts.add(host.lower().rstrip("."))
    return frozenset(hosts)


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Whether `host` is one of the allowed domains or a sub-domain of one."""
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in allowed)


def off_site_links(text: str, allowed: Iterable[str]) -> list[str]:
    """Links in `text` (urls, `www.` and bare domains) whose host is not an allowed domain."""
    allowed = tuple(allowed)
    found: list[str] = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        hosts = link_hosts([url])
        if not hosts or not all(host_allowed(h, allowed) for h in hosts):
            found.append(url)
    without_urls = _URL.sub(" ", text)
    for match in _BARE_DOMAIN.finditer(without_urls):
        if not host_allowed(match.group(1), allowed):
            found.append(match.group(1))
    return found


# -- order facts ------------------------------------------------------------------------------

# Order and parcel statuses as the order tool words them (bot/brain/tools.py) and as a model may
# put them, in the languages customers write in; each maps to one status.
_STATUS_PHRASES: dict[str, tuple[str, ...]] = {
    "partially shipped": ("partially shipped", "partly shipped", "parcialmente enviado", "teilweise versandt",
                          "partiellement expédié", "partiellement expédiée"),
    "processing": ("being prepared", "processing", "en preparación", "wird vorbereitet", "en préparation"),
    "in transit": ("in transit", "on its way", "on the way", "out for delivery", "en tránsito", "en camino",
                   "unterwegs", "in zustellung", "en transit", "en cours de livraison"),
    "shipped": ("shipped", "dispatched", "enviado", "versandt", "verschickt", "expédié", "expédiée"),
    "delivered": ("delivered", "arrived", "entregado", "zugestellt", "geliefert", "livré", "livrée"),
    "delayed": ("delayed", "retrasado", "verspätet", "verzögert", "en retard", "retardé", "retardée"),
    "cancelled": ("cancelled", "canceled", "cancelado", "storniert", "annulé", "annulée"),
    "refunded": ("refunded", "reembolsado", "erstattet", "remboursé", "remboursée"),
    "lost": ("reported lost", "lost", "perdido", "verloren", "perdu", "perdue"),
}
# A status the tool gave also vouches for these (in transit means it was shipped).
_IMPLIES = {"in transit": {"shipped"}, "delivered": {"shipped"}, "partially shipped": {"shipped"}}
_STATUS_OF = {phrase: status for status, phrases in _STATUS_PHRASES.items() for phrase in phrases}
_STATUS = re.compile(
    r"(?i)(?<!\w)(" + "|".join(re.escape(p) for p in sorted(_STATUS_OF, key=len, reverse=True)) + r")(?!\w)"
)
# The customer asks about their own order or parcel...
_MY_ORDER = re.compile(
    r"(?i)\b(?:my|our)\s+(?:order|parcel|package|shipment|delivery|item)s?\b|"
    r"\b(?:mi|mis|nuestro)\s+(?:pedido|paquete|envío)s?\b|\b(?:meine?|unsere?)\s+(?:bestellung|paket|sendung)\b|"
    r"\b(?:ma|mon|mes|notre)\s+(?:commande|colis)\b"
)
# ...and the answer's sentence says something about it.
_YOUR_ORDER = re.compile(
    r"(?i)\b(?:your|the)\s+(?:order|parcel|package|shipment|delivery|item)s?\b|"
    r"\b(?:su|tu|sus|tus)\s+(?:pedido|paquete|envío)s?\b|\bihre?\s+(?:bestellung|paket|sendung)\b|"
    r"\b(?:votre|vos)\s+(?:commande|colis)\b"
)
# Rules and promises, not claims: "if your parcel is lost...", "your refund will be...".
_NOT_A_CLAIM = re.compile(
    r"(?i)^\W*(?:if|when|once|after|before|unless|until|as soon as|si|cuando|wenn|falls|sobald|quand|"
    r"lorsque|dès que)\b|\b(?:if|unless|si|wenn|falls)\s|"
    r"\b(?:will|would|can|could|may|might|must|should|usually|typically)\b"
)
# Tracking numbers: long runs of digits, optionally with a carrier's letters (1Z…, AB123456789GB).
_TRACKING = re.compile(r"\b(?:1Z[0-9A-Z]{16}|[A-Z]{0,4}\d{8,}[A-Z]{0,4})\b")
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    "january jan enero januar janvier janv", "february feb febrero februar février fév févr",
    "march mar marzo märz mars", "april apr abril avril avr", "may mayo mai",
    "june jun junio juni juin", "july jul julio juli juillet juil", "august aug agosto august août",
    "september sep sept septiembre septembre", "october oct octubre oktober okt octobre",
    "november nov noviembre novembre", "december dec diciembre dic dezember dez décembre déc",
), start=1):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    # 2026-11-25
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), lambda m: (int(m.group(2)), int(m.group(3)))),
    # 25/11/2026, 25.11.2026 (day first, as written in Europe)
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{2,4})\b"), lambda m: (int(m.group(2)), int(m.group(1)))),
    # 25 November, 25th of November, 25. November, 25 de noviembre
    (re.compile(rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?({_MONTH})\.?(?!\w)"),
     lambda m: (_MONTHS[m.group(2).lower()], int(m.group(1)))),
    # November 25, Nov 25th
    (re.compile(rf"(?i)(?<!\w)({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"),
     lambda m: (_MONTHS[m.group(1).lower()], int(m.group(2)))),
)


def sentences(text: str) -> list[str]:
    """`text` cut into sentences and lines (list items count as sentences)."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [p.strip() for p in parts if p.strip()]


def statuses(text: str) -> set[str]:
    """The order statuses `text` states, as the order tool's words."""
    return {_STATUS_OF[m.group(1).lower()] for m in _STATUS.finditer(text) if m.group(1).lower() in _STATUS_OF}


def dates(text: str) -> set[tuple[int, int]]:
    """The calendar dates in `text`, as (month, day) (years and formats differ between the tool and a model)."""
    found: set[tuple[int, int]] = set()
    for pattern, to_date in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month, day = to_date(match)
            if 1 <= month <= 12 and 1 <= day <= 31:
                found.add((month, day))
    return found


def tracking_numbers(text: str) -> set[str]:
    """Things in `text` shaped like parcel tracking numbers."""
    return {m.group(0).upper() for m in _TRACKING.finditer(text)}


@dataclass(frozen=True, slots=True)
class Grounds:
    """What this turn's tools returned: the only places an answer's order facts may come from."""

    order_results: Sequence[str] = ()  # the order tool's answers this turn
    other_results: Sequence[str] = ()  # what the other tools returned (help-centre passages, vendor cards)
    question: str = ""  # the customer's own words

    @property
    def order_text(self) -> str:
        """Everything the order tool said, in one text."""
        return "\n".join(self.order_results)

    @property
    def any_text(self) -> str:
        """Everything the tools and the customer said."""
        return "\n".join([*self.order_results, *self.other_results, self.question])


def invented_order_facts(text: str, grounds: Grounds, order_numbers: OrderNumberFinder) -> list[str]:
    """Order statuses, tracking numbers and dates in `text` that this turn's tools did not return.

    A status is checked in a sentence that names an order number, or speaks of "your order /
    parcel" when the customer asked about their own; rules and promises ("if your parcel is
    lost...", "...will be refunded") are not claims. It must be a status the order tool gave this
    turn. Tracking numbers and dates must appear in what the tools returned or the customer wrote.
    """
    problems: list[str] = []
    tool_statuses = statuses(grounds.order_text)
    for status in list(tool_statuses):
        tool_statuses |= _IMPLIES.get(status, set())
    own_order = bool(order_numbers(grounds.question) or _MY_ORDER.search(grounds.question))
    for sentence in sentences(text):
        about_order = bool(order_numbers(sentence) or (own_order and _YOUR_ORDER.search(sentence)))
        if not about_order or _NOT_A_CLAIM.search(sentence):
            continue
        for status in sorted(statuses(sentence) - tool_statuses):
            problems.append(f"order status {status!r} the order tool did not return")
    for number in sorted(tracking_numbers(text) - tracking_numbers(grounds.any_text)):
        problems.append(f"tracking number {number} no tool returned")
    for month, day in sorted(dates(text) - dates(grounds.any_text)):
        problems.append(f"date {day:02d}/{month:02d} no tool returned")
    return problems


# -- sources ----------------------------------------------------------------------------------

SHARED_WORDS = 8  # a run of this many words from an article's passage means the answer used it
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _shingles(text: str, size: int = SHARED_WORDS) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def used_articles(text: str, hits: Sequence[ArticleHit], returned: dict[str, str]) -> list[ArticleHit]:
    """The articles the answer cites (by url or title) or quotes (a run of SHARED_WORDS words of
    what the search tool returned for it), in `hits` order."""
    lowered = text.lower()
    answer_shingles = _shingles(text)
    used = []
    for hit in hits:
        cited = hit.url.lower() in lowered or hit.title.lower() in lowered
        quoted = bool(answer_shingles & _shingles(returned.get(hit.slug, "")))
        if cited or quoted:
            used.append(hit)
    return used


# -- length -----------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+")


def word_count(text: str) -> int:
    """Words as a reader counts them (a url is one word)."""
    return len(text.split())


def cap_words(text: str, limit: int) -> str:
    """`text` cut at the last sentence (or line) end within `limit` words; a first sentence longer
    than that is cut at `limit` words with an ellipsis."""
    if word_count(text) <= limit:
        return text
    kept_end = 0
    for match in _SENTENCE_END.finditer(text):
        if word_count(text[:match.start()]) > limit:
            break
        kept_end = match.start()
    if kept_end:
        return text[:kept_end].rstrip()
    return " ".join(text.split()[:limit]).rstrip(",;:") + "…"


# -- all of them ------------------------------------------------------------------------------


@dataclass(slots=True)
class Checked:
    """An answer after the checks: its (capped) text, the articles it used, and why it was refused (if it was)."""

    text: str
    used: list[ArticleHit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    checks_failed: list[str] = field(default_factory=list)  # `link`, `order_fact`

    @property
    def refused(self) -> bool:
        """Whether the answer must not reach the customer."""
        return bool(self.problems)


def check_answer(
    text: str,
    *,
    hits: Sequence[ArticleHit],
    returned: dict[str, str],
    grounds: Grounds,
    order_numbers: OrderNumberFinder,
    allowed_domains: Iterable[str],
    word_limit: int,
    sign_off: str = "",
) -> Checked:
    """Run every check on a model's answer: links, order facts, sources used, length."""
    links = [f"link to {link} outside the help centre" for link in off_site_links(text, allowed_domains)]
    facts = invented_order_facts(text, grounds, order_numbers)
    failed = (["link"] if links else []) + (["order_fact"] if facts else [])
    used = used_articles(text, hits, returned)
    body, ending = text, ""
    if sign_off and text.rstrip().endswith(sign_off):
        body, ending = text.rstrip()[: -len(sign_off)].rstrip(), sign_off
    capped = cap_words(body, word_limit)
    return Checked(text=f"{capped}\n\n{ending}" if ending else capped, used=used, problems=links + facts,
                   checks_failed=failed)
