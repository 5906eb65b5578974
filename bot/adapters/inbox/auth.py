"""Staff sign-in for the built-in inbox page: the staff password, CSRF tokens, display names.

The sessions themselves are kept by the store (bot/store/staff_sessions.py).
"""

from __future__ import annotations

import hmac
import unicodedata

from bot.contracts import InboxError

MAX_NAME = 40


class InboxPageError(InboxError):
    """The inbox page cannot run with these settings; the message names the variable."""


class BadName(ValueError):
    """A display name staff cannot sign in with; the message says why."""


def token_matches(given: str, expected: str | None) -> bool:
    """Whether the staff password matches INBOX_TOKEN, in constant time; True when none is set."""
    if expected is None:
        return True
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def csrf_matches(given: object, expected: str) -> bool:
    """Whether a form's CSRF field is this session's token (constant time)."""
    return isinstance(given, str) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def clean_name(raw: object) -> str:
    """A staff display name as customers will see it; raises BadName with the reason."""
    if not isinstance(raw, str):
        raise BadName("Enter your name.")
    name = " ".join(raw.split())
    if not name:
        raise BadName("Enter your name: customers see it next to your replies.")
    if len(name) > MAX_NAME:
        raise BadName(f"Use at most {MAX_NAME} characters for your name.")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise BadName("Your name contains control characters.")
    return name
