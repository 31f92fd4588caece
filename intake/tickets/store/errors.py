"""Store errors beyond those in ``intake.errors`` (all are ``StoreError``s).

StoreError (intake.errors)
├── TicketNotFound, ClaimConflict      (intake.errors)
├── InvalidTicketId       text that is not a ticket id such as SUP-1001
├── InvalidTransition     a status change the ticket workflow does not allow
└── StaleConversation     someone else saved the conversation first
"""

from __future__ import annotations

from collections.abc import Iterable

from intake.errors import StoreError

__all__ = ["InvalidTicketId", "InvalidTransition", "StaleConversation"]


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
