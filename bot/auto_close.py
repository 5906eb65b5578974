"""Auto-close: a conversation a person has, quiet since a staff reply, is closed after
`AUTO_CLOSE_AFTER`, the customer warned `AUTO_CLOSE_WARNING` before (docs/configuration.md#auto-close).

The same for every channel. A staff reply schedules two durable timers for its conversation,
`conversation|warn` and `conversation|close` (a later reply moves them; a customer message removes
them). What a timer does is decided when it fires, from the transcript: nothing unless the
conversation is still with a person (`waiting` or `human`) and its latest message from the
customer or staff is still a staff reply. With office hours the quiet time counts only the route's
open hours, as SLA clocks do, so a team closed over the weekend finds Friday's conversations open
on Monday.

The timers live in one sorted set per channel (`auto-close:{channel}`), fired by the processes
that serve that channel, so the channel's own part of a close (Discord: archive and lock the
thread) runs where the channel is. Each timer is taken for a lease and removed only once its work
is done: a process that dies or stops in the middle leaves it to another, and the work is safe to
repeat (the warning is stored once per staff reply, the close is one state transition).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from redis.exceptions import RedisError

from bot.practice import is_practice
from bot.store.timers import Timers, auto_close_timers
from bot.tasks import stop_task

if TYPE_CHECKING:
    from bot.models import Conversation, Message
    from bot.router import Conversations

log = logging.getLogger(__name__)

WARN = "warn"
CLOSE = "close"
LEASE_SECONDS = 60.0  # a timer whose process died in the middle of its work fires again this much later
OPEN_STATES = ("waiting", "human")
RECENT = 50  # transcript lines read first when looking for the latest staff or customer message
OFF = ("", "0", "off", "no", "none", "false")

ClosedHook = Callable[["Conversation", str], Awaitable[None]]

_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")


def parse_duration(text: str) -> float:
    """Seconds in a duration like `48h`, `2d`, `90m`, `30s` or `1d12h`; 0 for `0` or `off`;
    ValueError otherwise."""
    compact = text.strip().lower().replace(" ", "")
    if compact in OFF:
        return 0.0
    parts = _PART.findall(compact)
    if "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"{text!r} is not a duration like 48h, 2d, 90m or 1d12h (units s m h d w), or off")
    return sum(float(n) * _UNITS[u] for n, u in parts)


# A unit's name, singular and plural, in each language Baton ships texts in (German in the
# dative, as it follows "in": "in 4 Stunden"; French plural from 2: "1,5 heure").
_UNIT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {"day": ("day", "days"), "hour": ("hour", "hours"), "minute": ("minute", "minutes"),
           "second": ("second", "seconds")},
    "es": {"day": ("día", "días"), "hour": ("hora", "horas"), "minute": ("minuto", "minutos"),
           "second": ("segundo", "segundos")},
    "de": {"day": ("Tag", "Tagen"), "hour": ("Stunde", "Stunden"), "minute": ("Minute", "Minuten"),
           "second": ("Sekunde", "Sekunden")},
    "fr": {"day": ("jour", "jours"), "hour": ("heure", "heures"), "minute": ("minute", "minutes"),
           "second": ("seconde", "secondes")},
}


def duration_text(seconds: float, language: str = "en") -> str:
    """A duration as a customer reads it: "4 hours", "1 hour", "30 minutes", "45 seconds", in
    `language` ("4 horas", "4 Stunden", "4 heures"; English where Baton has no words for it)."""
    words = _UNIT_WORDS.get(language, _UNIT_WORDS["en"])
    unit, amount = "second", float(max(1, round(seconds)))
    # Days from two days on ("36 hours" reads better than "1.5 days").
    for from_seconds, size, name in ((86400.0 * 2, 86400.0, "day"), (3600.0, 3600.0, "hour"), (60.0, 60.0, "minute")):
        if seconds >= from_seconds:
            unit, amount = name, round(seconds / size * 2) / 2  # to the half unit: "1.5 hours"
            break
    singular, plural = words[unit]
    one = amount < 2 if language == "fr" else amount == 1
    number = f"{amount:g}" if language == "en" else f"{amount:g}".replace(".", ",")
    return f"{number} {singular if one else plural}"


@dataclass(frozen=True, slots=True)
class AutoClosePolicy:
    """How long a conversation may stay quiet after a staff reply (`after`, seconds), and how long
    before the close the customer is warned (`warning`, seconds; 0: no warning)."""

    after: float
    warning: float = 4 * 3600.0

    def __post_init__(self) -> None:
        if self.after <= 0:
            raise ValueError("after must be positive")
        if not 0 <= self.warning < self.after:
            raise ValueError("warning must be shorter than after")


class AutoCloser:
    """Schedules, fires and carries out auto-close timers for one conversation core (one process)."""

    def __init__(self, core: Conversations, policy: AutoClosePolicy | None, poll_seconds: float = 1.0) -> None:
        self.core = core
        self.policy = policy  # None: auto-close is off, every method is a no-op
        self.poll_seconds = poll_seconds
        self._timers: dict[str, Timers] = {}
        self._served: list[str] = []
        self._hooks: dict[str, ClosedHook] = {}
        self._task: asyncio.Task[None] | None = None

    # -- wiring ------------------------------------------------------------------------------

    def serve(self, channel: str) -> None:
        """Fire the timers of `channel`'s conversations in this process (it delivers to them)."""
        if channel not in self._served and not is_practice(channel):
            self._served.append(channel)

    def when_closed(self, channel: str, hook: ClosedHook) -> None:
        """After the core auto-closed a conversation of `channel` in this process, `hook(conversation,
        close_id)` does the channel's own part (Discord: archive and lock the thread, like /close);
        `close_id` is the same if the close is repeated after a crash."""
        self._hooks[channel] = hook

    async def start(self) -> None:
        """Poll the served channels' timers in the background (when auto-close is on)."""
        if self.policy is not None and self._task is None:
            self._task = asyncio.create_task(self._run(), name="auto-close")

    async def stop(self) -> None:
        """Stop polling; timers stay in Redis for the next process."""
        await stop_task(self._task)
        self._task = None

    # -- what the core tells it ----------------------------------------------------------------

    async def staff_replied(self, conversation: Conversation, message: Message) -> None:
        """A staff reply starts (or restarts) the quiet clock of its conversation."""
        if self.policy is None or is_practice(conversation.channel):
            return
        timers = self._timers_for(conversation.channel)
        try:
            if self.policy.warning:
                await timers.schedule(_name(conversation.id, WARN), self._warn_at(conversation, message.ts))
            await timers.schedule(_name(conversation.id, CLOSE), self._close_at(conversation, message.ts))
        except RedisError as exc:  # the reply went out; only its auto-close is missed
            log.warning("conversation=%s: could not schedule auto-close: %s", conversation.id, exc)

    async def customer_wrote(self, conversation: Conversation) -> None:
        """The customer answered: nothing is warned or closed until staff reply again."""
        if self.policy is None or is_practice(conversation.channel):
            return
        await self._timers_for(conversation.channel).cancel(
            _name(conversation.id, WARN), _name(conversation.id, CLOSE))

    async def pending(self, channel: str) -> dict[str, float]:
        """The channel's timers not yet fired, with their due times."""
        return await self._timers_for(channel).pending()

    # -- timers ----------------------------------------------------------------------------------

    def _timers_for(self, channel: str) -> Timers:
        if channel not in self._timers:
            async def on_due(name: str, channel: str = channel) -> None:
                await self._due(channel, name)

            self._timers[channel] = auto_close_timers(self.core.store, channel, on_due, self.poll_seconds,
                                                      LEASE_SECONDS)
        return self._timers[channel]

    async def _run(self) -> None:
        while True:
            for channel in list(self._served):
                try:
                    await self._timers_for(channel).fire_due()
                except Exception:
                    log.exception("auto-close poll failed for %s", channel)
            await asyncio.sleep(self.poll_seconds)

    def _open_after(self, conversation: Conversation, since: float, seconds: float) -> float:
        """`seconds` of the route's open hours after `since` (plain time without office hours)."""
        hours = self.core.hours
        if hours is None:
            return since + seconds
        return hours.for_route(conversation.route).due(since, seconds / 60)

    def _warn_at(self, conversation: Conversation, since: float) -> float:
        assert self.policy is not None
        return self._open_after(conversation, since, self.policy.after - self.policy.warning)

    def _close_at(self, conversation: Conversation, since: float) -> float:
        assert self.policy is not None
        return self._open_after(conversation, since, self.policy.after)

    async def _due(self, channel: str, name: str) -> None:
        from bot.store import ConversationNotFound

        if self.policy is None:
            return
        conversation_id, _, stage = name.rpartition("|")
        try:
            conversation = await self.core.store.get(conversation_id)
        except ConversationNotFound:
            return
        quiet = await self._quiet_since(conversation_id)
        if quiet is None:
            return  # the customer wrote since (or staff never did): nothing to warn about or close
        if conversation.state not in OPEN_STATES:
            if stage == CLOSE:  # closed meanwhile; if by this very close, a stopped process may have left it half done
                await self._close(conversation, quiet)
            return
        timers = self._timers_for(channel)
        now = time.time()
        if stage == WARN:
            at = self._warn_at(conversation, quiet.ts)
            if now < at:  # not quiet long enough yet (fired early): wait for the right time
                await timers.schedule(name, at)
                return
            await self._warn(conversation, quiet)
        elif stage == CLOSE:
            at = self._close_at(conversation, quiet.ts)
            if now < at:
                await timers.schedule(name, at)
                return
            if self.policy.warning and not await self.core.store.seen_inbound(conversation_id, _warning_id(quiet)):
                # The warning never went out (it was off, or its timer was lost): warn now and
                # close a whole warning period later, so the customer always has time to answer.
                await self._warn(conversation, quiet)
                await timers.schedule(name, self._open_after(conversation, now, self.policy.warning))
                return
            await self._close(conversation, quiet)

    async def _warn(self, conversation: Conversation, quiet: Message) -> None:
        assert self.policy is not None
        text = self.core.brand.localised(conversation.language).auto_close_notice(self.policy.warning)
        await self.core.warn_quiet(conversation, _warning_id(quiet), text)
        log.info("auto-close warning conversation=%s", conversation.id)

    async def _close(self, conversation: Conversation, quiet: Message) -> None:
        said = self.core.brand.localised(conversation.language).auto_closed_message
        closed = await self.core.close_quiet(conversation.id, quiet.id, said)
        if closed is None:
            return
        conversation, close_id = closed
        log.info("auto-closed conversation=%s", conversation.id)
        hook = self._hooks.get(conversation.channel)
        if hook is not None:
            await hook(conversation, close_id)

    async def _quiet_since(self, conversation_id: str) -> Message | None:
        """The latest staff reply when nobody wrote after it (the customer or staff); else None."""
        store = self.core.store
        for transcript in (await store.transcript(conversation_id, last=RECENT), None):
            if transcript is None:
                transcript = await store.transcript(conversation_id)
            for message in reversed(transcript):
                if message.author == "customer":
                    return None
                if message.author == "human":
                    return message
        return None


def _name(conversation_id: str, stage: str) -> str:
    return f"{conversation_id}|{stage}"


def _warning_id(quiet: Message) -> str:
    """The warning's idempotency key: one warning per staff reply, however often it is tried."""
    return f"auto-close-warning:{quiet.id}"


def policy_from(after: float | None, warning: float) -> AutoClosePolicy | None:
    """The policy the settings ask for (None: off)."""
    return AutoClosePolicy(after, warning) if after else None


__all__ = ["AutoClosePolicy", "AutoCloser", "duration_text", "parse_duration", "policy_from"]
