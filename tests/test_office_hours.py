"""Office hours: outside them the customer is told when a person will be back, and SLA clocks
count only open minutes (reminders never fire while the team is closed); per-route hours; a
broken hours file is refused with the key."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.adapters.inbox.data import sla_of
from bot.contracts import Passed
from bot.hours import HoursError, OfficeHours, opens_text
from bot.staff import SlaTimer
from tests.support.staff import DANA
from tests.test_core_flow import Build, build, rules_file

__all__ = ["build", "rules_file"]

ZONE = "Europe/Amsterdam"


def hours(**extra: object) -> OfficeHours:
    """Open 09:00-17:00 on weekdays, closed at weekends, in Amsterdam."""
    week = {day: "09:00-17:00" for day in ("mon", "tue", "wed", "thu", "fri")}
    return OfficeHours.model_validate({"timezone": ZONE, "weekly": week, **extra})


def at(text: str) -> float:
    """An Amsterdam wall-clock time as epoch seconds."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(ZONE)).timestamp()


def test_open_minutes_are_counted_across_evenings_weekends_and_holidays() -> None:
    schedule = hours(holidays=["2026-12-07"]).default
    friday_late = at("2026-12-04T16:50")  # a Friday
    # 10 minutes left on Friday, the weekend and Monday's holiday are closed: 20 minutes into Tuesday.
    assert schedule.due(friday_late, 30) == at("2026-12-08T09:20")
    assert schedule.due(at("2026-12-08T10:00"), 30) == at("2026-12-08T10:30"), "inside hours: plain minutes"
    assert schedule.is_open(at("2026-12-08T10:00")) and not schedule.is_open(at("2026-12-05T10:00"))
    assert schedule.next_open(friday_late) == friday_late
    assert schedule.next_open(at("2026-12-04T18:00")) == at("2026-12-08T09:00")
    assert opens_text(at("2026-12-04T18:00"), schedule) == "Tuesday at 09:00 (Europe/Amsterdam time)"
    assert opens_text(at("2026-12-08T07:00"), schedule) == "today at 09:00 (Europe/Amsterdam time)"
    assert opens_text(at("2026-12-08T20:00"), schedule) == "tomorrow at 09:00 (Europe/Amsterdam time)"


def test_a_route_can_keep_its_own_hours() -> None:
    office = hours(routes={"critical": {"weekly": {"sat": "00:00-24:00", "sun": "00:00-24:00"}}})
    saturday = at("2026-12-05T03:00")
    assert office.for_route("critical").is_open(saturday)
    assert not office.for_route("payments").is_open(saturday) and not office.for_route(None).is_open(saturday)


@pytest.mark.parametrize(("text", "reason"), [
    ("timezone: Mars/Olympus\nweekly: {mon: '09:00-17:00'}\n", "timezone: 'Mars/Olympus' is not a time zone name"),
    ("weekly: {mon: '9-5'}\n", "weekly.mon: '9-5': write opening times as HH:MM-HH:MM, or closed"),
    ("weekly: {mon: '17:00-09:00'}\n", "closes before it opens"),
    ("weekly: {mon: closed}\n", "the team is never open"),
    ("weekly: {monday: '09:00-17:00'}\n", "weekly.monday: Extra inputs are not permitted"),
])
def test_a_broken_hours_file_is_refused_with_its_key(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "hours.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HoursError, match=str(path)) as refused:
        OfficeHours.load(path)
    assert reason in str(refused.value)


def closed_now() -> OfficeHours:
    """Hours under which the team is closed right now (today is a holiday), open again tomorrow."""
    zone = ZoneInfo(ZONE)
    today = datetime.now(zone).date()
    every_day = {day: "09:00-17:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    return OfficeHours.model_validate({"timezone": ZONE, "weekly": every_day, "holidays": [today.isoformat()]})


async def test_outside_hours_the_customer_is_told_when_a_person_will_reply_and_the_sla_waits(build: Build) -> None:
    office = closed_now()
    core = await build(hours=office)
    conversation_id = await core.said("I need to talk about my lawyer's letter")

    notices = [text for author, text in core.channel.texts(conversation_id) if author == "system"]
    tomorrow = datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=1)
    opens = datetime.combine(tomorrow, datetime.min.time().replace(hour=9), ZoneInfo(ZONE)).timestamp()
    assert notices == [core.brand.after_hours_message.format(opens="tomorrow at 09:00 (Europe/Amsterdam time)")]
    [(name, due)] = (await core.conversations.sla.pending()).items()
    timer = SlaTimer.parse(name)
    assert timer is not None and timer.minutes == 30
    assert due == pytest.approx(opens + 30 * 60), "30 open minutes: from tomorrow's opening, not from now"
    [opened] = core.inbox.opened_for(conversation_id)
    assert opened.decision.due_at == pytest.approx(opens + 30 * 60), "the inbox shows the same reply-due time"

    # Passed on while closed: the new route's clock also starts at tomorrow's opening.
    assert (await core.conversations.pass_to(conversation_id, DANA, "payments", "for the payments team")).ok
    sla = sla_of(await core.store.events(conversation_id))
    assert sla is not None and sla.due_at == pytest.approx(opens + 30 * 60)
    assert [c.due_at for c in core.inbox.changes_for(conversation_id, Passed)] == [pytest.approx(opens + 30 * 60)]


async def test_inside_hours_nothing_changes(build: Build) -> None:
    always = OfficeHours.model_validate({"timezone": ZONE, "weekly": {
        day: "00:00-24:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}})
    core = await build(hours=always)
    before = time.time()
    conversation_id = await core.said("I need to talk about my lawyer's letter")
    notices = [text for author, text in core.channel.texts(conversation_id) if author == "system"]
    assert notices == [core.brand.handoff(30)]
    [due] = (await core.conversations.sla.pending()).values()
    assert before + 30 * 60 <= due <= time.time() + 30 * 60


def test_no_hours_file_means_always_open(tmp_path: Path) -> None:
    assert OfficeHours.load(tmp_path / "missing.yaml") is None


def test_open_until_midnight_leaves_no_gap_at_midnight() -> None:
    """"00:00-24:00" every day is always open: an SLA that runs across midnight is not a minute late
    (it was, whenever a handoff came in the half hour before midnight in the team's zone)."""
    always = OfficeHours.model_validate({"timezone": ZONE, "weekly": {
        day: "00:00-24:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}).default
    before_midnight = datetime(2026, 12, 2, 23, 50, tzinfo=ZoneInfo(ZONE)).timestamp()

    assert always.due(before_midnight, 30) == before_midnight + 30 * 60
    assert always.is_open(before_midnight + 9 * 60 + 59.9)
