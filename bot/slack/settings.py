"""Slack settings, read once at start-up; a bad value is one line naming the variable and the fix.

    ============================== ====================================================
    variable                       meaning
    ============================== ====================================================
    SLACK_BOT_TOKEN                bot token, ``xoxb-…`` (OAuth & Permissions page)
    SLACK_SIGNING_SECRET           signing secret (Basic Information), HTTP mode only
    SLACK_APP_TOKEN                app-level token ``xapp-…`` with connections:write,
                                   Socket Mode only
    SUPPORTBOT_SUPPORT_CHANNELS    comma-separated channel ids the bot answers in
    SUPPORTBOT_ESCALATION_CHANNEL  channel id where ticket cards are posted
    SUPPORTBOT_ENGINEERS_GROUP     user group id (``S…``) of the support engineers
    SUPPORTBOT_ENGINEERS           comma-separated user ids (``U…``) of engineers
    SUPPORTBOT_LEADS               comma-separated user ids of support leads (optional): they
                                   may change a ticket another engineer claimed
    SUPPORTBOT_MAX_FILE_BYTES      largest log file fetched from a thread (5 MB)
    SUPPORTBOT_CARD_LANG           language of ticket cards and App Home: en or zh
    SLACK_API_URL                  Web API base URL (``https://slack.com/api/``)
    ============================== ====================================================

Example:
    >>> s = SlackSettings.from_env({
    ...     "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
    ...     "SUPPORTBOT_SUPPORT_CHANNELS": "C01, C02",
    ...     "SUPPORTBOT_ESCALATION_CHANNEL": "C03", "SUPPORTBOT_ENGINEERS": "U01"})
    >>> sorted(s.support_channels), s.api_url
    (['C01', 'C02'], 'https://slack.com/api/')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.settings import SettingsError, environment

__all__ = ["DEFAULT_MAX_FILE_BYTES", "Mode", "SlackSettings"]

Mode = Literal["http", "socket"]
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024

_CHANNEL = re.compile(r"[CGD][A-Z0-9]{2,}")
_USER = re.compile(r"[UW][A-Z0-9]{2,}")
_GROUP = re.compile(r"S[A-Z0-9]{2,}")


@dataclass(frozen=True, slots=True)
class SlackSettings:
    """Everything the Slack adapter needs; build it with :meth:`from_env`."""

    bot_token: str
    signing_secret: str
    app_token: str
    support_channels: frozenset[str]
    escalation_channel: str
    engineers_group: str | None
    engineers: frozenset[str]
    leads: frozenset[str] = frozenset()  # may change any ticket, claimed or not
    api_url: str = "https://slack.com/api/"
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    card_lang: str = "en"

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, mode: Mode = "http"
    ) -> SlackSettings:
        """Read and check the settings; ``mode`` says which credentials are required.

        Raises:
            SettingsError: one line naming the variable and how to fix it.
        """
        values = environment() if env is None else dict(env)
        bot_token = _required(
            values, "SLACK_BOT_TOKEN", "the Bot User OAuth Token (OAuth & Permissions)"
        )
        if not bot_token.startswith("xoxb-"):
            raise SettingsError(
                f"SLACK_BOT_TOKEN starts with {bot_token[:5]!r}, not 'xoxb-'; use the Bot User "
                "OAuth Token from OAuth & Permissions, not a user or app token."
            )
        signing_secret = values.get("SLACK_SIGNING_SECRET", "").strip()
        if mode == "http" and not signing_secret:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is missing; copy the Signing Secret from the app's "
                "Basic Information page (HTTP mode verifies every request with it)."
            )
        app_token = values.get("SLACK_APP_TOKEN", "").strip()
        if mode == "socket" and not app_token.startswith("xapp-"):
            found = "missing" if not app_token else f"starts with {app_token[:5]!r}, not 'xapp-'"
            raise SettingsError(
                f"SLACK_APP_TOKEN is {found}; Socket Mode needs an app-level token with the "
                "connections:write scope (Basic Information > App-Level Tokens)."
            )
        support = _ids(
            values, "SUPPORTBOT_SUPPORT_CHANNELS", _CHANNEL, "channel ids like C0123ABCD"
        )
        if not support:
            raise SettingsError(
                "SUPPORTBOT_SUPPORT_CHANNELS is missing; set it to the comma-separated ids of the "
                "channels the bot answers in (channel details > About > Channel ID)."
            )
        escalation = _required(
            values, "SUPPORTBOT_ESCALATION_CHANNEL", "the channel id for ticket cards"
        )
        if not _CHANNEL.fullmatch(escalation):
            raise SettingsError(
                f"SUPPORTBOT_ESCALATION_CHANNEL={escalation!r} is not a channel id; use an id like "
                "C0123ABCD (channel details > About > Channel ID), not the #name."
            )
        group = values.get("SUPPORTBOT_ENGINEERS_GROUP", "").strip() or None
        if group is not None and not _GROUP.fullmatch(group):
            raise SettingsError(
                f"SUPPORTBOT_ENGINEERS_GROUP={group!r} is not a user group id; use an id like "
                "S0123ABCD (People > User groups > the group's link), not the @handle."
            )
        engineers = _ids(values, "SUPPORTBOT_ENGINEERS", _USER, "user ids like U0123ABCD")
        leads = _ids(values, "SUPPORTBOT_LEADS", _USER, "user ids like U0123ABCD")
        if group is None and not engineers:
            raise SettingsError(
                "No support engineers configured; set SUPPORTBOT_ENGINEERS_GROUP to a user group "
                "id (S…) and/or SUPPORTBOT_ENGINEERS to comma-separated user ids (U…)."
            )
        api_url = values.get("SLACK_API_URL", "").strip() or "https://slack.com/api/"
        if not api_url.startswith(("https://", "http://")):
            raise SettingsError(
                f"SLACK_API_URL={api_url!r} is not a URL; unset it to use https://slack.com/api/."
            )
        card_lang = values.get("SUPPORTBOT_CARD_LANG", "").strip() or "en"
        if card_lang not in ("en", "zh"):
            raise SettingsError(
                f"SUPPORTBOT_CARD_LANG={card_lang!r} is not 'en' or 'zh'; unset it for English."
            )
        return cls(
            bot_token=bot_token,
            signing_secret=signing_secret,
            app_token=app_token,
            support_channels=frozenset(support),
            escalation_channel=escalation,
            engineers_group=group,
            engineers=frozenset(engineers),
            leads=frozenset(leads),
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            max_file_bytes=_positive_int(
                values, "SUPPORTBOT_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES
            ),
            card_lang=card_lang,
        )


def _required(values: Mapping[str, str], name: str, what: str) -> str:
    value = values.get(name, "").strip()
    if not value:
        raise SettingsError(f"{name} is missing; set it to {what} in the environment or .env.")
    return value


def _ids(values: Mapping[str, str], name: str, pattern: re.Pattern[str], example: str) -> list[str]:
    ids = [part.strip() for part in values.get(name, "").split(",") if part.strip()]
    for item in ids:
        if not pattern.fullmatch(item):
            raise SettingsError(f"{name} contains {item!r}; use comma-separated {example}.")
    return ids


def _positive_int(values: Mapping[str, str], name: str, default: int) -> int:
    raw = values.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise SettingsError(
            f"{name}={raw!r} is not a positive number of bytes; unset it for {default}."
        )
    return int(raw)
