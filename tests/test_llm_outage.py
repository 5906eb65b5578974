"""The whole bot in LLM mode with a model that hangs: the customer still gets an answer in the widget,
the log line names the conversation, and operators see the failure at `GET /metrics`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.app import build_services, build_web_app
from bot.brain.agent import AgentBrain
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from tests.support.brain_kb import write_kb
from tests.support.openai_server import FakeChatModel
from tests.support.rules import HANDOFF_RULES
from tests.support.webchat_client import ChatClient, base_url
from tests.test_metrics import scrape


@pytest.fixture
async def hanging_model() -> AsyncIterator[tuple[FakeChatModel, str]]:
    fake = FakeChatModel()
    fake.hangs()
    async with fake.serve() as url:
        yield fake, url


async def test_a_hanging_model_still_answers_the_customer_and_shows_in_logs_and_metrics(
    tmp_path: Path, embedder: LocalEmbedder, hanging_model: tuple[FakeChatModel, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, url = hanging_model
    # One process on the in-memory store, the tests' small help centre, English only (no second model).
    llm_settings = Settings(  # type: ignore[call-arg]
        _env_file=None, BOT_KB_DIR=str(write_kb(tmp_path / "kb")), BOT_INDEX_DIR=str(tmp_path / "index"),
        BOT_RULES=str(HANDOFF_RULES), BOT_BRAND=str(tmp_path / "no-brand.yaml"), BOT_LANGUAGES="en",
        BOT_MEANING_MODEL="reader", BOT_LLM="openai:test-model", BOT_LLM_BASE_URL=url,
        BOT_LLM_API_KEY="test-key", BOT_LLM_TIMEOUT="0.5",
    )
    caplog.set_level(logging.INFO, logger="bot.brain.agent")
    services = await build_services(llm_settings, embedder)
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    try:
        assert isinstance(services.brain, AgentBrain)
        client = await ChatClient.connect(base_url(server))
        await client.say("How long do refunds take?")
        reply = await client.expect("message", lambda f: f["author"] == "bot", timeout=15)
        assert reply["text"] and reply.get("sources"), "the offline brain's answer, with its article"
        assert fake.requests, "the model was asked first"

        conversation = client.welcome["conversation"]
        lines = [r.getMessage() for r in caplog.records if "LLM timeout" in r.getMessage()]
        assert len(lines) == 1 and f"conversation={conversation}" in lines[0] and "provider=openai" in lines[0]
        samples = await scrape(server)
        assert samples['baton_llm_failures_total{kind="timeout"}'] == 1
        assert samples['baton_llm_fallbacks_total{reason="timeout"}'] == 1
        assert samples['baton_llm_circuit{baton_llm_circuit="closed"}'] == 1
        await client.close()
    finally:
        await server.close()
        await services.close()
