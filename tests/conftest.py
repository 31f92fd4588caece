"""Fixtures shared across packages: the real bundled corpus indexed with the real model, once,
and a migrated database per test (SQLite, or PostgreSQL with ``SUPPORTBOT_TEST_DATABASE``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from bot.settings import BUNDLED_CORPUS
from intake.tickets.db import make_engine, migrate
from retrieval.embed import SentenceTransformerEmbedder
from retrieval.index import build_index
from retrieval.search import Retriever

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "index"
    build_index(BUNDLED_CORPUS, out, embedder=embedder, progress=False)
    return out


@pytest.fixture(scope="session")
def bundled_retriever(bundled_index: Path, embedder: SentenceTransformerEmbedder) -> Retriever:
    return Retriever.open(bundled_index, embedder)


def shared(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with a clear message."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared OpenIM data sets are only on the team's machines)")
    return path


# -- databases ---------------------------------------------------------------------

DatabaseKind = Literal["sqlite", "postgresql"]
DATABASE_ENV = "SUPPORTBOT_TEST_DATABASE"  # "sqlite" (default) or "postgresql"
POSTGRES_ENV = "SUPPORTBOT_TEST_POSTGRES_URL"  # e.g. postgresql://postgres@127.0.0.1:54329/postgres


def postgres_url() -> str:
    """The PostgreSQL server tests may use (``$SUPPORTBOT_TEST_POSTGRES_URL``), or ``""``."""
    return os.environ.get(POSTGRES_ENV, "").strip()


def database_kind() -> DatabaseKind:
    """Which database the ``database`` fixture gives: ``$SUPPORTBOT_TEST_DATABASE``, else SQLite."""
    kind = os.environ.get(DATABASE_ENV, "").strip().lower() or "sqlite"
    if kind == "sqlite":
        return "sqlite"
    if kind == "postgresql":
        return "postgresql"
    raise pytest.UsageError(f"{DATABASE_ENV}={kind!r}: use 'sqlite' (the default) or 'postgresql'.")


@dataclass
class Database:
    """The database of one test (migrated unless asked otherwise).

    ``url`` reaches it from anywhere, a subprocess's ``DATABASE_URL`` included: on
    PostgreSQL it carries the test's schema as ``?options=-csearch_path%3D<schema>``.

    Example:
        >>> def test_store(database: Database) -> None:  # doctest: +SKIP
        ...     TicketStore(database.engine).list()
    """

    kind: DatabaseKind
    url: str
    _engines: list[Engine] = field(default_factory=list, repr=False)

    @property
    def engine(self) -> Engine:
        """The engine the test process uses (the one the database was migrated with)."""
        return self._engines[0]

    def reopen(self) -> Engine:
        """A new engine on the same database, as another process would open it; disposed at
        teardown."""
        engine = make_engine(self.url)
        self._engines.append(engine)
        return engine


@contextmanager
def open_database(kind: DatabaseKind, folder: Path, *, migrated: bool = True) -> Iterator[Database]:
    """A fresh database: a SQLite file in ``folder``, or a schema of its own on the
    PostgreSQL server at ``$SUPPORTBOT_TEST_POSTGRES_URL`` (dropped afterwards).

    A schema per test gives a clean database without needing the CREATEDB right,
    as in ``tests/intake/conftest.py``. With ``migrated=False`` it stays empty, for
    whoever starts first to migrate it.
    """
    if kind == "sqlite":
        with _opened(Database(kind, f"sqlite:///{folder / 'supportbot.db'}"), migrated) as database:
            yield database
        return
    base = postgres_url()
    if not base:
        pytest.fail(
            f"{DATABASE_ENV}=postgresql needs {POSTGRES_ENV}=postgresql://user@host:port/db "
            "(.ci/run starts one on 127.0.0.1:54329).",
            pytrace=False,
        )
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        with _opened(Database(kind, url.render_as_string(hide_password=False)), migrated) as database:
            yield database
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def _opened(database: Database, migrated: bool) -> Iterator[Database]:
    """``database`` migrated if asked, with every engine opened on it disposed afterwards."""
    try:
        engine = database.reopen()
        if migrated:
            migrate(engine)
        yield database
    finally:
        for engine in database._engines:
            engine.dispose()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A migrated database for this test: SQLite in ``tmp_path``; a fresh PostgreSQL schema
    when ``SUPPORTBOT_TEST_DATABASE=postgresql``."""
    with open_database(database_kind(), tmp_path / "db") as db:
        yield db
