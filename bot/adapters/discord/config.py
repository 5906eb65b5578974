"""`config/discord.yaml`: the marketplace's server, its support channels, who is who, and the words used.

Validated with pydantic; a bad file stops start-up with one `file: field: reason` line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from bot.validation import error_reason, error_where
from bot.yaml_errors import yaml_error_text

Role = Literal["buyer", "vendor"]
ArchiveMinutes = Literal[60, 1440, 4320, 10080]  # the only durations Discord accepts


class DiscordConfigError(Exception):
    """The Discord config file is missing or wrong; the message names the file and the field."""


def _snowflake(value: object) -> object:
    """Ids may be written as numbers or as quoted strings; both become ints."""
    if isinstance(value, bool):
        raise ValueError("expected a Discord id (a number like 123456789012345678)")
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


Snowflake = Annotated[int, BeforeValidator(_snowflake), Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Identity(_Strict):
    """What a role or user entry says about a person; unset fields are left to later entries."""

    role: Role | None = None
    account_id: str | None = None
    tier: str | None = None


def _role_ref(value: object) -> object:
    """A role is named by its id (preferred: names can be copied) or by its exact name."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip():
        return int(value) if value.strip().isdigit() else value.strip()
    raise ValueError("expected a role id or a role name")


RoleRef = Annotated[int | str, BeforeValidator(_role_ref)]


class RoleEntry(Identity):
    """A Discord role (by id, or by exact name) that tells who a member is."""

    match: RoleRef


class ThreadSettings(_Strict):
    """How support threads are named and how long Discord keeps them open without activity."""

    name: str = "{name}: {question}"
    auto_archive_minutes: ArchiveMinutes = 1440

    @field_validator("name")
    @classmethod
    def _known_fields(cls, value: str) -> str:
        try:
            value.format(name="x", question="y")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"only {{name}} and {{question}} may be used: {exc}") from None
        return value


class RetryPolicy(_Strict):
    """How hard to try before a message waits for a later round (transient errors: 429, 5xx, timeouts, resets)."""

    attempts: int = Field(default=8, ge=1, le=50)
    first_delay: float = Field(default=1.0, gt=0, le=60)
    max_delay: float = Field(default=60.0, gt=0, le=600)
    # The longest one part of a message (or one thread creation) is tried in a row, discord.py's
    # own retries included; then a message waits for the next round and a thread gives way to a
    # reply in the channel. Rate limits (429) are waited out as Discord says, never given up.
    part_seconds: float = Field(default=120.0, gt=0, le=3600)


class DiscordConfig(_Strict):
    """The whole of `config/discord.yaml`."""

    guild_id: Snowflake
    support_channels: list[Snowflake] = Field(default_factory=list)
    ignore_roles: list[RoleRef] = Field(default_factory=list)  # e.g. moderators chatting in a support channel
    roles: list[RoleEntry] = Field(default_factory=list)
    users: dict[Snowflake, Identity] = Field(default_factory=dict)
    thread: ThreadSettings = Field(default_factory=ThreadSettings)
    delivery: RetryPolicy = Field(default_factory=RetryPolicy)
    member_cache_seconds: float = Field(default=300.0, ge=0)
    # Members with one of these roles (ids or exact names) may `/close` any support thread.
    staff_roles: list[RoleRef] = Field(default_factory=list)
    # A channel that also gets the transcript of every conversation closed with `/close`.
    transcript_channel: Snowflake | None = None
    # A question in a support channel opens a private thread (the customer and staff only) and is
    # deleted from the channel; needs `staff_roles`, whose members need Manage Threads to see them.
    private_tickets: bool = False
    # Staff who live in Discord: each handed-off conversation gets a card and a thread in this
    # channel (the staff inbox, instead of Slack or the /inbox page); needs `staff_roles`, whose
    # members alone may act there (docs/discord.md#staff-in-discord).
    staff_channel: Snowflake | None = None
    # A staff message in a card's thread starting with this is an internal note, never relayed.
    staff_note_prefix: str = Field(default="note:", min_length=1, max_length=20)

    @field_validator("staff_note_prefix")
    @classmethod
    def _prefix_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank: staff start an internal note with it")
        return value.strip()

    @field_validator("staff_channel")
    @classmethod
    def _staff_channel_needs_staff(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            return value
        if not info.data.get("staff_roles"):
            raise ValueError("needs staff_roles, the roles whose members may act on handoffs there "
                             "(docs/discord.md#staff-in-discord)")
        if value in (info.data.get("support_channels") or []):
            raise ValueError("must not be one of support_channels: customers would see the staff's threads")
        return value

    @field_validator("private_tickets")
    @classmethod
    def _private_tickets_need_staff(cls, value: bool, info: ValidationInfo) -> bool:
        if value and not info.data.get("staff_roles"):
            raise ValueError("needs staff_roles, the roles that see and answer the private tickets "
                             "(docs/discord.md#private-tickets)")
        return value


def load_discord_config(path: Path) -> DiscordConfig:
    """Read and validate the file; raise DiscordConfigError with `file: field: reason`."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
    except FileNotFoundError:
        raise DiscordConfigError(f"{path}: not found (see docs/discord.md)") from None
    except yaml.YAMLError as exc:
        raise DiscordConfigError(yaml_error_text(path, text, exc)) from None
    if not isinstance(raw, dict):
        raise DiscordConfigError(f"{path}: expected a mapping with at least guild_id")
    if "texts" in raw:
        raise DiscordConfigError(
            f"{path}: texts: every customer text is in brand.yaml now (staff_joined_message, passed_message, "
            "staff_signature, sources_label, not_saved_message, channel_pointer); move them there")
    try:
        return DiscordConfig.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise DiscordConfigError(f"{path}: {error_where(error)}: {error_reason(error)}") from None
