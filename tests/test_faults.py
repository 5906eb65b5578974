"""Fault tests with real processes on loopback: nothing a customer or a teammate sees is lost,
doubled or reordered when a bot process is killed, Redis restarts, Slack refuses posts, a
customer's connection drops, or the conversation spans two replicas (issue #8, Fault tests).

All of them run against `python -m bot web` processes on one private Redis (append-only file,
fsynced on every write) and the Slack Web API emulator. The processes are shared by the tests
of this module (start-up loads the model); a test that needs a process that an earlier test
killed restarts it. Customers are `Customer`s: a widget's behaviour without the browser
(reconnect through a load balancer, resume with `session` and `last_seen`, resend every
unacknowledged message with the same `client_id`, show each message id once, ordered by id).

The bots run the tests' own rules (tests/fixtures/rules/handoff.yaml), not the shipped ones.
That nothing arrives twice is shown without waiting a while and looking: each test ends with a
probe, one more message through the same ordered path (a conversation's messages are answered,
mirrored to Slack and fanned out to other replicas in order), and checks once the probe's own
result is through (a result that can be told apart from everything else: the handoff notice
after a request for a person, or the probe's own text); anything an earlier message would have
caused has happened by then.
"""

from __future__ import annotations

import asyncio
import copy
import json
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.conftest_slack import DANA, INBOX, SIGNING_SECRET, sign
from tests.emulators.slack_api import SlackApiEmulator, load_fixture
from tests.support.processes import BotProcess, RedisProcess
from tests.support.rules import HANDOFF, HANDOFF_NOTICE, HANDOFF_RULES
from tests.support.waiting import eventually

# Routine questions the shipped help centre answers (the tests' rules hand none of them off).
QUESTIONS = (
    "How do I track my parcel?",
    "How long do refunds take after I send something back?",
    "How do I change my delivery address?",
    "Which payment methods can I use?",
)
ANSWER_TIMEOUT = 60.0  # a dead process's unanswered messages are picked up by another after ~10-20 s


def question(customer: int, n: int) -> str:
    """The n-th routine question of a customer, unique within the conversation."""
    return f"{QUESTIONS[n % len(QUESTIONS)]} (ref {customer:02d}-{n + 1})"


def id_key(message_id: str) -> tuple[int, int]:
    """Message ids (`<ms>-<seq>`) as numbers, so they sort as the widget orders them."""
    ms, _, seq = message_id.partition("-")
    return int(ms), int(seq)


# -- the processes --------------------------------------------------------------------------


@dataclass
class Cluster:
    """Two web processes on one private Redis, talking to one Slack emulator."""

    redis: RedisProcess
    a: BotProcess
    b: BotProcess
    api: SlackApiEmulator
    prefix: str

    async def alive(self, *bots: BotProcess) -> None:
        """Make sure Redis and these processes run (restarting, on the same port, any an earlier test stopped)."""
        if not self.redis.running:
            self.redis.start()
        dead = [bot for bot in bots if not bot.running]
        await asyncio.gather(*(bot.restart() for bot in dead))
        await asyncio.gather(*(bot.wait_ready() for bot in bots))

    def logs(self, lines: int = 25) -> str:
        """The end of both processes' stderr, for assertion messages."""
        return "\n".join(f"--- bot {bot.name} stderr (last {lines} lines) ---\n{bot.stderr_tail(lines)}"
                         for bot in (self.a, self.b))


@pytest.fixture(scope="module")
async def cluster(tmp_path_factory: pytest.TempPathFactory, shipped_index: Path) -> AsyncIterator[Cluster]:
    """Bots A and B (`python -m bot web`, Slack inbox on the emulator) on a private persistent Redis."""
    workdir = tmp_path_factory.mktemp("faults")
    redis_server = RedisProcess(workdir / "redis")
    redis_server.start()
    api = SlackApiEmulator()
    await api.start()
    prefix = f"faults:{uuid.uuid4().hex[:10]}:"
    env = {
        "REDIS_URL": redis_server.url,
        "BOT_REDIS_PREFIX": prefix,
        "BOT_INDEX_DIR": str(shipped_index),
        "BOT_RULES": str(HANDOFF_RULES),
        "LOG_LEVEL": "INFO",
        "SLACK_BOT_TOKEN": api.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_INBOX_CHANNEL": INBOX,
        "SLACK_API_URL": api.base_url,
        # Every customer of these tests connects from 127.0.0.1, so they share one client's
        # budgets; the per-client limits are tested in test_webchat.
        "WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE": "10000",
        "WEBCHAT_CLIENT_RATE_PER_MINUTE": "100000",
        "WEBCHAT_MAX_SOCKETS_PER_CLIENT": "10000",
    }
    a = BotProcess("A", env, workdir / "bots")
    b = BotProcess("B", env, workdir / "bots")
    try:
        a.start()
        b.start()
        await asyncio.gather(a.wait_ready(), b.wait_ready())
        yield Cluster(redis_server, a, b, api, prefix)
    finally:
        a.close()
        b.close()
        await api.close()
        redis_server.close()


# -- customers ------------------------------------------------------------------------------


class Balancer:
    """A load balancer in front of the web processes: the preferred one, else the next that accepts."""

    def __init__(self, *urls: str) -> None:
        self.urls = list(urls)

    def candidates(self, preferred: int = 0) -> list[str]:
        """Every backend, the preferred one first."""
        start = preferred % len(self.urls)
        return self.urls[start:] + self.urls[:start]


