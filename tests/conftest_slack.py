"""Fixtures for the Slack inbox tests: the Slack Web API emulator, and the whole bot wired to it
with signed Events API / interactivity requests posted to its HTTP endpoints.

Import the fixtures into a test module: `from tests.conftest_slack import slack_api, slack_bot`.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.adapters.slack.inbox import SlackInbox
from bot.app import Services, build_services, build_web_app
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from tests.conftest import make_settings
from tests.emulators.slack_api import SlackApiEmulator, load_fixture

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
INBOX = "C0INBOX0001"
PAYMENTS = "C0PAYMENTS1"
CRITICAL = "C0CRITICAL1"
ROUTES = {"payments": PAYMENTS, "critical": CRITICAL}
DANA = "U0DANA0001"
SAM = "U0SAM00001"

# Rules of our own: the shipped ones give minutes-long SLAs, these give a 1.5-second one.
RULES = """
settings:
  acknowledge_within: 30
tags:
  - name: critical
    priority: 100
    handoff: true
    route: critical
    mention: S0ONCALL01
    acknowledge_within: 15
    when:
      keywords: [account was hacked]
  - name: shop-down
    priority: 90
    handoff: true
    route: payments
    mention: S0PAYMENTS
    acknowledge_within: 0.025
    when:
      keywords: [shop is down]
  - name: human-requested
    priority: 50
    handoff: true
    mention: S0SUPPORT1
    acknowledge_within: 30
    when:
      human_requested: true
"""


def sign(body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request signature headers: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class SlackBot:
    """The running bot as Slack sees it: where to post events and clicks, and what it posted."""

    base_url: str
    services: Services
    inbox: SlackInbox
    api: SlackApiEmulator
    http: aiohttp.ClientSession

    async def post(self, path: str, body: str, content_type: str, headers: dict[str, str] | None = None,
                   timestamp: int | None = None, secret: str = SIGNING_SECRET) -> aiohttp.ClientResponse:
        """POST a body to the bot signed as Slack would (or as given)."""
        all_headers = {"Content-Type": content_type, **sign(body, secret, timestamp), **(headers or {})}
        async with self.http.post(self.base_url + path, data=body.encode(), headers=all_headers) as response:
            await response.read()
            return response

    async def thread_reply(self, card: dict[str, Any], channel: str, user: str, text: str, *,
                           event_id: str | None = None, retry: int | None = None, ts: str | None = None,
                           extra: dict[str, Any] | None = None) -> aiohttp.ClientResponse:
        """A staff member's reply in a card's thread, as an Events API `message` event."""
        payload = self.reply_event(card, channel, user, text, event_id=event_id, ts=ts, extra=extra)
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        return await self.post("/slack/events", json.dumps(payload), "application/json", headers)

    def reply_event(self, card: dict[str, Any], channel: str, user: str, text: str, *,
                    event_id: str | None = None, ts: str | None = None,
                    extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """The Events API payload of a thread reply (from tests/fixtures/slack/)."""
        payload = copy.deepcopy(load_fixture("event_thread_reply.json"))
        ts = ts or self.api.next_ts()
        payload["event"].update({"text": text, "user": user, "ts": ts, "event_ts": ts,
                                 "thread_ts": card["ts"], "channel": channel, **(extra or {})})
        payload["event_id"] = event_id or "Ev" + uuid.uuid4().hex[:10].upper()
        return payload

    async def click(self, card: dict[str, Any], channel: str, user: str, action_id: str,
                    selected: str | None = None, trigger_id: str | None = None) -> aiohttp.ClientResponse:
        """A staff member clicking one of a card's buttons (or picking from its select) in
        `channel`; `trigger_id` (Slack issues a new one per click) repeats an earlier click."""
        element = _element(card, action_id)
        payload = copy.deepcopy(load_fixture("block_actions.json"))
        payload["trigger_id"] = trigger_id or f"{time.time_ns()}.{uuid.uuid4().hex}"
        name = self.api.users[user]["name"]
        payload["user"] = {**payload["user"], "id": user, "username": name, "name": name}
        payload["container"].update({"message_ts": card["ts"], "channel_id": channel})
        payload["channel"]["id"] = channel
        payload["message"].update({"ts": card["ts"], "blocks": card["blocks"]})
        action = {"action_id": action_id, "block_id": _block_id(card), "type": element["type"],
                  "action_ts": f"{time.time():.6f}"}
        if element["type"] == "button":
            action.update({"value": element["value"], "text": element["text"]})
        else:
            option = next(o for o in element["options"] if o["value"] == selected)
            action["selected_option"] = option
        payload["actions"] = [action]
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post("/slack/actions", body, "application/x-www-form-urlencoded")

    async def card_in(self, channel: str, index: int = 0, timeout: float = 15.0) -> dict[str, Any]:
        """The `index`-th card posted in a channel (waiting for it)."""
        return await self.api.wait_for(lambda: len(self.api.roots(channel)) > index and self.api.roots(channel)[index],
                                       timeout)

    async def settled(self) -> None:
        """Wait until every queued Slack post has been made."""
        await self.inbox.outbox.drain()


def _element(card: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in card.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"the card has no {action_id} control: {card.get('blocks')}")


def _block_id(card: dict[str, Any]) -> str:
    return next(b["block_id"] for b in card["blocks"] if b["type"] == "actions")


@pytest.fixture
async def slack_api() -> AsyncIterator[SlackApiEmulator]:
    """The Slack Web API emulator on a loopback port."""
    emulator = SlackApiEmulator()
    await emulator.start()
    yield emulator
    await emulator.close()


@pytest.fixture
def slack_settings(settings: Settings, slack_api: SlackApiEmulator, tmp_path: Path) -> Settings:
    """The test bot's settings plus Slack pointed at the emulator, with the rules above."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return make_settings(
        REDIS_URL=settings.redis_url,
        BOT_REDIS_PREFIX=settings.redis_prefix,
        BOT_KB_DIR=str(settings.kb_dir),
        BOT_INDEX_DIR=str(settings.index_dir),
        BOT_RULES=str(rules),
        BOT_BRAND=str(settings.brand_path),
        WEBCHAT_SECRET=settings.webchat_secret,
        SLACK_BOT_TOKEN=slack_api.bot_token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.base_url,
        SLACK_INBOX_CHANNEL=INBOX,
    )


@pytest.fixture
async def slack_bot(slack_settings: Settings, slack_api: SlackApiEmulator,
                    embedder: LocalEmbedder) -> AsyncIterator[SlackBot]:
    """The whole bot (web chat + Slack inbox) on a loopback port, talking to the emulator."""
    services = await build_services(slack_settings, embedder)
    if isinstance(services.inbox, SlackInbox):  # app.py already wires one: use ours (the test routes)
        await services.inbox.stop()
    inbox = SlackInbox(slack_settings, services.store, services.conversations,
                       bot_name=services.brand.bot_name, marketplace=services.brand.marketplace, routes=ROUTES,
                       files=services.files)
    services.inbox = inbox
    services.conversations.register_inbox(inbox)
    services.conversations.sla.poll_seconds = 0.2  # SLA reminders due in seconds are seen soon
    await inbox.start()
    app = build_web_app(services)
    if not any(r.resource and r.resource.canonical == "/slack/events" for r in app.router.routes()):
        inbox.add_routes(app)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    http = aiohttp.ClientSession()
    try:
        yield SlackBot(str(server.make_url("")).rstrip("/"), services, inbox, slack_api, http)
    finally:
        await http.close()
        await server.close()
        await inbox.stop()
        await services.close()
        await asyncio.sleep(0)
