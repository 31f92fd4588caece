"""Errors raised by ``intake``.

IntakeError                  root: catch this to catch everything below
├── FieldValueError          a user's answer does not fit the field (message says why)
├── PolicyError              a priority/SLA/calendar setting is malformed
├── StoreError               the database could not do what was asked
│   ├── TicketNotFound       no ticket with that id
│   ├── ClaimConflict        someone else already owns the ticket
│   ├── InvalidTicketId      not of the form SUP-1001        (intake/tickets/store/errors.py)
│   ├── InvalidTransition    the workflow does not allow it  (intake/tickets/store/errors.py)
│   └── StaleConversation    the thread changed since it was loaded (intake/tickets/store/errors.py)
└── PermissionDenied         the actor may not do this (e.g. not an engineer)
"""

from __future__ import annotations


class IntakeError(Exception):
    """Root of every error ``intake`` raises on purpose."""


class FieldValueError(IntakeError):
    def __init__(self, field: str, value: str, hint: str) -> None:
        super().__init__(f"{field}: {value!r} is not valid. {hint}")
        self.field = field
        self.value = value
        self.hint = hint


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


class PermissionDenied(IntakeError):
    pass