@dataclass
class Shown:
    """A message as the widget shows it."""

    id: str
    author: str
    text: str
    name: str | None = None


class Customer:
    """One customer's widget, as `bot/adapters/webchat/static/widget.js` behaves, without the browser.

    Connects through the balancer; when the socket is lost, reconnects (to whichever backend
    accepts) with its `session` and `last_seen` (the highest message id received) and resends
    every message not yet acknowledged with its original `client_id`; a message refused with
    `unavailable` is resent too. Shows each message id once, ordered by id.
    """

    def __init__(self, label: str, balancer: Balancer, *, preferred: int = 0, session: str | None = None) -> None:
        self.label = label
        self.balancer = balancer
        self.preferred = preferred
        self.session = session
        self.conversation: str | None = None
        self.last_received: str | None = None
        self.shown: dict[str, Shown] = {}
        self.pending: dict[str, str] = {}  # client_id -> text, sent and not acknowledged yet
        self.acked: dict[str, str] = {}  # client_id -> message id
        self.said: list[tuple[str, str]] = []  # (client_id, text) in the order typed
        self.errors: list[dict[str, Any]] = []
        self.refused: dict[str, str] = {}  # client_id -> error code, for messages refused for good
        self.on_ack: list[Callable[[Customer], None]] = []  # called the moment an ack arrives
        self.problems: list[str] = []
        self.sockets: list[list[dict[str, Any]]] = []  # frames received, per connection
        self.backends: list[str] = []  # where each connection went
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None  # set once welcomed
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._changed = asyncio.Condition()
        self._resends: set[asyncio.Task[None]] = set()

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self, timeout: float = 30.0) -> Customer:
        """Open the chat and wait for the welcome."""
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, sock_connect=5))
        self._task = asyncio.create_task(self._run(), name=f"customer-{self.label}")
        await self.wait_for(lambda: self._ws is not None, timeout, "the welcome")
        return self

    async def close(self) -> None:
        """Hang up for good."""
        self._closing = True
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._http is not None:
            await self._http.close()

    def drop(self) -> None:
        """Lose the connection abruptly (no close handshake), as a network drop does."""
        ws = self._ws
        transport = getattr(getattr(ws, "_conn", None), "transport", None) if ws is not None else None
        if transport is None:
            raise AssertionError(f"{self.label}: no open connection to drop")
        transport.abort()

    @property
    def connected(self) -> bool:
        """Whether a welcomed socket is open."""
        return self._ws is not None

    # -- what the customer does ------------------------------------------------------------

    async def say(self, text: str, timeout: float = ANSWER_TIMEOUT) -> str:
        """Type a message and wait until it is acknowledged (resending as needed); its message id."""
        client_id = uuid.uuid4().hex
        self.pending[client_id] = text
        self.said.append((client_id, text))
        await self._send(client_id)
        await self.wait_for(lambda: client_id in self.acked or client_id in self.refused, timeout,
                            f"the ack of {text!r}")
        if client_id in self.refused:
            raise AssertionError(f"{self.label}: {text!r} was refused ({self.refused[client_id]}); {self.summary()}")
        return self.acked[client_id]

    # -- what the customer sees ------------------------------------------------------------

    def screen(self) -> list[Shown]:
        """The messages shown, in the widget's order (by id)."""
        return sorted(self.shown.values(), key=lambda m: id_key(m.id))

    def count(self, author: str) -> int:
        """How many messages by `author` are shown."""
        return sum(1 for m in self.shown.values() if m.author == author)

    def texts(self, author: str) -> list[str]:
        """The texts by `author` shown, in order."""
        return [m.text for m in self.screen() if m.author == author]

    async def wait_for(self, check: Callable[[], Any], timeout: float, what: str = "") -> None:
        """Wait until `check()` holds (re-checked on every frame); fail naming what did not come."""
        try:
            async with asyncio.timeout(timeout):
                async with self._changed:
                    await self._changed.wait_for(check)
        except TimeoutError:
            raise AssertionError(
                f"{self.label}: no {what or 'change'} within {timeout:.0f} s; {self.summary()}") from None

    async def settles(self, check: Callable[[], Any], timeout: float) -> bool:
        """Whether `check()` comes to hold within `timeout` (no failure)."""
        try:
            await self.wait_for(check, timeout)
        except AssertionError:
            return False
        return True

    def summary(self) -> str:
        """One line of what this customer has seen, for assertion messages."""
        authors = [m.author for m in self.screen()]
        return (f"conversation={self.conversation} said={len(self.said)} acked={len(self.acked)} "
                f"pending={list(self.pending.values())} shown={authors} reconnects={len(self.sockets) - 1} "
                f"backends={self.backends} errors={[e.get('code') for e in self.errors]} problems={self.problems}")

    # -- the connection ----------------------------------------------------------------------

    async def _run(self) -> None:
        failures = 0  # connections in a row that ended before a welcome: back off like the widget
        while not self._closing:
            ws = await self._connect()
            if ws is None:
                failures += 1
                await asyncio.sleep(min(0.1 * 2 ** failures, 1.0))
                continue
            welcomes = len(self.sockets)
            try:
                async for frame in ws:
                    if frame.type == aiohttp.WSMsgType.TEXT:
                        await self._on_frame(ws, json.loads(frame.data))
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                pass
            finally:
                self._ws = None
                await self._notify()
            welcomed = any(f.get("type") == "welcome" for f in self.sockets[welcomes - 1])
            failures = 0 if welcomed else failures + 1
            if not self._closing:
                await asyncio.sleep(min(0.05 * 2 ** failures, 1.0))

    async def _connect(self) -> aiohttp.ClientWebSocketResponse | None:
        assert self._http is not None
        for url in self.balancer.candidates(self.preferred):
            try:
                async with asyncio.timeout(10):
                    ws = await self._http.ws_connect(f"{url}/chat/ws", max_msg_size=0, autoping=True)
                    hello: dict[str, Any] = {"type": "hello"}
                    if self.session:
                        hello["session"] = self.session
                        if self.last_received:
                            hello["last_seen"] = self.last_received
                    await ws.send_str(json.dumps(hello))
            except (aiohttp.ClientError, ConnectionError, OSError, TimeoutError):
                continue
            self.sockets.append([])
            self.backends.append(url.rsplit(":", 1)[-1])
            return ws
        return None

    async def _send(self, client_id: str) -> None:
        ws = self._ws
        if ws is None or client_id not in self.pending:
            return  # sent again once welcomed
        try:
            await ws.send_str(json.dumps({"type": "message", "client_id": client_id, "text": self.pending[client_id]}))
        except (aiohttp.ClientError, ConnectionError, RuntimeError):
            pass

    async def _resend_later(self, client_id: str, delay: float) -> None:
        await asyncio.sleep(delay)
        await self._send(client_id)

    async def _on_frame(self, ws: aiohttp.ClientWebSocketResponse, frame: dict[str, Any]) -> None:
        self.sockets[-1].append(frame)
        kind = frame.get("type")
        if kind == "welcome":
            if self.conversation is not None and frame["conversation"] != self.conversation:
                self.problems.append(f"resumed into another conversation {frame['conversation']}")
            self.conversation = self.conversation or frame["conversation"]
            self.session = frame["session"]
            self._ws = ws
            for client_id in list(self.pending):
                await self._send(client_id)
        elif kind == "message":
            message_id = frame["id"]
            if self.last_received is None or id_key(message_id) > id_key(self.last_received):
                self.last_received = message_id
            self.shown.setdefault(message_id, Shown(message_id, frame["author"], frame["text"], frame.get("name")))
        elif kind == "ack":
            client_id = frame["client_id"]
            if client_id in self.pending:
                text = self.pending.pop(client_id)
                self.acked[client_id] = frame["id"]
                self.shown.setdefault(frame["id"], Shown(frame["id"], "customer", frame.get("text", text)))
                for hook in self.on_ack:
                    hook(self)
            elif self.acked.get(client_id, frame["id"]) != frame["id"]:
                self.problems.append(f"{client_id} acknowledged as {self.acked[client_id]} then {frame['id']}")
        elif kind == "error":
            self.errors.append(frame)
            client_id = frame.get("client_id")
            if frame.get("code") == "unavailable" and client_id in self.pending:
                resend = asyncio.create_task(self._resend_later(client_id, 0.5))
                self._resends.add(resend)
                resend.add_done_callback(self._resends.discard)
            elif client_id in self.pending:
                self.refused[client_id] = str(frame.get("code"))
            elif frame.get("code") in ("unknown_session", "session_refused"):
                self.problems.append(f"error {frame.get('code')}: {frame.get('message')}")
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()


