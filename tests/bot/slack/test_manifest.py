"""manifest.yml and the app agree in both directions: nothing subscribed goes unhandled,
nothing handled is missing from the manifest, and the scopes are the minimal set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.slack.app import SlackBot
from bot.slack.server import EVENTS_PATH
from bot.slack.settings import SlackSettings
from tests.bot.slack.fakes import FakeDesk, FakeRouter

REPO_ROOT = Path(__file__).resolve().parents[3]

# Which event type a manifest subscription delivers, and the scope it needs.
SUBSCRIPTIONS = {
    "app_home_opened": ("app_home_opened", None),
    "app_mention": ("app_mention", "app_mentions:read"),
    "message.channels": ("message", "channels:history"),
    "message.groups": ("message", "groups:history"),
    "message.im": ("message", "im:history"),
}
# Scopes the Web API calls need: chat.postMessage/update/postEphemeral, slash
# commands, file downloads, usergroups.users.list.
CALL_SCOPES = {"chat:write", "commands", "files:read", "usergroups:read"}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO_ROOT / "manifest.yml").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def registered(settings: SlackSettings) -> dict[str, set[str]]:
    bot = SlackBot(settings, router=FakeRouter(), desk=FakeDesk())
    kinds: dict[str, set[str]] = {"event": set(), "action": set(), "view": set(), "command": set()}
    for listener in bot.listeners:
        kinds[listener.kind].add(
            listener.key if isinstance(listener.key, str) else listener.key.pattern
        )
    return kinds


def test_every_subscribed_event_has_a_listener(
    manifest: dict[str, Any], registered: dict[str, set[str]]
) -> None:
    for subscription in manifest["settings"]["event_subscriptions"]["bot_events"]:
        assert subscription in SUBSCRIPTIONS, f"{subscription} is not an event this app knows"
        assert SUBSCRIPTIONS[subscription][0] in registered["event"], (
            f"{subscription} has no listener"
        )


def test_every_listened_event_is_subscribed(
    manifest: dict[str, Any], registered: dict[str, set[str]]
) -> None:
    delivered = {
        SUBSCRIPTIONS[s][0] for s in manifest["settings"]["event_subscriptions"]["bot_events"]
    }
    assert registered["event"] <= delivered


def test_interactivity_and_the_slash_command_match(
    manifest: dict[str, Any], registered: dict[str, set[str]]
) -> None:
    assert manifest["settings"]["interactivity"]["is_enabled"] is bool(
        registered["action"] | registered["view"]
    )
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == registered["command"]


def test_app_home_matches(manifest: dict[str, Any], registered: dict[str, set[str]]) -> None:
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] is ("app_home_opened" in registered["event"])
    assert home["messages_tab_enabled"] is (
        "message.im" in manifest["settings"]["event_subscriptions"]["bot_events"]
    )


def test_the_scopes_are_exactly_what_is_used(manifest: dict[str, Any]) -> None:
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    needed = {SUBSCRIPTIONS[e][1] for e in events if SUBSCRIPTIONS[e][1]} | CALL_SCOPES
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed


def test_all_requests_go_to_the_one_events_path(manifest: dict[str, Any]) -> None:
    urls = [
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
        *(c["url"] for c in manifest["features"]["slash_commands"]),
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
