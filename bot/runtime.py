"""Wiring the bot from settings (the embedded defaults out of the box): the retriever
(building the index when needed), the stores, the policy, and the router and desk over them.

The Slack side is put together on top of this in ``bot.slack.runtime``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine

from bot.conversation import ConversationRouter
from bot.desk import TicketDesk
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


def build_router(
    settings: Settings, *, progress: bool = True
) -> tuple[ConversationRouter, TicketDesk, Stores]:
    """Everything the bot needs, wired from settings: the embedded defaults out of the box."""
    stores = open_stores(settings)
    policy = load_policy(settings)
    retriever = open_retriever(settings, progress=progress)
    router = ConversationRouter(retriever, stores.conversations, stores.tickets, policy=policy)
    return router, TicketDesk(stores.tickets, policy=policy), stores
