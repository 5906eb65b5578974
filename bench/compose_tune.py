"""Tune answer composition's weights (`bot/brain/compose.py` `Weights`) on the tuning set only.

    .venv/bin/python bench/compose_tune.py --kb knowledge_base --questions bench/data/answer_dev.jsonl

Retrieval runs once per question; each weight setting then re-scores and re-chooses the same
units, so a grid of hundreds of settings takes seconds. Prints the best settings by facts
present, with their median and 90th-percentile words. Never run it on a blind set.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from answer_eval import normalise, percentile  # type: ignore[import-not-found]

from bot.brain.answerer import sorted_passages
from bot.brain.compose import Unit, Weights, choose, render, scores, units
from bot.brain.encoders import load_encoders
from bot.brain.factory import load_parts
from bot.brand import Brand
from bot.language import LanguageDetector
from bot.models import Message, Participant
from bot.settings import Settings


@dataclass
class Case:
    """One question's retrieved units and vectors, ready to re-score."""

    question: str
    facts: list[str]
    found: list[Unit]
    question_vector: np.ndarray
    vectors: np.ndarray


async def prepare(kb: Path, questions: list[dict[str, Any]], index: Path | None) -> list[Case]:
    """Retrieve once per question (with the earlier question as history for follow-ups)."""
    cases: list[Case] = []
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(_env_file=None, BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(index or scratch))  # type: ignore[call-arg]
        encoders = load_encoders(settings.embedding_model, settings.embedding_precision, settings.languages)
        parts = await load_parts(settings, encoders.main, encoders=encoders, brand=Brand())
        detector = LanguageDetector(settings.languages)
        for q in questions:
            earlier = q.get("follow_up_of")
            history = [Message(id="1-0", conversation_id="t", author="customer",
                               text=questions[earlier]["question"], ts=0.0)] if isinstance(earlier, int) else []
            language = detector.detect(q["question"])
            search = parts.search_for(language)
            result = await search.search(q["question"], Participant(role=q.get("role", "buyer")).role, history, k=3)
            if not result.hits or result.confidence < parts.threshold:
                continue
            found: list[Unit] = []
            for rank, passage in enumerate(sorted_passages(result.hits[0])):
                heading = passage.chunk.headings[-1] if passage.chunk.headings else ""
                found.extend(units(passage.chunk.text, rank, len(found), heading, passage.chunk.language))
            if not found:
                continue
            vectors = await asyncio.gather(*(search.embedder.embed_query(u.context) for u in found))
            question_vector = await search.embedder.embed_query(search.retriever.correct(q["question"]))
            cases.append(Case(q["question"], q["facts"], found, np.asarray(question_vector, dtype=np.float32),
                              np.asarray(vectors, dtype=np.float32)))
    return cases


def measure(cases: list[Case], weights: Weights, budget: int) -> tuple[float, float, float]:
    """Facts present, median words and 90th-percentile words with these weights."""
    present = total = 0
    words: list[float] = []
    for case in cases:
        text = render(choose(case.found, scores(case.question, case.question_vector, case.found, case.vectors,
                                                weights), budget, weights))
        present += sum(normalise(f) in normalise(text) for f in case.facts)
        total += len(case.facts)
        words.append(float(len(text.split())))
    return present / max(1, total), statistics.median(words), percentile(words, 0.9)


def main() -> None:
    """Grid over the weights; print the best settings."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--budget", type=int, default=60)
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = asyncio.run(prepare(args.kb, questions, args.index))
    print(f"{len(cases)} answered questions; default weights: {measure(cases, Weights(), args.budget)}")
    grid = itertools.product([0.2, 0.35, 0.6], [0.0, 0.03], [0.05, 0.1, 0.2],
                             [0.0, 0.04, 0.1], [0.4, 0.5, 0.75], [0.8, 0.85, 0.9, 0.95, 1.01])
    results = []
    for words, fact, asked, passage, keep, stretch in grid:
        weights = Weights(words=words, fact=fact, asked=asked, passage=passage, keep=keep, stretch=stretch)
        results.append((measure(cases, weights, args.budget), weights))
    results.sort(key=lambda r: (-r[0][0], r[0][1]))
    results = [r for r in results if r[0][1] <= args.budget and r[0][2] <= args.budget * 1.67]
    print("| facts | median | p90 | words | fact | asked | passage | keep | stretch |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for (facts, median, p90), w in results[:15]:
        print(f"| {facts:.1%} | {median:.0f} | {p90:.0f} | {w.words} | {w.fact} | {w.asked} | {w.passage} "
              f"| {w.keep} | {w.stretch} |")


if __name__ == "__main__":
    main()
