"""The guided intake dialog: what a developer says in, the next question or a filed draft out.

Modules, in the order a message passes them:

    flow.py           the state table: ``start`` / ``step`` → ``Prompt``, ``Filed``, ``Cancelled``
    extract.py        candidate field values from free text and SDK log headers
    extract_rules.py  the keyword and pattern rules extraction reads
    validate.py       per-field normalisation and validation with a re-prompt hint
    fields.py         the intake fields per category and their aliases
    scope.py          requests outside support's scope, and what support can do instead
    prompts.py        the question for the next missing group, the confirmation summary
    state.py          ``DialogState`` and its JSON form (stored between turns)

No I/O anywhere: a test drives a whole dialog without a chat surface or a database. The
public names of ``flow`` are re-exported here.

Example:
    >>> from intake.dialog import start, step
    >>> state, prompt = start("Android 13, SDK 3.5.2: group messages fail with 2002")
"""

from __future__ import annotations

from intake.dialog.flow import (
    Cancelled,
    DialogError,
    DialogState,
    Filed,
    Phase,
    Step,
    current_prompt,
    is_confirming,
    missing_required,
    start,
    step,
)

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