async def transcript(url: str, session: str) -> list[Shown]:
    """The whole conversation as a fresh page shows it: resume with the session, no `last_seen`."""
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}/chat/ws") as ws:
        await ws.send_str(json.dumps({"type": "hello", "session": session}))
        replayed: list[Shown] = []
        async with asyncio.timeout(20):
            async for frame in ws:
                data = json.loads(frame.data)
                if data["type"] == "message":
                    replayed.append(Shown(data["id"], data["author"], data["text"], data.get("name")))
                elif data["type"] == "state":  # the replay comes between the welcome and the state
                    return replayed
                elif data["type"] == "error":
                    raise AssertionError(f"resuming for the transcript failed: {data}")
    raise AssertionError("the transcript was not replayed")


async def start_all(customers: Sequence[Customer]) -> None:
    """Open every customer's chat."""
    await asyncio.gather(*(c.start() for c in customers))


async def close_all(customers: Sequence[Customer]) -> None:
    """Hang up every customer."""
    await asyncio.gather(*(c.close() for c in customers), return_exceptions=True)


def answered_on_screen(customer: Customer) -> bool:
    """Every message the customer typed is acknowledged and has a bot answer on screen."""
    return not customer.pending and customer.count("bot") >= len(customer.said)


def check_answered_once(customer: Customer, stored: list[Shown]) -> list[str]:
    """What is wrong with a bot conversation ended by the probe (`ask_probe`): each typed message
    stored once, in order, with its own ack id; each question followed by exactly one answer, the
    probe by its handoff notice and nothing after; and the screen showing exactly the transcript."""
    problems = list(customer.problems)
    typed = [text for _, text in customer.said]
    customer_lines = [m for m in stored if m.author == "customer"]
    for client_id, text in customer.said:
        copies = [m for m in customer_lines if m.text == text]
        if len(copies) != 1:
            problems.append(f"{text!r} is in the transcript {len(copies)} times")
        elif client_id in customer.acked and copies[0].id != customer.acked[client_id]:
            problems.append(f"{text!r} was acknowledged as {customer.acked[client_id]} but stored as {copies[0].id}")
    if [m.text for m in customer_lines] != typed:
        problems.append(f"customer lines {[m.text for m in customer_lines]} != typed {typed}")
    if typed[-1:] != [HANDOFF] or [(m.author, m.text) for m in stored[-2:]] != [
            ("customer", HANDOFF), ("system", HANDOFF_NOTICE)]:
        problems.append(f"the transcript does not end with the probe and its handoff notice: "
                        f"{[(m.author, m.text[:30]) for m in stored[-3:]]}")
    questions = stored[:-2]
    others = [m.author for m in questions if m.author not in ("customer", "bot")]
    if others:
        problems.append(f"unexpected {others} messages (a handoff?)")
    asked = answered = 0
    for m in questions:
        asked += m.author == "customer"
        answered += m.author == "bot"
        if answered > asked:
            problems.append(f"an answer {m.id} comes before its question")
            break
    if answered != asked:
        problems.append(f"{asked} questions, {answered} answers")
    if [(m.id, m.author, m.text) for m in customer.screen()] != [(m.id, m.author, m.text) for m in stored]:
        problems.append(f"screen {[(m.id, m.author) for m in customer.screen()]} != transcript "
                        f"{[(m.id, m.author) for m in stored]}")
    return problems


