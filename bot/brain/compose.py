"""Answer composition for the offline brain: the sentences, table rows or list items of the
retrieved passages that answer *this* question, the decisive one first, within a word budget.

A passage is cut into units (`units`): sentences, list items, and table rows read as a sentence
("Typical time to appear for PayPal: Within 1 business day."). Each unit is scored against the
question by meaning (the cosine of its vector, from the same model and cache as the search) and
by words (the share of the question's content words it contains, a word counting for more the
fewer of the candidate units carry it), with a small bonus for units
that carry a concrete fact (a number, an amount, a menu path), for the range a customer's own
figure falls in ("Over £135" for a £220 order, `quantities.py`) and for the passages the search
ranked first. The best unit leads; the next best follow, in the article's order, while they
score close to it and fit in the budget (docs/brain.md#answer-composition).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.brain.knowledge import TABLE_ROW, TABLE_RULE
from bot.brain.lexical import content_terms
from bot.brain.quantities import fitting, named

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(¿¡])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|(?P<step>\d+)[.)])\s+(?P<text>.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s")
# A blockquote's marks ("> **Note:** ..."), which many help centres use for notes: the note is read
# as any paragraph, never shown with its ">" in the middle of an answer.
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MARKUP = re.compile(r"\*\*|__|`")
# The joining word a list item written as part of one sentence ends with ("the account was closed,
# or"; "das Konto aufgelöst wurde oder"; "la cuenta está cerrada o"): said alone, it would read
# "the account was closed or." The one-letter Spanish ones only in lower case ("Typ E" stays).
_JOINER = r"(?:(?i:and|or|oder|und|ou|et)|[oyue])"
_TRAILING_JOINER = re.compile(rf"[;,]\s*{_JOINER}?\s*$|\s+{_JOINER}\s*$")
# A sentence that leans on the one before it ("If your payment fails, you can try again within
# that time."): said alone it would lose the fact it refers to.
_REFERS_BACK = re.compile(
    r"^(?:this|that|these|those|it|its|they|then|otherwise|after that|in that case|if (?:you|they) don't|if not)\b|"
    r"\b(?:that time|this time|within that|that period|this period)\b|"
    r"^(?:esto|eso|estos|después de eso|en ese caso|dies|danach|in diesem fall|cela|ceci|après cela|dans ce cas)\b",
    re.IGNORECASE,
)
_FACT = re.compile(r"\d|€|\$|£|%|>|\bfree\b", re.IGNORECASE)
# A yes or no (or a "possibly", "it depends") that answers a FAQ heading ("Can I change the payment
# method?" "No."): quoted apart from that heading it answers whatever the customer asked instead, so
# it is never said; the sentences after it say what it means (the heading still counts in matching them).
_BARE_ANSWER = re.compile(
    r"^(?:yes|no|s[ií]|oui|non|ja|nein|possibly|maybe|perhaps|usually|sometimes|not always|not usually|"
    r"it depends|depends|quiz[aá]s?|a veces|normalmente|depende|no siempre|vielleicht|manchmal|normalerweise|"
    r"nicht immer|es kommt darauf an|peut-[eê]tre|parfois|normalement|pas toujours|[cç]a d[eé]pend)[.!]?$",
    re.IGNORECASE,
)

# What kind of fact a question asks for, and what a unit carrying that fact looks like. The
# question side lists English, Spanish, German and French wordings.
_ASKS_TIME = re.compile(
    r"\b(how long|how soon|how many (?:days|hours|weeks)|when|deadline|until|by when|how quickly|still|yet|"
    r"what hours|opening hours|what time|open|late|which days?|what days?|how often|expire[sd]?|in time|"
    r"cu[aá]nto tiempo|cu[aá]ndo|plazo|qu[eé] d[ií]a|tarda(?:n|r[aá]n?)?|demora|a tiempo|tarde|caduca[nr]?|"
    r"wie lange|wann|bis wann|frist|welche[nm]? tag|dauert|dauern|zu sp[aä]t|rechtzeitig|verfallen|"
    r"combien de temps|quand|d[ée]lai|quel jour|combien de jours|trop tard|encore temps|[aà] temps|expire(?:nt)?)\b",
    re.IGNORECASE,
)
_ASKS_MONEY = re.compile(
    r"\b(how much|cost|costs|fee|fees|price|charge|charged|pay|paid|percent|commission|refund(?:ed)? amount|"
    r"cu[aá]nto cuesta|precio|tarifa|comisi[oó]n|cuestan?|coste|costo|cobra[nr]?|cobr[aá]is|cu[aá]nto dinero|"
    r"wie viel|kosten|kostet|geb[uü]hr(?:en)?|preis|zahlt|zahlen|bezahlen|porto|"
    r"combien|co[uû]t|co[uû]te(?:nt)?|frais|prix|payer|tarifs?)\b",
    re.IGNORECASE,
)
_ASKS_STEPS = re.compile(
    r"\b(how do i|how can i|how to|where (?:do|can|is|are)|where'?s|find|set up|setup|turn on|change|update|"
    r"download|delete|remove|add|report|request|open|cancel|c[oó]mo|d[oó]nde|wie kann|wo |wie |comment|o[uù] )",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b\d+(?:[–-]\d+)?\s*(?:business |calendar |working )?(?:minutes?|hours?|days?|weeks?|months?|years?)\b|"
    r"\b\d+(?:[–-]\d+)?\s*(?:d[ií]as?|semanas?|horas?|mes(?:es)?|minutos?|a[nñ]os?|(?:Werk|Arbeits|Kalender)?tage?n?|"
    r"Wochen?|Stunden?|Monate?n?|Minuten?|Jahre?n?|jours?|semaines?|heures?|mois|ans?)\b|"
    r"\b(?:instantly|immediately|straight away|same day|next day|within|up to|al instante|de inmediato|sofort|"
    r"umgehend|imm[ée]diatement|instantan[ée]ment)\b|\d{1,2}:\d{2}|"
    r"\b(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekly|monthly|daily|"
    r"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bados?|domingos?|montags?|dienstags?|mittwochs?|"
    r"donnerstags?|freitags?|samstags?|sonntags?|lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"[€$£]\s?\d|\d\s?(?:%|€|£|eur\b)|\b(?:free|gratis|gratuite?s?|kostenlos)\b", re.IGNORECASE)
_STEP = re.compile(
    r"\S\s?>\s?\S|^(?:go to|open|choose|select|tap|click|enter|pick|use|sign in|write|ask|send|upload|contact|"
    r"ve a|entra en|abre|elige|selecciona|toca|pulsa|haz clic|escribe|env[ií]a|sube|"
    r"gehe? zu|[öo]ffne|w[äa]hle|tippe|klicke|schreibe?|sende|"
    r"va dans|allez dans|ouvre[sz]?|choisis(?:sez)?|s[ée]lectionne[sz]?|appuie[sz]?|clique[sz]?|envoie[sz]?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence, list item or table row of a passage, as the customer would read it."""

    text: str  # shown to the customer (markup removed)
    passage: int  # rank of its passage in the search result (0 = best)
    order: int  # position in the article's passages as given, for reading order
    kind: str  # "sentence", "item" or "row"
    lead: str = ""  # the sentence introducing its list or table ("After the refund is issued:")
    heading: str = ""  # the section it sits in
    short: str = ""  # a two-column table's row without its column name, once a row of its table was said
    article: int = 0  # which of the articles composed from it comes from (0 = the best one)
    after: str = ""  # the sentence before it in its paragraph (a sentence's only)
    shown: str = ""  # a wider table's row as the customer reads it (`row_shown`), where it differs from `text`
    in_list: int = -1  # a list item's list, named by the `order` of its first item (-1: not a list item)
    step: int = 0  # a numbered list item's number (0: not numbered)

    @property
    def context(self) -> str:
        """What the unit is matched as: its section heading, the sentence that introduces it, itself."""
        return " ".join(part for part in (self.heading, self.lead, self.text) if part)

    @property
    def prior(self) -> str:
        """The sentence before it, when it refers back to that one ("within that time"): said
        alone, it would lose the fact it leans on."""
        return self.after if self.after and _REFERS_BACK.search(self.text) else ""

    @property
    def words(self) -> int:
        """Its length in words."""
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Weights:
    """How a unit's score is made (tuned on bench/data/answer_dev.jsonl, docs/benchmarks.md)."""

    meaning: float = 1.0  # cosine between the question and the unit
    words: float = 0.35  # share of the question's content words the unit contains, each by its rarity
    fact: float = 0.03  # the unit carries a number, amount or menu path
    asked: float = 0.2  # the unit carries the kind of fact asked for (a time, an amount, a step)
    within: float = 0.1  # the unit's range holds the customer's own figure, at the threshold nearest it ("Over £135")
    passage: float = 0.0  # taken off per rank of the unit's passage (tuned to 0: the words decide)
    keep: float = 0.5  # a further unit is added within the budget when it scores this share of the best
    stretch: float = 0.85  # ... and past the budget (up to `STRETCH` times it) when it scores this share


