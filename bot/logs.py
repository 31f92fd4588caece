"""The process's logging: one line per record, every record capped, untrusted text escaped.

A log line is often built from what strangers sent (a file name, an event id, an
exception naming a value). Two rules keep such text from flooding or forging the log:

* :class:`OneLineFormatter` turns CR, LF and other control characters in a message into
  visible escapes, so ``"Ev1\\nERROR forged"`` cannot start a line of its own, and cuts
  the message at :data:`MAX_MESSAGE` characters (a traceback at :data:`MAX_TRACEBACK`).
* Call sites log untrusted strings with ``%r`` (quoted, escaped) and never log a request
  body that failed signature verification (``bot.slack.verify``).

Example:
    >>> import io
    >>> stream = io.StringIO()
    >>> handler = setup_logging(stream=stream, fmt="%(levelname)s %(message)s")
    >>> logging.getLogger("demo").warning("event %s", "Ev1\\nERROR forged")
    >>> stream.getvalue()
    'WARNING event Ev1\\\\nERROR forged\\n'
    >>> logging.getLogger().removeHandler(handler)
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

__all__ = ["MAX_MESSAGE", "MAX_TRACEBACK", "OneLineFormatter", "cap", "setup_logging"]

MAX_MESSAGE = 2_000  # characters of one record's message
MAX_TRACEBACK = 8_000  # characters of one record's traceback
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{ord(char):02x}")


def cap(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out.

    Example:
        >>> cap("abcdef", 3)
        'abc… (3 more characters)'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


class OneLineFormatter(logging.Formatter):
    """Formats a record's message as one capped line; a traceback stays multi-line but capped."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception as exc:  # a wrong %-format must not lose the record
            message = f"{record.msg!r} (unformattable with its arguments: {type(exc).__name__})"
        safe = logging.makeLogRecord(record.__dict__)
        # Cut before escaping: escaping a megabyte of control characters would quadruple it.
        safe.msg = _CONTROL.sub(_escape, message[:MAX_MESSAGE])
        if len(message) > MAX_MESSAGE:
            safe.msg += f"… ({len(message) - MAX_MESSAGE} more characters)"
        safe.args = None
        if record.exc_info and not record.exc_text:
            safe.exc_text = cap(self.formatException(record.exc_info), MAX_TRACEBACK)
        elif record.exc_text:
            safe.exc_text = cap(record.exc_text, MAX_TRACEBACK)
        return super().format(safe)


def setup_logging(
    level: int = logging.INFO, *, stream: TextIO | None = None, fmt: str = FORMAT
) -> logging.Handler:
    """Send every logger's records at ``level`` and up to ``stream`` (stderr), one safe line each.

    Replaces handlers an earlier call installed; returns the handler.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h.formatter, OneLineFormatter)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(OneLineFormatter(fmt))
    root.addHandler(handler)
    root.setLevel(level)
    return handler
