"""Replies as plain text, for the terminal and for logs."""

from __future__ import annotations

import textwrap

from bot.replies import (
    AnswerReply,
    NotFoundReply,
    PrivateReply,
    PromptReply,
    Reply,
    StatusChangedReply,
    TextReply,
    TicketCreatedReply,
)
from bot.texts import say
from intake.tickets.render.labels import status_name

QUOTE_CHARS = 900


def _quote(text: str) -> str:
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rstrip() + " …"
    return textwrap.indent(text, "  │ ")


def render_text(reply: Reply) -> str:
    """One reply as text a person reads in a terminal."""
    if isinstance(reply, AnswerReply):
        lang = reply.lang
        parts = [say("answer_intro", lang)]
        for hit in reply.answer.passages:
            parts.append(f"\n  {' › '.join(hit.chunk.title_path)}\n{_quote(hit.chunk.text)}")
        parts.append("\n" + say("sources", lang))
        parts += [f"  - {url}" for url in reply.answer.sources]
        parts.append("\n" + say("answer_outro", lang))
        return "\n".join(parts)
    if isinstance(reply, NotFoundReply):
        parts = [say("not_found", reply.lang), say("intake_offer", reply.lang)]
        if reply.nearest:
            parts.append(say("maybe_related", reply.lang))
            parts += [f"  - {' › '.join(h.chunk.title_path)}: {h.chunk.url}" for h in reply.nearest]
        return "\n".join(parts)
    if isinstance(reply, PromptReply):
        prompt = reply.prompt
        parts = []
        if prompt.understood:
            width = max(len(k) for k, _ in prompt.understood)
            parts += [f"  {k.ljust(width)} : {v}" for k, v in prompt.understood]
            parts.append("")
        parts.append(prompt.text)
        if prompt.choices:
            parts.append("  [" + "] [".join(prompt.choices) + "]")
        return "\n".join(parts)
    if isinstance(reply, TicketCreatedReply):
        return say(
            "ticket_created",
            reply.lang,
            ticket=reply.ticket_id,
            priority=reply.priority,
            reason=reply.reason,
            due=reply.due_at,
        )
    if isinstance(reply, StatusChangedReply):
        status = status_name(reply.status, reply.lang, developer=True)
        text = say("status_changed", reply.lang, ticket=reply.ticket_id, status=status, by=reply.by)
        return f"{text}\n{reply.note}" if reply.note else text
    if isinstance(reply, TextReply | PrivateReply):
        return reply.text
    raise TypeError(f"cannot render {type(reply).__name__}")
