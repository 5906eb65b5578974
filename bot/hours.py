"""Office hours (`config/hours.yaml`, BOT_HOURS; docs/configuration.md#office-hours): when a person
can answer, per route. Outside them the handoff message says when the team is back, and SLA
clocks count only the minutes the team is open, so reminders don't fire at night."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.validation import error_reason, error_where
from bot.yaml_errors import yaml_error_text

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
SEARCH_DAYS = 366  # how far ahead `next_open` looks (a year of holidays at most)

Ranges = tuple[tuple[time, time], ...]


class HoursError(ValueError):
    """The hours file cannot be used; the message names the file and the key."""


def parse_ranges(value: str) -> Ranges:
    """"08:00-12:00, 13:00-17:30" -> ((08:00, 12:00), (13:00, 17:30)); "closed" -> ()."""
    text = value.strip().lower()
    if text in ("closed", ""):
        return ()
    ranges: list[tuple[time, time]] = []
    for part in text.split(","):
        match = _RANGE.match(part.strip())
        if not match:
            raise ValueError(f"{part.strip()!r}: write opening times as HH:MM-HH:MM, or closed")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h2 == 24 and m2 == 0:
            h2, m2 = -1, -1  # "until midnight": the end of the day, not a minute before it
        try:
            start, end = time(h1, m1), (time.max if h2 == -1 else time(h2, m2))
        except ValueError:
            raise ValueError(f"{part.strip()!r}: not a time of day") from None
        if end <= start:
            raise ValueError(f"{part.strip()!r}: closes before it opens (a range can't cross midnight)")
        ranges.append((start, end))
    return tuple(sorted(ranges))


class Week(BaseModel):
    """Opening times for each day of the week ("08:00-22:00", several ranges, or "closed")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mon: str = "closed"
    tue: str = "closed"
    wed: str = "closed"
    thu: str = "closed"
    fri: str = "closed"
    sat: str = "closed"
    sun: str = "closed"

    @field_validator(*DAYS)
    @classmethod
    def _ranges(cls, value: str) -> str:
        parse_ranges(value)
        return value

    def on(self, day: date) -> Ranges:
        """The opening ranges of that day's weekday."""
        return parse_ranges(getattr(self, DAYS[day.weekday()]))


class Schedule(BaseModel):
    """One team's hours: time zone, week, holidays (closed all day)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str = "UTC"
    weekly: Week
    holidays: list[date] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone name (e.g. Europe/Amsterdam)") from None
        return value

    @model_validator(mode="after")
    def _some_hours(self) -> Schedule:
        if not any(parse_ranges(getattr(self.weekly, day)) for day in DAYS):
            raise ValueError("weekly: the team is never open; give at least one day's hours")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The schedule's time zone."""
        return ZoneInfo(self.timezone)

    def ranges_on(self, day: date) -> Ranges:
        """That day's opening ranges (none on a holiday)."""
        return () if day in self.holidays else self.weekly.on(day)

    def is_open(self, at: float) -> bool:
        """Whether the team is open at this moment."""
        local = datetime.fromtimestamp(at, self.zone)
        return any(start <= local.time() < end for start, end in self.ranges_on(local.date()))

    def _spans(self, at: float) -> list[tuple[float, float]]:
        """Open spans (epoch seconds) from the day of `at` for SEARCH_DAYS days, in order."""
        zone = self.zone
        first = datetime.fromtimestamp(at, zone).date()
        spans: list[tuple[float, float]] = []
        for offset in range(SEARCH_DAYS):
            day = first + timedelta(days=offset)
            for start, end in self.ranges_on(day):
                closes = (datetime.combine(day + timedelta(days=1), time(0), zone) if end == time.max
                          else datetime.combine(day, end, zone))
                spans.append((datetime.combine(day, start, zone).timestamp(), closes.timestamp()))
        return spans

    def next_open(self, at: float) -> float:
        """The moment the team is next open (`at` itself when open now)."""
        for start, end in self._spans(at):
            if end > at:
                return max(start, at)
        return at  # no opening within a year: treat as open rather than wait forever

    def due(self, since: float, minutes: float) -> float:
        """When `minutes` of open time have passed since `since` (an SLA's due time)."""
        left = minutes * 60
        for start, end in self._spans(since):
            if end <= since:
                continue
            begin = max(start, since)
            if begin + left <= end:
                return begin + left
            left -= end - begin
        return since + minutes * 60


class OfficeHours(BaseModel):
    """The hours file: the default schedule, and routes with hours of their own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str = "UTC"
    weekly: Week
    holidays: list[date] = Field(default_factory=list)
    routes: dict[str, dict[str, object]] = Field(default_factory=dict)  # route -> its own keys

    @model_validator(mode="after")
    def _check(self) -> OfficeHours:
        self.default  # noqa: B018 - validates the default schedule
        for name in self.routes:
            self.for_route(name)
        return self

    @property
    def default(self) -> Schedule:
        """The schedule of routes without hours of their own."""
        return Schedule(timezone=self.timezone, weekly=self.weekly, holidays=self.holidays)

    def for_route(self, route: str | None) -> Schedule:
        """The schedule of a route: its own keys over the default ones."""
        own: Mapping[str, object] = self.routes.get(route or "", {})
        if not own:
            return self.default
        base = {"timezone": self.timezone, "weekly": self.weekly.model_dump(), "holidays": self.holidays}
        merged = {**base, **own}
        if isinstance(own.get("weekly"), dict):
            merged["weekly"] = {**base["weekly"], **own["weekly"]}  # type: ignore[dict-item]
        return Schedule.model_validate(merged)

    @classmethod
    def load(cls, path: Path) -> OfficeHours | None:
        """The hours in `path`; None when there is no file (the team is always open)."""
        if not path.exists():
            return None
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise HoursError(yaml_error_text(path, text, exc)) from None
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise HoursError("; ".join(f"{path}: {error_where(e, top='(file)')}: {error_reason(e)}"
                                       for e in exc.errors())) from None


# How "when the team is back" reads in each language Baton ships texts in: today, tomorrow, the
# weekdays from Monday, and the whole with {day}, {time} and {zone} (docs/configuration.md#translations).
_OPENS_WORDS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "en": ("today", "tomorrow", ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
           "{day} at {time} ({zone} time)"),
    "es": ("hoy", "mañana", ("el lunes", "el martes", "el miércoles", "el jueves", "el viernes", "el sábado",
                             "el domingo"), "{day} a las {time} (hora de {zone})"),
    "de": ("heute", "morgen", ("am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag",
                               "am Samstag", "am Sonntag"), "{day} um {time} Uhr (Zeitzone {zone})"),
    "fr": ("aujourd'hui", "demain", ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
           "{day} à {time} (heure de {zone})"),
}


def opens_text(at: float, schedule: Schedule, language: str = "en") -> str:
    """When the team is back, as a customer reads it: "today at 08:00", "tomorrow at 08:00",
    "Monday at 08:00" (in the team's time zone, named), in `language` (English where Baton has
    no words for it)."""
    today_word, tomorrow_word, weekdays, shape = _OPENS_WORDS.get(language, _OPENS_WORDS["en"])
    zone = schedule.zone
    opens = datetime.fromtimestamp(schedule.next_open(at), zone)
    today = datetime.fromtimestamp(at, zone).date()
    if opens.date() == today:
        day = today_word
    elif opens.date() == today + timedelta(days=1):
        day = tomorrow_word
    else:
        day = weekdays[opens.weekday()]
    return shape.format(day=day, time=f"{opens:%H:%M}", zone=schedule.timezone)
