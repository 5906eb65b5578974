"""Customers send photos and PDFs in the web chat, and see files staff send them.

The real bot on a loopback port: `POST /chat/upload` over real HTTP, then the `/chat/ws` socket
names the file in a `message` frame; the signed links in the frames are fetched like a browser
would. Real Redis, a real temporary folder for the files (FILES_DIR), a small FILES_MAX_BYTES.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from multidict import CIMultiDictProxy

from bot.adapters.webchat.uploads import UPLOADS_PER_MINUTE
from bot.app import Services
from bot.identity import sign_identity
from bot.settings import Settings
from tests.support.files import pdf, png, windows_program
from tests.support.staff import DANA
from tests.support.webchat_client import ChatClient, base_url

pytestmark = pytest.mark.timeout(90)

MAX_BYTES = 8 * 1024  # FILES_MAX_BYTES for these tests
SHOP = "https://shop.example"  # the marketplace's site, in WEBCHAT_ORIGINS
SECRET = "test-secret-for-identity-tokens"  # WEBCHAT_SECRET of the test settings


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    """Where this test's bot keeps files (FILES_DIR)."""
    return tmp_path / "files"


@pytest.fixture
def settings(settings: Settings, files_dir: Path) -> Settings:
    """The test bot with its own file folder, an 8 KB file limit, and the shop's origin allowed."""
    return settings.model_copy(update={
        "files_dir": files_dir, "files_max_bytes": MAX_BYTES, "webchat_origins": [SHOP],
    })


def kept(files_dir: Path) -> list[Path]:
    """The files in the bot's folder."""
    return [p for p in files_dir.rglob("*") if p.is_file()] if files_dir.exists() else []


async def upload(
    server: TestServer, session: str, data: bytes, name: str = "damage.png", *,
    origin: str | None = SHOP, token: str | None = None, file_first: bool = False,
) -> tuple[int, dict[str, Any], CIMultiDictProxy[str]]:
    """`POST /chat/upload` as the widget sends it: status, JSON body, headers."""
    form = aiohttp.FormData(quote_fields=False)  # names as browsers send them (not percent-encoded)
    fields: list[tuple[str, Any, dict[str, str]]] = [("session", session, {})]
    if token:
        fields.append(("token", token, {}))
    fields.insert(0 if file_first else len(fields),
                  ("file", data, {"filename": name, "content_type": "application/octet-stream"}))
    for field, value, extra in fields:
        form.add_field(field, value, **extra)
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as http, http.post(
        f"{base_url(server)}/chat/upload", data=form, headers=headers,
    ) as response:
        return response.status, await response.json(), response.headers


async def fetch(server: TestServer, url: str) -> tuple[int, bytes, str]:
    """GET a link from a frame, resolved against the bot's address as the widget does."""
    async with aiohttp.ClientSession() as http, http.get(f"{base_url(server)}{url}") as response:
        return response.status, await response.read(), response.headers.get("Content-Type", "")


async def send(client: ChatClient, text: str, attachments: list[str]) -> str:
    """Send a message frame naming files; its client_id."""
    client_id = uuid.uuid4().hex
    await client.send({"type": "message", "client_id": client_id, "text": text, "attachments": attachments})
    return client_id


# -- a photo, then the message that carries it ---------------------------------------------------


