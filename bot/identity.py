"""Signed web-chat identity tokens: the marketplace vouches that a visitor is a given buyer or vendor.

Format: `base64url(json claims) "." base64url(HMAC-SHA256(secret, first part))`. Claims:
`sub` (account id), `role` (buyer|vendor), `exp` (unix seconds), optional `name`, `tier`, and
`email`: where staff replies the customer did not see in the chat are e-mailed (bot/mail/), so
only an address the marketplace vouches for is ever written to.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

from bot.mail.config import is_address
from bot.models import ROLES, Participant

MAX_TOKEN_LENGTH = 2048


class BadToken(ValueError):
    """The token is malformed, forged, or expired; the message says which (never the secret)."""


@dataclass(frozen=True, slots=True)
class Identity:
    """What a valid token vouches for: the participant, and their e-mail address if it gave one."""

    participant: Participant
    email: str | None = None


def sign_identity(
    secret: str,
    *,
    account_id: str,
    role: str,
    ttl_seconds: int = 3600,
    name: str | None = None,
    tier: str | None = None,
    email: str | None = None,
    now: float | None = None,
) -> str:
    """A token for the marketplace's server to hand its logged-in user's widget."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if email is not None and not is_address(email):
        raise ValueError("email must be an address like mira@example.com")
    claims: dict[str, Any] = {
        "sub": account_id,
        "role": role,
        "exp": int((now or time.time()) + ttl_seconds),
    }
    if name:
        claims["name"] = name
    if tier:
        claims["tier"] = tier
    if email:
        claims["email"] = email
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{body}.{_b64(_mac(secret, body))}"


def verify_identity(secret: str, token: str, *, now: float | None = None) -> Participant:
    """The participant a valid token vouches for; raises BadToken otherwise."""
    return read_identity(secret, token, now=now).participant


def read_identity(secret: str, token: str, *, now: float | None = None) -> Identity:
    """The participant a valid token vouches for, and its `email` claim; raises BadToken otherwise
    (also for an `email` claim that is not a plain address: it would go into a mail header)."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        raise BadToken("malformed token")
    body, signature = token.split(".")
    try:
        given = _unb64(signature)
    except ValueError:
        raise BadToken("malformed token") from None
    if not hmac.compare_digest(given, _mac(secret, body)):
        raise BadToken("signature does not match")
    try:
        claims = json.loads(_unb64(body))
    except ValueError:
        raise BadToken("malformed token") from None
    if not isinstance(claims, dict):
        raise BadToken("malformed token")
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] < (now or time.time()):
        raise BadToken("token expired")
    if claims.get("role") not in ROLES or not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise BadToken("token lacks a valid role or account")
    email = claims.get("email")
    if email is not None and (not isinstance(email, str) or not is_address(email)):
        raise BadToken("the email claim is not an e-mail address")
    participant = Participant(
        role=claims["role"],
        account_id=claims["sub"],
        display_name=_optional_str(claims.get("name")),
        tier=_optional_str(claims.get("tier")),
        verified=True,
    )
    return Identity(participant, email or None)


def _mac(secret: str, body: str) -> bytes:
    return hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64url") from exc


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
