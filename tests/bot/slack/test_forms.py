"""The "Fill in a form" modal: opening it, the expired-trigger fallback, and the submission."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.bot.slack.conftest import SUPPORT, Running
from tests.bot.slack.fakes import FakeRouter
from tests.bot.slack.signing import block_action

THREAD = f"T0TEAM:{SUPPORT}:1700000100.000100"


def submission(values: dict[str, Any], metadata: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": "T0TEAM", "domain": "acme"},
        "user": {"id": "U0DEV", "team_id": "T0TEAM"},
        "api_app_id": "A0APP",
        "token": "legacy",
        "trigger_id": "1337.43.efgh",
        "view": {
            "id": "V0FORM",
            "type": "modal",
            "callback_id": "intake_form",
            "private_metadata": json.dumps(metadata),
            "state": {"values": values},
        },
    }


def text_value(value: str) -> dict[str, Any]:
    return {"value": {"type": "plain_text_input", "value": value}}


def select_value(value: str) -> dict[str, Any]:
    return {"value": {"type": "static_select", "selected_option": {"value": value}}}


async def test_the_form_button_opens_the_modal_for_this_thread(running: Running) -> None:
    await running.sender.interaction(block_action("intake_form", value="form"))
    await running.settle()

    [opened] = running.slack.of("views.open")
    assert opened.args["trigger_id"] == "1337.42.abcd"
    view = opened.args["view"]
    assert view["callback_id"] == "intake_form"
    assert json.loads(view["private_metadata"])["thread"] == THREAD
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert {"platform", "sdk_version", "symptom", "repro_steps", "production"} <= set(inputs)


async def test_an_expired_trigger_falls_back_to_the_thread(running: Running) -> None:
    running.slack.fail("views.open", error="expired_trigger_id")
    await running.sender.interaction(block_action("intake_form", value="form"))
    await running.settle()

    assert running.slack.of("views.open") == []
    [post] = running.slack.of("chat.postMessage")
    assert post.args["thread_ts"] == "1700000100.000100"
    assert "could not open" in post.args["text"]


async def test_a_submitted_form_is_one_turn_of_field_lines(
    running: Running, router: FakeRouter
) -> None:
    values = {
        "platform": select_value("android"),
        "sdk_version": text_value("3.6.1"),
        "symptom": text_value("group messages stay in sending\nthen fail with 2002"),
        "device_model": {"value": {"type": "plain_text_input", "value": None}},
        "production": select_value("yes"),
    }
    status, _ = await running.sender.interaction(
        submission(values, {"thread": THREAD, "channel": SUPPORT})
    )
    await running.settle()

    assert status == 200
    [turn] = router.turns
    assert turn.thread == THREAD
    assert turn.action == "form"
    assert turn.text == (
        "platform: android\nsdk_version: 3.6.1\n"
        "symptom: group messages stay in sending; then fail with 2002\nproduction: yes"
    )
    assert running.slack.of("chat.postMessage")[0].args["thread_ts"] == "1700000100.000100"


async def test_support_command_alone_opens_the_form(running: Running) -> None:
    status, _ = await running.sender.command(
        {
            "command": "/support",
            "text": "",
            "user_id": "U0DEV",
            "channel_id": "C0RANDOM",
            "team_id": "T0TEAM",
            "trigger_id": "1337.44.ijkl",
            "response_url": running.slack.response_url(),
        }
    )
    await running.settle()

    assert status == 200
    [opened] = running.slack.of("views.open")
    assert json.loads(opened.args["view"]["private_metadata"]) == {
        "thread": "",
        "channel": "C0RANDOM",
    }


async def test_support_command_with_an_expired_trigger_answers_privately(running: Running) -> None:
    running.slack.fail("views.open", error="expired_trigger_id")
    await running.sender.command(
        {
            "command": "/support",
            "text": "",
            "user_id": "U0DEV",
            "channel_id": SUPPORT,
            "team_id": "T0TEAM",
            "trigger_id": "1337.44.ijkl",
            "response_url": running.slack.response_url(),
        }
    )
    await running.settle()

    [response] = running.slack.responses
    assert response["response_type"] == "ephemeral"
    assert "could not open" in response["text"]


async def test_a_form_from_the_command_starts_a_thread_in_the_dm(
    running: Running, router: FakeRouter
) -> None:
    await running.sender.interaction(
        submission({"symptom": text_value("crash on login")}, {"thread": "", "channel": "C0RANDOM"})
    )
    await running.settle()

    starter, *_ = running.slack.of("chat.postMessage")
    assert starter.args["channel"] == "U0DEV"  # not a support channel: the DM with the bot
    assert "thread_ts" not in starter.args
    [turn] = router.turns
    assert turn.thread.startswith("T0TEAM:D0DEV:")
    assert turn.text == "symptom: crash on login"


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        (["symptom"], "'view.state.values' is not an object"),
        ({"symptom": "stuck"}, "'view.state.values.symptom' is not an object"),
        ({"symptom": {"value": ["stuck"]}}, "'view.state.values.symptom.value' is not an object"),
        ({"symptom": {"value": {"value": 7}}}, "'view.state.values.symptom.value.value' is not a string"),
        (
            {"platform": {"value": {"selected_option": "android"}}},
            "'view.state.values.platform.value.selected_option' is not an object",
        ),
    ],
)
async def test_a_submission_whose_values_are_not_shaped_like_slacks_gets_400(
    running: Running, router: FakeRouter, values: Any, problem: str
) -> None:
    status, text = await running.sender.interaction(
        submission(values, {"thread": THREAD, "channel": SUPPORT})
    )
    await running.settle()
    assert (status, json.loads(text)) == (400, {"ok": False, "error": problem})
    assert router.turns == []
