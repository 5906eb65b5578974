"""Does a full question need its conversation's earlier turns? Two-turn conversations, scored.

    .venv/bin/python bench/context_eval.py --kb knowledge_base --questions bench/data/retrieval_questions.jsonl \
        bench/data/retrieval_dev.jsonl bench/data/retrieval_holdout.jsonl [--precision auto]

`KnowledgeSearch.search` searches every question that has earlier customer turns twice: alone and
with those turns (a second model call). The question sets have no conversations, so this builds
them: each full question (more than `FOLLOW_UP_TERMS` content words) follows one earlier turn,
either another question about the same article ("same topic": the earlier turn can only help) or
a question about another article of the same audience ("topic switch": it can only mislead).
Each is searched as shipped ("always") and alone ("never"); the rows in between are what a lazy
context query would give, searching with the earlier turns only when the question's best article
alone is under the threshold, and the share of context embeddings that saves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from retrieval_eval import OFF_TOPIC, read_questions

import bot.brain.search as search_module
from bot.brain.embeddings import PRECISIONS, LocalEmbedder
from bot.brain.index import build_index
from bot.brain.knowledge import article_paths, load_article
from bot.brain.lexical import content_words
from bot.brain.retrieval import RECOMMENDED_THRESHOLD, RetrievalResult
from bot.brain.search import FOLLOW_UP_TERMS, KnowledgeSearch
from bot.models import Message

THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.01)


def conversations(rows: list[dict]) -> dict[str, list[tuple[str, dict]]]:
    """(earlier turn, question row) pairs for every full question: same topic and topic switch."""
    pairs: dict[str, list[tuple[str, dict]]] = {"same topic": [], "topic switch": []}
    for i, row in enumerate(rows):
        if len(content_words(row["text"])) <= FOLLOW_UP_TERMS:
            continue
        others = rows[i + 1 :] + rows[:i]  # the next suitable question in file order: deterministic
        same = next((o for o in others if o["expected"][0] == row["expected"][0]), None)
        half = len(others) // 2  # far from this question in the file: usually another topic
        unrelated = (o for o in others[half:] + others[:half] if not set(o["expected"]) & set(row["expected"]))
        switch = next((o for o in unrelated if o["role"] == row["role"]), None)
        if same is not None:
            pairs["same topic"].append((same["text"], row))
        if switch is not None:
            pairs["topic switch"].append((switch["text"], row))
    return pairs


async def run(search: KnowledgeSearch, pairs: list[tuple[str, dict]], context: bool) -> list[RetrievalResult]:
    """Search every question after its earlier turn (`context`) or alone."""
    results = []
    for earlier, row in pairs:
        history = [Message(id="1", conversation_id="eval", author="customer", text=earlier, ts=1.0)] if context else []
        results.append(await search.search(row["text"], row["role"], history, k=3))
    return results


def score(rows: list[dict], results: list[RetrievalResult]) -> tuple[float, float]:
    """Top-1 and recall@3 of the expected article."""
    top1 = sum(bool(r.hits) and r.hits[0].slug in row["expected"] for row, r in zip(rows, results, strict=True))
    top3 = sum(any(h.slug in row["expected"] for h in r.hits[:3]) for row, r in zip(rows, results, strict=True))
    return top1 / len(rows), top3 / len(rows)


def off_topic_pairs(rows: list[dict], off_topic: list[str]) -> list[tuple[str, dict]]:
    """(earlier turn, off-topic question) pairs: a routine question, then something no article answers."""
    full = [r for r in rows if len(content_words(r["text"])) > FOLLOW_UP_TERMS]
    return [(full[i % len(full)]["text"], {"text": text, "role": full[i % len(full)]["role"], "expected": []})
            for i, text in enumerate(off_topic)]


async def off_topic_report(search: KnowledgeSearch, rows: list[dict], off_topic: list[str]) -> None:
    """How many off-topic questions asked after a routine one get a confident answer (should be none)."""
    pairs = off_topic_pairs(rows, off_topic)
    alone = await run(search, pairs, context=False)
    after = await run(search, pairs, context=True)
    confident = sum(r.confidence >= RECOMMENDED_THRESHOLD for r in after)
    print(f"| off-topic after a routine question | {len(pairs)} | answered confidently with context (shipped) "
          f"{confident} / alone {sum(r.confidence >= RECOMMENDED_THRESHOLD for r in alone)} | | | |")


async def main_async(args: argparse.Namespace) -> None:
    embedder = LocalEmbedder(precision=args.precision)
    articles = [load_article(p) for p in article_paths(args.kb)]
    slugs_by_url = {a.url.rstrip("/"): a.slug for a in articles}
    off_topic = ([json.loads(line)["text"] for line in args.offtopic.read_text().splitlines() if line.strip()]
                 if args.offtopic else OFF_TOPIC)
    if args.context_floor is not None:
        search_module.CONTEXT_FLOOR = args.context_floor
    if args.context_margin is not None:
        search_module.CONTEXT_MARGIN = args.context_margin
    with tempfile.TemporaryDirectory() as tmp:
        build_index(args.kb, Path(tmp), embedder)
        search = await KnowledgeSearch.open(Path(tmp), embedder)
    print(f"model {embedder.model_name} ({embedder.precision})\n")
    print("| set | conversations | threshold | top-1 | recall@3 | context embeddings saved |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path in args.questions:
        for kind, pairs in conversations(read_questions(path, slugs_by_url)).items():
            rows = [row for _, row in pairs]
            plain = await run(search, pairs, context=False)
            eager = await run(search, pairs, context=True)  # what ships
            for t in THRESHOLDS:
                lazy = [p if p.confidence >= t else e for p, e in zip(plain, eager, strict=True)]
                saved = sum(p.confidence >= t for p in plain) / len(plain)
                top1, recall3 = score(rows, lazy)
                label = "never (alone)" if t == 0.0 else "always (shipped)" if t > 1 else f"{t:.2f}"
                print(f"| {path.stem} {kind} | {len(rows)} | {label} | {top1:.1%} | {recall3:.1%} | {saved:.0%} |")
            changed = [p.confidence for p, e in zip(plain, eager, strict=True)
                       if [h.slug for h in p.hits[:3]] != [h.slug for h in e.hits[:3]]]
            print(f"|  | | highest plain relevance where context changed the top 3: "
                  f"{max(changed, default=float('nan')):.3f} ({len(changed)} changed) | | | |")
        await off_topic_report(search, read_questions(path, slugs_by_url), off_topic)


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the threshold table for each question set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", required=True, help="JSONL question sets")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto", help="embedding backend")
    parser.add_argument("--offtopic", type=Path, help="JSONL of {text} lines no article answers (default: built in)")
    parser.add_argument("--context-floor", type=float, help="try another CONTEXT_FLOOR (bot/brain/search.py)")
    parser.add_argument("--context-margin", type=float, help="try another CONTEXT_MARGIN (bot/brain/search.py)")
    asyncio.run(main_async(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
