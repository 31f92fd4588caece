"""First-response targets per priority, the business calendar, and when to warn.

The defaults are the Standard plan:

    ========  ======  ==============  =================================
    priority  amount  unit            meaning
    ========  ======  ==============  =================================
    P0        4       hours           wall-clock, around the clock
    P1        8       business_hours  Mon–Fri 09:00–18:00 Asia/Shanghai
    P2        2       business_days   same local time, 2nd business day
    P3        5       business_days   same local time, 5th business day
    ========  ======  ==============  =================================

A breach warning fires when ``warn_at_fraction`` (default 0.75) of the target has
elapsed, measured on the target's own clock: wall-clock for ``hours``, business time
for the business units, so a Friday-evening P1 is not flagged on Sunday night.

Everything can be set from YAML (every key optional; missing ones keep the default)::

    targets:
      P0: {amount: 1, unit: hours}          # Enterprise
      P2: {amount: 1}                       # unit stays business_days
    calendar:
      timezone: Asia/Shanghai
      workdays: [mon, tue, wed, thu, fri]
      start: "09:00"                        # quote it: YAML reads 9:00 as a number
      end: "18:00"
      holidays: [2026-10-01, 2026-10-02]
    warn_at_fraction: 0.75

Example:
    >>> Policy.from_mapping({"targets": {"P0": {"amount": 1}}}).target(Priority.P0).describe()
    'within 1 hour, around the clock'
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from intake.errors import PolicyError
from intake.tickets.calendar import MONDAY_TO_FRIDAY, WEEKDAY_NAMES, BusinessCalendar, require_aware
from intake.types import Priority


class TargetUnit(enum.StrEnum):
    """How a target's amount is counted."""

    HOURS = "hours"  # wall-clock hours, around the clock
    BUSINESS_HOURS = "business_hours"
    BUSINESS_DAYS = "business_days"


@dataclass(frozen=True, slots=True)
class Target:
    """A first-response target such as "8 business hours".

    Example:
        >>> Target(2, TargetUnit.BUSINESS_DAYS).describe("zh")
        '2 个工作日内'
    """

    amount: float
    unit: TargetUnit

    def __post_init__(self) -> None:
        if not math.isfinite(self.amount) or self.amount <= 0:
            raise PolicyError(f"target amount {self.amount!r} is not positive. Use e.g. 4.")
        if self.unit is TargetUnit.BUSINESS_DAYS and self.amount != int(self.amount):
            raise PolicyError(
                f"target amount {self.amount!r} is not a whole number of business days. "
                "Use a whole number such as 2, or the unit business_hours."
            )

    def due_at(self, created: datetime, calendar: BusinessCalendar) -> datetime:
        """When the first response is due for a ticket created at ``created`` (UTC)."""
        if self.unit is TargetUnit.HOURS:
            return require_aware("created", created) + timedelta(hours=self.amount)
        if self.unit is TargetUnit.BUSINESS_HOURS:
            return calendar.add_business_hours(created, self.amount)
        return calendar.add_business_days(created, int(self.amount))

    def describe(self, lang: str = "en") -> str:
        """The target as a phrase: "within 8 business hours" / "8 个工作小时内"."""
        n = f"{self.amount:g}"
        if lang == "zh":
            return {
                TargetUnit.HOURS: f"{n} 小时内（全天候）",
                TargetUnit.BUSINESS_HOURS: f"{n} 个工作小时内",
                TargetUnit.BUSINESS_DAYS: f"{n} 个工作日内",
            }[self.unit]
        plural = "" if self.amount == 1 else "s"
        return {
            TargetUnit.HOURS: f"within {n} hour{plural}, around the clock",
            TargetUnit.BUSINESS_HOURS: f"within {n} business hour{plural}",
            TargetUnit.BUSINESS_DAYS: f"within {n} business day{plural}",
        }[self.unit]


