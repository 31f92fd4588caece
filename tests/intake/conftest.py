"""Fixtures for the intake tests: a migrated database (SQLite in a temp dir, and
PostgreSQL when ``SUPPORTBOT_TEST_POSTGRES_URL`` is set), stores, and a typical draft."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from intake.tickets.db import make_engine, migrate
from intake.tickets.store import ConversationStore, Outbox, TicketStore
from intake.types import (
    Assessment,
    Category,
    Impact,
    LogAttachment,
    Priority,
    TicketDraft,
)

POSTGRES_URL = os.environ.get("SUPPORTBOT_TEST_POSTGRES_URL", "")
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday morning

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL,
            reason="set SUPPORTBOT_TEST_POSTGRES_URL=postgresql://user:pass@host/db "
            "to run the store tests on PostgreSQL too",
        ),
    ),
]


def _postgres_engine(**options: Any) -> Iterator[Engine]:
    # A schema of its own per test: a clean database without needing CREATEDB.
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(
        POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"}, **options
    )
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=DATABASES)
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database, not migrated."""
    if request.param == "postgresql":
        yield from _postgres_engine(pool_size=10)
        return
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'supportbot.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """A migrated database."""
    migrate(bare_engine)
    return bare_engine


@pytest.fixture
def tickets(engine: Engine) -> TicketStore:
    return TicketStore(engine)


@pytest.fixture
def conversations(engine: Engine) -> ConversationStore:
    return ConversationStore(engine)


@pytest.fixture
def outbox(engine: Engine) -> Outbox:
    return Outbox(engine, max_attempts=3)


def make_draft(**overrides: Any) -> TicketDraft:
    """A crash report as the intake dialog would produce it."""
    values: dict[str, Any] = {
        "category": Category.CRASH_INTEGRATION,
        "fields": {
            "platform": "Android",
            "sdk_version": "5.2.1",
            "device_model": "Pixel 7",
            "os_version": "Android 14",
            "network": "wifi",
            "chat_type": "group",
            "symptom": "App crashes when opening a group chat with 500 members",
            "frequency": "always",
            "since": "after an update",
            "since_detail": "5.2.0 -> 5.2.1",
            "last_seen": "today 08:40",
            "repro_steps": "1. log in\n2. open group G1\n3. crash",
            "crash_signature": "SIGSEGV in libimsdk.so",  # no column of its own
        },
        "impact": Impact(production=True, all_users=False, workaround=False, data_loss=False),
        "lang": "en",
        "question": "Our app crashes when opening big groups",
        "summary": "Crash opening large group chat (Android, 5.2.1)",
        "logs": (
            LogAttachment(
                name="logcat.txt", text="E/IM: fatal\nE/IM: SIGSEGV\n", original_bytes=2048
            ),
        ),
        "docs_shown": ("https://docs.example.test/en/groups#limits",),
        "requester": "U_REQ",
        "thread_url": "https://example.slack.com/archives/C1/p1700000000000100",
    }
    values.update(overrides)
    return TicketDraft(**values)


def make_assessment(
    priority: Priority = Priority.P1, *, due_in: timedelta = timedelta(hours=4)
) -> Assessment:
    return Assessment(
        priority=priority, reason="production app, some users, no workaround", due_at=NOW + due_in
    )


@pytest.fixture
def draft() -> TicketDraft:
    return make_draft()


@pytest.fixture
def assessment() -> Assessment:
    return make_assessment()


@pytest.fixture
def new_thread() -> Callable[[], str]:
    """Unique Slack-like thread keys."""
    counter = iter(range(1, 10_000))
    return lambda: f"T1:C1:1700000000.{next(counter):06d}"
