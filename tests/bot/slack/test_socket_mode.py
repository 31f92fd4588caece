"""Socket Mode: the same listeners behind a WebSocket; every envelope is acked by its id."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

from bot.slack.app import SlackBot, make_client
from bot.slack.settings import SlackSettings
from bot.slack.socket_mode import run_socket_mode
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.fakes import FakeDesk, FakeRouter
from tests.bot.slack.signing import event_envelope, message


async def test_an_event_over_the_socket_is_acked_and_answered(
    slack: FakeSlack, settings: SlackSettings
) -> None:
    socket_settings = replace(settings, signing_secret="", app_token="xapp-1-A0APP-1-abc")
    router = FakeRouter()
    bot = SlackBot(socket_settings, router=router, desk=FakeDesk(), client=make_client(settings))
    stop = asyncio.Event()
    serving = asyncio.create_task(
        run_socket_mode(bot, app_token=socket_settings.app_token, stop=stop)
    )
    payload = event_envelope(message("How do I send images?"), event_id="Ev0SOCKET")
    await slack.socket_send(
        {
            "envelope_id": "env-1",
            "type": "events_api",
            "accepts_response_payload": False,
            "payload": payload,
            "retry_attempt": 0,
            "retry_reason": "",
        }
    )
    for _ in range(100):  # bounded: 5 s at most
        if slack.socket_acks and slack.of("chat.postMessage"):
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(serving, timeout=10)

    assert slack.socket_acks[0]["envelope_id"] == "env-1"
    assert [t.event_id for t in router.turns] == ["Ev0SOCKET"]
    assert json.dumps(slack.of("chat.postMessage")[0].args["blocks"]).count("answer_solved") == 1
