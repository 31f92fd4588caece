"""Wiring shared by the commands: open the retriever, building the index when needed."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine

from bot.settings import Settings
from intake.tickets.db import make_engine, migrate
from intake.tickets.policy import Policy
from intake.tickets.store import ConversationStore, Outbox, TicketStore
from retrieval.embed import SentenceTransformerEmbedder
from retrieval.index import build_index, is_stale
from retrieval.search import Retriever, SearchConfig


def open_retriever(settings: Settings, *, progress: bool = True, refresh: bool = True) -> Retriever:
    """The retriever over ``settings.corpus``; builds or refreshes the index first if it is out of date.

    A refresh embeds only what changed, so a start on an unchanged corpus costs one
    hash per file.
    """
    embedder = SentenceTransformerEmbedder(settings.model)
    if refresh and is_stale(settings.index, settings.corpus):
        if progress:
            print(f"Indexing {settings.corpus} into {settings.index} …", file=sys.stderr)
        report = build_index(settings.corpus, settings.index, embedder=embedder, progress=progress)
        if progress:
            print(
                f"Indexed {report.chunks} chunks from {report.files} files in {report.seconds:.1f} s "
                f"({report.embedded} embedded, {report.reused} reused).",
                file=sys.stderr,
            )
            for problem in report.problems:
                print(f"  skipped {problem}", file=sys.stderr)
    config = SearchConfig()
    if settings.threshold is not None:
        config = replace(config, threshold=settings.threshold)
    return Retriever.open(settings.index, embedder, config=config)


@dataclass(frozen=True)
class Stores:
    engine: Engine
    tickets: TicketStore
    conversations: ConversationStore
    outbox: Outbox


def open_stores(settings: Settings) -> Stores:
    """Connect to the database (creating the SQLite folder if needed) and migrate it to head."""
    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    migrate(engine)
    return Stores(engine, TicketStore(engine), ConversationStore(engine), Outbox(engine))


def load_policy(settings: Settings) -> Policy:
    return Policy.from_yaml(settings.policy) if settings.policy else Policy.default()
