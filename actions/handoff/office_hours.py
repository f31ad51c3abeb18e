"""Office hours of the advisers: when a handoff is answered, and what the SME is told outside them.

``CLUSTER_HANDOFF_OFFICE_HOURS`` is ``<days> <start>-<end> <time zone>``, e.g.
``Mon-Fri 09:00-17:00 Europe/Brussels`` (days: a range ``Mon-Fri`` or a list ``Mon,Wed,Fri``).
Unset: no office hours, every handoff is treated as within them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import get_day_names

from i18n import format_date, reply_language
from i18n import text as catalogue_text

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPEC = re.compile(r"^\s*(\S+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s+(\S+)\s*$")


class OfficeHoursError(ValueError):
    """An office-hours setting that cannot be read (the message says what is wrong)."""


@dataclass(frozen=True)
class OfficeHours:
    """Opening days (0 = Monday), daily opening and closing time, time zone."""

    days: frozenset[int]
    start: time
    end: time
    zone: ZoneInfo

    @classmethod
    def parse(cls, spec: str) -> OfficeHours:
        """Reads ``Mon-Fri 09:00-17:00 Europe/Brussels``.

        Raises:
            OfficeHoursError: The text does not have that form, or names an unknown zone.
        """
        match = _SPEC.match(spec or "")
        if not match:
            raise OfficeHoursError(
                f"office hours {spec!r}: expected e.g. 'Mon-Fri 09:00-17:00 Europe/Brussels'"
            )
        days_text, h1, m1, h2, m2, zone = match.groups()
        days: set[int] = set()
        for part in days_text.lower().split(","):
            first, _, last = part.partition("-")
            if first[:3] not in DAYS or (last and last[:3] not in DAYS):
                raise OfficeHoursError(f"office hours {spec!r}: unknown day in {part!r}")
            a, b = DAYS.index(first[:3]), DAYS.index((last or first)[:3])
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        try:
            start, end = time(int(h1), int(m1)), time(int(h2), int(m2))
            tz = ZoneInfo(zone)
        except (ValueError, ZoneInfoNotFoundError) as exc:
            raise OfficeHoursError(f"office hours {spec!r}: {exc}") from exc
        if start >= end:
            raise OfficeHoursError(f"office hours {spec!r}: opening must be before closing")
        return cls(frozenset(days), start, end, tz)

    def is_open(self, now: datetime) -> bool:
        """Whether ``now`` (timezone-aware) is within the office hours."""
        local = now.astimezone(self.zone)
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def next_open(self, now: datetime) -> datetime:
        """The next opening time after ``now`` (``now`` itself when open), in the office's zone."""
        local = now.astimezone(self.zone)
        if self.is_open(local):
            return local
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            opening = datetime.combine(day, self.start, tzinfo=self.zone)
            if day.weekday() in self.days and opening > local:
                return opening
        raise OfficeHoursError("office hours without any opening day")  # pragma: no cover

    def describe(self, language: str) -> str:
        """The hours in the language: ``Montag–Freitag, 09:00–17:00 (Europe/Brussels)``."""
        names = get_day_names("wide", locale=reply_language(language))
        ordered = sorted(self.days)
        if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
            days = f"{names[ordered[0]]}–{names[ordered[-1]]}"
        else:
            days = ", ".join(names[d] for d in ordered)
        return f"{days}, {self.start:%H:%M}–{self.end:%H:%M} ({self.zone.key})"

    def closed_notice(self, now: datetime, language: str) -> str | None:
        """What the SME is told when a handoff opens outside the hours (None when open)."""
        if self.is_open(now):
            return None
        opening = self.next_open(now)
        when = f"{format_date(opening.date(), language)} {opening:%H:%M}"
        return catalogue_text(
            "handoff.outside_hours", language, hours=self.describe(language), next_open=when
        )
