"""Saved replies (`config/replies.yaml`, BOT_REPLIES; docs/inbox.md#saved-replies): the answers a
team gives again and again, kept in git, inserted by staff with the conversation's details filled
in. The file is read again when it changes; a broken edit keeps the last good replies."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.live_file import LiveFile
from bot.models import Conversation, Message, StaffMember
from bot.order_numbers import OrderNumbers
from bot.validation import error_reason, error_where
from bot.yaml_errors import yaml_error_text

PLACEHOLDERS = ("customer_name", "order_id", "staff_name", "marketplace")


class RepliesError(ValueError):
    """The replies file cannot be used; the message names the file, the reply and the reason."""


class SavedReply(BaseModel):
    """One saved reply: an id, the title staff pick it by, the text with {placeholders}."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")
    title: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=4000)

    @field_validator("text")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        for _, name, _, _ in string.Formatter().parse(value):
            if name is not None and name not in PLACEHOLDERS:
                known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                raise ValueError(f"{{{name}}} is not a placeholder (known: {known})")
        return value


class RepliesFile(BaseModel):
    """The whole file: `replies:` and its entries, ids unique."""

    model_config = ConfigDict(extra="forbid")

    replies: list[SavedReply] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> RepliesFile:
        ids = [r.id for r in self.replies]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"ids listed twice: {', '.join(twice)}")
        return self


def parse_replies(path: Path) -> list[SavedReply]:
    """The replies in `path` (none when there is no file); raises RepliesError."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise RepliesError(yaml_error_text(path, text, exc)) from None
    try:
        return RepliesFile.model_validate(data).replies
    except ValidationError as exc:
        raise RepliesError("; ".join(f"{path}: {_where(e, data)}: {error_reason(e)}" for e in exc.errors())) from None


def _where(error: object, data: object) -> str:
    """The error's key, naming the reply by its id ("replies[2] (refund-sent).text")."""
    where = error_where(error, top="(file)")
    loc: tuple[object, ...] = tuple(error.get("loc", ())) if isinstance(error, dict) else ()
    if len(loc) >= 2 and loc[0] == "replies" and isinstance(loc[1], int) and isinstance(data, dict):
        entries = data.get("replies") or []
        entry = entries[loc[1]] if loc[1] < len(entries) else None
        if isinstance(entry, dict) and entry.get("id"):
            where = where.replace(f"replies.{loc[1]}", f"replies[{loc[1]}] ({entry['id']})", 1)
    return where


@dataclass(frozen=True, slots=True)
class Filled:
    """A saved reply ready to send: its id, title and text with the conversation's details."""

    id: str
    title: str
    text: str


class SavedReplies:
    """The live saved replies, read from the file again when it changes."""

    def __init__(self, path: Path, order_numbers: OrderNumbers | None = None) -> None:
        self.path = path
        self.order_numbers = order_numbers if order_numbers is not None else OrderNumbers()  # ORDER_NUMBER_PATTERNS
        self._file = LiveFile(path, parse_replies, "saved replies")

    def all(self) -> list[SavedReply]:
        """Every saved reply, as the file lists them now (the last good list after a broken edit)."""
        return list(self._file.current())

    def filled(self, reply_id: str, conversation: Conversation, transcript: Sequence[Message],
               staff: StaffMember, marketplace: str) -> Filled | None:
        """The reply with this id, its placeholders filled for this conversation; None if unknown."""
        reply = next((r for r in self.all() if r.id == reply_id), None)
        if reply is None:
            return None
        values = {
            "customer_name": conversation.participant.display_name or "there",
            "order_id": last_order_id(transcript, self.order_numbers) or "your order",
            "staff_name": staff.name,
            "marketplace": marketplace,
        }
        return Filled(reply.id, reply.title, reply.text.format(**values))


def last_order_id(transcript: Sequence[Message], order_numbers: OrderNumbers) -> str | None:
    """The order number the customer mentioned last, as ORDER_NUMBER_PATTERNS writes it (`HM-100234`), if any."""
    for message in reversed(transcript):
        if message.author == "customer":
            found = order_numbers.find(message.text)
            if found:
                return found[-1]
    return None
