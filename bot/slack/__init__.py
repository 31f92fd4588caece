"""The Slack adapter: it only translates between Slack and the router / desk.

A Bolt listener acks first, turns the payload into a :class:`~bot.replies.Turn`
(or a desk call), hands it on, and renders the :class:`~bot.replies.Outcome`.
No conversation logic lives here.

    settings.py        SlackSettings.from_env (tokens, channels, engineers)
    app.py             SlackBot: the AsyncApp, Web API client with retries, error handler
    listeners/         messages, buttons, form modal, ticket card actions, App Home, /support
    render.py          replies -> Block Kit (templates/*.json.j2) + text fallback
    views.py           the form modal and the App Home view
    files.py           log files from threads, size-checked and capped
    outbox_worker.py   ticket cards and thread notes from the outbox, retried with backoff
    sla_watch.py       warnings before a first-response target is missed
    server.py          HTTP mode (aiohttp): /slack/events, /healthz
    socket_mode.py     Socket Mode
    bench.py           ack latency and sustained event rate over loopback
"""

from __future__ import annotations

from bot.slack.app import SlackBot, make_client
from bot.slack.outbox_worker import OutboxWorker
from bot.slack.render import Message, render, ticket_card
from bot.slack.server import database_check, start_site, web_app
from bot.slack.settings import SlackSettings
from bot.slack.sla_watch import SlaWatcher
from bot.slack.socket_mode import run_socket_mode
from bot.slack.threads import ThreadKey

__all__ = [
    "Message",
    "OutboxWorker",
    "SlaWatcher",
    "SlackBot",
    "SlackSettings",
    "ThreadKey",
    "database_check",
    "make_client",
    "render",
    "run_socket_mode",
    "start_site",
    "ticket_card",
    "web_app",
]