async def test_a_customer_uploads_a_photo_then_sends_it_and_its_link_works(
    bot_server: TestServer, services: Services, files_dir: Path,
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    status, body, headers = await upload(bot_server, client.welcome["session"], png(), "crushed box.PNG")

    assert status == 200, body
    assert {k: body[k] for k in ("name", "type", "size")} == {"name": "crushed box.png", "type": "image/png",
                                                              "size": len(png())}
    assert headers["Access-Control-Allow-Origin"] == SHOP, "the shop's page may read the answer"
    assert body["url"].startswith(f"/files/{body['id']}/"), "a link relative to the bot's own address"

    client_id = await send(client, "The box arrived crushed", [body["id"]])
    ack = await client.expect("ack", lambda f: f["client_id"] == client_id)
    [shown] = ack["attachments"]
    assert (shown["id"], shown["name"], shown["type"]) == (body["id"], "crushed box.png", "image/png")
    assert await fetch(bot_server, shown["url"]) == (200, png(), "image/png")

    transcript = await services.store.transcript(client.welcome["conversation"])
    assert transcript[0].text == "The box arrived crushed"
    assert [a.id for a in transcript[0].attachments] == [body["id"]]
    assert len(kept(files_dir)) == 1
    await client.close()


async def test_a_photo_alone_is_kept_and_the_assistant_says_so(bot_server: TestServer, services: Services) -> None:
    """No words: nothing to answer yet; the brand's file_received_message tells the customer it's there."""
    client = await ChatClient.connect(base_url(bot_server))
    _, body, _ = await upload(bot_server, client.welcome["session"], pdf(), "invoice.pdf")
    client_id = await send(client, "", [body["id"]])

    ack = await client.expect("ack", lambda f: f["client_id"] == client_id)
    assert ack["text"] == "" and ack["attachments"][0]["type"] == "application/pdf"
    answer = await client.reply("bot")
    assert answer["text"] == services.brand.file_received_message
    await client.close()


async def test_other_tabs_of_the_customer_see_the_photo_too(bot_server: TestServer) -> None:
    first = await ChatClient.connect(base_url(bot_server))
    second = await ChatClient.connect(base_url(bot_server), hello={"session": first.welcome["session"]})
    await second.expect("state")
    _, body, _ = await upload(bot_server, first.welcome["session"], png(), "label.png")
    await send(first, "Is this the right label?", [body["id"]])

    echoed = await second.expect("message", lambda f: f["author"] == "customer")
    assert echoed["attachments"][0]["id"] == body["id"]
    assert (await fetch(bot_server, echoed["attachments"][0]["url"]))[0] == 200
    await first.close()
    await second.close()


# -- what is refused, and that nothing is kept then ----------------------------------------------


async def test_a_renamed_program_is_refused_by_its_content(bot_server: TestServer, files_dir: Path) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    status, body, headers = await upload(bot_server, client.welcome["session"], windows_program(), "photo.jpg")

    assert status == 415
    assert body["error"] == "unsupported_file" and "JPEG" in body["message"] and "PDF" in body["message"]
    assert headers["Access-Control-Allow-Origin"] == SHOP, "the widget can read why, to tell the customer"
    assert kept(files_dir) == []
    await client.close()


@pytest.mark.parametrize("extra", [MAX_BYTES + 100, 20 * MAX_BYTES], ids=["just-over", "far-over"])
async def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
    bot_server: TestServer, files_dir: Path, extra: int,
) -> None:
    """Just over: read as it streams, stopped at the limit. Far over: refused by its length alone."""
    client = await ChatClient.connect(base_url(bot_server))
    status, body, _ = await upload(bot_server, client.welcome["session"], png(extra=extra), "big.png")

    assert (status, body["error"]) == (413, "file_too_large")
    assert body["message"].startswith("The file is larger than")
    assert kept(files_dir) == []
    await client.close()


async def test_an_empty_file_and_broken_forms_get_clear_errors(bot_server: TestServer, files_dir: Path) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    session = client.welcome["session"]

    assert (await upload(bot_server, session, b"", "empty.png"))[:2] == (
        400, {"error": "empty_file", "message": "The file is empty."})
    status, body, _ = await upload(bot_server, session, png(), file_first=True)
    assert (status, body["error"]) == (400, "bad_upload") and "before the file" in body["message"]
    async with aiohttp.ClientSession() as http, http.post(
        f"{base_url(bot_server)}/chat/upload", data={"session": session}, headers={"Origin": SHOP},
    ) as response:
        assert (response.status, (await response.json())["error"]) == (400, "bad_upload")
    assert kept(files_dir) == []
    await client.close()


