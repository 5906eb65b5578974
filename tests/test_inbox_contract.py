"""One staff policy, three inboxes: the same scenarios, run against the Slack inbox, the /inbox page
and the Discord staff channel.

Each scenario drives a real web-chat customer and staff acting through the inbox's own UI path
(Slack: signed block actions and thread-reply events; the page: signed-in form posts with the
CSRF token; Discord: component interactions and thread messages over the emulator's gateway),
then checks what people see: the customer's frames, the conversation in the store, and the
outcome texts of bot/staff.py that the staff member was shown.
"""

from __future__ import annotations

import asyncio
import copy
import html
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import discord
import pytest
import yaml
from aiohttp.test_utils import TestServer

from bot import staff as policy
from bot.adapters.discord.staff_cards import CLAIM_ID, CLOSE_ID, PASS_ID
from bot.adapters.inbox.staff_directory import add_staff
from bot.adapters.slack.blocks import (
    ACTION_CLAIM,
    ACTION_CLOSE,
    ACTION_PASS,
    BLOCK_PREFIX,
)
from bot.app import Services, build_services, build_web_app, start_discord
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from tests.conftest import make_settings
from tests.conftest_slack import (
    CRITICAL,
    DANA,
    INBOX,
    PAYMENTS,
    SAM,
    SIGNING_SECRET,
    SlackBot,
    slack_api,
)
from tests.emulators.discord_api import DiscordAPI, Posted, payload
from tests.emulators.slack_api import SlackApiEmulator, load_fixture
from tests.support.waiting import eventually
from tests.support.webchat_client import ChatClient, base_url
from tests.test_discord_chat import GUILD, MODERATOR_ROLE, ROOT, discord_api
from tests.test_inbox_page import FLASH, sign_in

__all__ = ["discord_api", "slack_api"]  # fixtures, used by name

RULES = """
settings:
  acknowledge_within: 30
  typos: false
tags:
  - name: critical
    priority: 100
    handoff: true
    route: critical
    acknowledge_within: 30
    when:
      keywords: [account was hacked]
  - name: shop-down            # a reply is due within 1.5 seconds
    priority: 90
    handoff: true
    route: payments
    acknowledge_within: 0.025
    when:
      keywords: [shop is down]
  - name: legal                # not a handoff of its own here: it tags a conversation people hold
    priority: 60
    when:
      keywords: [my lawyer]
  - name: escalate
    priority: 50
    handoff: true
    acknowledge_within: 30
    customer_message: A person from our team will take it from here.
    when:
      keywords: [speak to a human]
"""
HANDOFF = "Please let me speak to a human"
SLA_HANDOFF = "Help, my shop is down since this morning"
QUESTION = "What are the vendor fees?"  # the AI would answer this one from the knowledge base
DANA_NAME, SAM_NAME = "Dana", "Sam Okafor"  # as the Slack emulator's users.info names them
OTHER_DANA = "the other Dana"  # a second person whose display name is also "Dana"
OTHER_DANA_SLACK = "U0DANA0002"
SLACK_USERS = {DANA_NAME: DANA, SAM_NAME: SAM, OTHER_DANA: OTHER_DANA_SLACK}
PAGE_STAFF = {DANA_NAME: ("dana.k", "Dana"), SAM_NAME: ("sam.o", SAM_NAME), OTHER_DANA: ("dana.b", "Dana")}
# Staff in Discord: members with the Moderator role (the config's staff_roles); user id, display name.
DISCORD_STAFF = {DANA_NAME: ("1300000000000000011", "Dana"), SAM_NAME: ("1300000000000000012", SAM_NAME),
                 OTHER_DANA: ("1300000000000000013", "Dana")}
STAFF_CHANNEL = "1100000000000000013"  # #support-staff: the cards and their threads


