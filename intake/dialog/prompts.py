"""What the dialog says for a pending question, and the ticket draft it files.

Pure functions of a :class:`~intake.dialog.state.DialogState`: rendering the same state
twice gives the same prompt, which is what lets an intake resume after a restart.

Example:
    >>> from intake.types import Category
    >>> summarize(Category.MESSAGE_DELIVERY, {"symptom_kind": "not_sent", "chat_type": "group",
    ...           "platform": "android", "sdk_version": "3.6.0"}, "en")
    'Message delivery: not sent in group chat (Android, SDK 3.6.0)'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from intake.dialog.fields import (
    CATEGORIES,
    FIELDS,
    GROUPS,
    IMPACT_KEYS,
    IMPACT_QUESTIONS,
    VALUE_LABELS,
    display,
    label,
)
from intake.dialog.scope import ScopeKind, describe
from intake.dialog.sections import parse
from intake.dialog.state import CATEGORY_KEY, CONFIRM_KEY, SCOPE_KEY, DialogState
from intake.lang import join, say
from intake.types import Category, Impact, Prompt, TicketDraft

# (category, impact, fields, first message) -> (priority, reason), for the confirmation.
Assess = Callable[[Category, Impact, Mapping[str, str], str], tuple[str, str]]


def _item(field: str, lang: str) -> str:
    values = VALUE_LABELS.get(field)
    if values:
        return f"{label(field, lang)} ({' / '.join(v.get(lang) for v in values.values())})"
    return label(field, lang)


def _choices(field: str, lang: str) -> tuple[str, ...]:
    return tuple(v.get(lang) for v in VALUE_LABELS.get(field, {}).values())


def _ask_fields(state: DialogState) -> tuple[str, tuple[str, ...]]:
    lang, pending = state.lang, state.pending
    spec = CATEGORIES[state.category or Category.OTHER]
    optional = [f for f in pending if f not in spec.required]
    if len(pending) == 1:
        text = FIELDS[pending[0]].prompt.get(lang)
        if optional:
            text += " " + say("optional_one", lang)
        return text, _choices(pending[0], lang)
    group = next(g for g in GROUPS if pending[0] in g.fields)
    if group.catch_all in pending:
        text = FIELDS[group.catch_all].prompt.get(lang)
        extras = [f for f in optional if f != group.catch_all]
        if extras:
            text += " " + say("optional", lang, items=join([_item(f, lang) for f in extras], lang))
        return text, ()
    main = [f for f in pending if f in spec.required or f in spec.asked]
    extras = [f for f in pending if f not in main]
    parts = [say("tell_me", lang, items=join([_item(f, lang) for f in main], lang))]
    if extras:
        parts.append(say("optional", lang, items=join([_item(f, lang) for f in extras], lang)))
    shown = [
        f for f in pending if not (f == "platform" and "os_version" in pending)
    ]  # "Android 13" says both
    examples = [FIELDS[f].example.get(lang) for f in shown if FIELDS[f].example.get(lang)]
    parts.append(say("example", lang, example=", ".join(examples)))
    return " ".join(parts), ()


def _ask_impact(state: DialogState) -> str:
    lines = [say("impact_head", state.lang)]
    lines += [f"{i}. {IMPACT_QUESTIONS[k].get(state.lang)}" for i, k in enumerate(state.pending, 1)]
    return "\n".join(lines)


def _confirm(state: DialogState, assess: Assess | None) -> str:
    category = state.category or Category.OTHER
    lines = [
        say("confirm_head", state.lang),
        say("title", state.lang, summary=summarize(category, state.fields, state.lang)),
    ]
    if assess is not None:
        priority, reason = assess(category, state.impact, state.fields, state.question)
        lines.append(say("priority", state.lang, priority=priority, reason=reason.rstrip(".。")))
    lines.append(say("confirm_tail", state.lang))
    return "\n".join(lines)


def render(
    state: DialogState,
    *,
    notes: tuple[str, ...] = (),
    assess: Assess | None = None,
    intro: bool = False,
) -> Prompt:
    """The prompt for ``state.pending``, after ``notes`` (what was noted, hints, refusals)."""
    lang = state.lang
    choices: tuple[str, ...] = ()
    if state.pending == (CONFIRM_KEY,):
        text = _confirm(state, assess)
        choices = (say("confirm_word", lang), say("cancel_word", lang))
    elif state.pending == (SCOPE_KEY,):
        text = describe(ScopeKind(state.scope)).text(lang) + "\n" + say("scope_continue", lang)
        choices = (say("continue_word", lang), say("cancel_word", lang))
    elif state.pending == (CATEGORY_KEY,) and state.suggested:
        options = [display(CATEGORY_KEY, c, lang) for c in state.suggested]
        text = say("category_guess", lang, options=join(options, lang))
        rest = [c for c in _choices(CATEGORY_KEY, lang) if c not in options]
        choices = (*options, *rest)
    elif state.pending == (CATEGORY_KEY,):
        text, choices = say("category_q", lang), _choices(CATEGORY_KEY, lang)
    elif state.pending and state.pending[0] in IMPACT_KEYS:
        text = _ask_impact(state)
    else:
        text, choices = _ask_fields(state)
    head = [say("intro", lang)] if intro else []
    return Prompt(
        text="\n".join([*head, *notes, text]),
        asking=state.pending,
        choices=choices,
        understood=understood(state),
        lang=lang,
    )


def _short(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def understood(state: DialogState) -> tuple[tuple[str, str], ...]:
    """What the dialog has so far, as (label, value) pairs in the developer's language."""
    lang, values = state.lang, state.fields
    out: list[tuple[str, str]] = []
    if state.category:
        out.append((label(CATEGORY_KEY, lang), display(CATEGORY_KEY, state.category.value, lang)))
    out += [(label(f, lang), _short(display(f, values[f], lang))) for f in FIELDS if f in values]
    for key in IMPACT_KEYS:
        answer = getattr(state.impact, key)
        if answer is not None:
            out.append((label(key, lang), say("yes" if answer else "no", lang)))
    if state.logs:
        names = ", ".join(lg.name for lg in state.logs)
        out.append((label("logs", lang), say("logs_attached", lang, names=names)))
    return tuple(out)


