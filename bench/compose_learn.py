"""Where a question's facts are lost, and a unit scorer learned from the tuning help centres.

    .venv/bin/python bench/compose_learn.py \\
        --set knowledge_base bench/data/answer_dev.jsonl \\
        --set bench/data/dev_helpcentre/kb bench/data/dev_helpcentre/answer_questions.jsonl

For every answered question, the units the answer is composed from are gathered as the brain
gathers them (bot/brain/answerer.py `compose`). The first table says where each fact is: not in
the units at all (the wrong article, or a passage of the right one not retrieved), in them but
not said, or said (`--where-only` stops there: nothing is fitted, so a blind set may be reported
with it). The second fits a model of "this unit carries one of the question's facts" on all help
centres but one (pointwise: a logistic regression; listwise: a softmax over each question's
units) and measures facts present on the one left out, alone and added to the shipped hand-set
scores. Tuning sets only: never fit on a blind set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from answer_eval import normalise, percentile  # type: ignore[import-not-found]

from bot.brain.answerer import STRETCH, OfflineBrain, close_articles, sorted_passages
from bot.brain.compose import (
    Unit,
    asks_for,
    choose,
    content_stems,
    facts_in,
    render,
    scores,
)
from bot.brain.encoders import load_encoders
from bot.brain.factory import load_parts
from bot.brand import Brand
from bot.language import LanguageDetector
from bot.models import Participant
from bot.settings import Settings


@dataclass
class Case:
    """One answered question's candidate units, ready to re-score."""

    help_centre: str
    question: str
    language: str
    facts: list[str]
    found: list[Unit]
    question_vector: np.ndarray
    vectors: np.ndarray
    right_article: bool


async def prepare(kb: Path, questions: list[dict[str, Any]], index: Path) -> list[Case]:
    """Search once per question and gather the units as the brain does (first turns only)."""
    settings = Settings(_env_file=None, BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(index))  # type: ignore[call-arg]
    encoders = load_encoders(settings.embedding_model, settings.embedding_precision, settings.languages)
    parts = await load_parts(settings, encoders.main, encoders=encoders, brand=Brand())
    brain = OfflineBrain(parts)
    detector = LanguageDetector(settings.languages)
    cases: list[Case] = []
    for q in questions:
        if isinstance(q.get("follow_up_of"), int):
            continue
        language = detector.detect(q["question"])
        search = parts.search_for(language)
        result = await search.search(q["question"], Participant(role=q.get("role", "buyer")).role, [], k=3,
                                     language=language)
        if not result.hits or result.confidence < parts.threshold:
            continue
        found: list[Unit] = []
        vectors: list[np.ndarray] = []
        for article, hit in enumerate(close_articles(result, parts.threshold, language)):
            for rank, passage in enumerate(sorted_passages(hit)):
                chunk_units, chunk_vectors = await brain.units_of(search, passage.chunk)
                start = len(found)
                found.extend(replace(u, passage=rank, order=start + i, article=article)
                             for i, u in enumerate(chunk_units))
                vectors.append(chunk_vectors)
        if not found:
            continue
        question_vector = np.asarray(await search.embedder.embed_query(result.query), dtype=np.float32)
        cases.append(Case(str(kb), q["question"], language, q["facts"], found, question_vector,
                          np.concatenate(vectors), result.hits[0].slug == q["article"]))
    return cases


FEATURES = ("meaning", "meaning_gap", "words", "words_gap", "text_words", "heading_words", "fact",
            "asked", "time", "money", "step", "item", "row", "first_in_section", "passage", "article",
            "log_words", "lead")


def features(case: Case) -> np.ndarray:
    """One row of FEATURES per candidate unit."""
    asked = content_stems(case.question)
    wants = asks_for(case.question)
    meaning = case.vectors @ case.question_vector
    rows = []
    previous_heading = None
    for i, unit in enumerate(case.found):
        share = len(asked & content_stems(unit.context)) / len(asked) if asked else 0.0
        text_share = len(asked & content_stems(unit.text)) / len(asked) if asked else 0.0
        heading_share = len(asked & content_stems(unit.heading)) / len(asked) if asked and unit.heading else 0.0
        fact, *carries = facts_in(unit.text)
        first = unit.heading != previous_heading or i == 0
        previous_heading = unit.heading
        rows.append([float(meaning[i]), 0.0, share, 0.0, text_share, heading_share, float(fact),
                     float(any(w and c for w, c in zip(wants, carries, strict=True))),
                     float(carries[0]), float(carries[1]), float(carries[2]),
                     float(unit.kind == "item"), float(unit.kind == "row"), float(first),
                     float(unit.passage), float(unit.article), float(np.log1p(unit.words)), float(bool(unit.lead))])
    matrix = np.asarray(rows, dtype=np.float64)
    matrix[:, 1] = matrix[:, 0] - matrix[:, 0].max()
    matrix[:, 3] = matrix[:, 2] - matrix[:, 2].max()
    return matrix


def labels(case: Case) -> np.ndarray:
    """Whether each unit carries one of the question's facts."""
    facts = [normalise(f) for f in case.facts]
    return np.asarray([any(f in normalise(u.text) for f in facts) for u in case.found], dtype=np.int64)


def measure(cases: list[Case], scorer: Any, budget: int = 60) -> tuple[float, float, float]:
    """Facts present, median and p90 words, when units are scored by `scorer(case)`."""
    present = total = 0
    words: list[float] = []
    for case in cases:
        stretch = STRETCH if case.language == "en" else 1.0
        text = render(choose(case.found, scorer(case), budget, stretch=stretch))
        present += sum(normalise(f) in normalise(text) for f in case.facts)
        total += len(case.facts)
        words.append(float(len(text.split())))
    return present / max(1, total), statistics.median(words), percentile(words, 0.9)


