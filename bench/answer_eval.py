"""What the customer reads: retrieval top-1, the question's decisive facts present in the answer,
answer length, non-English questions answered, and CPU per answer, through the offline brain.

    .venv/bin/python bench/answer_eval.py --kb knowledge_base --questions bench/data/answer_dev.jsonl
    .venv/bin/python bench/answer_eval.py --kb bench/data/blind_helpcentre/kb \\
        --questions bench/data/blind_helpcentre/questions.jsonl

Each input line is `{"question", "role", "article" (slug), "facts" [verbatim phrases], "language",
"follow_up_of"? (line index of the question it continues)}`. A follow-up is asked with the earlier
question and the bot's answer to it (and the articles it cited) as the conversation so far. `answer_dev.jsonl` is the tuning
set (Harbor's own help centre); `blind_helpcentre/` was written blind and is never tuned on.

"top-1" is the search's best article; "cited" the article the answer quotes first (after the
brain's own choices: the seller's article for a visitor, the customer's language). Words are counted in the answer the customer reads, without the greeting (which comes once per
conversation, on top). A fact counts when it appears in the answer, case and Markdown aside. "Lists broken" counts answered
questions whose answer says a sentence that introduces a list ("... and choose:") without its
items under it; "items alone" counts answers that say a list item without the sentence that
introduces its list; "leans alone" counts answers that say a sentence referring back ("If you don't,
...", "within that time") without the sentence it leans on before it; "asks back" counts answers
that quote one of the article's own questions ("Changed your mind about a sketchbook?"); "said
twice" counts answers that say one fact twice (a sentence, item or row whose content words and
numbers are all in another one they say); "steps out of order" counts answers that say two items of
one list in the reverse of the article's order ("Tap Track parcel." before "Open Profile >
Purchases."). `--answers FILE` writes every question with its answer
and figures (JSON lines), so two runs can be compared answer by answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.brain.answerer import OfflineBrain
from bot.brain.compose import content_stems, units
from bot.brain.encoders import load_encoders
from bot.brain.factory import load_parts
from bot.brain.knowledge import article_paths, load_article
from bot.brand import Brand
from bot.language import LanguageDetector, settles_language
from bot.models import Answer, Message, Participant
from bot.settings import Settings

_MARKUP = re.compile(r"\*\*|__|`")


def normalise(text: str) -> str:
    """Text as facts are matched against it: no Markdown marks, spacing folded, lower case."""
    return " ".join(_MARKUP.sub("", text).split()).lower()


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else 0.0


async def evaluate(kb: Path, questions: list[dict[str, Any]], brand: Brand, show: bool,
                   index: Path | None = None) -> dict[str, Any]:
    """Ask every question; per-question outcomes and the summary figures."""
    with tempfile.TemporaryDirectory() as scratch:
        index_dir = str(index or scratch)
        settings = Settings(_env_file=None, BOT_KB_DIR=str(kb), BOT_INDEX_DIR=index_dir)  # type: ignore[call-arg]
        encoders = load_encoders(settings.embedding_model, settings.embedding_precision, settings.languages)
        parts = await load_parts(settings, encoders.main, encoders=encoders, brand=brand)
        brain = OfflineBrain(parts)
        urls = {path.stem: load_article(path).url for path in article_paths(kb)}
        intros = {u.text for path in article_paths(kb) for u in units(load_article(path).body) if u.text.endswith(":")}
        led_items = introduced_items(kb)
        leaning = {u.text: u.prior for path in article_paths(kb) for u in units(load_article(path).body) if u.prior}
        steps = list_positions(kb)
        asking = {u.text for path in article_paths(kb) for u in units(load_article(path).body)
                  if u.kind == "sentence" and u.text.endswith("?")}
        detector = LanguageDetector(settings.languages)
        answers: dict[int, Answer] = {}
        languages: dict[int, str] = {}
        rows: list[dict[str, Any]] = []
        cpu = 0.0
        for i, q in enumerate(questions):
            history: list[Message] = []
            earlier = q.get("follow_up_of")
            if isinstance(earlier, int) and earlier in answers:
                history = [
                    Message(id="1-0", conversation_id="eval", author="customer", text=questions[earlier]["question"], ts=0.0),
                    Message(id="2-0", conversation_id="eval", author="bot", text=answers[earlier].text or "",
                            ts=1.0, sources=list(answers[earlier].sources)),
                ]
            language = detector.detect(q["question"])
            if history and not settles_language(q["question"]):
                # As the bot does: "et en seasoned ?" is too short to tell, so the conversation's
                # language (its earlier question's) holds.
                language = languages[earlier]
            languages[i] = language
            participant = Participant(role=q.get("role", "buyer"))
            started = time.process_time()
            result = await parts.search_for(language).search(q["question"], participant.role, history, k=3,
                                                             language=language)
            answer = await brain.answer(q["question"], participant=participant, history=history, language=language)
            cpu += time.process_time() - started
            answers[i] = answer
            said = answer.text or ""  # the offline brain always says something
            body = said
            greeting = brand.localised(language).greeting  # said in the customer's language
            if greeting and body.startswith(greeting):
                body = body[len(greeting):]
            answered = answer.confidence >= parts.threshold
            found = [f for f in q["facts"] if normalise(f) in normalise(said)]
            rows.append({
                "language": q.get("language", "en"), "top1": bool(result.hits) and result.hits[0].slug == q["article"],
                "cited": bool(answer.sources) and answer.sources[0].url == urls.get(q["article"]),
                "answered": answered, "facts": len(found), "of": len(q["facts"]),
                "words": len(body.split()), "follow_up": isinstance(earlier, int),
                "broken": broken_list(said, intros),
                "orphan": orphan_item(said, led_items),
                "leans": leans_alone(said, leaning),
                "asks": any(question in said for question in asking),
                "twice": said_twice(body),
                "reversed": steps_reversed(said, steps),
                "switch": bool(q.get("topic_switch")),
                "question": q["question"], "answer": body.strip(),
                "found": result.hits[0].slug if result.hits else "",
            })
            if show and len(found) < len(q["facts"]):
                got = result.hits[0].slug if result.hits else "-"
                print(f"--- {i} {q['question']!r} [{q['article']}{'' if got == q['article'] else ' got ' + got}] "
                      f"missing {set(q['facts']) - set(found)}")
                print(body.strip()[:600])
    return {"rows": rows, "cpu_ms": 1000 * cpu / max(1, len(questions))}


def introduced_items(kb: Path) -> dict[str, set[str]]:
    """Each list item of the help centre that is always introduced ("You can cancel items ... for
    these reasons:"), with its introductions: an item some list gives without one ("Go to Account >
    Orders and select the order." as a first step) may be said alone."""
    leads: dict[str, set[str]] = {}
    for path in article_paths(kb):
        for u in units(load_article(path).body):
            if u.kind == "item":
                leads.setdefault(u.text.rstrip("."), set()).add(u.lead)
    return {item: found for item, found in leads.items() if "" not in found}


def orphan_item(text: str, led_items: dict[str, set[str]]) -> bool:
    """Whether the answer says a list item ("You suspect the order is fraudulent.") without the
    sentence that introduces its list ("You can cancel items ... for these reasons:")."""
    lines = [line.removeprefix("- ") for line in text.splitlines()]
    return any(
        # An introduction that goes on from a bold label may be said without it ("When we can't
        # help: Some situations aren't covered:" as "Some situations aren't covered:").
        line.rstrip(".").lower() == item.lower() and not any(lead.split(": ", 1)[-1] in text for lead in leads)
        for line in lines for item, leads in led_items.items() if len(line) > 2
    )


def list_positions(kb: Path) -> dict[str, tuple[str, int, int]]:
    """Each list item's text (lower case, no final stop) with where it is: its article, which of
    the article's lists, its place (an item several lists share counts where it comes first)."""
    where: dict[str, tuple[str, int, int]] = {}
    for path in article_paths(kb):
        lists, place = 0, 0
        for section in re.split(r"^#{1,6}\s.*$", load_article(path).body, flags=re.MULTILINE):
            previous = ""  # a heading ends a list
            for unit in units(section):
                if unit.kind == "item" and previous != "item":
                    lists += 1
                if unit.kind == "item":
                    where.setdefault(unit.text.rstrip(".").lower(), (path.stem, lists, place))
                previous = unit.kind
                place += 1
    return where


def steps_reversed(text: str, steps: dict[str, tuple[str, int, int]]) -> bool:
    """Whether the answer says an item of a list right before an earlier item of the same list."""
    said = [steps.get(line[2:].rstrip(".").lower()) for line in text.splitlines() if line.startswith("- ")]
    return any(a and b and a[:2] == b[:2] and a[2] > b[2] for a, b in zip(said, said[1:], strict=False))


def said_twice(text: str) -> bool:
    """Whether the answer says one fact twice: a sentence, item or row whose content words and
    numbers all appear in another one it says ("Commission: Seedling 9%; Studio 7%." after
    "Commission on each sale: Seedling 9%; Studio 7%.", from two articles or two tables)."""
    said = [content_stems(u.text) for u in units(text)]
    return any(
        min(len(a), len(b)) >= 3 and (a <= b or b <= a)
        for i, a in enumerate(said) for b in said[i + 1:]
    )


def leans_alone(text: str, leaning: dict[str, str]) -> bool:
    """Whether the answer says a sentence that refers back ("If you don't, the return is approved
    automatically.") without the sentence it leans on before it ("You have 2 working days to respond.")."""
    return any(
        sentence in text and prior not in text[:text.index(sentence)] for sentence, prior in leaning.items()
    )


def broken_list(text: str, intros: set[str]) -> bool:
    """Whether the answer says an introduction ("Go to Settings > Security and choose:") that is
    not followed, on the next line, by a list item."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        for intro in intros:
            at = line.find(intro)
            if at < 0:
                continue
            rest = line[at + len(intro):].strip()
            if rest or n + 1 >= len(lines) or not lines[n + 1].startswith("- "):
                return True
    return False


def table(rows: list[dict[str, Any]], cpu_ms: float) -> str:
    """The summary table: overall, by language, follow-ups and topic switches."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups["all"].append(row)
        groups[row["language"]].append(row)
        if row["follow_up"]:
            groups["follow-ups (same topic)" if not row["switch"] else "follow-ups (topic switch)"].append(row)
    lines = ["| questions | n | top-1 | cited | answered | facts present | all facts | median words | p90 words "
             "| lists broken | items alone | leans alone | asks back | said twice | steps out of order |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, group in groups.items():
        answered = [r for r in group if r["answered"]]
        words = [float(r["words"]) for r in answered]
        facts = sum(r["facts"] for r in group) / max(1, sum(r["of"] for r in group))
        complete = sum(r["facts"] == r["of"] for r in group) / len(group)
        lines.append(
            f"| {name} | {len(group)} | {sum(r['top1'] for r in group) / len(group):.2f} "
            f"| {sum(r['cited'] for r in group) / len(group):.2f} "
            f"| {len(answered) / len(group):.2f} | {facts:.0%} | {complete:.0%} "
            f"| {statistics.median(words) if words else 0:.0f} | {percentile(words, 0.9):.0f} "
            f"| {sum(r['broken'] for r in answered)} | {sum(r['orphan'] for r in answered)} "
            f"| {sum(r['leans'] for r in answered)} | {sum(r['asks'] for r in answered)} "
            f"| {sum(r['twice'] for r in answered)} | {sum(r['reversed'] for r in answered)} |"
        )
    lines.append(f"\nCPU per answer (search and composition, this process): {cpu_ms:.1f} ms")
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, run the questions, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--brand", type=Path, help="brand.yaml (default: Baton's defaults, no greeting)")
    parser.add_argument("--show", action="store_true", help="print the answers that miss a fact")
    parser.add_argument("--index", type=Path, help="keep the index here between runs (default: a throwaway one)")
    parser.add_argument("--answers", type=Path, help="write each question and its answer here (JSON lines), to compare runs")
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    brand = Brand.load(args.brand) if args.brand else Brand()
    outcome = asyncio.run(evaluate(args.kb, questions, brand, args.show, args.index))
    if args.answers:
        args.answers.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in outcome["rows"]),
                                encoding="utf-8")
    print(table(outcome["rows"], outcome["cpu_ms"]))


if __name__ == "__main__":
    main()