class InboxDriver:
    """A customer handed off to staff, and staff acting on that conversation through one inbox."""

    kind = ""

    def __init__(self, services: Services, url: str) -> None:
        self.services, self.url = services, url
        self._customer: ChatClient | None = None
        self.conversation_id = ""

    @property
    def customer(self) -> ChatClient:
        """The customer's web-chat connection (after `handoff`)."""
        assert self._customer is not None, "handoff first"
        return self._customer

    async def handoff(self, customer_text: str = HANDOFF) -> str:
        """A web-chat customer says something the rules hand off; the conversation waits for staff."""
        self._customer = await ChatClient.connect(self.url)
        self.conversation_id = self.customer.welcome["conversation"]
        await self.customer.say(customer_text)
        await self.customer.expect("state", lambda f: f["state"] == "waiting")
        return self.conversation_id

    # Each inbox does these through its own UI; `told` is the outcome text the staff member was
    # shown for their last action, `reminders` the SLA reminders staff see, oldest first.
    async def claim(self, staff: str) -> None:
        raise NotImplementedError

    async def reply(self, staff: str, text: str) -> None:
        raise NotImplementedError

    async def close(self, staff: str) -> None:
        raise NotImplementedError

    async def pass_to(self, staff: str, route: str) -> None:
        raise NotImplementedError

    def told(self, staff: str) -> str:
        raise NotImplementedError

    async def reminders(self) -> list[str]:
        raise NotImplementedError

    async def summary(self) -> str:
        """The handoff summary as staff read it first (plain text)."""
        raise NotImplementedError

    async def staff_read(self) -> str:
        """Everything staff read about the conversation where they work: the card, its thread or
        the conversation page (plain text)."""
        raise NotImplementedError

    async def aclose(self) -> None:
        if self._customer is not None:
            await self._customer.close()


class SlackDriver(InboxDriver):
    """Staff in Slack: block actions on the conversation's current card, replies in its thread;
    told = the ephemeral message the bot showed them since their last action ("" if none)."""

    kind = "slack"
    reminder = re.compile(r"Nobody has claimed this after [^.]*|Still unclaimed after [^.]*")

    def __init__(self, bot: SlackBot) -> None:
        super().__init__(bot.services, bot.base_url)
        self.bot = bot
        self._since: dict[str, int] = {}
        self._cards: dict[str, str] = {}  # ts -> channel of every card this conversation had

    async def handoff(self, customer_text: str = HANDOFF) -> str:
        await super().handoff(customer_text)
        await self._card()  # posted in its route's channel
        return self.conversation_id

    async def _card(self) -> tuple[str, dict[str, Any]]:
        """The channel and the Slack message of the conversation's current card."""
        await self.bot.settled()
        ref = (await self.services.store.get(self.conversation_id)).inbox_ref or ""
        channel, _, ts = ref.partition(":")
        self._cards[ts] = channel
        return channel, self.bot.api.message(channel, ts)

    async def _act(self, staff: str, action_id: str, selected: str | None = None) -> None:
        """A click on the card as the staff member has it open (maybe out of date: someone else
        acted first), or a pick from its Pass select, even of a value the select did not offer."""
        channel, card = await self._card()
        payload = copy.deepcopy(load_fixture("block_actions.json"))
        payload["trigger_id"] = uuid.uuid4().hex  # Slack issues one per click
        user = SLACK_USERS[staff]
        payload["user"].update({"id": user, "username": staff, "name": staff})
        payload["container"].update({"message_ts": card["ts"], "channel_id": channel})
        payload["channel"]["id"] = channel
        payload["message"].update({"ts": card["ts"], "blocks": card.get("blocks", [])})
        action: dict[str, Any] = {"action_id": action_id, "block_id": BLOCK_PREFIX + self.conversation_id,
                                  "action_ts": f"{time.time():.6f}"}
        if selected is None:
            action.update(type="button", value=self.conversation_id)
        else:
            action.update(type="static_select",
                          selected_option={"text": {"type": "plain_text", "text": selected}, "value": selected})
        payload["actions"] = [action]
        self._since[staff] = len(self.bot.api.ephemeral)
        body = urlencode({"payload": json.dumps(payload)})
        response = await self.bot.post("/slack/actions", body, "application/x-www-form-urlencoded")
        assert response.status == 200

    async def claim(self, staff: str) -> None:
        await self._act(staff, ACTION_CLAIM)

    async def close(self, staff: str) -> None:
        await self._act(staff, ACTION_CLOSE)

    async def pass_to(self, staff: str, route: str) -> None:
        await self._act(staff, ACTION_PASS, selected=route)

    async def reply(self, staff: str, text: str) -> None:
        channel, card = await self._card()
        self._since[staff] = len(self.bot.api.ephemeral)
        assert (await self.bot.thread_reply(card, channel, SLACK_USERS[staff], text)).status == 200

    def told(self, staff: str) -> str:
        # The listener finishes (ephemeral included) before Slack gets its 200: nothing to wait for.
        shown = [e["text"] for e in self.bot.api.ephemeral[self._since.get(staff, 0):]
                 if e["user"] == SLACK_USERS[staff]]
        return shown[-1] if shown else ""

    async def reminders(self) -> list[str]:
        await self._card()
        texts = [m["text"] for ts, channel in self._cards.items() for m in self.bot.api.replies(channel, ts)]
        return [found.group(0) for text in texts if (found := self.reminder.search(text))]

    async def summary(self) -> str:
        _, card = await self._card()
        texts = [b["text"]["text"] for b in card.get("blocks", []) if b.get("type") == "section" and "text" in b]
        return html.unescape(" ".join(texts).replace("*", ""))

    async def staff_read(self) -> str:
        _, card = await self._card()
        blocks = json.dumps(card.get("blocks", []), ensure_ascii=False)
        thread = [m["text"] for ts, channel in self._cards.items() for m in self.bot.api.replies(channel, ts)]
        return html.unescape("\n".join([blocks, *thread]))


