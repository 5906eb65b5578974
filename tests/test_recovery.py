"""Messages a process accepted but never answered (it died) are answered by another, once."""

from __future__ import annotations

import asyncio
import uuid

from aiohttp.test_utils import TestServer

from bot.app import Services, build_services
from bot.brain.embeddings import LocalEmbedder
from bot.models import Inbound, Participant
from bot.router import Accepted
from bot.settings import Settings
from tests.support.webchat_client import ChatClient, base_url


async def dead_process(settings: Settings, embedder: LocalEmbedder) -> Services:
    """Another bot process's services, stopped: what it stored stays, it answers nothing more."""
    dead = await build_services(settings, embedder)
    await dead.close()
    return dead


async def stored_by_dead_process(settings: Settings, embedder: LocalEmbedder, text: str) -> Accepted:
    """A customer message that a process stored (the customer got the ack) before it died."""
    dead = await dead_process(settings, embedder)
    return await dead.conversations.accept(Inbound("webchat", uuid.uuid4().hex, "c-1", Participant(role="buyer"), text))


async def wait_for_transcript(services: Services, conversation_id: str, count: int, timeout: float = 20.0) -> list:
    """The transcript once it holds at least `count` messages."""
    async with asyncio.timeout(timeout):
        while True:
            transcript = await services.store.transcript(conversation_id)
            if len(transcript) >= count:
                return transcript
            await asyncio.sleep(0.1)


async def test_a_message_accepted_by_a_process_that_died_is_answered_by_another_once(
    settings: Settings, embedder: LocalEmbedder, services: Services,
) -> None:
    accepted = await stored_by_dead_process(settings, embedder, "How do I track my parcel?")
    conversation_id = accepted.conversation.id

    services.conversations.unanswered_after = 0.3  # the survivor looks for orphans quickly
    transcript = await wait_for_transcript(services, conversation_id, 2)
    await asyncio.sleep(1.5)  # more rounds of the survivor's takeover loop change nothing
    transcript = await services.store.transcript(conversation_id)
    assert [m.author for m in transcript] == ["customer", "bot"]
    assert transcript[1].sources, "a real, cited answer"
    assert not await services.store.is_unanswered(conversation_id, accepted.message.id)

    # The customer's widget resends the same message after reconnecting: nothing is answered twice.
    again = await services.conversations.accept(Inbound(
        "webchat", accepted.conversation.external_ref, "c-1", accepted.conversation.participant, accepted.message.text))
    assert not again.is_new
    await services.conversations.respond(again)
    assert len(await services.store.transcript(conversation_id)) == 2


async def test_a_resent_message_that_was_never_answered_is_answered_at_once(
    services: Services, bot_server: TestServer, settings: Settings, embedder: LocalEmbedder,
) -> None:
    dead = await dead_process(settings, embedder)
    customer = await ChatClient.connect(base_url(bot_server))
    conversation_id = customer.welcome["conversation"]
    conversation = await services.store.get(conversation_id)
    # The first try reached a process that stored it and died before answering.
    await dead.conversations.accept(Inbound(
        "webchat", conversation.external_ref, "same-client-id", conversation.participant, "What is your returns policy?"
    ))

    ack = await customer.say("What is your returns policy?", client_id="same-client-id")
    answer = await customer.reply("bot", timeout=10)
    assert answer["sources"]
    transcript = await services.store.transcript(conversation_id)
    assert [m.id for m in transcript] == [ack["id"], answer["id"]]
    assert [f for f in await customer.quiet_for(1.0) if f["type"] == "message"] == []
    await customer.close()


async def test_a_handoff_cut_short_by_a_crash_still_reaches_the_inbox(
    services: Services, settings: Settings, embedder: LocalEmbedder,
) -> None:
    accepted = await stored_by_dead_process(settings, embedder, "I want to talk to a person")
    conversation_id = accepted.conversation.id
    # It got as far as the state change, then died: no handoff notice, nothing in the inbox.
    result = await services.store.transition(
        conversation_id, from_states=("bot",), to="waiting", kind="handoff", tags=["escalate"],
        data={"reasons": ["escalate: asked for a person"], "route": None, "acknowledge_within": 5},
    )
    assert result.ok

    services.conversations.unanswered_after = 0.3
    async with asyncio.timeout(20):
        while not (await services.store.get(conversation_id)).inbox_ref:
            await asyncio.sleep(0.1)
    conversation = await services.store.get(conversation_id)
    assert conversation.state == "waiting"
    transcript = await services.store.transcript(conversation_id)
    assert [m.author for m in transcript] == ["customer", "system"], "the customer is told a person is coming"
    assert conversation.id in await services.store.list_by_state("waiting")
    assert not await services.store.is_unanswered(conversation_id, accepted.message.id)


async def test_a_message_a_dead_process_left_is_answered_before_the_customers_next_one(
    services: Services, bot_server: TestServer, settings: Settings, embedder: LocalEmbedder,
) -> None:
    dead = await dead_process(settings, embedder)
    customer = await ChatClient.connect(base_url(bot_server))
    conversation_id = customer.welcome["conversation"]
    conversation = await services.store.get(conversation_id)
    first = await dead.conversations.accept(Inbound(
        "webchat", conversation.external_ref, "first", conversation.participant, "How do I track my parcel?"))

    await customer.say("And what is your returns policy?")
    answers = [await customer.reply("bot", timeout=15), await customer.reply("bot", timeout=15)]
    transcript = await services.store.transcript(conversation_id)
    assert [m.author for m in transcript] == ["customer", "customer", "bot", "bot"]
    assert transcript[0].id == first.message.id
    assert [a["id"] for a in answers] == [transcript[2].id, transcript[3].id]
    assert "track" in transcript[2].text.lower() and "return" in transcript[3].text.lower(), "in the order asked"
    await customer.close()
