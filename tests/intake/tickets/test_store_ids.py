from __future__ import annotations

import pytest

from intake.tickets.store import ALLOWED_TRANSITIONS, InvalidTicketId, format_ticket_id, parse_ticket_id
from intake.types import Status


@pytest.mark.parametrize(
    ("text", "pk"),
    [("SUP-1001", 1), ("sup-1001", 1), (" SUP-1042 ", 42), ("#SUP-2000", 1000), ("SUP1001", 1)],
)
def test_ticket_ids_are_read_however_people_type_them(text: str, pk: int) -> None:
    assert parse_ticket_id(text) == pk
    assert format_ticket_id(pk) == f"SUP-{1000 + pk}"


@pytest.mark.parametrize(
    "text", ["", "1001", "SUP-", "SUP-1000", "SUP-12", "BUG-1001", "SUP-1001x"]
)
def test_other_text_is_not_a_ticket_id(text: str) -> None:
    with pytest.raises(InvalidTicketId, match="Ticket ids look like SUP-1001"):
        parse_ticket_id(text)


def test_the_workflow_only_moves_forward_except_reopen_and_waiting() -> None:
    assert ALLOWED_TRANSITIONS[Status.OPEN] == frozenset()  # only claim() leaves open
    assert ALLOWED_TRANSITIONS[Status.CLOSED] == frozenset()
    assert Status.IN_PROGRESS in ALLOWED_TRANSITIONS[Status.RESOLVED]  # reopen
    assert Status.IN_PROGRESS in ALLOWED_TRANSITIONS[Status.WAITING_ON_CUSTOMER]
    assert Status.WAITING_ON_CUSTOMER in ALLOWED_TRANSITIONS[Status.IN_PROGRESS]
    assert all(Status.CLAIMED not in allowed for allowed in ALLOWED_TRANSITIONS.values())
    assert set(ALLOWED_TRANSITIONS) == set(Status)