DEFAULT_WEIGHTS = Weights()
STRETCH = 1.6  # how far past the word budget a unit that answers nearly as well as the best may go


def plain(text: str) -> str:
    """Text without Markdown emphasis or code marks, spacing folded."""
    return " ".join(_MARKUP.sub("", text).split())


def units(text: str, passage: int = 0, start: int = 0, heading: str = "", language: str = "en") -> list[Unit]:
    """The units of one passage's Markdown (under `heading`, written in `language`), in reading order."""
    found: list[Unit] = []
    lead = ""
    header: list[str] | None = None
    paragraph: list[str] = []

    list_start = -1  # the order of the current list's first item

    def add(unit_text: str, kind: str, unit_lead: str = "", short: str = "", previous: str = "", shown: str = "",
            step: int = 0) -> str:
        nonlocal list_start
        cleaned = _TRAILING_JOINER.sub("", plain(unit_text))
        if len(cleaned) > 2:
            if kind == "item" and list_start < 0:
                list_start = start + len(found)
            found.append(Unit(cleaned, passage, start + len(found), kind, unit_lead, heading, short,
                              after=previous, shown=shown,
                              in_list=list_start if kind == "item" else -1, step=step))
        return cleaned

    def flush() -> None:
        nonlocal lead
        if paragraph:
            sentences = _SENTENCE_END.split(" ".join(paragraph))
            sentences = [s for s in sentences if not _BARE_ANSWER.match(s.strip())] or sentences
            before = ""
            for sentence in sentences:
                first_answer = not found and heading.rstrip().endswith("?")
                shown = under_question(heading, plain(sentence), language) if first_answer else ""
                if not found and continues_heading(plain(sentence)):
                    shown = after_label(heading, plain(sentence), language)
                before = add(sentence, "sentence", previous=before, shown=shown)
            last = plain(sentences[-1])
            lead = last if last.endswith(":") else ""
            paragraph.clear()

    for quoted in text.splitlines():
        line = _QUOTE.sub("", quoted)
        if not line.strip() or _HEADING.match(line):
            flush()
            header = None
            if _HEADING.match(line):
                # A new section: its list is not introduced by the last section's sentence.
                list_start, lead = -1, ""
            continue
        row = TABLE_ROW.match(line)
        if row:
            flush()
            list_start = -1
            cells = [plain(c) for c in row.group(1).split("|")]
            if TABLE_RULE.match(line):
                continue
            if header is None:
                header = cells
            else:
                # A wider table's cells mean nothing without their columns' names ("Silver 25; Gold
                # 100"), so only a two-column table's later rows are said in short.
                short = row_sentence([], cells) if len(cells) == 2 else ""
                add(row_sentence(header, cells, language), "row", lead, short, shown=row_shown(header, cells, language))
            continue
        header = None
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            add(item.group("text"), "item", lead, step=int(item.group("step") or 0))
            continue
        list_start = -1
        paragraph.append(line.strip())
    flush()
    return found


