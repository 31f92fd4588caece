"""Replies as Slack messages: Block Kit from Jinja2 templates plus a text fallback.

Python prepares every string (escaped, quoted, cut to size); the templates in
``templates/`` only lay the blocks out. The result always has a fallback ``text``
(notifications, screen readers), stays within Slack's limits (``bot.slack.limits``),
and has link previews off so a quoted URL does not unfurl.

Example:
    >>> from bot.replies import TextReply
    >>> message = render(TextReply("Hi <!channel>"))
    >>> message.text, message.blocks[0]["text"]["text"]
    ('Hi &lt;!channel&gt;', 'Hi &lt;!channel&gt;')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.replies import (
    AnswerReply,
    NotFoundReply,
    PromptReply,
    Reply,
    StatusChangedReply,
    TicketCreatedReply,
)
from bot.slack.limits import (
    CARD_BUDGET,
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_FIELD,
    MAX_FIELDS,
    MAX_SECTION,
    MAX_VALUE,
    block_text,
)
from bot.slack.mrkdwn import (
    Mrkdwn,
    clip,
    escape,
    link,
    local_time,
    mention,
    mentions,
    plain,
    quote,
)
from bot.slack.ticket_card import ticket_blocks, ticket_fallback_text
from bot.slack.words import words
from bot.texts import say
from intake.dialog import fields as intake_fields
from intake.tickets.render.labels import status_name
from intake.tickets.store import Ticket
from retrieval.types import Hit

__all__ = [
    "ANSWER_HUMAN",
    "ANSWER_SOLVED",
    "INTAKE_CHOICE",
    "INTAKE_FORM",
    "Message",
    "notice",
    "render",
    "render_json",
    "render_template",
    "ticket_card",
    "words",
]

ANSWER_SOLVED = "answer_solved"
ANSWER_HUMAN = "answer_human"
INTAKE_CHOICE = "intake_choice"  # action ids intake_choice_0, intake_choice_1, …
INTAKE_FORM = "intake_form"

MAX_CHOICES = 10
MAX_PASSAGES = 3
PASSAGE_CHARS = 900
FALLBACK_CHARS = 3000

_TEMPLATES = Environment(
    loader=PackageLoader("bot.slack", "templates"),
    autoescape=False,  # JSON, not HTML: strings are escaped for mrkdwn in Python
    undefined=StrictUndefined,
)


@dataclass(frozen=True, slots=True)
class Message:
    """A Slack message: fallback ``text`` (always set) and Block Kit ``blocks``."""

    text: str
    blocks: tuple[dict[str, Any], ...] = ()

    def payload(self) -> dict[str, Any]:
        """Keyword arguments for ``chat.postMessage`` / ``chat.update`` / ``chat.postEphemeral``."""
        payload: dict[str, Any] = {"text": self.text, "unfurl_links": False, "unfurl_media": False}
        if self.blocks:
            payload["blocks"] = list(self.blocks)
        return payload


def render_json(name: str, **context: Any) -> Any:
    """Render ``templates/<name>`` and parse the JSON; ``context`` strings must be prepared."""
    return json.loads(_TEMPLATES.get_template(name).render(**context))


def render_template(name: str, **context: Any) -> list[dict[str, Any]]:
    """Blocks from ``templates/<name>`` (see :func:`render_json`)."""
    blocks: list[dict[str, Any]] = render_json(name, **context)
    return blocks


def render(reply: Reply) -> Message:
    """The Slack message for one reply of the router or the desk."""
    if isinstance(reply, AnswerReply):
        return _answer(reply)
    if isinstance(reply, NotFoundReply):
        return _not_found(reply)
    if isinstance(reply, PromptReply):
        return _prompt(reply)
    if isinstance(reply, TicketCreatedReply):
        return _ticket_created(reply)
    if isinstance(reply, StatusChangedReply):
        return _status_changed(reply)
    # The router writes a person as "@U…" (as it reads them); show those as mentions.
    return _text(mentions(escape(reply.text)))


def ticket_card(ticket: Ticket, *, lang: str = "en") -> Message:
    """The card for the escalation channel, with Claim and the status select."""
    return Message(ticket_fallback_text(ticket, lang=lang), tuple(ticket_blocks(ticket, lang=lang)))


def _fit(blocks: list[dict[str, Any]], text: str) -> Message:
    """Enforce Slack's limits whatever the templates produced."""
    if len(blocks) > MAX_BLOCKS:
        blocks = [
            *blocks[: MAX_BLOCKS - 1],
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "…"}]},
        ]
    for block in blocks:
        if block["type"] == "section":
            if "text" in block:
                block["text"]["text"] = clip(block["text"]["text"], MAX_SECTION)
            if "fields" in block:
                block["fields"] = [
                    {**f, "text": clip(f["text"], MAX_FIELD)} for f in block["fields"][:MAX_FIELDS]
                ]
    _within_total(blocks)
    return Message(clip(text, FALLBACK_CHARS) or "…", tuple(blocks))


