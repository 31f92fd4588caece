"""The intake dialog's state: a frozen value that round-trips through JSON.

Everything needed to continue is in here, including which question is pending, so a
process killed mid-intake resumes at the same question with the next message.

Example:
    >>> s = DialogState(phase=Phase.ASK, lang="en", pending=("platform", "sdk_version"))
    >>> DialogState.from_json(s.to_json()) == s
    True
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import Any

from intake.dialog.fields import FIELDS, IMPACT_KEYS
from intake.errors import DialogError
from intake.types import Category, Impact, LogAttachment, Prompt, TicketDraft

SCHEMA = 1
CATEGORY_KEY = "category"  # pending: which kind of problem
CONFIRM_KEY = "confirm"  # pending: the confirmation summary
SCOPE_KEY = "scope"  # pending: out of scope, continue or cancel?


class Phase(enum.StrEnum):
    SCOPE = "scope"
    ASK = "ask"
    IMPACT = "impact"
    CONFIRM = "confirm"
    FILED = "filed"
    CANCELLED = "cancelled"


def phase_for(pending: tuple[str, ...]) -> Phase:
    """The phase in which ``pending`` is asked."""
    if pending == (CONFIRM_KEY,):
        return Phase.CONFIRM
    if pending == (SCOPE_KEY,):
        return Phase.SCOPE
    if pending and pending[0] in IMPACT_KEYS:
        return Phase.IMPACT
    return Phase.ASK


@dataclass(frozen=True, slots=True)
class Filed:
    """The dialog is done: file this draft."""

    draft: TicketDraft


@dataclass(frozen=True, slots=True)
class Cancelled:
    """The developer left the intake (or it is out of scope); ``prompt`` says so."""

    prompt: Prompt


Step = Prompt | Filed | Cancelled


@dataclass(frozen=True, slots=True)
class DialogState:
    """Where one intake stands. ``values`` are validated field values in field order."""

    phase: Phase
    lang: str
    category: Category | None = None
    category_locked: bool = False  # chosen or edited by the developer, not guessed
    values: tuple[tuple[str, str], ...] = ()
    impact: Impact = field(default_factory=Impact)
    pending: tuple[str, ...] = ()  # what the last prompt asked
    history: tuple[tuple[str, ...], ...] = ()  # earlier prompts, for `back`
    asked: tuple[str, ...] = ()  # optional fields already asked once (not asked again)
    logs: tuple[LogAttachment, ...] = ()
    question: str = ""  # the first message, as the ticket's original question
    docs_shown: tuple[str, ...] = ()
    requester: str = ""
    thread_url: str = ""
    scope: str = ""  # a ScopeKind value when the request looked out of scope
    turns: int = 0  # messages after the first
    refused_confirms: int = 0  # times the developer tried to file an incomplete ticket
    suggested: tuple[str, ...] = ()  # likeliest categories when the classifier was unsure

    @property
    def fields(self) -> dict[str, str]:
        return dict(self.values)

    def to_json(self) -> str:
        """The state as one JSON document (UTF-8 text kept readable)."""
        data: dict[str, Any] = {
            "v": SCHEMA,
            "phase": self.phase.value,
            "lang": self.lang,
            "category": self.category.value if self.category else None,
            "category_locked": self.category_locked,
            "values": dict(self.values),
            "impact": {k: getattr(self.impact, k) for k in IMPACT_KEYS},
            "pending": list(self.pending),
            "history": [list(h) for h in self.history],
            "asked": list(self.asked),
            "logs": [
                {
                    "name": lg.name,
                    "text": lg.text,
                    "truncated": lg.truncated,
                    "original_bytes": lg.original_bytes,
                }
                for lg in self.logs
            ],
            "question": self.question,
            "docs_shown": list(self.docs_shown),
            "requester": self.requester,
            "thread_url": self.thread_url,
            "scope": self.scope,
            "turns": self.turns,
            "refused_confirms": self.refused_confirms,
            "suggested": list(self.suggested),
        }
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DialogState:
        """Rebuild a state written by :meth:`to_json`.

        Raises:
            DialogError: ``text`` is not a dialog state of this version.
        """
        try:
            data = json.loads(text)
            if data.get("v") != SCHEMA:
                raise ValueError(f"schema version {data.get('v')!r}, expected {SCHEMA}")
            values = data["values"]
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
                raise ValueError("values must map field names to strings")
            unknown = [k for k in values if k not in FIELDS]
            if unknown:
                raise ValueError(f"unknown fields {unknown}")
            return cls(
                phase=Phase(data["phase"]),
                lang=str(data["lang"]),
                category=Category(data["category"]) if data["category"] else None,
                category_locked=bool(data["category_locked"]),
                values=tuple((str(k), str(v)) for k, v in values.items()),
                impact=Impact(**{k: _opt_bool(data["impact"].get(k)) for k in IMPACT_KEYS}),
                pending=tuple(str(p) for p in data["pending"]),
                history=tuple(tuple(str(p) for p in h) for h in data["history"]),
                asked=tuple(str(a) for a in data["asked"]),
                logs=tuple(
                    LogAttachment(
                        str(lg["name"]),
                        str(lg["text"]),
                        bool(lg["truncated"]),
                        int(lg["original_bytes"]),
                    )
                    for lg in data["logs"]
                ),
                question=str(data["question"]),
                docs_shown=tuple(str(d) for d in data["docs_shown"]),
                requester=str(data["requester"]),
                thread_url=str(data["thread_url"]),
                scope=str(data["scope"]),
                turns=int(data["turns"]),
                refused_confirms=int(data["refused_confirms"]),
                # absent in states saved before the classifier existed
                suggested=tuple(Category(c).value for c in data.get("suggested", [])),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise DialogError(
                f"Stored intake state is not readable ({e}). "
                "Start the intake again; nothing was filed."
            ) from e


def _opt_bool(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(f"impact answers must be true, false or null, not {value!r}")
