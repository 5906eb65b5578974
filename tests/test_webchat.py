"""Customers in the web-chat widget: the `/chat/ws` protocol against the running bot."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services
from bot.identity import sign_identity
from tests.support.probes import probe
from tests.support.rules import (
    CARD_TAG,
    HANDOFF,
    HANDOFF_NOTICE,
    HANDOFF_RULES,
    customer_message,
)
from tests.support.waiting import eventually
from tests.support.webchat_client import ChatClient, base_url

SECRET = "test-secret-for-identity-tokens"


@pytest.fixture
def rules_path() -> Path:
    """The tests' own rules (asking for a person or typing a card number hands off), not the shipped ones."""
    return HANDOFF_RULES


async def test_routine_question_gets_an_answer_with_sources(bot_server: TestServer) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    assert client.welcome["state"] == "bot" and client.welcome["session"]
    ack = await client.say("How can I track my parcel?")
    answer = await client.reply("bot")
    assert answer["text"].strip()
    assert answer["sources"] and answer["sources"][0]["url"].startswith("https://")
    assert answer["id"] > ack["id"], "the answer comes after the question in the transcript"
    await client.close()


async def test_same_client_id_twice_is_one_message(bot_server: TestServer, services: Services) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    first = await client.say("What payment methods do you accept?", client_id="dup-1")
    await client.reply("bot")
    second = await client.say("What payment methods do you accept?", client_id="dup-1")
    assert first["id"] == second["id"]
    # Answered once: a later message's reply (tests/support/probes.py) is the next thing shown.
    probe_ack, since = await probe(client)
    shown = [(f["author"], f["text"]) for f in since if f["type"] == "message"]
    assert shown == [("system", HANDOFF_NOTICE)], "a repeated client_id is not answered again"
    transcript = await services.store.transcript(client.welcome["conversation"])
    assert [m.author for m in transcript] == ["customer", "bot", "customer", "system"]
    assert [transcript[0].id, transcript[2].id, transcript[2].text] == [first["id"], probe_ack["id"], HANDOFF]
    await client.close()


