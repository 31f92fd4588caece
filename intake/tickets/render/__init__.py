"""Tickets as text for people: the Markdown an engineer reads.

It comes from the Jinja2 template in ``intake/tickets/templates`` loaded with a
``PackageLoader`` (it works from an installed wheel); user text is escaped for
Markdown (see ``intake.tickets.render.text``). Chat surfaces build their own
views of a ticket from the same facts (``fields_in``, ``impact_answers``, labels).

Example:
    >>> from intake.tickets.render import ticket_markdown
    >>> ticket_markdown(ticket, lang="zh", tz="Asia/Shanghai")  # doctest: +SKIP
"""

from __future__ import annotations

from intake.tickets.render.markdown import ticket_markdown

__all__ = ["ticket_markdown"]
