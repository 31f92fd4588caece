"""Taking in one message, in three steps (as Rasa's forms fill slots):

1. ``candidates``: every value the message offers — explicit edits ("edit platform iOS",
   "sdk version is 3.6.1"), plain-language corrections ("the platform is wrong, it's
   the server", "this is a bug, not a how-to question"), what the extractor finds, short
   answers to a multi-field question, and the whole text for a free-text question;
2. ``validate``: each candidate normalized (``intake.dialog.validate.normalize``) or turned
   into a hint that says what a good answer looks like; which values may replace known
   ones (a correction, or the field just asked);
3. ``apply``: the validated values merged into the state, the category changed (which
   re-plans the remaining questions), and the "Noted: …" line. The next question is then
   ``dialog._next_pending`` of the new state.

Example:
    >>> from intake.dialog.state import DialogState, Phase
    >>> s = DialogState(phase=Phase.ASK, lang="en", pending=("platform",))
    >>> absorb(s, "the platform is wrong, it's iOS", overwrite=False, catch_all=True).state.fields
    {'platform': 'ios'}
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from intake.dialog.corrections import PROBLEM, Correction, find_corrections, strip_correction_words
from intake.dialog.extract import Edit, Extraction, extract, find_edits, is_correction, parse_impact
from intake.dialog.fields import FIELDS, GROUPS, IMPACT_KEYS, display, label
from intake.dialog.guess import PROBLEM_CATEGORIES
from intake.dialog.state import CATEGORY_KEY, DialogState
from intake.dialog.validate import CONCRETE_SYMPTOM, category_of, content_score, normalize
from intake.errors import FieldValueError
from intake.lang import join, say
from intake.types import Category, Impact

__all__ = ["Absorbed", "Candidates", "absorb", "apply", "candidates", "ordered", "validate"]


# -- 1. extraction ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidates:
    """What one message offers, not yet validated."""

    text: str
    ext: Extraction
    edits: tuple[Edit, ...]
    corrections: tuple[Correction, ...]
    short: Mapping[str, str]  # normalized short answers to a multi-field question
    target: str | None  # the field that takes the whole answer
    correcting: bool  # the message corrects something said before
    catch_all: bool  # the question takes a free-text answer


def candidates(state: DialogState, text: str, *, overwrite: bool, catch_all: bool) -> Candidates:
    """Step 1: every candidate value in ``text`` for ``state``'s fields."""
    corrections = tuple(find_corrections(text))
    edits = tuple(find_edits(strip_correction_words(text)))
    ext = extract(text)
    pending = state.pending
    taken = {e.key for e in edits} | {c.key for c in corrections}
    short = _short_answers(text, [f for f in pending if f not in taken], state.lang)
    target = _target(pending) if catch_all else None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    only_edits = bool(edits) and len(edits) >= len(lines)
    said_other = (is_correction(text) or bool(corrections)) and bool(ext.values or edits or corrections)
    if only_edits or said_other:
        target = None
    return Candidates(
        text,
        ext,
        edits,
        corrections,
        short,
        target,
        overwrite or is_correction(text) or bool(corrections),
        catch_all,
    )


# -- 2. validation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Validated:
    updates: dict[str, str]
    cleared: tuple[str, ...]  # fields the developer said are wrong
    impact: Impact
    category: Category | None
    locked: bool
    hints: tuple[str, ...]
    problem_guess: bool = False  # the category was set to "some problem": the likeliest one
    extra: dict[str, str] = field(default_factory=dict)