# The word that joins a two-column table's column name to its row, in the article's language
# ("Tiempo de reembolso para PayPal"); English where Baton doesn't know the language's.
_ROW_FOR = {"en": "for", "es": "para", "de": "für", "fr": "pour"}
# French puts a (no-break) space before a colon and a semicolon: "Délai pour Carte : 3 à 5 jours".
_BEFORE_STOP = {"fr": "\u00a0"}


def row_sentence(header: Sequence[str], cells: Sequence[str], language: str = "en") -> str:
    """A table row as one sentence, as it is matched: "Typical time to appear for PayPal: Within 1
    business day." (two columns, joined in the article's `language`) or "Gold: Commission 8%;
    Monthly fee €20." (more); without a header, just "PayPal: Within 1 business day."."""
    if not cells or not cells[0]:
        return ""
    space = _BEFORE_STOP.get(language, "")
    if len(cells) == 2 and len(header) >= 2 and header[1]:
        text = f"{header[1]} {_ROW_FOR.get(language, 'for')} {cells[0]}{space}: {cells[1]}"
    else:
        names = [*header[1:], *[""] * len(cells)]
        rest = [f"{h} {c}".strip() if h else c for h, c in zip(names, cells[1:], strict=False) if c]
        text = f"{cells[0]}{space}: " + f"{space}; ".join(rest) if rest else cells[0]
    return text if text.endswith((".", "!", "?")) else text + "."


