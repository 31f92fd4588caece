"""The guided intake: an explicit state table, no I/O.

``start`` reads the first message (plus attached logs), prefills what it can and asks
the first missing group of fields; ``step`` takes one more message. Both return the
new :class:`DialogState` (store it: ``to_json``/``from_json``) and a :data:`Step`.

    phase    message                                     goes to
    -------  ------------------------------------------  ----------------------------------
    SCOPE    continue / yes                              ASK (first missing group)
             no                                          CANCELLED
    ASK      an answer (fields extracted and validated)  ASK (next group) | IMPACT | CONFIRM
             skip (optional fields only) | back          ASK | previous question
             confirm while required fields are missing   ASK (says exactly what is missing)
    IMPACT   one line answering the impact questions     IMPACT (what is left) | CONFIRM
    CONFIRM  confirm / yes                               FILED
             edit <field> <value> | "sdk version is …"   CONFIRM (or ASK when now incomplete)
    any      cancel                                      CANCELLED

Every message may also volunteer or correct other fields ("actually it's iOS 17").

Example:
    >>> state, prompt = start("Android 13, Pixel 7, SDK 3.5.2, on 4G, group chat: group messages "
    ...                       "fail with 2002 every time since the update to 3.5.2. Steps: open a "
    ...                       "group, send a text. No logs, the device is with a customer.")
    >>> prompt.asking
    ('production', 'all_users', 'workaround', 'data_loss')
    >>> state, prompt = step(state, "yes, some users, no workaround, no messages lost")
    >>> state, filed = step(state, "confirm")
    >>> filed.draft.summary
    'Message delivery: not sent in group chat (Android, SDK 3.5.2)'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from intake.dialog.absorb import absorb, ordered, renormalize, seed_first_message
from intake.dialog.extract import (
    extract,
    extract_log_header,
    parse_impact,
    split_log,
)
from intake.dialog.fields import (
    CATEGORIES,
    FIELDS,
    GROUPS,
    IMPACT_KEYS,
    impact_missing,
    is_filled,
    label,
)
from intake.dialog.fields import missing_required as _missing_required
from intake.dialog.prompts import Assess, build_draft, render
from intake.dialog.scope import check_scope
from intake.dialog.state import (
    CATEGORY_KEY,
    CONFIRM_KEY,
    SCOPE_KEY,
    Cancelled,
    DialogState,
    Filed,
    Phase,
    Step,
    phase_for,
)
from intake.errors import DialogError
from intake.lang import as_lang, detect_lang, join, say
from intake.types import Category, LogAttachment, Prompt

__all__ = [
    "Cancelled",
    "DialogError",
    "DialogState",
    "Filed",
    "Phase",
    "Step",
    "current_prompt",
    "is_confirming",
    "missing_required",
    "start",
    "step",
]


class Command(enum.Enum):
    CANCEL = "cancel"
    BACK = "back"
    SKIP = "skip"
    SOFT_SKIP = "soft_skip"  # "don't know", "没有": a skip, except where it is an answer (impact)
    CONFIRM = "confirm"
    CONTINUE = "continue"
    NO = "no"


_COMMANDS: tuple[tuple[Command, re.Pattern[str]], ...] = tuple(
    (c, re.compile(p, re.IGNORECASE))
    for c, p in (
        (
            Command.CANCEL,
            r"cancel|quit|stop|abort|exit|never\s?mind|forget\s+it|取消|算了|不用了|退出|不提了|撤销",
        ),
        (Command.BACK, r"back|go\s+back|previous|undo|返回|上一步|回退|退回"),
        (Command.SKIP, r"skip|skip\s+it|pass|跳过|略过|跳过吧"),
        (
            Command.SOFT_SKIP,
            r"n/?a|none|don'?t\s+know|idk|not\s+sure|no\s+idea|dunno|不知道|不清楚|没有|无|不确定",
        ),
        (
            Command.CONFIRM,
            r"yes|y|yep|yeah|confirm|confirmed|ok|okay|submit|looks\s+good|lgtm|correct|go\s+ahead|"
            r"(?:just\s+|please\s+)?file\s+(?:it|the\s+ticket|a\s+ticket)(?:\s+anyway)?|send\s+it|"
            r"确认|是的|是|对|好的|好|提交|没问题|可以|确定|直接提交|提交吧|确认提交",
        ),
        (
            Command.CONTINUE,
            r"continue|proceed|go\s+on|open\s+(?:a\s+)?ticket|ticket|继续|建工单|提工单",
        ),
        (Command.NO, r"no|nope|不|不是|不对|否"),
    )
)


def _command(text: str) -> Command | None:
    clean = text.strip().strip(".!。！~ ").strip()
    return next((c for c, p in _COMMANDS if p.fullmatch(clean)), None)


@dataclass(frozen=True, slots=True)
class _Message:
    """One developer message as the phase handlers see it (``bot.replies.Turn`` is the chat turn)."""

    text: str
    command: Command | None
    new_logs: bool
    assess: Assess | None


# -- public API -------------------------------------------------------------------------


def start(
    first_message: str,
    *,
    lang: str | None = None,
    docs_shown: Sequence[str] = (),
    requester: str = "",
    thread_url: str = "",
    logs: Sequence[LogAttachment] = (),
    assess: Assess | None = None,
) -> tuple[DialogState, Step]:
    """Begin an intake from what the developer already said; ask the first missing thing."""
    prose, pasted = split_log(first_message.strip())
    ext = extract(first_message)
    guess = next((g for g in ext.guesses if g.field == "category"), None)
    suggested = tuple(v for v, p in guess.ranked[:3] if p >= 0.1) if guess and ext.category is None else ()
    state = DialogState(
        phase=Phase.ASK,
        lang=as_lang(lang) if lang else detect_lang(prose or first_message),
        category=ext.category,
        values=ordered(ext.values),
        impact=ext.impact,
        question=prose,
        docs_shown=tuple(docs_shown),
        requester=requester,
        thread_url=thread_url,
        suggested=suggested,
    )
    body_logs = _in_message(ext.logs) if not pasted else ()
    state = seed_first_message(_add_logs(state, (*logs, *_pasted(pasted), *body_logs)), prose)
    notes: tuple[str, ...] = ()
    scope = check_scope(prose)
    if scope is not None:
        state = replace(state, scope=scope.kind.value)
        if not scope.offer_ticket:
            state = replace(state, phase=Phase.SCOPE, pending=(SCOPE_KEY,))
            return state, render(state, assess=assess)
        notes = (scope.text(state.lang),)
    return _advance(state, notes, assess, intro=True)


def step(
    state: DialogState,
    message: str,
    *,
    logs: Sequence[LogAttachment] = (),
    assess: Assess | None = None,
) -> tuple[DialogState, Step]:
    """Take one more message (and any logs attached to it).

    Raises:
        DialogError: the intake is already filed or cancelled.
    """
    if state.phase in (Phase.FILED, Phase.CANCELLED):
        raise DialogError(
            f"This intake is already {state.phase.value}; start a new one with dialog.start()."
        )
    prose, pasted = split_log(message.strip())
    new_logs = (*logs, *_pasted(pasted))
    state = replace(state, turns=state.turns + 1)
    if new_logs:
        state = _add_logs(state, new_logs)
    command = _command(prose)
    if command is Command.CANCEL:
        done = replace(state, phase=Phase.CANCELLED, pending=())
        return done, Cancelled(Prompt(say("cancelled", state.lang), lang=state.lang))
    if not prose and not new_logs:
        return state, render(state, assess=assess)
    return _HANDLERS[state.phase](state, _Message(prose, command, bool(new_logs), assess))


def current_prompt(state: DialogState, *, assess: Assess | None = None) -> Prompt:
    """The pending question again, e.g. after a restart."""
    return render(state, assess=assess)


def is_confirming(state: DialogState) -> bool:
    """True while the dialog shows the confirmation summary."""
    return state.phase is Phase.CONFIRM


def missing_required(state: DialogState) -> tuple[str, ...]:
    """What must still be answered before the ticket can be filed."""
    if state.category is None:
        return (CATEGORY_KEY,)
    return _missing_required(
        state.category, state.fields, has_logs=bool(state.logs), impact=state.impact
    )


# -- handlers (the state table) -----------------------------------------------------------


def _on_scope(state: DialogState, turn: _Message) -> tuple[DialogState, Step]:
    if turn.command in (Command.CONTINUE, Command.CONFIRM):
        return _advance(replace(state, pending=()), (), turn.assess)
    if turn.command is Command.NO:
        done = replace(state, phase=Phase.CANCELLED, pending=())
        return done, Cancelled(Prompt(say("cancelled", state.lang), lang=state.lang))
    got = absorb(state, turn.text, overwrite=False, catch_all=False)
    if got.changed:  # they described an SDK problem instead: carry on with it
        return _advance(replace(got.state, pending=()), got.notes, turn.assess)
    return state, render(state, notes=(say("scope_unclear", state.lang),), assess=turn.assess)


def _on_ask(state: DialogState, turn: _Message) -> tuple[DialogState, Step]:
    if turn.command is Command.BACK:
        return _back(state, turn.assess)
    if turn.command in (Command.SKIP, Command.SOFT_SKIP):
        return _skip(state, turn.assess)
    if turn.command is Command.CONFIRM:
        return _early_confirm(state, turn.assess)
    if not turn.text:  # only a log was attached
        return _advance(state, (), turn.assess)
    got = absorb(state, turn.text, overwrite=False, catch_all=True)
    new = _mark_asked(got.state) if got.answered else got.state
    notes = got.notes
    if not got.answered and not got.hints and not turn.new_logs:
        labels = join([_label(f, state.lang) for f in state.pending], state.lang)
        notes = (*notes, say("not_found", state.lang, items=labels))
    return _advance(new, notes, turn.assess)


def _on_impact(state: DialogState, turn: _Message) -> tuple[DialogState, Step]:
    if turn.command is Command.BACK:
        return _back(state, turn.assess)
    if turn.command is Command.SKIP:
        labels = join([_label(k, state.lang) for k in state.pending], state.lang)
        note = say("skip_refused", state.lang, items=labels, why=say("impact_skip", state.lang))
        return state, render(state, notes=(note,), assess=turn.assess)
    parsed = parse_impact(turn.text, order=state.pending)
    answers = {k: v for k in IMPACT_KEYS if (v := getattr(parsed, k)) is not None}
    got = absorb(state, turn.text, overwrite=False, catch_all=False)
    new = replace(got.state, impact=replace(got.state.impact, **answers))
    notes = got.notes if answers or got.changed else (*got.notes, say("impact_unclear", state.lang))
    return _advance(new, notes, turn.assess)


def _on_confirm(state: DialogState, turn: _Message) -> tuple[DialogState, Step]:
    lang = state.lang
    if turn.command in (Command.CONFIRM, Command.CONTINUE):
        missing = missing_required(state)
        if missing:
            note = say("premature", lang, items=join([_label(f, lang) for f in missing], lang))
            return _advance(
                replace(state, refused_confirms=state.refused_confirms + 1), (note,), turn.assess
            )
        return replace(state, phase=Phase.FILED, pending=()), Filed(build_draft(state))
    if turn.command is Command.BACK:
        return _back(state, turn.assess)
    if turn.command in (Command.SKIP, Command.SOFT_SKIP, Command.NO):
        key = "confirm_what" if turn.command is Command.NO else "nothing_to_skip"
        return state, render(state, notes=(say(key, lang),), assess=turn.assess)
    got = absorb(state, turn.text, overwrite=True, catch_all=False)
    if got.changed or got.state.impact != state.impact or got.state.category != state.category:
        return _advance(got.state, got.notes, turn.assess)
    notes = got.hints or (say("confirm_unclear", lang),)
    return state, render(state, notes=notes, assess=turn.assess)


_HANDLERS: Mapping[Phase, Callable[[DialogState, _Message], tuple[DialogState, Step]]] = {
    Phase.SCOPE: _on_scope,
    Phase.ASK: _on_ask,
    Phase.IMPACT: _on_impact,
    Phase.CONFIRM: _on_confirm,
}


# -- commands -------------------------------------------------------------------------------


def _back(state: DialogState, assess: Assess | None) -> tuple[DialogState, Step]:
    if not state.history:
        return state, render(state, notes=(say("back_none", state.lang),), assess=assess)
    prev = state.history[-1]
    values = {
        k: v
        for k, v in state.values
        if k not in prev and not (k == "no_logs_reason" and "logs" in prev)
    }
    new = replace(
        state,
        values=ordered(values),
        impact=replace(state.impact, **{k: None for k in prev if k in IMPACT_KEYS}),
        category=None if prev == (CATEGORY_KEY,) else state.category,
        category_locked=False if prev == (CATEGORY_KEY,) else state.category_locked,
        asked=tuple(a for a in state.asked if a not in prev),
        pending=prev,
        history=state.history[:-1],
        phase=phase_for(prev),
    )
    return new, render(new, notes=(say("back_done", state.lang),), assess=assess)


def _skip(state: DialogState, assess: Assess | None) -> tuple[DialogState, Step]:
    lang = state.lang
    if state.pending == (CATEGORY_KEY,):
        note = say(
            "skip_refused",
            lang,
            items=label(CATEGORY_KEY, lang),
            why=FIELDS[CATEGORY_KEY].why.get(lang),
        )
        return state, render(state, notes=(note,), assess=assess)
    spec = CATEGORIES[state.category or Category.OTHER]
    required = [f for f in state.pending if f in spec.required]
    optional = [f for f in state.pending if f not in spec.required]
    new = replace(state, asked=(*state.asked, *(f for f in optional if f not in state.asked)))
    if required:
        note = say(
            "skip_refused",
            lang,
            items=join([label(f, lang) for f in required], lang),
            why=FIELDS[required[0]].why.get(lang),
        )
    else:
        note = say("skipped", lang, items=join([label(f, lang) for f in optional], lang))
    return _advance(new, (note,), assess)


def _early_confirm(state: DialogState, assess: Assess | None) -> tuple[DialogState, Step]:
    missing = missing_required(state)
    if not missing:  # only optional questions were left: skip them
        return _advance(_mark_asked(state), (), assess)
    new = replace(state, refused_confirms=state.refused_confirms + 1)
    note = say(
        "premature", state.lang, items=join([_label(f, state.lang) for f in missing], state.lang)
    )
    return new, render(new, notes=(note,), assess=assess)


# -- helpers -------------------------------------------------------------------------------


def _advance(
    state: DialogState, notes: tuple[str, ...], assess: Assess | None, *, intro: bool = False
) -> tuple[DialogState, Step]:
    nxt = _next_pending(state)
    history = state.history
    if state.pending and nxt != state.pending and state.pending != (SCOPE_KEY,):
        history = (*history, state.pending)
    new = replace(state, pending=nxt, phase=phase_for(nxt), history=history)
    return new, render(new, notes=notes, assess=assess, intro=intro)


def _next_pending(state: DialogState) -> tuple[str, ...]:
    """The first group with a missing required field or a not-yet-asked optional one."""
    if state.category is None:
        return (CATEGORY_KEY,)
    spec = CATEGORIES[state.category]
    values, has_logs = state.fields, bool(state.logs)

    def open_(f: str) -> bool:
        return not is_filled(f, values, has_logs=has_logs) and (
            f in spec.required or f not in state.asked
        )

    for group in GROUPS:
        lead = [f for f in group.fields if (f in spec.required or f in spec.asked) and open_(f)]
        if lead:
            extra = [f for f in group.fields if f in spec.extra and open_(f)]
            if values.get("since") != "after_update" and "since_detail" in extra:
                extra.remove("since_detail")  # "which update?" only makes sense after an update
            return tuple(f for f in group.fields if f in lead or f in extra)
    if spec.impact and impact_missing(state.impact):
        return impact_missing(state.impact)
    return (CONFIRM_KEY,)


def _mark_asked(state: DialogState) -> DialogState:
    spec = CATEGORIES[state.category] if state.category else None
    optional = [f for f in state.pending if f in FIELDS and spec and f not in spec.required]
    return replace(state, asked=(*state.asked, *(f for f in optional if f not in state.asked)))


def _add_logs(state: DialogState, logs: Sequence[LogAttachment]) -> DialogState:
    values = state.fields
    for log in logs:
        for name, value in extract_log_header(log.text).items():
            values.setdefault(name, value)  # what the developer said wins over an old log
    return replace(state, logs=(*state.logs, *logs), values=ordered(renormalize(values)))


def _in_message(log_lines: str) -> tuple[LogAttachment, ...]:
    """Log lines quoted in the report body (timestamps, levels, stack frames) are its log."""
    if not log_lines:
        return ()
    return (LogAttachment("log-lines-in-message.txt", log_lines, original_bytes=len(log_lines.encode())),)


def _pasted(log_text: str) -> tuple[LogAttachment, ...]:
    if not log_text:
        return ()
    return (LogAttachment("pasted-log.txt", log_text, original_bytes=len(log_text.encode())),)


def _label(key: str, lang: str) -> str:
    return label(key, lang) if key in FIELDS or key in IMPACT_KEYS else key
