"""Playing a practice scenario (`python -m bot practice`, docs/practice.md): the scripted customer
writes through the core on the `practice` channel, the real rules and brain hand the conversation
off to the real inbox, and staff replies come back here (delivery streams, like any channel) to be
answered from the script, until staff close it or the practice is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import signal
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from redis.exceptions import RedisError

from bot.models import Conversation, Inbound, Message, StaffMember
from bot.practice import PRACTICE_CHANNEL, PRACTICE_LABEL
from bot.practice.scenario import (
    SCENARIO_DIR,
    ScenarioError,
    ScenarioFile,
    Script,
    find_scenario,
    load_all,
    scenario_paths,
)
from bot.router import Accepted, Conversations
from bot.settings import Settings
from bot.store import stream_order
from bot.tasks import stop_task

ANSWER_SECONDS = 120.0  # how long an opening message may wait for the bot (the first answer loads models)
EXIT_CLOSED = 0  # staff closed the conversation
EXIT_NO_HANDOFF = 1  # the opening did not hand off (the rules changed since the scenario was written), or
# the practice could not go on (no answer from the bot, Redis gone)
EXIT_BAD = 2  # a bad scenario, a setting, or no shared Redis
EXIT_STOPPED = 130  # Ctrl-C (SIGINT) or SIGTERM: the conversation was closed for the trainee
# Who closes a conversation that is still with staff when the practice is stopped.
STOPPED_BY = StaffMember("baton-practice", "the practice run (stopped)")

Out = Callable[[str], None]


class PracticeError(RuntimeError):
    """The practice cannot go on (the bot never answered an opening message)."""


@dataclass(frozen=True, slots=True)
class Heard:
    """What the core told the scripted customer: a transcript message, or that the state changed."""

    conversation: Conversation
    message: Message | None = None


class PracticeChannel:
    """The `practice` customer channel (bot/contracts.py `Channel`): its customers are the scripts
    run by this process, so nothing said on it reaches a real person."""

    name = PRACTICE_CHANNEL

    def __init__(self) -> None:
        self._by_ref: dict[str, asyncio.Queue[Heard]] = {}
        self._ids: set[str] = set()

    def attach(self, external_ref: str) -> asyncio.Queue[Heard]:
        """The queue a run hears its conversation on (by its reference, known before it exists)."""
        return self._by_ref.setdefault(external_ref, asyncio.Queue())

    def bind(self, conversation_id: str) -> None:
        """The run's conversation exists now: take what other processes say to it (staff replies)."""
        self._ids.add(conversation_id)

    async def start(self) -> None:
        """Nothing to connect to."""

    async def stop(self) -> None:
        """Nothing to disconnect."""

    async def send(self, conversation: Conversation, message: Message) -> None:
        """Hand a transcript message (bot answer, notice, staff reply) to the script."""
        self._hear(Heard(conversation, message))

    async def state_changed(self, conversation: Conversation) -> None:
        """Tell the script the conversation was handed off, claimed, passed or closed."""
        self._hear(Heard(conversation))

    async def typing(self, conversation: Conversation) -> None:
        """A script does not watch the bot type."""

    def holds(self, conversation_id: str) -> bool:
        """Whether a run in this process plays this conversation."""
        return conversation_id in self._ids

    def _hear(self, heard: Heard) -> None:
        queue = self._by_ref.get(heard.conversation.external_ref)
        if queue is not None:
            queue.put_nowait(heard)


@dataclass(slots=True)
class Outcome:
    """How a practice went: the handoff's tags, the expected ones it lacked, who closed it."""

    handed_off: bool = False
    tags: list[str] = field(default_factory=list)
    missing_tags: list[str] = field(default_factory=list)
    closed_by: str | None = None
    staff_replies: int = 0


