"""Messages a process accepted but never answered (it died) are answered by another, once."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services, build_services
from bot.brain.embeddings import LocalEmbedder
from bot.models import Conversation, Inbound, Participant
from bot.router import Accepted
from bot.settings import Settings
from tests.support.probes import probe
from tests.support.rules import HANDOFF, HANDOFF_NOTICE, HANDOFF_RULES, HANDOFF_TAG
from tests.support.waiting import eventually
from tests.support.webchat_client import ChatClient, base_url


@pytest.fixture
def rules_path() -> Path:
    """The tests' own rules, not the shipped ones: routine questions are answered, never handed off."""
    return HANDOFF_RULES


async def dead_process(settings: Settings, embedder: LocalEmbedder) -> Services:
    """Another bot process's services, stopped: what it stored stays, it answers nothing more."""
    dead = await build_services(settings, embedder)
    await dead.close()
    return dead


async def stored_by_dead_process(
    settings: Settings, embedder: LocalEmbedder, text: str, conversation: Conversation | None = None,
) -> Accepted:
    """A customer message that a process stored (the customer got the ack) before it died; in a
    new conversation, or in `conversation`."""
    dead = await dead_process(settings, embedder)
    if conversation is None:
        return await dead.conversations.accept(
            Inbound("webchat", uuid.uuid4().hex, "c-1", Participant(role="buyer"), text))
    return await dead.conversations.accept(
        Inbound("webchat", conversation.external_ref, uuid.uuid4().hex, conversation.participant, text))


async def wait_for_transcript(services: Services, conversation_id: str, count: int, timeout: float = 20.0) -> list:
    """The transcript once it holds at least `count` messages."""

    async def transcript() -> list:
        messages = await services.store.transcript(conversation_id)
        return messages if len(messages) >= count else []

    return await eventually(transcript, timeout, what=f"{count} messages in {conversation_id}")


async def test_a_message_accepted_by_a_process_that_died_is_answered_by_another_once(
    settings: Settings, embedder: LocalEmbedder, services: Services,
) -> None:
    accepted = await stored_by_dead_process(settings, embedder, "How do I track my parcel?")
    conversation_id = accepted.conversation.id

    services.conversations.unanswered_after = 0.3  # the survivor looks for orphans quickly
    transcript = await wait_for_transcript(services, conversation_id, 2)
    # More rounds of the survivor's takeover loop change nothing: another orphan of the same
    # conversation, left after the first was answered, is taken over by a later round, which
    # deals with the conversation's messages in order. Once the survivor is done with it (no
    # longer unanswered: its answer is stored), such a round ran.
    later = await stored_by_dead_process(settings, embedder, "How long do refunds take?", accepted.conversation)

    async def later_done() -> bool:
        return not await services.store.is_unanswered(conversation_id, later.message.id)

    await eventually(later_done, 20, what="the later orphan taken over")
    transcript = await services.store.transcript(conversation_id)
    assert [m.author for m in transcript] == ["customer", "bot", "customer", "bot"]
    assert [transcript[0].id, transcript[2].id] == [accepted.message.id, later.message.id]
    assert transcript[1].sources and transcript[3].sources, "real, cited answers"
    assert not await services.store.is_unanswered(conversation_id, accepted.message.id)
    assert not await services.store.is_unanswered(conversation_id, later.message.id)

    # The customer's widget resends the same message after reconnecting: nothing is answered twice.
    again = await services.conversations.accept(Inbound(
        "webchat", accepted.conversation.external_ref, "c-1", accepted.conversation.participant, accepted.message.text))
    assert not again.is_new
    await services.conversations.respond(again)
    assert len(await services.store.transcript(conversation_id)) == 4


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
    # Answered once: a later message's reply (tests/support/probes.py) is the next thing shown.
    probe_ack, since = await probe(customer)
    notice = since[-1]
    assert [(f["author"], f["text"]) for f in since if f["type"] == "message"] == [("system", HANDOFF_NOTICE)]
    transcript = await services.store.transcript(conversation_id)
    assert [m.id for m in transcript] == [ack["id"], answer["id"], probe_ack["id"], notice["id"]]
    await customer.close()


async def test_a_handoff_cut_short_by_a_crash_still_reaches_the_inbox(
    services: Services, settings: Settings, embedder: LocalEmbedder,
) -> None:
    accepted = await stored_by_dead_process(settings, embedder, HANDOFF)
    conversation_id = accepted.conversation.id
    # It got as far as the state change, then died: no handoff notice, nothing in the inbox.
    result = await services.store.transition(
        conversation_id, from_states=("bot",), to="waiting", kind="handoff", tags=[HANDOFF_TAG],
        data={"reasons": [f"{HANDOFF_TAG}: keyword \"speak to a human\""], "route": None, "acknowledge_within": 5},
    )
    assert result.ok

    services.conversations.unanswered_after = 0.3

    async def in_the_inbox() -> bool:
        return bool((await services.store.get(conversation_id)).inbox_ref)

    await eventually(in_the_inbox, 20, what="the handoff in the inbox")
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
    # In the order asked: the tracking answer first (the second's article may vary; not this test's point).
    assert transcript[2].sources[0].title == "Track your order", transcript[2].text
    assert transcript[3].sources[0].title != "Track your order", transcript[3].text
    await customer.close()