class PageDriver(InboxDriver):
    """Staff on the /inbox page, each listed in the staff file and signed in with their own id and
    token; told = the flash."""

    kind = "page"
    reminder = re.compile(r'<li class="event">((?:Nobody has claimed this after|Still unclaimed after) [^<]*)')

    def __init__(self, services: Services, url: str, tokens: dict[str, str]) -> None:
        super().__init__(services, url)
        self.tokens = tokens
        self._sessions: dict[str, tuple[aiohttp.ClientSession, str]] = {}
        self._told: dict[str, str] = {}

    async def _session(self, staff: str) -> tuple[aiohttp.ClientSession, str]:
        if staff not in self._sessions:
            staff_id, _ = PAGE_STAFF[staff]
            self._sessions[staff] = await sign_in(self.url, staff_id, self.tokens[staff], staff_id=True)
        return self._sessions[staff]

    async def _post(self, staff: str, action: str, **fields: str) -> None:
        http, csrf = await self._session(staff)
        async with http.post(f"{self.url}/inbox/c/{self.conversation_id}/{action}",
                             data={"csrf": csrf, **fields}) as page:
            assert page.status == 200, await page.text()
            flash = FLASH.search(await page.text())
        self._told[staff] = html.unescape(flash.group(1)) if flash else ""

    async def claim(self, staff: str) -> None:
        await self._post(staff, "claim")

    async def close(self, staff: str) -> None:
        await self._post(staff, "close")

    async def pass_to(self, staff: str, route: str) -> None:
        await self._post(staff, "pass", route=route)

    async def reply(self, staff: str, text: str) -> None:
        await self._post(staff, "reply", text=text)

    def told(self, staff: str) -> str:
        return self._told.get(staff, "")

    async def reminders(self) -> list[str]:
        http, _ = await self._session(DANA_NAME)
        async with http.get(f"{self.url}/inbox/c/{self.conversation_id}", headers={"X-Baton-Live": "1"}) as page:
            return [html.unescape(text).strip() for text in self.reminder.findall(await page.text())]

    async def summary(self) -> str:
        http, _ = await self._session(DANA_NAME)
        async with http.get(f"{self.url}/inbox/c/{self.conversation_id}") as page:
            found = re.search(r'<dl class="summary"[^>]*>(.*?)</dl>', await page.text(), re.DOTALL)
        return html.unescape(re.sub(r"<dt>(.*?)</dt>", r"\1: ", found.group(1)).replace("<dd>", "")
                             .replace("</dd>", " ")).strip() if found else ""

    async def staff_read(self) -> str:
        http, _ = await self._session(DANA_NAME)
        async with http.get(f"{self.url}/inbox/c/{self.conversation_id}") as page:
            return html.unescape(re.sub(r"<[^>]+>", " ", await page.text()))

    async def aclose(self) -> None:
        await super().aclose()
        for http, _ in self._sessions.values():
            await http.close()