class PracticeRun:
    """One scenario played through the core: the opening, then an answer to each staff reply."""

    def __init__(self, conversations: Conversations, channel: PracticeChannel, scenario: ScenarioFile,
                 out: Out, *, inbox_url: str | None = None, answer_seconds: float = ANSWER_SECONDS) -> None:
        self.conversations = conversations
        self.store = conversations.store
        self.channel = channel
        self.scenario = scenario.scenario
        self.script = Script(self.scenario)
        self.out = out
        self.inbox_url = inbox_url
        self.answer_seconds = answer_seconds
        self.external_ref = f"practice-{uuid.uuid4().hex}"
        self.queue = channel.attach(self.external_ref)
        self.participant = self.scenario.customer.participant()
        self.conversation_id: str | None = None
        self.outcome = Outcome()
        self._seen: tuple[str, str | None, str | None] = ("bot", None, None)
        self._answered: set[str] = set()
        self._started = time.monotonic()

    @property
    def state(self) -> str:
        """The conversation's state as this run last saw it."""
        return self._seen[0]

    async def play(self) -> Outcome:
        """The whole practice: the opening, then staff replies answered until staff close it."""
        await self.open()
        if self.outcome.handed_off:
            await self.answer_staff()
        return self.outcome

    async def open(self) -> None:
        """Write the opening messages through the core, each after the bot answered the one before
        (once handed off, the AI is quiet and they go straight to the inbox)."""
        s = self.scenario
        self.out(f"Practice: {s.title} ({s.name})")
        self.out(f"Customer: {s.customer.describe()}. {PRACTICE_LABEL}: nothing reaches a real customer.")
        self.out(f"Expected tags: {', '.join(s.expect_tags)}")
        if s.goal:
            self.out(f"Goal: {s.goal}")
        self.out("")
        for number, text in enumerate(s.opening):
            accepted = await self._write(text, f"opening:{number}")
            if self.state == "bot":
                await self._await_answer(accepted)
            await self._refresh()
        if not self.outcome.handed_off:
            self.out("")
            self.out(f"The opening did not hand off (expected tags: {', '.join(s.expect_tags)}): the rules "
                     "may have changed since this scenario was written. Nothing reached the inbox.")

    async def answer_staff(self) -> None:
        """Answer each staff reply from the script until the conversation is closed."""
        while self.state != "bot":
            await self._handle(await self.queue.get())

    async def stop(self) -> None:
        """Stopped (Ctrl-C): close the conversation if it is still with staff (or about to be: an
        opening message being answered now may still hand it off)."""
        if self.conversation_id is None:
            return
        await self.conversations.drain(5.0)
        c = await self.store.get(self.conversation_id)
        if c.state == "bot":
            return
        outcome = await self.conversations.close(self.conversation_id, STOPPED_BY)
        self.out("")
        self.out("Practice stopped: the conversation is closed." if outcome.ok else f"Practice stopped: {outcome.text}")

    # -- steps ---------------------------------------------------------------------------

    async def _write(self, text: str, inbound_id: str) -> Accepted:
        accepted = await self.conversations.receive(
            Inbound(PRACTICE_CHANNEL, self.external_ref, inbound_id, self.participant, text))
        if self.conversation_id is None:
            self.conversation_id = accepted.conversation.id
            self.channel.bind(self.conversation_id)
        if accepted.is_new:
            self._line(self.participant.display_name or "customer", accepted.message.text)
        return accepted

    async def _await_answer(self, accepted: Accepted) -> None:
        """Hear what the core says until it answered `accepted` (an answer or a handoff notice)."""
        deadline = time.monotonic() + self.answer_seconds
        while True:
            remaining = deadline - time.monotonic()
            try:
                heard = await asyncio.wait_for(self.queue.get(), max(0.0, remaining))
            except TimeoutError:
                raise PracticeError(f"the bot did not answer {accepted.message.text!r} within "
                                    f"{self.answer_seconds:.0f} s") from None
            await self._handle(heard)
            message = heard.message
            if message is not None and message.author in ("bot", "system") \
                    and stream_order(message.id) > stream_order(accepted.message.id):
                return

    async def _handle(self, heard: Heard) -> None:
        message = heard.message
        if message is None:
            await self._refresh()
            return
        if message.author == "bot":
            self._line(message.name or "assistant", message.text)
        elif message.author == "system":
            self._line("notice", message.text)
        elif message.author == "human" and message.id not in self._answered:
            self._answered.add(message.id)
            self.outcome.staff_replies += 1
            self._line(message.name or "staff", message.text)
            await self._write(self.script.answer(message.text), f"reply:{message.id}")

    async def _refresh(self) -> None:
        """Read the conversation's state and say what changed: handed off, claimed, passed, closed."""
        if self.conversation_id is None:
            return
        c = await self.store.get(self.conversation_id)
        seen = (c.state, c.assignee, c.route)
        if seen == self._seen:
            return
        before, self._seen = self._seen[0], seen
        if c.state == "waiting" and before == "bot":
            await self._handed_off(c)
        elif c.state == "waiting":
            self._status(f"Passed to the {c.route or 'inbox'} queue, waiting for someone to claim it")
        elif c.state == "human":
            self._status(f"Claimed by {c.assignee}")
        elif before != "bot":
            events = await self.store.events(c.id)
            closed = [e for e in events if e.get("kind") == "closed"]
            self.outcome.closed_by = (closed[-1].get("actor") or "staff") if closed else "staff"
            self._status(f"Closed by {self.outcome.closed_by}")
            took = time.monotonic() - self._started
            after = f"{took:.0f} s" if took < 90 else f"{took / 60:.0f} min"
            self.out(f"Practice over: {self.outcome.staff_replies} staff "
                     f"repl{'y' if self.outcome.staff_replies == 1 else 'ies'}, closed after {after}.")

    async def _handed_off(self, c: Conversation) -> None:
        self.outcome.handed_off = True
        self.outcome.tags = list(c.tags)
        self.outcome.missing_tags = [t for t in self.scenario.expect_tags if t not in c.tags]
        handoffs = [e for e in await self.store.events(c.id) if e.get("kind") == "handoff"]
        reasons = handoffs[-1]["data"].get("reasons", []) if handoffs else []
        self._status(f"Handed off: tags {', '.join(c.tags) or '(none)'}; queue {c.route or 'inbox'}")
        for reason in reasons:
            self.out(f"  why: {reason}")
        if self.outcome.missing_tags:
            self.out(f"  expected tags missing: {', '.join(self.outcome.missing_tags)}")
        else:
            self.out("  expected tags: all there")
        where = f"{self.inbox_url}/inbox/c/{c.id}" if self.inbox_url else f"the Slack card marked {PRACTICE_LABEL}"
        self.out(f"Waiting for staff: {where} (Ctrl-C stops the practice and closes it)")

    def _status(self, text: str) -> None:
        self.out(f"[{text}]")

    def _line(self, who: str, text: str) -> None:
        first, *rest = text.splitlines() or [""]
        self.out(f"  {who} > {first}")
        for line in rest:
            self.out(f"  {' ' * len(who)}   {line}".rstrip())


