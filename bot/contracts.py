"""The two contracts the conversation core calls: customer channels and staff inboxes.

Adapters implement them and translate; every decision (what to answer, who may act, when to
remind, what the customer is told) is the core's (`bot/router.py`, `bot/staff.py`).
docs/architecture.md#contracts describes both, with a worked example of adding a channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from aiohttp import web

from bot.models import Conversation, Decision, Message


class Channel(Protocol):
    """A customer-facing channel (web chat, Discord): it hands every customer message to
    `Conversations.receive` and delivers what the core sends back."""

    name: str

    async def start(self) -> None:
        """Connect to the outside service (a no-op for channels served by the web app)."""
        ...

    async def stop(self) -> None:
        """Disconnect; what is not delivered yet stays queued for another process."""
        ...

    async def send(self, conversation: Conversation, message: Message) -> None:
        """Deliver one transcript message (bot, human or system) to the customer."""
        ...

    async def state_changed(self, conversation: Conversation) -> None:
        """Tell the customer's client that state, assignee or tags changed."""
        ...

    async def typing(self, conversation: Conversation) -> None:
        """Show that an answer is being prepared, where the platform can."""
        ...

    def holds(self, conversation_id: str) -> bool:
        """Whether this process can reach the customer now (an open socket, a gateway session)."""
        ...


# -- what changed, as the core tells an inbox ------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageAdded:
    """A later message of a handed-off conversation (customer, bot or system notice)."""

    message: Message


@dataclass(frozen=True, slots=True)
class Claimed:
    """A staff member took the conversation; the AI is quiet."""

    by: str


@dataclass(frozen=True, slots=True)
class Reopened:
    """A staff member replied after the conversation was closed: it is theirs again."""

    by: str


@dataclass(frozen=True, slots=True)
class Passed:
    """The conversation waits, unclaimed, in another route (by a person or by the SLA policy)."""

    by: str
    route: str
    note: str
    mention: str | None
    acknowledge_within: float | None
    notes: tuple[str, ...] = ()  # the internal notes so far, "who: text", for the new team
    due_at: float | None = None  # when a person should have claimed it there (office hours counted)


@dataclass(frozen=True, slots=True)
class Reminder:
    """Nobody claimed the conversation in time (`stage` 1: first reminder; 2: escalated)."""

    stage: int
    waited_minutes: float
    escalate_to: str | None = None  # the route it is being passed to, on a second miss


@dataclass(frozen=True, slots=True)
class Noted:
    """A staff member kept an internal note (never shown to the customer)."""

    by: str
    text: str


@dataclass(frozen=True, slots=True)
class Tagged:
    """A customer message written after the handoff fired tags the conversation did not have (a
    card number, a chargeback threat): the AI stays quiet, but the people holding it should know."""

    tags: tuple[str, ...]
    reasons: tuple[str, ...]  # "tag: what matched", for people


@dataclass(frozen=True, slots=True)
class MarkedNotEscalation:
    """A staff member judged the handoff unnecessary (counts against its tags in the report)."""

    by: str


@dataclass(frozen=True, slots=True)
class Closed:
    """A staff member returned the conversation to the AI."""

    by: str


Change = MessageAdded | Claimed | Reopened | Passed | Reminder | Noted | MarkedNotEscalation | Tagged


class InboxError(ValueError):
    """An inbox cannot run with these settings; the message names the variable (exit code 2)."""


class Inbox(Protocol):
    """The staff's shared inbox (Slack, or the built-in page): where handed-off conversations go.

    Staff actions come back through `bot.staff.StaffActions`; the inbox renders what the core
    tells it and shows staff the outcome texts the core returns.
    """

    async def start(self) -> None:
        """Connect to the outside service, if any (raises InboxError for bad settings)."""
        ...

    async def stop(self) -> None:
        """Disconnect; what is not posted yet stays queued for another process."""
        ...

    def add_routes(self, app: web.Application) -> None:
        """Mount the inbox's own HTTP endpoints on the bot's web app (raises InboxError)."""
        ...

    async def open(
        self, conversation: Conversation, transcript: Sequence[Message], decision: Decision
    ) -> str | None:
        """Show a newly handed-off conversation with its whole transcript; return its inbox ref."""
        ...

    async def update(self, conversation: Conversation, change: Change) -> None:
        """Show what changed: a later message, new tags, a claim, a pass, a reminder, a verdict."""
        ...

    async def close(self, conversation: Conversation, closed: Closed) -> None:
        """Show that the conversation went back to the AI."""
        ...

    async def notify(self, text: str) -> None:
        """Tell the staff about an operational problem (e.g. a rules file that was refused)."""
        ...

    async def all_clear(self, about: str, text: str) -> None:
        """Alerts beginning with `about` no longer hold (the rules file was fixed): stop showing
        them, or say `text` where a posted alert can't be taken back."""
        ...

    def routes(self) -> Sequence[str]:
        """Routes this inbox knows beyond the rules' own (e.g. SLACK_ROUTES), for passing."""
        ...


@dataclass(frozen=True, slots=True)
class StaffOutcome:
    """What a staff action did: `ok`, and the text the inbox shows the staff member."""

    ok: bool
    text: str
