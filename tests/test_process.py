"""The real `python -m bot web` process: it starts, serves, and on SIGTERM lets clients resume."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.app import build_services
from bot.brain.embeddings import LocalEmbedder
from bot.models import Inbound, Participant
from bot.settings import Settings
from tests.conftest import ROOT
from tests.support.redis_server import free_port
from tests.support.rules import HANDOFF_RULES
from tests.support.waiting import eventually
from tests.support.webchat_client import ChatClient


@pytest.fixture
def rules_path() -> Path:
    """The tests' own rules, not the shipped ones: routine questions are answered, never handed off."""
    return HANDOFF_RULES


@pytest.fixture
def bot_process(redis_url: str, redis_prefix: str, shipped_index: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`python -m bot web` on a free port, with real Redis, the shipped knowledge base and the tests' rules."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "SLACK_", "WEBCHAT_", "REDIS_", "DISCORD_"))}
    env = {**clean, "BOT_PORT": str(port), "REDIS_URL": redis_url, "BOT_REDIS_PREFIX": redis_prefix,
           "BOT_INDEX_DIR": str(shipped_index), "BOT_RULES": str(HANDOFF_RULES)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "web"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


async def wait_ready(url: str, process: subprocess.Popen[str]) -> None:
    async with aiohttp.ClientSession() as session:

        async def ready() -> bool:
            assert process.poll() is None, f"the bot exited: {process.communicate()[1][-2000:]}"
            try:
                async with session.get(f"{url}/readyz") as response:
                    return response.status == 200
            except aiohttp.ClientError:
                return False

        await eventually(ready, 60, interval=0.2, what="the bot ready (GET /readyz 200)")


async def test_sigterm_tells_customers_to_reconnect_and_exits_cleanly(
    bot_process: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = bot_process
    await wait_ready(url, process)
    client = await ChatClient.connect(url)
    await client.say("How do I track my parcel?")
    assert (await client.reply("bot"))["sources"]

    process.send_signal(signal.SIGTERM)
    closing = await client.ws.receive(timeout=20)
    while closing.type == aiohttp.WSMsgType.TEXT:
        closing = await client.ws.receive(timeout=20)
    assert client.ws.close_code == 1001, "going away: the widget reconnects and resumes"
    await client.close()
    assert await asyncio.to_thread(process.wait, 30) == 0
    _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr


async def test_the_worker_process_answers_a_message_a_dead_process_left(
    settings: Settings, embedder: LocalEmbedder, redis_url: str, redis_prefix: str, shipped_index: Path,
) -> None:
    dead = await build_services(settings, embedder)
    await dead.close()
    accepted = await dead.conversations.accept(
        Inbound("webchat", uuid.uuid4().hex, "c-1", Participant(role="buyer"), "How long do refunds take?"))
    conversation_id = accepted.conversation.id

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "SLACK_", "WEBCHAT_", "REDIS_", "DISCORD_"))}
    env = {**clean, "REDIS_URL": redis_url, "BOT_REDIS_PREFIX": redis_prefix, "BOT_INDEX_DIR": str(shipped_index),
           "BOT_RULES": str(HANDOFF_RULES)}
    worker = subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:

        async def answered() -> list:
            assert worker.poll() is None, worker.communicate()[1][-2000:]
            transcript = await dead.store.transcript(conversation_id)
            return transcript if len(transcript) >= 2 else []

        transcript = await eventually(answered, 90, interval=0.2, what="the worker's answer")
        assert [m.author for m in transcript] == ["customer", "bot"]
        assert transcript[1].sources
        worker.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(worker.wait, 30) == 0
        assert "taken over unanswered" in worker.communicate(timeout=10)[1]
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate(timeout=10)
