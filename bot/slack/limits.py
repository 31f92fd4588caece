"""Slack's size limits, defined once for every message, card and view we build.

From https://api.slack.com/reference/block-kit (blocks, block elements, composition
objects) and https://api.slack.com/surfaces/modals. Slack rejects a whole message
or view that breaks one of them, so renderers cut to these, and a test checks
rendered output against the fake Slack's own copy of the rules.

Besides the per-block limits Slack refuses a message whose blocks hold too much text
in all (``msg_blocks_too_long``, at about 12,000 characters), so a card is built within
:data:`CARD_BUDGET` and what does not fit goes to the card's thread.

Example:
    >>> block_text([{"type": "section", "text": {"type": "mrkdwn", "text": "abc"},
    ...              "fields": [{"type": "mrkdwn", "text": "de"}]}])
    5
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

MAX_BLOCKS = 50  # blocks in one message
MAX_HEADER = 150  # header block text
MAX_SECTION = 3000  # section block text
MAX_FIELDS = 10  # fields in one section block
MAX_FIELD = 2000  # one section field
MAX_CONTEXT = 10  # elements in a context block
MAX_BUTTON_TEXT = 75  # button and select option text (plain_text)
MAX_VALUE = 2000  # button value
MAX_OPTION_VALUE = 150  # select option value
MAX_PLACEHOLDER = 150  # input and select placeholder
MAX_LABEL = 2000  # input block label
MAX_MODAL_TITLE = 24  # modal title, submit and close buttons
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
