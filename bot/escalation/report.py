"""The weekly rules review: per tag, how often it fired, handoffs, time to acknowledge and resolve,
and false positives marked by staff; then customers' ratings after a person closed their
conversation (bot/ratings.py), averaged per tag and per staff member; read from the global
`{prefix}events` Redis stream (practice runs left out)."""

from __future__ import annotations

import contextlib
import re
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from bot.practice import is_practice
from bot.store import ConversationNotFound, Store

_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
_SINCE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")


def parse_since(text: str) -> float:
    """Seconds in a duration like `7d`, `24h`, `30m`, `90s`, `2w` or `1d12h`; ValueError otherwise."""
    compact = text.strip().lower().replace(" ", "")
    parts = _SINCE.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"bad duration {text!r}: use a number and a unit, e.g. 7d, 24h, 30m (units s m h d w)")
    seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise ValueError(f"bad duration {text!r}: must be more than zero")
    return seconds


@dataclass(slots=True)
class TagStats:
    """Counts and durations (seconds) for one tag over the report's window."""

    tag: str
    fired: int = 0
    handoffs: int = 0
    passed: int = 0
    false_positives: int = 0
    acknowledge_seconds: list[float] = field(default_factory=list)
    resolve_seconds: list[float] = field(default_factory=list)
    within_sla: int = 0
    with_sla: int = 0

    @property
    def acknowledged(self) -> int:
        """Handoffs a person claimed."""
        return len(self.acknowledge_seconds)

    @property
    def resolved(self) -> int:
        """Handoffs that were closed."""
        return len(self.resolve_seconds)

    @property
    def false_positive_rate(self) -> float | None:
        """Share of handoffs (or firings, for label-only tags) that staff marked as wrong."""
        base = self.handoffs or self.fired
        return self.false_positives / base if base else None


@dataclass(slots=True)
class RatingStats:
    """Customers' ratings (1-5) counted for one tag or one staff member."""

    name: str
    scores: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many ratings."""
        return len(self.scores)

    @property
    def average(self) -> float:
        """The mean score (0 with none)."""
        return sum(self.scores) / len(self.scores) if self.scores else 0.0


@dataclass(slots=True)
class Report:
    """The report for one window: a row per tag, plus totals, and ratings per tag and per staff member."""

    start: float
    end: float
    events: int = 0
    conversations: int = 0
    tags: dict[str, TagStats] = field(default_factory=dict)
    ratings_by_tag: dict[str, RatingStats] = field(default_factory=dict)
    ratings_by_staff: dict[str, RatingStats] = field(default_factory=dict)  # by staff id

    def stats(self, tag: str) -> TagStats:
        """The row for `tag`, created on first use."""
        row = self.tags.get(tag)
        if row is None:
            row = self.tags[tag] = TagStats(tag)
        return row


@dataclass(slots=True)
class _Open:
    """A handoff waiting for its claim and close."""

    ts: float
    tags: list[str]
    sla_minutes: float | None
    claimed: bool = False


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


async def build_report(store: Store, since_seconds: float, *, now: float | None = None) -> Report:
    """Per-tag figures from the store's event log for the last `since_seconds`."""
    end = time.time() if now is None else now
    start = end - since_seconds
    report = Report(start=start, end=end)
    events = [e for e in await store.events_since(start) if e["ts"] >= start]
    practice = await _practice_conversations(store, events)
    events = [e for e in events if e["conversation"] not in practice]
    events.sort(key=lambda e: e["ts"])
    report.events = len(events)
    report.conversations = len({e["conversation"] for e in events})
    open_handoffs: dict[str, _Open] = {}
    last_tags: dict[str, list[str]] = {}
    for event in events:
        kind, conversation, tags = event["kind"], event["conversation"], event["tags"]
        if tags:
            last_tags[conversation] = tags
        if kind == "tagged":
            for tag in tags:
                report.stats(tag).fired += 1
        elif kind == "handoff":
            # The tags that fired for this handoff (its reasons name them) fired too: a handoff
            # tag must never read "fired 0, handoffs 1".
            reasons = event["data"].get("reasons") if isinstance(event["data"], dict) else None
            fired_now = {str(r).split(":", 1)[0] for r in reasons or []} or set(tags)
            for tag in tags:
                report.stats(tag).handoffs += 1
                if tag in fired_now:
                    report.stats(tag).fired += 1
            sla = event["data"].get("acknowledge_within") if isinstance(event["data"], dict) else None
            open_handoffs[conversation] = _Open(event["ts"], tags, float(sla) if sla else None)
        elif kind == "claimed":
            handoff = open_handoffs.get(conversation)
            if handoff is not None and not handoff.claimed:
                handoff.claimed = True
                waited = event["ts"] - handoff.ts
                for tag in handoff.tags:
                    row = report.stats(tag)
                    row.acknowledge_seconds.append(waited)
                    if handoff.sla_minutes is not None:
                        row.with_sla += 1
                        row.within_sla += int(waited <= handoff.sla_minutes * 60)
        elif kind == "passed":
            handoff = open_handoffs.get(conversation)
            for tag in tags or (handoff.tags if handoff else []):
                report.stats(tag).passed += 1
            if handoff is not None:  # a new queue: its own acknowledgement clock
                handoff.claimed = False
                handoff.ts = event["ts"]
        elif kind == "closed":
            handoff = open_handoffs.pop(conversation, None)
            if handoff is not None:
                for tag in handoff.tags:
                    report.stats(tag).resolve_seconds.append(event["ts"] - handoff.ts)
        elif kind == "false_positive":
            handoff = open_handoffs.get(conversation)
            for tag in tags or (handoff.tags if handoff else last_tags.get(conversation, [])):
                report.stats(tag).false_positives += 1
        elif kind == "rated":
            _count_rating(report, event)
    return report


