"""Priority (P0–P3) from the impact answers, and the first-response due time.

The rules are checked top to bottom; the first that matches decides. ``yes``/``no``
are explicit answers, ``?`` is "not answered" (``None``), ``-`` is "any".

    ====  ===============================  ==========  =========  ==========  =========  ====
    rule  category                         production  all users  workaround  data loss  →
    ====  ===============================  ==========  =========  ==========  =========  ====
    1     any                              yes         -          -           yes        P0
    2     any                              yes         yes        no          -          P0
    3     how_to                           -           -          -           -          P3
    4     feature_request                  -           -          -           -          P3
    5     any                              no          -          -           -          P2
    6     performance, or ``degraded``     -           -          -           -          P2
    7     any                              yes         no         -           -          P1
    8     any                              yes         -          yes         -          P1
    9     any                              yes         ?          ?           -          P1
    10    any                              ?           -          -           -          P1
    ====  ===============================  ==========  =========  ==========  =========  ====

Why these choices:

* Production-down signals (rules 1–2) win over everything, even a "how to" question.
* ``degraded=True`` is for symptoms that are a loss of quality or speed rather than a
  failure (audio noise or echo, latency, a lower delivery rate). ``Impact`` cannot tell
  a noisy call from a call that never connects, so the caller says which.
* Unknown impact is conservative but never P0 (rules 9–10): P0 pages engineers around
  the clock, so it needs an explicit "all users, no workaround" or "data loss"; an
  unanswered production question is treated as "maybe production", which is P1 (seen
  within a business day), not P2.

``override`` lets an engineer change the priority; the new due time counts from the
ticket's original creation time, so raising a two-day-old ticket to P0 makes it due
(or overdue) at once rather than restarting the clock.

Example:
    >>> from datetime import UTC, datetime
    >>> from intake.types import Category, Impact
    >>> a = assess(Category.CONNECTION, Impact(production=True, all_users=True, workaround=False),
    ...            now=datetime(2026, 11, 21, 2, tzinfo=UTC), policy=Policy.default())
    >>> a.priority, a.due_at.hour
    (<Priority.P0: 'P0'>, 6)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from intake.errors import FieldValueError
from intake.tickets.calendar import require_aware
from intake.tickets.centrality import Function, decide
from intake.tickets.policy import Policy, TargetUnit
from intake.types import Assessment, Category, Impact, Priority

_Test = Callable[[Category, Impact, bool], bool]


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the rule table: when it applies, the priority, and why (en + zh)."""

    number: int
    priority: Priority
    applies: _Test
    why: str
    why_zh: str


RULES: tuple[Rule, ...] = (
    Rule(
        1,
        Priority.P0,
        lambda c, i, d: i.production is True and i.data_loss is True,
        "production is losing messages or data.",
        "生产环境正在丢失消息或数据。",
    ),
    Rule(
        2,
        Priority.P0,
        lambda c, i, d: i.production is True and i.all_users is True and i.workaround is False,
        "production is affected for all users and there is no workaround.",
        "生产环境所有用户受影响，且没有临时解决方案。",
    ),
    Rule(
        3,
        Priority.P3,
        lambda c, i, d: c is Category.HOW_TO,
        "this is a question about using the SDK.",
        "这是使用方面的咨询。",
    ),
    Rule(
        4,
        Priority.P3,
        lambda c, i, d: c is Category.FEATURE_REQUEST,
        "this is a feature request.",
        "这是功能需求。",
    ),
    Rule(
        5,
        Priority.P2,
        lambda c, i, d: i.production is False,
        "production is not affected.",
        "未影响生产环境。",
    ),
    Rule(
        6,
        Priority.P2,
        lambda c, i, d: d or c is Category.PERFORMANCE,
        "this is a performance or quality degradation, not an outage.",
        "这是性能或质量下降，而不是功能不可用。",
    ),
    Rule(
        7,
        Priority.P1,
        lambda c, i, d: i.production is True and i.all_users is False,
        "only some production users are affected.",
        "仅部分生产环境用户受影响。",
    ),
    Rule(
        8,
        Priority.P1,
        lambda c, i, d: i.production is True and i.workaround is True,
        "production is affected but a workaround exists.",
        "生产环境受影响，但有临时解决方案。",
    ),
    Rule(
        9,
        Priority.P1,
        lambda c, i, d: i.production is True,
        "production is affected; P0 needs a confirmed 'all users, no workaround'.",
        "生产环境受影响；确认所有用户受影响且无临时解决方案后才会升为 P0。",
    ),
    Rule(
        10,
        Priority.P1,
        lambda c, i, d: True,
        "it is not known yet whether production is affected, so we assume it may be.",
        "尚不清楚是否影响生产环境，我们先按可能影响处理。",
    ),
)


def classify(category: Category, impact: Impact, *, degraded: bool = False) -> Rule:
    """The first rule of ``RULES`` that applies (rule 10 always does).

    Example:
        >>> classify(Category.FEATURE_REQUEST, Impact()).priority
        <Priority.P3: 'P3'>
    """
    return next(rule for rule in RULES if rule.applies(category, impact, degraded))


