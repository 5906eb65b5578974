"""Wiring: the one brain the app uses, built from the settings, and the `kb build` command."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.brain.answerer import BrainParts, OfflineBrain
from bot.brain.base import Brain
from bot.brain.embeddings import LocalEmbedder
from bot.brain.encoders import TextEncoders
from bot.brain.index import IndexLoadError, build_index, index_is_stale
from bot.brain.knowledge import KnowledgeBaseError
from bot.brain.retrieval import (
    CROSSLINGUAL_WEIGHTS,
    RECOMMENDED_THRESHOLD,
    SAME_LANGUAGE_E5_WEIGHTS,
)
from bot.brain.search import EnglishReading, KnowledgeSearch
from bot.brain.tools import DataFileError, OrderBook, VendorDirectory
from bot.brain.word_lexicon import ParallelQuestionsError, shipped_lexicon
from bot.brand import Brand, BrandError
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.metrics import Metrics

VENDORS_FILE = "vendors.yaml"
ORDERS_FILE = "orders.yaml"
MULTILINGUAL_INDEX = "multilingual"  # sub-folder of the index folder: the multilingual model's index


class BrainSetupError(Exception):
    """The brain cannot start (bad article, data file, brand file or index); one line saying why."""


async def ensure_index(kb_dir: Path, index_dir: Path, embedder: LocalEmbedder) -> None:
    """Build the index when it is missing or out of date, saying so on stderr."""
    if await asyncio.to_thread(index_is_stale, kb_dir, index_dir, embedder.model_name, latent=embedder.latent_terms):
        print(f"baton: the help-centre index in {index_dir} is missing or out of date; building it", file=sys.stderr)
        report = await asyncio.to_thread(build_index, kb_dir, index_dir, embedder)
        print(f"baton: {report.summary()}", file=sys.stderr)


async def open_multilingual_search(
    kb_dir: Path, index_dir: Path, encoders: TextEncoders | None, english: KnowledgeSearch | None = None,
) -> KnowledgeSearch | None:
    """The help centre indexed by the multilingual model, when one is loaded beside an English-only one.

    Its ranking uses the dense signals only, with weights fitted for this model (BM25 over the
    English articles does not read a question in Spanish, nor does the English typo repair); the
    question's words read in English and searched in `english` move its articles in the ranking.
    """
    if encoders is None or encoders.multilingual is None or encoders.multilingual is encoders.main:
        return None
    folder = index_dir / MULTILINGUAL_INDEX
    await ensure_index(kb_dir, folder, encoders.multilingual)
    reading = EnglishReading(shipped_lexicon(), english) if english is not None else None
    return await KnowledgeSearch.open(folder, encoders.multilingual, reading, weights=CROSSLINGUAL_WEIGHTS,
                                      same_language_weights=SAME_LANGUAGE_E5_WEIGHTS,
                                      typo_correction=False, synonyms=False)


async def load_parts(
    settings: Settings,
    embedder: LocalEmbedder,
    threshold: float = RECOMMENDED_THRESHOLD,
    encoders: TextEncoders | None = None,
    brand: Brand | None = None,
) -> BrainParts:
    """Everything a brain needs: the (built if needed) indexes, the data tools and the brand voice
    (`brand`, else read from BOT_BRAND)."""
    await ensure_index(settings.kb_dir, settings.index_dir, embedder)
    search = await KnowledgeSearch.open(settings.index_dir, embedder)
    vendors = VendorDirectory.load(settings.kb_dir / VENDORS_FILE)
    return BrainParts(
        search=search,
        orders=OrderBook.from_settings(settings, vendors, demo_file=settings.kb_dir / ORDERS_FILE),
        vendors=vendors,
        brand=brand or Brand.load(settings.brand_path),
        threshold=threshold,
        other_languages=await open_multilingual_search(settings.kb_dir, settings.index_dir, encoders, search),
    )


async def create_brain(
    settings: Settings, embedder: LocalEmbedder, encoders: TextEncoders | None = None, brand: Brand | None = None,
    metrics: Metrics | None = None,
) -> Brain:
    """The brain for these settings: an LLM agent when BOT_LLM is set, else the offline one.

    With `encoders` holding a multilingual model beside an English-only one, questions in other
    languages are searched in the multilingual model's own index (built when missing).
    Call `await brain.run_reloader()` in a task to pick up a rebuilt index without a restart.
    The agent counts its model's failures and its circuit breaker in `metrics` (the process's).
    """
    try:
        parts = await load_parts(settings, embedder, encoders=encoders, brand=brand)
    except (KnowledgeBaseError, IndexLoadError, BrandError, DataFileError, ParallelQuestionsError) as exc:
        raise BrainSetupError(str(exc)) from exc
    if settings.llm:
        from bot.brain.agent import AgentBrain, LlmOptions, make_model

        options = LlmOptions.from_settings(settings)
        try:  # the settings checked its package and key; anything else the provider refuses, in one line
            model = make_model(settings.llm, settings.llm_base_url, settings.llm_api_key,
                               timeout=options.timeout, max_tokens=options.max_tokens, max_retries=1)
        except Exception as exc:  # any provider's own error type
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            raise BrainSetupError(f"BOT_LLM: {settings.llm!r} cannot start: {reason}") from exc
        return AgentBrain(parts, model, options, metrics)
    return OfflineBrain(parts)


def build_index_cli(kb_dir: Path, index_dir: Path, encoders: TextEncoders) -> int:
    """`python -m bot kb build`: build or update the index (and the multilingual one), print a summary."""
    try:
        report = build_index(kb_dir, index_dir, encoders.main)
        print(report.summary())
        if encoders.multilingual is not None and encoders.multilingual is not encoders.main:
            other = build_index(kb_dir, index_dir / MULTILINGUAL_INDEX, encoders.multilingual)
            print(f"multilingual {other.summary()}")
    except KnowledgeBaseError as exc:
        print(f"baton: {exc}", file=sys.stderr)
        return 1
    return 0
