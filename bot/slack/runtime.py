"""Putting the Slack side together from settings: the bot, its background loops, its health check.

Example:
    >>> parts = assemble(Settings.from_env(), SlackSettings.from_env())  # doctest: +SKIP
    >>> web.run_app(web_app(parts.bot, health=parts.health, jobs=parts.jobs))  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings
from bot.slack.app import SlackBot, make_client
from bot.slack.outbox_worker import OutboxWorker
from bot.slack.server import Health, Job, database_check
from bot.slack.settings import SlackSettings
from bot.slack.sla_watch import SlaWatcher

__all__ = ["Assembled", "assemble"]


@dataclass(frozen=True, slots=True)
class Assembled:
    bot: SlackBot
    jobs: tuple[Job, ...]  # the outbox worker and the SLA watcher
    health: Health


def assemble(settings: Settings, slack: SlackSettings, *, progress: bool = True) -> Assembled:
    """The real router and desk over the configured database and index, wired to Slack.

    Opening the stores migrates the database; opening the retriever builds or
    refreshes the index when the corpus changed (``progress`` prints how far).
    """
    from bot.runtime import build_router  # heavy (embedding model): only when really serving

    router, desk, stores = build_router(settings, progress=progress)
    bot = SlackBot(slack, router=router, desk=desk)
    worker = OutboxWorker(
        stores.outbox,
        desk=desk,
        client=make_client(slack, retries=False),  # the outbox schedules its own retries
        channel=slack.escalation_channel,
        card_lang=slack.card_lang,
        alert_group=slack.engineers_group,
    )
    watcher = SlaWatcher(
        desk, bot.services.poster, channel=slack.escalation_channel, lang=slack.card_lang
    )
    return Assembled(bot=bot, jobs=(worker.run, watcher.run), health=database_check(stores.engine))
