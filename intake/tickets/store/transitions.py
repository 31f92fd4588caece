"""The ticket workflow: which status may follow which.

    open ──claim──► claimed ──► in_progress ⇄ waiting_on_customer
                       │             │               │
                       └─────────────┴───────────────┴──► resolved ──► closed
                                     ▲                       │
                                     └──────── reopen ───────┘

``claimed`` is reached only through ``TicketStore.claim`` (it needs an assignee).
An engineer may skip ``in_progress`` (ask for logs right away, or answer at once).
"""

from __future__ import annotations

from collections.abc import Mapping

from intake.errors import InvalidTransition
from intake.types import Status

__all__ = ["ALLOWED", "check_transition"]

ALLOWED: Mapping[Status, frozenset[Status]] = {
    Status.OPEN: frozenset(),
    Status.CLAIMED: frozenset({Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER, Status.RESOLVED}),
    Status.IN_PROGRESS: frozenset({Status.WAITING_ON_CUSTOMER, Status.RESOLVED}),
    Status.WAITING_ON_CUSTOMER: frozenset({Status.IN_PROGRESS, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset(),
}


def check_transition(ticket_id: str, current: Status, wanted: Status) -> None:
    """Raise :class:`InvalidTransition` unless ``current -> wanted`` is allowed.

    Example:
        >>> check_transition("SUP-1001", Status.CLAIMED, Status.IN_PROGRESS)
        >>> check_transition("SUP-1001", Status.CLOSED, Status.OPEN)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        intake.errors.InvalidTransition: SUP-1001 is closed; it cannot move to open. ...
    """
    allowed = ALLOWED[current]
    if wanted not in allowed:
        raise InvalidTransition(ticket_id, current.value, wanted.value, (s.value for s in allowed))