def discord_user(staff: str) -> dict[str, Any]:
    """A staff member as Discord describes them in a payload."""
    user_id, name = DISCORD_STAFF[staff]
    return {"id": user_id, "username": f"staff{user_id[-2:]}", "global_name": name, "discriminator": "0",
            "avatar": None, "public_flags": 0}


class DiscordDriver(InboxDriver):
    """Staff in a Discord staff channel: presses on the card (component interactions over the
    gateway) and messages in its thread (MESSAGE_CREATE from a member with a staff role); told =
    the ephemeral follow-up to their last press, or the bot's reply to their last thread message
    ("" when it only marked it relayed)."""

    kind = "discord"
    reminder = SlackDriver.reminder

    def __init__(self, services: Services, url: str, api: DiscordAPI) -> None:
        super().__init__(services, url)
        self.api = api
        self._told: dict[str, str] = {}
        self._threads: list[str] = []  # every card (and thread) this conversation had

    async def handoff(self, customer_text: str = HANDOFF) -> str:
        await super().handoff(customer_text)
        await self._card()
        return self.conversation_id

    async def _card(self) -> Posted:
        """The conversation's current card in the staff channel, once posted."""
        async def posted() -> str | None:
            ref = (await self.services.store.get(self.conversation_id)).inbox_ref or ""
            channel, _, message = ref.partition(":")
            return message if channel == STAFF_CHANNEL and message.isdigit() else None

        message_id = await eventually(posted, 10, what="the card in the staff channel")
        if message_id not in self._threads:
            self._threads.append(message_id)
        return self.api.message(STAFF_CHANNEL, message_id)

    async def press(self, staff: str, custom_id: str, values: list[str] | None = None,
                    roles: list[str] | None = None) -> str:
        """A press on the card as the staff member has it open; returns what only they were shown."""
        card = copy.deepcopy(await self._card())
        channel = {"id": STAFF_CHANNEL, "type": 0, "guild_id": GUILD, "name": "support-staff", "position": 3,
                   "parent_id": None, "permission_overwrites": [], "nsfw": False, "flags": 0}
        interaction = self.api.component_press(card, custom_id, user=discord_user(staff), channel=channel,
                                               guild_id=GUILD, values=values,
                                               roles=[MODERATOR_ROLE] if roles is None else roles)
        await self.api.push("INTERACTION_CREATE", interaction)
        followup = await self.api.wait_for(lambda: next(
            (r for r in self.api.interaction_replies if r.interaction_id == interaction["id"] and r.followup), None))
        assert followup.ephemeral, "only the presser sees it"
        self._told[staff] = followup.content
        return followup.content

    async def claim(self, staff: str) -> None:
        await self.press(staff, CLAIM_ID)

    async def close(self, staff: str) -> None:
        await self.press(staff, CLOSE_ID)

    async def pass_to(self, staff: str, route: str) -> None:
        await self.press(staff, PASS_ID, values=[route])

    async def write(self, staff: str, text: str, roles: list[str] | None = None) -> str:
        """The staff member writes in the card's thread; returns their message's id once the bot
        marked it (relayed, noted or refused)."""
        thread = (await self._card()).id
        message_id = self.api.ids.next()
        data = payload("message_create_guild", id=message_id, content=text, channel_id=thread, channel_type=11,
                       author=discord_user(staff))
        data["member"]["roles"] = [MODERATOR_ROLE] if roles is None else roles
        await self.api.push("MESSAGE_CREATE", data)
        await self.api.wait_for(lambda: any(r[1] == message_id for r in self.api.reactions))
        answers = [p for p in self.api.sent_to(thread)
                   if p.reference and str(p.reference.get("message_id")) == message_id]
        self._told[staff] = answers[-1].content if answers else ""
        return message_id

    async def reply(self, staff: str, text: str) -> None:
        await self.write(staff, text)

    def told(self, staff: str) -> str:
        return self._told.get(staff, "")

    async def reminders(self) -> list[str]:
        await self._card()
        texts = [p.content for thread in self._threads for p in self.api.sent_to(thread)]
        return [found.group(0) for text in texts if (found := self.reminder.search(text))]

    async def summary(self) -> str:
        card = await self._card()
        described = card.embeds[0].get("description", "") if card.embeds else ""
        return re.sub(r"\\(.)", r"\1", described).replace("*", "")

    async def staff_read(self) -> str:
        card = await self._card()
        texts = [json.dumps(card.embeds, ensure_ascii=False)]
        texts += [p.content for thread in self._threads for p in self.api.sent_to(thread)]
        return re.sub(r"\\(.)", r"\1", "\n".join(texts))


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    """This module's rules (the `settings` fixture runs them): keyword handoffs, a 1.5 s SLA."""
    path = tmp_path / "contract-rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture
