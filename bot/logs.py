"""Structured one-line logs (key=value text, or JSON objects), with secrets kept out."""

from __future__ import annotations

import json
import logging
import re
import sys
import time

_SECRET_PATTERNS = [
    re.compile(r"xox[abposr]-[A-Za-z0-9-]+"),  # Slack tokens
    re.compile(r"xapp-[A-Za-z0-9-]+"),
    re.compile(r"(?i)(authorization|token|secret|password)=\S+"),
]


_FIELD = re.compile(r"\b([a-z_]+)=([^\s;]+)")


def redact(text: str) -> str:
    """`text` with anything shaped like a credential blanked."""
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(0).split("=")[0] + "=[redacted]"
                           if "=" in m.group(0) else "[redacted]", text)
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
    for noisy in ("aiohttp.access", "httpx", "sentence_transformers", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
