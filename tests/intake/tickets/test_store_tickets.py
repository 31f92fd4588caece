from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest

from intake.errors import ClaimConflict, StoreError, TicketNotFound
from intake.tickets.store import (
    Conversation,
    ConversationStore,
    EventKind,
    InvalidTicketId,
    InvalidTransition,
    Outbox,
    OutboxMessage,
    StaleConversation,
    TicketStore,
)
from intake.types import Assessment, Priority, Status, TicketDraft
from tests.intake.conftest import NOW, make_assessment, make_draft

ThreadKeys = Callable[[], str]


def _conversation(thread: str, state: str) -> Conversation:
    return Conversation(thread=thread, state=state, requester="U_REQ")


def test_create_files_every_detail_and_get_returns_the_same_ticket(
    tickets: TicketStore, draft: TicketDraft, assessment: Assessment
) -> None:
    ticket = tickets.create(draft, assessment, thread="T1:C1:1.1", now=NOW)

    assert ticket.id == "SUP-1001"
    assert ticket.status is Status.OPEN
    assert (ticket.priority, ticket.due_at) == (Priority.P1, NOW + timedelta(hours=4))
    assert ticket.fields["sdk_version"] == "5.2.1"
    assert ticket.fields["crash_signature"] == "SIGSEGV in libimsdk.so"
    assert ticket.impact == draft.impact
    assert ticket.logs == draft.logs
    assert ticket.docs_shown == ("https://docs.example.test/en/groups#limits",)
    assert (ticket.requester, ticket.assignee) == ("U_REQ", None)
    assert ticket.warn_at == NOW + timedelta(hours=3)  # 75 % of the 4 h window
    assert tickets.get("sup-1001") == ticket
    [created] = tickets.events(ticket.id)
    assert (created.kind, created.actor, created.to_status) == ("created", "U_REQ", Status.OPEN)


def test_ids_count_up_from_sup_1001(
    tickets: TicketStore, draft: TicketDraft, assessment: Assessment, new_thread: ThreadKeys
) -> None:
    ids = [tickets.create(draft, assessment, thread=new_thread(), now=NOW).id for _ in range(3)]
    assert ids == ["SUP-1001", "SUP-1002", "SUP-1003"]


def test_unknown_and_malformed_ids_get_clear_errors(tickets: TicketStore) -> None:
    with pytest.raises(TicketNotFound, match="SUP-4242"):
        tickets.get("SUP-4242")
    with pytest.raises(InvalidTicketId, match="Ticket ids look like SUP-1001"):
        tickets.get("ticket 7")


def test_create_queues_outbox_messages_and_links_the_conversation(
    tickets: TicketStore,
    conversations: ConversationStore,
    outbox: Outbox,
    draft: TicketDraft,
    assessment: Assessment,
) -> None:
    thread = "T1:C1:1.1"
    before = conversations.save(_conversation(thread, "CONFIRM"), expected_version=None, now=NOW)
    ticket = tickets.create(
        draft,
        assessment,
        thread=thread,
        now=NOW,
        outbox=[OutboxMessage("post_ticket", {"channel": "C_ESC"}, "post:{ticket_id}")],
        conversation_state="ESCALATED",
        expected_version=before.version,
    )

    [message] = outbox.pending()
    assert message.payload == {"ticket_id": "SUP-1001", "channel": "C_ESC"}
    assert message.dedupe_key == "post:SUP-1001"
    after = conversations.get(thread)
    assert after is not None
    assert (after.state, after.ticket_id, after.version) == ("ESCALATED", ticket.id, 2)


def test_create_writes_nothing_when_an_outbox_row_fails(
    tickets: TicketStore, outbox: Outbox, conversations: ConversationStore, draft: TicketDraft
) -> None:
    outbox.enqueue(OutboxMessage("post_ticket", {}, "post:SUP-1001"), now=NOW)

    with pytest.raises(StoreError, match="already queued"):
        tickets.create(
            draft,
            make_assessment(),
            thread="T1:C1:1.1",
            now=NOW,
            outbox=[
                OutboxMessage("notify_thread", {"text": "escalated"}, "notify:{ticket_id}"),
                OutboxMessage("post_ticket", {}, "post:{ticket_id}"),  # collides
            ],
            conversation_state="ESCALATED",
        )

    assert tickets.list() == []
    assert tickets.by_thread("T1:C1:1.1") is None
    assert [m.dedupe_key for m in outbox.pending()] == ["post:SUP-1001"]
    assert conversations.get("T1:C1:1.1") is None


