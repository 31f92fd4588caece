"""Wire the bot from settings: the embedded defaults out of the box."""

from __future__ import annotations

from bot.conversation import ConversationRouter
from bot.desk import TicketDesk
from bot.runtime import Stores, load_policy, open_retriever, open_stores
from bot.settings import Settings


def build_router(
    settings: Settings, *, progress: bool = True
) -> tuple[ConversationRouter, TicketDesk, Stores]:
    """Everything the bot needs, wired from settings: the embedded defaults out of the box."""
    stores = open_stores(settings)
    policy = load_policy(settings)
    retriever = open_retriever(settings, progress=progress)
    router = ConversationRouter(retriever, stores.conversations, stores.tickets, policy=policy)
    return router, TicketDesk(stores.tickets, policy=policy), stores