async def answered_once_failures(customers: Sequence[Customer], url: str) -> dict[str, list[str]]:
    """For each customer whose screen is not their transcript answered once in order: what is wrong."""
    failures: dict[str, list[str]] = {}
    for customer in customers:
        stored = await transcript(url, customer.session or "")
        problems = check_answered_once(customer, stored)
        if problems:
            failures[customer.label] = problems + [customer.summary()]
    return failures


def failure_report(failures: dict[str, list[str]], cluster: Cluster, extra: str = "") -> str:
    """An assertion message: what went wrong per conversation, then the processes' logs."""
    lines = [f"{len(failures)} conversation(s) went wrong. {extra}"]
    for label, problems in list(failures.items())[:8]:
        lines.append(f"  {label}: " + "; ".join(problems))
    return "\n".join(lines) + "\n" + cluster.logs()


class KillSwitch:
    """SIGKILLs a bot the moment a customer's message is acknowledged once `armed()` holds: that
    message is being handled (answered, relayed to Slack) by the bot right then."""

    def __init__(self, bot: BotProcess, customers: Sequence[Customer], armed: Callable[[], bool],
                 measure: Callable[[], int] = lambda: 0) -> None:
        self.bot = bot
        self.armed = armed
        self.measure = measure
        self.measured: int | None = None  # `measure()` at the kill
        for customer in customers:
            customer.on_ack.append(self._on_ack)

    @property
    def fired(self) -> bool:
        """Whether the bot was killed."""
        return self.measured is not None

    def fire(self) -> None:
        """Kill the bot now (if not done yet)."""
        if not self.fired:
            self.measured = self.measure()
            self.bot.kill9()

    def _on_ack(self, customer: Customer) -> None:
        if not self.fired and self.armed():
            self.fire()


async def settles(check: Callable[[], Any], timeout: float) -> bool:
    """Whether `check()` comes to hold within `timeout` (a wait whose failure the checks after it report)."""
    try:
        await eventually(check, timeout, interval=0.1)
    except AssertionError:
        return False
    return True


async def ask_probe(customers: Sequence[Customer]) -> None:
    """Each customer asks for a person, the probe, and waits until the handoff notice shows.

    A conversation's messages are dealt with in order, each after the ones before it (a dead
    process's leftovers included), so once the notice is on screen anything an earlier message
    would have caused, such as a second answer, has been stored and sent. (A bot answer would
    not do as the probe's reply: nothing tells it from a second answer to an earlier question.)
    `check_answered_once` expects the probe and its notice at the end of the transcript.
    """
    await asyncio.gather(*(c.say(HANDOFF) for c in customers))
    await asyncio.gather(*(c.settles(lambda c=c: HANDOFF_NOTICE in c.texts("system"), ANSWER_TIMEOUT)
                           for c in customers))


# -- Slack's side ---------------------------------------------------------------------------


