"""Structured one-line logs (key=value text, or JSON objects), with secrets kept out."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import sys
import time
from collections.abc import Callable

_REDACTED = "[redacted]"


def _discord_token(m: re.Match[str]) -> str:
    """A Discord bot token (`id.timestamp.hmac`, base64url) if its first part decodes to a numeric id."""
    first = m.group(1)
    try:
        user_id = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4))
    except (binascii.Error, ValueError):
        return m.group(0)
    return _REDACTED if user_id.isdigit() and 15 <= len(user_id) <= 21 else m.group(0)


# Each pattern's match is replaced by the template (`\1` keeps a label) or by what the function returns.
_SECRET_PATTERNS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"xox[abposr]-[A-Za-z0-9-]+"), _REDACTED),  # Slack tokens
    (re.compile(r"xapp-[A-Za-z0-9-]+"), _REDACTED),
    # `Authorization: Bearer <token>` (RFC 6750 token68), before `authorization=` below eats the word Bearer.
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*"), r"\1" + _REDACTED),
    # OpenAI / Anthropic style keys (`sk-…`, `sk-proj-…`, `sk-ant-…`), Stripe secret and restricted keys.
    (re.compile(r"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{16,}"), _REDACTED),
    (re.compile(r"(?<![A-Za-z0-9_-])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"), _REDACTED),
    # The password in a URL's user info: redis://user:pass@host, rediss://:pass@host, postgres://…
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s/@]+(@)"), r"\1" + _REDACTED + r"\2"),
    # Discord bot tokens: base64url(user id) . base64url(timestamp) . HMAC
    (re.compile(r"(?<![\w.-])([\w-]{20,32})\.[\w-]{5,8}\.[\w-]{25,}(?![\w-])", re.ASCII), _discord_token),
    (re.compile(r"(?i)(authorization|token|secret|password)=\S+"), r"\1=" + _REDACTED),
]


_FIELD = re.compile(r"\b([a-z_]+)=([^\s;]+)")


def redact(text: str) -> str:
    """`text` with anything shaped like a credential blanked."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats one line per record and blanks anything shaped like a credential."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record)).replace("\n", "\\n")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ts, level, logger, msg, the message's `key=value` pairs
    (e.g. `conversation`) as fields, and the traceback if any; credentials blanked."""

    def format(self, record: logging.LogRecord) -> str:
        message = redact(record.getMessage())
        entry: dict[str, object] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": message,
        }
        for key, value in _FIELD.findall(message):
            entry.setdefault(key, value.rstrip(",.:"))
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str, format: str = "text") -> None:  # noqa: A002 - the setting's name
    """Send logs to stderr, one line each: `time level logger message`, or JSON objects."""
    handler = logging.StreamHandler(sys.stderr)
    if format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # botocore's DEBUG lines carry whole request bodies (customers' files) and signed S3 headers.
    for noisy in ("aiohttp.access", "httpx", "sentence_transformers", "faiss", "botocore", "aiobotocore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