def _count_rating(report: Report, event: dict[str, Any]) -> None:
    """A customer's rating, counted for the conversation's tags when it was closed and for the
    staff member who handled it (a comment added later is not another rating)."""
    data = event["data"] if isinstance(event["data"], dict) else {}
    score = data.get("score")
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        return
    for tag in event["tags"] or ["(no tag)"]:
        report.ratings_by_tag.setdefault(tag, RatingStats(tag)).scores.append(score)
    staff_id = str(data.get("staff_id") or data.get("staff") or "")
    name = str(data.get("staff") or staff_id or "(nobody)")
    row = report.ratings_by_staff.setdefault(staff_id, RatingStats(name))
    row.name = name  # the latest name they went by
    row.scores.append(score)


async def _practice_conversations(store: Store, events: list[dict[str, Any]]) -> set[str]:
    """The conversations of practice runs (docs/practice.md): training, left out of the report. Their
    `created` event names the channel; one created before the window is looked up."""
    created = {e["conversation"]: e["data"].get("channel") for e in events
               if e["kind"] == "created" and isinstance(e["data"], dict)}
    practice = {c for c, channel in created.items() if is_practice(str(channel))}
    for conversation in {e["conversation"] for e in events} - created.keys():
        with contextlib.suppress(ConversationNotFound):
            if is_practice((await store.get(conversation)).channel):
                practice.add(conversation)
    return practice


def _minutes(values: list[float], q: float) -> str:
    if not values:
        return "-"
    if q == 0.5:
        value = statistics.median(values)
    else:
        ordered = sorted(values)
        value = ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
    return f"{value / 60:.1f}m" if value < 3600 else f"{value / 3600:.1f}h"


def format_report(report: Report) -> str:
    """The report as a text table, one row per tag (most handoffs first)."""
    since = time.strftime("%Y-%m-%d %H:%M", time.gmtime(report.start))
    until = time.strftime("%Y-%m-%d %H:%M", time.gmtime(report.end))
    lines = [
        f"Rules report {since} to {until} UTC: {report.events} events, {report.conversations} conversations",
        "",
    ]
    header = ["tag", "fired", "handoffs", "ack'd", "ack p50", "ack p90", "in SLA", "resolved",
              "resolve p50", "passed", "false +", "false + %"]
    rows: list[list[str]] = []
    ordered = sorted(report.tags.values(), key=lambda r: (-r.handoffs, -r.fired, r.tag))
    for r in ordered:
        fp = r.false_positive_rate
        rows.append([
            r.tag, str(r.fired), str(r.handoffs), str(r.acknowledged),
            _minutes(r.acknowledge_seconds, 0.5), _minutes(r.acknowledge_seconds, 0.9),
            f"{r.within_sla}/{r.with_sla}" if r.with_sla else "-",
            str(r.resolved), _minutes(r.resolve_seconds, 0.5), str(r.passed),
            str(r.false_positives), "-" if fp is None else f"{fp:.0%}",
        ])
    ratings = _ratings(report)
    if not rows:
        return "\n".join(lines + [*ratings, *([""] if ratings else []), "No rule events in this period."])
    lines += _table(header, rows)
    return "\n".join([*lines, "", *(ratings or ["No customer ratings in this period."])])


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Aligned text columns: the first left, the others right."""
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    fmt = lambda cells: "  ".join(
        c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(cells)
    )
    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(row) for row in rows)]


def _ratings(report: Report) -> list[str]:
    """Customers' ratings per tag and per staff member: count and average (most rated first)."""
    if not report.ratings_by_tag:
        return []
    lines = ["Customer ratings (1-5) per tag"]
    by_tag = sorted(report.ratings_by_tag.values(), key=lambda r: (-r.count, r.name))
    lines += _table(["tag", "ratings", "average"], [[r.name, str(r.count), f"{r.average:.1f}"] for r in by_tag])
    lines += ["", "Customer ratings (1-5) per staff member"]
    by_staff = sorted(report.ratings_by_staff.values(), key=lambda r: (-r.count, r.name))
    lines += _table(["staff", "ratings", "average"],
                    [[r.name, str(r.count), f"{r.average:.1f}"] for r in by_staff])
    return lines