def _within_total(blocks: list[dict[str, Any]]) -> None:
    """Halve the longest texts until the message is under Slack's total (``msg_blocks_too_long``
    at about 12,000 characters): each block may be within its own limit and the sum not."""
    texts = [
        item
        for block in blocks
        if block["type"] in ("section", "context")
        for item in ([block["text"]] if "text" in block else []) + block.get("fields", []) + block.get("elements", [])
        if isinstance(item.get("text"), str)
    ]
    while texts and block_text(blocks) > CARD_BUDGET:
        longest = max(texts, key=lambda item: len(item["text"]))
        if len(longest["text"]) <= 200:
            break
        longest["text"] = clip(longest["text"], len(longest["text"]) // 2)


def _button(action_id: str, text: str, value: str, style: str = "") -> dict[str, str]:
    return {
        "action_id": action_id,
        "text": plain(text, MAX_BUTTON_TEXT),
        "value": value[:MAX_VALUE],
        "style": style,
    }


def _title(hit: Hit) -> str:
    return " › ".join(hit.chunk.title_path) or hit.chunk.url


def _answer(reply: AnswerReply) -> Message:
    lang, wording = reply.lang, words(reply.lang)
    intro = escape(say("answer_intro", lang))
    passages = [
        f"*{link(hit.chunk.url, _title(hit))}*\n{quote(hit.chunk.text, PASSAGE_CHARS)}"
        for hit in reply.answer.passages[:MAX_PASSAGES]
    ]
    titles = {hit.chunk.url: _title(hit) for hit in reply.answer.passages}
    sources = " · ".join(link(url, titles.get(url, url)) for url in reply.answer.sources)
    sources_line = f"{escape(say('sources', lang))} {sources}" if sources else ""
    buttons = [
        _button(ANSWER_SOLVED, wording["solved"], "solved", "primary"),
        _button(ANSWER_HUMAN, wording["human"], "human"),
    ]
    blocks = render_template(
        "answer.json.j2",
        intro=intro,
        passages=passages,
        sources=clip(sources_line, MAX_FIELD),
        buttons=buttons,
    )
    first = reply.answer.passages[0].chunk.text if reply.answer.passages else ""
    text = f"{intro}\n{escape(' '.join(first.split()))[:500]}\n{sources_line}".strip()
    return _fit(blocks, text)


def _not_found(reply: NotFoundReply) -> Message:
    lang, wording = reply.lang, words(reply.lang)
    headline = escape(f"{say('not_found', lang)} {say('intake_offer', lang)}")
    related = ""
    if reply.nearest:
        lines = [f"• {link(hit.chunk.url, _title(hit))}" for hit in reply.nearest[:MAX_PASSAGES]]
        related = escape(say("maybe_related", lang)) + "\n" + "\n".join(lines)
    buttons = [_button(ANSWER_HUMAN, wording["human"], "human", "primary")]
    blocks = render_template(
        "not_found.json.j2", headline=headline, related=related, buttons=buttons
    )
    return _fit(blocks, escape(say("not_found", lang)))


def _field_label(name: str, lang: str) -> str:
    try:
        return intake_fields.label(name, lang)
    except KeyError:
        return name.replace("_", " ")


def _field_value(name: str, value: str, lang: str) -> str:
    try:
        return intake_fields.display(name, value, lang)
    except KeyError:
        return value


def _prompt(reply: PromptReply) -> Message:
    prompt = reply.prompt
    wording = words(prompt.lang)
    question = escape(prompt.text)
    lang = prompt.lang
    understood = [
        f"*{escape(_field_label(name, lang))}*\n{escape(_field_value(name, value, lang))}"
        for name, value in prompt.understood
        if value.strip()
    ][:MAX_FIELDS]
    buttons = [
        _button(f"{INTAKE_CHOICE}_{i}", choice, choice)
        for i, choice in enumerate(prompt.choices[:MAX_CHOICES])
    ]
    if prompt.asking:
        buttons.append(_button(INTAKE_FORM, wording["form"], "form"))
    blocks = render_template(
        "prompt.json.j2",
        question=question,
        understood=understood,
        understood_title=escape(wording["understood"]),
        buttons=buttons,
    )
    return _fit(blocks, question)


def _ticket_created(reply: TicketCreatedReply) -> Message:
    wording = words(reply.lang)
    text = say(
        "ticket_created",
        reply.lang,
        ticket=escape(reply.ticket_id),
        priority=escape(reply.priority),
        reason=escape(reply.reason),
        due=reply.due_at,
    )
    details = [
        f"*{wording['ticket']}*\n{escape(reply.ticket_id)}",
        f"*{wording['priority']}*\n{escape(reply.priority)}",
        f"*{wording['due']}*\n{local_time(reply.due_at)}",
    ]
    blocks = render_template("text.json.j2", text=text, details=details, note="", footer="")
    return _fit(blocks, text)


def _status_changed(reply: StatusChangedReply) -> Message:
    status = status_name(reply.status, reply.lang, developer=True)
    text = say(
        "status_changed",
        reply.lang,
        ticket=escape(reply.ticket_id),
        status=escape(status),
        by=mention(reply.by),
    )
    note = quote(reply.note, MAX_SECTION) if reply.note.strip() else ""
    blocks = render_template("text.json.j2", text=text, details=[], note=note, footer="")
    return _fit(blocks, text)


def _text(escaped: str) -> Message:
    blocks = render_template(
        "text.json.j2", text=clip(escaped, MAX_SECTION), details=[], note="", footer=""
    )
    return _fit(blocks, escaped)


def notice(key: str, lang: str = "en", **values: str) -> Message:
    """One of the adapter's own messages (``words``); ``values`` are escaped unless
    they are :class:`~bot.slack.mrkdwn.Mrkdwn` already (e.g. from ``mention``).

    Example:
        >>> notice("claimed_by", ticket="SUP-1001", owner=mention("U1AB")).text
        'SUP-1001 is already claimed by <@U1AB>.'
        >>> notice("claimed_by", ticket="<!here>", owner="x").text
        '&lt;!here&gt; is already claimed by x.'
    """
    safe = {k: v if isinstance(v, Mrkdwn) else escape(v) for k, v in values.items()}
    return _text(words(lang)[key].format(**safe))
