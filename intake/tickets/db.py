"""Database connection: engines, transactions and migrations.

SQLite is the embedded default (a file under the data folder); PostgreSQL is used
for production through any ``DATABASE_URL``. The stores built on this module are
thread-safe: they hold only an :class:`~sqlalchemy.engine.Engine` (whose pool is
thread-safe) and open one short session per method, so the bot can call them from
asyncio with ``await asyncio.to_thread(store.get, "SUP-1001")``.

Example:
    >>> engine = make_engine("sqlite:///data/supportbot.db")  # doctest: +SKIP
    >>> migrate(engine)  # doctest: +SKIP
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from intake.errors import IntakeError, StoreError

__all__ = [
    "alembic_config",
    "default_url",
    "make_engine",
    "migrate",
    "migration_sql",
    "redact_url",
    "transaction",
]

SQLITE_BUSY_TIMEOUT_MS = 15_000
# Any fixed 64-bit number works; it only has to be the same in every process.
_MIGRATION_LOCK_KEY = 0x5355_5050_4F52_5442  # "SUPPORTB"
_READ_ONLY = "intake_read_only"
_URL_EXAMPLES = (
    "Use e.g. sqlite:///data/supportbot.db or postgresql://user:password@host:5432/supportbot."
)
_PG_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"}


def default_url(data_dir: Path) -> str:
    """The embedded default: a SQLite file inside ``data_dir``.

    Example:
        >>> default_url(Path("/srv/bot"))
        'sqlite:////srv/bot/supportbot.db'
    """
    return f"sqlite:///{(data_dir / 'supportbot.db').as_posix()}"


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, safe for error messages and logs.

    Example:
        >>> redact_url("postgresql://bot:s3cret@db/support")
        'postgresql://bot:***@db/support'
    """
    return re.sub(r"(://[^:/@]*:)[^/]*@", r"\1***@", url)


def make_engine(url: str, **engine_options: Any) -> Engine:
    """Create a synchronous engine for SQLite or PostgreSQL.

    ``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver (install
    ``supportbot[postgres]``); psycopg is imported only for such URLs. A SQLite
    file's folder is created if missing; connections use WAL, foreign keys and a
    busy timeout, and write transactions start with ``BEGIN IMMEDIATE`` so two
    writers queue instead of failing half-way.

    Raises:
        StoreError: the URL is malformed, names an unsupported database or driver,
            or the PostgreSQL driver is not installed.

    Example:
        >>> engine = make_engine("sqlite://")  # in memory, one thread only
        >>> engine.dialect.name
        'sqlite'
    """
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed, engine_options)
        options: dict[str, Any] = {"pool_pre_ping": True, **engine_options}
        return create_engine(parsed, **options)
    except NoSuchModuleError as exc:
        raise StoreError(f"Database URL {redact_url(url)!r}: {exc}. {_URL_EXAMPLES}") from exc
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"Database URL {redact_url(url)!r} needs the PostgreSQL driver psycopg, "
            "which is not installed. Install it with `pip install 'supportbot[postgres]'`."
        ) from exc


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise StoreError(f"Database URL {redact_url(url)!r} is not a URL. {_URL_EXAMPLES}") from exc
    name = parsed.drivername
    if name in {"postgresql", "postgres"}:
        return parsed.set(drivername="postgresql+psycopg")
    if name in _PG_DRIVERS or name in {"sqlite", "sqlite+pysqlite"}:
        return parsed
    raise StoreError(
        f"Database URL {redact_url(url)!r} uses {name!r}; supportbot supports SQLite and "
        f"PostgreSQL (psycopg). {_URL_EXAMPLES}"
    )


def _sqlite_engine(url: URL, options: dict[str, Any]) -> Engine:
    database = url.database or ""
    in_memory = database in {"", ":memory:"} or "mode=memory" in str(url)
    connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    if in_memory:
        # One shared connection: fine for single-threaded tests, not for a server.
        connect_args["check_same_thread"] = False
        options = {"poolclass": StaticPool, **options}
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args=connect_args, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module: it would otherwise
        # start transactions lazily and make DDL non-transactional.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes can fail with
        # SQLITE_BUSY when another writer got there first; IMMEDIATE takes the
        # write lock up front, so writers wait (busy_timeout) and never deadlock.
        read_only = conn.get_execution_options().get(_READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


@contextmanager
def transaction(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """One session in one transaction: committed on success, rolled back on error.

    Database errors become :class:`StoreError` (the cause is kept); errors the
    caller raises on purpose (any ``IntakeError``) pass through unchanged.

    Example:
        >>> with transaction(engine) as session:  # doctest: +SKIP
        ...     session.add(row)
    """
    bind = engine.execution_options(**{_READ_ONLY: True}) if read_only else engine
    session = Session(bind=bind, expire_on_commit=False, autoflush=False)
    try:
        with session.begin():
            yield session
    except IntakeError:
        raise
    except SQLAlchemyError as exc:
        raise StoreError(f"Database error: {exc.__class__.__name__}: {exc}") from exc
    finally:
        session.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration for the migrations shipped inside this package."""
    return _config(engine.url)


def _config(url: URL, output_buffer: io.StringIO | None = None) -> Config:
    config = Config(output_buffer=output_buffer)
    config.set_main_option("script_location", "intake.tickets:migrations")
    # Alembic's config is a ConfigParser, which reads "%" as interpolation: a
    # percent-encoded URL (``?options=-csearch_path%3Dsupport``) must be doubled.
    config.set_main_option("sqlalchemy.url", url.render_as_string(hide_password=True).replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; safe to call on every start.

    Idempotent. Two processes starting at once are serialised: on PostgreSQL by a
    transaction-scoped advisory lock taken before Alembic reads the current
    version (the DDL then runs in that same transaction), on SQLite by the
    ``BEGIN IMMEDIATE`` write lock.

    Raises:
        StoreError: the database refused a migration.

    Example:
        >>> migrate(make_engine("sqlite://"))
    """
    config = alembic_config(engine)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Migrating {redact_url(str(engine.url))!r} failed: {exc}. Check that the "
            "database user may create tables, then start again."
        ) from exc


def migration_sql(url: str) -> str:
    """The DDL the migrations would run on a database like ``url``, without connecting.

    For administrators who apply schema changes by hand; no driver is needed.

    Example:
        >>> "CREATE TABLE tickets" in migration_sql("postgresql://db.example/support")
        True
    """
    buffer = io.StringIO()
    command.upgrade(_config(_parse(url), output_buffer=buffer), "head", sql=True)
    return buffer.getvalue()
