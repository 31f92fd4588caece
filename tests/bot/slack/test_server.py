"""HTTP mode: only correctly signed, fresh requests get in; the health check asks the database."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
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
from tests.bot.slack.signing import SIGNING_SECRET, event_envelope, message


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
            assert await response.json() == {"ok": False, "error": "database unavailable"}


async def test_healthz_tells_anonymous_callers_no_database_detail_but_logs_it(
    settings: SlackSettings, caplog: pytest.LogCaptureFixture
) -> None:
    # A database URL whose host and path an attacker would like to learn.
    engine = create_engine("sqlite:////nonexistent-dir/db-host-10.0.3.7/secret.db")
    runner, port = await start_site(
        web_app(SlackBot(settings, router=FakeRouter(), desk=FakeDesk()), health=database_check(engine))
    )
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}{HEALTH_PATH}") as response,
        ):
            status, text = response.status, await response.text()
    finally:
        await runner.cleanup()
        engine.dispose()
    assert status == 503
    assert "OperationalError" not in text and "10.0.3.7" not in text and "unable" not in text
    assert "OperationalError" in caplog.text  # the operators still learn why


# -- requests that are not Slack's: refused, and nothing of their body in the log ------------

SECRET_IN_BODY = "xoxb-1111-2222-PLANTEDSECRET"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="unsigned"),
        pytest.param({"X-Slack-Signature": "v0=00", "X-Slack-Request-Timestamp": "1"}, id="bad"),
    ],
)
async def test_an_unsigned_request_is_refused_without_logging_its_body(
    running: Running, router: FakeRouter, caplog: pytest.LogCaptureFixture, headers: dict[str, str]
) -> None:
    caplog.set_level(logging.DEBUG)
    body = json.dumps({"type": "event_callback", "event": message(SECRET_IN_BODY + "x" * 900_000)})
    for _ in range(20):
        async with running.sender.session.post(
            running.sender.url, data=body.encode(), headers={"Content-Type": "application/json", **headers}
        ) as response:
            assert response.status == 401
    await running.settle()
    assert router.turns == []
    assert "PLANTEDSECRET" not in caplog.text
    assert len(caplog.text) < 20 * 500  # one short line a request, not the 18 MB of bodies


async def test_a_signed_but_stale_request_is_refused_without_logging_its_body(
    running: Running, router: FakeRouter, caplog: pytest.LogCaptureFixture
) -> None:
    # A genuine request that arrives late (clock skew, a replay, the secret-rotation window).
    caplog.set_level(logging.DEBUG)
    status, _ = await running.sender.event(
        message(f"my token is {SECRET_IN_BODY}"), timestamp=int(time.time()) - 10 * 60
    )
    await running.settle()
    assert status == 401
    assert router.turns == []
    assert "PLANTEDSECRET" not in caplog.text
    assert "refused" in caplog.text and "600 s old" in caplog.text


@pytest.mark.parametrize(
    "timestamp",
    ["soon", "", "1.5", "-1", "1e9", "9" * 5000, " 1700000000", "１７００００００００"],
)
async def test_a_timestamp_that_is_not_a_number_gets_401_not_a_crash(
    running: Running, router: FakeRouter, caplog: pytest.LogCaptureFixture, timestamp: str
) -> None:
    body = json.dumps(event_envelope(message("hi"), event_id="Ev1"))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
    }
    async with running.sender.session.post(running.sender.url, data=body, headers=headers) as response:
        status = response.status
    await running.settle()
    assert status == 401
    assert router.turns == []
    assert not [r for r in caplog.records if r.exc_info]
    assert len(caplog.text) < 1000


async def test_a_newline_in_an_event_id_cannot_forge_a_log_line(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    forged = "Ev1\n2026-12-04 10:00:00,000 ERROR bot.slack: admin password reset"
    body = json.dumps(event_envelope(message("hi", ts="not-a-ts"), event_id=forged))
    status, _ = await running.sender.send(body, "application/json")
    await running.settle()
    assert status == 200
    [record] = [r for r in caplog.records if "skipped" in r.getMessage()]
    assert "\n" not in record.getMessage()
    assert "'Ev1\\n2026" in record.getMessage()  # quoted, with the newline escaped
