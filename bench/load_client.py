"""The customer side of bench/load.py: many web-chat sessions on one event loop, in a worker process.

Each session holds one WebSocket (`/chat/ws`, docs/webchat-protocol.md) and sends a question
every `cycle` seconds (jittered), whatever the answer time (when an answer takes longer than the
cycle, the next question follows the answer at once). A question is routine or, with probability
`handoff_share`, one that must be handed to a person; after a handoff the session sends one or
two follow-ups (which only people answer: bench/load.py watches them reach the Slack thread),
then hangs up and starts a new conversation.

What the worker reports (one dict through a multiprocessing queue, plus progress samples):
answer latencies, counts of answers, losses (acked, never answered within the timeout),
duplicates (a message id seen twice on a socket), error frames, disconnects, and the unique
tokens it put in handoff and follow-up texts with their send times.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

FOLLOWUPS = (
    "ok, thanks. my order number is in the email you sent, ref {token}",
    "any news? ref {token}",
    "I'm still here, please have a look (ref {token})",
    "adding a detail: it happened yesterday evening, ref {token}",
)
REPLY_AUTHORS = ("bot", "system", "human")
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


class Disconnected(Exception):
    """The socket ended while the session was using it."""


def letters(number: int) -> str:
    """A number written in letters only (a token no masking rule or IBAN pattern can match)."""
    out = []
    while True:
        number, digit = divmod(number, 26)
        out.append(ALPHABET[digit])
        if number == 0:
            return "".join(reversed(out))


@dataclass
class Plan:
    """What one worker runs: its sessions and the shared schedule (times are time.monotonic())."""

    worker: int
    sessions: list[dict[str, Any]]  # {"index", "url", "token"?, "role"}
    start_at: float  # first connections open here
    ramp: float  # sessions start spread over this many seconds
    window: tuple[float, float]  # the measured window; nothing new is sent after window[1]
    cycle: float  # seconds between a session's questions (mean)
    handoff_share: float
    answer_timeout: float
    ack_timeout: float
    followup_think: tuple[float, float]
    questions_per_conversation: int
    routine: dict[str, list[str]]  # role -> question texts
    handoff: dict[str, list[str]]  # role -> texts that must be handed off
    distinct: bool
    seed: int
    progress_every: float


@dataclass
class Stats:
    """Everything a worker counts and times."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latency_routine: list[float] = field(default_factory=list)  # seconds, send -> answer
    latency_handoff: list[float] = field(default_factory=list)  # seconds, send -> handoff notice
    latency_ack: list[float] = field(default_factory=list)
    answered_in_window: int = 0
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)  # token -> (kind, sent at)
    examples: list[str] = field(default_factory=list)  # a few details of losses, duplicates, errors
    open_sockets: int = 0
    open_min: int | None = None
    open_max: int = 0
    window_latencies: list[float] = field(default_factory=list)
    window_answers: int = 0

    def note(self, text: str) -> None:
        if len(self.examples) < 20:
            self.examples.append(text)


