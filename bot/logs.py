"""Structured one-line logs (key=value), with secrets kept out."""

from __future__ import annotations

import logging
import re
import sys

_SECRET_PATTERNS = [
    re.compile(r"xox[abposr]-[A-Za-z0-9-]+"),  # Slack tokens
    re.compile(r"xapp-[A-Za-z0-9-]+"),
    re.compile(r"(?i)(authorization|token|secret|password)=\S+"),
]


class RedactingFormatter(logging.Formatter):
    """Formats one line per record and blanks anything shaped like a credential."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for pattern in _SECRET_PATTERNS:
            line = pattern.sub(lambda m: m.group(0).split("=")[0] + "=[redacted]"
                               if "=" in m.group(0) else "[redacted]", line)
        return line.replace("\n", "\\n")


def setup_logging(level: str) -> None:
    """Send logs to stderr, one line each: `time level logger message`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiohttp.access", "httpx", "sentence_transformers", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
