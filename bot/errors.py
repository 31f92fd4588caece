"""Errors of the ``bot`` package, and the ones from below it that the bot handles.

BotError                      root of the bot's own errors
├── SettingsError             a setting is missing or malformed; one line with the fix,
│                             at start-up (bot.settings, bot.slack.settings)
└── UnsendableMessage         an outbox row that cannot be sent as it is (unknown kind,
                              its ticket gone); retried rarely, never in a tight loop

Raised below the bot and handled here:

IntakeError (intake.errors)          a user-fixable intake/store problem: the CLI
RetrievalError (retrieval.errors)    prints it as one line and exits 2
SEND_ERRORS                          a Slack Web API call failed (Slack refused it, the
  SlackApiError, aiohttp.ClientError,  network failed or it timed out, after the client's
  TimeoutError                         own retries): logged with what was sent, and the
                                       outbox retries it with backoff
"""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError

__all__ = ["SEND_ERRORS", "BotError", "SettingsError", "UnsendableMessage"]

# What a Web API call raises when Slack or the network fails (after the client's retries).
SEND_ERRORS = (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError)


class BotError(Exception):
    """Root of every error ``bot`` raises on purpose."""


class SettingsError(BotError):
    """A setting is missing or malformed; the message is one line with the fix."""


class UnsendableMessage(BotError):
    """The outbox row itself is wrong (unknown kind, missing ticket): retrying soon will not help."""
