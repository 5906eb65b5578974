"""Customers who left get the staff's reply by e-mail (issue 17): a real local SMTP server
(aiosmtpd) started by the test, the real bot over real sockets, real Redis.

Each test is a user story: the customer closes the tab, staff reply, the e-mail arrives; the
customer who still has the chat open, or comes back in time, gets none; an anonymous visitor
never gets one; a restart sends it exactly once; a bad SMTP_URL stops the bot with one line; the
SMTP password never reaches the logs.
"""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.app import Services, build_services, build_web_app
from bot.brain.embeddings import LocalEmbedder
from bot.identity import sign_identity
from bot.settings import Settings
from tests.conftest import ROOT, make_settings
from tests.support.processes import clean_environment
from tests.support.redis_server import free_port
from tests.support.rules import HANDOFF
from tests.support.staff import DANA
from tests.support.webchat_client import ChatClient, base_url

SECRET = "test-secret-for-identity-tokens"
SMTP_USER = "baton"
SMTP_PASSWORD = "s3cret-Smtp-Pa55word"
SENDER = "Harbor Market support <support@harbormarket.example>"
LINK = "https://harbormarket.example/help"
MIRA = "mira@buyers.example"
UNSEEN_AFTER = 2.0  # EMAIL_UNSEEN_AFTER in these tests (the default is 5 minutes)