async def test_an_unknown_session_or_another_accounts_conversation_may_not_upload(
    bot_server: TestServer, files_dir: Path,
) -> None:
    status, body, _ = await upload(bot_server, "no-such-session", png())
    assert (status, body["error"]) == (403, "unknown_session")

    vendor = sign_identity(SECRET, account_id="V-1001", role="vendor")
    client = await ChatClient.connect(base_url(bot_server), hello={"token": vendor})
    await client.say("How do payouts work?")
    session = client.welcome["session"]
    status, body, _ = await upload(bot_server, session, png())  # the session alone: not the vendor
    assert (status, body["error"]) == (403, "session_refused")
    other = sign_identity(SECRET, account_id="V-2002", role="vendor")
    assert (await upload(bot_server, session, png(), token=other))[1]["error"] == "session_refused"
    assert kept(files_dir) == []

    assert (await upload(bot_server, session, png(), token=vendor))[0] == 200, "the vendor, signed in, may"
    await client.close()


async def test_a_page_on_an_unlisted_origin_may_not_upload(bot_server: TestServer, files_dir: Path) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    status, body, headers = await upload(bot_server, client.welcome["session"], png(), origin="https://evil.example")

    assert (status, body["error"]) == (403, "origin_refused")
    assert "Access-Control-Allow-Origin" not in headers
    assert kept(files_dir) == []

    # The browser's preflight (an upload with progress events) is answered for the shop only.
    async with aiohttp.ClientSession() as http:
        preflight = {"Access-Control-Request-Method": "POST"}
        async with http.options(f"{base_url(bot_server)}/chat/upload",
                                headers={**preflight, "Origin": SHOP}) as allowed:
            assert allowed.status == 204
            assert allowed.headers["Access-Control-Allow-Origin"] == SHOP
            assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
        async with http.options(f"{base_url(bot_server)}/chat/upload",
                                headers={**preflight, "Origin": "https://evil.example"}) as refused:
            assert refused.status == 403 and "Access-Control-Allow-Origin" not in refused.headers
    await client.close()


async def test_uploads_past_the_per_conversation_budget_wait_a_minute(bot_server: TestServer) -> None:
    if time.time() % 60 > 45:  # the budget is per clock minute: don't straddle two
        await asyncio.sleep(61 - time.time() % 60)
    client = await ChatClient.connect(base_url(bot_server))
    statuses = [(await upload(bot_server, client.welcome["session"], png()))[0] for _ in range(UPLOADS_PER_MINUTE)]
    assert statuses == [200] * UPLOADS_PER_MINUTE

    status, body, headers = await upload(bot_server, client.welcome["session"], png())
    assert (status, body["error"]) == (429, "too_many_uploads")
    assert 0 < int(headers["Retry-After"]) <= 60
    await client.close()


# -- naming files in a message -------------------------------------------------------------------


async def test_another_conversations_file_cannot_be_attached(bot_server: TestServer, services: Services) -> None:
    someone = await ChatClient.connect(base_url(bot_server))
    _, theirs, _ = await upload(bot_server, someone.welcome["session"], png(), "their-receipt.png")
    client = await ChatClient.connect(base_url(bot_server))

    for named in ([theirs["id"]], ["made-up-file-id-0000"]):
        client_id = await send(client, "look at this", named)
        refused = await client.expect("error")
        assert (refused["code"], refused["client_id"]) == ("bad_attachment", client_id)
    assert await services.store.transcript(client.welcome["conversation"]) == [], "nothing stored"

    _, mine, _ = await upload(bot_server, client.welcome["session"], png())
    await send(client, "too many", [mine["id"], *[f"id-{n:016d}" for n in range(5)]])
    assert (await client.expect("error"))["code"] == "too_many_attachments"
    await send(client, "", [])
    assert (await client.expect("error"))["code"] == "bad_message", "no words and no file: nothing to send"
    await client.send({"type": "message", "client_id": "x", "text": "hi", "attachments": "not-a-list"})
    assert (await client.expect("error"))["code"] == "bad_message"
    await someone.close()
    await client.close()


# -- links: signed, short-lived, refreshed on resume ---------------------------------------------


