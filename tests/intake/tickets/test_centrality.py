"""Priority = centrality of the broken function × impact: the documented examples hold."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from intake.tickets.centrality import Centrality, broken_function, decide, urgency
from intake.tickets.policy import Policy
from intake.tickets.priority import assess
from intake.types import Category, Impact

DOC = Path(__file__).resolve().parents[3] / "docs" / "priority.md"
_ANSWER = {"y": True, "n": False, "?": None}


def _examples() -> list[tuple[str, Category, str, Impact, str]]:
    text = DOC.read_text(encoding="utf-8").split("## Examples", 1)[1]
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 8 or cells[0] in ("report", "---"):
            continue
        report, category, kind, *answers, priority = cells
        impact = Impact(*(_ANSWER[a] for a in answers))
        rows.append((report, Category(category), kind, impact, priority))
    return rows


EXAMPLES = _examples()


def test_the_documented_table_has_examples_for_every_level() -> None:
    assert len(EXAMPLES) >= 12
    assert {p for *_, p in EXAMPLES} == {"P0", "P1", "P2", "P3"}


@pytest.mark.parametrize(("report", "category", "kind", "impact", "priority"), EXAMPLES, ids=lambda v: str(v)[:40])
def test_documented_example(report: str, category: Category, kind: str, impact: Impact, priority: str) -> None:
    fields = {"symptom": report, **({"symptom_kind": kind} if kind != "-" else {})}
    got, _, _ = decide(broken_function(category, fields, report), impact)
    assert got.value == priority


def test_a_pinning_or_avatar_bug_is_never_p0_whatever_the_impact_answers() -> None:
    down = Impact(production=True, all_users=True, workaround=False, data_loss=True)
    for report in ("pinned messages vanish", "the avatar is not updated", "unread count is wrong"):
        f = broken_function(Category.MESSAGE_DELIVERY, {"symptom_kind": "shown_wrong"}, report)
        assert f.centrality is Centrality.MINOR
        assert decide(f, down)[0].value == "P2"


def test_urgency_is_in_the_reason_but_does_not_decide_the_level() -> None:
    text = "The avatar does not refresh after a nickname change, this blocks our release"
    impact = Impact(production=True, all_users=False, workaround=True, data_loss=False)
    f = broken_function(Category.OTHER, {"symptom_kind": "shown_wrong"}, text)
    now = datetime(2026, 12, 2, 3, tzinfo=UTC)
    calm = assess(Category.OTHER, impact, now=now, policy=Policy.default(), function=f)
    urgent = assess(Category.OTHER, impact, now=now, policy=Policy.default(), function=f, urgent=urgency(text))
    assert calm.priority == urgent.priority
    assert 'Urgency noted ("blocks our release")' in urgent.reason
    assert "avatars is a secondary function" in urgent.reason
    zh = assess(Category.OTHER, impact, now=now, policy=Policy.default(), lang="zh", function=f, urgent="紧急")
    assert "紧急" in zh.reason and "次要功能" in zh.reason


def test_sending_down_for_all_production_users_is_p0_however_calmly_reported() -> None:
    f = broken_function(Category.MESSAGE_DELIVERY, {"symptom_kind": "not_sent"}, "messages do not go out")
    p, why, _ = decide(f, Impact(production=True, all_users=True, workaround=False, data_loss=False))
    assert p.value == "P0"
    assert why == "sending messages is a core function; production is down for all users with no workaround."


def test_the_documented_reason_is_the_one_given() -> None:
    text = "The app crashes when opening a large group, urgent, blocks our release"
    f = broken_function(Category.CRASH_INTEGRATION, {"symptom_kind": "crash", "symptom": text}, text)
    impact = Impact(production=True, all_users=False, workaround=True, data_loss=False)
    a = assess(
        Category.CRASH_INTEGRATION,
        impact,
        now=datetime(2026, 12, 2, 3, tzinfo=UTC),
        policy=Policy.default(),
        function=f,
        urgent=urgency(text),
    )
    documented = " ".join(DOC.read_text(encoding="utf-8").split("The reason reads")[1].split())
    assert " ".join(a.reason.split()) in documented
