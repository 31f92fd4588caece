from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest

from intake.errors import StoreError
from intake.tickets.store import Outbox, OutboxMessage, OutboxStatus, backoff
from tests.intake.conftest import NOW


def message(key: str, **payload: object) -> OutboxMessage:
    return OutboxMessage("notify_thread", dict(payload), dedupe_key=key)


def test_the_same_message_is_queued_only_once(outbox: Outbox) -> None:
    first = outbox.enqueue(message("notify:SUP-1001", text="claimed"), now=NOW)
    again = outbox.enqueue(message("notify:SUP-1001", text="claimed (retry)"), now=NOW)
    assert again == first
    assert first.payload == {"text": "claimed"}
    assert [m.id for m in outbox.pending()] == [first.id]


def test_leasing_hides_messages_until_the_lease_runs_out(outbox: Outbox) -> None:
    due = outbox.enqueue(message("a"), now=NOW)
    future = replace(message("b"), next_attempt_at=NOW + timedelta(minutes=5))
    outbox.enqueue(future, now=NOW)

    [leased] = outbox.lease_due(NOW, limit=10, lease_seconds=30)
    assert (leased.id, leased.attempts) == (due.id, 1)
    assert leased.leased_until == NOW + timedelta(seconds=30)
    assert outbox.lease_due(NOW + timedelta(seconds=29), limit=10, lease_seconds=30) == []

    # The worker died: after the lease expires the message is tried again.
    [retry] = outbox.lease_due(NOW + timedelta(seconds=30), limit=1, lease_seconds=30)
    assert (retry.id, retry.attempts) == (due.id, 2)


def test_sent_messages_keep_their_result_and_are_not_sent_again(outbox: Outbox) -> None:
    queued = outbox.enqueue(message("a"), now=NOW)
    assert queued.id is not None
    outbox.lease_due(NOW, limit=1, lease_seconds=30)
    sent = outbox.mark_sent(queued.id, {"ts": "1700000000.000200"}, now=NOW)

    assert (sent.status, sent.sent_at, sent.result) == (
        OutboxStatus.SENT,
        NOW,
        {"ts": "1700000000.000200"},
    )
    assert outbox.lease_due(NOW + timedelta(hours=1), limit=10, lease_seconds=30) == []
    assert outbox.mark_sent(queued.id, {"ts": "other"}, now=NOW).result == sent.result


def test_failures_retry_later_and_give_up_after_max_attempts(outbox: Outbox) -> None:
    queued = outbox.enqueue(message("a"), now=NOW)
    assert queued.id is not None
    at = NOW
    statuses = []
    for _ in range(3):  # the fixture's outbox allows 3 attempts
        [leased] = outbox.lease_due(at, limit=1, lease_seconds=30)
        retry_at = at + backoff(leased.attempts)
        failed = outbox.mark_failed(leased.id or 0, "HTTP 500 from Slack", retry_at=retry_at)
        statuses.append(failed.status)
        assert outbox.lease_due(retry_at - timedelta(seconds=1), limit=1) == []
        at = retry_at

    assert statuses == [OutboxStatus.PENDING, OutboxStatus.PENDING, OutboxStatus.DEAD]
    dead = outbox.get(queued.id)
    assert (dead.attempts, dead.last_error) == (3, "HTTP 500 from Slack")
    assert outbox.lease_due(at + timedelta(days=1), limit=1) == []


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() for n in range(1, 6)] == [10, 20, 40, 80, 160]
    assert backoff(50) == timedelta(hours=1)
    assert backoff(3, base=timedelta(seconds=1), cap=timedelta(seconds=3)) == timedelta(seconds=3)


def test_unknown_messages_get_a_clear_error(outbox: Outbox) -> None:
    with pytest.raises(StoreError, match="No outbox message 404"):
        outbox.mark_sent(404, {}, now=NOW)


def test_racing_workers_never_lease_the_same_message(outbox: Outbox) -> None:
    for n in range(40):
        outbox.enqueue(message(f"m{n}"), now=NOW)
    workers = 4
    barrier = threading.Barrier(workers)
    leased: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        barrier.wait()
        try:
            while batch := outbox.lease_due(NOW, limit=3, lease_seconds=300):
                with lock:
                    leased.extend(m.id or 0 for m in batch)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(leased) == 40
    assert Counter(leased).most_common(1)[0][1] == 1
