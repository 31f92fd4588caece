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
        "**Frequency:** sometimes",
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


def test_markdown_shows_labels_not_codes_and_a_server_section() -> None:
    ticket = make_ticket(
        category=Category.SERVER_DEPLOYMENT,
        fields={
            "platform": "android",
            "chat_type": "one_to_one",
            "since": "after_update",
            "symptom_kind": "not_received",
            "server_version": "v3.8.3-patch.2",
            "deployment": "docker",
            "server_os": "Linux (AMD)",
        },
    )
    md = ticket_markdown(ticket)
    for shown in ("**Platform:** Android", "**Chat type:** 1:1 chat", "**Since:** after an update",
                  "**Kind of problem:** sent but not received", "## Server", "**Deployment:** Docker",
                  "**Server version:** v3.8.3-patch.2", "Server / deployment"):
        assert shown in md, shown
    for code in ("one\\_to\\_one", "after\\_update", "not\\_received", "one_to_one", "after_update"):
        assert code not in md, code
    zh = ticket_markdown(ticket, lang="zh")
    assert "**部署方式:** Docker" in zh and "单聊" in zh


def test_history_reads_created_then_the_status_moves() -> None:
    from datetime import UTC, datetime

    from intake.tickets.render.text import history_lines
    from intake.tickets.store.records import TicketEvent

    NOW = datetime(2026, 12, 4, 10, tzinfo=UTC)

    events = [
        TicketEvent("SUP-1", "created", "bot", NOW, None, Status.OPEN),
        TicketEvent("SUP-1", "claimed", "alice", NOW, Status.OPEN, Status.CLAIMED),
        TicketEvent("SUP-1", "comment", "dev", NOW),
    ]
    lines = history_lines(events, "en")
    assert lines[0].endswith("created (Open) by bot") and "None" not in lines[0]
    assert lines[1].endswith("claimed: Open → Claimed by alice")
    assert lines[2].endswith("comment by dev")
