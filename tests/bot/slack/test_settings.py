"""Slack settings fail fast with one line naming the variable and the fix."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError
from bot.slack.settings import DEFAULT_MAX_FILE_BYTES, SlackSettings

GOOD = {
    "SLACK_BOT_TOKEN": "xoxb-123-456-abc",
    "SLACK_SIGNING_SECRET": "secret",
    "SUPPORTBOT_SUPPORT_CHANNELS": "C0AAA, C0BBB",
    "SUPPORTBOT_ESCALATION_CHANNEL": "C0ESC",
    "SUPPORTBOT_ENGINEERS_GROUP": "S0ENG",
}


def test_a_complete_environment_is_read() -> None:
    settings = SlackSettings.from_env(GOOD)

    assert settings.support_channels == frozenset({"C0AAA", "C0BBB"})
    assert settings.engineers_group == "S0ENG" and settings.engineers == frozenset()
    assert settings.api_url == "https://slack.com/api/"
    assert settings.max_file_bytes == DEFAULT_MAX_FILE_BYTES


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is missing"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN starts with 'xoxp-'"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is missing"),
        (
            {"SUPPORTBOT_SUPPORT_CHANNELS": "#sdk-help"},
            "SUPPORTBOT_SUPPORT_CHANNELS contains '#sdk-help'",
        ),
        ({"SUPPORTBOT_SUPPORT_CHANNELS": ""}, "SUPPORTBOT_SUPPORT_CHANNELS is missing"),
        ({"SUPPORTBOT_ESCALATION_CHANNEL": "support-escalations"}, "not a channel id"),
        ({"SUPPORTBOT_ENGINEERS_GROUP": "@support"}, "SUPPORTBOT_ENGINEERS_GROUP='@support'"),
        ({"SUPPORTBOT_ENGINEERS_GROUP": ""}, "No support engineers configured"),
        ({"SUPPORTBOT_ENGINEERS": "U0OK,bob"}, "SUPPORTBOT_ENGINEERS contains 'bob'"),
        ({"SUPPORTBOT_MAX_FILE_BYTES": "5MB"}, "SUPPORTBOT_MAX_FILE_BYTES='5MB'"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL='slack.com/api'"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(change: dict[str, str], names: str) -> None:
    with pytest.raises(SettingsError) as error:
        SlackSettings.from_env({**GOOD, **change})

    message = str(error.value)
    assert names in message
    assert "\n" not in message


def test_socket_mode_needs_an_app_token_but_no_signing_secret() -> None:
    env = {**GOOD, "SLACK_SIGNING_SECRET": ""}
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN is missing"):
        SlackSettings.from_env(env, mode="socket")
    with pytest.raises(SettingsError, match="starts with 'xoxb-', not 'xapp-'"):
        SlackSettings.from_env({**env, "SLACK_APP_TOKEN": "xoxb-wrong"}, mode="socket")

    assert SlackSettings.from_env(
        {**env, "SLACK_APP_TOKEN": "xapp-1-A0-1-ab"}, mode="socket"
    ).app_token


def test_engineers_may_be_listed_without_a_group() -> None:
    env = {**GOOD, "SUPPORTBOT_ENGINEERS_GROUP": "", "SUPPORTBOT_ENGINEERS": "U0ALICE, U0BOB"}
    assert SlackSettings.from_env(env).engineers == frozenset({"U0ALICE", "U0BOB"})