_DEFAULT_TARGETS: Mapping[Priority, Target] = MappingProxyType(
    {
        Priority.P0: Target(4, TargetUnit.HOURS),
        Priority.P1: Target(8, TargetUnit.BUSINESS_HOURS),
        Priority.P2: Target(2, TargetUnit.BUSINESS_DAYS),
        Priority.P3: Target(5, TargetUnit.BUSINESS_DAYS),
    }
)


@dataclass(frozen=True, slots=True)
class Policy:
    """Targets for every priority, the calendar they count on, and the warning point."""

    targets: Mapping[Priority, Target] = field(default_factory=lambda: _DEFAULT_TARGETS)
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    warn_at_fraction: float = 0.75

    def __post_init__(self) -> None:
        missing = [p.value for p in Priority if p not in self.targets]
        if missing:
            raise PolicyError(f"policy.targets: no target for {', '.join(missing)}. Add one.")
        if not 0 < self.warn_at_fraction < 1:
            raise PolicyError(
                f"policy.warn_at_fraction: {self.warn_at_fraction!r} is not between 0 and 1. "
                "Use e.g. 0.75 to warn when three quarters of the target has elapsed."
            )
        # Read-only view so a shared policy cannot be changed behind a caller's back.
        object.__setattr__(self, "targets", MappingProxyType(dict(self.targets)))

    def target(self, priority: Priority) -> Target:
        """The target for ``priority``."""
        return self.targets[priority]

    def due_at(self, priority: Priority, created: datetime) -> datetime:
        """When a ticket of ``priority`` created at ``created`` needs its first response."""
        return self.targets[priority].due_at(created, self.calendar)

    @classmethod
    def default(cls) -> Policy:
        """The Standard plan targets on the Asia/Shanghai business calendar."""
        return cls()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        """Build a policy from plain data (e.g. parsed YAML), checking every value.

        Raises:
            PolicyError: naming the exact key and value and how to fix it.
        """
        root = _as_mapping("policy", data)
        _reject_unknown("policy", root, ("targets", "calendar", "warn_at_fraction"))
        targets = dict(_DEFAULT_TARGETS)
        raw_targets = _as_mapping("policy.targets", root.get("targets", {}))
        _reject_unknown("policy.targets", raw_targets, tuple(p.value for p in Priority))
        for name, raw in raw_targets.items():
            targets[Priority(name)] = _parse_target(
                f"policy.targets.{name}", raw, targets[Priority(name)]
            )
        calendar = _parse_calendar("policy.calendar", root.get("calendar", {}))
        fraction = root.get("warn_at_fraction", 0.75)
        _number("policy.warn_at_fraction", fraction, "a number such as 0.75")
        return cls(targets=targets, calendar=calendar, warn_at_fraction=float(fraction))

    @classmethod
    def from_yaml(cls, path: str | PathLike[str]) -> Policy:
        """Read a policy file (see the module docstring); an empty file gives the default."""
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise PolicyError(
                f"policy file {str(file)!r} cannot be read ({exc.strerror}). "
                "Check the path, or leave it unset to use the default policy."
            ) from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise PolicyError(f"policy file {str(file)!r} is not valid YAML: {exc}") from exc
        return cls.from_mapping({} if data is None else data)


