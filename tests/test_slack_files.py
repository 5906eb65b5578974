"""Photos and PDFs through the Slack inbox, both ways: a customer's files are uploaded into the
handoff card's thread (once, even across a restart), and a staff member's file in the thread
reaches the customer as the bot's own signed link, or is refused with a private reason.

The whole bot on a loopback port: customers upload with `POST /chat/upload` and send over the
real web-chat socket; Slack is the emulator (tests/emulators/slack_api.py), reached through the
real slack_sdk client, and its staff file shares are delivered to bolt as signed Events API
requests. Real Redis, a temporary FILES_DIR.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.adapters.slack.inbox import SlackInbox
from bot.settings import Settings
from tests.conftest_slack import (
    DANA,
    INBOX,
    ROUTES,
    SIGNING_SECRET,
    SlackBot,
    slack_api,
    slack_bot,
    slack_settings,
)
from tests.support.files import pdf, png, windows_program
from tests.support.webchat_client import ChatClient

__all__ = ["slack_api", "slack_bot", "slack_settings"]  # fixtures used by name below

HANDOFF = "I want to talk to a real person please"
PAPERCLIP = "\N{PAPERCLIP}"


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the test bot keeps files (FILES_DIR, read when its settings are built)."""
    folder = tmp_path / "files"
    monkeypatch.setenv("FILES_DIR", str(folder))
    return folder


@pytest.fixture
def staff_events(slack_bot: SlackBot) -> SlackBot:
    """The bot, with the emulated Slack delivering staff's messages to its Events API endpoint."""
    slack_bot.api.events_url = slack_bot.base_url + "/slack/events"
    slack_bot.api.signing_secret = SIGNING_SECRET
    return slack_bot


async def upload(bot: SlackBot, client: ChatClient, name: str, data: bytes) -> str:
    """The widget's upload (`POST /chat/upload`) of one file; the id its message names."""
    form = aiohttp.FormData()
    form.add_field("session", client.welcome["session"])
    form.add_field("file", data, filename=name, content_type="application/octet-stream")
    async with bot.http.post(f"{bot.base_url}/chat/upload", data=form) as response:
        body = await response.json()
        assert response.status == 200, body
        return str(body["id"])


async def send(client: ChatClient, text: str, file_ids: list[str]) -> dict[str, Any]:
    """A customer's message carrying uploaded files; its ack."""
    client_id = uuid.uuid4().hex
    await client.send({"type": "message", "client_id": client_id, "text": text, "attachments": file_ids})
    return await client.expect("ack", lambda f: f["client_id"] == client_id)


async def handed_off(bot: SlackBot, client: ChatClient) -> dict[str, Any]:
    """The customer asks for a person; the card, once its transcript and files are in Slack."""
    await client.say(HANDOFF)
    await client.expect("state", lambda f: f["state"] == "waiting")
    card = await bot.card_in(INBOX)
    await bot.settled()
    return card


async def fetch(bot: SlackBot, url: str) -> tuple[int, bytes]:
    """GET a link from a frame, against the bot's address, as the widget does."""
    async with bot.http.get(bot.base_url + url) as response:
        return response.status, await response.read()


async def take_over(bot: SlackBot, settings: Settings) -> None:
    """This process's inbox dies mid-upload (its queue stays in Redis); another process's works it off."""
    await bot.inbox.outbox.stop(timeout=0.1)
    survivor = SlackInbox(settings, bot.services.store, bot.services.conversations, routes=ROUTES,
                          files=bot.services.files)
    await survivor.start()
    try:
        await survivor.outbox.drain(timeout=15)
    finally:
        await survivor.stop()


def with_files(thread: list[dict[str, Any]]) -> list[int]:
    """Where in a thread the posts carrying files are."""
    return [i for i, message in enumerate(thread) if message.get("files")]


# -- customer → staff ----------------------------------------------------------------------------


