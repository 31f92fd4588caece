"""``supportbot bench soak``: developers run the whole flow at once against a real
``supportbot serve``; nothing may fail, get lost or be posted twice."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bench.slack_soak import ESCALATION, SUPPORT, Board, Button, Post
from bench.soak import SoakConfig, SoakError, SoakReport, format_report, run_soak
from bot.settings import BUNDLED_CORPUS
from bot.slack.ticket_card import CLAIM_ACTION
from bot.texts import say
from tests.conftest import Database


@pytest.mark.slow
def test_a_short_soak_files_every_ticket_once_without_errors(
    bundled_index: Path, database: Database, tmp_path: Path
) -> None:
    # The served bot refreshes an index built with another embedding model in place: give it
    # its own copy so the session's shared index stays as the other tests built it.
    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    config = SoakConfig(
        threads=5,
        duration_s=10,
        database_url=database.url,
        corpus=BUNDLED_CORPUS,
        index=index,
    )
    report = run_soak(config)
    summary = format_report(report)

    assert report.errors == 0, summary
    assert report.tickets_lost == 0, summary
    assert report.duplicate_cards == 0, summary
    assert report.flows_carded >= config.threads, summary  # each developer got a ticket through
    assert report.replies >= report.turns, summary  # every turn was answered
    assert report.rss_start_mb > 0 and report.rss_end_mb > 0, summary
    assert summary.endswith("PASSED: no errors, no lost tickets, no duplicate cards")


def _card(ticket: str) -> Post:
    claim = Button("ticket", CLAIM_ACTION, ticket, "Claim")
    return Post(ESCALATION, "", "1800000000.000001", f"{ticket} P1", time.perf_counter(), (claim,))


def test_the_board_counts_a_card_posted_twice_and_the_polite_error_reply() -> None:
    board = Board()
    board.open("1700000000.000001")
    board.add(_card("SUP-1001"))
    board.add(_card("SUP-1001"))
    board.add(Post(SUPPORT, "1700000000.000001", "1800000000.000002", say("error", "en"), 0.0))

    assert board.cards.keys() == {"SUP-1001"} and len(board.cards["SUP-1001"]) == 2
    assert board.replies == 1
    assert board.error_replies == ["error reply in thread 1700000000.000001"]


def test_a_report_with_one_lost_ticket_fails() -> None:
    passed = SoakReport(
        threads=1, duration_s=1, elapsed_s=1, database="sqlite://", flows_started=1,
        flows_filed=1, flows_carded=1, flows_cut=0, turns=5, replies=5, replies_per_s=5,
        reply_p50_ms=1, reply_p95_ms=1, reply_max_ms=1, ack_p50_ms=1, ack_p95_ms=1,
        card_p50_ms=1, card_p95_ms=1, errors=0, error_kinds={}, error_samples=(),
        tickets_lost=0, duplicate_cards=0, rss_start_mb=1, rss_end_mb=1, rss_peak_mb=1,
        rss_growth_mb_per_1000_turns=0, rss_growth_late_mb_per_1000_turns=0,
    )  # fmt: skip
    lost = replace(passed, tickets_lost=1)

    assert passed.passed and not lost.passed
    assert "tickets lost     1" in format_report(lost)
    assert format_report(lost).endswith(
        "FAILED: see errors, tickets lost and duplicate cards above"
    )


@pytest.mark.parametrize(
    ("config", "named"),
    [
        (SoakConfig(threads=0), "--threads 0"),
        (SoakConfig(duration_s=-1), "--duration -1"),
        (SoakConfig(grace_s=float("nan")), "--grace nan"),
    ],
)
def test_bad_options_are_refused_in_one_line(config: SoakConfig, named: str) -> None:
    with pytest.raises(SoakError, match=named):
        run_soak(config)
