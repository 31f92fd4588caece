"""Slack's limits on a whole message, and how much of them the bot's cards may use.

Per-block limits (a section's 3,000 characters, 50 blocks, …) are enforced where the
blocks are built. Slack also refuses a message whose blocks hold too much text in all
(``msg_blocks_too_long``, at about 12,000 characters), so a card is built within
:data:`CARD_BUDGET` and what does not fit goes to the card's thread.

Example:
    >>> block_text([{"type": "section", "text": {"type": "mrkdwn", "text": "abc"},
    ...              "fields": [{"type": "mrkdwn", "text": "de"}]}])
    5
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["CARD_BUDGET", "MAX_MESSAGE_TEXT", "MAX_TEXT", "PERMANENT_ERRORS", "block_text"]

MAX_MESSAGE_TEXT = 12_000  # characters of text in all blocks of one message
CARD_BUDGET = 11_000  # what a ticket card may use, leaving room for a redraw's longer names
MAX_TEXT = 40_000  # a message's top-level ``text``

# Slack error codes that say "this message will never be accepted as it is": retrying
# the same payload cannot help. (ratelimited, 5xx, timeouts and not_in_channel can.)
PERMANENT_ERRORS = frozenset(
    {
        "msg_blocks_too_long",
        "msg_too_long",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_arguments",
        "invalid_attachments",
        "too_many_attachments",
        "no_text",
        "invalid_thread_ts",
    }
)


def block_text(blocks: Iterable[Mapping[str, Any]]) -> int:
    """Characters of text in ``blocks``: every ``"text"`` string, however deep."""
    total = 0
    stack: list[Any] = list(blocks)
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                if key == "text" and isinstance(value, str):
                    total += len(value)
                elif isinstance(value, Mapping | list):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return total
