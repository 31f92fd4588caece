"""A real ``supportbot serve`` under requests that are not Slack's: what reaches its log.

Unsigned and stale requests are refused with 401, and the process's log (the logging
set up by ``supportbot serve`` itself) gets one short line each: never the body, never a
secret in it, never a forged line.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import aiohttp

from tests.bot.slack.signing import Sender, event_envelope, message
from tests.production.conftest import Fleet

SECRET = "xoxb-5555555555-6666666666-PLANTEDSECRET"


async def test_unsigned_and_stale_requests_leave_short_lines_and_no_body_in_the_log(
    fleet: Fleet, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    replica = fleet.replica("a", database_url=f"sqlite:///{tmp_path / 'bot.db'}")
    await fleet.start(replica)
    before = replica.log.stat().st_size

    body = json.dumps(event_envelope(message(SECRET + " " + "x" * 900_000), event_id="Ev1\nERROR forged"))
    for _ in range(20):  # unsigned
        async with http.post(replica.events_url, data=body, headers={"Content-Type": "application/json"}) as r:
            assert r.status == 401
    sender = Sender(replica.events_url, http)
    stale = json.dumps(event_envelope(message(f"my token is {SECRET}"), event_id="Ev2"))
    status, _ = await sender.send(stale, "application/json", timestamp=int(time.time()) - 600)
    assert status == 401

    grown = replica.log.read_text(errors="replace")[before:]
    assert "PLANTEDSECRET" not in grown
    assert len(grown) < 21 * 400, grown[:2000]  # it grew 18 MB before
    assert "refused" in grown
    assert "\nERROR forged" not in grown