# The test server asks for a login over plain SMTP on loopback (as a local relay may): aiosmtpd warns.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@dataclass
class MailServer:
    """A local SMTP server that takes e-mail only with the bot's login; it can be told to refuse
    the next logins or messages, as a real server does when it is unwell."""

    port: int
    received: list[EmailMessage] = field(default_factory=list)
    refuse_logins: int = 0
    refuse_messages: int = 0
    logins: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"smtp+plain://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{self.port}"

    def authenticate(self, server: object, session: object, envelope: object, mechanism: str,
                     auth_data: object) -> AuthResult:
        with self._lock:
            self.logins += 1
            if self.refuse_logins > 0:
                self.refuse_logins -= 1
                return AuthResult(success=False, handled=False)
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == SMTP_USER.encode()
              and auth_data.password == SMTP_PASSWORD.encode())
        return AuthResult(success=ok)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        with self._lock:
            if self.refuse_messages > 0:
                self.refuse_messages -= 1
                return "451 4.3.0 Try again later"
            content = envelope.original_content  # type: ignore[attr-defined]
            self.received.append(email.message_from_bytes(content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 OK"

    async def wait_for(self, count: int, timeout: float = 20.0) -> list[EmailMessage]:
        """The e-mails received, once there are `count` (fails after `timeout`)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} e-mails arrived, expected {count}"
            await asyncio.sleep(0.1)
        return list(self.received)


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    """The SMTP server the bot sends to, on a loopback port (login required, no TLS)."""
    mail = MailServer(free_port())
    controller = Controller(mail, hostname="127.0.0.1", port=mail.port, authenticator=mail.authenticate,
                            auth_require_tls=False, auth_required=True)
    controller.start()
    yield mail
    controller.stop()


def email_settings(redis_url: str, redis_prefix: str, shipped_index: Path, rules_path: Path, smtp: MailServer,
                   **more: str) -> Settings:
    """The test bot's settings with e-mail on."""
    values = {
        "REDIS_URL": redis_url, "BOT_REDIS_PREFIX": redis_prefix, "BOT_KB_DIR": str(ROOT / "knowledge_base"),
        "BOT_INDEX_DIR": str(shipped_index), "BOT_RULES": str(rules_path),
        "BOT_BRAND": str(ROOT / "config" / "brand.yaml"), "WEBCHAT_SECRET": SECRET, "SMTP_URL": smtp.url,
        "EMAIL_FROM": SENDER, "EMAIL_UNSEEN_AFTER": f"{UNSEEN_AFTER}s", "EMAIL_LINK_URL": LINK,
    }
    return make_settings(**{**values, **more})


@pytest.fixture
def settings(redis_url: str, redis_prefix: str, shipped_index: Path, rules_path: Path, smtp: MailServer) -> Settings:
    """Overrides conftest's: the bot of these tests sends e-mail through `smtp`."""
    return email_settings(redis_url, redis_prefix, shipped_index, rules_path, smtp)


def mira_token() -> str:
    return sign_identity(SECRET, account_id="B-2001", role="buyer", name="Mira", email=MIRA)


async def customer_hands_off(server: TestServer, token: str | None = None) -> ChatClient:
    """A customer who asked for a person and was handed off (the chat still open)."""
    customer = await ChatClient.connect(base_url(server), hello={"token": token} if token else {})
    await customer.say(f"My parcel for HM-100234 never came. {HANDOFF}")
    await customer.expect("state", lambda f: f["state"] == "waiting")
    return customer


def bodies(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies of an e-mail."""
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


async def test_a_customer_who_closed_the_tab_gets_both_replies_in_one_email_with_a_link_back(
    bot_server: TestServer, services: Services, smtp: MailServer
) -> None:
    customer = await customer_hands_off(bot_server, mira_token())
    conversation = customer.welcome["conversation"]
    await customer.close()  # the tab is closed

    await services.conversations.reply(conversation, DANA, "I've asked the vendor about **HM-100234**.")
    await services.conversations.reply(conversation, DANA, "They shipped it again today <script>alert(1)</script>")
    replied = time.time()
    await asyncio.sleep(0.5)
    assert smtp.received == []  # not at once: the customer may still come back to the chat

    [message] = await smtp.wait_for(1)
    assert time.time() - replied >= UNSEEN_AFTER - 0.5
    assert message["To"] == MIRA
    assert message["From"] == SENDER
    assert message["Subject"] == "New reply from the Harbor Market support team"
    plain, html = bodies(message)
    assert "Hi Mira," in plain
    assert "I've asked the vendor about **HM-100234**." in plain
    assert "They shipped it again today <script>alert(1)</script>" in plain
    assert plain.index("asked the vendor") < plain.index("shipped it again")
    assert "Dana · Harbor Market" in plain
    assert f"Continue the conversation on Harbor Market: {LINK}" in plain
    assert "<strong>HM-100234</strong>" in html  # the reply's Markdown, rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert f'<a href="{LINK}">Continue the conversation on Harbor Market</a>' in html
    assert conversation not in plain + html  # the link opens nothing by itself

    await asyncio.sleep(UNSEEN_AFTER + 1.5)
    assert len(smtp.received) == 1  # one e-mail for the two replies, not one each
    events = [e["kind"] for e in await services.store.events(conversation)]
    assert "emailed" in events  # staff see it in the history


async def test_a_spanish_customer_gets_the_email_in_spanish(
    bot_server: TestServer, services: Services, smtp: MailServer
) -> None:
    """Harbor's own Spanish subject and intro (`translations.es.email`), Baton's Spanish for the
    texts Harbor kept as Baton wrote them (the greeting, the link, the footer)."""
    customer = await customer_hands_off(bot_server, mira_token())
    conversation = customer.welcome["conversation"]
    await customer.say("Vale, muchas gracias. Espero aquí la respuesta de vuestro equipo.")
    deadline = time.monotonic() + 10
    while (await services.store.get(conversation)).language != "es" and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await customer.close()

    await services.conversations.reply(conversation, DANA, "Hola Mira, ya se lo he reclamado al vendedor.")
    [message] = await smtp.wait_for(1)
    assert message["Subject"] == "Nueva respuesta del equipo de soporte de Harbor Market"
    plain, html = bodies(message)
    lines = [line.strip() for line in plain.splitlines() if line.strip()]
    assert lines[:2] == ["Hola, Mira:", "Nuestro equipo de soporte respondió a tu chat mientras no estabas:"], plain
    assert f"Continuar la conversación en Harbor Market: {LINK}" in plain
    assert "Recibes este correo porque hablaste con el soporte de Harbor Market" in plain
    assert "Hi Mira" not in plain + html and "Continue the conversation" not in html


async def test_a_customer_with_the_chat_open_gets_the_reply_there_and_no_email(
    bot_server: TestServer, services: Services, smtp: MailServer
) -> None:
    customer = await customer_hands_off(bot_server, mira_token())
    conversation = customer.welcome["conversation"]
    await services.conversations.reply(conversation, DANA, "Looking into it now.")
    assert (await customer.reply("human"))["text"] == "Looking into it now."
    await asyncio.sleep(UNSEEN_AFTER + 2.5)
    assert smtp.received == []
    await customer.close()


async def test_a_customer_who_comes_back_in_time_sees_the_reply_in_the_chat_and_gets_no_email(
    bot_server: TestServer, services: Services, smtp: MailServer
) -> None:
    token = mira_token()
    customer = await customer_hands_off(bot_server, token)
    conversation, session = customer.welcome["conversation"], customer.welcome["session"]
    await customer.close()
    await services.conversations.reply(conversation, DANA, "Your refund is approved.")

    back = await ChatClient.connect(base_url(bot_server), hello={"token": token, "session": session})
    assert (await back.reply("human"))["text"] == "Your refund is approved."  # replayed on resume
    await asyncio.sleep(UNSEEN_AFTER + 2.5)
    assert smtp.received == []
    await back.close()


async def test_an_anonymous_visitor_never_gets_email_even_with_an_address_typed_in_the_chat(
    bot_server: TestServer, services: Services, smtp: MailServer
) -> None:
    customer = await ChatClient.connect(base_url(bot_server))
    await customer.say(f"Write to me at {MIRA} please. {HANDOFF}")
    await customer.expect("state", lambda f: f["state"] == "waiting")
    conversation = customer.welcome["conversation"]
    await customer.close()
    await services.conversations.reply(conversation, DANA, "We'll look into it.")
    await asyncio.sleep(UNSEEN_AFTER + 2.5)
    assert smtp.received == []


async def test_a_token_with_a_malformed_email_is_refused() -> None:
    import base64 as b64
    import hashlib
    import hmac
    import json

    from bot.identity import BadToken, read_identity

    body = b64.urlsafe_b64encode(json.dumps({"sub": "B-1", "role": "buyer", "exp": time.time() + 60,
                                             "email": "mira@x.example\r\nBcc: all@x.example"}).encode()).rstrip(b"=")
    mac = b64.urlsafe_b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).rstrip(b"=")
    with pytest.raises(BadToken, match="email"):
        read_identity(SECRET, f"{body.decode()}.{mac.decode()}")


async def test_a_restart_before_the_email_is_due_still_sends_exactly_one(
    redis_url: str, redis_prefix: str, shipped_index: Path, rules_path: Path, smtp: MailServer,
    embedder: LocalEmbedder,
) -> None:
    settings = email_settings(redis_url, redis_prefix, shipped_index, rules_path, smtp, EMAIL_UNSEEN_AFTER="4s")
    first = await build_services(settings, embedder)
    server = TestServer(build_web_app(first), host="127.0.0.1")
    await server.start_server()
    try:
        customer = await customer_hands_off(server, mira_token())
        conversation = customer.welcome["conversation"]
        await customer.close()
        await first.conversations.reply(conversation, DANA, "First: I've asked the vendor.")
        await first.conversations.reply(conversation, DANA, "Second: they answered, it's on its way.")
    finally:
        await server.close()
        await first.close()  # the process stops before the e-mail is due
    await asyncio.sleep(4.5)
    assert smtp.received == []  # nobody ran meanwhile: it waited in Redis

    # Two processes come up together (a restart with two replicas): one of them sends it.
    replicas = [await build_services(settings, embedder) for _ in range(2)]
    try:
        [message] = await smtp.wait_for(1)
        await asyncio.sleep(3.0)
        assert len(smtp.received) == 1
        plain, _ = bodies(message)
        assert "First: I've asked the vendor." in plain and "Second: they answered" in plain
    finally:
        for services in replicas:
            await services.close()


async def test_a_failed_send_is_tried_again_and_the_password_never_reaches_the_logs(
    bot_server: TestServer, services: Services, smtp: MailServer, caplog: pytest.LogCaptureFixture
) -> None:
    services.conversations.followups.retry_first = 0.5  # type: ignore[union-attr] - seconds, not 30, for the test
    smtp.refuse_logins = 2  # first try: the login is refused (aiosmtplib tries PLAIN, then LOGIN)
    smtp.refuse_messages = 1  # second try: "451 try again later"
    caplog.set_level(logging.DEBUG)
    customer = await customer_hands_off(bot_server, mira_token())
    conversation = customer.welcome["conversation"]
    await customer.close()
    await services.conversations.reply(conversation, DANA, "Sorted: a new parcel is on its way.")

    [message] = await smtp.wait_for(1, timeout=30)
    assert "Sorted: a new parcel is on its way." in bodies(message)[0]
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("bot.") and r.levelno == logging.WARNING]
    assert any(f"conversation={conversation}" in w and "try=1" in w and "SMTPAuthenticationError" in w for w in warnings)
    assert any(f"conversation={conversation}" in w and "try=2" in w and "451" in w for w in warnings)

    login = base64.b64encode(f"\0{SMTP_USER}\0{SMTP_PASSWORD}".encode()).decode()
    ours = [r for r in caplog.records if not r.name.startswith("mail.")]  # not the test SMTP server's own log
    for record in ours:
        text = record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        assert SMTP_PASSWORD not in text and login not in text, record.name
    assert SMTP_PASSWORD not in repr(services.settings)
    await asyncio.sleep(1.0)
    assert len(smtp.received) == 1


async def test_the_transcript_is_emailed_on_close_when_switched_on(
    redis_url: str, redis_prefix: str, shipped_index: Path, rules_path: Path, smtp: MailServer,
    embedder: LocalEmbedder,
) -> None:
    settings = email_settings(redis_url, redis_prefix, shipped_index, rules_path, smtp,
                              EMAIL_TRANSCRIPT_ON_CLOSE="true", EMAIL_UNSEEN_AFTER="1h")
    services = await build_services(settings, embedder)
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    try:
        customer = await customer_hands_off(server, mira_token())
        conversation = customer.welcome["conversation"]
        await services.conversations.reply(conversation, DANA, "All sorted: a new parcel left today.")
        await customer.reply("human")
        await customer.close()
        await services.conversations.close(conversation, DANA)
        [message] = await smtp.wait_for(1)
        assert message["Subject"] == "Your conversation with Harbor Market support"
        plain, _ = bodies(message)
        order = [plain.index(t) for t in ("never came", "All sorted: a new parcel left today.")]
        assert order == sorted(order)  # the customer's question, then the reply, in order
        assert "You:" in plain
    finally:
        await server.close()
        await services.close()
    assert len(smtp.received) == 1


@pytest.mark.parametrize("url", [
    f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@mail.example:notaport",
    f"smtp+plain://{SMTP_USER}:{SMTP_PASSWORD}@mail.example:25",  # a password in clear over the network
    f"ftp://{SMTP_USER}:{SMTP_PASSWORD}@mail.example",
])
def test_a_bad_smtp_url_stops_the_bot_with_one_line_and_exit_2(url: str) -> None:
    env = {**clean_environment(), "SMTP_URL": url, "EMAIL_FROM": SENDER, "WEBCHAT_SECRET": SECRET,
           "EMAIL_LINK_URL": LINK}
    done = subprocess.run([sys.executable, "-m", "bot", "web"], check=False, cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("baton: bad setting SMTP_URL: "), done.stderr
    assert SMTP_PASSWORD not in done.stderr + done.stdout


def test_smtp_url_without_email_from_names_email_from() -> None:
    from bot.settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="^EMAIL_FROM: required with SMTP_URL"):
        load_settings(_env_file=None, SMTP_URL="smtp://u:p@mail.example", WEBCHAT_SECRET=SECRET, EMAIL_LINK_URL=LINK)
