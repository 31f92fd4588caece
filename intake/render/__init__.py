"""Tickets as text for people: Markdown for an engineer, a Slack Block Kit card.

Both come from Jinja2 templates in ``intake/templates`` loaded with a
``PackageLoader`` (they work from an installed wheel); user text is escaped for
each target (see ``intake.render.text``) and Slack's size limits always hold.

Example:
    >>> from intake.render import ticket_blocks, ticket_markdown
    >>> ticket_markdown(ticket, lang="zh", tz="Asia/Shanghai")  # doctest: +SKIP
    >>> ticket_blocks(ticket)[-1]["elements"][0]["action_id"]  # doctest: +SKIP
    'ticket_claim'
"""

from __future__ import annotations

from intake.render.blocks import CLAIM_ACTION, STATUS_ACTION, ticket_blocks, ticket_fallback_text
from intake.render.markdown import ticket_markdown
from intake.render.text import clamp, slack_escape

__all__ = [
    "CLAIM_ACTION",
    "STATUS_ACTION",
    "clamp",
    "slack_escape",
    "ticket_blocks",
    "ticket_fallback_text",
    "ticket_markdown",
]
