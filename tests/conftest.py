"""Shared fixtures: a real Redis, the real embedding model, the shipped KB's index, the tests'
own rules, a running bot."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from aiohttp.test_utils import TestServer

from bot.app import Services, build_services, build_web_app
from bot.brain.answerer import OfflineBrain
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from tests.support.brain_kb import write_kb
from tests.support.openai_server import FakeChatModel
from tests.support.redis_server import real_redis
from tests.support.rules import HANDOFF_RULES

# Fixtures shared by modules: `browser` (headless Chromium), `inbox_server` (the inbox page) and
# `file_server` (the file route of a module's own `files` service).
pytest_plugins = ("tests.support.browser", "tests.support.files", "tests.support.inbox_page")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection leaving this machine fails loudly instead of hanging (python-telegram-bot's idea)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else ""
        if isinstance(host, str) and host and not (
            host.startswith("127.") or host in ("localhost", "::1", "0.0.0.0")
        ):
            raise OSError(f"test tried to reach {host}: tests must stay on this machine")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of a real Redis server for the whole run."""
    with real_redis() as url:
        yield url


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"test:{uuid.uuid4().hex[:12]}:"
    yield prefix
    client = aioredis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture(scope="session")
def embedder() -> LocalEmbedder:
    """The real embedding model, loaded once."""
    return LocalEmbedder()


@pytest.fixture
async def shipped_brain(shipped_index: Path, embedder: LocalEmbedder) -> OfflineBrain:
    """The offline brain over the shipped help centre, reading English, Spanish, German and French."""
    from bot.brain.encoders import TextEncoders, shared_multilingual
    from bot.brain.factory import create_brain
    from bot.language import LanguageDetector
    from bot.settings import load_settings

    encoders = TextEncoders(main=embedder, multilingual=shared_multilingual(), detector=LanguageDetector())
    settings = load_settings(BOT_KB_DIR=str(ROOT / "knowledge_base"), BOT_INDEX_DIR=str(shipped_index))
    made = await create_brain(settings, embedder, encoders)
    assert isinstance(made, OfflineBrain)
    return made


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbedder) -> Path:
    """The shipped knowledge base's indexes (the main model's and the multilingual one's), built once
    into a temporary folder, so that no bot a test starts has to build one first."""
    from bot.brain.encoders import shared_multilingual
    from bot.brain.factory import MULTILINGUAL_INDEX
    from bot.brain.index import build_index

    index_dir = tmp_path_factory.mktemp("index")
    build_index(ROOT / "knowledge_base", index_dir, embedder)
    build_index(ROOT / "knowledge_base", index_dir / MULTILINGUAL_INDEX, shared_multilingual())
    return index_dir


def make_settings(**values: object) -> Settings:
    """Settings as the process would read them from these environment variables (no .env)."""
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def rules_path() -> Path:
    """The rules file the test bot runs (`BOT_RULES`).

    The tests' own keyword rules by default (`tests.support.rules.HANDOFF_RULES`: which messages
    hand off, with which tag and notice), never the shipped config/rules.yaml, whose wording
    changes often and which only tests/test_rules_shipped.py tests. A module that needs more (a
    route to pass to, a label) overrides this fixture with its own small file
    (`tests.support.rules.rules_with`).
    """
    return HANDOFF_RULES


@pytest.fixture
def settings(redis_url: str, redis_prefix: str, shipped_index: Path, rules_path: Path, tmp_path: Path) -> Settings:
    """Settings for a bot on real Redis with the shipped KB and brand, the `rules_path` rules, and
    its photos and files in the test's own folder (never the work tree's var/files)."""
    return make_settings(
        FILES_DIR=str(tmp_path / "files"),
        REDIS_URL=redis_url,
        BOT_REDIS_PREFIX=redis_prefix,
        BOT_KB_DIR=str(ROOT / "knowledge_base"),
        BOT_INDEX_DIR=str(shipped_index),
        BOT_RULES=str(rules_path),
        BOT_BRAND=str(ROOT / "config" / "brand.yaml"),
        WEBCHAT_SECRET="test-secret-for-identity-tokens",
    )


@pytest.fixture
async def services(settings: Settings, embedder: LocalEmbedder) -> AsyncIterator[Services]:
    """The bot's services, wired exactly as in production, sharing the session's model."""
    built = await build_services(settings, embedder)
    yield built
    await built.close()


@pytest.fixture
async def bot_server(services: Services) -> AsyncIterator[TestServer]:
    """The bot's web app listening on a real loopback port."""
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()
    await asyncio.sleep(0)


# -- LLM mode: a small help centre and a scriptable chat model (a module may define its own) ----


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The test help centre and a folder for its index, once per module."""
    root = tmp_path_factory.mktemp("llm")
    return write_kb(root / "kb"), root / "index"


@pytest.fixture
async def model() -> AsyncIterator[tuple[FakeChatModel, str]]:
    """A scriptable OpenAI-compatible chat model on a local port, and its base URL."""
    fake = FakeChatModel()
    async with fake.serve() as base_url:
        yield fake, base_url
