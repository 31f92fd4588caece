"""Whatever a signed request holds, the app answers 2xx/4xx, logs no unhandled exception,
and hands the router only well-formed turns.

Random and malformed Events API bodies, interactive payloads (``payload=`` JSON, form
encoded) and slash commands, each signed with the right secret, go over HTTP to the
real app (Bolt, listeners, rendering, posting to the fake Slack).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.conversation import ConversationRouter
from bot.replies import IncomingFile, Turn
from bot.slack.threads import ThreadKey
from bot.texts import say
from intake.tickets.db import make_engine, migrate
from intake.tickets.store import ConversationStore, TicketStore
from retrieval.types import Answer, NoAnswer
from tests.bot.slack.conftest import ENGINEER, ESCALATION, SUPPORT, Running
from tests.bot.slack.fakes import FakeDesk, FakeRouter, make_ticket
from tests.bot.slack.signing import block_action, event_envelope, message

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TS = "1700000100.000100"
ACTIONS = (
    "answer_solved",
    "answer_human",
    "intake_choice_0",
    "intake_choice_12",
    "intake_form",
    "ticket_claim",
    "ticket_status",
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=()), max_size=12),  # lone surrogates too
    st.sampled_from(["", " ", "0", TS, "17.1", "1e9", SUPPORT, ESCALATION, "U0DEV", "T0TEAM"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def maybe(*good: Any) -> st.SearchStrategy[Any]:
    """Mostly a value Slack would send, sometimes anything at all."""
    return st.one_of(st.sampled_from(good), values)


files = st.fixed_dictionaries(
    {},
    optional={
        "name": maybe("app.log", "shot.png", "../../etc/passwd"),
        "size": maybe(10, 0, 10**12, "12"),
        "mimetype": maybe("text/plain", "image/png", "text/html"),
        "filetype": maybe("text", "png"),
        "url_private": maybe("http://[::1", "https://example.com/f.log", "ftp://x/y", ""),
    },
)
events = st.fixed_dictionaries(
    {},
    optional={
        "type": maybe("message", "app_mention", "app_home_opened", "reaction_added"),
        "channel": maybe(SUPPORT, "D0DM", "C0ELSEWHERE"),
        "channel_type": maybe("channel", "im"),
        "user": maybe("U0DEV", "U0BOT", ENGINEER),
        "text": st.text(st.characters(exclude_categories=()), max_size=300) | values,
        "ts": maybe(TS, "1700000200.000200"),
        "thread_ts": maybe(TS, "not a ts"),
        "subtype": maybe("file_share", "bot_message", "message_changed", "thread_broadcast"),
        "bot_id": maybe("B0BOT"),
        "files": st.lists(files, max_size=2) | values,
        "tab": maybe("home", "messages"),
        "team": maybe("T0TEAM"),
    },
)
envelopes = st.fixed_dictionaries(
    {"type": maybe("event_callback", "url_verification", "app_rate_limited")},
    optional={
        "team_id": maybe("T0TEAM"),
        "event_id": maybe("Ev01", "Ev02"),
        "event": events | values,
        "challenge": values,
        "api_app_id": maybe("A0APP"),
        "authorizations": values,
    },
)
actions = st.fixed_dictionaries(
    {"action_id": maybe(*ACTIONS)},
    optional={
        "block_id": maybe("answer", "intake", "b1"),
        "type": maybe("button", "static_select"),
        "value": maybe("human", "confirm", "SUP-1001", ""),
        "text": maybe({"type": "plain_text", "text": "Claim"}),
        "selected_option": maybe({"value": "SUP-1001:resolved"}, {"value": "SUP-1001:nope"}),
    },
)
views = st.fixed_dictionaries(
    {"callback_id": maybe("intake_form")},
    optional={
        "private_metadata": maybe(
            json.dumps({"thread": f"T0TEAM:{SUPPORT}:{TS}", "channel": SUPPORT}),
            json.dumps(["not", "an", "object"]),
            "{not json",
            json.dumps({"thread": 7, "channel": None}),
        ),
        "state": maybe(
            {"values": {"symptom": {"value": {"value": "stuck"}}}},
            {"values": ["symptom"]},
            {"values": {"symptom": "stuck"}},
            {"values": {"platform": {"value": {"selected_option": "android"}}}},
        ),
        "id": maybe("V01"),
    },
)
interactions = st.fixed_dictionaries(
    {"type": maybe("block_actions", "view_submission", "view_closed", "shortcut")},
    optional={
        "team": maybe({"id": "T0TEAM"}),
        "user": maybe({"id": "U0DEV", "team_id": "T0TEAM"}, {"id": ENGINEER}),
        "container": maybe(
            {"type": "message", "channel_id": SUPPORT, "message_ts": "1700000200.000200"},
            {"channel_id": ESCALATION, "message_ts": "garbage"},
        ),
        "channel": maybe({"id": SUPPORT}),
        "message": maybe({"ts": "1700000200.000200", "thread_ts": TS, "blocks": []}),
        "actions": st.lists(actions, max_size=2) | values,
        "view": views | values,
        "trigger_id": maybe("1337.42.abcd", ""),
        "callback_id": maybe("intake_form"),
        "response_url": maybe(""),
    },
)
commands = st.fixed_dictionaries(
    {"command": st.sampled_from(["/support", "/other"]) | st.text(max_size=10)},
    optional={
        "text": st.sampled_from(["", "SUP-1001", "sup1001", "SUP-0", "help me"])
        | st.text(max_size=40),
        "user_id": st.sampled_from(["U0DEV", ENGINEER, ""]) | st.text(max_size=10),
        "channel_id": st.sampled_from([SUPPORT, "D0DM", ""]) | st.text(max_size=10),
        "trigger_id": st.sampled_from(["1337.42.abcd", ""]) | st.text(max_size=10),
        "team_id": st.just("T0TEAM"),
    },
)


class App:
    """The running app, with a short repr (Hypothesis prints the arguments of a failure)."""

    def __init__(self, running: Running) -> None:
        self.running = running

    def __repr__(self) -> str:
        return "App()"


@pytest.fixture
def app(running: Running) -> App:
    return App(running)


@pytest.fixture
def desk() -> FakeDesk:
    desk = FakeDesk()
    desk.add(make_ticket("SUP-1001", requester="U0DEV"))
    return desk


async def _exchange(app: App, caplog: pytest.LogCaptureFixture, body: str, kind: str) -> int:
    """Send one signed request, wait for the work it started; the status, or a failed assertion."""
    caplog.clear()
    status, _ = await app.running.sender.send(body, kind)
    await app.running.settle()
    assert 200 <= status < 500, f"HTTP {status}"
    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert not crashes, "\n".join(f"{r.name}: {r.getMessage()}" for r in crashes)
    return status


def _well_formed(turn: Turn) -> None:
    ThreadKey.parse(turn.thread)  # raises for anything but TEAM:CHANNEL:ts
    assert isinstance(turn.user, str) and isinstance(turn.text, str)
    assert turn.event_id is None or isinstance(turn.event_id, str)
    assert turn.action is None or isinstance(turn.action, str)
    assert isinstance(turn.permalink, str)
    for file in turn.files:
        assert isinstance(file, IncomingFile) and isinstance(file.name, str)
        assert isinstance(file.size, int) and (file.text is None or isinstance(file.text, str))


@FUZZ
@given(body=envelopes)
@example(body=event_envelope(message("hi", ts=TS), event_id="Ev00"))
@example(
    body=event_envelope(
        {**message("x"), "files": [{"name": "a.log", "size": "big"}]}, event_id="EvF"
    )
)
@example(
    body=event_envelope(
        {**message("x"), "files": [{"name": "a.log", "url_private": "http://[::1"}]}, event_id="EvU"
    )
)
@example(body=event_envelope(message("x", ts="1e9"), event_id="EvT"))
@example(body={"type": "event_callback", "event": message("x"), "event_id": 42})
async def test_any_event_envelope(
    app: App, router: FakeRouter, caplog: pytest.LogCaptureFixture, body: dict[str, Any]
) -> None:
    await _exchange(app, caplog, json.dumps(body), "application/json")
    for turn in router.turns:
        _well_formed(turn)


@FUZZ
@given(raw=st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
@example(raw="")
@example(raw="[1, 2]")
@example(raw='{"type": "event_callback", "event": "message"}')
async def test_any_body_text(app: App, caplog: pytest.LogCaptureFixture, raw: str) -> None:
    for kind in ("application/json", "application/x-www-form-urlencoded", "text/plain"):
        await _exchange(app, caplog, raw, kind)


@FUZZ
@given(payload=interactions)
@example(payload=block_action("answer_human", value="human"))
@example(payload=block_action("intake_choice_0", value="confirm", thread_ts=None))
@example(payload={**block_action("ticket_claim", value="SUP-1001"), "user": {"id": ENGINEER}})
@example(payload=block_action("ticket_status", selected="SUP-1001:resolved", user=ENGINEER))
@example(
    payload={
        **block_action("answer_human"),
        "container": {"channel_id": SUPPORT, "message_ts": "x"},
        "message": {},
    }
)
@example(
    payload={
        "type": "view_submission",
        "view": {"callback_id": "intake_form", "private_metadata": "[1]"},
    }
)
@example(
    payload={
        "type": "view_submission",
        "view": {"type": "modal", "callback_id": "intake_form", "state": {"values": {"a": 1}}},
    }
)
async def test_any_interaction(
    app: App, router: FakeRouter, caplog: pytest.LogCaptureFixture, payload: dict[str, Any]
) -> None:
    body = urlencode({"payload": json.dumps(payload)})
    await _exchange(app, caplog, body, "application/x-www-form-urlencoded")
    for turn in router.turns:
        _well_formed(turn)


@FUZZ
@given(fields=commands, respond=st.booleans())
@example(fields={"command": "/support", "text": "", "trigger_id": ""}, respond=True)
@example(fields={"command": "/support", "text": "SUP-1001", "user_id": "U0DEV"}, respond=False)
async def test_any_slash_command(
    app: App, caplog: pytest.LogCaptureFixture, fields: dict[str, str], respond: bool
) -> None:
    if respond:
        fields = {**fields, "response_url": app.running.slack.response_url()}
    await _exchange(app, caplog, urlencode(fields), "application/x-www-form-urlencoded")


async def test_a_body_slack_would_never_send_gets_400_naming_the_problem(app: App) -> None:
    body = json.dumps({"type": "event_callback", "team_id": "T0TEAM", "event": [1, 2]})
    status, text = await app.running.sender.send(body, "application/json")
    assert status == 400
    assert json.loads(text) == {"ok": False, "error": "'event' is not an object"}


class NoDocs:
    def answer(self, question: str) -> Answer | NoAnswer:
        return NoAnswer(question, 0.1)


async def test_half_an_emoji_in_a_message_gets_an_answer_not_an_error(
    running: Running, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    running.bot.services.router = ConversationRouter(
        NoDocs(), ConversationStore(engine), TicketStore(engine)
    )
    # json.dumps writes the lone surrogate as the escape "\ud83d", as a JSON body may.
    body = json.dumps(event_envelope(message("my app crashes \ud83d", ts=TS), event_id="EvHalf"))
    status, _ = await running.sender.send(body, "application/json")
    await running.settle()
    engine.dispose()

    [reply] = running.slack.of("chat.postMessage")
    assert status == 200
    assert reply.args["text"] != say("error", "en")
    assert "find" in reply.args["text"]  # "I could not find this in the docs"


@FUZZ
@given(
    timestamp=st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
    | st.integers().map(str),
    signature=st.text(max_size=80) | st.just("v0=" + "0" * 64),
)
@example(timestamp="9" * 5000, signature="v0=00")
@example(timestamp="", signature="")
async def test_any_signature_headers_get_401_and_never_a_logged_body(
    app: App, router: FakeRouter, caplog: pytest.LogCaptureFixture, timestamp: str, signature: str
) -> None:
    caplog.clear()
    body = json.dumps(event_envelope(message("PLANTED body text", ts=TS), event_id="EvSig"))
    headers = {"Content-Type": "application/json"}
    try:  # aiohttp refuses some header values (newlines) itself; the rest go out
        headers.update({"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature})
        async with app.running.sender.session.post(
            app.running.sender.url, data=body.encode(), headers=headers
        ) as response:
            status = response.status
    except ValueError:
        return
    await app.running.settle()
    assert status == 401
    assert router.turns == []
    assert "PLANTED" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]
