"""LLM mode fails safely on a slow model: past BOT_LLM_TIMEOUT the customer gets the offline answer,
and the log says which provider, which conversation, and that it was a timeout."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest

from bot.brain.answerer import OfflineBrain
from bot.brain.embeddings import LocalEmbedder
from bot.brain.llm_context import answering
from bot.metrics import Metrics
from bot.models import Participant
from bot.settings import SettingsError, load_settings
from tests.support.openai_server import FakeChatModel, llm_brain

BUYER = Participant(role="buyer")



async def test_a_hanging_model_gets_the_offline_answer_at_the_timeout(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, base_url = model
    fake.hangs()
    metrics = Metrics()
    brain = await llm_brain(*kb, base_url, embedder=embedder, metrics=metrics, BOT_LLM_TIMEOUT="0.5")
    caplog.set_level(logging.INFO, logger="bot.brain.agent")
    answering("conv-slow-1")

    started = time.monotonic()
    async with asyncio.timeout(10):  # without a timeout of its own the client would wait 10 minutes
        answer = await brain.answer("When do I get my refund?", participant=BUYER, history=[])
    waited = time.monotonic() - started

    offline = await OfflineBrain(brain.parts).answer("When do I get my refund?", participant=BUYER, history=[])
    assert answer.text == offline.text and answer.sources == offline.sources
    assert 0.4 <= waited < 3.0, f"answered after {waited:.2f} s"
    assert len(fake.requests) == 1, "the hung request is not sent again past the deadline"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("timeout" in w and "provider=openai" in w and "conversation=conv-slow-1" in w for w in warnings), warnings
    assert metrics.registry.get_sample_value("baton_llm_failures_total", {"kind": "timeout"}) == 1
    assert metrics.registry.get_sample_value("baton_llm_fallbacks_total", {"reason": "timeout"}) == 1


def test_the_timeout_is_a_setting_of_fifteen_seconds_by_default() -> None:
    assert load_settings().llm_timeout == 15.0
    assert load_settings(BOT_LLM_TIMEOUT="2.5").llm_timeout == 2.5
    with pytest.raises(SettingsError, match="^BOT_LLM_TIMEOUT: "):
        load_settings(BOT_LLM_TIMEOUT="0")
