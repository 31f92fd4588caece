from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

import pytest

from intake.errors import StoreError
from intake.tickets.store import (
    Conversation,
    ConversationState,
    ConversationStore,
    StaleConversation,
    TicketStore,
)
from intake.types import TicketDraft
from tests.intake.conftest import NOW, make_assessment

T = TypeVar("T")
THREAD = "T1:C1:1700000000.000100"


def race(workers: int, work: Callable[[int], T]) -> tuple[list[T], list[BaseException]]:
    """Run ``work(n)`` in ``workers`` threads released at the same instant."""
    barrier = threading.Barrier(workers)
    results: list[T] = []
    errors: list[BaseException] = []

    def run(n: int) -> None:
        barrier.wait()
        try:
            results.append(work(n))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_an_unknown_thread_has_no_conversation(conversations: ConversationStore) -> None:
    assert conversations.get(THREAD) is None


def test_saved_conversations_come_back_with_a_new_version(
    conversations: ConversationStore,
) -> None:
    conv = Conversation(
        thread=THREAD,
        state="INTAKE",
        requester="U_REQ",
        lang="zh",
        dialog_state='{"asking": "platform"}',
        last_answer='{"sources": ["https://docs.example.test/zh/connection"]}',
    )
    first = conversations.save(conv, expected_version=None, now=NOW)
    later = NOW + timedelta(minutes=2)
    second = conversations.save(replace(first, state="CONFIRM"), expected_version=1, now=later)

    assert first == replace(conv, version=1, created_at=NOW, updated_at=NOW)
    assert (second.state, second.version, second.created_at, second.updated_at) == (
        "CONFIRM",
        2,
        NOW,
        later,
    )
    assert conversations.get(THREAD) == second


def test_a_save_based_on_an_old_version_is_refused(conversations: ConversationStore) -> None:
    loaded = conversations.save(Conversation(THREAD, "NEW"), expected_version=None)
    mine, theirs = replace(loaded, state="ANSWERED"), replace(loaded, state="INTAKE")
    conversations.save(theirs, expected_version=loaded.version)

    with pytest.raises(StaleConversation, match="expected version 1, found version 2") as stale:
        conversations.save(mine, expected_version=loaded.version)

    assert isinstance(stale.value, StoreError)
    stored = conversations.get(THREAD)
    assert stored is not None
    assert stored.state == "INTAKE"


def test_creating_a_conversation_that_exists_is_refused(conversations: ConversationStore) -> None:
    conversations.save(Conversation(THREAD, "NEW"), expected_version=None)
    with pytest.raises(StaleConversation, match="none saved yet, found version 1"):
        conversations.save(Conversation(THREAD, "ANSWERED"), expected_version=None)


def test_racing_saves_of_one_version_have_exactly_one_winner(
    conversations: ConversationStore,
) -> None:
    loaded = conversations.save(Conversation(THREAD, "NEW"), expected_version=None)
    saved, errors = race(
        8,
        lambda n: conversations.save(
            replace(loaded, state=list(ConversationState)[n]), expected_version=loaded.version
        ),
    )
    assert len(saved) == 1
    assert len(errors) == 7
    assert all(isinstance(e, StaleConversation) for e in errors)
    assert conversations.get(THREAD) == saved[0]


def test_a_conversation_links_to_its_ticket(
    conversations: ConversationStore, tickets: TicketStore, draft: TicketDraft
) -> None:
    ticket = tickets.create(draft, make_assessment(), thread=THREAD, now=NOW)
    conv = conversations.save(
        Conversation(THREAD, "ESCALATED", ticket_id=ticket.id), expected_version=None
    )
    assert conv.ticket_id == "SUP-1001"
    with pytest.raises(StoreError):
        conversations.save(
            Conversation("T1:C1:2.2", "ESCALATED", ticket_id="SUP-9999"), expected_version=None
        )


def test_an_event_is_new_only_the_first_time(conversations: ConversationStore) -> None:
    assert conversations.record_event("Ev01", now=NOW) is True
    assert conversations.record_event("Ev01", now=NOW) is False
    assert conversations.record_event("Ev02", now=NOW) is True


def test_a_redelivered_event_racing_the_original_is_handled_once(
    conversations: ConversationStore,
) -> None:
    for event_id in ["Ev0", "Ev1", "Ev2", "Ev3", "Ev4"]:

        def record(_n: int, event_id: str = event_id) -> bool:
            return conversations.record_event(event_id, now=NOW)

        results, errors = race(8, record)
        assert errors == []
        assert sorted(results) == [False] * 7 + [True]


def test_old_event_ids_can_be_forgotten(conversations: ConversationStore) -> None:
    conversations.record_event("old", now=NOW - timedelta(days=2))
    conversations.record_event("new", now=NOW)
    assert conversations.forget_events(before=NOW - timedelta(days=1)) == 1
    assert conversations.record_event("old", now=NOW) is True
    assert conversations.record_event("new", now=NOW) is False