def _headline(text: str) -> str:
    """A report's title without its template tag, or its first sentence."""
    report = parse(text)
    return report.title or report.narrative(facts=False) or text


def summarize(category: Category, fields: Mapping[str, str], lang: str) -> str:
    """One line for the ticket title: category, what goes wrong, platform and SDK version."""
    zh = lang == "zh"
    name = display(CATEGORY_KEY, category.value, lang)
    name = name[:1].upper() + name[1:]
    kind, chat = fields.get("symptom_kind"), fields.get("chat_type")
    if category is Category.HOW_TO:
        subject = _short(fields.get("question", ""), 70)
    elif category is Category.FEATURE_REQUEST:
        subject = _short(fields.get("use_case", ""), 70)
    elif kind and kind != "other":
        subject = display("symptom_kind", kind, lang)
        if chat:
            subject = (
                f"{display('chat_type', chat, lang)}{subject}"
                if zh
                else f"{subject} in {display('chat_type', chat, lang)}"
            )
    else:
        subject = _short(_headline(fields.get("symptom", "")), 70)
    context = [display("platform", fields["platform"], lang)] if fields.get("platform") else []
    if fields.get("sdk_version"):
        context.append(f"SDK {fields['sdk_version']}")
    elif fields.get("server_version"):
        context.append(("服务端 " if zh else "server ") + fields["server_version"])
    if zh:
        return f"{name}：{subject}" + (f"（{'，'.join(context)}）" if context else "")
    return f"{name}: {subject}" + (f" ({', '.join(context)})" if context else "")


def build_draft(state: DialogState) -> TicketDraft:
    """The ticket draft for a complete ``state`` (the caller checks completeness)."""
    category = state.category or Category.OTHER
    fields = state.fields
    extra: dict[str, str] = {}
    if state.scope:
        extra["scope"] = state.scope
    skipped = [f for f in state.asked if f not in fields and f != "logs"]
    if skipped:
        extra["skipped"] = ",".join(skipped)
    return TicketDraft(
        category=category,
        fields=fields,
        impact=state.impact,
        lang=state.lang,
        question=state.question,
        summary=summarize(category, fields, state.lang),
        logs=state.logs,
        docs_shown=state.docs_shown,
        requester=state.requester,
        thread_url=state.thread_url,
        extra=extra,
    )
