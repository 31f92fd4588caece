"""Views: the "Fill in a form" modal and the App Home queue, and reading a submitted form.

A submitted form becomes the text of one turn, a ``field: value`` line per filled
field (the intake extractor reads such lines), e.g.::

    platform: android
    sdk_version: 3.6.1
    symptom: group messages stay in sending

Example:
    >>> view = form_modal(thread="T1:C1:17.1", channel="C1", lang="en")
    >>> view["callback_id"], view["blocks"][1]["block_id"]
    ('intake_form', 'category')
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.slack.limits import (
    MAX_BUTTON_TEXT,
    MAX_HEADER,
    MAX_LABEL,
    MAX_MODAL_TITLE,
    MAX_OPTION_VALUE,
    MAX_PLACEHOLDER,
    MAX_SECTION,
)
from bot.slack.mrkdwn import escape, link, local_time, mention, plain
from bot.slack.render import render_json
from intake.dialog import fields as intake_fields
from intake.tickets.render.labels import category_name, status_name
from intake.tickets.store import Ticket
from intake.types import Category
from textlang import LANGS, as_lang, column

__all__ = [
    "FORM_CALLBACK",
    "FORM_FIELDS",
    "FormTarget",
    "form_modal",
    "form_target",
    "form_text",
    "home_view",
]

FORM_CALLBACK = "intake_form"
MULTILINE = frozenset({"symptom", "repro_steps", "expected"})
FORM_FIELDS = (
    "category",
    "platform",
    "sdk_version",
    "os_version",
    "device_model",
    "network",
    "chat_type",
    "symptom",
    "frequency",
    "since",
    "repro_steps",
    "expected",
    *intake_fields.IMPACT_KEYS,
)
REQUIRED = frozenset({"symptom"})
HOME_LIMIT = 40  # tickets shown per group; a home tab holds at most 100 blocks (here 2 + 2 × 43)

_WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Support request", "zh": "提交支持请求"},
    "submit": {"en": "Send", "zh": "提交"},
    "close": {"en": "Cancel", "zh": "取消"},
    "choose": {"en": "Choose", "zh": "请选择"},
    "intro": {
        "en": "Fill in what you know; I will ask in the thread for anything still missing.",
        "zh": "填写你知道的信息；缺少的内容我会在会话中继续询问。",
    },
    "yes": {"en": "Yes", "zh": "是"},
    "no": {"en": "No", "zh": "否"},
    "home": {"en": "Support queue", "zh": "工单队列"},
    "home_sub": {
        "en": "Your open tickets and the unclaimed ones, most urgent first. Claim and change status "
        "on the cards in the escalation channel.",
        "zh": "你负责的和尚未认领的工单，最紧急的在前。请在升级频道的工单卡片上认领和更新状态。",
    },
    "mine": {"en": "*Assigned to you*", "zh": "*分配给你的*"},
    "unclaimed": {"en": "*Unclaimed*", "zh": "*尚未认领*"},
    "empty": {"en": "_Nothing here._", "zh": "_暂无。_"},
    "not_engineer": {
        "en": "Ask your question in a support channel or send me a direct message; if the docs "
        "don't help, I will open a ticket for a support engineer.",
        "zh": "请在支持频道提问或直接私信我；如果文档无法解决，我会为你提交工单给技术支持工程师。",
    },
    "due": {"en": "due", "zh": "截止"},
    "more": {
        "en": "_…and {n} more, due later (not shown here; see the escalation channel)._",
        "zh": "_……另有 {n} 个截止时间更晚的工单（此处未显示，请查看升级频道）。_",
    },
}


@dataclass(frozen=True, slots=True)
class FormTarget:
    """Where a submitted form goes: an existing thread, or (from ``/support``) a channel."""

    thread: str = ""
    channel: str = ""


_WORDS_BY_LANG = {lang: column(_WORDS, lang) for lang in LANGS}


def _words(lang: str) -> Mapping[str, str]:
    return _WORDS_BY_LANG[as_lang(lang)]


def _options(name: str, lang: str) -> list[dict[str, str]]:
    words = _words(lang)
    if name == "category":
        return [{"text": plain(category_name(c, lang), MAX_BUTTON_TEXT), "value": c.value} for c in Category]
    if name in intake_fields.IMPACT_KEYS:
        return [{"text": words["yes"], "value": "yes"}, {"text": words["no"], "value": "no"}]
    spec = intake_fields.FIELDS.get(name)
    choices = spec.choices if spec else ()
    return [
        {"text": plain(intake_fields.display(name, c, lang), MAX_BUTTON_TEXT), "value": c[:MAX_OPTION_VALUE]}
        for c in choices[:100]
    ]


def _label(name: str, lang: str) -> str:
    if name in intake_fields.IMPACT_KEYS:
        return intake_fields.IMPACT_QUESTIONS[name].get(lang)
    spec = intake_fields.FIELDS.get(name)
    return spec.label.get(lang) if spec else name.replace("_", " ")


def _hint(name: str, lang: str) -> str:
    spec = intake_fields.FIELDS.get(name)
    return plain(spec.example.get(lang), MAX_PLACEHOLDER) if spec and spec.example.get(lang) else ""


def form_modal(*, thread: str, channel: str, lang: str = "en") -> dict[str, Any]:
    """The modal asking for the intake fields; ``private_metadata`` remembers the target."""
    words = _words(lang)
    fields = [
        {
            "name": name,
            "label": plain(_label(name, lang), MAX_LABEL),
            "optional": name not in REQUIRED,
            "options": _options(name, lang),
            "multiline": name in MULTILINE,
            "max_length": 2900 if name in MULTILINE else 200,
            "hint": _hint(name, lang),
        }
        for name in FORM_FIELDS
    ]
    view: dict[str, Any] = render_json(
        "form_modal.json.j2",
        callback_id=FORM_CALLBACK,
        metadata=json.dumps({"thread": thread, "channel": channel}),
        title=plain(words["title"], MAX_MODAL_TITLE),
        submit=plain(words["submit"], MAX_MODAL_TITLE),
        close=plain(words["close"], MAX_MODAL_TITLE),
        choose=words["choose"],
        intro=escape(words["intro"]),
        fields=fields,
    )
    return view


def form_target(view: Mapping[str, Any]) -> FormTarget:
    """Where the submitted ``view`` goes, from its ``private_metadata``."""
    try:
        data = json.loads(str(view.get("private_metadata") or "{}"))
    except json.JSONDecodeError:
        data = {}
    return FormTarget(thread=str(data.get("thread") or ""), channel=str(data.get("channel") or ""))


def form_text(view: Mapping[str, Any]) -> str:
    """The submitted fields as ``field: value`` lines, in the form's order; empty ones left out.

    Example:
        >>> form_text({"state": {"values": {
        ...     "platform": {"value": {"selected_option": {"value": "android"}}},
        ...     "symptom": {"value": {"value": "stuck\\nin sending"}}}}})
        'platform: android\\nsymptom: stuck; in sending'
    """
    values = (view.get("state") or {}).get("values") or {}
    lines = []
    for name in FORM_FIELDS:
        element = (values.get(name) or {}).get("value") or {}
        value = element.get("value") or (element.get("selected_option") or {}).get("value") or ""
        # One line per field: the extractor reads "field: value" lines.
        value = "; ".join(part.strip() for part in str(value).splitlines() if part.strip())
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def _ticket_line(ticket: Ticket, lang: str) -> str:
    summary = escape(" ".join((ticket.summary or ticket.question or ticket.category.value).split()))
    status = status_name(ticket.status, lang)
    due = local_time(ticket.due_at)
    where = f" · {link(ticket.thread_url, '🧵')}" if ticket.thread_url else ""
    head = f"*{ticket.id}* · {ticket.priority.value} · {summary}"
    line = f"{head}\n{status} · {_words(lang)['due']} {due}{where}"
    return line[:MAX_SECTION]


def _group(title: str, tickets: Sequence[Ticket], lang: str) -> dict[str, Any]:
    """A titled list with the real count; past :data:`HOME_LIMIT` it says how many more."""
    w = _words(lang)
    lines = [_ticket_line(t, lang) for t in tickets[:HOME_LIMIT]] or [w["empty"]]
    if len(tickets) > HOME_LIMIT:
        lines.append(w["more"].format(n=len(tickets) - HOME_LIMIT))
    return {"title": f"{title} ({len(tickets)})", "tickets": lines}


def home_view(
    tickets: Sequence[Ticket], *, user: str, is_engineer: bool, lang: str = "en"
) -> dict[str, Any]:
    """The App Home: an engineer's queue (``tickets`` as ``Desk.queue`` gives them), or a hint."""
    words = _words(lang)
    if not is_engineer:
        groups: list[dict[str, Any]] = []
        subtitle = escape(words["not_engineer"])
    else:
        ordered = sorted(tickets, key=lambda t: t.due_at)
        mine = [t for t in ordered if t.assignee == user]
        free = [t for t in ordered if not t.assignee]
        groups = [_group(words["mine"], mine, lang), _group(words["unclaimed"], free, lang)]
        subtitle = f"{mention(user)} · {escape(words['home_sub'])}"
    view: dict[str, Any] = render_json(
        "home.json.j2", title=plain(words["home"], MAX_HEADER), subtitle=subtitle, groups=groups
    )
    return view
