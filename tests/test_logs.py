"""Operators' logs: one JSON object per line when asked, with the conversation id as a field
and no credentials, so a log pipeline can follow one conversation across processes."""

from __future__ import annotations

import json
import logging

import pytest

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


# A Discord bot token: base64url(user id) . base64url(timestamp) . HMAC (made up, never valid).
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.Zx9_kL2mN4pQ7rS1tU3vW5xY8zA0bC6dE2fG"


@pytest.mark.parametrize(
    ("message", "secret", "kept"),
    [
        ("calling openai headers={'Authorization': 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'}",
         "eyJhbGciOiJIUzI1NiJ9", "'Authorization': 'Bearer [redacted]'"),
        ("upstream replied 401 to Authorization: bearer 0a1b2c3d4e5f6a7b8c9d", "0a1b2c3d4e5f6a7b8c9d",
         "Authorization: bearer [redacted]"),
        ("authorization=Bearer abcdef0123456789", "abcdef0123456789", "authorization=[redacted]"),
        ("llm call failed with key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv_Wx-Yz012345",
         "Ab3dEf6hIj9kLm2nOp5qRs8tUv", "with key [redacted]"),
        ("using sk-1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJ for the brain", "1234567890abcdefghij",
         "using [redacted] for the brain"),
        ("store connecting to redis://default:s3cr3t-Pa55@redis.internal:6379/0", "s3cr3t-Pa55",
         "redis://default:[redacted]@redis.internal:6379/0"),
        ("store connecting to rediss://:hunter2hunter2@cache.example.com:6380", "hunter2hunter2",
         "rediss://:[redacted]@cache.example.com:6380"),
        (f"discord login failed with {DISCORD_TOKEN}, retrying", DISCORD_TOKEN.split(".")[2],
         "failed with [redacted], retrying"),
        (f"discord headers={{'Authorization': 'Bot {DISCORD_TOKEN}'}}", DISCORD_TOKEN.split(".")[0],
         "'Authorization': 'Bot [redacted]'"),
    ],
    ids=["bearer-jwt", "bearer-header", "authorization=bearer", "sk-proj", "sk-legacy", "redis-url",
         "rediss-url", "discord-token", "discord-bot-header"],
)
def test_bearer_tokens_api_keys_url_passwords_and_discord_tokens_are_redacted(
    message: str, secret: str, kept: str
) -> None:
    full = f"conversation=c0ffee12 order HM-100234 {message}"
    text_line = RedactingFormatter("%(levelname)s %(message)s").format(record(full))
    json_line = JsonFormatter().format(record(full))
    for line in (text_line, json.loads(json_line)["msg"]):
        assert secret not in line
        assert kept in line
        assert "conversation=c0ffee12 order HM-100234" in line
    assert json.loads(json_line)["conversation"] == "c0ffee12"


@pytest.mark.parametrize(
    "message",
    [
        "handoff conversation=c0ffee12 tags=vendor-dispute,critical order HM-100234",
        "the bearer of this order HM-100234 asked for a refund",
        "task-1234567890abcdefghij finished; see ask-a-question page",
        "loaded bot.escalation.sensitive v1.2.3 from docs.example.com/a.b.c",
        "connected to redis://redis:6379/0 and https://shop.example.com:443/orders/100234",
        "tracking 1Z999AA10123456784 order 2026-12-02 total 49.99",
        "conversation=MTIzNDU2Nzg5MDEy.abc.def replied",
    ],
)
def test_ordinary_log_text_is_left_alone(message: str) -> None:
    assert RedactingFormatter("%(message)s").format(record(message)) == message
