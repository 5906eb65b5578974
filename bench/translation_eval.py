"""Translated help centres: is a question in Spanish, German or French answered from the right
article, in the customer's language where the help centre has it?

    .venv/bin/python bench/translation_eval.py --kb knowledge_base --translations bench/data/dev_translations \\
        --questions bench/data/retrieval_multilingual_dev.jsonl [--offset 3.0 | --originals-only | --no-translation-ranking]

The help centre is `--kb`'s articles plus `--translations` (files `<slug>.<language>.md`), copied
into a scratch folder and indexed there. Each question line is `{"text", "role", "language",
"expected" (the original's slug)}`; where the expected article has a translation into the
question's language, that translation is the right answer. "cited" is the article the answer
quotes first; "answered" that its confidence reaches the threshold. The variants compare how
translations are ranked: `--offset` is what is taken off the same-language weights' bias beyond
the fitted one (the shipped choice is bot/brain/retrieval.py's SAME_LANGUAGE_E5_WEIGHTS);
`--originals-only` ranks by the originals alone; `--no-translation-ranking` treats translations
as articles of their own (every text in the customer's language draws their questions).
The blind set with facts is `bench/answer_eval.py --kb bench/data/blind_bilingual/kb ...`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain import retrieval
from bot.brain.answerer import OfflineBrain
from bot.brain.encoders import load_encoders
from bot.brain.factory import load_parts
from bot.brain.knowledge import article_paths, load_article
from bot.brand import Brand
from bot.models import Participant
from bot.settings import Settings


async def evaluate(kb: Path, questions: list[dict], variant: str, offset: float | None) -> Counter:
    """Answer every question; counts by (language, translated or not, measure)."""
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(_env_file=None, BOT_KB_DIR=str(kb), BOT_INDEX_DIR=scratch)  # type: ignore[call-arg]
        encoders = load_encoders(settings.embedding_model, settings.embedding_precision, settings.languages)
        parts = await load_parts(settings, encoders.main, encoders=encoders, brand=Brand())
        brain = OfflineBrain(parts)
        search = parts.search_for("es").retriever
        if variant == "originals":
            search.same_language_weights = None
        elif offset is not None and search.same_language_weights is not None:
            fitted = retrieval.SAME_LANGUAGE_E5_WEIGHTS.bias + 3.0  # the bias as fitted, before the shipped offset
            search.same_language_weights = dataclasses.replace(search.same_language_weights, bias=fitted - offset)
        slugs = {p.stem for p in article_paths(kb)}
        by_url = {load_article(p).url: p.stem for p in article_paths(kb)}
        counts: Counter = Counter()
        for q in questions:
            language, expected = q.get("language", "en"), q["expected"]
            if f"{expected}.{language}" in slugs:
                expected = f"{expected}.{language}"
            answer = await brain.answer(q["text"], participant=Participant(role=q.get("role", "buyer")),
                                        history=[], language=language)
            got = by_url.get(answer.sources[0].url, "-") if answer.sources else "-"
            key = (language, "translated" if "." in expected else "not translated")
            counts[(*key, "n")] += 1
            counts[(*key, "cited")] += got == expected
            counts[(*key, "answered")] += answer.confidence >= parts.threshold
        return counts


def table(counts: Counter) -> str:
    """Markdown: per language and whether the topic is translated, then all."""
    lines = ["| questions | n | cited | answered |", "| --- | ---: | ---: | ---: |"]
    groups = sorted({key[:2] for key in counts})
    for group in [*groups, ("all", "")]:
        def total(measure: str, group: tuple = group) -> int:
            return sum(v for k, v in counts.items() if k[2] == measure and (group[0] == "all" or k[:2] == group))
        n = total("n")
        lines.append(f"| {' '.join(group).strip()} | {n} | {total('cited') / n:.2f} | {total('answered') / n:.2f} |")
    return "\n".join(lines)


def main() -> None:
    """Build the translated help centre, run the questions, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--translations", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--offset", type=float, help="taken off the fitted same-language bias (shipped: 3.0)")
    how.add_argument("--originals-only", action="store_true")
    how.add_argument("--no-translation-ranking", action="store_true")
    args = parser.parse_args()
    if args.no_translation_ranking:
        retrieval.translations = lambda chunks: {}  # type: ignore[assignment]
    questions = [json.loads(line) for path in args.questions for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        kb = Path(folder)
        for source in [*args.kb.glob("*.md"), *args.kb.glob("*.yaml"), *args.translations.glob("*.md")]:
            shutil.copy(source, kb)
        variant = "originals" if args.originals_only else "shipped"
        print(table(asyncio.run(evaluate(kb, questions, variant, args.offset))))


if __name__ == "__main__":
    main()
