"""A ticket as a Slack Block Kit card with Claim and status controls.

The JSON comes from ``templates/ticket_blocks.json.j2``; Python prepares every
string (escaped, cut to size) and checks the parsed result against Slack's limits
(https://api.slack.com/reference/block-kit), so a giant or hostile ticket still
yields a card Slack accepts.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.slack.limits import (
    CARD_BUDGET,
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_CONTEXT,
    MAX_FIELD,
    MAX_FIELDS,
    MAX_HEADER,
    MAX_OPTION_VALUE,
    MAX_SECTION,
    MAX_TEXT,
    MAX_VALUE,
    block_text,
)
from bot.slack.mrkdwn import clip, escape, link, local_time, mention
from intake.tickets.render.labels import category_name, labels, language, status_name
from intake.tickets.render.text import (
    ENVIRONMENT,
    PROBLEM,
    SERVER,
    fields_in,
    impact_answers,
    other_fields,
    size_text,
    utc_text,
)
from intake.tickets.store.records import Ticket
from intake.types import Status

__all__ = ["CLAIM_ACTION", "STATUS_ACTION", "ticket_blocks", "ticket_fallback_text", "ticket_overflow"]

_TEMPLATES = Environment(
    loader=PackageLoader("bot.slack", "templates"),
    autoescape=False,  # JSON, not HTML: every string is escaped for mrkdwn in Python
    undefined=StrictUndefined,
)

CLAIM_ACTION = "ticket_claim"
STATUS_ACTION = "ticket_status"
SELECTABLE = (Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER, Status.RESOLVED, Status.CLOSED)

_SECTIONS_AT_MOST = 8  # symptom, expected, steps, no-logs, impact, logs, docs, question
_FIXED_BLOCKS = 4  # header, overview, context, actions

def _section(title: str, body: str, *, code: bool = False, limit: int = MAX_SECTION) -> str:
    head = f"*{title}*\n"
    limit = min(limit, MAX_SECTION)
    if code:
        return head + "```" + clip(escape(body), limit - len(head) - 6) + "```"
    return head + clip(escape(body), limit - len(head))


def _field_groups(ticket: Ticket, lang: str, room: int, limit: int = MAX_FIELD) -> list[list[str]]:
    words = labels(lang)
    pairs = [(words["category"], category_name(ticket.category, lang))]
    pairs += fields_in(ticket, ENVIRONMENT + SERVER + PROBLEM, lang) + other_fields(ticket)
    texts = [
        f"*{clip(escape(label), 100)}*\n" + clip(escape(value), min(limit, MAX_FIELD) - 105)
        for label, value in pairs
    ]
    if len(texts) > room * MAX_FIELDS:
        hidden = len(texts) - room * MAX_FIELDS + 1
        texts = [*texts[: room * MAX_FIELDS - 1], f"… +{hidden}"]
    return [texts[i : i + MAX_FIELDS] for i in range(0, len(texts), MAX_FIELDS)]


_LONG = ("symptom", "expected", "repro_steps", "no_logs_reason")


def _sections(ticket: Ticket, lang: str, limit: int = MAX_SECTION) -> list[str]:
    words = labels(lang)
    fields = ticket.fields
    out = [
        _section(words[name], fields[name], code=name == "repro_steps", limit=limit)
        for name in _LONG
        if fields.get(name, "").strip()
    ]
    out.append(
        f"*{words['impact']}*\n"
        + "\n".join(f"• {label}: {answer}" for label, answer in impact_answers(ticket.impact, lang))
    )
    logs = [
        f"• `{clip(escape(log.name), 200)}` {size_text(log.original_bytes or len(log.text))}"
        + (f" ({words['truncated']})" if log.truncated else "")
        for log in ticket.logs
    ]
    head = f"*{words['logs']}*\n"
    out.append(head + clip("\n".join(logs) or words["no_logs"], MAX_SECTION - len(head)))
    if ticket.docs_shown:
        head = f"*{words['docs']}*\n"
        docs = "\n".join(f"• {link(url)}" for url in ticket.docs_shown)
        out.append(head + clip(docs, MAX_SECTION - len(head)))
    if ticket.question.strip():
        out.append(_section(words["question"], ticket.question, limit=limit))
    return out


def _actions(ticket: Ticket, lang: str) -> dict[str, Any]:
    words = labels(lang)
    options = [
        {"text": clip(status_name(s, lang), MAX_BUTTON_TEXT), "value": f"{ticket.id}:{s.value}"}
        for s in SELECTABLE
    ]
    current = [o for o, s in zip(options, SELECTABLE, strict=True) if s is ticket.status]
    return {
        "block_id": f"ticket:{ticket.id}",
        "value": ticket.id,
        "claim": "" if ticket.assignee else clip(words["claim"], MAX_BUTTON_TEXT),
        "placeholder": clip(words["set_status"], MAX_BUTTON_TEXT),
        "options": options,
        "initial": current[0] if current else None,
    }


def ticket_blocks(
    ticket: Ticket, *, lang: str = "en", actions: bool = True
) -> list[dict[str, Any]]:
    """The ticket card: header, overview (priority, why, due, status, assignee), fields,
    symptom and steps, impact, logs, docs, the original question, context (requester,
    thread link, created) and, with ``actions``, a Claim button (``action_id``
    ``"ticket_claim"``, value the ticket id; shown while nobody owns the ticket) and a
    status select (``"ticket_status"``, option values ``"SUP-1001:resolved"``).

    Slack refuses a message with more than about 12,000 characters of block text, so long
    texts get less room on the card until it fits :data:`~bot.slack.limits.CARD_BUDGET`;
    :func:`ticket_overflow` gives them in full, for the card's thread.

    Example:
        >>> [b["type"] for b in ticket_blocks(ticket)][:2]  # doctest: +SKIP
        ['header', 'section']
    """
    return _fitting(ticket, language(lang), actions)[0]


def _fitting(ticket: Ticket, lang: str, actions: bool) -> tuple[list[dict[str, Any]], int]:
    """The card at the largest room per long text that fits the budget, and that room."""
    for limit in _LIMITS:
        blocks = _card(ticket, lang, actions, limit)
        if block_text(blocks) <= CARD_BUDGET:
            break
    _check(blocks)
    return blocks, limit


def _card(ticket: Ticket, lang: str, actions: bool, limit: int) -> list[dict[str, Any]]:
    words = labels(lang)
    due = local_time(ticket.due_at)
    overridden = (
        f" ({words['overridden']} {mention(ticket.priority_overridden_by, '')})"
        if ticket.priority_overridden_by
        else ""
    )
    overview = (
        f"*{words['priority']}:* {ticket.priority.value} — "
        + clip(escape(ticket.priority_reason), 1500)
        + overridden
        + f"\n*{words['due']}:* {due}"
        + f"\n*{words['status']}:* {status_name(ticket.status, lang)}"
        + f" · *{words['assignee']}:* {mention(ticket.assignee, words['nobody'])}"
    )
    context = [
        f"{words['requester']}: {mention(ticket.requester, '—')}",
        f"{words['created']}: {utc_text(ticket.created_at)}",
    ]
    if ticket.thread_url:
        context.insert(1, link(ticket.thread_url, words["open_thread"]))
    title = f"{ticket.id} · {ticket.priority.value} · {ticket.summary or ticket.question}"
    sections = _sections(ticket, lang, limit)
    room = MAX_BLOCKS - _FIXED_BLOCKS - len(sections)
    rendered = _TEMPLATES.get_template("ticket_blocks.json.j2").render(
        header=clip(escape(" ".join(title.split())), MAX_HEADER),
        overview=clip(overview, MAX_SECTION),
        field_groups=_field_groups(ticket, lang, room, limit),
        sections=sections,
        context=[clip(text, MAX_SECTION) for text in context[:MAX_CONTEXT]],
        actions=_actions(ticket, lang) if actions else None,
    )
    blocks: list[dict[str, Any]] = json.loads(rendered)
    return blocks


# Room per long text on the card, tried in order until the card fits CARD_BUDGET.
_LIMITS = (MAX_SECTION, 1500, 800, 400, 200)


def ticket_overflow(ticket: Ticket, *, lang: str = "en") -> list[str]:
    """What the card had to cut, in full (mrkdwn), one text per long field: for the card's
    thread, so nothing the developer wrote is lost."""
    lang = language(lang)
    words = labels(lang)
    _, limit = _fitting(ticket, lang, True)
    texts = [(words[name], ticket.fields.get(name, "")) for name in _LONG]
    texts.append((words["question"], ticket.question))
    texts += [(label, value) for label, value in other_fields(ticket)]
    return [
        clip(f"*{escape(label)}*\n{escape(value.strip())}", MAX_TEXT - 100)
        for label, value in texts
        if len(escape(value.strip())) > limit - len(label) - 110
    ]


def ticket_fallback_text(ticket: Ticket, *, lang: str = "en") -> str:
    """The notification text shown where blocks are not (push, search, screen readers).

    Example:
        >>> ticket_fallback_text(ticket)  # doctest: +SKIP
        'New ticket SUP-1001 [P1] Crash in big groups — Response due 2025-03-03 13:00 UTC'
    """
    words = labels(language(lang))
    summary = clip(escape(" ".join((ticket.summary or ticket.question).split())), 200)
    return (
        f"{words['new_ticket']} {ticket.id} [{ticket.priority.value}] {summary}"
        f" — {words['due']} {utc_text(ticket.due_at)}"
    )


def _check(blocks: list[dict[str, Any]]) -> None:
    """Fail loudly (a bug here, not bad input) if a block breaks one of Slack's limits."""
    problems = []
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"{len(blocks)} blocks")
    for block in blocks:
        kind = block["type"]
        if kind == "header" and len(block["text"]["text"]) > MAX_HEADER:
            problems.append("header text")
        if kind == "section":
            if len(block.get("text", {}).get("text", "")) > MAX_SECTION:
                problems.append("section text")
            fields = block.get("fields", [])
            if len(fields) > MAX_FIELDS or any(len(f["text"]) > MAX_FIELD for f in fields):
                problems.append("section fields")
        if kind == "context" and len(block["elements"]) > MAX_CONTEXT:
            problems.append("context elements")
        for element in block.get("elements", []) if kind == "actions" else []:
            for option in element.get("options", []):
                if len(option["value"]) > MAX_OPTION_VALUE:
                    problems.append("option value")
            if len(element.get("value", "")) > MAX_VALUE:
                problems.append("button value")
    if problems:
        raise AssertionError(f"ticket card breaks Slack limits: {', '.join(problems)}")
