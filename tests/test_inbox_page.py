"""The built-in staff inbox over HTTP: sign-in, CSRF, escaping, claim races, relaying, live updates."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.adapters.inbox.auth import InboxPageError
from bot.adapters.inbox.page import InboxPage
from bot.app import Services
from bot.settings import Settings
from tests.conftest import make_settings
from tests.support.inbox_page import handed_off, serve_inbox
from tests.support.rules import HANDOFF, rules_with
from tests.support.webchat_client import base_url

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
FLASH = re.compile(r'<div class="flash" role="status">([^<]*)</div>')
# Two handoff tags with queues of their own, so that staff have somewhere to pass a conversation.
ROUTED_TAGS = (
    {"name": "legal", "priority": 90, "handoff": True, "route": "legal", "when": {"keywords": ["lawsuit"]}},
    {"name": "chargeback", "priority": 85, "handoff": True, "route": "payments", "when": {"keywords": ["chargeback"]}},
)


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    """The tests' handoff rules plus the queues above (the `settings` fixture runs them)."""
    return rules_with(tmp_path / "inbox-page-rules.yaml", *ROUTED_TAGS)


def browser_session() -> aiohttp.ClientSession:
    """A client that keeps cookies for 127.0.0.1 (aiohttp skips IP hosts by default) and does not follow redirects."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def sign_in(url: str, name: str, token: str | None = None, *,
                  staff_id: bool = False) -> tuple[aiohttp.ClientSession, str]:
    """Sign a staff member in as a browser would (`name` is their staff id with `staff_id`, for a
    bot with a staff file); returns the session and its CSRF token."""
    http = browser_session()
    async with http.get(f"{url}/inbox/login") as page:
        login_csrf = CSRF.search(await page.text()).group(1)  # type: ignore[union-attr]
    form = {"staff_id" if staff_id else "name": name, "csrf": login_csrf, "next": "/inbox"}
    if token is not None:
        form["token"] = token
    async with http.post(f"{url}/inbox/login", data=form) as signed:
        assert signed.status == 200 and signed.url.path == "/inbox", await signed.text()
        csrf = CSRF.search(await signed.text()).group(1)  # type: ignore[union-attr]
    return http, csrf


async def test_every_inbox_page_needs_a_staff_session(inbox_server: TestServer, services: Services) -> None:
    url = base_url(inbox_server)
    customer = await handed_off(url)
    conversation = customer.welcome["conversation"]
    async with browser_session() as http:
        async with http.get(f"{url}/inbox/c/{conversation}", allow_redirects=False) as page:
            assert page.status == 303
            assert page.headers["Location"] == f"/inbox/login?next=/inbox/c/{conversation}"
        async with http.get(f"{url}/inbox") as page:
            assert page.url.path == "/inbox/login"
            text = await page.text()
            assert "sign in with your name only" in text, "loopback without INBOX_TOKEN says so on the page"
            assert 'name="token"' not in text
        async with http.post(f"{url}/inbox/c/{conversation}/claim", data={"csrf": "x"}) as refused:
            assert refused.status == 403
        async with http.get(f"{url}/inbox/live") as refused:
            assert refused.status == 403
        # A customer's web-chat session token is not a staff session.
        http.cookie_jar.update_cookies({"baton_inbox": customer.welcome["session"]}, inbox_server.make_url("/inbox"))
        async with http.get(f"{url}/inbox", allow_redirects=False) as page:
            assert page.status == 303 and page.headers["Location"].startswith("/inbox/login")
    assert (await services.store.get(conversation)).state == "waiting", "nothing happened without a session"
    await customer.close()


async def test_a_wrong_inbox_token_is_refused_and_the_right_one_signs_in(services: Services) -> None:
    guarded = services.settings.model_copy(update={"inbox_token": "correct horse battery staple"})
    server = serve_inbox(services, guarded)
    await server.start_server()
    url = base_url(server)
    try:
        async with browser_session() as http:
            async with http.get(f"{url}/inbox/login") as page:
                text = await page.text()
                assert 'name="token"' in text and "name only" not in text
                login_csrf = CSRF.search(text).group(1)  # type: ignore[union-attr]
            form = {"name": "Dana", "csrf": login_csrf, "token": "correct horse", "next": "/inbox"}
            async with http.post(f"{url}/inbox/login", data=form, allow_redirects=False) as wrong:
                assert wrong.status == 401
                text = await wrong.text()
                assert "That inbox token is not right." in text and 'value="Dana"' in text
                assert "baton_inbox" not in wrong.cookies
            async with http.get(f"{url}/inbox", allow_redirects=False) as page:
                assert page.status == 303, "still signed out"

            form["token"] = "correct horse battery staple"
            form["csrf"] = CSRF.search(text).group(1)  # type: ignore[union-attr]  # the form as shown again
            async with http.post(f"{url}/inbox/login", data=form, allow_redirects=False) as right:
                assert right.status == 303 and right.headers["Location"] == "/inbox"
                cookie = right.headers["Set-Cookie"]
                assert "baton_inbox=" in cookie and "HttpOnly" in cookie
                assert "SameSite=Strict" in cookie and "Path=/inbox" in cookie
            async with http.get(f"{url}/inbox") as page:
                assert "Signed in as <strong>Dana</strong>" in await page.text()
    finally:
        await server.close()


def test_the_inbox_refuses_to_start_off_loopback_without_a_token(settings: Settings, services: Services) -> None:
    public = make_settings(BOT_HOST="0.0.0.0", REDIS_URL=settings.redis_url)
    with pytest.raises(InboxPageError, match="^INBOX_TOKEN: required"):
        InboxPage(public, services.store, services.conversations, services.brand, services.files)


async def test_a_post_without_the_csrf_token_is_refused(inbox_server: TestServer, services: Services) -> None:
    url = base_url(inbox_server)
    customer = await handed_off(url)
    conversation = customer.welcome["conversation"]
    http, csrf = await sign_in(url, "Dana")
    async with http:
        async with http.post(f"{url}/inbox/c/{conversation}/claim", data={}) as missing:
            assert missing.status == 403
        async with http.post(f"{url}/inbox/c/{conversation}/claim", data={"csrf": csrf[:-1] + "x"}) as wrong:
            assert wrong.status == 403
        cross_site = {"Origin": "https://evil.example"}
        async with http.post(f"{url}/inbox/c/{conversation}/claim", data={"csrf": csrf}, headers=cross_site) as other:
            assert other.status == 403
        assert (await services.store.get(conversation)).state == "waiting"
        async with http.post(f"{url}/inbox/c/{conversation}/claim", data={"csrf": csrf}) as claimed:
            assert claimed.status == 200
            assert "You have this conversation" in await claimed.text()
    assert (await services.store.get(conversation)).assignee == "Dana"
    await customer.close()


async def test_customer_text_is_shown_as_text_never_as_html(inbox_server: TestServer) -> None:
    url = base_url(inbox_server)
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    customer = await handed_off(url, f"{HANDOFF} about {attack}")
    conversation = customer.welcome["conversation"]
    http, _ = await sign_in(url, "Dana")
    async with http:
        for path in ("/inbox", f"/inbox/c/{conversation}"):
            async with http.get(f"{url}{path}") as page:
                text = await page.text()
                assert "<script>alert" not in text and "<img src=x" not in text
                assert "Content-Security-Policy" in page.headers
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
        assert "<dt>Language</dt><dd>English (en)</dd>" in text, "which language to reply in"
    await customer.close()


async def test_two_staff_claim_at_once_one_wins_the_other_is_told_who(
    inbox_server: TestServer, services: Services
) -> None:
    url = base_url(inbox_server)
    customer = await handed_off(url)
    conversation = customer.welcome["conversation"]
    (dana, dana_csrf), (sam, sam_csrf) = await asyncio.gather(sign_in(url, "Dana"), sign_in(url, "Sam"))

    async def claim(http: aiohttp.ClientSession, csrf: str) -> str:
        async with http.post(f"{url}/inbox/c/{conversation}/claim", data={"csrf": csrf}) as page:
            return FLASH.search(await page.text()).group(1)  # type: ignore[union-attr]

    async with dana, sam:
        told = await asyncio.gather(claim(dana, dana_csrf), claim(sam, sam_csrf))
        winner = (await services.store.get(conversation)).assignee
        assert winner in ("Dana", "Sam")
        by_name = dict(zip(("Dana", "Sam"), told))
        loser = "Sam" if winner == "Dana" else "Dana"
        assert by_name[winner].startswith("You have this conversation")
        assert by_name[loser] == f"{winner} already has this conversation."

        # The loser can neither reply nor claim it now; the winner's reply reaches the customer.
        loser_http, loser_csrf = (sam, sam_csrf) if loser == "Sam" else (dana, dana_csrf)
        async with loser_http.post(f"{url}/inbox/c/{conversation}/reply",
                                   data={"csrf": loser_csrf, "text": "me too"}) as page:
            assert f"not sent: {winner} already has" in await page.text()
        winner_http, winner_csrf = (dana, dana_csrf) if winner == "Dana" else (sam, sam_csrf)
        async with winner_http.post(f"{url}/inbox/c/{conversation}/reply",
                                    data={"csrf": winner_csrf, "text": "Hello, I'm on it."}) as page:
            assert "Sent to the customer." in await page.text()
    relayed = await customer.reply("human")
    assert relayed["name"] == winner and relayed["text"] == "Hello, I'm on it."
    assert "me too" not in [m.text for m in await services.store.transcript(conversation)]
    await customer.close()


async def test_passing_to_another_queue_and_marking_not_an_escalation(
    inbox_server: TestServer, services: Services
) -> None:
    url = base_url(inbox_server)
    customer = await handed_off(url)
    conversation = customer.welcome["conversation"]
    http, csrf = await sign_in(url, "Dana")
    async with http:
        async with http.get(f"{url}/inbox/c/{conversation}") as page:
            assert '<option value="legal">legal</option>' in await page.text(), "queues come from the rules"
        async with http.post(f"{url}/inbox/c/{conversation}/pass",
                             data={"csrf": csrf, "route": "nowhere"}) as page:
            assert "Pick one of the listed queues" in await page.text()
        await http.post(f"{url}/inbox/c/{conversation}/claim", data={"csrf": csrf})
        async with http.post(f"{url}/inbox/c/{conversation}/pass",
                             data={"csrf": csrf, "route": "legal", "note": "GDPR question"}) as page:
            assert "Passed to legal: it waits there, unclaimed." in await page.text()
        moved = await services.store.get(conversation)
        assert (moved.state, moved.route, moved.assignee) == ("waiting", "legal", None)
        async with http.get(f"{url}/inbox?queue=legal") as listed:
            assert f'href="/inbox/c/{conversation}"' in await listed.text()
        async with http.get(f"{url}/inbox?queue=payments") as listed:
            assert f'href="/inbox/c/{conversation}"' not in await listed.text()

        async with http.post(f"{url}/inbox/c/{conversation}/not-escalation", data={"csrf": csrf}) as page:
            text = await page.text()
            assert "recorded as not an escalation" in text and "Marked not an escalation by Dana." in text
        async with http.post(f"{url}/inbox/c/{conversation}/note",
                             data={"csrf": csrf, "text": "only for the team"}) as page:
            assert "only for the team" in await page.text()
    kinds = [e["kind"] for e in await services.store.events(conversation)]
    assert kinds[-3:] == ["passed", "false_positive", "note"]
    assert "only for the team" not in [m.text for m in await services.store.transcript(conversation)]
    await customer.close()


async def test_open_pages_are_woken_when_the_customer_writes(inbox_server: TestServer) -> None:
    url = base_url(inbox_server)
    customer = await handed_off(url)
    conversation = customer.welcome["conversation"]
    http, _ = await sign_in(url, "Dana")
    async with http, http.get(f"{url}/inbox/live") as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")

        async def next_event() -> dict[str, str]:
            while True:
                line = (await stream.content.readline()).decode()
                if line.startswith("data: ") and line.strip() != "data: {}":
                    return json.loads(line[6:])

        await customer.say("Are you there?")
        wake = await asyncio.wait_for(next_event(), 20)
        assert wake == {"kind": "message", "conversation": conversation}
    await customer.close()


async def test_a_background_refresh_leaves_the_confirmation_for_the_page_being_opened(
    inbox_server: TestServer,
) -> None:
    url = base_url(inbox_server)
    customer = await handed_off(url)
    conversation = customer.welcome["conversation"]
    http, csrf = await sign_in(url, "Dana")
    async with http:
        async with http.post(f"{url}/inbox/c/{conversation}/claim", data={"csrf": csrf},
                             allow_redirects=False) as response:
            assert response.status == 303
        # The open page's live refresh lands before the browser follows the redirect.
        async with http.get(f"{url}/inbox/c/{conversation}", headers={"X-Baton-Live": "1"}) as page:
            assert FLASH.search(await page.text()) is None
        async with http.get(f"{url}/inbox/c/{conversation}") as page:
            flash = FLASH.search(await page.text())
        assert flash is not None and flash.group(1).startswith("You have this conversation")
    await customer.close()


async def test_an_alert_about_the_rules_leaves_the_page_once_the_file_is_fixed(
    inbox_server: TestServer, services: Services
) -> None:
    """"Baton needs attention" shows a refused rules file's errors, and stops showing them when
    a good file is live again; other alerts stay."""
    url = base_url(inbox_server)
    await services.inbox.notify("rules file refused, the last good rules stay live:\nrules.yaml:3: bad")
    await services.inbox.notify("slack: something else went wrong")
    http, _ = await sign_in(url, "Dana")
    async with http:
        async with http.get(f"{url}/inbox") as page:
            text = await page.text()
            assert "Baton needs attention" in text and "rules.yaml:3: bad" in text
        await services.inbox.all_clear("rules file refused", "The rules file is accepted again.")
        async with http.get(f"{url}/inbox") as page:
            text = await page.text()
            assert "rules.yaml:3: bad" not in text
            assert "something else went wrong" in text
