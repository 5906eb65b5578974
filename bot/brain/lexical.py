"""Words side of retrieval: tokens, BM25 (rank_bm25's statistics, scored as a sparse matrix), typo repair."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from bot.brain.synonyms import SYNONYMS, Thesaurus

# Words sklearn calls stop words that carry meaning in a shop's help centre.
_KEEP = {"bill", "call", "back", "full", "empty", "name", "move", "found", "cant", "not", "never", "no"}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS - _KEEP) | {"hi", "hello", "hey", "thanks", "thank", "please", "pls"}
_TOKEN = re.compile(r"[a-z0-9]+")
# Function words of the other languages Baton reads (Spanish, German, French), for telling a short
# follow-up from a full question in any of them: "y si hubiera pagado con paypal?" is as short as
# "and if I paid with paypal?". Words that are also English content words ("son", "hat", "war",
# "die") are left out.
OTHER_STOP_WORDS = frozenset("""
y e o u si de del la las el los lo le les un una unos unas que qué en con por para al mi mis tu tus su sus
me te se es era fue ha he hay muy más pero como cómo cuando cuándo donde dónde esto eso este esta ese esa
und oder wenn ob nicht kein keine der das den dem des ein eine einen einem einer ich du er sie es wir ihr
mich mir dich dir mein meine ist sind habe haben auch noch schon was wie wo wann dann mit von zu zum zur auf
für bei aus et ou ne pas du des un une je tu il elle on nous vous mon ma mes ton ta est sont était ai avec
pour par sur dans au aux qui quoi quand comment où ça cela ce cette aussi encore
""".split())
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """A deliberately light English suffix folding ('refunds', 'refunded' -> 'refund')."""
    if len(token) <= 3 or token.isdigit():
        return token
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            if suffix == "s" and token.endswith(("ss", "us", "is")):
                return token
            if suffix == "es" and not token.endswith(("ches", "shes", "sses", "xes", "zes")):
                continue
            base = token[: -len(suffix)] + keep
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "sz":
                base = base[:-1]  # shipped -> shipp -> ship
            return base
    return token


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Whole English words the embedding model's tokenizer knows: real words are never 'corrected'."""
    from bot.brain.embeddings import model_path

    try:
        lines = (model_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower() and len(w) > 1)


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words, stop words kept (for typo repair and display)."""
    return _TOKEN.findall(text.lower())


def content_words(text: str) -> list[str]:
    """A message's words without English, Spanish, German or French function words: how long a
    question is in any of the languages Baton reads (a short one is read as a follow-up)."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and w not in OTHER_STOP_WORDS]


def folded(text: str) -> str:
    """The text without its accents ("días" -> "dias", "größe" -> "grosse"): customers type
    "devolucion" for "devolución" as often as not."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def content_terms(text: str) -> list[str]:
    """A text's content words in any of the languages Baton reads, accents folded and lightly
    stemmed: what a question and a help-centre sentence are compared by when an answer is
    composed ("¿cuántos días tengo?" -> "cuanto", "dia", "tengo"; the English `tokens` reads
    "cu", "ntos", "d", "as" and keep "de", "la", "que")."""
    # Stemmed twice, as a help centre's words always were here: "settings" -> "setting" -> "set"
    # meets "set up", "listings" meets "list".
    return [stem(stem(folded(w))) for w in content_words(text)]


def tokens(text: str) -> list[str]:
    """The terms BM25 matches: lower-case, stop words dropped, lightly stemmed."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


