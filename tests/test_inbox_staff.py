"""Staff identities on the built-in inbox page: each person listed in INBOX_STAFF_FILE signs in
with their own id and token (`python -m bot staff add`), is told apart by that id, and is signed
out when their entry is removed; a broken staff file is refused with its line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.adapters.inbox.auth import InboxPageError
from bot.adapters.inbox.page import WRONG_STAFF_TOKEN, InboxPage
from bot.adapters.inbox.staff_directory import add_staff
from bot.app import Services
from tests.conftest import ROOT
from tests.support.inbox_page import serve_inbox
from tests.support.waiting import eventually
from tests.test_inbox_page import CSRF, browser_session, sign_in


@pytest.fixture
def staff_file(tmp_path: Path) -> Path:
    return tmp_path / "staff.yaml"


@pytest.fixture
async def staff_inbox(services: Services, staff_file: Path) -> AsyncIterator[tuple[str, dict[str, str]]]:
    """The inbox page with Dana and Sam in its staff file; their tokens by id."""
    tokens = {"dana.k": add_staff(staff_file, "dana.k", "Dana Kowalski"), "sam.o": add_staff(staff_file, "sam.o", "Sam")}
    server: TestServer = serve_inbox(services, services.settings.model_copy(update={"inbox_staff_file": staff_file}))
    await server.start_server()
    yield str(server.make_url("")).rstrip("/"), tokens
    await server.close()


async def test_each_person_signs_in_with_their_own_id_and_token(staff_inbox: tuple[str, dict[str, str]]) -> None:
    """The form asks for a staff id and a token (not a name); another person's token, or a made-up
    id, is refused; the right pair signs in under the name the staff file gives."""
    url, tokens = staff_inbox
    async with browser_session() as http:
        async with http.get(f"{url}/inbox/login") as page:
            text = await page.text()
            assert 'name="staff_id"' in text and 'name="name"' not in text
            login_csrf = CSRF.search(text).group(1)  # type: ignore[union-attr]
        for staff_id, token in (("dana.k", tokens["sam.o"]), ("mallory", tokens["dana.k"]), ("dana.k", "")):
            form = {"staff_id": staff_id, "token": token, "csrf": login_csrf, "next": "/inbox"}
            async with http.post(f"{url}/inbox/login", data=form, allow_redirects=False) as wrong:
                text = await wrong.text()
                assert wrong.status == 401 and WRONG_STAFF_TOKEN in text, (staff_id, wrong.status)
                assert "baton_inbox" not in wrong.cookies
                login_csrf = CSRF.search(text).group(1)  # type: ignore[union-attr]
    http, _ = await sign_in(url, "Dana.K", tokens["dana.k"], staff_id=True)  # ids are not case-sensitive
    async with http:
        async with http.get(f"{url}/inbox") as page:
            assert "Signed in as <strong>Dana Kowalski</strong>" in await page.text()


async def test_removing_someone_from_the_staff_file_signs_them_out(
    staff_inbox: tuple[str, dict[str, str]], staff_file: Path
) -> None:
    """Sam's entry is deleted while he is signed in: his next click lands on the sign-in page and
    his token no longer works; Dana, still listed, carries on. A broken edit changes nothing."""
    url, tokens = staff_inbox
    dana, _ = await sign_in(url, "dana.k", tokens["dana.k"], staff_id=True)
    sam, _ = await sign_in(url, "sam.o", tokens["sam.o"], staff_id=True)
    async with dana, sam:
        listed = staff_file.read_text(encoding="utf-8")
        staff_file.write_text(listed + "  - id: [broken\n", encoding="utf-8")
        os.utime(staff_file, (1, 1))  # a different stamp even within the file system's time resolution
        async with sam.get(f"{url}/inbox", allow_redirects=False) as page:
            assert page.status == 200, "a broken edit keeps the last good list: Sam is still in"

        without_sam = listed.split("  - id: sam.o")[0]
        staff_file.write_text(without_sam, encoding="utf-8")

        async def signed_out() -> bool:
            async with sam.get(f"{url}/inbox", allow_redirects=False) as page:
                return page.status == 303 and page.headers["Location"].startswith("/inbox/login")

        await eventually(signed_out, 5, what="Sam's session ended")
        async with dana.get(f"{url}/inbox", allow_redirects=False) as page:
            assert page.status == 200
        async with sam.get(f"{url}/inbox/login") as page:
            login_csrf = CSRF.search(await page.text()).group(1)  # type: ignore[union-attr]
        form = {"staff_id": "sam.o", "token": tokens["sam.o"], "csrf": login_csrf, "next": "/inbox"}
        async with sam.post(f"{url}/inbox/login", data=form, allow_redirects=False) as refused:
            assert refused.status == 401


def test_a_broken_staff_file_stops_the_inbox_with_its_line(services: Services, staff_file: Path) -> None:
    add_staff(staff_file, "dana.k", "Dana")
    staff_file.write_text(staff_file.read_text(encoding="utf-8") + "  - id: Sam O\n    name: Sam\n", encoding="utf-8")
    settings = services.settings.model_copy(update={"inbox_staff_file": staff_file})
    with pytest.raises(InboxPageError) as refused:
        InboxPage(settings, services.store, services.conversations, services.brand, services.files)
    message = str(refused.value)
    assert message.startswith(f"INBOX_STAFF_FILE: {staff_file}:8: staff.1.id: use 1-40 lower-case"), message
    assert f"{staff_file}:8: staff.1.token_sha256: Field required" in message


def test_staff_add_prints_a_token_once_and_keeps_only_its_hash(tmp_path: Path) -> None:
    """`python -m bot staff add` writes the entry (comments kept), prints the token, and the file
    holds its SHA-256, not the token; adding the same id twice is refused with exit code 2."""
    staff_file = tmp_path / "config" / "staff.yaml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "INBOX_", "SLACK_", "REDIS_"))}

    def staff(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", "staff", *args, "--file", str(staff_file)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)

    added = staff("add", "dana.k", "Dana Kowalski")
    assert added.returncode == 0, added.stderr
    token = added.stdout.split("give it to them privately): ")[1].strip()
    text = staff_file.read_text(encoding="utf-8")
    assert text.startswith("# Staff who may sign in") and "name: \"Dana Kowalski\"" in text
    assert token not in text and len(token) >= 32

    again = staff("add", "dana.k", "Dana K")
    assert again.returncode == 2 and "'dana.k' is already listed" in again.stderr
    listed = staff("list")
    assert listed.stdout.strip() == "dana.k\tDana Kowalski"
