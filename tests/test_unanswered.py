"""A question the help centre can't answer: the bot says so and offers a person; a "yes" hands off.

Handing every unanswered question to a person fills the inbox with small talk and questions
about things the marketplace doesn't do; leaving the customer stuck loses the ones that need a
person. The bot offers instead, and the customer's short "yes" (in their language) is taken up.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services
from tests.support.rules import rules_with
from tests.support.webchat_client import ChatClient, base_url

UNANSWERABLE = "Can you recommend a good recipe for lasagne?"
OFFER_TAG = {
    "name": "takes-offer",
    "priority": 60,
    "handoff": True,
    "customer_message": "Of course - a person from our team will reply here.",
    "when": {"accepts_offer": True},
}
UNANSWERED_LABEL = {"name": "unanswered", "priority": 5, "when": {"confidence_below": 0.5}}


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    return rules_with(tmp_path / "rules.yaml", OFFER_TAG, UNANSWERED_LABEL)


async def test_the_bot_offers_a_person_and_a_yes_hands_off(bot_server: TestServer, services: Services) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    conversation_id = client.welcome["conversation"]

    await client.say(UNANSWERABLE)
    offer = await client.reply("bot")
    assert services.brand.no_answer_message in offer["text"], "the customer is told there is no answer"
    conversation = await services.store.get(conversation_id)
    assert conversation.state == "bot" and conversation.tags == ["unanswered"], "labelled, not handed off"

    await client.say("sí, por favor")
    notice = await client.reply("system")
    assert notice["text"] == OFFER_TAG["customer_message"]
    assert (await client.expect("state"))["state"] == "waiting"
    handoff = [e for e in await services.store.events(conversation_id) if e["kind"] == "handoff"]
    assert handoff and 'said "si por favor" to the offer of a person' in str(handoff[0]), (
        "staff see why it was handed off")
    await client.close()


async def test_a_yes_without_an_offer_is_not_a_handoff(bot_server: TestServer, services: Services) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    conversation_id = client.welcome["conversation"]
    await client.say("How long do refunds take to PayPal?")
    answer = await client.reply("bot")
    assert "PayPal" in answer["text"] and services.brand.no_answer_message not in answer["text"]

    await client.say("yes please")
    await client.reply("bot")
    assert (await services.store.get(conversation_id)).state == "bot"

    await client.close()


async def test_an_offer_the_customer_moved_on_from_is_not_taken_up(
    bot_server: TestServer, services: Services
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    conversation_id = client.welcome["conversation"]
    await client.say(UNANSWERABLE)
    assert services.brand.no_answer_message in (await client.reply("bot"))["text"]
    await client.say("Where can I find my invoice?")
    await client.reply("bot")
    await client.say("ok")
    await client.reply("bot")
    assert (await services.store.get(conversation_id)).state == "bot"
    await client.close()
