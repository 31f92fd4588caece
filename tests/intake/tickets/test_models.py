from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, delete, func, select, text

from intake.errors import StoreError
from intake.tickets.db import transaction
from intake.tickets.models import (
    FIELD_COLUMNS,
    ProcessedEventRow,
    TicketEventRow,
    TicketLogRow,
    TicketRow,
)
from intake.tickets.store import TicketStore, parse_ticket_id
from tests.intake.conftest import NOW, make_assessment, make_draft

BEIJING = timezone(timedelta(hours=8))


def test_timestamps_come_back_as_the_same_instant_in_utc(engine: Engine) -> None:
    given = datetime(2025, 3, 3, 17, 30, tzinfo=BEIJING)  # 09:30 UTC
    with transaction(engine) as session:
        session.add(ProcessedEventRow(event_id="Ev1", received_at=given))
    with transaction(engine, read_only=True) as session:
        row = session.get(ProcessedEventRow, "Ev1")
    assert row is not None
    assert row.received_at == given
    assert row.received_at.tzinfo is UTC
    assert row.received_at.hour == 9


def test_naive_timestamps_are_refused(engine: Engine) -> None:
    with pytest.raises(StoreError, match="naive datetime"), transaction(engine) as session:
        session.add(ProcessedEventRow(event_id="Ev1", received_at=datetime(2025, 3, 3, 9)))
        session.flush()


def test_timestamps_compare_in_sql_across_time_zones(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(ProcessedEventRow(event_id="early", received_at=NOW))
        session.add(ProcessedEventRow(event_id="late", received_at=NOW + timedelta(minutes=1)))
    cutoff = (NOW + timedelta(seconds=30)).astimezone(BEIJING)
    with transaction(engine, read_only=True) as session:
        later = session.scalars(
            select(ProcessedEventRow.event_id).where(ProcessedEventRow.received_at > cutoff)
        ).all()
    assert later == ["late"]


def test_enums_are_stored_as_their_readable_values(engine: Engine) -> None:
    ticket = TicketStore(engine).create(
        make_draft(), make_assessment(), thread="T1:C1:1.1", now=NOW
    )
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT status, priority, category FROM tickets WHERE id = :id"),
            {"id": parse_ticket_id(ticket.id)},
        ).one()
    assert tuple(row) == ("open", "P1", "crash_integration")


def test_every_known_field_has_a_column_and_the_full_dict_is_kept(engine: Engine) -> None:
    assert set(FIELD_COLUMNS) <= set(TicketRow.__table__.columns.keys())
    ticket = TicketStore(engine).create(
        make_draft(), make_assessment(), thread="T1:C1:1.1", now=NOW
    )
    with transaction(engine, read_only=True) as session:
        row = session.get(TicketRow, parse_ticket_id(ticket.id))
        assert row is not None
        assert row.sdk_version == "5.2.1"
        assert row.expected is None  # not asked in this draft
        assert row.fields["crash_signature"] == "SIGSEGV in libimsdk.so"


def test_deleting_a_ticket_deletes_its_logs_and_events(engine: Engine) -> None:
    ticket = TicketStore(engine).create(
        make_draft(), make_assessment(), thread="T1:C1:1.1", now=NOW
    )
    with transaction(engine) as session:
        session.execute(delete(TicketRow).where(TicketRow.id == parse_ticket_id(ticket.id)))
    with transaction(engine, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(TicketLogRow)) == 0
        assert session.scalar(select(func.count()).select_from(TicketEventRow)) == 0
