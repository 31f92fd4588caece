"""A ticket as Markdown, for the engineer who picks it up (terminal, CLI, e-mail)."""

from __future__ import annotations

from datetime import UTC, tzinfo

from intake.tickets.render.labels import category_name, labels, language, status_name
from intake.tickets.render.text import (
    ENVIRONMENT,
    PROBLEM,
    SERVER,
    TEMPLATES,
    TEXTS,
    fields_in,
    impact_answers,
    other_fields,
    size_text,
    utc_text,
    zone,
)
from intake.tickets.store.records import Ticket

__all__ = ["ticket_markdown"]

_LOG_HEAD_LINES = 8
_LOG_LINE_CHARS = 300


def ticket_markdown(ticket: Ticket, *, lang: str = "en", tz: str | tzinfo = "UTC") -> str:
    """The ticket as Markdown: priority and why, the response due time in UTC and in
    ``tz`` (the support calendar's zone), every field, logs with their first lines,
    docs already shown, thread link, requester and assignee.

    Raises:
        PolicyError: ``tz`` is not a known time zone name.

    Example:
        >>> print(ticket_markdown(ticket, lang="zh", tz="Asia/Shanghai"))  # doctest: +SKIP
        # SUP-1001 · P1 · Crash opening large group chat
        ...
    """
    lang = language(lang)
    local_zone = zone(tz)
    local = ticket.due_at.astimezone(local_zone)
    same_as_utc = local.utcoffset() == ticket.due_at.astimezone(UTC).utcoffset()
    due_local = "" if same_as_utc else f"{local:%Y-%m-%d %H:%M} {local_zone}"
    logs = [
        {
            "name": log.name,
            "size": size_text(log.original_bytes or len(log.text.encode())),
            "truncated": log.truncated,
            "head": "\n".join(
                line[:_LOG_LINE_CHARS] for line in log.text.splitlines()[:_LOG_HEAD_LINES]
            ),
        }
        for log in ticket.logs
    ]
    return TEMPLATES.get_template("ticket.md.j2").render(
        t=ticket,
        L=labels(lang),
        status=status_name(ticket.status, lang),
        category=category_name(ticket.category, lang),
        due_utc=utc_text(ticket.due_at),
        due_local=due_local,
        created=utc_text(ticket.created_at),
        environment=fields_in(ticket, ENVIRONMENT, lang),
        server=fields_in(ticket, SERVER, lang),
        problem=fields_in(ticket, PROBLEM, lang),
        texts=fields_in(ticket, TEXTS, lang),
        other=other_fields(ticket),
        impact=impact_answers(ticket.impact, lang),
        logs=logs,
    )