def test_create_writes_nothing_when_the_conversation_changed_meanwhile(
    tickets: TicketStore, conversations: ConversationStore, draft: TicketDraft, outbox: Outbox
) -> None:
    conv = conversations.save(_conversation("T1:C1:1.1", "CONFIRM"), expected_version=None)
    conversations.save(conv, expected_version=conv.version)  # someone else saved: now v2

    with pytest.raises(StaleConversation):
        tickets.create(
            draft,
            make_assessment(),
            thread="T1:C1:1.1",
            now=NOW,
            outbox=[OutboxMessage("post_ticket", {}, "post:{ticket_id}")],
            conversation_state="ESCALATED",
            expected_version=conv.version,
        )
    assert tickets.list() == []
    assert outbox.pending() == []


def test_by_thread_returns_the_newest_ticket_of_that_thread(
    tickets: TicketStore, draft: TicketDraft, assessment: Assessment
) -> None:
    tickets.create(draft, assessment, thread="T1:C1:1.1", now=NOW)
    second = tickets.create(draft, assessment, thread="T1:C1:1.1", now=NOW)
    tickets.create(draft, assessment, thread="T1:C1:2.2", now=NOW)
    assert tickets.by_thread("T1:C1:1.1") == second
    assert tickets.by_thread("T1:C1:9.9") is None


def test_list_filters_and_puts_the_earliest_due_first(
    tickets: TicketStore, draft: TicketDraft, new_thread: ThreadKeys
) -> None:
    late = tickets.create(
        draft, make_assessment(due_in=timedelta(days=2)), thread=new_thread(), now=NOW
    )
    soon = tickets.create(
        draft, make_assessment(due_in=timedelta(hours=1)), thread=new_thread(), now=NOW
    )
    mid = tickets.create(
        draft, make_assessment(due_in=timedelta(hours=8)), thread=new_thread(), now=NOW
    )
    tickets.claim(mid.id, "U_ALICE", now=NOW)

    assert [t.id for t in tickets.list()] == [soon.id, mid.id, late.id]
    assert [t.id for t in tickets.list(unclaimed=True)] == [soon.id, late.id]
    assert [t.id for t in tickets.list(assignee="U_ALICE")] == [mid.id]
    assert [t.id for t in tickets.list(status=Status.CLAIMED)] == [mid.id]
    assert [t.id for t in tickets.list(status={Status.OPEN, Status.CLAIMED}, limit=2)] == [
        soon.id,
        mid.id,
    ]


def test_claim_assigns_the_ticket_and_counts_as_first_response(
    tickets: TicketStore, draft: TicketDraft, assessment: Assessment
) -> None:
    ticket = tickets.create(draft, assessment, thread="T1:C1:1.1", now=NOW)
    later = NOW + timedelta(minutes=12)

    claimed = tickets.claim(ticket.id, "U_ALICE", now=later)
    again = tickets.claim(ticket.id, "U_ALICE", now=later + timedelta(minutes=1))

    assert (claimed.status, claimed.assignee) == (Status.CLAIMED, "U_ALICE")
    assert claimed.claimed_at == claimed.first_response_at == later
    assert again == claimed  # claiming your own ticket again changes nothing
    kinds = [(e.kind, e.actor, e.from_status, e.to_status) for e in tickets.events(ticket.id)]
    assert kinds == [
        ("created", "U_REQ", None, Status.OPEN),
        ("claimed", "U_ALICE", Status.OPEN, Status.CLAIMED),
    ]
    with pytest.raises(ClaimConflict) as conflict:
        tickets.claim(ticket.id, "U_BOB", now=later)
    assert conflict.value.owner == "U_ALICE"
    assert "U_ALICE" in str(conflict.value)


