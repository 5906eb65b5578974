"""Customers in the web-chat widget: the `/chat/ws` protocol against the running bot."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.app import WEBCHAT, Services, build_services, build_web_app
from bot.brain.embeddings import LocalEmbedder
from bot.identity import sign_identity
from bot.settings import Settings
from tests.conftest import make_settings
from tests.support.probes import probe
from tests.support.rules import (
    CARD_TAG,
    HANDOFF,
    HANDOFF_NOTICE,
    HANDOFF_RULES,
    customer_message,
)
from tests.support.staff import DANA
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


async def test_a_message_handed_to_the_web_chat_twice_is_shown_once(bot_server: TestServer, services: Services) -> None:
    """Delivery is at least once (a fan-out retried, two replicas): a second hand-over of the same
    message must not show it twice on the customer's open socket."""
    client = await ChatClient.connect(base_url(bot_server))
    await client.say("How can I track my parcel?")
    answer = await client.reply("bot")
    conversation = await services.store.get(client.welcome["conversation"])
    [again] = [m for m in await services.store.transcript(conversation.id) if m.id == answer["id"]]
    await bot_server.app[WEBCHAT].send(conversation, again)
    _, since = await probe(client)
    assert answer["id"] not in [f["id"] for f in since if f["type"] == "message"], "the answer was shown twice"
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
            assert ready.status == 200
            assert await ready.json() == {"ready": True, "redis": True, "index": True, "files": True}


async def test_readiness_fails_while_customers_files_cannot_be_kept(
    settings: Settings, embedder: LocalEmbedder, tmp_path: Path,
) -> None:
    """A FILES_DIR that can't be a folder (here, under a file) would lose the first photo a
    customer sends: /readyz says so, naming the check, so the load balancer keeps traffic away."""
    in_the_way = tmp_path / "not-a-folder"
    in_the_way.write_text("a file where the volume should be mounted")
    broken = settings.model_copy(update={"files_dir": in_the_way / "files"})
    services = await build_services(broken, embedder)
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session, session.get(f"{base_url(server)}/readyz") as ready:
            assert ready.status == 503
            assert await ready.json() == {"ready": False, "redis": True, "index": True, "files": False}
        in_the_way.unlink()  # the volume is mounted: ready again, without a restart
        async with aiohttp.ClientSession() as session, session.get(f"{base_url(server)}/readyz") as ready:
            assert ready.status == 200 and (await ready.json())["files"] is True
    finally:
        await server.close()
        await services.close()


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


# -- per-client budgets: one address may not hold the chat hostage ----------------------------------
# (a security review: one address opened 1,000 sockets in 1.8 s, each a stored conversation, and
# five fresh sockets sent 100 messages in seconds)

Start = Callable[..., Awaitable[tuple[TestServer, Services]]]


@pytest.fixture
async def bot_with(settings: Settings, embedder: LocalEmbedder) -> AsyncIterator[Start]:
    """Start another bot like `bot_server` (same Redis prefix), with more environment variables."""
    running: list[tuple[TestServer, Services]] = []

    async def start(**env: str) -> tuple[TestServer, Services]:
        built = await build_services(make_settings(
            REDIS_URL=settings.redis_url, BOT_REDIS_PREFIX=settings.redis_prefix,
            BOT_KB_DIR=str(settings.kb_dir), BOT_INDEX_DIR=str(settings.index_dir),
            BOT_RULES=str(settings.rules_path), BOT_BRAND=str(settings.brand_path),
            WEBCHAT_SECRET=settings.webchat_secret, **env,
        ), embedder)
        server = TestServer(build_web_app(built), host="127.0.0.1")
        await server.start_server()
        running.append((server, built))
        return server, built

    yield start
    for server, built in reversed(running):
        await server.close()
        await built.close()


async def _hello_outcome(url: str, headers: dict[str, str] | None = None) -> tuple[str, int | None]:
    """Open `/chat/ws`, say hello: ("welcome", None), or (the error code, the close code)."""
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}/chat/ws", headers=headers or {}) as ws:
        await ws.send_json({"type": "hello"})
        code = ""
        while True:
            message = await ws.receive(timeout=10)
            if message.type != aiohttp.WSMsgType.TEXT:
                return code, ws.close_code
            frame = message.json()
            if frame["type"] == "welcome":
                return "welcome", None
            if frame["type"] == "error":
                code = frame["code"]


def _is_conversation(key: str, prefix: str) -> bool:
    rest = key.removeprefix(f"{prefix}conv:")
    return rest != key and ":" not in rest


