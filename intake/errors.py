"""Every error ``intake`` raises on purpose (dialog and tickets alike), in one module.

IntakeError                  root: catch this to catch everything below
├── FieldValueError          a user's answer does not fit the field (message says why)
├── DialogError              the dialog is finished, or its stored state is unreadable
├── ModelError               the intake classifier file is missing or malformed
├── PolicyError              a priority/SLA/calendar setting is malformed
├── StoreError               the database could not do what was asked
│   ├── TicketNotFound       no ticket with that id
│   ├── ClaimConflict        someone else already owns the ticket
│   ├── InvalidTicketId      not of the form SUP-1001
│   ├── InvalidTransition    the workflow does not allow it
│   └── StaleConversation    the thread changed since it was loaded
└── PermissionDenied         the actor may not do this (e.g. not an engineer)
    └── NotTicketOwner       the ticket is claimed by someone else (only they or a lead)

Every message names the value and the fix, e.g. "'SUP-x' is not a ticket id.
Ticket ids look like SUP-1001."
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ClaimConflict",
    "DialogError",
    "FieldValueError",
    "IntakeError",
    "InvalidTicketId",
    "InvalidTransition",
    "ModelError",
    "PermissionDenied",
    "PolicyError",
    "StaleConversation",
    "StoreError",
    "TicketNotFound",
]


class IntakeError(Exception):
    """Root of every error ``intake`` raises on purpose."""


class FieldValueError(IntakeError):
    def __init__(self, field: str, value: str, hint: str) -> None:
        super().__init__(f"{field}: {value!r} is not valid. {hint}")
        self.field = field
        self.value = value
        self.hint = hint


class DialogError(IntakeError):
    """The dialog cannot go on: it is finished, or its stored state is unreadable."""


class ModelError(IntakeError):
    """The intake classifier file is missing or malformed; the message names the file and the fix."""


class PolicyError(IntakeError):
    pass


class StoreError(IntakeError):
    pass


class TicketNotFound(StoreError):
    def __init__(self, ticket_id: str) -> None:
        super().__init__(f"No ticket {ticket_id!r}. List tickets with `supportbot tickets list`.")
        self.ticket_id = ticket_id


class ClaimConflict(StoreError):
    def __init__(self, ticket_id: str, owner: str) -> None:
        super().__init__(f"{ticket_id} is already claimed by {owner}.")
        self.ticket_id = ticket_id
        self.owner = owner


class InvalidTicketId(StoreError):
    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not a ticket id. Ticket ids look like SUP-1001.")
        self.text = text


class InvalidTransition(StoreError):
    def __init__(self, ticket_id: str, current: str, wanted: str, allowed: Iterable[str]) -> None:
        options = ", ".join(sorted(allowed)) or "none (the ticket is finished)"
        hint = " Claim it first." if current == "open" else ""
        super().__init__(
            f"{ticket_id} is {current}; it cannot move to {wanted}. "
            f"From {current} it can move to: {options}.{hint}"
        )
        self.ticket_id = ticket_id
        self.current = current
        self.wanted = wanted


class StaleConversation(StoreError):
    def __init__(self, thread: str, expected: int | None, found: int | None) -> None:
        seen = "no saved conversation" if found is None else f"version {found}"
        wanted = "none saved yet" if expected is None else f"version {expected}"
        super().__init__(
            f"Conversation {thread!r} changed meanwhile: expected {wanted}, found {seen}. "
            "Load it again with ConversationStore.get and redo the step."
        )
        self.thread = thread
        self.expected = expected
        self.found = found


class PermissionDenied(IntakeError):
    pass


class NotTicketOwner(PermissionDenied):
    """Someone other than the owner (and not a lead) tried to change a claimed ticket."""

    def __init__(self, ticket_id: str, owner: str) -> None:
        super().__init__(
            f"{ticket_id} is claimed by {owner}: only they or a support lead can change it."
        )
        self.ticket_id = ticket_id
        self.owner = owner