async def page_inbox(settings: Settings, embedder: LocalEmbedder, tmp_path: Path) -> AsyncIterator[PageDriver]:
    """The bot without Slack: the built-in inbox page, served by the bot's own web app, with its
    staff listed one by one in a staff file (`python -m bot staff add`)."""
    staff_file = tmp_path / "staff.yaml"
    tokens = {label: add_staff(staff_file, staff_id, name) for label, (staff_id, name) in PAGE_STAFF.items()}
    services = await build_services(settings.model_copy(update={"inbox_staff_file": staff_file}), embedder)
    services.conversations.sla.poll_seconds = 0.2  # SLA reminders due in seconds are seen soon
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    driver = PageDriver(services, base_url(server), tokens)
    try:
        yield driver
    finally:
        await driver.aclose()
        await server.close()
        await services.close()


@pytest.fixture
async def slack_inbox(settings: Settings, slack_api: SlackApiEmulator,
                      embedder: LocalEmbedder) -> AsyncIterator[SlackDriver]:
    """The same bot configured for Slack (as production wires it), talking to the emulator."""
    slack_settings = make_settings(
        REDIS_URL=settings.redis_url, BOT_REDIS_PREFIX=settings.redis_prefix, BOT_KB_DIR=str(settings.kb_dir),
        BOT_INDEX_DIR=str(settings.index_dir), BOT_RULES=str(settings.rules_path),
        BOT_BRAND=str(settings.brand_path), WEBCHAT_SECRET=settings.webchat_secret,
        SLACK_BOT_TOKEN=slack_api.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.base_url, SLACK_INBOX_CHANNEL=INBOX,
        SLACK_ROUTES=f"payments={PAYMENTS},critical={CRITICAL}",
    )
    other_dana = copy.deepcopy(slack_api.users[DANA])  # same display name, another person
    other_dana.update(id=OTHER_DANA_SLACK, name="dana.b", real_name="Dana Berg")
    slack_api.users[OTHER_DANA_SLACK] = other_dana
    services = await build_services(slack_settings, embedder)
    services.conversations.sla.poll_seconds = 0.2
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    http = aiohttp.ClientSession()
    driver = SlackDriver(SlackBot(base_url(server), services, services.inbox, slack_api, http))  # type: ignore[arg-type]
    try:
        yield driver
    finally:
        await driver.aclose()
        await http.close()
        await server.close()
        await services.close()


@pytest.fixture
def staff_discord_config(tmp_path: Path) -> Path:
    """The shipped config/discord.yaml with a staff channel, moderators as staff, fast retries."""
    config = yaml.safe_load((ROOT / "config" / "discord.yaml").read_text(encoding="utf-8"))
    config["delivery"] = {"attempts": 5, "first_delay": 0.05, "max_delay": 0.2, "part_seconds": 3.0}
    config["staff_roles"] = [int(MODERATOR_ROLE)]
    config["staff_channel"] = int(STAFF_CHANNEL)
    path = tmp_path / "discord.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture
