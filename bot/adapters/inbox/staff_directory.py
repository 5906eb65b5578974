"""The staff of the built-in inbox page, one entry per person (INBOX_STAFF_FILE, docs/inbox.md#staff).

Each person has an id (who holds a conversation is matched by it), the display name customers
see, and the SHA-256 of their own sign-in token: the file can live in git, the tokens do not.
`python -m bot staff add` writes an entry and prints its token once. The file is read again when
it changes; a broken edit is refused and the last good list stays in force.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.adapters.inbox.auth import BadName, clean_name
from bot.live_file import LiveFile
from bot.models import StaffMember
from bot.validation import error_reason, error_where

STAFF_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
ID_RULE = "use 1-40 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
TOKEN_BYTES = 24


class StaffFileError(ValueError):
    """The staff file cannot be used; the message names the file and the line."""


class StaffEntry(BaseModel):
    """One person who may sign in to the inbox page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    token_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not STAFF_ID.match(value):
            raise ValueError(ID_RULE)
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        try:
            return clean_name(value)
        except BadName as exc:
            raise ValueError(str(exc)) from None


class StaffFile(BaseModel):
    """The whole file: `staff:` and its entries, ids unique."""

    model_config = ConfigDict(extra="forbid")

    staff: list[StaffEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> StaffFile:
        seen: set[str] = set()
        for entry in self.staff:
            if entry.id in seen:
                raise ValueError(f"the id {entry.id!r} is listed twice; each person needs their own")
            seen.add(entry.id)
        return self


def token_hash(token: str) -> str:
    """What the staff file keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh per-person sign-in token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def parse_staff_file(path: Path) -> dict[str, StaffEntry]:
    """The entries of a staff file by id; raises StaffFileError naming `path` and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StaffFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise StaffFileError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    try:
        parsed = StaffFile.model_validate(data or {})
    except ValidationError as exc:
        raise StaffFileError("\n".join(
            f"{path}:{_line_of(root, error['loc'])}: {error_where(error, top='staff')}: {error_reason(error)}"
            for error in exc.errors()
        )) from None
    return {entry.id: entry for entry in parsed.staff}


def _line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """The line of the YAML node a pydantic error's location points at (or its nearest parent)."""
    node = root
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1 if node is not None else 1


class StaffDirectory:
    """Who may sign in to the inbox page with a token of their own, read from the staff file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = LiveFile(path, parse_staff_file, "inbox staff file")

    def verify(self, staff_id: str, token: str) -> StaffMember | None:
        """The staff member whose id and token these are, or None (constant time in the token)."""
        entry = self._file.current().get(staff_id.strip().lower())
        expected = entry.token_sha256 if entry else token_hash(new_token())
        matches = hmac.compare_digest(token_hash(token), expected)
        return StaffMember(entry.id, entry.name) if entry and matches else None

    def member(self, staff_id: str) -> StaffMember | None:
        """The staff member with this id as the file lists them now (None once removed)."""
        entry = self._file.current().get(staff_id)
        return StaffMember(entry.id, entry.name) if entry else None

    def __len__(self) -> int:
        return len(self._file.current())


def add_staff(path: Path, staff_id: str, name: str) -> str:
    """Add a person to the staff file (created if missing), keeping its comments; returns their
    new token, which is not stored anywhere. Raises StaffFileError when the entry cannot be added."""
    staff_id = staff_id.strip().lower()
    if not STAFF_ID.match(staff_id):
        raise StaffFileError(f"{staff_id!r} cannot be a staff id: {ID_RULE}")
    try:
        name = clean_name(name)
    except BadName as exc:
        raise StaffFileError(str(exc)) from None
    existing = parse_staff_file(path) if path.exists() else {}
    if staff_id in existing:
        raise StaffFileError(f"{path}: {staff_id!r} is already listed; remove that entry first to give them a new token")
    token = new_token()
    entry = (f"  - id: {staff_id}\n    name: {_yaml_string(name)}\n"
             f"    token_sha256: {token_hash(token)}\n")
    if not path.exists() or not existing and "staff:" not in path.read_text(encoding="utf-8"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + "staff:\n" + entry, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        if "staff: []" in text:
            text = text.replace("staff: []", "staff:", 1)
        path.write_text(text.rstrip("\n") + "\n" + entry, encoding="utf-8")
    parse_staff_file(path)  # what was written must load
    return token


def _yaml_string(value: str) -> str:
    return yaml.safe_dump(value, default_style='"', width=1000).strip()


HEADER = """\
# Staff who may sign in to the built-in inbox page (/inbox), one entry per person.
# Add people with `python -m bot staff add ID "Display name"`: it prints their token once.
# To revoke someone, delete their entry; their open sessions end on their next click.
"""