def validate(state: DialogState, c: Candidates) -> Validated:
    """Step 2: normalize every candidate; keep what may replace a known value."""
    lang, current, pending = state.lang, state.fields, state.pending
    updates: dict[str, str] = {}
    cleared: list[str] = []
    hints: list[str] = []
    impact, category, locked = state.impact, state.category, state.category_locked
    problem_guess = said_category = False

    def platform() -> str | None:
        return updates.get("platform") or current.get("platform")

    for corr in c.corrections:
        if corr.key == CATEGORY_KEY and corr.value is not None:
            if corr.value == PROBLEM:
                if category is None or category not in PROBLEM_CATEGORIES:
                    category, problem_guess = _likeliest_problem(state), True
            else:
                category = Category(corr.value)
            locked = said_category = True
            if category is Category.SERVER_DEPLOYMENT:
                cleared.append("platform")
        elif corr.value is None:
            cleared.append(corr.key)
        else:
            try:
                updates[corr.key] = normalize(corr.key, corr.value, lang=lang, platform=platform())
            except FieldValueError as err:
                hints.append(err.hint)
    for e in c.edits:
        if e.key in updates:
            continue
        try:
            if e.key in IMPACT_KEYS:
                impact = replace(impact, **{e.key: _yes_no(e.key, e.value, lang)})
            elif e.key == CATEGORY_KEY:
                word = e.value.strip().lower()
                if re.fullmatch(r"(?:a\s+)?(?:bug|problem|defect|issue)|缺陷|故障|问题", word):
                    category, problem_guess = _likeliest_problem(state), True
                else:
                    category = category_of(e.value, lang=lang)
                locked = said_category = True
            elif e.key != "logs":
                updates[e.key] = normalize(e.key, e.value, lang=lang, platform=platform())
        except FieldValueError as err:
            if e.explicit:
                hints.append(err.hint)
    for name, value in c.ext.values.items():
        if name in cleared and name not in updates:
            continue  # "the platform is wrong": do not take it again from the same message
        # A learned or default guess (symptom kind) never overwrites what is known.
        may_replace = c.correcting and name != "symptom_kind"
        if name not in updates and (name in pending or may_replace or not current.get(name)):
            updates[name] = value
    for name, value in c.short.items():
        updates.setdefault(name, value)
    if pending == (CATEGORY_KEY,) and not said_category:
        try:
            category, locked = category_of(c.text, lang=lang), True
        except FieldValueError as err:
            category = category or c.ext.category
            if category is None:
                hints.append(err.hint)
        if "symptom" not in current and content_score(c.text) >= CONCRETE_SYMPTOM:
            updates.setdefault("symptom", c.text.strip())
    elif category is None or (not locked and category is Category.OTHER and c.ext.category):
        category = c.ext.category or category
    if c.target:
        key = "no_logs_reason" if c.target == "logs" else c.target
        if key not in updates and not (c.target == "logs" and state.logs):
            try:
                updates[key] = normalize(key, c.text, lang=lang, platform=platform())
            except FieldValueError as err:
                hints.append(err.hint)
    volunteered = (
        c.catch_all
        and _target(pending) != "symptom"
        and "symptom" not in current
        and "symptom_kind" in c.ext.values
        and not any(f in updates for f in pending)
        and content_score(c.text) >= CONCRETE_SYMPTOM
    )
    if volunteered:  # they describe the problem while asked something else: keep it
        updates.setdefault("symptom", c.text.strip())
    for key in IMPACT_KEYS:
        said = getattr(c.ext.impact, key)
        if said is not None and (c.correcting or getattr(impact, key) is None):
            impact = replace(impact, **{key: said})
    return Validated(updates, tuple(dict.fromkeys(cleared)), impact, category, locked, tuple(hints), problem_guess)


def _likeliest_problem(state: DialogState) -> Category:
    """The likeliest problem category for the first message (the developer said "it's a bug")."""
    ext = extract(state.question) if state.question else None
    guess = next((g for g in ext.guesses if g.field == "category"), None) if ext else None
    for value, _ in guess.ranked if guess else ():
        if Category(value) in PROBLEM_CATEGORIES:
            return Category(value)
    return Category.OTHER


# -- 3. apply ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Absorbed:
    state: DialogState
    changed: tuple[str, ...]  # fields whose value this message set or changed
    answered: bool  # it answered (part of) the pending question
    notes: tuple[str, ...]  # "Noted: …" and validation hints, for the next prompt
    hints: tuple[str, ...]