async def discord_inbox(settings: Settings, embedder: LocalEmbedder, discord_api: DiscordAPI,
                        staff_discord_config: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[DiscordDriver]:
    """The same bot with its staff in Discord (as production wires it: `build_services`, then
    `start_discord` on a real gateway connection to the emulator)."""
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord_api.gateway_url)
    discord_api.channel_guilds[STAFF_CHANNEL] = GUILD
    discord_settings = settings.model_copy(update={"discord_token": discord_api.token,
                                                   "discord_config_path": staff_discord_config})
    services = await build_services(discord_settings, embedder)
    services.conversations.sla.poll_seconds = 0.2
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    driver = DiscordDriver(services, base_url(server), discord_api)
    try:
        channel = await start_discord(services)
        assert channel is not None
        await asyncio.wait_for(channel.client.wait_until_ready(), 10)
        yield driver
    finally:
        await driver.aclose()
        await server.close()
        await services.close()


@pytest.fixture(params=["slack", "page", "discord"])
def inbox(request: pytest.FixtureRequest) -> InboxDriver:
    """Each scenario, once per inbox."""
    return request.getfixturevalue(f"{request.param}_inbox")  # type: ignore[no-any-return]


async def heard(inbox: InboxDriver, kind: str, match: Callable[[dict[str, Any]], bool], after: int = 0) -> dict[str, Any]:
    """A frame the customer got after their first `after` frames (already, or waiting for it)."""
    for frame in inbox.customer.frames[after:]:
        if frame["type"] == kind and match(frame):
            return frame
    return await inbox.customer.expect(kind, match)


async def test_the_first_claim_wins_and_the_second_is_told_who_has_it(inbox: InboxDriver) -> None:
    """Dana claims first: it is hers, the customer sees her join; Sam's later claim is refused
    with who has it, and changes nothing."""
    conversation_id = await inbox.handoff()
    await inbox.claim(DANA_NAME)
    await inbox.claim(SAM_NAME)
    assert inbox.told(SAM_NAME) == policy.held_by(DANA_NAME, "human") == "Dana already has this conversation."
    await heard(inbox, "state", lambda f: f["state"] == "human" and f.get("assignee") == DANA_NAME)
    conversation = await inbox.services.store.get(conversation_id)
    assert (conversation.state, conversation.assignee) == ("human", DANA_NAME)


async def test_a_reply_to_a_conversation_someone_else_holds_is_refused_and_never_sent(inbox: InboxDriver) -> None:
    """Sam's reply to Dana's conversation is refused (and says why); the customer only ever gets
    the holder's reply."""
    conversation_id = await inbox.handoff()
    await inbox.claim(DANA_NAME)
    await inbox.reply(SAM_NAME, "Sam here, let me look")
    assert inbox.told(SAM_NAME) == "Your reply was not sent: Dana already has this conversation."
    await inbox.reply(DANA_NAME, "Dana here, I'm on it")
    relayed = await heard(inbox, "message", lambda f: f["author"] == "human")
    assert (relayed["name"], relayed["text"]) == (DANA_NAME, "Dana here, I'm on it"), "the refused one never came"
    transcript = [m.text for m in await inbox.services.store.transcript(conversation_id)]
    assert "Sam here, let me look" not in transcript


async def test_staff_first_read_what_the_customer_wants_and_what_the_bot_told_them(inbox: InboxDriver) -> None:
    """The card and the conversation page open with the customer's own words and the bot's last
    answer (with its article), not the handoff notice."""
    inbox._customer = await ChatClient.connect(inbox.url)
    inbox.conversation_id = inbox.customer.welcome["conversation"]
    await inbox.customer.say(QUESTION)
    answer = await inbox.customer.expect("message", lambda f: f["author"] == "bot")
    await inbox.customer.say("That is not what I asked about my vendor fees. " + HANDOFF)
    await inbox.customer.expect("state", lambda f: f["state"] == "waiting")

    summary = await eventually(inbox.summary, 10, what="the summary shown to staff")

    assert "Wants: That is not what I asked about my vendor fees. Please let me speak to a human" in summary
    first_words = " ".join(answer["text"].removeprefix(inbox.services.brand.greeting).split()[:6])
    assert f"Told so far: {first_words}" in " ".join(summary.split()), (summary, answer["text"])
    assert f"(from “{answer['sources'][0]['title']}”)" in summary
    assert inbox.services.brand.handoff_message.split()[0] not in summary.split("Told so far:")[0]


