"""Office hours: parsing, open/closed, next opening, and the SME's notice in their language."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from actions.handoff.office_hours import OfficeHours, OfficeHoursError

HOURS = OfficeHours.parse("Mon-Fri 09:00-17:00 Europe/Brussels")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_open_and_closed_in_the_offices_time_zone():
    # 2026-12-07 is a Monday; Brussels is UTC+1 in December.
    assert HOURS.is_open(utc(2026, 12, 7, 8, 0))  # 09:00 in Brussels
    assert not HOURS.is_open(utc(2026, 12, 7, 7, 59))
    assert not HOURS.is_open(utc(2026, 12, 7, 16, 0))  # 17:00: closed
    assert not HOURS.is_open(utc(2026, 12, 5, 12, 0))  # Saturday


def test_next_opening_skips_the_weekend():
    saturday = utc(2026, 12, 5, 12, 0)
    opening = HOURS.next_open(saturday)
    assert (opening.weekday(), opening.hour, opening.minute) == (0, 9, 0)
    assert opening.date().isoformat() == "2026-12-07"
    friday_evening = utc(2026, 12, 4, 18, 0)
    assert HOURS.next_open(friday_evening).date().isoformat() == "2026-12-07"
    assert HOURS.next_open(utc(2026, 12, 7, 7, 0)).date().isoformat() == "2026-12-07"


def test_notice_in_the_smes_language_and_none_when_open():
    notice = HOURS.closed_notice(utc(2026, 12, 5, 12, 0), "de")
    assert "Montag–Freitag, 09:00–17:00 (Europe/Brussels)" in notice
    assert "7. Dezember 2026 09:00" in notice
    assert HOURS.closed_notice(utc(2026, 12, 7, 10, 0), "de") is None
    assert "Monday–Friday" in HOURS.closed_notice(utc(2026, 12, 5, 12, 0), "xx")


def test_lists_and_wrapping_ranges():
    hours = OfficeHours.parse("Sat-Mon 10:00-12:00 UTC")
    assert hours.days == {5, 6, 0}
    assert OfficeHours.parse("mon,wed 08:00-09:30 UTC").days == {0, 2}


@pytest.mark.parametrize(
    "spec", ["", "weekdays 9-5", "Mon-Fri 17:00-09:00 UTC", "Mon-Fri 09:00-17:00 Mars/Olympus",
             "Mon-Fry 09:00-17:00 UTC"],
)  # fmt: skip
def test_bad_settings_are_refused(spec):
    with pytest.raises(OfficeHoursError):
        OfficeHours.parse(spec)
