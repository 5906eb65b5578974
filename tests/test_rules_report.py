"""`python -m bot report`: per-tag figures for the admins' weekly review, from the events stream."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from bot.escalation.report import build_report, format_report, parse_since
from bot.store import Store


def test_parse_since_reads_days_hours_minutes_and_refuses_nonsense() -> None:
    assert parse_since("7d") == 7 * 86400
    assert parse_since("24h") == 86400
    assert parse_since("30m") == 1800
    assert parse_since("1d12h") == 129600
    for bad in ("", "7", "d", "7 days", "-1d", "0h", "7x"):
        with pytest.raises(ValueError, match="bad duration"):
            parse_since(bad)


async def _event(r: aioredis.Redis, prefix: str, kind: str, conversation: str, ts: float,
                 tags: list[str] | None = None, actor: str = "", data: dict | None = None) -> None:
    await r.xadd(f"{prefix}events", {
        "kind": kind, "conversation": conversation, "ts": repr(ts),
        "tags": json.dumps(tags or []), "actor": actor, "data": json.dumps(data or {}),
    })


async def test_report_counts_firings_handoffs_response_times_and_false_positives(
    redis_url: str, redis_prefix: str
) -> None:
    r = aioredis.from_url(redis_url)
    now = time.time()
    try:
        # An old handoff outside the window must not count.
        await r.xadd(f"{redis_prefix}events", {"kind": "tagged", "conversation": "old", "ts": repr(now - 9 * 86400),
                                               "tags": json.dumps(["fraud"]), "actor": "", "data": "{}"},
                     id=f"{int((now - 9 * 86400) * 1000)}-0")
        t = now - 3600
        # As the core records them: a label is a `tagged` event; a handoff tag fires in its
        # `handoff` event only (its reasons name it), never in a `tagged` one too.
        await _event(r, redis_prefix, "tagged", "c1", t, ["high-value-vendor"])
        await _event(r, redis_prefix, "handoff", "c1", t, ["fraud"],
                     data={"acknowledge_within": 30, "reasons": ['fraud: keyword "stolen card"']})
        await _event(r, redis_prefix, "claimed", "c1", t + 120, actor="sam")
        await _event(r, redis_prefix, "closed", "c1", t + 900, actor="sam")
        await _event(r, redis_prefix, "handoff", "c2", t + 10, ["fraud"], data={"acknowledge_within": 30})
        await _event(r, redis_prefix, "claimed", "c2", t + 10 + 2400, actor="kim")  # missed the 30 min SLA
        await _event(r, redis_prefix, "false_positive", "c2", t + 2500, actor="kim")
        await _event(r, redis_prefix, "passed", "c2", t + 2600, ["legal"], actor="kim")
        await _event(r, redis_prefix, "handoff", "c3", t + 20, ["human-requested"])

        report = await build_report(Store(r, prefix=redis_prefix), 7 * 86400, now=now)
    finally:
        await r.aclose()

    fraud = report.tags["fraud"]
    assert (fraud.fired, fraud.handoffs, fraud.acknowledged, fraud.resolved) == (2, 2, 2, 1)
    assert sorted(fraud.acknowledge_seconds) == [120, 2400]
    assert fraud.resolve_seconds == [900]
    assert (fraud.within_sla, fraud.with_sla) == (1, 2)
    assert fraud.false_positives == 1 and fraud.false_positive_rate == 0.5
    assert report.tags["legal"].passed == 1
    assert report.tags["high-value-vendor"].fired == 1 and report.tags["high-value-vendor"].handoffs == 0
    human = report.tags["human-requested"]
    assert (human.fired, human.handoffs, human.acknowledged) == (1, 1, 0), "a handoff tag fired when it handed off"
    assert report.conversations == 3

    table = format_report(report)
    lines = table.splitlines()
    assert lines[0].startswith("Rules report ") and "3 conversations" in lines[0]
    header = lines[2].split()
    assert header[:3] == ["tag", "fired", "handoffs"]
    fraud_row = next(line for line in lines if line.startswith("fraud "))
    assert fraud_row.split() == ["fraud", "2", "2", "2", "21.0m", "40.0m", "1/2", "1", "15.0m", "0", "1", "50%"]


async def test_report_on_an_empty_stream_says_so(redis_url: str, redis_prefix: str) -> None:
    r = aioredis.from_url(redis_url)
    try:
        report = await build_report(Store(r, prefix=redis_prefix), 86400)
    finally:
        await r.aclose()
    assert report.tags == {}
    assert format_report(report).endswith("No rule events in this period.")


def test_report_without_redis_url_says_what_it_needs_instead_of_zero_events() -> None:
    """Without REDIS_URL the report would read an empty store of its own and print "0 events"
    while the bot had handed off five conversations: it refuses, naming the variable."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL" and not k.startswith("BOT_")}
    done = subprocess.run([sys.executable, "-m", "bot", "report", "--since", "1d"], env=env, capture_output=True,
                          text=True, timeout=60, check=False, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 2
    assert done.stderr.startswith("baton: REDIS_URL: the report reads the running bot's Redis")
    assert "events" not in done.stdout