# A cell that says nothing ("-", "—", "n/a"): "Who pays return shipping: -" is left out of a row as shown.
_EMPTY_CELL = re.compile(r"^(?:[-–—]+|n/?a)$", re.IGNORECASE)


def row_shown(header: Sequence[str], cells: Sequence[str], language: str = "en") -> str:
    """A wider table's row as the customer reads it, each value under its column's name: "Phone —
    Who can use it: Atelier shops only; When: Monday–Friday." Run together ("Phone: Who can use it
    Atelier shops only; When Monday–Friday") the customer had to find where each value starts. A
    cell that says nothing ("-", "n/a") is left out. Empty where the row reads as `row_sentence`
    says it (two columns, no column names)."""
    names = [column_name(h) for h in header[1:]]
    rest = [f"{h}{_BEFORE_STOP.get(language, '')}: {c}" if h else c
            for h, c in zip([*names, *[""] * len(cells)], cells[1:], strict=False) if c and not _EMPTY_CELL.match(c)]
    if len(cells) <= 2 or not cells[0] or not any(names) or not rest:
        return ""
    text = f"{cells[0]} — " + f"{_BEFORE_STOP.get(language, '')}; ".join(rest)
    return text if text.endswith((".", "!", "?")) else text + "."


FAQ_FRAGMENT_WORDS = 5  # an answer this short under a FAQ question reads as a fragment alone


def under_question(question: str, answer: str, language: str = "en") -> str:
    """A FAQ question's short answer as the customer reads it, after the question it answers, as a
    row is after its column's name: "How long do I have to respond to a return request: 3 working
    days." Alone, "3 working days." or "Partly." answers nothing the customer can see. Empty
    where the answer is a sentence of its own: over FAQ_FRAGMENT_WORDS words, or saying its
    question's words again ("100 Embers are worth €1." under "How much are Embers worth?")."""
    if len(answer.split()) > FAQ_FRAGMENT_WORDS or not question.rstrip().endswith("?"):
        return ""
    if len(content_stems(answer) & content_stems(question)) >= 2:
        return ""
    text = f"{column_name(question)}{_BEFORE_STOP.get(language, '')}: {answer}"
    return text if text.endswith((".", "!", "?")) else text + "."


def continues_heading(sentence: str) -> bool:
    """Whether a section's first sentence goes on from its heading rather than starting afresh:
    it begins in lower case, as after a bold label ("**Dispatched:** you can no longer cancel.").
    "iPhones ..." or "eBay ..." begin with a name, not a continuation."""
    return len(sentence) > 1 and sentence[0].islower() and (sentence[1].islower() or sentence[1] == " ")


def after_label(label: str, sentence: str, language: str = "en") -> str:
    """A sentence said after the label it continues: "Dispatched: you can no longer cancel."
    Alone, "you can no longer cancel." says the opposite of what the customer may need, and
    "grade their own device." is not a sentence. Empty without a label."""
    name = column_name(label)
    return f"{name}{_BEFORE_STOP.get(language, '')}: {sentence}" if name else ""


@lru_cache(maxsize=16384)
def content_stems(text: str) -> frozenset[str]:
    """The stems of a text's content words (stop words dropped); a help centre's units are
    stemmed once per process."""
    return frozenset(content_terms(text))


