"""A running fake Slack, the app served over HTTP on loopback, and a signed-request sender;
``real``: the same app driving the real router and desk over a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from sqlalchemy import Engine

from bot.conversation import ConversationRouter
from bot.desk import TicketDesk
from bot.slack.app import SlackBot, make_client
from bot.slack.server import EVENTS_PATH, start_site, web_app
from bot.slack.settings import SlackSettings
from intake.tickets.store import ConversationStore, Outbox, TicketStore
from retrieval.types import Answer, NoAnswer
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.fakes import FakeDesk, FakeRouter, hit
from tests.bot.slack.signing import SIGNING_SECRET, Sender
from tests.conftest import Database

ENGINEER = "U0ENGINEER"
OTHER_ENGINEER = "U0ALICE"
LEAD = "U0LEADER"  # a support lead (SUPPORTBOT_LEADS); not in the engineers' group
GROUP = "S0SUPPORT"
ESCALATION = "C0ESCALATE"
SUPPORT = "C0SUPPORT"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack(usergroups={GROUP: [ENGINEER, OTHER_ENGINEER]})
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
def settings(slack: FakeSlack) -> SlackSettings:
    return SlackSettings.from_env(
        {
            "SLACK_BOT_TOKEN": slack.token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SUPPORTBOT_SUPPORT_CHANNELS": SUPPORT,
            "SUPPORTBOT_ESCALATION_CHANNEL": ESCALATION,
            "SUPPORTBOT_ENGINEERS_GROUP": GROUP,
            "SUPPORTBOT_LEADS": LEAD,
            "SUPPORTBOT_MAX_FILE_BYTES": "1000",
            "SLACK_API_URL": slack.api_url,
        }
    )


@pytest.fixture
def router() -> FakeRouter:
    return FakeRouter()


@pytest.fixture
def desk() -> FakeDesk:
    return FakeDesk()


@dataclass
class Running:
    bot: SlackBot
    sender: Sender
    slack: FakeSlack

    async def settle(self) -> None:
        """Wait for the work the listeners started after their ack."""
        assert await self.bot.services.background.drain(timeout=10)


@pytest.fixture
async def running(
    slack: FakeSlack, settings: SlackSettings, router: FakeRouter, desk: FakeDesk
) -> AsyncIterator[Running]:
    bot = SlackBot(settings, router=router, desk=desk, client=make_client(settings, timeout=5))
    runner, port = await start_site(web_app(bot))
    async with aiohttp.ClientSession() as session:
        yield Running(bot, Sender(f"http://127.0.0.1:{port}{EVENTS_PATH}", session), slack)
    await runner.cleanup()


# -- the real router and desk over a real database (SQLite, or PostgreSQL in CI) ----------


class DocsAboutHeartbeats:
    def answer(self, question: str) -> Answer | NoAnswer:
        if "heartbeat" in question.lower():
            return Answer(question, (hit("The SDK sends a heartbeat every 30 s."),), 0.9)
        return NoAnswer(question, 0.1)


@dataclass
class Real:
    running: Running
    router: ConversationRouter
    desk: TicketDesk
    outbox: Outbox


@pytest.fixture
def engine(database: Database) -> Engine:
    return database.engine


@pytest.fixture
async def real(slack: FakeSlack, settings: SlackSettings, engine: Engine) -> AsyncIterator[Real]:
    tickets = TicketStore(engine)
    router = ConversationRouter(DocsAboutHeartbeats(), ConversationStore(engine), tickets)
    desk = TicketDesk(tickets)
    bot = SlackBot(settings, router=router, desk=desk, client=make_client(settings, timeout=5))
    runner, port = await start_site(web_app(bot))
    async with aiohttp.ClientSession() as session:
        sender = Sender(f"http://127.0.0.1:{port}{EVENTS_PATH}", session)
        yield Real(Running(bot, sender, slack), router, desk, Outbox(engine))
    await runner.cleanup()