def test_racing_claims_have_exactly_one_winner(
    tickets: TicketStore, draft: TicketDraft, assessment: Assessment
) -> None:
    ticket = tickets.create(draft, assessment, thread="T1:C1:1.1", now=NOW)
    engineers = [f"U_ENG{n}" for n in range(8)]
    barrier = threading.Barrier(len(engineers))
    winners: list[str] = []
    owners_seen: list[str] = []
    unexpected: list[BaseException] = []

    def claim(engineer: str) -> None:
        barrier.wait()
        try:
            winners.append(tickets.claim(ticket.id, engineer, now=NOW).assignee or "")
        except ClaimConflict as conflict:
            owners_seen.append(conflict.owner)
        except BaseException as exc:
            unexpected.append(exc)

    threads = [threading.Thread(target=claim, args=(e,)) for e in engineers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert unexpected == []
    assert len(winners) == 1
    assert owners_seen == [winners[0]] * (len(engineers) - 1)
    assert tickets.get(ticket.id).assignee == winners[0]
    assert [e.kind for e in tickets.events(ticket.id)].count("claimed") == 1


def test_status_follows_the_workflow_and_every_change_is_an_event(
    tickets: TicketStore, draft: TicketDraft, assessment: Assessment
) -> None:
    ticket = tickets.create(draft, assessment, thread="T1:C1:1.1", now=NOW)
    tickets.claim(ticket.id, "U_ALICE", now=NOW)
    path = [
        Status.IN_PROGRESS,
        Status.WAITING_ON_CUSTOMER,
        Status.IN_PROGRESS,
        Status.RESOLVED,
        Status.IN_PROGRESS,  # reopened
        Status.RESOLVED,
        Status.CLOSED,
    ]
    seen = []
    for minutes, status in enumerate(path, start=1):
        at = NOW + timedelta(minutes=minutes)
        seen.append(
            tickets.set_status(ticket.id, status, actor="U_ALICE", now=at, note=f"#{minutes}")
        )

    assert seen[3].resolved_at == NOW + timedelta(minutes=4)
    assert seen[4].resolved_at is None  # reopening clears it
    assert seen[-1].status is Status.CLOSED
    changes = [e for e in tickets.events(ticket.id) if e.kind == EventKind.STATUS_CHANGED]
    assert [(e.from_status, e.to_status) for e in changes] == list(
        zip([Status.CLAIMED, *path[:-1]], path, strict=True)
    )
    assert changes[0].detail == {"note": "#1"}
    assert changes[0].at == NOW + timedelta(minutes=1)


@pytest.mark.parametrize(
    ("claim_first", "moves", "wanted", "message"),
    [
        (False, [], Status.IN_PROGRESS, "open; it cannot move to in_progress.*Claim it first"),
        (True, [Status.IN_PROGRESS], Status.CLAIMED, "in_progress; it cannot move to claimed"),
        (True, [], Status.CLOSED, "can move to: in_progress, resolved, waiting_on_customer"),
        (True, [Status.RESOLVED, Status.CLOSED], Status.IN_PROGRESS, "ticket is finished"),
    ],
)
def test_moves_outside_the_workflow_are_refused_with_the_allowed_ones(
    tickets: TicketStore,
    draft: TicketDraft,
    assessment: Assessment,
    claim_first: bool,
    moves: list[Status],
    wanted: Status,
    message: str,
) -> None:
    ticket = tickets.create(draft, assessment, thread="T1:C1:1.1", now=NOW)
    if claim_first:
        tickets.claim(ticket.id, "U_ALICE", now=NOW)
    for status in moves:
        tickets.set_status(ticket.id, status, actor="U_ALICE", now=NOW)
    before = tickets.get(ticket.id)

    with pytest.raises(InvalidTransition, match=message):
        tickets.set_status(ticket.id, wanted, actor="U_ALICE", now=NOW)
    assert tickets.get(ticket.id) == before


def test_setting_the_current_status_again_changes_nothing(
    tickets: TicketStore, draft: TicketDraft, assessment: Assessment
) -> None:
    ticket = tickets.create(draft, assessment, thread="T1:C1:1.1", now=NOW)
    tickets.claim(ticket.id, "U_ALICE", now=NOW)
    first = tickets.set_status(ticket.id, Status.IN_PROGRESS, actor="U_ALICE", now=NOW)
    second = tickets.set_status(ticket.id, Status.IN_PROGRESS, actor="U_BOB", now=NOW)
    assert second == first
    assert len(tickets.events(ticket.id)) == 3


def test_claim_and_status_move_the_conversation_in_the_same_transaction(
    tickets: TicketStore, conversations: ConversationStore, draft: TicketDraft
) -> None:
    thread = "T1:C1:1.1"
    ticket = tickets.create(
        draft, make_assessment(), thread=thread, now=NOW, conversation_state="ESCALATED"
    )
    tickets.claim(ticket.id, "U_ALICE", now=NOW)
    tickets.set_status(ticket.id, Status.WAITING_ON_CUSTOMER, actor="U_ALICE", now=NOW)
    conv = conversations.get(thread)
    assert conv is not None
    assert (conv.state, conv.version) == ("WAITING_ON_CUSTOMER", 3)


def test_override_priority_records_who_and_why_and_rearms_the_warning(
    tickets: TicketStore, draft: TicketDraft
) -> None:
    ticket = tickets.create(draft, make_assessment(Priority.P2), thread="T1:C1:1.1", now=NOW)
    tickets.mark_warned(ticket.id, now=NOW)
    urgent = Assessment(Priority.P0, "whole production down", NOW + timedelta(hours=1))

    changed = tickets.override_priority(
        ticket.id, urgent, actor="U_LEAD", reason="customer escalated", now=NOW
    )

    assert (changed.priority, changed.priority_reason) == (Priority.P0, "whole production down")
    assert changed.assessment == Assessment(
        Priority.P0, "whole production down", NOW + timedelta(hours=1), overridden_by="U_LEAD"
    )
    assert changed.warned is False
    assert changed.warn_at == NOW + timedelta(minutes=45)
    event = tickets.events(ticket.id)[-1]
    assert (event.kind, event.actor) == ("priority_overridden", "U_LEAD")
    assert event.detail["from"] == "P2"
    assert event.detail["to"] == "P0"
    assert event.detail["reason"] == "customer escalated"


def test_warnings_go_out_once_for_unanswered_tickets_whose_time_has_come(
    tickets: TicketStore, draft: TicketDraft, new_thread: ThreadKeys
) -> None:
    four_hours = make_assessment(due_in=timedelta(hours=4))  # warn at +3 h
    waiting = tickets.create(draft, four_hours, thread=new_thread(), now=NOW)
    claimed = tickets.create(draft, four_hours, thread=new_thread(), now=NOW)
    tickets.claim(claimed.id, "U_ALICE", now=NOW)
    later = tickets.create(
        draft, make_assessment(due_in=timedelta(days=1)), thread=new_thread(), now=NOW
    )

    assert tickets.due_for_warning(NOW + timedelta(hours=2, minutes=59)) == []
    at_three = NOW + timedelta(hours=3)
    assert [t.id for t in tickets.due_for_warning(at_three)] == [waiting.id]

    tickets.mark_warned(waiting.id, now=at_three)
    tickets.mark_warned(waiting.id, now=at_three)  # a second call changes nothing
    assert tickets.due_for_warning(at_three) == []
    assert [e.kind for e in tickets.events(waiting.id)] == ["created", "warned"]
    assert later.id not in [t.id for t in tickets.due_for_warning(NOW + timedelta(hours=5))]


def test_comments_join_the_history(tickets: TicketStore, draft: TicketDraft) -> None:
    ticket = tickets.create(draft, make_assessment(), thread="T1:C1:1.1", now=NOW)
    event = tickets.comment(ticket.id, actor="U_ALICE", text="asked for a full log", now=NOW)
    assert event.detail == {"text": "asked for a full log"}
    assert tickets.events(ticket.id)[-1] == event


def test_a_draft_without_logs_or_optional_fields_is_filed(tickets: TicketStore) -> None:
    bare = make_draft(fields={"symptom": "cannot log in"}, logs=(), docs_shown=())
    ticket = tickets.create(bare, make_assessment(), thread="T1:C1:1.1", now=NOW)
    assert tickets.get(ticket.id).fields == {"symptom": "cannot log in"}
    assert ticket.logs == ()
