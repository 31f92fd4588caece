"""Slack thread keys: ``team:channel:thread_ts``, the ``Turn.thread`` of a Slack conversation.

``thread_ts`` is always kept as the string Slack sent: as a float,
``"1700000000.000100"`` would lose its trailing digits and name another message.

Example:
    >>> key = ThreadKey("T1", "C1", "1700000000.000100")
    >>> str(key)
    'T1:C1:1700000000.000100'
    >>> ThreadKey.parse(str(key)) == key
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ThreadKey", "permalink"]

_TS = re.compile(r"\d{1,12}\.\d{1,9}")


@dataclass(frozen=True, slots=True)
class ThreadKey:
    team: str
    channel: str
    ts: str

    def __post_init__(self) -> None:
        if not isinstance(self.ts, str) or not _TS.fullmatch(self.ts):
            raise ValueError(
                "thread_ts must be a Slack timestamp string like '1700000000.000100', "
                f"got {self.ts!r}"
            )

    def __str__(self) -> str:
        return f"{self.team}:{self.channel}:{self.ts}"

    @classmethod
    def parse(cls, text: str) -> ThreadKey:
        """The key back from its text; ``ValueError`` if it is not ``team:channel:ts``."""
        parts = text.split(":")
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"{text!r} is not a Slack thread key; expected 'TEAM:CHANNEL:TS'")
        return cls(parts[0], parts[1], parts[2])


def permalink(workspace_url: str, channel: str, ts: str) -> str:
    """The web link of a message, built without an API call.

    Example:
        >>> permalink("https://acme.slack.com/", "C1", "1700000000.000100")
        'https://acme.slack.com/archives/C1/p1700000000000100'
    """
    if not workspace_url:
        return ""
    return f"{workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"
