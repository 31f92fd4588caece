"""Sub-commands of ``supportbot``; each module adds its parser and a ``run`` function."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from bot.commands.ask import add_ask
from bot.commands.benchmarks import add_bench
from bot.commands.chat import add_chat
from bot.commands.index import add_index
from bot.commands.slack import add_slack
from bot.commands.tickets import add_tickets
from bot.settings import SettingsError
from intake.errors import IntakeError
from retrieval.errors import RetrievalError

Adder = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

# Later sub-commands (chat, tickets, run, serve) register here.
EXTRA: list[Adder] = [add_chat, add_tickets, add_slack]

# Errors a user can fix: printed as one line, never as a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (SettingsError, RetrievalError, IntakeError)

__all__ = [
    "EXTRA",
    "USER_ERRORS",
    "add_ask",
    "add_bench",
    "add_chat",
    "add_index",
    "add_slack",
    "add_tickets",
]
