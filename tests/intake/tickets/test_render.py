"""The ticket as Markdown for the engineer who picks it up."""

from __future__ import annotations

import pytest

from intake.errors import PolicyError
from intake.tickets.render import ticket_markdown
from intake.types import Category, Status
from tests.intake.tickets.examples import make_ticket

# --- Markdown ---------------------------------------------------------------------------


def test_markdown_gives_an_engineer_everything_in_one_place() -> None:
    text = ticket_markdown(make_ticket(), tz="Asia/Shanghai")

    assert text.startswith("# SUP-1042 · P1 · iOS client keeps disconnecting after 5.2.1\n")
    for expected in [
        "**Priority:** P1 — production app, some users, no workaround",
        "**Response due:** 2025-03-03 13:00 UTC (2025-03-03 21:00 Asia/Shanghai)",
        "**Status:** Open",
        "**Category:** Connection",
        "**Requester:** `U0REQUEST` · **Assignee:** nobody yet",
        "**Thread:** <https://example.slack.com/archives/C1/p1700000000000100>",
        "**SDK version:** 5.2.1",
        "**Network:** 4G",
        "**Frequency:** intermittent",
        "**Change:** 5.2.0 -\\> 5.2.1",
        "**carrier:** China Mobile",
        "1. log in\n2. background the app\n3. wait 3 minutes",
        "Workaround exists: not answered",
        "- `sdk.log` — 3.0 MB (truncated)",
        "- <https://docs.example.test/en/connection#kicked-offline>",
    ]:
        assert expected in text
    assert "line 8\n" in text
    assert "line 9" not in text  # only the first lines of a log


def test_markdown_in_chinese_and_for_an_assigned_ticket() -> None:
    ticket = make_ticket(status=Status.CLAIMED, assignee="U0ALICE")
    text = ticket_markdown(ticket, lang="zh")
    assert "**状态:** 已认领" in text
    assert "**负责人:** `U0ALICE`" in text
    assert "**复现步骤**" not in text and "### 复现步骤" in text
    assert "(2025" not in text.split("\n")[3]  # tz UTC: the due time is shown once


def test_markdown_user_text_cannot_break_the_layout() -> None:
    ticket = make_ticket(
        summary="**urgent** <script>alert(1)</script> [x](http://evil)",
        fields={"repro_steps": "run ```\n# not a heading\n```", "platform": "a|b_c"},
        thread_url="javascript:alert(1)",
    )
    text = ticket_markdown(ticket)
    assert "\\*\\*urgent\\*\\* \\<script\\>" in text
    assert "\\[x\\](http://evil)" in text
    assert "````\nrun ```\n# not a heading\n```\n````" in text
    assert "**Platform:** a\\|b\\_c" in text
    assert "<javascript:" not in text


def test_an_unknown_calendar_time_zone_is_a_clear_error() -> None:
    with pytest.raises(PolicyError, match=r"'Mars/Olympus'.*IANA"):
        ticket_markdown(make_ticket(), tz="Mars/Olympus")


def test_every_status_and_category_has_a_label() -> None:
    for status in Status:
        for category in Category:
            for lang in ("en", "zh"):
                ticket = make_ticket(status=status, category=category)
                assert ticket_markdown(ticket, lang=lang)
