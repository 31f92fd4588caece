"""Fixtures for running real ``supportbot serve`` processes: a small corpus with an index built
once, the fake Slack they all post to, a PostgreSQL schema they share, and a fleet of replicas
that is always stopped (and its logs shown on failure) at the end of a test."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from bot.settings import BUNDLED_CORPUS
from retrieval.embed import SentenceTransformerEmbedder
from retrieval.index import build_index
from tests.bot.slack.conftest import ENGINEER, ESCALATION, GROUP, OTHER_ENGINEER, SUPPORT
from tests.bot.slack.signing import SIGNING_SECRET
from tests.conftest import Database, open_database, postgres_url
from tests.production.fault_slack import FaultySlack
from tests.production.replica import Replica

# Only for the replicas' processes: the test's own settings must not leak into them.
_OURS = ("SLACK_", "SUPPORTBOT_", "DATABASE_URL", "PORT")


@dataclass(frozen=True, slots=True)
class Docs:
    """A docs folder and its index, built once and shared read-only by every replica."""

    corpus: Path
    index: Path
    model: str  # the embedding model it was built with


@pytest.fixture(scope="session")
def docs(tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder) -> Docs:
    """Two pages of the bundled docs, indexed with the real bundled model (a few seconds)."""
    root = tmp_path_factory.mktemp("production-docs")
    corpus = root / "corpus"
    (corpus / "en").mkdir(parents=True)
    for page in ("connection.md", "group-chats.md"):
        shutil.copy(BUNDLED_CORPUS / "en" / page, corpus / "en" / page)
    index = root / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    return Docs(corpus, index, embedder.name)


@pytest.fixture
def shared_db(tmp_path: Path) -> Iterator[Database]:
    """An empty PostgreSQL schema: the first replica to start migrates it."""
    if not postgres_url():
        pytest.skip(
            "replicas share a PostgreSQL database: set SUPPORTBOT_TEST_POSTGRES_URL="
            "postgresql://user@host:port/db (.ci/run starts one on 127.0.0.1:54329)"
        )
    with open_database("postgresql", tmp_path / "db", migrated=False) as database:
        yield database


@pytest.fixture
async def slack() -> AsyncIterator[FaultySlack]:
    fake = FaultySlack(usergroups={GROUP: [ENGINEER, OTHER_ENGINEER]})
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def replica_env(*, slack: FaultySlack, docs: Docs, database_url: str, home: Path) -> dict[str, str]:
    """The environment of one replica: what a platform would set for the ``web:`` process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    env.update(
        SLACK_BOT_TOKEN=slack.token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        SUPPORTBOT_SUPPORT_CHANNELS=SUPPORT,
        SUPPORTBOT_ESCALATION_CHANNEL=ESCALATION,
        SUPPORTBOT_ENGINEERS_GROUP=GROUP,
        SUPPORTBOT_CORPUS=str(docs.corpus),
        SUPPORTBOT_INDEX=str(docs.index),
        # The model the shared index was built with: replicas load it read-only, as in production
        # (a replica set to another model would rebuild it under the others' feet).
        SUPPORTBOT_EMBEDDING_MODEL=docs.model,
        SUPPORTBOT_HOME=str(home),
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    return env


@dataclass
class Fleet:
    """The replicas of one test, all pointed at the same fake Slack and docs."""

    slack: FaultySlack
    docs: Docs
    session: aiohttp.ClientSession
    root: Path
    replicas: list[Replica] = field(default_factory=list)

    def replica(self, name: str, *, database_url: str) -> Replica:
        home = self.root / name
        env = replica_env(slack=self.slack, docs=self.docs, database_url=database_url, home=home)
        replica = Replica(name, env, home)
        self.replicas.append(replica)
        return replica

    async def start(self, *replicas: Replica) -> None:
        """Start the processes together and wait until each is healthy."""
        for replica in replicas:
            replica.start()
        await asyncio.gather(*(replica.ready(self.session) for replica in replicas))

    def logs(self) -> str:
        return "\n".join(replica.log_tail() for replica in self.replicas)


@pytest.fixture
async def fleet(slack: FaultySlack, docs: Docs, http: aiohttp.ClientSession, tmp_path: Path) -> AsyncIterator[Fleet]:
    fleet = Fleet(slack, docs, http, tmp_path / "replicas")
    yield fleet
    await asyncio.gather(*(replica.stop() for replica in fleet.replicas))
    print(fleet.logs())  # shown by pytest when the test failed
