"""Operators' logs: one JSON object per line when asked, with the conversation id as a field
and no credentials, so a log pipeline can follow one conversation across processes."""

from __future__ import annotations

import json
import logging

from bot.logs import JsonFormatter, RedactingFormatter


def record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("bot.router", logging.INFO, __file__, 1, message, args, info)


def test_json_logs_carry_the_conversation_id_as_a_field_and_hide_tokens() -> None:
    line = JsonFormatter().format(record(
        "handoff conversation=%s tags=%s via token=%s", "c0ffee12", "vendor-dispute,critical", "xoxb-123-abc"))
    entry = json.loads(line)
    assert entry["level"] == "INFO" and entry["logger"] == "bot.router"
    assert entry["conversation"] == "c0ffee12"
    assert entry["tags"] == "vendor-dispute,critical"
    assert "xoxb-123" not in line and entry["token"] == "[redacted]"


def test_a_traceback_stays_inside_one_json_line() -> None:
    try:
        raise RuntimeError("boom with xoxb-999-secret")
    except RuntimeError as exc:
        line = JsonFormatter().format(record("could not answer conversation=%s", "abc", exc=exc))
    assert "\n" not in line
    entry = json.loads(line)
    assert "RuntimeError" in entry["error"] and "xoxb-999" not in entry["error"]


def test_text_logs_are_one_line_each_without_tokens() -> None:
    line = RedactingFormatter("%(levelname)s %(message)s").format(
        record("slack said\nsomething token=%s", "xapp-1-secret"))
    assert "\n" not in line and "xapp-1" not in line
