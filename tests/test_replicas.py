"""Two bot processes on one Redis: whatever one does reaches customers connected to the other."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services, build_services, build_web_app
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from tests.support.rules import HANDOFF
from tests.support.staff import DANA
from tests.support.webchat_client import ChatClient, base_url


@pytest.fixture
async def second_replica(settings: Settings, embedder: LocalEmbedder) -> AsyncIterator[tuple[Services, TestServer]]:
    """Another bot process's services and web server, sharing the first one's Redis and prefix."""
    services = await build_services(settings, embedder)
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    yield services, server
    await server.close()
    await services.close()


async def test_a_staff_reply_on_one_replica_reaches_a_customer_on_the_other(
    bot_server: TestServer, services: Services, second_replica: tuple[Services, TestServer]
) -> None:
    other_services, other_server = second_replica
    customer = await ChatClient.connect(base_url(other_server))
    conversation_id = customer.welcome["conversation"]
    await customer.say(HANDOFF)
    await customer.expect("state", lambda f: f["state"] == "waiting")

    # Staff act through the first replica (their inbox request landed there).
    assert (await services.conversations.claim(conversation_id, DANA)).ok
    claimed = await customer.expect("state", lambda f: f["state"] == "human")
    assert claimed["assignee"] == "Dana"
    await services.conversations.reply(conversation_id, DANA, "Hi, Dana here. Checking now.")
    reply = await customer.reply("human")
    assert (reply["name"], reply["text"]) == ("Dana", "Hi, Dana here. Checking now.")
    assert (await services.conversations.close(conversation_id, DANA)).ok
    await customer.reply("system")
    assert (await customer.expect("state"))["state"] == "bot"

    # Nothing arrives twice: each message reached the customer's socket once.
    messages = [f["id"] for f in customer.frames if f["type"] == "message"]
    assert len(messages) == len(set(messages))
    await customer.close()


async def test_two_tabs_on_different_replicas_see_the_same_conversation(
    bot_server: TestServer, second_replica: tuple[Services, TestServer]
) -> None:
    _, other_server = second_replica
    first_tab = await ChatClient.connect(base_url(bot_server))
    second_tab = await ChatClient.connect(base_url(other_server), hello={"session": first_tab.welcome["session"]})
    await second_tab.expect("state")
    await first_tab.say("How long do refunds take?")
    echoed = await second_tab.expect("message", lambda f: f["author"] == "customer")
    assert echoed["text"] == "How long do refunds take?"
    answer_here = await first_tab.reply("bot")
    answer_there = await second_tab.reply("bot")
    assert answer_here["id"] == answer_there["id"]
    await first_tab.close()
    await second_tab.close()


async def test_a_conversation_is_answered_by_one_process_at_a_time(
    bot_server: TestServer, services: Services
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    key = services.store.keys.conversation_lock(client.welcome["conversation"])
    # Another replica is busy answering this conversation: it holds the shared lock.
    other_replica = services.store.redis.lock(key, timeout=30)
    assert await other_replica.acquire()
    await client.say("How do returns work?")
    assert not [f for f in await client.quiet_for(1.0) if f["type"] == "message"]
    await other_replica.release()
    assert (await client.reply("bot"))["text"]
    await client.close()
