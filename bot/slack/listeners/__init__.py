"""Every Bolt listener of the app, in one table, so ``manifest.yml`` can be checked against it.

Each listener acks first and hands the slow part to ``Services.background``.

    kind     key                       handler
    event    message                   MessageListeners.on_message
    event    app_mention               MessageListeners.on_mention
    event    app_home_opened           HomeListeners.on_home_opened
    action   answer_solved / _human    AnswerActions.on_button
    action   intake_choice_<n>         AnswerActions.on_button
    action   intake_form               FormListeners.on_form_button
    action   ticket_claim              TicketActions.on_claim
    action   ticket_status             TicketActions.on_status
    view     intake_form               FormListeners.on_submit
    command  /support                  CommandListeners.on_support
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners.actions import AnswerActions
from bot.slack.listeners.commands import SUPPORT_COMMAND, CommandListeners
from bot.slack.listeners.forms import FormListeners
from bot.slack.listeners.home import HomeListeners
from bot.slack.listeners.messages import MessageListeners
from bot.slack.listeners.tickets import TicketActions
from bot.slack.render import ANSWER_HUMAN, ANSWER_SOLVED, INTAKE_CHOICE, INTAKE_FORM
from bot.slack.services import Services
from bot.slack.ticket_card import CLAIM_ACTION, STATUS_ACTION
from bot.slack.views import FORM_CALLBACK

__all__ = ["Listener", "listeners", "register"]

Kind = Literal["event", "action", "view", "command"]


@dataclass(frozen=True, slots=True)
class Listener:
    kind: Kind
    key: str | re.Pattern[str]
    handler: Callable[..., Awaitable[None]]


def listeners(services: Services) -> tuple[Listener, ...]:
    """The app's listeners bound to ``services``."""
    messages = MessageListeners(services)
    answers = AnswerActions(services)
    forms = FormListeners(services)
    tickets = TicketActions(services)
    return (
        Listener("event", "message", messages.on_message),
        Listener("event", "app_mention", messages.on_mention),
        Listener("event", "app_home_opened", HomeListeners(services).on_home_opened),
        Listener("action", ANSWER_SOLVED, answers.on_button),
        Listener("action", ANSWER_HUMAN, answers.on_button),
        Listener("action", re.compile(rf"^{INTAKE_CHOICE}_\d+$"), answers.on_button),
        Listener("action", INTAKE_FORM, forms.on_form_button),
        Listener("action", CLAIM_ACTION, tickets.on_claim),
        Listener("action", STATUS_ACTION, tickets.on_status),
        Listener("view", FORM_CALLBACK, forms.on_submit),
        Listener("command", SUPPORT_COMMAND, CommandListeners(services, forms).on_support),
    )


def register(app: AsyncApp, services: Services) -> tuple[Listener, ...]:
    """Attach every listener to ``app``; returns the table (the manifest test reads it)."""
    table = listeners(services)
    for item in table:
        decorator: Callable[[Callable[..., Any]], Any]
        if item.kind == "event":
            decorator = app.event(item.key)
        elif item.kind == "action":
            decorator = app.action(item.key)
        elif item.kind == "view":
            decorator = app.view(item.key)
        else:
            decorator = app.command(item.key)
        decorator(item.handler)
    return table