class Lexicon:
    """BM25 over a fixed list of documents, plus the vocabulary typos are corrected against."""

    def __init__(
        self,
        documents: Sequence[str],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        known_words: frozenset[str] | None = None,
        thesaurus: Thesaurus | None = None,
    ) -> None:
        self.thesaurus = thesaurus
        corpus = [tokens(d) for d in documents]
        if not any(corpus):
            raise ValueError("BM25 needs at least one document with words in it")
        bm25 = BM25Okapi([doc or ["\x00"] for doc in corpus], k1=k1, b=b)
        self.vocab: dict[str, int] = {term: i for i, term in enumerate(sorted(bm25.idf))}
        self.idf = np.zeros(len(self.vocab), dtype=np.float32)
        for term, i in self.vocab.items():
            self.idf[i] = bm25.idf[term]
        self._max_idf = float(self.idf.max())
        rows, cols, weights = [], [], []
        for doc_id, freqs in enumerate(bm25.doc_freqs):
            norm = k1 * (1 - b + b * bm25.doc_len[doc_id] / bm25.avgdl)
            for term, tf in freqs.items():
                rows.append(self.vocab[term])
                cols.append(doc_id)
                weights.append(self.idf[self.vocab[term]] * tf * (k1 + 1) / (tf + norm))
        # Term-major sparse rows: a query reads only its own terms' postings (see `scores`).
        matrix = sparse.csr_matrix((weights, (rows, cols)), shape=(len(self.vocab), len(corpus)), dtype=np.float32)
        self._indptr, self._docs, self._weights = matrix.indptr, matrix.indices, matrix.data
        self._n = len(corpus)
        # The surface words of the documents: what a misspelt query word is corrected to.
        surface = Counter(w for d in documents for w in words(d) if len(w) >= 3 and w.isalpha())
        self.surface_words: list[str] = sorted(surface)
        self._surface_set = frozenset(surface)
        # Real words the documents lack ("pieces", "earnings") are left alone: only non-words are
        # typos. Without this "pieces" became "prices" and "couriers" became "countries".
        self._known = dictionary_words() if known_words is None else known_words
        self._frequency = surface
        self._dictionary = sorted(self._known - self._surface_set)  # real words the help centre lacks
        self._correct = lru_cache(maxsize=8192)(self._correct_uncached)

    def __len__(self) -> int:
        return self._n

    def _correct_uncached(self, word: str) -> str:
        if len(word) < 4 or not word.isalpha() or word in self._surface_set or word in STOP_WORDS:
            return word
        if word in self._known or stem(word) in self._known:  # "couriers": "courier" is a word
            return word
        # A typo is one slip (two in a long word): an insertion, deletion, substitution or swap; a
        # short word must also keep its letters ("typo" is no slip of "type").
        budget = 1 if len(word) <= 7 else 2
        cutoff = 88.0 if len(word) <= 5 else 80.0
        found = [
            (distance, -fuzz.ratio(word, w), -self._frequency[w], w)
            for w, distance, _ in process.extract(word, self.surface_words, scorer=OSA.distance, score_cutoff=budget, limit=8)
            if fuzz.ratio(word, w) >= cutoff
        ]
        if not found:
            return word
        nearest, *_, best = min(found)
        # A real word the help centre lacks is closer ("packge" is "package", not the help centre's
        # "page"): then the word is left to the embedding model.
        if nearest > 1 and process.extractOne(word, self._dictionary, scorer=OSA.distance, score_cutoff=nearest - 1):
            return word
        return best

    def correct(self, text: str) -> str:
        """The text with each unknown word replaced by the closest knowledge-base word, if close enough."""

        def fix(m: re.Match[str]) -> str:
            word = m.group(0)
            fixed = self._correct(word.lower())
            return word if fixed == word.lower() else fixed

        return re.sub(r"[A-Za-z]+", fix, text)

    def unknown_terms(self, text: str) -> list[str]:
        """The text's terms that no document uses, nor names through the thesaurus ("joke", "lasagne")."""
        covered = {word for e in (self.thesaurus.expansions(text) if self.thesaurus else ())
                   if any(t in self.vocab for t in e.terms) for word in e.phrase}
        return [t for t in tokens(text) if t not in self.vocab and t not in covered]

    def scores(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Per document: BM25 score, and coverage (share of the query's idf weight the document has).

        With a thesaurus, a customer phrase ("money back") also matches the help centre's term for
        it ("refund"): the term adds its BM25 weight, and the phrase's words count as covered where
        the term occurs.
        """
        terms = tokens(query)
        known = [self.vocab[t] for t in terms if t in self.vocab]
        # Unknown terms count as rare words the document lacks: a question about something the
        # knowledge base never mentions should not look well covered.
        total_idf = float(self.idf[known].sum()) + self._max_idf * (len(terms) - len(known))
        n = len(self)
        alternatives: dict[str, list[int]] = {}
        added: list[int] = []
        for expansion in self.thesaurus.expansions(query) if self.thesaurus else ():
            ids = [self.vocab[t] for t in expansion.terms if t in self.vocab and t not in terms]
            for word in expansion.phrase:
                if word in terms:
                    alternatives.setdefault(word, []).extend(ids)
            added.extend(i for i in ids if i not in added)
        if not (known or added) or total_idf <= 0:
            return np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
        rows = np.asarray(known + added, dtype=np.int64)
        docs, weights = self._postings(rows)
        bm25 = np.bincount(docs, weights=weights, minlength=n)
        present: np.ndarray
        if not alternatives:  # the usual case: coverage straight from the query terms' postings
            lengths = (self._indptr[rows + 1] - self._indptr[rows])[: len(known)]
            present = np.bincount(docs[: lengths.sum()], weights=np.repeat(self.idf[known], lengths), minlength=n)
        else:
            present = np.zeros(n)
            for term in terms:
                ids = [self.vocab[term]] if term in self.vocab else []
                has = np.zeros(n, dtype=bool)
                has[self._postings(np.asarray(ids + alternatives.get(term, []), dtype=np.int64))[0]] = True
                present += has * (float(self.idf[ids[0]]) if ids else self._max_idf)
        return bm25.astype(np.float32), (present / total_idf).astype(np.float32)

    def _postings(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The documents and BM25 weights of these terms' postings, concatenated."""
        if not len(rows):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        starts, ends = self._indptr[rows], self._indptr[rows + 1]
        postings = np.concatenate([np.arange(a, z) for a, z in zip(starts, ends, strict=True)])
        return self._docs[postings], self._weights[postings]


def default_thesaurus() -> Thesaurus:
    """The shipped customer-words table (`synonyms.SYNONYMS`), matched on lightly stemmed words."""
    return Thesaurus(SYNONYMS, words, stem)
