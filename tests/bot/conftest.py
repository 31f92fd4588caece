"""A real database (SQLite, or PostgreSQL with ``SUPPORTBOT_TEST_DATABASE=postgresql``) and a
small fake answerer for router and desk tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.conversation import ConversationRouter
from bot.desk import TicketDesk
from intake.tickets.store import ConversationStore, TicketStore
from retrieval.types import Answer, Chunk, Hit, Kind, NoAnswer
from tests.conftest import Database


def _hit(text: str, url: str) -> Hit:
    chunk = Chunk(
        id=url,
        text=text,
        title_path=("Connection", "Heartbeat"),
        source="en/connection.md",
        page="connection",
        url=url,
        lang="en",
        kind=Kind.DOC,
    )
    return Hit(chunk=chunk, score=0.9, dense=0.8, bm25=5.0, rank=1)


@dataclass
class FakeAnswerer:
    """Answers questions about heartbeats from one passage; knows nothing else."""

    asked: list[str] = field(default_factory=list)

    def answer(self, question: str) -> Answer | NoAnswer:
        self.asked.append(question)
        if "heartbeat" in question.lower() or "心跳" in question:
            hit = _hit(
                "The SDK sends a heartbeat every 30 s.",
                "https://docs.example/en/connection#heartbeat",
            )
            return Answer(question=question, passages=(hit,), confidence=0.9)
        return NoAnswer(question=question, confidence=0.1)


@dataclass
class Clock:
    now: datetime = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Shanghai

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_url(database: Database) -> str:
    return database.url


@pytest.fixture
def router(database: Database, clock: Clock) -> ConversationRouter:
    engine = database.engine
    return ConversationRouter(FakeAnswerer(), ConversationStore(engine), TicketStore(engine), clock=clock)


@pytest.fixture
def desk(router: ConversationRouter, clock: Clock) -> TicketDesk:
    return TicketDesk(router.tickets, clock=clock)
