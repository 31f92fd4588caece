"""Priority rules, first-response due times, policy settings, overrides, warnings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from intake.errors import FieldValueError, PolicyError
from intake.tickets.policy import Policy, Target, TargetUnit
from intake.tickets.priority import RULES, assess, classify, override, warn_at
from intake.types import Category, Impact, Priority

CST = ZoneInfo("Asia/Shanghai")
STANDARD = Policy.default()


def cst(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A 2026 wall-clock time in Shanghai (2026-11-20 is a Friday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=CST)


C = Category
DOWN = Impact(production=True, all_users=True, workaround=False, data_loss=False)
SOME = Impact(production=True, all_users=False, workaround=False)
WORKAROUND = Impact(production=True, all_users=True, workaround=True)
LOSS = Impact(production=True, all_users=False, workaround=True, data_loss=True)
STAGING = Impact(production=False, all_users=True, workaround=False, data_loss=True)
UNKNOWN = Impact()
PROD_ONLY = Impact(production=True)


@pytest.mark.parametrize(
    ("category", "impact", "degraded", "priority", "rule", "phrase"),
    [
        (C.MESSAGE_DELIVERY, LOSS, False, "P0", 1, "losing messages or data"),
        (C.CONNECTION, DOWN, False, "P0", 2, "all users and there is no workaround"),
        (C.HOW_TO, DOWN, False, "P0", 2, "all users"),  # production down beats "question"
        (C.FEATURE_REQUEST, LOSS, False, "P0", 1, "losing"),
        (C.HOW_TO, SOME, False, "P3", 3, "question"),
        (C.HOW_TO, UNKNOWN, False, "P3", 3, "question"),
        (C.FEATURE_REQUEST, WORKAROUND, False, "P3", 4, "feature request"),
        (C.CRASH_INTEGRATION, STAGING, False, "P2", 5, "production is not affected"),
        (C.PERFORMANCE, SOME, False, "P2", 6, "degradation"),
        (C.AUDIO_VIDEO, SOME, True, "P2", 6, "degradation"),  # noise, not a failed call
        (C.AUDIO_VIDEO, SOME, False, "P1", 7, "only some production users"),
        (C.CRASH_INTEGRATION, SOME, False, "P1", 7, "only some production users"),
        (C.MESSAGE_DELIVERY, WORKAROUND, False, "P1", 8, "workaround exists"),
        (C.CONNECTION, PROD_ONLY, False, "P1", 9, "P0 needs a confirmed"),
        (C.OTHER, UNKNOWN, False, "P1", 10, "not known yet whether production"),
        (C.PERFORMANCE, DOWN, False, "P0", 2, "all users"),
    ],
)
def test_rules(
    category: Category,
    impact: Impact,
    degraded: bool,
    priority: str,
    rule: int,
    phrase: str,
) -> None:
    assert classify(category, impact, degraded=degraded).number == rule
    result = assess(category, impact, now=cst(11, 23, 10), policy=STANDARD, degraded=degraded)
    assert result.priority == Priority(priority)
    assert result.reason.startswith(f"{priority}: ")
    assert phrase in result.reason
    assert result.overridden_by is None


def test_unknown_impact_is_never_p0() -> None:
    half_answers = [
        Impact(production=True, all_users=True),
        Impact(all_users=True, workaround=False),
    ]
    for impact in half_answers:
        assert assess(C.CONNECTION, impact, now=cst(11, 23, 10), policy=STANDARD).priority == "P1"


def test_reason_names_the_target() -> None:
    p0 = assess(C.CONNECTION, DOWN, now=cst(11, 23, 10), policy=STANDARD)
    assert p0.reason == (
        "P0: production is affected for all users and there is no workaround. "
        "First response within 4 hours, around the clock."
    )
    p3 = assess(C.FEATURE_REQUEST, UNKNOWN, now=cst(11, 23, 10), policy=STANDARD)
    assert p3.reason == "P3: this is a feature request. First response within 5 business days."


def test_reason_in_chinese() -> None:
    p0 = assess(C.CONNECTION, DOWN, now=cst(11, 23, 10), policy=STANDARD, lang="zh")
    assert (
        p0.reason
        == "P0：生产环境所有用户受影响，且没有临时解决方案。首次响应：4 小时内（全天候）。"
    )
    p1 = assess(C.OTHER, SOME, now=cst(11, 23, 10), policy=STANDARD, lang="zh-CN")
    assert p1.reason.endswith("8 个工作小时内。")


def test_every_rule_has_both_languages() -> None:
    assert [r.number for r in RULES] == list(range(1, 11))
    assert all(r.why.endswith(".") and r.why_zh.endswith("。") for r in RULES)


@pytest.mark.parametrize(
    ("category", "impact", "now", "due"),
    [
        # P0 counts wall-clock hours, weekends included.
        (C.CONNECTION, DOWN, cst(11, 21, 3), cst(11, 21, 7)),
        # P1: 8 business hours; Friday 17:00 -> 1 h Friday + 7 h Monday.
        (C.OTHER, SOME, cst(11, 20, 17), cst(11, 23, 16)),
        # P1 arriving on Sunday night counts from Monday 09:00.
        (C.OTHER, SOME, cst(11, 22, 23), cst(11, 23, 17)),
        # P2: 2 business days, same time of day.
        (C.PERFORMANCE, SOME, cst(11, 20, 15, 30), cst(11, 24, 15, 30)),
        # P3 arriving after hours: from Tuesday 09:00, 5 business days.
        (C.HOW_TO, UNKNOWN, cst(11, 23, 19), cst(12, 1, 9)),
    ],
)
def test_due_times(category: Category, impact: Impact, now: datetime, due: datetime) -> None:
    result = assess(category, impact, now=now, policy=STANDARD)
    assert result.due_at == due
    assert result.due_at.tzinfo is UTC


def test_due_times_skip_holidays_from_the_policy() -> None:
    policy = Policy.from_mapping({"calendar": {"holidays": ["2026-10-01", "2026-10-02"]}})
    result = assess(C.OTHER, SOME, now=cst(9, 30, 17), policy=policy)
    assert result.due_at == cst(10, 5, 16)  # 1 h Wednesday, holidays, weekend, 7 h Monday


def test_assess_rejects_naive_now() -> None:
    with pytest.raises(ValueError, match=r"now=.*has no time zone"):
        assess(C.OTHER, SOME, now=datetime(2026, 11, 23, 10), policy=STANDARD)


# -- policy settings --------------------------------------------------------------------


def test_enterprise_targets_from_mapping() -> None:
    enterprise = Policy.from_mapping(
        {
            "targets": {
                "P0": {"amount": 1},
                "P1": {"amount": 4},
                "P2": {"amount": 1},
                "P3": {"amount": 3},
            },
            "warn_at_fraction": 0.5,
        }
    )
    assert enterprise.target(Priority.P0) == Target(1, TargetUnit.HOURS)
    assert enterprise.target(Priority.P2) == Target(1, TargetUnit.BUSINESS_DAYS)
    result = assess(C.CONNECTION, DOWN, now=cst(11, 21, 3), policy=enterprise)
    assert result.due_at == cst(11, 21, 4)
    assert "within 1 hour, around the clock" in result.reason


def test_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "targets:\n"
        "  P1: {amount: 16, unit: business_hours}\n"
        "calendar:\n"
        "  timezone: America/New_York\n"
        "  workdays: [Monday, tue, wed, thu]\n"
        '  start: "08:30"\n'
        '  end: "17:00"\n'
        "  holidays: [2026-11-26]\n",
        encoding="utf-8",
    )
    policy = Policy.from_yaml(path)
    assert policy.calendar.tz == "America/New_York"
    assert policy.calendar.workdays == frozenset({0, 1, 2, 3})
    assert policy.target(Priority.P1).amount == 16
    assert policy.target(Priority.P0) == STANDARD.target(Priority.P0)  # untouched default


def test_empty_yaml_is_the_default(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert Policy.from_yaml(path) == STANDARD


def test_unquoted_clock_in_yaml_explains_the_quote(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("calendar:\n  end: 18:00\n", encoding="utf-8")  # YAML reads 1080
    with pytest.raises(PolicyError, match=r"policy.calendar.end: 1080 is not a time. Quote it"):
        Policy.from_yaml(path)


def test_missing_and_broken_yaml_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"cannot be read.*leave it unset"):
        Policy.from_yaml(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("targets: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="is not valid YAML"):
        Policy.from_yaml(broken)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"targets": {"P2": {"amount": "two"}}},
            "policy.targets.P2.amount: 'two' is not a number. Use a positive number such as 2.",
        ),
        ({"targets": {"P2": {"amount": 0}}}, "policy.targets.P2.amount: 0 is not positive"),
        ({"targets": {"P2": {"amount": True}}}, "policy.targets.P2.amount: True is not a number"),
        (
            {"targets": {"P2": {"amount": 1.5}}},
            "policy.targets.P2.amount: 1.5 is not a whole number of business days",
        ),
        (
            {"targets": {"P1": {"unit": "weeks"}}},
            "policy.targets.P1.unit: 'weeks' is not a unit. Use one of: hours, business_hours",
        ),
        ({"targets": {"P4": {"amount": 1}}}, "policy.targets: unknown key 'P4'. Use one of: P0"),
        ({"targets": {"P1": {"amont": 1}}}, "policy.targets.P1: unknown key 'amont'"),
        ({"targts": {}}, "policy: unknown key 'targts'. Use one of: targets, calendar"),
        ({"targets": ["P0"]}, "policy.targets: ['P0'] is not a mapping"),
        ({"calendar": {"timezone": "Asia/Shanghia"}}, "policy.calendar.timezone: 'Asia/Shanghia'"),
        ({"calendar": {"start": "9am"}}, "policy.calendar.start: '9am' is not a time. Use HH:MM"),
        ({"calendar": {"start": "19:00"}}, "policy.calendar.end: 18:00 is not after start 19:00"),
        ({"calendar": {"workdays": ["mon", "funday"]}}, "policy.calendar.workdays: 'funday'"),
        ({"calendar": {"workdays": []}}, "policy.calendar.workdays: [] is not a list of days"),
        ({"calendar": {"holidays": ["2026-13-01"]}}, "policy.calendar.holidays: '2026-13-01'"),
        ({"calendar": {"holidays": "2026-10-01"}}, "is not a list of dates"),
        ({"warn_at_fraction": 1.5}, "policy.warn_at_fraction: 1.5 is not between 0 and 1"),
        ({"warn_at_fraction": "most"}, "policy.warn_at_fraction: 'most' is not a number"),
    ],
)
def test_policy_errors_name_the_key_value_and_fix(data: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        Policy.from_mapping(data)
    assert message in str(caught.value)


def test_policy_is_read_only() -> None:
    with pytest.raises(TypeError):
        STANDARD.targets[Priority.P0] = Target(1, TargetUnit.HOURS)  # type: ignore[index]


# -- overrides --------------------------------------------------------------------------


def test_override_recomputes_due_from_creation_time() -> None:
    created = cst(11, 20, 17)  # Friday
    original = assess(C.OTHER, SOME, now=created, policy=STANDARD)  # P1, Monday 16:00
    raised = override(
        original,
        Priority.P0,
        by="@alice",
        reason="All users are down since the 3.6.1 rollout",
        created_at=created,
        policy=STANDARD,
    )
    assert raised.priority == Priority.P0
    assert raised.due_at == cst(11, 20, 21)  # 4 h after creation, not after the override
    assert raised.overridden_by == "@alice"
    assert raised.reason == (
        "P0: set by @alice (was P1). All users are down since the 3.6.1 rollout. "
        "First response within 4 hours, around the clock."
    )


def test_override_in_chinese() -> None:
    created = cst(11, 23, 10)
    original = assess(C.OTHER, SOME, now=created, policy=STANDARD)
    lowered = override(
        original,
        Priority.P3,
        by="王工",
        reason="只是咨询",
        created_at=created,
        policy=STANDARD,
        lang="zh",
    )
    assert lowered.reason == "P3：由 王工 调整（原为 P1）。只是咨询。首次响应：5 个工作日内。"
    assert lowered.due_at == cst(11, 30, 10)


@pytest.mark.parametrize(("by", "reason", "field"), [("@alice", "  ", "reason"), ("", "x", "by")])
def test_override_needs_a_name_and_a_reason(by: str, reason: str, field: str) -> None:
    original = assess(C.OTHER, SOME, now=cst(11, 23, 10), policy=STANDARD)
    with pytest.raises(FieldValueError) as caught:
        override(
            original, Priority.P0, by=by, reason=reason, created_at=cst(11, 23, 10), policy=STANDARD
        )
    assert caught.value.field == field


# -- breach warnings --------------------------------------------------------------------


def test_warn_at_p0_is_three_quarters_of_wall_clock() -> None:
    created = cst(11, 21, 3)
    due = STANDARD.due_at(Priority.P0, created)
    assert warn_at(created, due, STANDARD, priority=Priority.P0) == cst(11, 21, 6)


def test_warn_at_business_targets_counts_business_time() -> None:
    created = cst(11, 20, 17)  # Friday; P1 due Monday 16:00
    due = STANDARD.due_at(Priority.P1, created)
    # 6 of 8 business hours: 1 h Friday + 5 h Monday -> Monday 14:00, not Sunday night.
    assert warn_at(created, due, STANDARD, priority=Priority.P1) == cst(11, 23, 14)


def test_warn_at_uses_the_configured_fraction() -> None:
    policy = Policy.from_mapping({"warn_at_fraction": 0.5})
    created = cst(11, 23, 9)
    due = policy.due_at(Priority.P1, created)  # Monday 17:00
    assert warn_at(created, due, policy, priority=Priority.P1) == cst(11, 23, 13)


def test_warn_at_an_overdue_ticket_is_its_due_time() -> None:
    due = cst(11, 23, 9)
    assert warn_at(due + timedelta(hours=1), due, STANDARD, priority=Priority.P1) == due