async def test_a_later_message_adds_its_tags_and_staff_read_why(inbox: InboxDriver) -> None:
    """While a person holds the conversation the AI stays quiet, but the rules still read the
    customer: a later threat to bring in a lawyer adds `legal`, and staff read the new tag and why
    where they work. The conversation stays with whoever holds it."""
    conversation_id = await inbox.handoff()
    await inbox.claim(DANA_NAME)
    await heard(inbox, "state", lambda f: f["state"] == "human")
    await inbox.customer.say("If this is not sorted today my lawyer will be in touch")

    async def shown() -> str:
        read = await inbox.staff_read()
        return read if "New tag from the customer's latest message: legal." in read else ""

    read = await eventually(shown, 10, what=lambda: "the new tag where staff work")
    assert re.search(r'legal\s*:\s*keyword "my lawyer"', read), read  # the reason, as every inbox writes it
    conversation = await inbox.services.store.get(conversation_id)
    assert "legal" in conversation.tags and conversation.tags[0] == "escalate"
    assert (conversation.state, conversation.assignee) == ("human", DANA_NAME), "still Dana's"
    transcript = await inbox.services.store.transcript(conversation_id)
    assert transcript[-1].author == "customer" and transcript[-1].text.endswith("will be in touch"), \
        "the AI stayed quiet"


async def test_two_people_with_the_same_display_name_are_two_people(inbox: InboxDriver) -> None:
    """Staff are told apart by who they are (Slack user, staff-file id), not by the name they
    show: a second "Dana" cannot reply to the first Dana's conversation, and the first Dana can."""
    conversation_id = await inbox.handoff()
    await inbox.claim(DANA_NAME)
    await inbox.reply(OTHER_DANA, "Dana here too, let me look")
    assert inbox.told(OTHER_DANA) == "Your reply was not sent: Dana already has this conversation."
    await inbox.reply(DANA_NAME, "Dana here, I'm on it")
    assert inbox.told(DANA_NAME) in ("", policy.SENT)
    relayed = await heard(inbox, "message", lambda f: f["author"] == "human")
    assert relayed["text"] == "Dana here, I'm on it", "the other Dana's reply never came"
    conversation = await inbox.services.store.get(conversation_id)
    expected_id = {"slack": f"slack:{DANA}", "page": PAGE_STAFF[DANA_NAME][0],
                   "discord": f"discord:{DISCORD_STAFF[DANA_NAME][0]}"}[inbox.kind]
    assert (conversation.assignee, conversation.assignee_id) == ("Dana", expected_id)


async def test_close_returns_the_customer_to_the_ai_and_a_second_close_is_told_so(inbox: InboxDriver) -> None:
    """Closing tells the customer (the brand's closing message) and puts the AI back in charge;
    closing again is refused with "already closed"."""
    conversation_id = await inbox.handoff()
    await inbox.claim(DANA_NAME)
    before = len(inbox.customer.frames)
    await inbox.close(DANA_NAME)
    closing = inbox.services.brand.handoff_closed_message
    await heard(inbox, "message", lambda f: f["author"] == "system" and f["text"] == closing, before)
    await heard(inbox, "state", lambda f: f["state"] == "bot", before)
    assert (await inbox.services.store.get(conversation_id)).state == "bot"
    await inbox.close(SAM_NAME)
    assert inbox.told(SAM_NAME) == policy.ALREADY_CLOSED


async def test_a_late_reply_after_close_reopens_the_conversation_for_the_replier(inbox: InboxDriver) -> None:
    """After Dana closed it, Sam's reply reaches the customer and makes the conversation his;
    the AI stays quiet when the customer writes again."""
    conversation_id = await inbox.handoff()
    await inbox.claim(DANA_NAME)
    before = len(inbox.customer.frames)
    await inbox.close(DANA_NAME)
    await heard(inbox, "state", lambda f: f["state"] == "bot", before)
    await inbox.reply(SAM_NAME, "One more thing: your refund is on its way.")
    assert inbox.told(SAM_NAME) == policy.REOPENED
    relayed = await heard(inbox, "message", lambda f: f["author"] == "human")
    assert (relayed["name"], relayed["text"]) == (SAM_NAME, "One more thing: your refund is on its way.")
    await heard(inbox, "state", lambda f: f["state"] == "human" and f.get("assignee") == SAM_NAME)
    store = inbox.services.store
    conversation = await store.get(conversation_id)
    assert (conversation.state, conversation.assignee) == ("human", SAM_NAME)

    asked = await inbox.customer.say(QUESTION)

    async def dealt_with() -> bool:  # once it is not unanswered, any AI answer is in the transcript
        return not await store.is_unanswered(conversation_id, asked["id"])

    await eventually(dealt_with, 15, what="the customer's question was dealt with")
    transcript = await store.transcript(conversation_id)
    after = [m.author for m in transcript[[m.id for m in transcript].index(asked["id"]):]]
    assert after == ["customer"], "the AI did not answer"
    assert (await store.get(conversation_id)).state == "human"
    assert not [f for f in inbox.customer.frames if f["type"] == "message" and f["author"] == "bot"]


