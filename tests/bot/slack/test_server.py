"""HTTP mode: only correctly signed, fresh requests get in; the health check asks the database."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import create_engine

from bot.slack.app import SlackBot
from bot.slack.server import HEALTH_PATH, database_check, start_site, web_app
from bot.slack.settings import SlackSettings
from tests.bot.slack.conftest import Running
from tests.bot.slack.fakes import FakeDesk, FakeRouter
from tests.bot.slack.signing import message


async def test_a_wrong_signature_is_refused(running: Running, router: FakeRouter) -> None:
    status, _ = await running.sender.event(message("hi"), secret="not-the-signing-secret")
    assert status == 401
    assert router.turns == []


async def test_a_replayed_request_older_than_five_minutes_is_refused(
    running: Running, router: FakeRouter
) -> None:
    status, _ = await running.sender.event(message("hi"), timestamp=int(time.time()) - 6 * 60)
    await running.settle()
    assert status == 401
    assert router.turns == []


async def test_a_fresh_signed_request_is_accepted(running: Running, router: FakeRouter) -> None:
    status, _ = await running.sender.event(message("hi"), timestamp=int(time.time()) - 60)
    await running.settle()
    assert status == 200
    assert len(router.turns) == 1


async def test_the_url_verification_challenge_is_answered(running: Running) -> None:
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    status, text = await running.sender.send(body, "application/json")
    assert status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in text


@pytest.fixture
async def health_url(settings: SlackSettings, tmp_path: object) -> AsyncIterator[tuple[str, str]]:
    good = create_engine("sqlite://")
    bad = create_engine("sqlite:////nonexistent-dir/x/y.db")
    urls = []
    runners = []
    for engine in (good, bad):
        bot = SlackBot(settings, router=FakeRouter(), desk=FakeDesk())
        runner, port = await start_site(web_app(bot, health=database_check(engine)))
        runners.append(runner)
        urls.append(f"http://127.0.0.1:{port}{HEALTH_PATH}")
    yield urls[0], urls[1]
    for runner in runners:
        await runner.cleanup()
    good.dispose()
    bad.dispose()


async def test_healthz_reports_the_database(health_url: tuple[str, str]) -> None:
    good, bad = health_url
    async with aiohttp.ClientSession() as session:
        async with session.get(good) as response:
            assert response.status == 200
            assert await response.json() == {"ok": True}
        async with session.get(bad) as response:
            assert response.status == 503
            assert "OperationalError" in (await response.json())["error"]
