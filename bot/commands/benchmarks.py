"""``supportbot bench …``: the measurements live in the checkout's ``bench`` package.

Benchmarks and soak runs are not part of the installed product, so this module
only finds them: ``bench`` is imported from the path, or from the checkout an
editable install points at; where neither has it, ``supportbot bench`` says to
run it from a checkout instead of failing on an import.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

from bot.settings import SettingsError

__all__ = ["add_bench"]

_HOW = (
    "supportbot bench needs the source checkout: the bench package is not installed with "
    "supportbot. Run it from a checkout, e.g. `cd supportbot && python -m bot.cli bench {what}`."
)


def _checkout() -> Path:
    """The folder that holds ``bot/``: the source checkout for an editable install."""
    return Path(__file__).resolve().parents[2]


def _bench_commands() -> ModuleType | None:
    """``bench.commands``, or None when this is an installed wheel without the checkout."""
    try:
        return importlib.import_module("bench.commands")
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] != "bench":
            raise  # bench is there, something it needs is not
    # An editable install (pip install -e .) runs from the checkout but puts only the
    # product packages on the path.
    checkout = _checkout()
    if not (checkout / "bench" / "__init__.py").is_file():
        return None
    sys.path.append(str(checkout))
    return importlib.import_module("bench.commands")


def add_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``supportbot bench``: the checkout's benchmarks, or a one-line refusal."""
    commands = _bench_commands()
    if commands is not None:
        commands.add_bench(sub)
        return
    bench = sub.add_parser("bench", help="measure quality and speed (from a source checkout)")
    bench.add_argument("what", nargs=argparse.REMAINDER, help="retrieval | intake | slack | soak …")
    bench.set_defaults(run=_missing)


def _missing(args: argparse.Namespace) -> int:
    raise SettingsError(_HOW.format(what=" ".join(args.what) or "retrieval"))