class SlackSide:
    """What Slack does for the inbox: deliver signed Events API requests, retrying failed ones."""

    def __init__(self, api: SlackApiEmulator) -> None:
        self.api = api
        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        self.deliveries: list[tuple[str, list[str]]] = []  # event id, outcome of each attempt

    async def close(self) -> None:
        """Stop delivering."""
        await self.http.close()

    def card_of(self, conversation: str) -> list[dict[str, Any]]:
        """Every root message in the inbox channel that is a card for this conversation."""
        return [m for m in self.api.roots(INBOX) if conversation in json.dumps(m.get("blocks") or [])]

    async def card(self, conversation: str, timeout: float = 30.0) -> dict[str, Any]:
        """The conversation's handoff card (waiting for it)."""
        cards = await eventually(lambda: self.card_of(conversation), timeout, interval=0.1,
                                 what=f"a handoff card for {conversation}")
        return cards[0]

    def thread(self, card: dict[str, Any]) -> str:
        """The card's thread as staff read it: every post, in order."""
        return "\n\n".join(m.get("text", "") for m in self.api.replies(INBOX, card["ts"]))

    def thread_posts(self, card: dict[str, Any]) -> list[str]:
        """The thread's posts in short (ts, start of the text, the bot's job id in the metadata), for reports."""
        return [f"{m['ts']} {m.get('text', '').split(chr(10), 1)[-1][:45]!r} "
                f"job={((m.get('metadata') or {}).get('event_payload') or {}).get('job')}"
                for m in self.api.replies(INBOX, card["ts"])]

    def reply_event(self, card: dict[str, Any], user: str, text: str) -> dict[str, Any]:
        """A staff member's reply in a card's thread, as an Events API `message` event."""
        payload = copy.deepcopy(load_fixture("event_thread_reply.json"))
        ts = self.api.next_ts()
        payload["event"].update({"text": text, "user": user, "ts": ts, "event_ts": ts, "thread_ts": card["ts"],
                                 "channel": INBOX, "client_msg_id": str(uuid.uuid4())})
        payload["event_id"] = "Ev" + uuid.uuid4().hex[:10].upper()
        return payload

    async def deliver(self, payload: dict[str, Any], first: str, retry_to: str, retries: int = 3) -> bool:
        """POST the event to `first`; while it does not get a 200, retry it to `retry_to` with the same
        event_id and `X-Slack-Retry-Num`, as Slack does (up to 3 retries). Whether one got a 200."""
        body = json.dumps(payload)
        outcomes: list[str] = []
        self.deliveries.append((payload["event_id"], outcomes))
        for attempt in range(retries + 1):
            url = first if attempt == 0 else retry_to
            headers = {"Content-Type": "application/json", **sign(body)}
            if attempt:
                headers.update({"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_error"})
                await asyncio.sleep(0.2 * attempt)
            try:
                async with self.http.post(f"{url}/slack/events", data=body.encode(), headers=headers) as response:
                    await response.read()
                    outcomes.append(str(response.status))
                    if response.status == 200:
                        return True
            except (TimeoutError, aiohttp.ClientError, ConnectionError) as exc:
                outcomes.append(type(exc).__name__)
        return False


@pytest.fixture
async def slack(cluster: Cluster) -> AsyncIterator[SlackSide]:
    """Slack's side of the inbox, for one test."""
    side = SlackSide(cluster.api)
    yield side
    await side.close()


def check_in_thread_once(thread: str, texts: Sequence[str]) -> list[str]:
    """What is wrong with a Slack thread: each text exactly once, in this order."""
    problems = []
    positions = []
    for text in texts:
        count = thread.count(text)
        if count != 1:
            problems.append(f"{text!r} is in the thread {count} times")
        positions.append(thread.find(text))
    found = [p for p in positions if p >= 0]
    if found != sorted(found):
        in_thread = [text for _, text in sorted((p, t) for p, t in zip(positions, texts) if p >= 0)]
        problems.append(f"the thread has the customer's messages out of order: {in_thread}")
    return problems


# -- e. a customer's connection drops mid-answer ------------------------------------------------------


async def test_a_customer_whose_connection_drops_mid_answer_sees_the_answer_once(cluster: Cluster) -> None:
    """e. The socket drops right after each ack; resumed with `last_seen`, each answer shows once."""
    await cluster.alive(cluster.b)
    customer = await Customer("dropper", Balancer(cluster.b.url)).start()
    try:
        await customer.say(question(0, 0))
        await customer.wait_for(lambda: customer.count("bot") == 1, ANSWER_TIMEOUT, "first answer")
        for n in range(1, 4):
            await customer.say(question(0, n))
            customer.drop()  # acknowledged: the answer is being prepared right now
            await customer.wait_for(lambda n=n: customer.connected and customer.count("bot") >= n + 1,
                                    ANSWER_TIMEOUT, f"answer {n + 1} after resuming")
        await ask_probe([customer])  # anything sent twice has arrived once the probe's notice is here
        stored = await transcript(cluster.b.url, customer.session or "")
        problems = check_answered_once(customer, stored)
        assert len(customer.sockets) == 4, f"the customer resumed after each drop: {customer.summary()}"
        assert not problems, failure_report({customer.label: problems}, cluster)
    finally:
        await customer.close()


# -- d. Slack answering 429 and 500 in bursts ---------------------------------------------------------


async def test_slack_rate_limits_and_errors_in_bursts_lose_and_repeat_no_post(
    cluster: Cluster, slack: SlackSide,
) -> None:
    """d. Slack answers 429 (Retry-After: 1) and 500 in bursts: each card and thread post lands once, in order."""
    await cluster.alive(cluster.b)
    api = cluster.api
    calls_before = len(api.calls)
    customers = [Customer(f"burst-{i}", Balancer(cluster.b.url)) for i in range(8)]
    await start_all(customers)
    try:
        # A burst of refusals just as everyone asks for a person: cards and transcripts wait them out.
        api.fail_next("chat.postMessage", 429, times=3, retry_after=1)
        api.fail_next("chat.postMessage", 500, times=2)
        api.fail_next("chat.postMessage", 429, times=2, retry_after=1)
        await asyncio.gather(*(c.say(HANDOFF) for c in customers))
        cards = await asyncio.gather(*(slack.card(c.conversation or "", timeout=45) for c in customers))
        # Another burst while the customers keep writing to the waiting conversations.
        api.fail_next("chat.postMessage", 500, times=3)
        api.fail_next("chat.postMessage", 429, times=3, retry_after=1)
        updates = {c.label: [f"Update {k} from customer {c.label}: the box is blue" for k in range(1, 4)]
                   for c in customers}

        async def keep_writing(customer: Customer) -> None:
            for text in updates[customer.label]:
                await customer.say(text)

        await asyncio.gather(*(keep_writing(c) for c in customers))
        expected = {c.label: [HANDOFF, HANDOFF_NOTICE, *updates[c.label]] for c in customers}
        await settles(lambda: all(text in slack.thread(card) for c, card in zip(customers, cards)
                                  for text in expected[c.label]), ANSWER_TIMEOUT)
        # The probe: one more update each. A conversation's posts go out in order, so once it is
        # in the thread, any post made twice has landed before it.
        probes = {c.label: f"Last update from customer {c.label}: the box is still blue" for c in customers}
        await asyncio.gather(*(c.say(probes[c.label]) for c in customers))
        for customer in customers:
            expected[customer.label].append(probes[customer.label])
        await settles(lambda: all(probes[c.label] in slack.thread(card) for c, card in zip(customers, cards)),
                      ANSWER_TIMEOUT)

        failures: dict[str, list[str]] = {}
        for customer, card in zip(customers, cards):
            problems = check_in_thread_once(slack.thread(card), expected[customer.label])
            if problems:
                problems.append(f"thread posts: {slack.thread_posts(card)}")
            count = len(slack.card_of(customer.conversation or ""))
            if count != 1:
                problems.append(f"{count} handoff cards")
            if problems:
                failures[customer.label] = problems
        refused = [c.status for c in api.calls[calls_before:] if not c.ok and c.status in (429, 500)]
        assert refused.count(429) >= 8 and refused.count(500) >= 5, f"Slack refused posts as scripted: {refused}"
        assert not failures, failure_report(failures, cluster)
    finally:
        await close_all(customers)


