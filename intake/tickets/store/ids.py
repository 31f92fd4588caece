"""Human ticket ids: ``SUP-1001`` is the ticket whose primary key is 1.

The number is derived from the primary key (``1000 + pk``), which works the same
on SQLite and PostgreSQL and needs no sequence of its own.
"""

from __future__ import annotations

import re

from intake.errors import InvalidTicketId

__all__ = ["TICKET_PREFIX", "format_ticket_id", "parse_ticket_id"]

TICKET_PREFIX = "SUP"
_OFFSET = 1000
_PATTERN = re.compile(rf"#?{TICKET_PREFIX}-?(\d{{1,18}})", re.IGNORECASE)


def format_ticket_id(pk: int) -> str:
    """The public id of the ticket with primary key ``pk``.

    Example:
        >>> format_ticket_id(1)
        'SUP-1001'
    """
    if pk < 1:
        raise ValueError(f"ticket primary key must be >= 1, got {pk}")
    return f"{TICKET_PREFIX}-{_OFFSET + pk}"


def parse_ticket_id(text: str) -> int:
    """The primary key behind a public id; case, a leading ``#`` and the dash are optional.

    Raises:
        InvalidTicketId: ``text`` is not an id such as ``SUP-1001``.

    Example:
        >>> parse_ticket_id("sup-1001")
        1
        >>> parse_ticket_id("#SUP1042")
        42
    """
    match = _PATTERN.fullmatch(text.strip())
    if match is None or int(match.group(1)) <= _OFFSET:
        raise InvalidTicketId(text)
    return int(match.group(1)) - _OFFSET