def shipped(case: Case) -> np.ndarray:
    """The product's scores."""
    return scores(case.question, case.question_vector, case.found, case.vectors)


def where(cases: list[Case]) -> None:
    """Where each help centre's facts are: not among the units, among them but not said, said."""
    print("| help centre | questions | facts | not in the units | in the units, not said | said |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in dict.fromkeys(c.help_centre for c in cases):
        mine = [c for c in cases if c.help_centre == name]
        total = absent = unsaid = said = 0
        for case in mine:
            stretch = STRETCH if case.language == "en" else 1.0
            text = normalise(render(choose(case.found, shipped(case), 60, stretch=stretch)))
            pool = " ".join(normalise(u.text) for u in case.found)
            for fact in map(normalise, case.facts):
                total += 1
                if fact in text:
                    said += 1
                elif fact in pool:
                    unsaid += 1
                else:
                    absent += 1
        print(f"| {name} | {len(mine)} | {total} | {absent / total:.0%} | {unsaid / total:.0%} | {said / total:.0%} |")


def main() -> None:
    """Gather the cases, then print where facts are lost and the leave-one-help-centre-out fit."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", nargs=2, action="append", metavar=("KB", "QUESTIONS"), required=True)
    parser.add_argument("--C", type=float, default=1.0, help="inverse regularisation of the fit")
    parser.add_argument("--where-only", action="store_true",
                        help="only the first table (the one a blind set may be reported with: nothing is fitted)")
    parser.add_argument("--index", type=Path, help="keep the indexes under this folder between runs")
    parser.add_argument("--show", action="store_true", help="print the facts among the units but not said")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression

    cases: list[Case] = []
    with tempfile.TemporaryDirectory() as scratch:
        for n, (kb, path) in enumerate(args.set):
            questions = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
            index = (args.index or Path(scratch)) / Path(kb).as_posix().replace("/", "_")
            cases.extend(asyncio.run(prepare(Path(kb), questions, index)))
    where(cases)
    if args.show:
        show_unsaid(cases)
    if args.where_only:
        return
    print()
    print("| left out | variant | facts present | median / p90 words |")
    print("| --- | --- | --- | --- |")
    for name in dict.fromkeys(c.help_centre for c in cases):
        train = [c for c in cases if c.help_centre != name and labels(c).any()]
        test = [c for c in cases if c.help_centre == name]
        rows: list[tuple[str, Any]] = [("shipped", shipped)]
        pointwise = LogisticRegression(C=args.C, max_iter=2000, class_weight="balanced")
        pointwise.fit(np.concatenate([features(c) for c in train]), np.concatenate([labels(c) for c in train]))
        rows.append(("pointwise fit alone", lambda c, m=pointwise: m.predict_proba(features(c))[:, 1]))
        listwise = ListwiseFit(train)
        rows.append(("listwise fit alone", lambda c, f=listwise: np.exp(f(c) - f(c).max())))
        for weight in (0.05, 0.1, 0.2):
            rows.append((f"shipped + {weight} x listwise", lambda c, f=listwise, w=weight: shipped(c) + w * f(c)))
        for label, scorer in rows:
            facts, median, p90 = measure(test, scorer)
            print(f"| {name} | {label} | {facts:.1%} | {median:.0f} / {p90:.0f} |")


class ListwiseFit:
    """A linear score over FEATURES fitted so that, per question, a softmax over its units puts its
    weight on the units that carry a fact (plain gradient descent, standardised features, L2)."""

    def __init__(self, train: list[Case], l2: float = 0.1, epochs: int = 300, rate: float = 0.5) -> None:
        matrices = [features(c) for c in train]
        targets = [labels(c) for c in train]
        stacked = np.concatenate(matrices)
        self.mean, self.scale = stacked.mean(0), stacked.std(0) + 1e-6
        self.weights = np.zeros(stacked.shape[1])
        for _ in range(epochs):
            gradient = l2 * self.weights
            for matrix, target in zip(matrices, targets, strict=True):
                z = (matrix - self.mean) / self.scale
                s = z @ self.weights
                p = np.exp(s - s.max())
                gradient += z.T @ (p / p.sum() - target / target.sum()) / len(matrices)
            self.weights -= rate * gradient

    def __call__(self, case: Case) -> np.ndarray:
        """Each unit's learned score."""
        return ((features(case) - self.mean) / self.scale) @ self.weights  # type: ignore[no-any-return]

def show_unsaid(cases: list[Case]) -> None:
    """Print each fact found among the units but not said: the question, the unit, the answer."""
    for case in cases:
        scored = shipped(case)
        stretch = STRETCH if case.language == "en" else 1.0
        chosen = choose(case.found, scored, 60, stretch=stretch)
        text = normalise(render(chosen))
        best = float(scored.max())
        for fact in case.facts:
            f = normalise(fact)
            if f in text:
                continue
            holders = [i for i, u in enumerate(case.found) if f in normalise(u.text)]
            if not holders:
                continue
            i = holders[0]
            rank = int((scored > scored[i]).sum())
            print(f"--- [{case.language}] {case.question!r} fact {fact!r}: unit rank {rank} of {len(case.found)}, "
                  f"score {scored[i]:.2f} vs best {best:.2f}")
            print(f"    unit: {case.found[i].text[:160]}")
            print(f"    said: {render(chosen)[:300]}")


if __name__ == "__main__":
    main()
