"""Whole conversations in the terminal adapter, on the real bundled index and a real database."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine

from bot.console import ConsoleChat
from bot.conversation import ConversationRouter
from bot.desk import TicketDesk
from intake.tickets.store import ConversationState as State
from intake.tickets.store import ConversationStore, TicketStore
from intake.types import Status
from retrieval.search import Retriever
from tests.conftest import Database

pytestmark = pytest.mark.slow

DETAILS = "Android 14, Pixel 8, SDK 3.6.1, wifi, group chat, since upgrading to 3.6.1, happens every time"


def _router(engine: Engine, retriever: Retriever) -> ConversationRouter:
    return ConversationRouter(retriever, ConversationStore(engine), TicketStore(engine))


class Script:
    """Feeds the chat its lines and keeps what it printed."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.out: list[str] = []

    def read(self, _prompt: str) -> str:
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)

    def write(self, text: str) -> None:
        self.out.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.out)


def test_question_answer_intake_ticket_and_handover(database: Database, bundled_retriever: Retriever) -> None:
    router = _router(database.engine, bundled_retriever)
    script = Script(
        [
            "Group messages are not delivered to Android members since we upgraded the SDK",
            "/human",
            DETAILS,
            "Send a message in a group of 20 people; iOS members get it, Android members do not",
            "no logs, it is a customer's device",
            "yes production, only some users, restarting the app is a workaround, no data lost",
            "confirm",
        ]
    )
    ConsoleChat(router, user="dev1", read=script.read, write=script.write).run()

    assert "docs say" in script.text or "could not find" in script.text  # answered first
    [ticket] = router.tickets.list()
    assert ticket.priority.value == "P1" and ticket.status is Status.OPEN
    assert ticket.fields["platform"] == "android" and ticket.fields["sdk_version"] == "3.6.1"
    assert f"Ticket {ticket.id} is filed with priority P1" in script.text

    # An engineer claims it: from then on the bot stays quiet in that thread.
    desk = TicketDesk(router.tickets)
    outcome = asyncio.run(desk.claim(ticket.id, engineer="alice", is_engineer=True))
    assert outcome.notices[0].thread == "console:dev1"
    quiet = ConsoleChat(router, user="dev1", read=Script([]).read, write=script.write).send("any update?")
    assert quiet.replies == ()
    assert router.conversations.get("console:dev1").state == State.CLAIMED  # type: ignore[union-attr]
    assert any(e.kind == "comment" for e in router.tickets.events(ticket.id))


def test_a_restart_mid_intake_resumes_at_the_same_question(database: Database, bundled_retriever: Retriever) -> None:
    first = Script(["My group messages are not delivered on Android", "/human", DETAILS])
    ConsoleChat(_router(database.engine, bundled_retriever), user="dev2", read=first.read, write=first.write).run()
    asked_before = first.out[-2]  # the last prompt before the process "died"

    # A new process: new router, new connection, same database.
    second = Script(["no", "/quit"])
    chat = ConsoleChat(
        _router(database.reopen(), bundled_retriever),
        user="dev2",
        read=second.read,
        write=second.write,
    )
    assert chat.resume_hint() is not None and "INTAKE" in chat.resume_hint()  # type: ignore[operator]
    conv = chat.router.conversations.get("console:dev2")
    assert conv is not None and conv.state == State.INTAKE
    from intake.dialog import DialogState, current_prompt

    assert current_prompt(DialogState.from_json(conv.dialog_state)).text in asked_before