class Conn:
    """One WebSocket, i.e. one conversation: send, wait for frames, check every frame read."""

    def __init__(self, session: Session, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.session = session
        self.stats = session.stats
        self.ws = ws
        self.seen: set[str] = set()
        self.handed_off = False
        self.conversation = ""
        self.tags: list[str] = []

    def where(self) -> str:
        return f"session {self.session.index} conversation {self.conversation}"

    async def close(self) -> None:
        self.session.worker.socket_closed()
        with contextlib.suppress(Exception):  # a socket already gone
            await self.ws.close()

    async def send(self, frame: dict[str, Any]) -> None:
        try:
            await self.ws.send_str(json.dumps(frame))
        except (ConnectionError, RuntimeError, aiohttp.ClientError) as exc:
            raise Disconnected(repr(exc)) from None

    async def say(self, text: str, timeout: float) -> bool:
        """Send a customer message; True once it is acknowledged (stored)."""
        client_id = f"c{self.session.worker.plan.worker}-{self.session.worker.new_number()}"
        sent = time.monotonic()
        await self.send({"type": "message", "client_id": client_id, "text": text})
        ack = await self.wait(
            lambda f: f.get("client_id") == client_id and f.get("type") in ("ack", "error"), sent + timeout,
        )
        if ack is None:
            self.stats.counts["ack_timeouts"] += 1
            self.stats.note(f"{self.where()}: no ack within {timeout:g} s")
            return False
        if ack["type"] == "error":
            self.stats.counts["refused"] += 1
            return False
        self.stats.latency_ack.append(time.monotonic() - sent)
        self.stats.counts["acked"] += 1
        return True

    async def idle_until(self, deadline: float) -> None:
        """Read (and check) whatever arrives until `deadline`."""
        while await self.wait(lambda f: False, deadline) is not None:
            pass

    async def wait(self, match: Any, deadline: float) -> dict[str, Any] | None:
        """The first frame matching `match` before `deadline`; every frame read is checked."""
        while True:
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                return None
            try:
                message = await self.ws.receive(timeout=timeout)
            except TimeoutError:
                return None
            if message.type != aiohttp.WSMsgType.TEXT:
                raise Disconnected(f"{message.type.name} close code {self.ws.close_code}")
            frame = json.loads(message.data)
            self._observe(frame)
            if match(frame):
                return frame

    def _observe(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "message":
            message_id = str(frame.get("id"))
            if message_id in self.seen:
                self.stats.counts["duplicates"] += 1
                self.stats.note(f"{self.where()}: message {message_id} ({frame.get('author')}) arrived twice")
            self.seen.add(message_id)
            if self.handed_off and frame.get("author") == "bot":
                self.stats.counts["bot_after_handoff"] += 1
                self.stats.note(f"{self.where()}: the bot answered after the handoff")
        elif kind == "state":
            self.tags = list(frame.get("tags") or [])
        elif kind == "error":
            code = str(frame.get("code"))
            self.stats.errors[code] += 1
            self.stats.note(f"{self.where()}: error frame {code}: {frame.get('message')}")


class Session:
    """One customer seat: conversations one after another, each on a new socket.

    A conversation is 1 to `questions_per_conversation` questions; a handoff ends it early, and
    its follow-ups then run on that socket in a task of their own while the seat goes on with a
    new conversation, so the offered rate of answerable questions stays the planned one.
    """

    def __init__(self, worker: Worker, spec: dict[str, Any]) -> None:
        self.worker = worker
        self.plan = worker.plan
        self.stats = worker.stats
        self.index = int(spec["index"])
        self.url = f"{spec['url'].replace('http', 'ws', 1)}/chat/ws"
        self.token = spec.get("token")
        self.role = spec.get("role", "buyer")
        self.rng = random.Random(self.plan.seed * 1_000_003 + self.index)
        self.next_due = 0.0
        self.followups: set[asyncio.Task[None]] = set()

    def sending(self) -> bool:
        return time.monotonic() < self.plan.window[1]

    async def run(self) -> None:
        plan = self.plan
        await asyncio.sleep(max(0.0, plan.start_at + plan.ramp * self.rng.random() - time.monotonic()))
        # First question at a random point of the first cycle after the ramp, so sends are spread.
        self.next_due = plan.start_at + plan.ramp + self.rng.uniform(0, plan.cycle)
        while self.sending():
            conn = await self._connect()
            if conn is None:
                await asyncio.sleep(1.0)
                continue
            keep_open = False
            try:
                keep_open = await self._converse(conn)
            except Disconnected as exc:
                self.stats.counts["disconnects"] += 1
                self.stats.note(f"{conn.where()}: socket ended: {exc}")
            finally:
                if not keep_open:
                    await conn.close()
        if self.followups:
            await asyncio.gather(*self.followups, return_exceptions=True)

    async def _connect(self) -> Conn | None:
        try:
            ws = await self.worker.http.ws_connect(self.url, max_msg_size=0)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            self.stats.counts["connect_failures"] += 1
            self.stats.note(f"session {self.index}: connect failed: {exc!r}")
            return None
        self.worker.socket_opened()
        conn = Conn(self, ws)
        try:
            await conn.send({"type": "hello", "language": "en",  # as the widget says its language
                             **({"token": self.token} if self.token else {})})
            welcome = await conn.wait(lambda f: f.get("type") == "welcome", time.monotonic() + self.plan.ack_timeout)
        except Disconnected as exc:
            welcome = None
            self.stats.note(f"session {self.index}: socket ended before the welcome: {exc}")
        if welcome is None:
            self.stats.counts["welcome_timeouts"] += 1
            await conn.close()
            return None
        conn.conversation = str(welcome.get("conversation"))
        self.stats.counts["conversations"] += 1
        return conn

    async def _converse(self, conn: Conn) -> bool:
        """Ask this conversation's questions; True when the socket was handed to a follow-up task."""
        for _ in range(self.rng.randint(1, self.plan.questions_per_conversation)):
            await conn.idle_until(self.next_due)
            if not self.sending():
                await conn.idle_until(time.monotonic() + 0.5)  # anything late still shows up
                return False
            kind = "handoff" if self.rng.random() < self.plan.handoff_share else "routine"
            token = ""
            if kind == "handoff":
                token = self.worker.new_token()
                text = f"{self.rng.choice(self.plan.handoff[self.role])} (ref {token})"
            else:
                text = self.rng.choice(self.plan.routine[self.role])
                if self.plan.distinct:
                    text = f"{text} {self.worker.new_number()}"
            sent = time.monotonic()
            self.next_due = sent + self.plan.cycle * self.rng.uniform(0.5, 1.5)
            self.stats.counts[f"sent_{kind}"] += 1
            if not await conn.say(text, self.plan.ack_timeout):
                return False  # not acknowledged: counted; start a new conversation
            reply = await conn.wait(_is_reply, sent + self.plan.answer_timeout)
            now = time.monotonic()
            if reply is None:
                self.stats.counts[f"lost_{kind}"] += 1
                self.stats.note(f"{conn.where()}: {kind} message acked, no answer within "
                                f"{self.plan.answer_timeout:g} s: {text[:60]!r}")
                return False
            if reply.get("type") == "error":
                self.stats.counts[f"failed_{kind}"] += 1
                return False
            latency = now - sent
            (self.stats.latency_handoff if reply["author"] == "system" else self.stats.latency_routine).append(latency)
            self.stats.counts[f"answered_{reply['author']}"] += 1
            self.worker.answered(now, latency)
            if reply["author"] == "human":
                self.stats.counts["unexpected_human"] += 1
                return False
            if reply["author"] == "bot":
                if kind == "handoff":
                    self.stats.counts["handoff_not_triggered"] += 1
                continue
            # A handoff notice: the conversation now waits for a person.
            conn.handed_off = True
            if kind == "routine":
                self.stats.counts["routine_handed_off"] += 1  # (which tag: customers are not told)
            else:
                self.stats.tokens[token] = ("handoff", sent)
            task = asyncio.create_task(self._follow_up(conn))
            self.followups.add(task)
            task.add_done_callback(self.followups.discard)
            return True
        return False

    async def _follow_up(self, conn: Conn) -> None:
        """One or two messages for the person who will take over; then hang up."""
        try:
            for _ in range(self.rng.choice((1, 2))):
                await conn.idle_until(time.monotonic() + self.rng.uniform(*self.plan.followup_think))
                if not self.sending():
                    break
                token = self.worker.new_token()
                text = self.rng.choice(FOLLOWUPS).format(token=token)
                sent = time.monotonic()
                self.stats.counts["sent_followup"] += 1
                if not await conn.say(text, self.plan.ack_timeout):
                    return
                self.stats.tokens[token] = ("followup", sent)
            # Linger a moment: the AI must stay quiet (a bot answer now is counted).
            await conn.idle_until(time.monotonic() + self.rng.uniform(*self.plan.followup_think))
        except Disconnected as exc:
            self.stats.counts["disconnects"] += 1
            self.stats.note(f"{conn.where()}: socket ended during follow-ups: {exc}")
        finally:
            await conn.close()


def _is_reply(frame: dict[str, Any]) -> bool:
    if frame.get("type") == "message":
        return frame.get("author") in REPLY_AUTHORS
    return frame.get("type") == "error" and frame.get("code") == "internal"


class Worker:
    """All the sessions of one worker process, one aiohttp client session, one event loop."""

    def __init__(self, plan: Plan, progress: Any) -> None:
        self.plan = plan
        self.progress = progress
        self.stats = Stats()
        self.http: aiohttp.ClientSession
        self._numbers = 0
        self._tokens = 0
        self.cpu_window = float("nan")

    def new_number(self) -> int:
        self._numbers += 1
        return self._numbers * 16 + self.plan.worker

    def new_token(self) -> str:
        self._tokens += 1
        return "zq" + letters(self._tokens * 16 + self.plan.worker)

    def socket_opened(self) -> None:
        self.stats.open_sockets += 1
        self.stats.open_max = max(self.stats.open_max, self.stats.open_sockets)

    def socket_closed(self) -> None:
        self.stats.open_sockets -= 1

    def answered(self, at: float, latency: float) -> None:
        start, end = self.plan.window
        if start <= at <= end:
            self.stats.answered_in_window += 1
        self.stats.window_answers += 1
        self.stats.window_latencies.append(latency)

    async def _report_progress(self) -> None:
        """Every `progress_every` seconds of the window (on a fixed schedule, numbered), report the
        answers and latencies of that interval; sample the open sockets every second."""
        start, end = self.plan.window
        every = self.plan.progress_every
        await asyncio.sleep(max(0.0, start - time.monotonic()))
        cpu_start, at_start = _cpu_seconds(), time.monotonic()
        self.stats.window_latencies, self.stats.window_answers = [], 0
        self.progress.put({"type": "mark", "worker": self.plan.worker, "counts": dict(self.stats.counts)})
        number = 0
        while True:
            number += 1
            due = min(end, start + number * every)
            while time.monotonic() < due:
                open_now = self.stats.open_sockets
                self.stats.open_min = open_now if self.stats.open_min is None else min(self.stats.open_min, open_now)
                await asyncio.sleep(min(1.0, max(0.0, due - time.monotonic())))
            latencies, answers = self.stats.window_latencies, self.stats.window_answers
            self.stats.window_latencies, self.stats.window_answers = [], 0
            self.progress.put({
                "type": "progress", "worker": self.plan.worker, "number": number, "at": time.monotonic(),
                "seconds": due - max(start, start + (number - 1) * every),
                "answers": answers, "latencies": latencies, "open": self.stats.open_sockets,
                "counts": dict(self.stats.counts),
            })
            if due >= end:
                break
        self.cpu_window = (_cpu_seconds() - cpu_start) / max(1e-9, time.monotonic() - at_start)

    async def run(self) -> dict[str, Any]:
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        async with aiohttp.ClientSession(connector=connector) as self.http:
            sessions = [Session(self, spec) for spec in self.plan.sessions]
            reporter = asyncio.create_task(self._report_progress())
            await asyncio.gather(*(s.run() for s in sessions))
            reporter.cancel()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        s = self.stats
        return {
            "type": "result", "worker": self.plan.worker,
            "counts": dict(s.counts), "errors": dict(s.errors),
            "latency_routine": s.latency_routine, "latency_handoff": s.latency_handoff,
            "latency_ack": s.latency_ack, "answered_in_window": s.answered_in_window,
            "tokens": s.tokens, "examples": s.examples,
            "open_min": s.open_min if s.open_min is not None else 0, "open_max": s.open_max,
            "cpu_seconds": usage.ru_utime + usage.ru_stime, "cpu_window": self.cpu_window,
            "max_rss_mb": usage.ru_maxrss / 1024,
        }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_worker(plan: Plan, queue: Any) -> None:
    """Entry point of a worker process: run the plan, put the result on `queue`."""
    try:
        queue.put(asyncio.run(Worker(plan, queue).run()))
    except BaseException as exc:
        import traceback

        queue.put({"type": "crash", "worker": plan.worker, "error": traceback.format_exc()})
        raise SystemExit(1) from exc


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