async def test_resume_replays_everything_missed_in_order_without_duplicates(
    bot_server: TestServer, services: Services,
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    session = client.welcome["session"]
    first_ack = await client.say("How do returns work?")
    first_answer = await client.reply("bot")
    # The customer goes offline right after sending; the answer is written while they are away.
    await client.send({"type": "message", "client_id": "offline-1", "text": "And how long do refunds take?"})
    await client.expect("ack", lambda f: f["client_id"] == "offline-1")
    await client.close()

    async def answered_while_away() -> bool:
        transcript = await services.store.transcript(client.welcome["conversation"])
        return [m.author for m in transcript] == ["customer", "bot", "customer", "bot"]

    await eventually(answered_while_away, 20, what="the answer written while the customer was away")

    back = await ChatClient.connect(
        base_url(bot_server), hello={"session": session, "last_seen": first_answer["id"]}
    )
    assert back.welcome["conversation"] == client.welcome["conversation"]
    replayed = []
    while True:
        frame = await back.next_frame()
        if frame["type"] == "state":
            break
        replayed.append(frame)
    assert [f["author"] for f in replayed] == ["customer", "bot"]
    assert replayed[0]["text"] == "And how long do refunds take?"
    ids = [f["id"] for f in replayed]
    assert first_ack["id"] not in ids and first_answer["id"] not in ids
    assert ids == sorted(ids)
    await back.close()


async def test_resume_without_last_seen_replays_the_whole_conversation(bot_server: TestServer) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    await client.say("Which payment methods can I use?")
    await client.reply("bot")
    await client.close()
    back = await ChatClient.connect(base_url(bot_server), hello={"session": client.welcome["session"]})
    first = await back.expect("message")
    second = await back.expect("message")
    assert (first["author"], second["author"]) == ("customer", "bot")
    await back.close()


async def test_bad_input_gets_specific_errors_and_the_connection_stays_open(
    bot_server: TestServer,
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    await client.ws.send_str("{not json")
    assert (await client.expect("error"))["code"] == "bad_json"
    await client.send({"type": "shout", "text": "hi"})
    assert (await client.expect("error"))["code"] == "unknown_type"
    await client.send({"type": "message", "client_id": "long", "text": "x" * 4001})
    too_long = await client.expect("error")
    assert too_long["code"] == "too_long" and "4000" in too_long["message"]
    await client.send({"type": "message", "client_id": "", "text": "hello"})
    assert (await client.expect("error"))["code"] == "bad_message"
    await client.ws.send_bytes(b"\x00\x01")
    assert (await client.expect("error"))["code"] == "bad_frame"
    await client.say("Do you ship internationally?")
    assert (await client.reply("bot"))["text"]
    await client.close()


async def test_a_frame_over_the_size_limit_closes_the_socket_with_1009(bot_server: TestServer) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    await client.send({"type": "message", "client_id": "huge", "text": "x" * 70_000})
    message = await client.ws.receive(timeout=10)
    while message.type == aiohttp.WSMsgType.TEXT:
        message = await client.ws.receive(timeout=10)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert client.ws.close_code == 1009
    await client.close()


async def test_flooding_is_rate_limited(bot_server: TestServer, services: Services) -> None:
    limit = services.settings.webchat_rate
    await _not_near_a_minute_boundary()  # the limit counts per clock minute
    client = await ChatClient.connect(base_url(bot_server))
    codes = []
    for n in range(limit + 3):
        await client.send({"type": "message", "client_id": f"flood-{n}", "text": f"hello {n}"})
    deadline = time.monotonic() + 20
    acks = 0
    while time.monotonic() < deadline and acks + len(codes) < limit + 3:
        frame = await client.next_frame()
        if frame["type"] == "ack":
            acks += 1
        elif frame["type"] == "error":
            codes.append(frame["code"])
    assert acks == limit
    assert codes == ["rate_limited"] * 3
    await client.close()


async def test_a_resent_message_is_not_counted_against_the_rate_limit(
    bot_server: TestServer, services: Services
) -> None:
    # A widget that lost its connection resends what was not acknowledged; a customer at the
    # limit must get the ack of the stored message, not a refusal of something already kept.
    limit = services.settings.webchat_rate
    await _not_near_a_minute_boundary()  # the limit counts per clock minute
    client = await ChatClient.connect(base_url(bot_server))
    acks: dict[str, str] = {}
    for n in range(limit):
        await client.send({"type": "message", "client_id": f"at-limit-{n}", "text": f"question {n}"})
    while len(acks) < limit:
        frame = await client.expect("ack")
        acks[frame["client_id"]] = frame["id"]
    await client.send({"type": "message", "client_id": "at-limit-0", "text": "question 0"})
    again = await client.expect("ack")
    assert (again["client_id"], again["id"]) == ("at-limit-0", acks["at-limit-0"])
    await client.send({"type": "message", "client_id": "one-too-many", "text": "question"})
    refused = await client.expect("error")
    assert (refused["code"], refused["client_id"]) == ("rate_limited", "one-too-many")
    await client.close()


async def test_first_frame_must_be_hello(bot_server: TestServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{base_url(bot_server)}/chat/ws") as ws:
            await ws.send_json({"type": "message", "client_id": "a", "text": "hi"})
            error = await ws.receive_json(timeout=10)
            assert error["code"] == "hello_required"
            closing = await ws.receive(timeout=10)
            assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            assert ws.close_code == 4400


@pytest.mark.parametrize("mangle", ["tamper", "expired", "wrong-secret", "garbage"])
async def test_bad_identity_tokens_are_refused(bot_server: TestServer, mangle: str) -> None:
    token = sign_identity(SECRET, account_id="V-1001", role="vendor", tier="premier")
    if mangle == "tamper":
        body, mac = token.split(".")
        import base64
        import json

        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        claims["sub"] = "V-9999"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        token = f"{forged}.{mac}"
    elif mangle == "expired":
        token = sign_identity(SECRET, account_id="V-1001", role="vendor", ttl_seconds=-5)
    elif mangle == "wrong-secret":
        token = sign_identity("another-secret", account_id="V-1001", role="vendor")
    else:
        token = "not-a-token"
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{base_url(bot_server)}/chat/ws") as ws:
            await ws.send_json({"type": "hello", "token": token})
            error = await ws.receive_json(timeout=10)
            assert error["type"] == "error" and error["code"] == "bad_token"
            await ws.receive(timeout=10)
            assert ws.close_code == 4401


async def test_a_signed_vendor_is_a_vendor_and_an_anonymous_visitor_a_buyer(
    bot_server: TestServer, services: Services
) -> None:
    token = sign_identity(SECRET, account_id="V-1001", role="vendor", tier="premier", name="Lina")
    vendor = await ChatClient.connect(base_url(bot_server), hello={"token": token})
    anonymous = await ChatClient.connect(base_url(bot_server))
    vendor_conv = await services.store.get(vendor.welcome["conversation"])
    buyer_conv = await services.store.get(anonymous.welcome["conversation"])
    assert (vendor_conv.participant.role, vendor_conv.participant.account_id) == ("vendor", "V-1001")
    assert vendor_conv.participant.tier == "premier" and vendor_conv.participant.verified
    assert (buyer_conv.participant.role, buyer_conv.participant.verified) == ("buyer", False)
    await vendor.close()
    await anonymous.close()


async def test_nobody_reopens_a_vendors_conversation_without_the_vendors_identity(
    bot_server: TestServer,
) -> None:
    token = sign_identity(SECRET, account_id="V-1001", role="vendor")
    vendor = await ChatClient.connect(base_url(bot_server), hello={"token": token})
    await vendor.say("When is my next payout?")
    await vendor.reply("bot")
    await vendor.close()

    intruder = await ChatClient.connect(base_url(bot_server), hello={"session": vendor.welcome["session"]})
    assert intruder.frames[0]["code"] == "session_refused"
    assert intruder.welcome["conversation"] != vendor.welcome["conversation"]
    # A resumed conversation is replayed between the welcome and the state frame: nothing of it.
    await intruder.expect("state")
    assert all(f["type"] != "message" for f in intruder.frames), intruder.frames
    await intruder.close()

    other_buyer = sign_identity(SECRET, account_id="B-2002", role="buyer")
    stranger = await ChatClient.connect(
        base_url(bot_server), hello={"session": vendor.welcome["session"], "token": other_buyer}
    )
    assert stranger.welcome["conversation"] != vendor.welcome["conversation"]
    await stranger.close()

    again = await ChatClient.connect(base_url(bot_server), hello={"session": vendor.welcome["session"], "token": token})
    assert again.welcome["conversation"] == vendor.welcome["conversation"]
    await again.close()


async def test_an_unknown_session_starts_a_new_conversation(bot_server: TestServer) -> None:
    client = await ChatClient.connect(base_url(bot_server), hello={"session": uuid.uuid4().hex})
    assert client.frames[0]["code"] == "unknown_session"
    assert client.welcome["session"]
    await client.close()


async def test_foreign_origins_are_refused_before_the_upgrade(bot_server: TestServer) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(
                f"{base_url(bot_server)}/chat/ws", headers={"Origin": "https://evil.example"}
            )
        assert refused.value.status == 403
        same_origin = base_url(bot_server)
        async with session.ws_connect(f"{same_origin}/chat/ws", headers={"Origin": same_origin}) as ws:
            await ws.send_json({"type": "hello"})
            assert (await ws.receive_json(timeout=10))["type"] == "welcome"


async def test_card_numbers_are_masked_before_anything_stores_them(
    bot_server: TestServer, services: Services
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    ack = await client.say("My card 4111 1111 1111 1111 was charged twice for one order")
    assert "4111 1111 1111 1111" not in ack["text"], "the customer sees what was kept"
    # Handed off: the customer is told so and the widget shows the waiting state (either first).
    while not ({"waiting"} <= {f.get("state") for f in client.frames if f["type"] == "state"}
               and any(f["type"] == "message" and f["author"] == "system" for f in client.frames)):
        await client.next_frame()
    notices = [f["text"] for f in client.frames if f["type"] == "message" and f["author"] == "system"]
    assert notices == [customer_message(CARD_TAG)]
    transcript = await services.store.transcript(client.welcome["conversation"])
    stored = transcript[0].text
    assert "4111 1111 1111 1111" not in stored and "1111" in stored
    await client.close()


async def test_widget_demo_page_and_health_are_served(bot_server: TestServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base_url(bot_server)}/widget.js") as widget:
            assert widget.status == 200
            assert "javascript" in widget.headers["Content-Type"]
            assert "/chat/ws" in await widget.text()
        async with session.get(f"{base_url(bot_server)}/") as page:
            assert page.status == 200 and "widget.js" in await page.text()
        async with session.get(f"{base_url(bot_server)}/healthz") as health:
            assert health.status == 200
        async with session.get(f"{base_url(bot_server)}/readyz") as ready:
            assert ready.status == 200 and (await ready.json())["redis"] is True


async def test_a_customer_who_signs_in_mid_chat_keeps_the_conversation_and_is_known_from_then_on(
    bot_server: TestServer, services: Services,
) -> None:
    anonymous = await ChatClient.connect(base_url(bot_server))
    await anonymous.say("Where is my order?")
    await anonymous.reply("bot")
    await anonymous.close()

    token = sign_identity(SECRET, account_id="B-3003", role="buyer", tier="gold")
    signed_in = await ChatClient.connect(
        base_url(bot_server), hello={"session": anonymous.welcome["session"], "token": token})
    assert signed_in.welcome["conversation"] == anonymous.welcome["conversation"], "nothing to repeat"
    participant = (await services.store.get(anonymous.welcome["conversation"])).participant
    assert (participant.account_id, participant.role, participant.tier, participant.verified) == (
        "B-3003", "buyer", "gold", True)
    await signed_in.close()

    # From now on the conversation is B-3003's: the anonymous session alone no longer opens it.
    stranger = await ChatClient.connect(base_url(bot_server), hello={"session": anonymous.welcome["session"]})
    assert stranger.frames[0]["code"] == "session_refused"
    await stranger.close()


async def _not_near_a_minute_boundary(margin: float = 10.0) -> None:
    """Wait until a burst starting now ends in the same rate-limit window (a clock minute)."""
    left = 60 - time.time() % 60
    if left < margin:
        # Real time must pass here: the product counts per clock minute, so the burst has to
        # start in a fresh minute. Nothing is being waited for.
        await asyncio.sleep(left + 0.1)