async def _stored_conversations(services: Services) -> int:
    prefix = services.store.keys.prefix
    return len([k async for k in services.store.redis.scan_iter(match=f"{prefix}conv:*", count=1000)
                if _is_conversation(k, prefix)])


async def test_one_address_holds_at_most_20_sockets_and_the_next_is_refused_with_4429(
    bot_server: TestServer,
) -> None:
    url = f"{base_url(bot_server)}/chat/ws"
    async with aiohttp.ClientSession() as http:
        held = [await http.ws_connect(url) for _ in range(20)]  # WEBCHAT_MAX_SOCKETS_PER_CLIENT's default
        refused = await http.ws_connect(url)  # refused without waiting for its hello
        error = await refused.receive_json(timeout=5)
        assert (error["type"], error["code"]) == ("error", "too_many_sockets")
        closing = await refused.receive(timeout=5)
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert refused.close_code == 4429

        await held.pop().close()  # hanging up frees a place

        async def welcomed() -> bool:
            return (await _hello_outcome(base_url(bot_server)))[0] == "welcome"

        await eventually(welcomed, 10, what="a socket accepted once another one closed")
        for ws in held:
            await ws.close()


async def test_one_address_starts_at_most_10_conversations_a_minute_whatever_it_forwards(
    bot_server: TestServer, services: Services,
) -> None:
    await _not_near_a_minute_boundary()  # the budget counts per clock minute
    url = base_url(bot_server)
    # X-Forwarded-For from a peer that is not in WEBCHAT_TRUSTED_PROXIES changes nothing.
    started = [await ChatClient.connect(url, headers={"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(10)]
    assert await _hello_outcome(url, {"X-Forwarded-For": "198.51.100.99"}) == ("too_many_conversations", 4429)
    assert await _stored_conversations(services) == 10, "nothing is stored for a refused hello"
    # Coming back to a conversation is never refused, nor is writing in it.
    back = await ChatClient.connect(url, hello={"session": started[0].welcome["session"]})
    assert back.welcome["conversation"] == started[0].welcome["conversation"]
    await back.say("How do returns work?")
    for client in [*started, back]:
        await client.close()


async def test_one_address_sends_at_most_60_messages_a_minute_across_its_conversations(
    bot_server: TestServer, services: Services,
) -> None:
    await _not_near_a_minute_boundary(20)  # the budgets count per clock minute
    url = base_url(bot_server)
    tabs = [await ChatClient.connect(url) for _ in range(4)]
    acks: dict[str, str] = {}
    for t, tab in enumerate(tabs):
        for n in range(15):  # each conversation stays under its own limit of 20
            ack = await tab.say(f"Tab {t}, question {n}: how do returns work?", client_id=f"tab{t}-{n}")
            acks[ack["client_id"]] = ack["id"]
    assert len(acks) == 60
    for tab, client_id in ((tabs[0], "one-too-many"), (tabs[3], "another-one")):
        await tab.send({"type": "message", "client_id": client_id, "text": "And one more thing"})
        refused = await tab.expect("error", lambda f, c=client_id: f.get("client_id") == c, timeout=10)
        assert refused["code"] == "client_rate_limited"
    # A message resent with the client_id of one already stored is acknowledged again, not refused.
    again = await tabs[0].say("Tab 0, question 0: how do returns work?", client_id="tab0-0")
    assert again["id"] == acks["tab0-0"]
    for tab in tabs:
        transcript = await services.store.transcript(tab.welcome["conversation"])
        assert "And one more thing" not in [m.text for m in transcript], "a refused message is not stored"
        await tab.close()


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(bot_with: Start) -> None:
    server, _ = await bot_with(WEBCHAT_TRUSTED_PROXIES="127.0.0.1")
    await _not_near_a_minute_boundary()
    url = base_url(server)
    first = [await ChatClient.connect(url, headers={"X-Forwarded-For": "203.0.113.10"}) for _ in range(10)]
    assert await _hello_outcome(url, {"X-Forwarded-For": "203.0.113.10"}) == ("too_many_conversations", 4429)
    # What the client itself puts in front of the proxy's entry is not believed.
    assert await _hello_outcome(url, {"X-Forwarded-For": "192.0.2.1, 203.0.113.10"}) == (
        "too_many_conversations", 4429)
    assert await _hello_outcome(url, {"X-Forwarded-For": "203.0.113.11"}) == ("welcome", None)
    for client in first:
        await client.close()


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        ("203.0.113.5", None, [], "203.0.113.5"),
        ("203.0.113.5", "198.51.100.1", [], "203.0.113.5"),  # not from a trusted proxy: ignored
        ("10.0.0.2", "198.51.100.1", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "192.0.2.66, 198.51.100.1, 10.0.0.3", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "10.0.0.9", ["10.0.0.0/8"], "10.0.0.9"),  # every hop trusted: the first one
        ("10.0.0.2", "not-an-address", ["10.0.0.0/8"], "10.0.0.2"),
        ("10.0.0.2", "198.51.100.1:4711", ["10.0.0.0/8"], "198.51.100.1"),
        ("2001:db8:1:2:aaaa::1", None, [], "2001:db8:1:2::/64"),  # an IPv6 client is its /64
        ("::ffff:203.0.113.5", None, [], "203.0.113.5"),
        (None, None, [], "unknown"),
    ],
)
def test_the_client_is_the_peer_or_what_a_trusted_proxy_forwards(
    peer: str | None, forwarded: str | None, trusted: list[str], client: str,
) -> None:
    import ipaddress

    from bot.adapters.webchat.channel import client_address

    assert client_address(peer, forwarded, [ipaddress.ip_network(t) for t in trusted]) == client


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"WEBCHAT_TRUSTED_PROXIES": "10.0.0.0/33"}, "WEBCHAT_TRUSTED_PROXIES"),
        ({"WEBCHAT_TRUSTED_PROXIES": "proxy.internal"}, "WEBCHAT_TRUSTED_PROXIES"),
        ({"WEBCHAT_MAX_SOCKETS_PER_CLIENT": "0"}, "WEBCHAT_MAX_SOCKETS_PER_CLIENT"),
        ({"WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE": "ten"}, "WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE"),
        ({"WEBCHAT_CLIENT_RATE_PER_MINUTE": "-1"}, "WEBCHAT_CLIENT_RATE_PER_MINUTE"),
    ],
)
def test_a_bad_client_budget_setting_stops_the_start_naming_the_variable(env: dict[str, str], variable: str) -> None:
    from tests.test_settings import run_bot

    result = run_bot({"WEBCHAT_SECRET": "s3cret", **env}, "token", "--account", "A-1")
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], lines


