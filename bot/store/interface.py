"""What the conversation core needs from storage, in the core's words (bot/router.py, bot/delivery.py).

`bot.store.Store` implements it on Redis; another implementation (a different database, an
in-process fake for a new test suite) has to keep the same promises: appends are idempotent per
inbound id, transitions are atomic compare-and-set, a lock has one holder, and every stored
customer message stays on the unanswered ledger until `answered` (or `unlock(answered=...)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from bot.models import (
    Author,
    Conversation,
    Message,
    Participant,
    Source,
    StaffMember,
    State,
)

if TYPE_CHECKING:
    from bot.store.redis_store import (
        Announcement,
        Appended,
        RateLimit,
        Snapshot,
        Transition,
    )
    from bot.store.streams import DeliveryStreams
    from bot.store.timers import OnDue, Timers


class ConversationStore(Protocol):
    """Conversations, their transcripts and events, locks and the unanswered-message ledger."""

    # -- conversations -----------------------------------------------------------------------
    async def find_or_create(self, channel: str, external_ref: str, participant: Participant, *,
                             known_new: bool = False) -> tuple[Conversation, bool]:
        """The conversation for a channel's reference, created on first contact (and if it was new)."""
        ...

    async def get(self, conversation_id: str) -> Conversation:
        """The conversation's current fields; raises ConversationNotFound."""
        ...

    async def snapshot(self, conversation_id: str, *, last: int) -> Snapshot:
        """The conversation, its last `last` messages and its unanswered messages, at once."""
        ...

    async def transition(self, conversation_id: str, *, from_states: Iterable[State], to: State, kind: str,
                         assignee: StaffMember | None = None, actor: StaffMember | str = "", data: dict[str, Any] | None = None,
                         tags: Sequence[str] | None = None, route: str | None = None,
                         keep_route: bool = True) -> Transition:
        """Move to `to` if in one of `from_states` (atomically, with its event); the outcome."""
        ...

    async def add_tags(self, conversation_id: str, tags: Iterable[str]) -> list[str]:
        """Merge tags (order kept, no repeats); the full list."""
        ...

    async def set_inbox_ref(self, conversation_id: str, inbox_ref: str, *, only_if_unset: bool = False) -> None:
        """Remember the inbox's handle for the conversation."""
        ...

    async def set_participant(self, conversation_id: str, participant: Participant) -> None:
        """Record who the customer turned out to be."""
        ...

    async def set_language(self, conversation_id: str, language: str) -> None:
        """Record the language the customer last wrote in."""
        ...

    async def offer_language(self, conversation_id: str, language: str) -> bool:
        """Record `language` (the customer's app's) unless one is known already; True if it was."""
        ...

    # -- transcript and events ------------------------------------------------------------------
    async def append(self, conversation_id: str, author: Author, text: str, *, name: str | None = None,
                     sources: Sequence[Source] = (), inbound_id: str | None = None,
                     extra: dict[str, str] | None = None, awaits_answer: bool = False,
                     announce: Announcement | None = None, rate: RateLimit | None = None) -> Appended:
        """Append a message (once per `inbound_id`); raises RateLimited over `rate`."""
        ...

    async def seen_inbound(self, conversation_id: str, inbound_id: str) -> bool:
        """Whether a message with this inbound id is stored."""
        ...

    async def message(self, conversation_id: str, message_id: str) -> Message | None:
        """One stored message, or None."""
        ...

    async def message_extra(self, conversation_id: str, message_id: str, field: str) -> str:
        """A stored field of a message beyond `Message` (e.g. the sensitive kinds found)."""
        ...

    async def transcript(self, conversation_id: str, *, after: str | None = None,
                         last: int | None = None) -> list[Message]:
        """Messages in order: all, those after `after`, or the last `last`."""
        ...

    async def record_event(self, conversation_id: str, kind: str, *, actor: StaffMember | str = "",
                           data: dict[str, Any] | None = None, tags: Sequence[str] | None = None) -> None:
        """Record a lifecycle event that changes no state."""
        ...

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation's events, oldest first."""
        ...

    # -- answering: one holder per conversation, nothing left unanswered ------------------------
    async def lock(self, conversation_id: str, token: str, ttl_ms: int, *, last: int) -> Snapshot | None:
        """Take the conversation's lock for `token` (None if held) and read it."""
        ...

    async def extend_lock(self, conversation_id: str, token: str, ttl_ms: int) -> bool:
        """Keep a held lock; False when it lapsed."""
        ...

    async def unlock(self, conversation_id: str, token: str, *, answered: Sequence[str] = ()) -> None:
        """Release the lock, marking `answered` messages done in the same step."""
        ...

    async def is_locked(self, conversation_id: str) -> bool:
        """Whether some process holds the lock now."""
        ...

    async def is_unanswered(self, conversation_id: str, message_id: str) -> bool:
        """Whether the message still waits to be dealt with."""
        ...

    async def answered(self, conversation_id: str, message_id: str) -> None:
        """The message was dealt with (answered, handed off, withdrawn or given up)."""
        ...

    async def claim_unanswered(self, older_than: float, limit: int = 50) -> list[tuple[str, str, int]]:
        """Take over messages unanswered for `older_than` s: (conversation, message, failures)."""
        ...

    async def revisit_unanswered(self, conversation_id: str, message_ids: Sequence[str], *, due_in: float,
                                 older_than: float) -> None:
        """Make claimed messages due for takeover again in `due_in` seconds."""
        ...

    async def takeover_failed(self, conversation_id: str, message_id: str) -> None:
        """Count a failed attempt at a taken-over message."""
        ...

    async def unanswered_count(self) -> int:
        """How many customer messages wait for an answer now."""
        ...

    # -- what the core's helpers keep -----------------------------------------------------------
    def delivery_streams(self) -> DeliveryStreams:
        """The per-channel streams of what customers are sent."""
        ...

    def sla_timers(self, on_due: OnDue, poll_seconds: float = 1.0) -> Timers:
        """The SLA reminder timers, each fired once across processes."""
        ...
