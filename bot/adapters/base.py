"""Contracts between the router and the outside: customer channels and the staff inbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.models import Conversation, Decision, Message


class Channel(Protocol):
    """A customer-facing channel (web chat, Discord): delivers what the router sends."""

    name: str

    async def send(self, conversation: Conversation, message: Message) -> None:
        """Deliver one transcript message (bot, human or system) to the customer."""
        ...

    async def state_changed(self, conversation: Conversation) -> None:
        """Tell the customer's client that state or tags changed (a text fallback is fine)."""
        ...

    async def typing(self, conversation: Conversation) -> None:
        """Show that an answer is being prepared, where the platform can."""
        ...


class Inbox(Protocol):
    """The staff's shared inbox (Slack, or the built-in page): where handed-off conversations go.

    Staff actions come back through `bot.router.Conversations` (claim, reply, note, close,
    pass_to, mark_false_positive); the inbox never decides anything itself.
    """

    async def open(
        self, conversation: Conversation, transcript: Sequence[Message], decision: Decision
    ) -> str | None:
        """Show a newly handed-off conversation with its whole transcript; return its inbox ref."""
        ...

    async def mirror(self, conversation: Conversation, message: Message) -> None:
        """Add one later message (customer, bot, human relay or system) to the inbox thread."""
        ...

    async def update(self, conversation: Conversation) -> None:
        """Refresh what the inbox shows of state, assignee and tags."""
        ...

    async def alert(self, text: str) -> None:
        """Tell the staff about an operational problem (e.g. a rules file that was refused)."""
        ...