def assess(
    category: Category,
    impact: Impact,
    *,
    now: datetime,
    policy: Policy,
    lang: str = "en",
    degraded: bool = False,
    function: Function | None = None,
    urgent: str | None = None,
) -> Assessment:
    """Priority, a reason saying why, and the first-response due time (UTC).

    Args:
        category: what the ticket is about.
        impact: the impact answers (``None`` = not answered).
        now: when the ticket is created (aware); the due time counts from here.
        policy: targets and calendar.
        lang: ``"en"`` or ``"zh"`` (anything starting with ``zh``) for the reason.
        degraded: the symptom is a loss of quality or speed, not a failure.
        function: what is broken and how central it is (``centrality.broken_function``);
            when given, priority is centrality × impact instead of the rule table.
        urgent: the developer's own words of urgency, shown in the reason, never deciding.

    Example:
        >>> from datetime import UTC, datetime
        >>> assess(Category.FEATURE_REQUEST, Impact(), now=datetime(2026, 11, 23, 2, tzinfo=UTC),
        ...        policy=Policy.default()).reason
        'P3: this is a feature request. First response within 5 business days.'
    """
    if function is not None:  # centrality × impact (intake.tickets.centrality)
        priority, why, why_zh = decide(function, impact)
    else:
        rule = classify(category, impact, degraded=degraded)
        priority, why, why_zh = rule.priority, rule.why, rule.why_zh
    target = policy.target(priority)
    if _is_zh(lang):
        reason = f"{priority}：{why_zh}首次响应：{target.describe('zh')}。"
        if urgent:
            reason += f"开发者说明了紧急程度（“{urgent}”），已记录，但不决定优先级。"
    else:
        reason = f"{priority}: {why} First response {target.describe()}."
        if urgent:
            reason += f' Urgency noted ("{urgent}"); it does not decide the level.'
    return Assessment(
        priority=priority,
        reason=reason,
        due_at=policy.due_at(priority, require_aware("now", now)),
    )


def override(
    assessment: Assessment,
    priority: Priority,
    *,
    by: str,
    reason: str,
    created_at: datetime,
    policy: Policy,
    lang: str = "en",
) -> Assessment:
    """An engineer sets the priority; the due time counts from ``created_at``.

    Raises:
        FieldValueError: ``by`` or ``reason`` is empty.

    Example:
        >>> from datetime import UTC, datetime
        >>> created = datetime(2026, 11, 23, 2, tzinfo=UTC)
        >>> a = assess(Category.OTHER, Impact(), now=created, policy=Policy.default())
        >>> override(a, Priority.P2, by="@alice", reason="Only the staging app.",
        ...          created_at=created, policy=Policy.default()).reason
        'P2: set by @alice (was P1). Only the staging app. First response within 2 business days.'
    """
    who, why = by.strip(), reason.strip()
    if not who:
        raise FieldValueError(
            "by", by, "Name the engineer who changes the priority, e.g. '@alice'."
        )
    if not why:
        raise FieldValueError(
            "reason", reason, "Say why the priority changes, e.g. 'all users are down'."
        )
    if why[-1] not in ".!?。！？":
        why += "。" if _is_zh(lang) else "."
    target, was = policy.target(priority), assessment.priority
    if _is_zh(lang):
        text = f"{priority}：由 {who} 调整（原为 {was}）。{why}首次响应：{target.describe('zh')}。"
    else:
        text = f"{priority}: set by {who} (was {was}). {why} First response {target.describe()}."
    return replace(
        assessment,
        priority=priority,
        reason=text,
        due_at=policy.due_at(priority, require_aware("created_at", created_at)),
        overridden_by=who,
    )


def warn_at(created: datetime, due_at: datetime, policy: Policy, *, priority: Priority) -> datetime:
    """When to warn that the first response is close to breaching, in UTC.

    The warning comes once ``policy.warn_at_fraction`` of the time between ``created``
    and ``due_at`` has elapsed, counted on the clock of ``priority``'s target: wall-clock
    for ``hours``, business time otherwise (no warnings timed for a Sunday night).

    Example:
        >>> from datetime import UTC, datetime
        >>> warn_at(datetime(2026, 11, 23, 1, tzinfo=UTC), datetime(2026, 11, 23, 5, tzinfo=UTC),
        ...         Policy.default(), priority=Priority.P0).hour
        4
    """
    start, end = require_aware("created", created), require_aware("due_at", due_at)
    if end <= start:
        return end
    fraction = policy.warn_at_fraction
    if policy.target(priority).unit is TargetUnit.HOURS:
        return start + (end - start) * fraction
    calendar = policy.calendar
    return calendar.add_business_time(start, calendar.business_time_between(start, end) * fraction)


def _is_zh(lang: str) -> bool:
    return lang.lower().startswith("zh")