async def test_the_handoff_cards_thread_shows_the_customers_photo_where_it_was_sent(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    photo = png(extra=12_000)
    await send(client, "", [await upload(bot, client, "box.png", photo)])
    await client.reply("bot")  # "got your file"
    card = await handed_off(bot, client)

    [(shared, data)] = api.thread_files(INBOX, card["ts"])
    assert data == photo, "the photo itself, byte for byte"
    assert shared["title"] == "box.png"
    thread = api.replies(INBOX, card["ts"])
    [at] = with_files(thread)
    assert f"{PAPERCLIP} box.png (12 KB)" in thread[at - 1]["text"], "the post before it names the file"
    assert HANDOFF in "\n".join(m["text"] for m in thread[at + 1:]), "in transcript order: the handoff came after"
    await client.close()


async def test_a_pdf_the_customer_sends_later_follows_in_the_thread(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    receipt = pdf()

    await send(client, "Here is the receipt", [await upload(bot, client, "receipt.pdf", receipt)])
    [(shared, data)] = await api.wait_for(lambda: api.thread_files(INBOX, card["ts"]))
    assert data == receipt and shared["title"] == "receipt.pdf"
    thread = api.replies(INBOX, card["ts"])
    [at] = with_files(thread)
    assert thread[at - 1]["text"].endswith(f"Here is the receipt\n{PAPERCLIP} receipt.pdf ({len(receipt)} bytes)")
    await client.close()


async def test_an_upload_slack_took_just_before_a_crash_is_not_made_twice(
    slack_bot: SlackBot, slack_settings: Settings,
) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    api.hang_next("files.completeUploadExternal")  # Slack shares the file; the bot never hears back

    await send(client, "", [await upload(bot, client, "receipt.pdf", pdf())])
    await api.wait_for(lambda: api.calls_to("files.completeUploadExternal"))
    await take_over(bot, slack_settings)

    assert [data for _, data in api.thread_files(INBOX, card["ts"])] == [pdf()], "in the thread once"
    assert len(api.calls_to("files.getUploadURLExternal")) == 1, "the survivor saw it there and did not upload again"
    await client.close()


async def test_an_upload_slack_refuses_leaves_the_files_name_and_why_in_the_thread(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    api.fail_next("files.completeUploadExternal", 200, error="file_uploads_disabled")

    await send(client, "the receipt", [await upload(bot, client, "receipt.pdf", pdf())])
    note = await api.wait_for(lambda: next(
        (m for m in api.replies(INBOX, card["ts"]) if "could not be put in this thread" in m["text"]), None))
    assert f"{PAPERCLIP} receipt.pdf" in note["text"] and "file_uploads_disabled" in note["text"]
    await bot.settled()
    assert api.thread_files(INBOX, card["ts"]) == []
    assert await bot.inbox.outbox.pending() == 0, "said in the thread, not left waiting or silently dropped"
    await client.close()


# -- staff → customer ----------------------------------------------------------------------------


async def test_a_photo_staff_share_in_the_thread_reaches_the_customer_through_the_bots_own_link(
    staff_events: SlackBot,
) -> None:
    bot, api = staff_events, staff_events.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    label = png(extra=3_000)

    status, event = await api.staff_shares_files(INBOX, card["ts"], DANA, [("return-label.png", label)],
                                                 text="Here is your return label")
    assert status == 200
    relayed = await client.reply("human")
    assert (relayed["name"], relayed["text"]) == ("Dana", "Here is your return label")
    [attachment] = relayed["attachments"]
    assert (attachment["name"], attachment["type"], attachment["size"]) == ("return-label.png", "image/png", len(label))
    assert await fetch(bot, attachment["url"]) == (200, label)
    slack_host = api.base_url.removesuffix("/api/")
    assert slack_host not in json.dumps(relayed) and "files-pri" not in json.dumps(relayed), (
        "never a Slack-private address")
    file_id = event["event"]["files"][0]["id"]
    assert api.downloads == [(file_id, True)], "fetched once, with the bot token"

    # The same message delivered again (another delivery of the event): the customer gets it once.
    assert await api.deliver_event({**event, "event_id": "EvAGAIN0001"}) == 200
    assert not [f for f in await client.quiet_for(1.0) if f["type"] == "message"]
    assert len(api.downloads) == 1, "and its file is not fetched again"
    await client.close()


async def test_a_program_renamed_png_is_refused_privately_and_the_customer_gets_nothing(
    staff_events: SlackBot, files_dir: Path,
) -> None:
    bot, api = staff_events, staff_events.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    kept_before = sorted(files_dir.rglob("*"))

    status, _ = await api.staff_shares_files(INBOX, card["ts"], DANA, [("label.png", windows_program())])
    assert status == 200
    [told] = await api.wait_for(lambda: api.ephemeral)
    assert (told["channel"], told["user"]) == (INBOX, DANA)
    assert told["text"].startswith("Your reply was not sent: label.png is not a photo or a PDF")
    assert "only photos (JPEG, PNG, GIF, WebP) and PDFs reach the customer" in told["text"]
    assert not [f for f in await client.quiet_for(1.0) if f["type"] == "message"]
    conversation = await bot.services.store.get(client.welcome["conversation"])
    assert conversation.state == "waiting", "a refused reply claims nothing"
    assert sorted(files_dir.rglob("*")) == kept_before, "nothing of it is kept"
    await client.close()


@pytest.fixture
async def elsewhere() -> AsyncIterator[tuple[TestServer, list[str]]]:
    """A server that is not Slack, recording the Authorization header of every request it gets."""
    seen: list[str] = []

    async def serve(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization", ""))
        return web.Response(body=png(), content_type="image/png")

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server, seen
    await server.close()


async def test_the_bot_token_is_never_sent_to_a_file_address_outside_slack(
    staff_events: SlackBot, elsewhere: tuple[TestServer, list[str]],
) -> None:
    bot, api = staff_events, staff_events.api
    server, seen = elsewhere
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    shared = api.new_file(DANA, "label.png", png())
    shared["url_private_download"] = str(server.make_url("/label.png"))

    assert await api.deliver_event(api.file_message(INBOX, card["ts"], DANA, "your label", [shared])) == 200
    [told] = await api.wait_for(lambda: api.ephemeral)
    assert "label.png is not stored by Slack" in told["text"] and told["user"] == DANA
    assert seen == [], "not even asked"
    assert not [f for f in await client.quiet_for(1.0) if f["type"] == "message"]
    await client.close()
