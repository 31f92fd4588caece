from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from intake.errors import StoreError
from intake.tickets.db import (
    alembic_config,
    default_url,
    make_engine,
    migrate,
    migration_sql,
    redact_url,
    transaction,
)
from intake.tickets.models import Base, ProcessedEventRow
from tests.intake.conftest import NOW


def schema_diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_sqlite_file_is_created_in_a_new_data_folder_with_wal_and_foreign_keys(
    tmp_path: Path,
) -> None:
    url = default_url(tmp_path / "fresh" / "data")
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000
    assert (tmp_path / "fresh" / "data" / "supportbot.db").exists()


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("not a database url", "not a database url"),
        ("mysql://bot:hunter2@db/support", "mysql"),
        ("postgresql+asyncpg://bot:hunter2@db/support", "postgresql+asyncpg"),
    ],
)
def test_bad_urls_are_refused_naming_the_value_without_its_password(url: str, named: str) -> None:
    with pytest.raises(StoreError) as caught:
        make_engine(url)
    message = str(caught.value)
    assert named in message
    assert "hunter2" not in message
    assert "sqlite:///" in message  # the fix: an example of a good URL


def test_postgres_urls_use_psycopg_3_or_say_how_to_install_it() -> None:
    url = "postgresql://bot:hunter2@localhost:1/support"
    if importlib.util.find_spec("psycopg") is None:
        with pytest.raises(StoreError, match=r"supportbot\[postgres\]") as caught:
            make_engine(url)
        assert "hunter2" not in str(caught.value)
    else:
        assert make_engine(url).dialect.driver == "psycopg"
        assert make_engine("postgres://bot@localhost/x").dialect.driver == "psycopg"


def test_redact_url_hides_only_the_password() -> None:
    assert redact_url("postgresql://bot:s3cr@t@db:5432/x") == "postgresql://bot:***@db:5432/x"
    assert redact_url("sqlite:///data/supportbot.db") == "sqlite:///data/supportbot.db"


def test_migrate_creates_every_table_and_is_idempotent(bare_engine: Engine) -> None:
    migrate(bare_engine)
    migrate(bare_engine)
    tables = set(inspect(bare_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with bare_engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [("0002",)]


def test_migrated_schema_equals_the_models(engine: Engine) -> None:
    assert schema_diff(engine) == []


def test_schema_comparison_notices_drift(engine: Engine) -> None:
    # Guards the test above: the comparison must be able to see a difference.
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_tickets_assignee"))
    assert any("ix_tickets_assignee" in repr(change) for change in schema_diff(engine))


def test_migrations_ship_inside_the_package() -> None:
    engine = make_engine("sqlite://")
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    assert Path(scripts.dir).parent.name == "tickets"  # intake/tickets/migrations
    assert scripts.get_current_head() == "0002"


def test_two_processes_migrating_at_once_both_succeed(bare_engine: Engine) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def start() -> None:
        barrier.wait()  # each migrate() takes its own connection, as a process would
        try:
            migrate(bare_engine)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert schema_diff(bare_engine) == []


def test_postgresql_ddl_can_be_rendered_without_a_server() -> None:
    ddl = migration_sql("postgresql://bot:hunter2@db.example/support")
    assert "CREATE TABLE tickets" in ddl
    assert "due_at TIMESTAMP WITH TIME ZONE NOT NULL" in ddl
    assert "CONSTRAINT uq_outbox_dedupe_key UNIQUE (dedupe_key)" in ddl
    assert "hunter2" not in ddl


def test_a_failing_transaction_leaves_nothing_and_raises_store_error(engine: Engine) -> None:
    with pytest.raises(StoreError, match="IntegrityError"), transaction(engine) as session:
        session.add(ProcessedEventRow(event_id="Ev1", received_at=NOW))
        session.flush()
        session.add(ProcessedEventRow(event_id="Ev1", received_at=NOW))
        session.flush()
    with transaction(engine, read_only=True) as session:
        assert session.get(ProcessedEventRow, "Ev1") is None


def test_migration_0002_adds_the_server_facts_to_an_existing_0001_database(bare_engine: Engine) -> None:
    from alembic import command

    cfg = alembic_config(bare_engine)
    with bare_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    before = {c["name"] for c in inspect(bare_engine).get_columns("tickets")}
    assert "server_version" not in before
    migrate(bare_engine)
    after = {c["name"] for c in inspect(bare_engine).get_columns("tickets")}
    assert {"server_version", "deployment", "server_os"} <= after
