"""The e-mail settings' values: `SMTP_URL` parsed into a target, durations like `5m`, sender checks.

Every error message here ends up on one `baton: bad setting ...` line: none of them quotes the
URL, which carries the SMTP password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.utils import parseaddr
from ipaddress import ip_address
from typing import Literal
from urllib.parse import unquote, urlsplit

Security = Literal["starttls", "tls", "none"]

# scheme -> (how the connection is secured, default port)
SCHEMES: dict[str, tuple[Security, int]] = {
    "smtp": ("starttls", 587),  # STARTTLS is required: the server must offer it
    "smtps": ("tls", 465),  # TLS from the first byte
    "smtp+plain": ("none", 25),  # no encryption: a relay on this machine or a private network
}
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"\\\x00-\x1f\x7f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smh])")


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    """Where and how e-mail is handed over: host, port, TLS mode and the login (if any)."""

    host: str
    port: int
    security: Security
    username: str | None = None
    password: str | None = field(default=None, repr=False)  # never printed, never logged

    def __str__(self) -> str:
        login = f"{self.username}@" if self.username else ""
        return f"{self.security} {login}{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpTarget:
    """`smtp://user:pass@host:587` (STARTTLS), `smtps://…:465` (TLS) or `smtp+plain://host:25`.

    ValueError names what is wrong, never the URL itself (it holds the password). A password
    over `smtp+plain` is refused unless the host is this machine: it would cross the network
    in clear."""
    try:
        parts = urlsplit(url.strip())
        port_text = parts.port
    except ValueError:
        raise ValueError("not a URL like smtp://user:password@mail.example:587 (is the port a number?)") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {', '.join(s + '://' for s in SCHEMES)} "
                         "(STARTTLS, TLS, or no encryption)")
    if not parts.hostname:
        raise ValueError("no host: write smtp://user:password@mail.example:587")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("only scheme, login, host and port, e.g. smtp://user:password@mail.example:587")
    security, default_port = SCHEMES[scheme]
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if password is not None and not username:
        raise ValueError("a password without a user name: write smtp://user:password@host")
    if security == "none" and password and not _is_loopback(parts.hostname):
        raise ValueError("a password over smtp+plain:// would cross the network unencrypted: "
                         "use smtp:// (STARTTLS) or smtps:// (TLS)")
    return SmtpTarget(parts.hostname, port_text or default_port, security, username, password)


def parse_duration(text: str) -> float:
    """Seconds in `5m`, `90s`, `1h`, `1m30s` (a bare number is minutes); ValueError otherwise."""
    compact = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", compact):
        compact += "m"
    parts = _DURATION.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"{text!r} is not a duration like 5m, 90s or 1h")
    return sum(float(n) * _UNITS[u] for n, u in parts)


def check_sender(value: str) -> str:
    """`support@shop.example` or `Shop support <support@shop.example>`; ValueError otherwise."""
    if any(c in value for c in "\r\n\0"):
        raise ValueError("must be one line")
    _, address = parseaddr(value)
    if not is_address(address):
        raise ValueError(f"{value!r} is not an address like 'Harbor Market <support@harbormarket.example>'")
    return value.strip()


def is_address(value: str) -> bool:
    """Whether `value` is a plain e-mail address: one `@`, a dotted domain, no spaces, controls or
    characters that could end a header; at most 254 characters."""
    return len(value) <= 254 and bool(_ADDRESS.fullmatch(value))


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