# -- f. two replicas, customers spread across them, a staff reply from Slack ----------------------------


async def test_two_replicas_customers_spread_across_them_get_everything_once(
    cluster: Cluster, slack: SlackSide,
) -> None:
    """f. Tabs on both replicas, staff replies delivered to either: every tab shows everything once."""
    await cluster.alive(cluster.a, cluster.b)
    backends = Balancer(cluster.a.url, cluster.b.url)
    first_tabs = [Customer(f"spread-{i}", backends, preferred=i) for i in range(6)]
    await start_all(first_tabs)
    # Each customer has a second tab open on the other replica.
    second_tabs = [Customer(f"spread-{i}-tab2", backends, preferred=i + 1, session=c.session)
                   for i, c in enumerate(first_tabs)]
    await start_all(second_tabs)
    tabs = first_tabs + second_tabs
    try:
        assert {c.backends[0] for c in first_tabs} == {bot.url.rsplit(":", 1)[-1] for bot in (cluster.a, cluster.b)}
        await asyncio.gather(*(c.say(question(i, 0)) for i, c in enumerate(first_tabs)))
        await asyncio.gather(*(c.wait_for(lambda c=c: c.count("bot") == 1, ANSWER_TIMEOUT, "the answer")
                               for c in first_tabs))
        await asyncio.gather(*(c.say(HANDOFF) for c in first_tabs))
        cards = await asyncio.gather(*(slack.card(c.conversation or "") for c in first_tabs))
        replies = [f"Dana here, I'm looking at this for customer {i}." for i in range(len(first_tabs))]
        # Slack delivers each reply to the replica the customer's first tab is not on.
        delivered = await asyncio.gather(*(
            slack.deliver(slack.reply_event(card, DANA, reply),
                          cluster.a.url if i % 2 else cluster.b.url, cluster.a.url)
            for i, (card, reply) in enumerate(zip(cards, replies))))
        assert all(delivered), f"Slack's deliveries: {slack.deliveries}"
        follow_ups = [f"Thanks Dana, customer {i} here again." for i in range(len(first_tabs))]
        await asyncio.gather(*(tab.say(text) for tab, text in zip(second_tabs, follow_ups)))

        def complete(tab: Customer, i: int) -> bool:
            return tab.texts("human") == [replies[i]] and follow_ups[i] in tab.texts("customer")

        for i, (first, second) in enumerate(zip(first_tabs, second_tabs)):
            await first.settles(lambda first=first, i=i: complete(first, i), 30)
            await second.settles(lambda second=second, i=i: complete(second, i), 30)
        await settles(lambda: all(f in slack.thread(card) for f, card in zip(follow_ups, cards)), 30)
        # The probes: one more message from each tab. Each reaches the other tab, on the other
        # replica, through the stream everything before it came through, and the Slack thread
        # after everything before it: once both are through, anything sent twice has arrived.
        probes = [(f"Customer {i} once more, from the first tab.", f"Customer {i} once more, from the second tab.")
                  for i in range(len(first_tabs))]

        async def probe(first: Customer, second: Customer, texts: tuple[str, str]) -> None:
            await first.say(texts[0])
            await second.say(texts[1])
            await first.settles(lambda: texts[1] in first.texts("customer"), 30)
            await second.settles(lambda: texts[0] in second.texts("customer"), 30)

        await asyncio.gather(*(probe(first, second, texts)
                               for first, second, texts in zip(first_tabs, second_tabs, probes)))
        await settles(lambda: all(p[1] in slack.thread(card) for p, card in zip(probes, cards)), 30)

        failures: dict[str, list[str]] = {}
        for i, (first, second) in enumerate(zip(first_tabs, second_tabs)):
            stored = await transcript(cluster.b.url, first.session or "")
            problems = []
            authors = ["customer", "bot", "customer", "system", "human", "customer", "customer", "customer"]
            if [m.author for m in stored] != authors or [stored[k].text for k in (0, 2, 4, 5, 6, 7)] != [
                    question(i, 0), HANDOFF, replies[i], follow_ups[i], *probes[i]]:
                problems.append(f"transcript {[(m.author, m.text[:40]) for m in stored]}")
            for tab in (first, second):
                if [(m.id, m.author, m.text) for m in tab.screen()] != [(m.id, m.author, m.text) for m in stored]:
                    problems.append(f"{tab.label} shows {[(m.author, m.text[:30]) for m in tab.screen()]}")
                frames = [f["id"] for socket in tab.sockets for f in socket if f["type"] == "message"]
                if len(frames) != len(set(frames)):
                    problems.append(f"{tab.label} received a message twice: {frames}")
                if len(tab.sockets) != 1 or tab.problems:
                    problems.append(f"{tab.label}: {tab.summary()}")
            problems += check_in_thread_once(slack.thread(cards[i]),
                                             [question(i, 0), HANDOFF, follow_ups[i], *probes[i]])
            if replies[i] in slack.thread(cards[i]):
                problems.append("the staff reply was posted back into its own thread")
            if len(slack.card_of(first.conversation or "")) != 1:
                problems.append(f"{len(slack.card_of(first.conversation or ''))} handoff cards")
            if problems:
                failures[first.label] = problems
        assert not failures, failure_report(failures, cluster)
    finally:
        await close_all(tabs)


