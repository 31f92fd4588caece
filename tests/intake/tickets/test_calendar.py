"""Business calendar: hours, days, weekends, holidays, out-of-hours requests, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.errors import PolicyError
from intake.tickets.calendar import BusinessCalendar

CST = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
SHANGHAI = BusinessCalendar()  # Mon-Fri 09:00-18:00
# 2026-10-01 (Thursday) and 10-02 (Friday) are National Day holidays in this calendar.
NATIONAL_DAY = BusinessCalendar(holidays=frozenset({date(2026, 10, 1), date(2026, 10, 2)}))
NEW_YORK = BusinessCalendar(tz="America/New_York")


def cst(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A 2026 wall-clock time in Shanghai (2026-11-20 is a Friday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=CST)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (cst(11, 20, 17, 59), True),  # Friday, a minute before closing
        (cst(11, 20, 18, 0), False),  # closing time itself is closed
        (cst(11, 21, 10), False),  # Saturday
        (cst(11, 23, 8, 59), False),  # Monday before opening
        (cst(11, 23, 9, 0), True),  # Monday opening
        (datetime(2026, 11, 23, 1, 0, tzinfo=UTC), True),  # 09:00 in Shanghai
    ],
)
def test_is_business_time(when: datetime, expected: bool) -> None:
    assert SHANGHAI.is_business_time(when) is expected


def test_holiday_is_not_business_time() -> None:
    assert NATIONAL_DAY.is_business_time(cst(10, 1, 10)) is False
    assert SHANGHAI.is_business_time(cst(10, 1, 10)) is True


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (cst(11, 23, 10), 2, cst(11, 23, 12)),  # inside one day
        (cst(11, 20, 17), 2, cst(11, 23, 10)),  # Friday evening -> Monday
        (cst(11, 20, 16), 2, cst(11, 20, 18)),  # ends exactly at closing, not Monday 09:00
        (cst(11, 21, 10), 8, cst(11, 23, 17)),  # arrives Saturday: counts from Monday 09:00
        (cst(11, 23, 20), 1, cst(11, 24, 10)),  # arrives after hours
        (cst(11, 23, 7), 1, cst(11, 23, 10)),  # arrives before opening
        (cst(11, 23, 10), 9, cst(11, 24, 10)),  # a full business day
        (cst(11, 23, 10), 0.5, cst(11, 23, 10, 30)),
        (cst(11, 20, 17), 45, cst(11, 27, 17)),  # 45 h = five 9-hour days
    ],
)
def test_add_business_hours(start: datetime, hours: float, due: datetime) -> None:
    assert SHANGHAI.add_business_hours(start, hours) == due


def test_add_business_hours_skips_holidays() -> None:
    # Wednesday 17:00 before a Thursday+Friday holiday and a weekend: 1 h Wed, 1 h Monday.
    assert NATIONAL_DAY.add_business_hours(cst(9, 30, 17), 2) == cst(10, 5, 10)


def test_results_are_utc() -> None:
    due = SHANGHAI.add_business_hours(cst(11, 23, 10), 2)
    assert due.tzinfo is UTC
    assert due == datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def test_zero_hours_is_the_start_itself_even_on_a_weekend() -> None:
    assert SHANGHAI.add_business_hours(cst(11, 21, 10), 0) == cst(11, 21, 10)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (cst(11, 20, 15, 30), 2, cst(11, 24, 15, 30)),  # Friday -> Tuesday, same time
        (cst(11, 21, 11), 2, cst(11, 25, 9)),  # Saturday -> from Monday 09:00 -> Wednesday
        (cst(11, 23, 18), 1, cst(11, 25, 9)),  # Monday closing -> Tuesday 09:00 -> Wednesday
        (cst(11, 23, 10), 0, cst(11, 23, 10)),
        (cst(11, 22, 10), 0, cst(11, 23, 9)),  # Sunday + 0 -> Monday opening
        (cst(11, 23, 10), 5, cst(11, 30, 10)),  # a working week
    ],
)
def test_add_business_days(start: datetime, days: int, due: datetime) -> None:
    assert SHANGHAI.add_business_days(start, days) == due


def test_add_business_days_skips_holidays() -> None:
    assert NATIONAL_DAY.add_business_days(cst(9, 30, 11), 1) == cst(10, 5, 11)


def test_dst_end_in_new_york() -> None:
    # Clocks go back on Sunday 2026-11-01: Friday 17:00 EDT is 21:00 UTC,
    # Monday 10:00 EST is 15:00 UTC.
    friday = datetime(2026, 10, 30, 17, 0, tzinfo=NY)
    assert NEW_YORK.add_business_hours(friday, 2) == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    assert NEW_YORK.add_business_days(friday, 1) == datetime(2026, 11, 2, 22, 0, tzinfo=UTC)


def test_dst_start_in_new_york() -> None:
    # Clocks go forward on Sunday 2026-03-08: Monday 10:00 EDT is 14:00 UTC.
    friday = datetime(2026, 3, 6, 17, 0, tzinfo=NY)
    assert NEW_YORK.add_business_hours(friday, 2) == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def test_a_window_containing_a_dst_change_is_an_hour_longer() -> None:
    # A night shift 01:00-05:00 every day; on 2026-11-01 01:00-02:00 happens twice.
    night = BusinessCalendar(
        tz="America/New_York", workdays=frozenset(range(7)), start=time(1), end=time(5)
    )
    opens = datetime(2026, 11, 1, 5, 0, tzinfo=UTC)  # 01:00 EDT
    closes = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)  # 05:00 EST
    assert night.business_time_between(opens, closes) == timedelta(hours=5)
    assert night.add_business_hours(opens, 4.5) == datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


def test_business_time_between() -> None:
    assert SHANGHAI.business_time_between(cst(11, 20, 17), cst(11, 23, 10)) == timedelta(hours=2)
    assert SHANGHAI.business_time_between(cst(11, 23, 10), cst(11, 20, 17)) == timedelta(0)


def test_naive_datetimes_are_rejected_with_the_fix() -> None:
    with pytest.raises(ValueError, match=r"has no time zone.*datetime\.now\(UTC\)"):
        SHANGHAI.add_business_hours(datetime(2026, 11, 23, 10), 2)
    with pytest.raises(ValueError, match="has no time zone"):
        SHANGHAI.is_business_time(datetime(2026, 11, 23, 10))


@pytest.mark.parametrize("hours", [-1, float("nan"), float("inf")])
def test_bad_hour_counts_are_rejected(hours: float) -> None:
    with pytest.raises(ValueError, match="hours="):
        SHANGHAI.add_business_hours(cst(11, 23, 10), hours)


def test_fractional_days_are_rejected() -> None:
    with pytest.raises(ValueError, match="whole number"):
        SHANGHAI.add_business_days(cst(11, 23, 10), 1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tz": "Mars/Olympus"}, "'Mars/Olympus' is not a known time zone"),
        ({"start": time(18), "end": time(9)}, "09:00 is not after start 18:00"),
        ({"workdays": frozenset()}, "calendar.workdays"),
        ({"workdays": frozenset({7})}, "calendar.workdays"),
    ],
)
def test_invalid_calendars_say_what_is_wrong(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_a_calendar_without_business_days_fails_instead_of_looping() -> None:
    every_day = frozenset(date(2026, 11, 23) + timedelta(days=n) for n in range(4000))
    closed = BusinessCalendar(holidays=every_day)
    with pytest.raises(PolicyError, match="no business day"):
        closed.add_business_hours(cst(11, 23, 10), 1)


instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=200, deadline=None)
@given(
    start=instants,
    minutes=st.integers(min_value=0, max_value=60 * 200),
    calendar=st.sampled_from([SHANGHAI, NEW_YORK, NATIONAL_DAY]),
)
def test_adding_business_time_adds_exactly_that_much_business_time(
    start: datetime, minutes: int, calendar: BusinessCalendar
) -> None:
    delta = timedelta(minutes=minutes)
    due = calendar.add_business_time(start, delta)
    assert due >= start
    assert calendar.business_time_between(start, due) == delta
    if minutes:
        # The due time is a business instant or the closing instant of a business day.
        just_before = due - timedelta(microseconds=1)
        assert calendar.is_business_time(just_before)