def test_trusted_proxies_are_addresses_and_networks() -> None:
    import ipaddress

    proxies = make_settings(WEBCHAT_TRUSTED_PROXIES=" 10.0.0.0/8, 192.168.1.7 ,::1").webchat_trusted_proxies
    assert list(proxies) == [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "192.168.1.7/32", "::1/128")]
    assert list(make_settings().webchat_trusted_proxies) == []


# -- anonymous conversations nobody writes in expire ------------------------------------------------


def _keys_of(services: Services, conversation_id: str, external_ref: str) -> list[str]:
    keys = services.store.keys
    return [keys.conversation(conversation_id), keys.conversation_events(conversation_id),
            keys.external_ref("webchat", external_ref)]


def _session_key(services: Services, session: str) -> str:
    return services.store.keys.webchat_session(hashlib.sha256(session.encode()).hexdigest())


async def test_a_conversation_nobody_writes_in_expires_and_its_first_message_keeps_it(
    bot_server: TestServer, services: Services,
) -> None:
    store, redis = services.store, services.store.redis
    client = await ChatClient.connect(base_url(bot_server))
    session = client.welcome["session"]
    conversation = await store.get(client.welcome["conversation"])
    keys = _keys_of(services, conversation.id, conversation.external_ref)
    for key in [*keys, _session_key(services, session)]:
        assert 0 < await redis.ttl(key) <= 3600, f"{key} expires within the hour while nobody writes"
    assert conversation.id not in await store.list_by_state("bot"), "no queue lists an empty conversation"
    await client.close()

    # Coming back to it gives it another hour, no more.
    back = await ChatClient.connect(base_url(bot_server), hello={"session": session})
    assert back.welcome["conversation"] == conversation.id
    assert 0 < await redis.ttl(_session_key(services, session)) <= 3600

    await back.say("How do returns work?")
    for key in keys:
        assert await redis.ttl(key) == -1, f"{key} is kept once the customer wrote"
    assert await redis.ttl(_session_key(services, session)) > 3600, "the session lasts its 30 days again"
    assert conversation.id in await store.list_by_state("bot")
    assert (await back.reply("bot"))["text"]
    await back.close()