async def test_an_altered_link_is_refused(bot_server: TestServer) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    _, first, _ = await upload(bot_server, client.welcome["session"], png(), "one.png")
    _, second, _ = await upload(bot_server, client.welcome["session"], pdf(), "two.pdf")
    client_id = await send(client, "two files", [first["id"], second["id"]])
    one, two = (await client.expect("ack", lambda f: f["client_id"] == client_id))["attachments"]

    assert (await fetch(bot_server, one["url"]))[0] == 200
    signature = one["url"].rsplit("s=", 1)[1]
    tampered = one["url"].replace(f"s={signature}", f"s={signature[:-1]}{'0' if signature[-1] != '0' else '1'}")
    stretched = one["url"].replace("e=", "e=9")
    borrowed = two["url"].replace(second["id"], first["id"])
    for url in (tampered, stretched, borrowed):
        status, data, _ = await fetch(bot_server, url)
        assert status == 403 and data != png(), url
    await client.close()


async def test_a_resumed_conversation_shows_its_files_with_working_links(bot_server: TestServer) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    _, body, _ = await upload(bot_server, client.welcome["session"], png(), "scratch.png")
    client_id = await send(client, "", [body["id"]])
    await client.expect("ack", lambda f: f["client_id"] == client_id)
    await client.reply("bot")
    await client.close()

    back = await ChatClient.connect(base_url(bot_server), hello={"session": client.welcome["session"]})
    replayed = await back.expect("message", lambda f: f["author"] == "customer")
    [shown] = replayed["attachments"]
    assert (shown["id"], shown["name"]) == (body["id"], "scratch.png")
    assert await fetch(bot_server, shown["url"]) == (200, png(), "image/png")
    await back.close()


async def test_a_chat_open_past_its_links_hour_gets_fresh_links_for_its_own_files_only(
    bot_server: TestServer, services: Services
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    _, body, _ = await upload(bot_server, client.welcome["session"], png(), "dent.png")
    client_id = await send(client, "the dent", [body["id"]])
    await client.expect("ack", lambda f: f["client_id"] == client_id)
    # The link the widget shows, an hour and a tenth and a bit later: it no longer opens.
    expired = services.files.links.link(body["id"], "dent.png", now=time.time() - 4000)
    assert (await fetch(bot_server, expired))[0] == 403
    someone = await ChatClient.connect(base_url(bot_server))
    _, theirs, _ = await upload(bot_server, someone.welcome["session"], png(), "theirs.png")

    await client.send({"type": "file_links", "ids": [body["id"], theirs["id"], "made-up-file-id-0000"]})
    links = (await client.expect("file_links"))["links"]
    assert list(links) == [body["id"]], "another conversation's file, or none, gets no link"
    assert await fetch(bot_server, links[body["id"]]) == (200, png(), "image/png")

    await client.send({"type": "file_links", "ids": [body["id"]]})  # again at once: ignored
    await client.send({"type": "file_links", "ids": "all of them"})
    assert (await client.expect("error"))["code"] == "bad_file_links"
    await client.quiet_for(0.5)
    assert [f["type"] for f in client.frames].count("file_links") == 1, "the second ask was too soon"
    await client.close()
    await someone.close()


# -- files from staff ----------------------------------------------------------------------------


async def test_a_staff_reply_with_a_file_reaches_the_widget_with_a_working_link(
    bot_server: TestServer, services: Services,
) -> None:
    client = await ChatClient.connect(base_url(bot_server))
    await client.say("I need the invoice for my order")
    await client.reply("bot")
    conversation = client.welcome["conversation"]
    invoice = await services.files.keep(pdf(), "Invoice HM-100234.pdf", conversation_id=conversation,
                                        sent_by=DANA.id)

    outcome = await services.conversations.reply(conversation, DANA, "Here is your invoice.", attachments=[invoice])
    assert outcome.ok

    staff = await client.reply("human")
    assert staff["name"] == "Dana" and staff["text"] == "Here is your invoice."
    [shown] = staff["attachments"]
    assert (shown["name"], shown["type"], shown["size"]) == ("Invoice HM-100234.pdf", "application/pdf", len(pdf()))
    assert await fetch(bot_server, shown["url"]) == (200, pdf(), "application/pdf")
    await client.close()


async def test_the_brand_json_tells_the_widget_what_files_are_taken(bot_server: TestServer) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{base_url(bot_server)}/widget/brand.json") as response:
        brand = await response.json()
    assert brand["files"] == {
        "max_bytes": MAX_BYTES, "per_message": 5,
        "types": ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"],
    }