def apply(state: DialogState, v: Validated, *, seed: str = "") -> Absorbed:
    """Step 3: merge ``v`` into ``state``; a new category re-plans what is still asked."""
    lang, current, pending = state.lang, state.fields, state.pending
    merged = {k: val for k, val in current.items() if k not in v.cleared}
    merged.update(v.updates)
    merged = renormalize(merged)
    if v.category is not None and v.category not in PROBLEM_CATEGORIES:
        merged.pop("symptom_kind", None)
    changed = tuple(k for k in merged if current.get(k) != merged[k])
    asked = tuple(a for a in state.asked if a not in v.cleared)
    new = replace(
        state,
        values=ordered(merged),
        impact=v.impact,
        category=v.category,
        category_locked=v.locked,
        asked=asked,
    )
    if v.category != state.category:
        new = seed_first_message(new, state.question)
    answered = any(_got(f, v.updates, new, state) for f in pending)
    answering = {*pending, *(("no_logs_reason",) if "logs" in pending else ())}
    noted = [f"{label(k, lang)} → {display(k, merged[k], lang)}" for k in changed if k not in answering]
    if v.category != state.category and v.category is not None and CATEGORY_KEY not in pending:
        noted.insert(0, f"{label(CATEGORY_KEY, lang)} → {display(CATEGORY_KEY, v.category.value, lang)}")
    notes = ((say("noted", lang, items=join(noted, lang)),) if noted else ()) + v.hints
    return Absorbed(new, changed, answered or bool(v.cleared), notes, v.hints)


def absorb(state: DialogState, text: str, *, overwrite: bool, catch_all: bool) -> Absorbed:
    """Merge what ``text`` says into ``state``; ``overwrite`` lets it replace known values."""
    found = candidates(state, text, overwrite=overwrite, catch_all=catch_all)
    return apply(state, validate(state, found))


# -- helpers -----------------------------------------------------------------------------------


def _short_answers(text: str, fields: Sequence[str], lang: str) -> dict[str, str]:
    """Comma-separated short answers to a multi-field question: "Android, 3.6.1, wifi, group"."""
    closed = [f for f in fields if f in _SHORT_FIELDS]
    if len(closed) < 1 or len(fields) < 2:
        return {}
    out: dict[str, str] = {}
    for chunk in re.split(r"[,，;；、/\n]", text):
        chunk = chunk.strip()
        if not chunk or len(chunk.split()) > 3:
            continue
        for f in closed:
            if f in out:
                continue
            try:
                if f in ("sdk_version", "server_version") and not _BARE_VERSION.fullmatch(chunk):
                    continue
                out[f] = normalize(f, chunk, lang=lang)
                break
            except FieldValueError:
                continue
    return out


_SHORT_FIELDS = (
    "platform",
    "network",
    "chat_type",
    "frequency",
    "since",
    "sdk_version",
    "deployment",
    "server_version",
)
_BARE_VERSION = re.compile(r"(?:sdk\s*|server\s*)?v?\d{1,2}\.\d{1,3}(?:\.\d{1,4})?(?:[-+][\w.]+)?", re.IGNORECASE)


def _got(name: str, updates: Mapping[str, str], new: DialogState, old: DialogState) -> bool:
    if name == CATEGORY_KEY:
        return new.category is not None
    if name == "logs":
        return "no_logs_reason" in updates or len(new.logs) > len(old.logs)
    return name in updates


def _target(pending: tuple[str, ...]) -> str | None:
    """The field that takes the whole answer: the only one asked, or the group's free-text field."""
    if not pending or pending[0] not in FIELDS or pending == (CATEGORY_KEY,):
        return None
    if len(pending) == 1:
        return pending[0]
    group = next(g for g in GROUPS if pending[0] in g.fields)
    return group.catch_all if group.catch_all in pending else None


def _yes_no(key: str, value: str, lang: str) -> bool:
    answer = getattr(parse_impact(value, order=(key,)), key)
    if answer is None:
        raise FieldValueError(key, value, "Please answer yes or no." if lang == "en" else "请回答“是”或“否”。")
    return bool(answer)


def renormalize(values: dict[str, str]) -> dict[str, str]:
    """Once the platform is known, "Android 13" becomes "13" (the OS is the platform)."""
    if values.get("os_version") and values.get("platform"):
        with contextlib.suppress(FieldValueError):  # keep what was said when it cannot be re-read
            values["os_version"] = normalize("os_version", values["os_version"], platform=values["platform"])
    return values


def ordered(values: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((f, values[f]) for f in FIELDS if values.get(f))


def seed_first_message(state: DialogState, text: str) -> DialogState:
    """The first message is the symptom (or the question / use case) when it says enough."""
    key = {Category.HOW_TO: "question", Category.FEATURE_REQUEST: "use_case"}.get(
        state.category or Category.OTHER, "symptom"
    )
    values = state.fields
    if key in values or not text.strip():
        return state
    try:
        values[key] = normalize(key, text, lang=state.lang)
    except FieldValueError:
        return state  # too vague: the dialog will ask for it
    return replace(state, values=ordered(values))