def scores(question: str, question_vector: np.ndarray, found: Sequence[Unit], vectors: np.ndarray,
           weights: Weights = DEFAULT_WEIGHTS, in_english: str = "") -> np.ndarray:
    """Each unit's score for the question (higher answers it better); `in_english`, the question's
    words read in English (bot/brain/word_lexicon.py), count as its words too."""
    asked = content_stems(question) | content_stems(in_english)
    wants = asks_for(question)
    meaning = vectors @ question_vector if len(found) else np.zeros(0)
    contexts = [content_stems(unit.context) for unit in found]
    rarity = word_rarity(asked, contexts)
    asked_weight = sum(rarity.values())
    figures = named(question)
    fits = fitting(figures, [unit.text for unit in found]) if figures else [0.0] * len(found)
    result = np.empty(len(found), dtype=np.float64)
    for i, unit in enumerate(found):
        shared = sum(rarity[w] for w in asked & contexts[i]) / asked_weight if asked else 0.0
        fact, *carries = facts_in(unit.text)
        result[i] = (
            weights.meaning * float(meaning[i])
            + weights.words * shared
            + (weights.fact if fact else 0.0)
            + (weights.asked if any(w and c for w, c in zip(wants, carries, strict=True)) else 0.0)
            + weights.within * fits[i]
            - weights.passage * unit.passage
        )
    return result


def word_rarity(asked: frozenset[str], contexts: Sequence[frozenset[str]]) -> dict[str, float]:
    """How much each of the question's words tells the candidate units apart: a word that every
    unit shares ("order" in an article about orders) counts for less than one only a few carry
    (a smoothed inverse document frequency over this question's units)."""
    count = len(contexts) + 1
    return {w: math.log(count / (sum(w in c for c in contexts) + 1)) + 1.0 for w in asked}


def asks_for(question: str) -> tuple[bool, bool, bool]:
    """Whether a question asks for a time, an amount, a step (in any of the four languages)."""
    return (_ASKS_TIME.search(question) is not None, _ASKS_MONEY.search(question) is not None,
            _ASKS_STEPS.search(question) is not None)


def column_name(header: str) -> str:
    """A column's header as a label before its value: "Can I return it?" and "¿Puedo devolverlo?"
    without their question marks ("Can I return it: No"), a trailing colon dropped."""
    name = header.strip().rstrip(":").strip()
    if name.endswith("?"):
        name = name.rstrip("?").strip().removeprefix("¿")
    return name


@lru_cache(maxsize=16384)
def facts_in(text: str) -> tuple[bool, bool, bool, bool]:
    """Whether a unit carries any concrete fact, a time, an amount, a step (once per unit)."""
    return (_FACT.search(text) is not None, _TIME.search(text) is not None,
            _MONEY.search(text) is not None, _STEP.search(text) is not None)


def choose(found: Sequence[Unit], unit_scores: np.ndarray, budget: int,
           weights: Weights = DEFAULT_WEIGHTS, stretch: float = STRETCH) -> list[Unit]:
    """The units to say: the best first, then those close to it in reading order, within `budget`
    words; a unit nearly as good as the best may stretch it (to `stretch` times). The best is
    always said, even when longer."""
    if not found:
        return []
    # An article's own question ("Changed your mind about a sketchbook?") introduces its answer;
    # said to a customer it reads as the bot asking them back, so it is only matched, never said.
    ranked = sorted((i for i in range(len(found)) if not asks(found[i])), key=lambda i: -unit_scores[i])
    if not ranked:
        ranked = sorted(range(len(found)), key=lambda i: -unit_scores[i])
    best = ranked[0]
    floor = unit_scores[best] * weights.keep
    close = unit_scores[best] * weights.stretch
    chosen = [best]
    said = {found[best].text}
    used = found[best].words

    def items_of(i: int, limit: float) -> None:
        """Add the items an introduction ("Go to Settings > Security and choose:") leads, in order,
        while they fit in `limit` words."""
        nonlocal used
        if not found[i].text.endswith(":"):
            return
        for j, unit in enumerate(found):
            if unit.lead == found[i].text and j not in chosen and unit.text not in said:
                if used + unit.words > limit:
                    break
                chosen.append(j)
                said.add(unit.text)
                used += unit.words

    items_of(best, budget * stretch)  # the best answer is a list: its items come before anything else
    for i in ranked[1:]:
        if unit_scores[i] < floor:
            break
        limit = budget * stretch if unit_scores[i] >= close else budget
        if found[i].text in said or used + found[i].words > limit:
            continue  # overlapping passages repeat a sentence: say it once
        if restates(found[i], [found[j] for j in chosen]):
            continue  # two articles or two tables say the same fact in other words: say it once
        chosen.append(i)
        said.add(found[i].text)
        used += found[i].words
    for i in list(chosen):  # noqa: PERF101 - a copy: items_of appends to `chosen`
        items_of(i, budget)
    # An introduction none of whose items could be said would end in a dangling colon.
    led = {found[i].lead for i in chosen}
    chosen = [i for i in chosen if i == best or not found[i].text.endswith(":") or found[i].text in led]
    rest = sorted(chosen[1:], key=lambda i: found[i].order)
    said_units = with_leads([found[best], *(found[i] for i in rest)], found, budget * stretch)
    return with_priors(with_followers(said_units, found, budget * stretch), found, budget * stretch)