# -- a. kill -9 of a web process mid-conversation ------------------------------------------------------


async def test_killing_a_web_process_mid_conversation_loses_and_repeats_nothing(cluster: Cluster) -> None:
    """a. kill -9 of A with answers in flight: customers resume on B; every message stored and answered once."""
    await cluster.alive(cluster.a, cluster.b)
    backends = Balancer(cluster.a.url, cluster.b.url)  # everyone starts on A; B takes them when A dies
    customers = [Customer(f"web-{i:02d}", backends) for i in range(20)]
    await start_all(customers)
    messages_each = 4

    def acks() -> int:
        return sum(len(c.acked) for c in customers)

    def unanswered() -> int:
        return sum(max(0, len(c.acked) - c.count("bot")) for c in customers)

    async def chat(i: int, customer: Customer) -> None:
        for n in range(messages_each):
            await customer.say(question(i, n))  # waits for the ack only, never for the answer

    switch = KillSwitch(cluster.a, customers, lambda: acks() >= len(customers) * messages_each // 3, unanswered)
    try:
        await asyncio.gather(*(chat(i, c) for i, c in enumerate(customers)))
        switch.fire()  # already done, mid-run
        await asyncio.gather(*(c.settles(lambda c=c: answered_on_screen(c), ANSWER_TIMEOUT) for c in customers))
        await ask_probe(customers)  # an answer given twice is stored once the probes' notices are here

        failures = await answered_once_failures(customers, cluster.b.url)
        assert switch.measured, "the test meant to kill A while answers were being prepared, but none were"
        moved = sum(1 for c in customers if len(c.sockets) > 1)
        assert moved == len(customers), f"every customer lost A and resumed on B ({moved} did)"
        assert not failures, failure_report(
            failures, cluster, f"A was killed with {switch.measured} acknowledged messages not yet answered.")
    finally:
        await close_all(customers)


# -- b. kill -9 with the Slack relay in flight ----------------------------------------------------------


async def test_killing_a_web_process_with_the_slack_relay_in_flight_loses_and_repeats_nothing(
    cluster: Cluster, slack: SlackSide,
) -> None:
    """b. kill -9 of A mid-relay: staff replies reach the customer once, in order; the thread has each
    customer message once, in order; one card per conversation."""
    await cluster.alive(cluster.a, cluster.b)
    api = cluster.api
    backends = Balancer(cluster.a.url, cluster.b.url)
    customers = [Customer(f"relay-{i}", backends) for i in range(6)]
    await start_all(customers)
    updates_each, replies_each = 4, 4
    try:
        await asyncio.gather(*(c.say(HANDOFF) for c in customers))
        cards = await asyncio.gather(*(slack.card(c.conversation or "") for c in customers))
        updates = {c.label: [f"Update {k} from {c.label}: the parcel still has not moved"
                             for k in range(1, updates_each + 1)] for c in customers}
        replies = {c.label: [f"Dana to {c.label}, reply {r}: checking with the courier"
                             for r in range(1, replies_each + 1)] for c in customers}
        relayed = {c.label: 0 for c in customers}
        undelivered: list[str] = []

        async def customer_writes(customer: Customer) -> None:
            for text in updates[customer.label]:
                await customer.say(text)
                await asyncio.sleep(0.1)  # paced like a person typing, so the kill lands mid-burst

        async def staff_replies(customer: Customer, card: dict[str, Any]) -> None:
            for text in replies[customer.label]:
                if await slack.deliver(slack.reply_event(card, DANA, text), cluster.a.url, cluster.b.url):
                    relayed[customer.label] += 1
                else:
                    undelivered.append(text)
                await asyncio.sleep(0.1)  # paced like a person typing, so the kill lands mid-burst

        # Killed as a customer's update is acknowledged (it is being relayed to Slack right then),
        # with staff replies still coming.
        switch = KillSwitch(cluster.a, customers, lambda: (
            sum(relayed.values()) >= len(customers) * replies_each // 3
            and sum(len(c.acked) for c in customers) >= len(customers) * (1 + updates_each // 2)))
        await asyncio.gather(*(customer_writes(c) for c in customers),
                             *(staff_replies(c, card) for c, card in zip(customers, cards)))
        switch.fire()  # already done, mid-burst
        assert not undelivered, f"Slack could not deliver {undelivered}: {slack.deliveries}"

        def complete(customer: Customer, card: dict[str, Any]) -> bool:
            return (len(customer.texts("human")) >= replies_each
                    and all(text in slack.thread(card) for text in updates[customer.label]))

        await asyncio.gather(*(settles(lambda c=c, card=card: complete(c, card), ANSWER_TIMEOUT)
                               for c, card in zip(customers, cards)))
        # Staff replies were stored before Slack got its 200 (all deliveries are done). The probe:
        # one more update each, mirrored to the thread after everything before it (a dead
        # process's leftovers included), so once it is there any post made twice has landed.
        probes = {c.label: f"Last update from {c.label}: still waiting for the courier" for c in customers}
        await asyncio.gather(*(c.say(probes[c.label]) for c in customers))
        await settles(lambda: all(probes[c.label] in slack.thread(card) for c, card in zip(customers, cards)),
                      ANSWER_TIMEOUT)

        failures: dict[str, list[str]] = {}
        for customer, card in zip(customers, cards):
            problems = list(customer.problems)
            stored = await transcript(cluster.b.url, customer.session or "")
            typed = [HANDOFF, *updates[customer.label], probes[customer.label]]
            if [m.text for m in stored if m.author == "customer"] != typed:
                said = [m.text for m in stored if m.author == "customer"]
                problems.append(f"customer lines in the transcript {said}")
            if [m.text for m in stored if m.author == "human"] != replies[customer.label]:
                problems.append(f"staff replies in the transcript {[m.text for m in stored if m.author == 'human']}")
            if customer.texts("human") != replies[customer.label]:
                problems.append(f"the customer sees staff replies {customer.texts('human')}")
            if [(m.id, m.author, m.text) for m in customer.screen()] != [(m.id, m.author, m.text) for m in stored]:
                problems.append(f"screen {[(m.author, m.text[:25]) for m in customer.screen()]} != transcript "
                                f"{[(m.author, m.text[:25]) for m in stored]}")
            in_thread = check_in_thread_once(slack.thread(card), typed)
            if in_thread:
                problems += in_thread + [f"thread posts: {slack.thread_posts(card)}"]
            cards_posted = len(slack.card_of(customer.conversation or ""))
            if cards_posted != 1:
                problems.append(f"{cards_posted} handoff cards")
            if problems:
                failures[customer.label] = problems
        retried = [(e, outcomes) for e, outcomes in slack.deliveries if len(outcomes) > 1]
        assert retried, "the test meant to kill A with staff replies still coming, but Slack had to retry none"
        on_b = cluster.b.url.rsplit(":", 1)[-1]
        assert all(c.backends[-1] == on_b for c in customers), (
            f"every customer resumed on B: {[c.backends for c in customers]}")
        assert not failures, failure_report(
            failures, cluster, f"Slack retried {len(retried)} event(s) to B: {retried[:6]}; "
                               f"emulator posts: {len(api.calls_to('chat.postMessage'))}.")
    finally:
        await close_all(customers)


# -- c. Redis restarted while customers chat -------------------------------------------------------------


async def test_a_redis_restart_mid_conversation_loses_nothing_acknowledged(cluster: Cluster) -> None:
    """c. Redis killed and restarted (append-only, fsync always) mid-chat: nothing acknowledged is lost or doubled."""
    await cluster.alive(cluster.b)
    customers = [Customer(f"redis-{i}", Balancer(cluster.b.url)) for i in range(10)]
    await start_all(customers)
    messages_each = 4
    ready_while_down: list[int | str] = []

    async def chat(i: int, customer: Customer) -> None:
        for n in range(messages_each):
            await customer.say(question(i, n))  # during the outage: refused or cut off, then resent
            await asyncio.sleep(0.3)  # paced like a person typing, so the outage lands mid-chat

    went_down = asyncio.Event()

    def stop_redis(customer: Customer) -> None:
        # Killed as a message is acknowledged, so its answer is being prepared; the append-only
        # file has every write Redis acknowledged (fsync always).
        if not went_down.is_set() and sum(len(c.acked) for c in customers) >= len(customers):
            cluster.redis.stop(kill=True)
            went_down.set()

    async def outage() -> None:
        # Redis stays down for about two seconds of real time (the customers keep writing
        # meanwhile); /readyz is asked halfway through.
        await went_down.wait()
        await asyncio.sleep(1.0)
        ready_while_down.append(await cluster.b.ready_status())
        await asyncio.sleep(1.0)
        cluster.redis.start()

    for customer in customers:
        customer.on_ack.append(stop_redis)
    try:
        down = asyncio.create_task(outage())
        await asyncio.gather(*(chat(i, c) for i, c in enumerate(customers)))
        await asyncio.wait_for(down, 30)
        await cluster.b.wait_ready(timeout=60)  # /readyz is 200 again: the bot reconnected to Redis
        await asyncio.gather(*(c.settles(lambda c=c: answered_on_screen(c), ANSWER_TIMEOUT) for c in customers))
        await ask_probe(customers)  # an answer given twice is stored once the probes' notices are here

        failures = await answered_once_failures(customers, cluster.b.url)
        touched = {c.label: [e.get("code") for e in c.errors] for c in customers if c.errors or len(c.sockets) > 1}
        assert ready_while_down == [503], f"/readyz while Redis was down: {ready_while_down}"
        assert touched, "the outage happened while customers were writing"
        assert not failures, failure_report(failures, cluster, f"customers hit by the outage: {touched}")
    finally:
        await close_all(customers)
        if not cluster.redis.running:
            cluster.redis.start()
