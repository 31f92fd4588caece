"""The whole product in Slack, end to end, on the real router, dialog, stores and bundled index.

question → answer in the thread → "Talk to a human" → intake in the thread → ticket
filed → (process restart) → a Slack 500 on the escalation card, retried → card posted
once → engineer claims → status changes relayed to the developer → resolved; the bot
stays quiet in the thread while the engineer owns it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine

from bot.conversation import ConversationRouter
from bot.desk import TicketDesk
from bot.slack.app import SlackBot, make_client
from bot.slack.outbox_worker import OutboxWorker
from bot.slack.server import EVENTS_PATH, start_site, web_app
from bot.slack.settings import SlackSettings
from intake.tickets.db import make_engine, migrate
from intake.tickets.store import ConversationState as State
from intake.tickets.store import ConversationStore, Outbox, TicketStore
from intake.types import Status
from retrieval.search import Retriever
from tests.bot.slack.conftest import ENGINEER, ESCALATION, SUPPORT, settings, slack
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.signing import Sender, block_action, message

pytestmark = pytest.mark.slow
__all__ = ["settings", "slack"]  # the fake Slack fixtures, shared with tests/bot/slack

Q = "1700000100.000100"
THREAD = f"T0TEAM:{SUPPORT}:{Q}"


class App:
    """One process of the bot: its own router, desk and HTTP server over the shared database."""

    def __init__(self, engine: Engine, retriever: Retriever, settings: SlackSettings) -> None:
        tickets = TicketStore(engine)
        self.router = ConversationRouter(retriever, ConversationStore(engine), tickets)
        self.desk = TicketDesk(tickets)
        self.bot = SlackBot(
            settings, router=self.router, desk=self.desk, client=make_client(settings, timeout=5)
        )
        self.outbox = Outbox(engine)
        self.settings = settings

    async def __aenter__(self) -> App:
        self.runner, port = await start_site(web_app(self.bot))
        self.session = aiohttp.ClientSession()
        self.sender = Sender(f"http://127.0.0.1:{port}{EVENTS_PATH}", self.session)
        return self

    async def settle(self) -> None:
        """Wait for the work the listeners started after their ack."""
        assert await self.bot.services.background.drain(timeout=30)

    async def __aexit__(self, *exc: object) -> None:
        await self.session.close()
        await self.runner.cleanup()

    def worker(self, now: datetime) -> OutboxWorker:
        client = make_client(self.settings, retries=False)
        return OutboxWorker(
            self.outbox, desk=self.desk, client=client, channel=ESCALATION, clock=lambda: now
        )


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def _in_thread(slack: FakeSlack) -> list[str]:
    return [c.args["text"] for c in slack.of("chat.postMessage") if c.args.get("thread_ts") == Q]


async def test_whole_flow_in_slack(
    slack: FakeSlack, settings: SlackSettings, engine: Engine, bundled_retriever: Retriever
) -> None:
    ts = iter(f"17000002{n:02d}.000100" for n in range(100))

    async def say(app: App, text: str) -> None:
        at = next(ts)  # a new process numbers its events afresh, so name them by message
        status, _ = await app.sender.event(message(text, ts=at, thread_ts=Q), event_id=f"Ev{at}")
        assert status == 200
        await app.settle()

    # 1. The question is answered (or honestly declined) in its thread.
    async with App(engine, bundled_retriever, settings) as app:
        status, _ = await app.sender.event(
            message(
                "Group messages are not delivered to Android members since we upgraded the SDK",
                ts=Q,
            )
        )
        assert status == 200
        await app.settle()
        [first] = _in_thread(slack)
        assert first
        # 2. Talk to a human → the intake runs in the thread.
        await app.sender.interaction(block_action("answer_human", value="human"))
        await app.settle()
        await say(
            app,
            "Android 14, Pixel 8, SDK 3.6.1, wifi, group chat, since upgrading to 3.6.1, every time",
        )
        await say(
            app,
            "1. create a group of 20 2. send a text 3. iOS members get it, Android members do not",
        )
        await say(app, "no logs, it is a customer's phone")
        await say(app, "yes production, only some users, restarting the app helps, no data lost")
    # 3. The process dies before confirming; a new one picks the thread up.
    async with App(engine, bundled_retriever, settings) as app2:
        await say(app2, "confirm")
        filed = _in_thread(slack)[-1]
        tickets = app2.router.tickets.list()
        assert len(tickets) == 1, "\n---\n".join(_in_thread(slack))
        ticket = tickets[0]
        assert ticket.id in filed and ticket.priority.value == "P1"
        assert ticket.fields["platform"] == "android" and ticket.fields["sdk_version"] == "3.6.1"

        # 4. Slack fails the first card post; the outbox retries and posts it exactly once.
        slack.fail("chat.postMessage", status=500)
        now = datetime.now(UTC)
        app = App(engine, bundled_retriever, settings)
        assert await app.worker(now).run_once() == 0
        assert await app.worker(now).run_once() == 0  # not due yet: backing off
        assert await app.worker(now + timedelta(hours=2)).run_once() == 1
        assert await app.worker(now + timedelta(hours=3)).run_once() == 0  # never twice
        [card] = [c for c in slack.of("chat.postMessage") if c.args["channel"] == ESCALATION]
        assert ticket.id in card.args["text"]
        card_ts = app.outbox.get(1).result["ts"]  # type: ignore[index]

        # 5. An engineer claims it from the card; the developer is told; the bot goes quiet.
        before = len(_in_thread(slack))
        claim = block_action(
            "ticket_claim",
            value=ticket.id,
            user=ENGINEER,
            channel=ESCALATION,
            message_ts=card_ts,
            thread_ts=None,
            blocks=card.args["blocks"],
        )
        await app2.sender.interaction(claim)
        await app2.settle()
        assert len(_in_thread(slack)) == before + 1
        assert (await app2.desk.ticket(ticket.id)).assignee == ENGINEER
        await say(app2, "any news?")
        assert len(_in_thread(slack)) == before + 1  # quiet while the engineer owns the thread
        assert app2.router.conversations.get(THREAD).state == State.CLAIMED  # type: ignore[union-attr]

        # 6. Status changes from the card are relayed to the developer, up to resolved.
        for status in ("in_progress", "waiting_on_customer", "in_progress", "resolved"):
            change = block_action(
                "ticket_status",
                selected=f"{ticket.id}:{status}",
                user=ENGINEER,
                channel=ESCALATION,
                message_ts=card_ts,
                thread_ts=None,
                blocks=card.args["blocks"],
            )
            await app2.sender.interaction(change)
            await app2.settle()
        assert (await app2.desk.ticket(ticket.id)).status is Status.RESOLVED
        relayed = _in_thread(slack)[before + 1 :]
        assert len(relayed) == 4 and ticket.id in relayed[-1]
        kinds = [e.kind for e in app2.router.tickets.events(ticket.id)]
        assert kinds[0] == "created" and "claimed" in kinds and kinds.count("status_changed") == 4
