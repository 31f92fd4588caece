"""Business calendar: working hours, weekends and holidays in one time zone.

Support promises most first responses in *business* time, so a due time needs a
calendar that knows when the support team works. Every input must be a
timezone-aware ``datetime``; every result is in UTC.

Definitions (all in the calendar's local wall-clock time):

* A **business day** is a date whose weekday is in ``workdays`` and which is not
  in ``holidays``.
* A **business instant** lies on a business day with ``start <= local time < end``;
  the closing minute itself (18:00) is already closed.
* ``add_business_hours(t, h)`` is the earliest instant ``T >= t`` such that exactly
  ``h`` hours of business time lie between ``t`` and ``T``. Friday 17:00 + 2 h is
  Monday 10:00; Friday 16:00 + 2 h is Friday 18:00 (not Monday 09:00).
  ``h == 0`` returns ``t`` itself.
* ``add_business_days(t, n)`` first moves ``t`` to the next business instant when
  it is outside business hours, then returns the same wall-clock time on the
  ``n``-th following business day: Friday 15:30 + 2 is Tuesday 15:30; Saturday
  11:00 + 2 is Wednesday 09:00 (Monday 09:00 + 2 days).

Daylight saving time: windows are wall-clock (09:00–18:00 local on either side of
a change); durations are measured in real elapsed time, so a window that contains
a change is an hour shorter or longer.

Example:
    >>> from datetime import UTC, datetime
    >>> cal = BusinessCalendar()  # Asia/Shanghai, Mon-Fri 09:00-18:00
    >>> cal.add_business_hours(datetime(2026, 11, 20, 9, 0, tzinfo=UTC), 2)  # Fri 17:00 CST
    datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from intake.errors import PolicyError

MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))  # date.weekday(): Monday == 0
WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Ten years without a single business day means the calendar is misconfigured; a
# bound turns that into an error instead of an endless loop.
_MAX_SEARCH_DAYS = 3660


def require_aware(name: str, value: datetime) -> datetime:
    """Return ``value`` in UTC, or raise ``ValueError`` if it has no time zone.

    Example:
        >>> require_aware("now", datetime(2026, 1, 5, 9, tzinfo=UTC)).hour
        9
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name}={value.isoformat()} has no time zone. Pass an aware datetime, "
            "e.g. datetime.now(UTC) or value.replace(tzinfo=ZoneInfo('Asia/Shanghai'))."
        )
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When the support team works.

    Args:
        tz: IANA time zone name of the working hours.
        workdays: ``date.weekday()`` numbers of working days (Monday is 0).
        start: local opening time; must be before ``end`` (no overnight shifts).
        end: local closing time.
        holidays: local dates with no business hours.

    Example:
        >>> cal = BusinessCalendar(tz="America/New_York", holidays=frozenset({date(2026, 11, 26)}))
        >>> cal.is_business_day(date(2026, 11, 26))
        False
    """

    tz: str = "Asia/Shanghai"
    workdays: frozenset[int] = MONDAY_TO_FRIDAY
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise PolicyError(
                f"calendar.timezone: {self.tz!r} is not a known time zone. "
                "Use an IANA name such as 'Asia/Shanghai' or 'America/New_York'."
            ) from exc
        if not self.workdays or not self.workdays <= set(range(7)):
            raise PolicyError(
                f"calendar.workdays: {sorted(self.workdays)!r} is not a set of weekdays. "
                "Use numbers 0 (Monday) to 6 (Sunday), at least one."
            )
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise PolicyError("calendar.start/end: use local clock times without a time zone.")
        if self.start >= self.end:
            raise PolicyError(
                f"calendar.end: {self.end:%H:%M} is not after start {self.start:%H:%M}. "
                "Use an end later on the same day, e.g. start 09:00, end 18:00."
            )

    @property
    def zone(self) -> ZoneInfo:
        """The ``ZoneInfo`` of ``tz`` (cached by ``zoneinfo`` itself)."""
        return ZoneInfo(self.tz)

    @property
    def hours_per_day(self) -> float:
        """Nominal length of a business day in hours (9.0 for 09:00–18:00)."""
        span = datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)
        return span.total_seconds() / 3600

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` (a local date) has business hours."""
        return day.weekday() in self.workdays and day not in self.holidays

    def is_business_time(self, dt: datetime) -> bool:
        """Whether the aware instant ``dt`` falls inside business hours.

        Example:
            >>> BusinessCalendar().is_business_time(datetime(2026, 11, 21, 3, tzinfo=UTC))
            False
        """
        local = require_aware("dt", dt).astimezone(self.zone)
        return self.is_business_day(local.date()) and self.start <= local.time() < self.end

    def next_opening(self, dt: datetime) -> datetime:
        """The earliest business instant at or after ``dt``, in UTC."""
        cursor = require_aware("dt", dt)
        day = cursor.astimezone(self.zone).date()
        if self.is_business_day(day):
            opens, closes = self._window(day)
            if cursor < opens:
                return opens
            if cursor < closes:
                return cursor
        return self._window(self._next_business_day(day))[0]

    def add_business_time(self, start: datetime, delta: timedelta) -> datetime:
        """``start`` plus ``delta`` of business time, in UTC (see the module docstring)."""
        cursor = require_aware("start", start)
        if delta < timedelta(0):
            raise ValueError(f"delta={delta} is negative. Pass a duration of zero or more.")
        remaining = delta
        if not remaining:
            return cursor
        cursor = self.next_opening(cursor)
        while True:
            day = cursor.astimezone(self.zone).date()
            closes = self._window(day)[1]
            available = closes - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            cursor = self._window(self._next_business_day(day))[0]

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """``start`` plus ``hours`` of business time, in UTC.

        Example:
            >>> sat = datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> BusinessCalendar().add_business_hours(sat, 8)  # Monday 17:00 CST
            datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone.utc)
        """
        if not math.isfinite(hours) or hours < 0:
            raise ValueError(f"hours={hours!r} is not a finite number >= 0. Pass e.g. 8.")
        return self.add_business_time(start, timedelta(hours=hours))

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """The same local time ``days`` business days after ``start``, in UTC.

        ``start`` outside business hours counts from the next opening; ``days == 0``
        returns that opening (or ``start`` itself when it is business time).

        Example:
            >>> fri = datetime(2026, 11, 20, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> BusinessCalendar().add_business_days(fri, 2)  # Tuesday 15:30 CST
            datetime.datetime(2026, 11, 24, 7, 30, tzinfo=datetime.timezone.utc)
        """
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ValueError(f"days={days!r} is not a whole number >= 0. Pass e.g. 2.")
        local = self.next_opening(require_aware("start", start)).astimezone(self.zone)
        day, clock = local.date(), local.time()
        for _ in range(days):
            day = self._next_business_day(day)
        return datetime.combine(day, clock, tzinfo=self.zone).astimezone(UTC)

    def business_time_between(self, first: datetime, second: datetime) -> timedelta:
        """Business time elapsed from ``first`` to ``second`` (zero if ``second`` is earlier).

        Example:
            >>> tz = ZoneInfo("Asia/Shanghai")
            >>> cal = BusinessCalendar()
            >>> cal.business_time_between(datetime(2026, 11, 20, 17, tzinfo=tz),
            ...                           datetime(2026, 11, 23, 10, tzinfo=tz))
            datetime.timedelta(seconds=7200)
        """
        lo, hi = require_aware("first", first), require_aware("second", second)
        total = timedelta(0)
        day = lo.astimezone(self.zone).date()
        last = hi.astimezone(self.zone).date()
        while day <= last:
            if self.is_business_day(day):
                opens, closes = self._window(day)
                overlap = min(hi, closes) - max(lo, opens)
                if overlap > timedelta(0):
                    total += overlap
            day += timedelta(days=1)
        return total

    def _window(self, day: date) -> tuple[datetime, datetime]:
        """Opening and closing instants (UTC) of the local date ``day``."""
        opens = datetime.combine(day, self.start, tzinfo=self.zone).astimezone(UTC)
        closes = datetime.combine(day, self.end, tzinfo=self.zone).astimezone(UTC)
        return opens, closes

    def _next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        candidate = day
        for _ in range(_MAX_SEARCH_DAYS):
            candidate += timedelta(days=1)
            if self.is_business_day(candidate):
                return candidate
        raise PolicyError(
            f"calendar: no business day within {_MAX_SEARCH_DAYS} days after {day}. "
            "Check calendar.workdays and calendar.holidays."
        )
