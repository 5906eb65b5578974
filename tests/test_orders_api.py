"""The order API connector against a local HTTP server playing the marketplace's order API, over real
sockets: who sees what, "no such order", and every way the API can fail (the customer is told the
details can't be checked right now, never that the order doesn't exist; the log says why, without the
token)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.brain.agent import AgentBrain
from bot.brain.answerer import OfflineBrain
from bot.brain.embeddings import LocalEmbedder
from bot.brain.factory import create_brain
from bot.brain.orders import OrdersApi
from bot.brain.tools import OrderBook, VendorDirectory
from bot.models import Participant
from bot.order_numbers import OrderNumbers
from bot.settings import load_settings
from tests.support.brain_kb import write_kb
from tests.support.openai_server import chat_completions_server

TOKEN = "tok-orders-7f3a9c1e5b"
PATTERNS = r"(HM)-?\s?(\d{4,}) (LL)-(\d{4})-(\d{4})(?:-(\d{1,2}))?"
LL_ORDER = "LL-4821-7730"
ORDERS: dict[str, dict[str, Any]] = {
    LL_ORDER: {
        "id": LL_ORDER,
        "status": "partially_shipped",
        "placed": "2026-11-20",
        "buyer_id": "C-77",
        "vendor_ids": ["MK-30418", "MK-11201"],
        "payment_status": "captured",
        "items": [
            {"name": "Hand-thrown mug", "vendor_id": "MK-30418", "qty": 2},
            {"name": "Linen throw", "vendor_id": "MK-11201", "qty": 1},
        ],
        "parcels": [
            {"vendor_id": "MK-30418", "carrier": "CargoLoom", "tracking": "CL99120", "status": "in_transit",
             "eta": "2026-12-02"},
        ],
        "loyalty_points": 120,  # a field Baton does not know: ignored
    },
    "HM-100234": {"id": "HM-100234", "status": "delivered", "buyer_id": "B-2002",
                  "parcels": [{"vendor_id": "V-1001", "carrier": "DPD", "tracking": "01905523411872",
                               "status": "delivered", "eta": "2026-11-25"}]},
}
OWNER = Participant(role="buyer", account_id="C-77", verified=True)
UNAVAILABLE = f"I can't check the details of order {LL_ORDER} right now"


class MarketplaceOrderApi:
    """Plays `GET /api/orders/{id}` (docs/orders.md#contract); `behaviour` makes it misbehave."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None]] = []
        self.behaviour = "normal"
        self.release = asyncio.Event()  # ends a "slow" answer when the test is over

    async def order(self, request: web.Request) -> web.StreamResponse:
        order_id = request.match_info["order_id"]
        self.requests.append((request.path, request.headers.get("Authorization")))
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": "unauthorized"}, status=401)
        if self.behaviour == "slow":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), 10)
        if self.behaviour == "error":
            return web.Response(status=500, text="Internal Server Error")
        if self.behaviour == "not-json":
            return web.Response(text="<html><body>Down for maintenance</body></html>", content_type="text/html")
        if self.behaviour == "not-an-order":
            return web.json_response({"id": order_id, "parcels": "soon"})
        if self.behaviour == "another-order":
            return web.json_response(ORDERS["HM-100234"])
        if self.behaviour == "bare-404":
            return web.Response(status=404, text="Not Found")
        if order_id not in ORDERS:
            return web.json_response({"error": "not_found"}, status=404)
        return web.json_response(ORDERS[order_id])


@pytest.fixture
async def api() -> AsyncIterator[tuple[MarketplaceOrderApi, str]]:
    """The order API on a loopback port; yields it and ORDERS_API_URL."""
    fake = MarketplaceOrderApi()
    app = web.Application()
    app.router.add_get("/api/orders/{order_id}", fake.order)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield fake, f"http://127.0.0.1:{port}/api/"
    finally:
        fake.release.set()
        await runner.cleanup()


