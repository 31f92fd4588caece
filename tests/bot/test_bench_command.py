"""``supportbot bench`` from a checkout, and what it says where the benchmarks are not installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot import cli
from bot.commands import benchmarks


def test_from_a_checkout_every_bench_is_there(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["bench", "--help"])
    out = capsys.readouterr().out
    for what in ("retrieval", "intake", "slack", "soak"):
        assert what in out


def test_an_installed_wheel_says_to_run_it_from_a_checkout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What an installed wheel sees: no bench package, and no checkout beside bot/.
    for name in [n for n in sys.modules if n == "bench" or n.startswith("bench.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "bench", None)
    monkeypatch.setattr(benchmarks, "_checkout", lambda: tmp_path)

    assert cli.main(["bench", "retrieval", "--docs", "x"]) == 2
    err = capsys.readouterr().err
    assert "run it from a checkout" in err.lower()
    assert "python -m bot.cli bench retrieval --docs x" in err