def restates(unit: Unit, said: Sequence[Unit]) -> bool:
    """Whether everything a unit says is already said: each of its content words and numbers is in
    one unit said ("Commission: Seedling 9%; Studio 7%." after "Commission on each sale: Seedling
    9%; Studio 7%."). A unit of fewer than three such words is never taken for a restatement."""
    words = content_stems(unit.text)
    return len(words) >= 3 and any(words <= content_stems(other.text) for other in said)


def reads_alone(unit: Unit) -> bool:
    """Whether a unit can be said without the sentence introducing its list: a list item can't
    ("Accidental damage such as drops." under "These are not covered:" says the opposite alone).
    Telling the items that would read alone from those that don't, by their form, was measured
    and let such items through (docs/benchmarks.md#items-under-their-introduction)."""
    return unit.kind != "item" or not unit.lead


def with_leads(chosen: list[Unit], found: Sequence[Unit], limit: float) -> list[Unit]:
    """The chosen units with each list item's introduction ("These are not covered:"), within
    `limit` words (the first unit's always); an item whose introduction doesn't fit is left out
    rather than said as if it stood alone. An introduction the search didn't return is taken from
    the item itself."""
    by_text = {u.text: u for u in found}
    result = list(chosen)
    present = {u.text for u in chosen}
    used = sum(u.words for u in chosen)
    for position, unit in enumerate(chosen):
        if reads_alone(unit) or unit.lead in present:
            continue
        lead = by_text.get(unit.lead) or Unit(text=unit.lead, passage=unit.passage, order=unit.order,
                                              kind="sentence", heading=unit.heading, article=unit.article)
        if position == 0 or used + lead.words <= limit:
            result.insert(result.index(unit), lead)
            present.add(lead.text)
            used += lead.words
        else:
            result.remove(unit)
            used -= unit.words
    return result


def asks(unit: Unit) -> bool:
    """Whether a unit is a question the article asks (a sentence ending in a question mark)."""
    return unit.kind == "sentence" and unit.text.endswith("?")


def with_priors(chosen: list[Unit], found: Sequence[Unit], limit: float) -> list[Unit]:
    """The chosen units with the sentence each leans on said right before it ("Checkout holds the
    item for 30 minutes." before "... try again within that time."). A prior already chosen moves
    up; the first unit always gets its prior, a later one when it fits within `limit` words."""
    by_text = {u.text: u for u in found}
    in_chosen = {u.text for u in chosen}
    used = sum(u.words for u in chosen)
    result: list[Unit] = []
    placed: set[str] = set()
    for position, unit in enumerate(chosen):
        if unit.text in placed:
            continue  # moved up before the sentence that leans on it
        needed: list[Unit] = []
        prior = by_text.get(unit.prior) if unit.prior else None
        while prior is not None and prior.text not in placed and prior not in needed:
            needed.insert(0, prior)
            prior = by_text.get(prior.prior) if prior.prior else None
        extra = sum(u.words for u in needed if u.text not in in_chosen)
        if extra and position > 0 and used + extra > limit:
            needed = [u for u in needed if u.text in in_chosen]  # said alone, as before, rather than lost
            extra = 0
        result.extend(needed)
        placed.update(u.text for u in needed)
        used += extra
        result.append(unit)
        placed.add(unit.text)
    return result


