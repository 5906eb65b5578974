"""Is a question in Spanish, German or French as sure as it should be? The cross-lingual
confidence per language, on help centres' in-domain questions against messages no article answers.

    .venv/bin/python bench/language_calibration.py \\
        --kb knowledge_base --questions bench/data/retrieval_multilingual_dev.jsonl \\
            bench/data/retrieval_multilingual.jsonl --offtopic bench/data/offtopic_multilingual_dev.jsonl \\
        --kb bench/data/dev_helpcentre/kb --questions bench/data/dev_helpcentre/questions.jsonl \\
            --offtopic bench/data/dev_helpcentre/offtopic.jsonl

Each `--kb` takes the `--questions` and `--offtopic` files after it. Every message is searched as
the product searches it (its language detected among `BOT_LANGUAGES`, the multilingual index for
other languages than English, no conversation), and the best article's logit is kept. Printed per
help centre and language: answerable questions kept (logit at or above 0, the recommended
threshold) and off-topic ones handed off; then the shift of the logit per language that a
class-balanced logistic fit (as the English calibration, `bench/retrieval_eval.py --fit`) would
add, fitted on each help centre alone and on all of them, and what each fit does on the other
help centre (the check that a shift is the language's and not one help centre's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain.encoders import load_encoders
from bot.brain.factory import load_parts
from bot.language import LanguageDetector
from bot.settings import Settings

OTHER_LANGUAGES = ("es", "de", "fr")


@dataclass(frozen=True)
class Scored:
    """One message as searched: its help centre, detected language, best logit, and whether an article answers it."""

    centre: str
    language: str
    logit: float
    answerable: bool
    right: bool  # answerable and the best article is the expected one


def read_rows(paths: list[Path]) -> list[dict]:
    """JSONL rows from the files, blank lines skipped."""
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


async def score_centre(kb: Path, questions: list[Path], offtopic: list[Path]) -> list[Scored]:
    """Search every message of one help centre; the non-English ones' best logits."""
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(_env_file=None, BOT_KB_DIR=str(kb), BOT_INDEX_DIR=scratch)  # type: ignore[call-arg]
        encoders = load_encoders(settings.embedding_model, settings.embedding_precision, settings.languages)
        parts = await load_parts(settings, encoders.main, encoders=encoders)
        detector = LanguageDetector(settings.languages)
        scored = []
        for rows, answerable in ((read_rows(questions), True), (read_rows(offtopic), False)):
            for row in rows:
                text = row.get("text") or row["question"]
                language = detector.detect(text)
                if language not in OTHER_LANGUAGES:
                    continue
                result = await parts.search_for(language).search(text, row.get("role", "buyer"), [], k=3,
                                                                 language=language)
                expected = row.get("expected") or row.get("article")
                wanted = (expected,) if isinstance(expected, str) else tuple(expected or ())
                best = result.hits[0] if result.hits else None
                scored.append(Scored(kb.name if kb.name != "kb" else kb.parent.name, language,
                                     best.logit if best else -50.0, answerable,
                                     answerable and best is not None and best.slug in wanted))
    return scored


def balanced_shift(scored: list[Scored]) -> float:
    """The logit shift minimising the class-balanced logistic loss (slope kept at 1)."""
    from scipy.optimize import minimize_scalar

    inside = [s.logit for s in scored if s.answerable]
    outside = [s.logit for s in scored if not s.answerable]
    if not inside or not outside:
        return 0.0

    def loss(b: float) -> float:
        def softplus(x: float) -> float:
            return max(x, 0.0) + math.log1p(math.exp(-abs(x)))

        return (sum(softplus(-(z + b)) for z in inside) / len(inside)
                + sum(softplus(z + b) for z in outside) / len(outside))

    return float(minimize_scalar(loss, bounds=(-5.0, 5.0), method="bounded").x)


def kept(scored: list[Scored], shift: float) -> str:
    """Answerable kept, right articles kept, off-topic handed off, with the shift added."""
    inside = [s for s in scored if s.answerable]
    outside = [s for s in scored if not s.answerable]
    share = (lambda part, whole: f"{len(part) / len(whole):.0%}" if whole else "-")
    return (f"{share([s for s in inside if s.logit + shift >= 0], inside)} | "
            f"{share([s for s in inside if s.right and s.logit + shift >= 0], [s for s in inside if s.right])} | "
            f"{share([s for s in outside if s.logit + shift < 0], outside)}")


def report(scored: list[Scored]) -> None:
    """The tables described in the module docstring."""
    centres = sorted({s.centre for s in scored})
    print("| help centre | language | answerable / off-topic | top-1 | median logit in / off "
          "| kept | right kept | off-topic handed off |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for centre in centres:
        for language in OTHER_LANGUAGES:
            part = [s for s in scored if s.centre == centre and s.language == language]
            inside = sorted(s.logit for s in part if s.answerable)
            outside = sorted(s.logit for s in part if not s.answerable)
            right = sum(s.right for s in part) / max(1, len(inside))
            median = (lambda xs: f"{xs[len(xs) // 2]:+.2f}" if xs else "-")
            print(f"| {centre} | {language} | {len(inside)} / {len(outside)} | {right:.0%} "
                  f"| {median(inside)} / {median(outside)} | {kept(part, 0.0)} |")
    print("\nShift per language (logits), fitted on one help centre or all, and its effect "
          "(kept | right kept | off-topic handed off):")
    print("| language | fitted on | shift | " + " | ".join(f"on {c}" for c in centres) + " |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in centres) + " |")
    shifts: dict[str, dict[str, float]] = defaultdict(dict)
    for language in OTHER_LANGUAGES:
        of_language = [s for s in scored if s.language == language]
        for fitted_on in [*centres, "all"]:
            fit = [s for s in of_language if fitted_on in ("all", s.centre)]
            shift = balanced_shift(fit)
            shifts[language][fitted_on] = shift
            effects = " | ".join(kept([s for s in of_language if s.centre == c], shift) for c in centres)
            print(f"| {language} | {fitted_on} | {shift:+.2f} | {effects} |")


def main() -> None:
    """Parse `--kb ... --questions ... --offtopic ...` groups and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, action="append", required=True)
    parser.add_argument("--questions", type=Path, nargs="+", action="append", required=True)
    parser.add_argument("--offtopic", type=Path, nargs="+", action="append", required=True)
    args = parser.parse_args()
    if not len(args.kb) == len(args.questions) == len(args.offtopic):
        parser.error("each --kb needs its own --questions and --offtopic")

    async def run() -> list[Scored]:
        scored: list[Scored] = []
        for kb, questions, offtopic in zip(args.kb, args.questions, args.offtopic, strict=True):
            scored += await score_centre(kb, questions, offtopic)
        return scored

    report(asyncio.run(run()))


if __name__ == "__main__":
    main()