# -- the command -------------------------------------------------------------------------------


def practice_command(settings: Settings, args: argparse.Namespace) -> int:
    """`python -m bot practice [--scenario NAME] [--list] [--dir DIR]` (docs/practice.md)."""
    folder: Path = args.dir or SCENARIO_DIR
    try:
        if args.list:
            _print_list(load_all(folder))
            return 0
        name = args.scenario or _any_scenario(folder)
        scenario = find_scenario(folder, name)
    except ScenarioError as exc:
        print(f"baton: {exc}", file=sys.stderr)
        return EXIT_BAD
    if settings.redis_url is None:
        # Without it the conversation would live in an in-memory store of this process alone, which
        # no inbox page or Slack card of the running bot could ever show.
        print("baton: REDIS_URL: practice opens its conversation in the running bot's Redis; set REDIS_URL to "
              "the one the bot uses", file=sys.stderr)
        return EXIT_BAD
    known = _rule_tags(settings)
    problem = scenario.unknown_tags(known) if known else None
    if problem:
        print(f"baton: {problem}", file=sys.stderr)
        return EXIT_BAD
    return asyncio.run(_practice(settings, scenario))


def _print_list(scenarios: Sequence[ScenarioFile]) -> None:
    for loaded in scenarios:
        s = loaded.scenario
        print(f"{s.name}\t{s.title}")
        print(f"\tcustomer: {s.customer.describe()}; trains: {', '.join(s.expect_tags)}")


def _any_scenario(folder: Path) -> str:
    paths = scenario_paths(folder)
    if not paths:
        raise ScenarioError(f"{folder}: no scenarios (*.yaml) here")
    return random.choice(paths).stem  # a trainee should not know which case comes next


def _rule_tags(settings: Settings) -> list[str]:
    """The tag names of the rules file (empty when it is broken: starting the bot says why)."""
    from bot.escalation.loader import RulesError, read_rules

    try:
        return [tag.name for tag in read_rules(settings.rules_path).rules.tags]
    except RulesError:
        return []


def _inbox_url(settings: Settings) -> str | None:
    """Where the running bot serves `/inbox`, when it does (no Slack)."""
    if settings.slack_enabled:
        return None
    host = "127.0.0.1" if settings.bot_host in ("0.0.0.0", "::", "") else settings.bot_host
    return f"http://{host}:{settings.bot_port}"


def _say(line: str) -> None:
    print(line, flush=True)


async def _practice(settings: Settings, scenario: ScenarioFile) -> int:
    from bot.app import StartupError, build_services

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # first: Ctrl-C while the models load ends cleanly too
        loop.add_signal_handler(sig, stop.set)
    try:
        services = await build_services(settings)
    except StartupError as exc:
        print(f"baton: {exc}", file=sys.stderr)
        return EXIT_BAD
    try:
        if not await services.store.ping():
            print("baton: REDIS_URL: the bot's Redis does not answer", file=sys.stderr)
            return EXIT_BAD
        if stop.is_set():
            return EXIT_STOPPED
        channel = PracticeChannel()
        services.conversations.register_channel(channel)
        run = PracticeRun(services.conversations, channel, scenario, _say, inbox_url=_inbox_url(settings))
        playing = asyncio.create_task(run.play(), name="practice")
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({playing, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not playing.done():
            await stop_task(playing)
            await run.stop()
            return EXIT_STOPPED
        await stop_task(stopping)
        try:
            outcome = playing.result()
        except (PracticeError, RedisError) as exc:
            print(f"baton: {exc}", file=sys.stderr)
            with contextlib.suppress(RedisError):
                await run.stop()
            return EXIT_NO_HANDOFF
        return EXIT_CLOSED if outcome.handed_off else EXIT_NO_HANDOFF
    finally:
        with contextlib.suppress(Exception):
            await services.close()
