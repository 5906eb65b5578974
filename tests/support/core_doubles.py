"""In-process doubles of the conversation core's outside world: a brain, a channel, an inbox.

They implement the contracts the core calls (`bot.brain.base.Brain`, `bot.contracts.Channel`,
`bot.contracts.Inbox`) and record what they were told, so tests of `bot.router.Conversations`
run without the embedding model, a Redis server or sockets (errbot's and bolt-python's way).

Each recording double has `wait_until(check)`: it returns as soon as `check()` is truthy,
re-checking whenever something new is recorded (an `asyncio.Event`, no polling), and fails
with an AssertionError naming what did not happen after `timeout` seconds. Use it for positive
waits only; for "nothing happened" use `Conversations.drain()` first and then look.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from aiohttp import web

from bot.contracts import Change, Closed
from bot.models import Answer, Conversation, Decision, Message, Participant

T = TypeVar("T")


class _Recorder:
    """Wakes waiters whenever something is recorded."""

    def __init__(self) -> None:
        self._arrived = asyncio.Event()

    def _recorded(self) -> None:
        self._arrived.set()
        self._arrived = asyncio.Event()

    async def wait_until(self, check: Callable[[], T], timeout: float = 3.0, what: str = "") -> T:
        """`check()` once it is truthy (re-checked after each recording); AssertionError after `timeout` s."""
        try:
            async with asyncio.timeout(timeout):
                while not (result := check()):
                    await self._arrived.wait()
        except TimeoutError:
            raise AssertionError(f"not within {timeout:g} s: {what or 'the expected recording'}") from None
        return result


async def eventually(check: Callable[[], T | Awaitable[T]], timeout: float = 3.0, what: str = "") -> T:
    """`check()` (plain or async) once it is truthy, polled every 10 ms, for state no double
    records (e.g. the store's ledger); AssertionError after `timeout` s. Positive waits only."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = check()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value  # type: ignore[return-value]
        if loop.time() >= deadline:
            raise AssertionError(f"not within {timeout:g} s: {what or 'the expected state'}")
        await asyncio.sleep(0.01)


# -- the brain -------------------------------------------------------------------------------


class ScriptedBrain:
    """A deterministic `Brain`: answers a known question with its (text, confidence), else nothing.

    What it returns is what the real brain returns: an `Answer` (text None and confidence 0.0
    when it has nothing). `asked` records every question. With `hold()` called, each answer waits
    until `release()`, and `thinking` is set while one waits (to act while the brain works).
    `fail_with` makes answers raise that exception instead: every answer, or with `fail_on`
    only the answers to those questions.
    """

    def __init__(
        self,
        answers: Mapping[str, tuple[str, float]] | None = None,
        *,
        fail_with: BaseException | None = None,
        fail_on: Collection[str] | None = None,
    ) -> None:
        self.answers = dict(answers or {})
        self.fail_with = fail_with
        self.fail_on = None if fail_on is None else frozenset(fail_on)
        self.asked: list[str] = []
        self.thinking = asyncio.Event()
        self._gate: asyncio.Event | None = None

    def hold(self) -> None:
        """Make answers wait until `release()`."""
        self._gate = asyncio.Event()

    def release(self) -> None:
        """Let waiting (and later) answers through."""
        if self._gate is not None:
            self._gate.set()

    async def answer(
        self, question: str, *, participant: Participant, history: Sequence[Message], language: str = "en"
    ) -> Answer:
        """The scripted answer to `question` (the `Brain` protocol)."""
        self.asked.append(question)
        if self._gate is not None:
            self.thinking.set()
            await self._gate.wait()
        if self.fail_with is not None and (self.fail_on is None or question in self.fail_on):
            raise self.fail_with
        known = self.answers.get(question)
        if known is None:
            return Answer(text=None, sources=[], confidence=0.0)
        text, confidence = known
        return Answer(text=text, sources=[], confidence=confidence)


# -- a customer channel ----------------------------------------------------------------------


class RecordingChannel(_Recorder):
    """A `Channel` that reaches every customer (`holds` is True) and records what it delivers."""

    def __init__(self, name: str = "testchat") -> None:
        super().__init__()
        self.name = name
        self.sent: defaultdict[str, list[Message]] = defaultdict(list)
        self.states: defaultdict[str, list[str]] = defaultdict(list)
        self.typing_count: defaultdict[str, int] = defaultdict(int)
        self.started = False
        self.stopped = False

    async def start(self) -> None:
        """Nothing to connect to."""
        self.started = True

    async def stop(self) -> None:
        """Nothing to disconnect from."""
        self.stopped = True

    async def send(self, conversation: Conversation, message: Message) -> None:
        """Record a message delivered to the customer."""
        self.sent[conversation.id].append(message)
        self._recorded()

    async def state_changed(self, conversation: Conversation) -> None:
        """Record the conversation's state as the customer's client would show it."""
        self.states[conversation.id].append(conversation.state)
        self._recorded()

    async def typing(self, conversation: Conversation) -> None:
        """Record a typing indicator."""
        self.typing_count[conversation.id] += 1
        self._recorded()

    def holds(self, conversation_id: str) -> bool:
        """Every customer is reachable from here."""
        return True

    def by(self, conversation_id: str, author: str) -> list[Message]:
        """Messages delivered in this conversation from one author (bot, human, system)."""
        return [m for m in self.sent[conversation_id] if m.author == author]

    def texts(self, conversation_id: str) -> list[tuple[str, str]]:
        """(author, text) of every message delivered in this conversation, in order."""
        return [(m.author, m.text) for m in self.sent[conversation_id]]


# -- a staff inbox ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Opened:
    """One `Inbox.open` call: the conversation as handed off, its transcript and the decision."""

    conversation: Conversation
    transcript: tuple[Message, ...]
    decision: Decision


class RecordingInbox(_Recorder):
    """An `Inbox` that records every conversation opened, every change (in order) and every close."""

    def __init__(self, routes: Sequence[str] = ()) -> None:
        super().__init__()
        self._routes = tuple(routes)
        self.opened: list[Opened] = []
        self.changes: list[tuple[str, Change]] = []  # (conversation id, change), in arrival order
        self.closed: list[tuple[str, Closed]] = []
        self.notices: list[str] = []

    async def start(self) -> None:
        """Nothing to connect to."""

    async def stop(self) -> None:
        """Nothing to disconnect from."""

    def add_routes(self, app: web.Application) -> None:
        """No HTTP endpoints of its own."""

    async def open(self, conversation: Conversation, transcript: Sequence[Message], decision: Decision) -> str | None:
        """Record a handed-off conversation; its inbox ref is `ref-<id>`."""
        self.opened.append(Opened(conversation, tuple(transcript), decision))
        self._recorded()
        return f"ref-{conversation.id}"

    async def update(self, conversation: Conversation, change: Change) -> None:
        """Record a change."""
        self.changes.append((conversation.id, change))
        self._recorded()

    async def close(self, conversation: Conversation, closed: Closed) -> None:
        """Record a close."""
        self.closed.append((conversation.id, closed))
        self._recorded()

    async def notify(self, text: str) -> None:
        """Record an operational notice."""
        self.notices.append(text)
        self._recorded()

    async def all_clear(self, about: str, text: str) -> None:
        """Forget the notices about something fixed."""
        self.notices = [n for n in self.notices if not n.startswith(about)]
        self._recorded()

    def routes(self) -> Sequence[str]:
        """The routes it was built with."""
        return self._routes

    def opened_for(self, conversation_id: str) -> list[Opened]:
        """The `open` calls for one conversation."""
        return [o for o in self.opened if o.conversation.id == conversation_id]

    def changes_for(self, conversation_id: str, kind: type | None = None) -> list[Change]:
        """The changes of one conversation, in order (only those of type `kind`, if given)."""
        return [c for cid, c in self.changes if cid == conversation_id and (kind is None or isinstance(c, kind))]
