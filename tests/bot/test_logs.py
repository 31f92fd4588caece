"""The process's log: one line per record whatever strangers put in it, and every record capped."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logs import MAX_MESSAGE, MAX_TRACEBACK, setup_logging


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = setup_logging(logging.INFO, stream=out, fmt="%(levelname)s %(name)s: %(message)s")
    yield out
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_newline_in_a_logged_value_stays_on_its_line(stream: io.StringIO) -> None:
    logging.getLogger("bot.x").warning("file %s skipped", "a.log\nERROR bot.x: forged\r\x1b[2J")
    assert stream.getvalue().splitlines() == [
        "WARNING bot.x: file a.log\\nERROR bot.x: forged\\r\\x1b[2J skipped"
    ]


def test_a_huge_value_is_cut_and_says_how_much_was_left_out(stream: io.StringIO) -> None:
    logging.getLogger("bot.x").info("body %s", "A" * 900_000)
    [line] = stream.getvalue().splitlines()
    assert len(line) < MAX_MESSAGE + 100
    assert line.endswith(f"… ({900_005 - MAX_MESSAGE} more characters)")


def test_a_traceback_is_kept_but_capped(stream: io.StringIO) -> None:
    try:
        raise ValueError("x" * 100_000)
    except ValueError:
        logging.getLogger("bot.x").exception("failed")
    text = stream.getvalue()
    assert text.startswith("ERROR bot.x: failed\nTraceback")
    assert len(text) < MAX_MESSAGE + MAX_TRACEBACK + 200


def test_bolts_verification_logger_is_capped_too(stream: io.StringIO) -> None:
    # Loggers set up by libraries go through the same handler.
    logging.getLogger("slack_bolt.AsyncRequestVerification").info("body: %s", "B" * 50_000)
    assert len(stream.getvalue()) < MAX_MESSAGE + 100