def with_followers(chosen: list[Unit], found: Sequence[Unit], limit: float) -> list[Unit]:
    """The chosen units with the sentences that go on from the first one in its paragraph, when it
    carries no fact itself: "Sometimes your banking app shows a pending amount even though the
    payment failed." sets the scene, and "This is an authorisation hold, not a charge. ... your
    bank releases the hold within 7 days." answers. Followed while they fit within `limit` words,
    until one carries a fact (a first sentence leaning on one with a fact gets that one instead:
    `with_priors`)."""
    if not chosen or any(facts_in(text)[0] for text in (chosen[0].text, chosen[0].prior) if text):
        return chosen  # it carries a fact, or the sentence said before it does
    leaning = {u.after: u for u in found if u.after and u.kind == "sentence"}
    present = {u.text for u in chosen}
    used = sum(u.words for u in chosen)
    result = list(chosen)
    at, unit = 1, leaning.get(chosen[0].text)
    # A list's introduction ("... and choose:") is not followed: without its items it would dangle.
    while (unit is not None and unit.text not in present and not unit.text.endswith(":")
           and used + unit.words <= limit):
        result.insert(at, unit)
        present.add(unit.text)
        used += unit.words
        at += 1
        if facts_in(unit.text)[0]:
            break
        unit = leaning.get(unit.text)
    return result


def render(chosen: Sequence[Unit]) -> str:
    """The chosen units as short lines: sentences run together, list items and table rows as a
    list under the sentence that introduces them (when that was chosen too)."""
    if not chosen:
        return ""
    ordered: list[Unit] = []
    for unit in chosen:
        group = [u for u in ordered if u.lead and u.lead == unit.lead and u.kind == unit.kind]
        intro = next((k for k, u in enumerate(ordered) if unit.lead and u.text == unit.lead), None)
        if unit.kind == "sentence" and unit.text.endswith(":") and any(u.lead == unit.text for u in ordered):
            ordered.insert(next(i for i, u in enumerate(ordered) if u.lead == unit.text), unit)
        elif group:
            ordered.insert(ordered.index(group[-1]) + 1, unit)  # a list or table stays together
        elif intro is not None:
            ordered.insert(intro + 1, unit)  # ... right under the sentence that introduces it
        else:
            ordered.append(unit)
    ordered = steps_in_order(ordered)
    lines: list[str] = []
    previous: Unit | None = None
    for unit in ordered:
        if unit.kind in ("item", "row") and len(chosen) > 1:
            same_table = previous is not None and previous.kind == "row" and previous.lead == unit.lead \
                and previous.heading == unit.heading
            lines.append(f"- {_sentence(unit.short if same_table and unit.short else unit.shown or unit.text)}")
        elif lines and not lines[-1].startswith("- ") and (previous is None or previous.article == unit.article) \
                and not (unit.kind == "sentence" and unit.shown):  # an answer after its FAQ question starts a line
            lines[-1] = f"{lines[-1]} {_sentence(unit.shown or unit.text)}"
        else:
            lines.append(_sentence(unit.shown or unit.text))
        previous = unit
    return "\n".join(lines)


def steps_in_order(ordered: list[Unit]) -> list[Unit]:
    """The units with the items of each list in the article's order, where the list's items are:
    the step that matched best ("Tap Track parcel.") is said after the steps that lead to it ("Open
    Profile > Purchases.", "Tap the order."), never before them. A numbered list is known by its
    section and introduction and ordered by its numbers, since a long section's passages overlap
    and can split it; a bulleted one by its passage. A table's rows keep the best first: each row
    stands alone."""
    places: dict[tuple[int, str, str] | int, list[int]] = {}
    for position, unit in enumerate(ordered):
        if unit.kind == "item" and unit.in_list >= 0:
            key = (unit.article, unit.heading, unit.lead) if unit.step else unit.in_list
            places.setdefault(key, []).append(position)
    result = list(ordered)
    for positions in places.values():
        in_order = sorted((ordered[p] for p in positions), key=lambda u: (u.step, u.order))
        for position, unit in zip(positions, in_order, strict=True):
            result[position] = unit
    return result


def _sentence(text: str) -> str:
    if text[:1].islower() and not text[1:2].isupper():  # "iDEAL" keeps its spelling
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ":")) else text + "."