def _as_mapping(path: str, value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyError(f"{path}: {value!r} is not a mapping. Write it as `key: value` lines.")
    return value


def _reject_unknown(path: str, data: Mapping[str, Any], known: tuple[str, ...]) -> None:
    for key in data:
        if key not in known:
            raise PolicyError(f"{path}: unknown key {key!r}. Use one of: {', '.join(known)}.")


def _number(path: str, value: object, example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PolicyError(f"{path}: {value!r} is not a number. Use {example}.")
    return float(value)


def _parse_target(path: str, raw: object, default: Target) -> Target:
    data = _as_mapping(path, raw)
    _reject_unknown(path, data, ("amount", "unit"))
    amount = data.get("amount", default.amount)
    number = _number(f"{path}.amount", amount, "a positive number such as 2")
    if not math.isfinite(number) or number <= 0:
        raise PolicyError(f"{path}.amount: {amount!r} is not positive. Use e.g. 2.")
    unit_text = data.get("unit", default.unit.value)
    units = [u.value for u in TargetUnit]
    if unit_text not in units:
        raise PolicyError(
            f"{path}.unit: {unit_text!r} is not a unit. Use one of: {', '.join(units)}."
        )
    unit = TargetUnit(unit_text)
    if unit is TargetUnit.BUSINESS_DAYS and number != int(number):
        raise PolicyError(
            f"{path}.amount: {amount!r} is not a whole number of business days. "
            "Use a whole number such as 2, or unit business_hours."
        )
    return Target(number, unit)


def _parse_calendar(path: str, raw: object) -> BusinessCalendar:
    data = _as_mapping(path, raw)
    _reject_unknown(path, data, ("timezone", "workdays", "start", "end", "holidays"))
    base = BusinessCalendar()
    workdays = MONDAY_TO_FRIDAY
    if "workdays" in data:
        workdays = _parse_workdays(f"{path}.workdays", data["workdays"])
    start = _parse_clock(f"{path}.start", data["start"]) if "start" in data else base.start
    end = _parse_clock(f"{path}.end", data["end"]) if "end" in data else base.end
    # An empty `holidays:` line in YAML is None: treat it as no holidays.
    holidays = _parse_holidays(f"{path}.holidays", data.get("holidays") or [])
    tz = data.get("timezone", base.tz)
    if not isinstance(tz, str):
        raise PolicyError(f"{path}.timezone: {tz!r} is not a time zone name. Use 'Asia/Shanghai'.")
    try:
        return BusinessCalendar(tz=tz, workdays=workdays, start=start, end=end, holidays=holidays)
    except PolicyError as exc:
        raise PolicyError(f"policy.{exc}") from exc


_WEEKDAY_ALIASES: Mapping[str, int] = MappingProxyType(
    {
        alias: number
        for number, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
        for alias in (full, full[:3])
    }
)


def _parse_workdays(path: str, raw: object) -> frozenset[int]:
    if not isinstance(raw, list | tuple) or not raw:
        raise PolicyError(
            f"{path}: {raw!r} is not a list of days. Use e.g. [mon, tue, wed, thu, fri]."
        )
    days = set()
    for item in raw:
        name = item.strip().lower() if isinstance(item, str) else ""
        if name not in _WEEKDAY_ALIASES:
            raise PolicyError(
                f"{path}: {item!r} is not a weekday. Use one of: {', '.join(WEEKDAY_NAMES)}."
            )
        days.add(_WEEKDAY_ALIASES[name])
    return frozenset(days)


def _parse_clock(path: str, raw: object) -> time:
    if isinstance(raw, int) and not isinstance(raw, bool):
        # YAML 1.1 reads an unquoted 18:00 as the base-60 number 1080.
        raise PolicyError(f'{path}: {raw!r} is not a time. Quote it in YAML, e.g. "18:00".')
    try:
        clock = time.fromisoformat(str(raw))
    except ValueError:
        raise PolicyError(f'{path}: {raw!r} is not a time. Use HH:MM, e.g. "09:00".') from None
    if clock.tzinfo is not None:
        raise PolicyError(f"{path}: {raw!r} has a UTC offset. Use a local HH:MM; set timezone.")
    return clock


def _parse_holidays(path: str, raw: object) -> frozenset[date]:
    if not isinstance(raw, list | tuple):
        raise PolicyError(f"{path}: {raw!r} is not a list of dates. Use e.g. [2026-10-01].")
    days = set()
    for item in raw:
        if isinstance(item, datetime) or not isinstance(item, date | str):
            raise PolicyError(f"{path}: {item!r} is not a date. Use YYYY-MM-DD, e.g. 2026-10-01.")
        try:
            days.add(item if isinstance(item, date) else date.fromisoformat(item))
        except ValueError:
            raise PolicyError(
                f"{path}: {item!r} is not a date. Use YYYY-MM-DD, e.g. 2026-10-01."
            ) from None
    return frozenset(days)