def closed_port_url() -> str:
    """An ORDERS_API_URL where nothing listens (the API is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"


def book_for(url: str, token: str = TOKEN, timeout: str = "0.5") -> OrderBook:
    """The order book as the app builds it from these settings."""
    settings = load_settings(ORDERS_API_URL=url, ORDERS_API_TOKEN=token, ORDERS_API_TIMEOUT=timeout,
                             ORDER_NUMBER_PATTERNS=PATTERNS)
    return OrderBook.from_settings(settings, VendorDirectory([]), demo_file=Path("unused.yaml"))


async def test_an_order_is_fetched_with_the_bearer_token_and_shown_as_far_as_the_asker_may_see(
    api: tuple[MarketplaceOrderApi, str],
) -> None:
    fake, url = api
    book = book_for(url)
    assert isinstance(book.source, OrdersApi)

    mine = await book.lookup("where is ll-4821-7730?", OWNER)
    assert mine.found and mine.full_view
    assert mine.text.splitlines() == [
        f"Order {LL_ORDER} (placed 2026-11-20) is partially shipped; payment captured.",
        "- Hand-thrown mug ×2 from MK-30418: in transit with CargoLoom, tracking CL99120, expected 2026-12-02.",
        "- Linen throw ×1 from MK-11201: not shipped yet (the vendor is preparing it).",
    ]
    assert fake.requests == [(f"/api/orders/{LL_ORDER}", f"Bearer {TOKEN}")]

    anyone = await book.lookup(LL_ORDER, Participant(role="buyer"))
    assert anyone.found and not anyone.full_view
    assert "partially shipped" in anyone.text and "expected 2026-12-02" in anyone.text
    assert "CL99120" not in anyone.text and "mug" not in anyone.text and "MK-30418" not in anyone.text


async def test_the_wrong_participant_is_told_not_found_and_a_vendor_sees_only_their_part(
    api: tuple[MarketplaceOrderApi, str],
) -> None:
    _, url = api
    book = book_for(url)
    other_buyer = await book.lookup(LL_ORDER, Participant(role="buyer", account_id="C-78", verified=True))
    other_vendor = await book.lookup(LL_ORDER, Participant(role="vendor", account_id="MK-99999", verified=True))
    for refused in (other_buyer, other_vendor):
        assert not refused.found and refused.available
        assert refused.text == f"I couldn't find order {LL_ORDER}. Please check the number on your order confirmation."

    vendor = await book.lookup(LL_ORDER, Participant(role="vendor", account_id="MK-11201", verified=True))
    assert vendor.found and vendor.full_view
    assert "Linen throw ×1: not shipped yet" in vendor.text
    assert "mug" not in vendor.text and "CL99120" not in vendor.text and "C-77" not in vendor.text


async def test_an_order_the_api_does_not_know_is_not_found(api: tuple[MarketplaceOrderApi, str]) -> None:
    fake, url = api
    found = await book_for(url).lookup("LL-0000-0001", OWNER)
    assert not found.found and found.available
    assert "couldn't find order LL-0000-0001" in found.text
    assert fake.requests == [("/api/orders/LL-0000-0001", f"Bearer {TOKEN}")]


async def test_text_that_is_no_order_number_never_reaches_the_api(api: tuple[MarketplaceOrderApi, str]) -> None:
    fake, url = api
    found = await book_for(url).lookup("../../admin?all=1", OWNER)  # what a confused model might pass
    assert not found.found and "couldn't find order" in found.text
    assert fake.requests == []


@pytest.mark.parametrize(
    ("behaviour", "logged"),
    [
        ("slow", "no answer within 0.5s"),
        ("down", "cannot reach it"),
        ("error", "answered HTTP 500"),
        ("not-json", "answered something that is not JSON"),
        ("not-an-order", "answered an order Baton cannot read (status: Field required)"),
        ("another-order", "answered order 'HM-100234' instead"),
        ("bare-404", 'answered HTTP 404 without {"error": "not_found"}: check ORDERS_API_URL'),
        ("wrong-token", "answered HTTP 401: check ORDERS_API_TOKEN"),
    ],
)
async def test_when_the_api_fails_the_customer_hears_it_cannot_be_checked_now(
    api: tuple[MarketplaceOrderApi, str], caplog: pytest.LogCaptureFixture, behaviour: str, logged: str,
) -> None:
    fake, url = api
    fake.behaviour = behaviour
    token = "tok-wrong-000000000" if behaviour == "wrong-token" else TOKEN
    book = book_for(closed_port_url() if behaviour == "down" else url, token=token)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot.brain.orders.api"):
        found = await book.lookup(f"where is {LL_ORDER}", OWNER)
    assert time.monotonic() - started < 2.0, "a slow API costs the timeout, not more"
    assert not found.found and not found.available
    assert found.text.startswith(UNAVAILABLE) and "try again in a few minutes" in found.text
    assert "couldn't find" not in found.text
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.brain.orders.api"]
    assert len(warnings) == 1 and f"order={LL_ORDER}" in warnings[0] and logged in warnings[0]
    assert "127.0.0.1" in warnings[0]
    assert TOKEN not in caplog.text and token not in caplog.text


async def test_answers_are_cached_briefly_and_failures_never(api: tuple[MarketplaceOrderApi, str]) -> None:
    fake, url = api
    now = [1000.0]
    book = OrderBook(OrdersApi(url, TOKEN, timeout=0.5, cache_seconds=60, clock=lambda: now[0]),
                     VendorDirectory([]), OrderNumbers(PATTERNS.split()))

    for _ in range(3):
        assert (await book.lookup(LL_ORDER, OWNER)).found
        assert not (await book.lookup("LL-0000-0001", OWNER)).found
    assert len(fake.requests) == 2, "a found order and an unknown number are both asked once"
    now[0] += 61
    assert (await book.lookup(LL_ORDER, OWNER)).found
    assert len(fake.requests) == 3, "after 60 s the API is asked again"

    fake.behaviour = "error"
    assert not (await book.lookup("HM-100234", OWNER)).available
    fake.behaviour = "normal"
    assert (await book.lookup("HM-100234", Participant(role="buyer"))).found, "a failure is not remembered"
    assert len(fake.requests) == 5


async def test_the_cache_is_bounded(api: tuple[MarketplaceOrderApi, str]) -> None:
    fake, url = api
    book = OrderBook(OrdersApi(url, TOKEN, max_cached=1), VendorDirectory([]), OrderNumbers(PATTERNS.split()))
    for order_id in (LL_ORDER, "HM-100234", LL_ORDER, LL_ORDER):
        assert (await book.lookup(order_id, Participant(role="buyer"))).found
    assert [path for path, _ in fake.requests] == [f"/api/orders/{o}" for o in (LL_ORDER, "HM-100234", LL_ORDER)]


async def test_several_orders_in_one_message_wait_once_for_a_slow_api(api: tuple[MarketplaceOrderApi, str]) -> None:
    fake, url = api
    fake.behaviour = "slow"
    book = book_for(url)
    started = time.monotonic()
    found = await book.lookup_all(book.ids_in(f"{LL_ORDER}, HM-100234 and LL-4821-7731"), OWNER)
    assert time.monotonic() - started < 1.2
    assert [f.order_id for f in found] == [LL_ORDER, "HM-100234", "LL-4821-7731"]
    assert all(not f.available for f in found)


@pytest.fixture
async def kb(tmp_path: Path) -> Path:
    brand = tmp_path / "brand.yaml"
    brand.write_text('bot_name: "Loomy"\nno_answer_message: "Sorry, no idea."\n')
    write_kb(tmp_path / "kb")
    return tmp_path


def brain_settings(kb: Path, url: str, **more: str) -> Any:
    return load_settings(
        BOT_KB_DIR=str(kb / "kb"), BOT_INDEX_DIR=str(kb / "index"), BOT_BRAND=str(kb / "brand.yaml"),
        ORDERS_API_URL=url, ORDERS_API_TOKEN=TOKEN, ORDERS_API_TIMEOUT="0.5", ORDER_NUMBER_PATTERNS=PATTERNS, **more,
    )


async def test_the_brain_answers_a_second_marketplace_order_from_its_api(
    api: tuple[MarketplaceOrderApi, str], kb: Path, embedder: LocalEmbedder,
) -> None:
    fake, url = api
    brain = await create_brain(brain_settings(kb, url), embedder)
    assert isinstance(brain, OfflineBrain)
    answer = await brain.answer(f"hi, where is my order {LL_ORDER.lower()}?", participant=OWNER, history=[])
    assert answer.text is not None
    assert f"Order {LL_ORDER} (placed 2026-11-20) is partially shipped" in answer.text
    assert "tracking CL99120" in answer.text and answer.confidence >= 0.9
    assert [path for path, _ in fake.requests] == [f"/api/orders/{LL_ORDER}"]

    fake.behaviour = "error"
    down = await brain.answer("and where is LL-4821-7731?", participant=OWNER, history=[])
    assert down.text is not None and "I can't check the details of order LL-4821-7731 right now" in down.text
    assert "couldn't find" not in down.text
    assert down.confidence >= 0.5, "confident enough that the customer reads it, not a low-confidence handoff"


async def test_the_agent_tells_the_customer_the_order_cannot_be_checked_when_the_api_is_down(
    kb: Path, embedder: LocalEmbedder,
) -> None:
    async def model(request: web.Request) -> web.Response:
        """A chat model that asks for the order's status, then repeats what the tool said."""
        body = await request.json()
        last = body["messages"][-1]
        if last["role"] == "tool":
            message: dict[str, Any] = {"role": "assistant", "content": last["content"]}
        else:
            call = {"id": "call_1", "type": "function",
                    "function": {"name": "order_status", "arguments": json.dumps({"order_id": LL_ORDER})}}
            message = {"role": "assistant", "content": None, "tool_calls": [call]}
        return web.json_response({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "test-model",
            "choices": [{"index": 0, "message": message, "finish_reason": "stop" if last["role"] == "tool" else "tool_calls"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })

    async with chat_completions_server(model) as base_url:
        settings = brain_settings(kb, closed_port_url(), BOT_LLM="openai:test-model", BOT_LLM_BASE_URL=base_url,
                                  BOT_LLM_API_KEY="test-key")
        brain = await create_brain(settings, embedder)
        assert isinstance(brain, AgentBrain)
        answer = await brain.answer(f"where is {LL_ORDER}?", participant=OWNER, history=[])
    assert answer.text is not None and answer.text.startswith(UNAVAILABLE)
    assert answer.confidence >= 0.5
