"""The conversation a brain is answering, for its log lines (set by the router, read by the agent)."""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar

from bot.models import Message

_CONVERSATION: ContextVar[str | None] = ContextVar("baton_answering_conversation", default=None)


def answering(conversation_id: str) -> None:
    """Say which conversation this task is answering now (each answer runs in its own task)."""
    _CONVERSATION.set(conversation_id)


def current_conversation(history: Sequence[Message] = ()) -> str:
    """The conversation being answered: as set by `answering`, else the transcript's, else `-`
    (dry-run has none)."""
    known = _CONVERSATION.get()
    if known:
        return known
    for message in reversed(history):
        if message.conversation_id:
            return message.conversation_id
    return "-"