async def test_a_conversation_can_only_be_passed_to_an_offered_route(inbox: InboxDriver) -> None:
    """An unknown route, or the one it is already in, is refused with "pick one of the listed";
    an offered route moves it there, waiting and unclaimed."""
    conversation_id = await inbox.handoff()
    await inbox.claim(DANA_NAME)
    await heard(inbox, "state", lambda f: f["state"] == "human")
    for route in ("nowhere", policy.MAIN_INBOX):
        await inbox.pass_to(DANA_NAME, route)
        assert inbox.told(DANA_NAME) == policy.PICK_ROUTE, route
        conversation = await inbox.services.store.get(conversation_id)
        assert (conversation.state, conversation.assignee, conversation.route) == ("human", DANA_NAME, None)
    before = len(inbox.customer.frames)
    await inbox.pass_to(DANA_NAME, "payments")
    conversation = await inbox.services.store.get(conversation_id)
    assert (conversation.state, conversation.assignee, conversation.route) == ("waiting", None, "payments")
    await heard(inbox, "state", lambda f: f["state"] == "waiting", before)


async def test_an_unclaimed_conversation_is_reminded_then_escalated_to_the_critical_route(inbox: InboxDriver) -> None:
    """Nobody claims a 1.5-second SLA: staff get a reminder, then it is passed by the SLA policy
    to the `critical` tag's route, and the event log says the SLA was missed."""
    conversation_id = await inbox.handoff(SLA_HANDOFF)
    store = inbox.services.store
    assert (await store.get(conversation_id)).route == "payments"
    reminders = await eventually(inbox.reminders, 10, what="a reminder shown to staff")
    assert "2 seconds" in reminders[0], reminders

    async def escalated() -> bool:
        conversation = await store.get(conversation_id)
        return (conversation.state, conversation.route) == ("waiting", "critical")

    await eventually(escalated, 10, what="passed to the critical route")
    events = await store.events(conversation_id)
    assert [e["data"]["stage"] for e in events if e["kind"] == "sla_missed"][:2] == [1, 2]
    passed = [e for e in events if e["kind"] == "passed"]
    assert [(e["actor"], e["data"]["route"]) for e in passed] == [(policy.SLA_ACTOR, "critical")]
    await eventually(lambda: _mentions_escalation(inbox), 10, what="staff see the escalation")


async def _mentions_escalation(inbox: InboxDriver) -> bool:
    return any("escalating" in text for text in await inbox.reminders())


async def test_a_second_miss_in_the_critical_route_is_a_reminder_not_an_escalation(inbox: InboxDriver) -> None:
    """Once the SLA policy moved it to the critical route, a second miss there only reminds: it
    stays there, and staff are told "escalating" once, for the miss that moved it."""
    conversation_id = await inbox.handoff(SLA_HANDOFF)
    store = inbox.services.store

    async def four_misses() -> bool:  # two in payments, then two in critical (no more after that)
        return len([e for e in await store.events(conversation_id) if e["kind"] == "sla_missed"]) == 4

    async def four_reminders() -> list[str]:
        shown = await inbox.reminders()
        return shown if len(shown) == 4 else []

    await eventually(four_misses, 15, what="four missed SLAs")
    reminders = await eventually(four_reminders, 10, what="four reminders shown to staff")
    assert (await store.get(conversation_id)).route == "critical"
    assert ["escalating" in text for text in reminders] == [False, True, False, False], reminders
