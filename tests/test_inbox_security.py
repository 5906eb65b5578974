"""The built-in inbox's defences: who may sign in without INBOX_TOKEN, the wrong-token lockout,
conversation ids in URLs, and the live streams one session may hold open."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from bot.adapters.inbox.page import (
    LOCKED_OUT,
    MAX_STREAMS_PER_SESSION,
    MAX_WRONG_TOKENS,
    NOT_FROM_HERE,
)
from bot.app import Services
from bot.models import Participant
from tests.conftest import make_settings
from tests.support.inbox_page import serve_inbox
from tests.test_inbox_page import CSRF, browser_session, sign_in

TOKEN = "a-long-random-staff-password-for-tests"


@pytest.fixture
async def open_inbox(services: Services) -> AsyncIterator[str]:
    """The inbox page with no INBOX_TOKEN, on loopback (trusting this machine only)."""
    server = serve_inbox(services)
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
async def token_inbox(services: Services) -> AsyncIterator[str]:
    """The inbox page with an INBOX_TOKEN."""
    settings = make_settings(**{**_env(services), "INBOX_TOKEN": TOKEN})
    server: TestServer = serve_inbox(services, settings)
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


def _env(services: Services) -> dict[str, str]:
    s = services.settings
    return {"REDIS_URL": s.redis_url or "", "BOT_REDIS_PREFIX": s.redis_prefix, "BOT_RULES": str(s.rules_path),
            "BOT_KB_DIR": str(s.kb_dir), "BOT_INDEX_DIR": str(s.index_dir)}


@pytest.mark.parametrize("headers", [
    {"Host": "evil.example:8080"},  # a DNS-rebinding page: the browser sends the page's own name
    {"X-Forwarded-For": "203.0.113.9"},  # a reverse proxy on this host, passing the world through
    {"Forwarded": "for=203.0.113.9;proto=https"},
])
async def test_without_a_token_only_this_machine_gets_in(open_inbox: str, headers: dict[str, str]) -> None:
    """No INBOX_TOKEN: a sign-in (or a page) asked for with a foreign Host or through a proxy is
    refused, even from loopback; the same request straight from this machine works."""
    async with browser_session() as http:
        async with http.get(f"{open_inbox}/inbox/login", headers=headers) as page:
            assert page.status == 403 and NOT_FROM_HERE in await page.text()
        async with http.get(f"{open_inbox}/inbox", headers=headers, allow_redirects=False) as page:
            assert page.status == 403
    http, _ = await sign_in(open_inbox, "Dana")  # no foreign headers: in
    async with http:
        async with http.get(f"{open_inbox}/inbox", headers=headers) as page:
            assert page.status == 403, "a session made here is not usable through a foreign name either"


async def test_after_too_many_wrong_tokens_even_the_right_one_waits(token_inbox: str) -> None:
    """Ten wrong tokens lock the address out: the eleventh try, with the right token, is refused."""
    async with browser_session() as http:
        async with http.get(f"{token_inbox}/inbox/login") as page:
            login_csrf = CSRF.search(await page.text()).group(1)  # type: ignore[union-attr]
        statuses = []
        for attempt in range(MAX_WRONG_TOKENS):
            form = {"name": "Mallory", "csrf": login_csrf, "next": "/inbox", "token": f"guess-{attempt}"}
            async with http.post(f"{token_inbox}/inbox/login", data=form) as answer:
                statuses.append(answer.status)
                login_csrf = CSRF.search(await answer.text()).group(1)  # type: ignore[union-attr]
        assert statuses == [401] * (MAX_WRONG_TOKENS - 1) + [429]
        form = {"name": "Dana", "csrf": login_csrf, "next": "/inbox", "token": TOKEN}
        async with http.post(f"{token_inbox}/inbox/login", data=form, allow_redirects=False) as answer:
            assert answer.status == 429 and LOCKED_OUT in await answer.text()


async def test_a_conversation_id_that_is_not_one_is_a_plain_404(open_inbox: str, services: Services) -> None:
    """An id naming some other Redis key (a conversation's transcript stream, say) or any non-id
    never reaches the store: 404, not a 500 from reading a stream as a hash."""
    conversation, _ = await services.store.find_or_create("webchat", "ref-1", Participant())
    await services.store.append(conversation.id, "customer", "hello")
    http, csrf = await sign_in(open_inbox, "Dana")
    async with http:
        for bad in (f"{conversation.id}:log", f"{conversation.id}:events", "alerts", "0123"):
            async with http.get(f"{open_inbox}/inbox/c/{bad}") as page:
                assert page.status == 404, bad
            async with http.post(f"{open_inbox}/inbox/c/{bad}/claim", data={"csrf": csrf}) as page:
                assert page.status == 404, bad


async def test_one_session_holds_a_bounded_number_of_live_streams(open_inbox: str) -> None:
    """Live streams are bounded per staff session: past the limit the next one is refused (429)."""
    http, _ = await sign_in(open_inbox, "Dana")
    async with http:
        streams = []
        try:
            for _ in range(MAX_STREAMS_PER_SESSION):
                response = await http.get(f"{open_inbox}/inbox/live")
                assert response.status == 200
                await response.content.readline()  # the stream is open
                streams.append(response)
            async with http.get(f"{open_inbox}/inbox/live") as extra:
                assert extra.status == 429
        finally:
            for response in streams:
                response.close()
