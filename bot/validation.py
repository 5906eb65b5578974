"""Pydantic validation errors as the one-line `key: reason` every config file and setting reports."""

from __future__ import annotations

from typing import Any


def error_where(error: Any, top: str = "(top level)") -> str:
    """Where a pydantic error is, as dotted keys (`thread.auto_archive_minutes`)."""
    details = error if isinstance(error, dict) else {}
    return ".".join(str(part) for part in details.get("loc", ())) or top


def error_reason(error: Any) -> str:
    """What a pydantic error says, without pydantic's "Value error, " prefix."""
    details = error if isinstance(error, dict) else {}
    return str(details.get("msg", "invalid value")).removeprefix("Value error, ")