async def test_a_first_message_after_the_empty_conversation_expired_is_kept_in_it(
    bot_server: TestServer, services: Services,
) -> None:
    store, redis = services.store, services.store.redis
    client = await ChatClient.connect(base_url(bot_server))
    session = client.welcome["session"]
    conversation = await store.get(client.welcome["conversation"])
    # The chat stayed open for more than an hour with nothing typed: everything expired.
    await redis.delete(*_keys_of(services, conversation.id, conversation.external_ref),
                       _session_key(services, session))

    ack = await client.say("How do returns work?")
    answer = await client.reply("bot")
    kept = await store.get(conversation.id)
    assert (kept.channel, kept.participant) == ("webchat", conversation.participant)
    assert [m.id for m in await store.transcript(conversation.id)][:2] == [ack["id"], answer["id"]]
    for key in _keys_of(services, conversation.id, conversation.external_ref):
        assert await redis.ttl(key) == -1, key
    await client.close()
    back = await ChatClient.connect(base_url(bot_server), hello={"session": session})
    assert back.welcome["conversation"] == conversation.id
    await back.close()


async def test_resuming_a_conversation_that_expired_unused_starts_a_new_one(
    bot_server: TestServer, services: Services,
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    conversation = await services.store.get(client.welcome["conversation"])
    await client.close()
    await services.store.redis.delete(*_keys_of(services, conversation.id, conversation.external_ref))

    back = await ChatClient.connect(base_url(bot_server), hello={"session": client.welcome["session"]})
    assert back.frames[0]["code"] == "unknown_session"
    assert back.welcome["conversation"] != conversation.id
    await back.say("How do returns work?")
    await back.close()


# -- what the customer is told about their conversation: its state, never its tags ---------------


async def test_state_frames_carry_the_state_and_the_assignees_name_never_the_tags(
    bot_server: TestServer, services: Services,
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    conversation_id = client.welcome["conversation"]
    assert await client.expect("state") == {"type": "state", "state": "bot"}
    await client.say("My card 4111 1111 1111 1111 was charged twice")
    assert await client.expect("state") == {"type": "state", "state": "waiting"}
    assert CARD_TAG in (await services.store.get(conversation_id)).tags
    assert (await services.conversations.claim(conversation_id, DANA)).ok
    assert await client.expect("state") == {"type": "state", "state": "human", "assignee": "Dana"}
    assert not any("tags" in frame or CARD_TAG in str(frame) for frame in client.frames), client.frames
    await client.close()


async def test_internal_tags_added_later_tell_the_customer_nothing(
    bot_server: TestServer, services: Services,
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    conversation_id = client.welcome["conversation"]
    await client.expect("state")
    await client.say("Where is my order?")
    await client.reply("bot")
    seen = len(client.frames)
    await services.store.add_tags(conversation_id, ["fraud", "legal"])
    conversation = await services.store.get(conversation_id)
    await services.conversations.delivery.state_changed(conversation)
    # Delivered in order on the same path: once the typing frame is here, a state frame would be too.
    await services.conversations.delivery.typing(conversation)
    await client.expect("typing")
    assert [f["type"] for f in client.frames[seen:]] == ["typing"], client.frames[seen:]
    await client.close()


# -- the same-origin check behind a TLS proxy ----------------------------------------------------------


async def test_a_widget_served_over_https_by_a_trusted_tls_proxy_is_same_origin(
    bot_with: Start, bot_server: TestServer,
) -> None:
    proxied, _ = await bot_with(WEBCHAT_TRUSTED_PROXIES="127.0.0.0/8")
    forwarded = {"Origin": "https://chat.example", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "chat.example"}
    tls_only = {"Origin": f"https://{proxied.host}:{proxied.port}", "X-Forwarded-Proto": "https"}
    async with aiohttp.ClientSession() as http:
        for headers in (forwarded, tls_only):
            async with http.ws_connect(f"{base_url(proxied)}/chat/ws", headers=headers) as ws:
                await ws.send_json({"type": "hello"})
                assert (await ws.receive_json(timeout=10))["type"] == "welcome", headers
        refused: list[dict[str, Any]] = [
            {"url": base_url(bot_server), "headers": forwarded},  # from a peer nobody trusts: ignored
            {"url": base_url(proxied), "headers": {**forwarded, "Origin": "https://evil.example"}},
            {"url": base_url(proxied), "headers": {**tls_only, "X-Forwarded-Proto": "http"}},
        ]
        for attempt in refused:
            with pytest.raises(aiohttp.WSServerHandshakeError) as error:
                await http.ws_connect(f"{attempt['url']}/chat/ws", headers=attempt["headers"])
            assert error.value.status == 403, attempt
