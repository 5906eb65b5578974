"""Operators watch Baton through `GET /metrics`: traffic, answers, handoffs by tag, response times."""

from __future__ import annotations

import uuid

import aiohttp
from aiohttp.test_utils import TestServer

from bot.app import Services, build_services
from bot.brain.embeddings import LocalEmbedder
from bot.models import Inbound, Participant
from bot.settings import Settings
from tests.support.rules import HANDOFF, HANDOFF_TAG
from tests.support.staff import DANA
from tests.support.webchat_client import ChatClient, base_url


async def scrape(server: TestServer) -> dict[str, float]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base_url(server)}/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
            text = await response.text()
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples


async def test_metrics_count_messages_answers_handoffs_and_acknowledgement(
    bot_server: TestServer, services: Services
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    await client.say("How do I return an item?")
    await client.reply("bot")
    await client.say(HANDOFF)
    await client.expect("state", lambda f: f["state"] == "waiting")
    assert (await services.conversations.claim(client.welcome["conversation"], DANA)).ok

    samples = await scrape(bot_server)
    assert samples['baton_messages_in_total{channel="webchat"}'] == 2
    assert samples['baton_messages_out_total{author="bot",channel="webchat"}'] == 1
    assert samples['baton_answers_total{found="yes"}'] == 1
    assert samples[f'baton_handoffs_total{{tag="{HANDOFF_TAG}"}}'] == 1
    assert samples["baton_answer_seconds_count"] == 1
    assert samples["baton_acknowledge_seconds_count"] == 1
    assert samples["baton_first_answer_seconds_count"] == 1, "only the conversation's first answer"
    assert samples["baton_unanswered_messages"] == 0
    assert samples['baton_outbox_depth{outbox="discord"}'] == 0
    await client.close()


async def test_metrics_show_messages_waiting_for_an_answer(
    bot_server: TestServer, services: Services, settings: Settings, embedder: LocalEmbedder,
) -> None:
    # A process stored a customer message and died before answering: operators can see it wait.
    dead = await build_services(settings, embedder)
    await dead.close()
    await dead.conversations.accept(
        Inbound("webchat", uuid.uuid4().hex, "c-1", Participant(role="buyer"), "Where is my parcel?"))
    samples = await scrape(bot_server)
    assert samples["baton_unanswered_messages"] == 1
