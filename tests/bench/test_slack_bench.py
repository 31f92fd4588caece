"""``supportbot bench slack`` runs end to end over loopback and reports what it measured."""

from __future__ import annotations

import argparse
import json

import pytest

from bench.commands import add_bench_slack
from bench.slack_bench import BenchConfig, format_report, run_bench
from bot.commands.slack import add_slack, default_port
from bot.settings import SettingsError


async def test_a_short_bench_measures_acks_and_replies() -> None:
    report = await run_bench(BenchConfig(rates=(20,), seconds=0.5))

    [level] = report.levels
    assert "fake" in report.router
    assert level.sent == 10 and level.errors == 0 and level.replies == 10
    assert 0 < level.ack_p50_ms <= level.ack_p95_ms < 3000
    assert report.highest_sustained == 20
    assert json.loads(json.dumps(report.to_dict()))["levels"][0]["sustained"] is True
    assert "Highest rate sustained with zero errors" in format_report(report)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="supportbot")
    sub = root.add_subparsers(dest="command", required=True)
    add_slack(sub)
    bench = sub.add_parser("bench")
    add_bench_slack(bench.add_subparsers(dest="what", required=True))
    return root


def test_the_commands_parse() -> None:
    assert parser().parse_args(["serve", "--port", "8080"]).port == 8080
    assert parser().parse_args(["run"]).command == "run"
    args = parser().parse_args(["bench", "slack", "--rates", "10,20", "--json"])
    assert (args.rates, args.json, args.router) == ("10,20", True, "fake")


def test_the_port_comes_from_port_or_defaults_to_3000() -> None:
    assert default_port({}) == 3000
    assert default_port({"PORT": "5000"}) == 5000
    with pytest.raises(SettingsError, match="PORT='http'"):
        default_port({"PORT": "http"})
