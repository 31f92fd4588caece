"""Threads under pressure and strangers in them, against the real router on a real database
(SQLite; PostgreSQL when ``SUPPORTBOT_TEST_DATABASE=postgresql``, as ``.ci/run`` does)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.slack.app import make_client
from bot.slack.outbox_worker import OutboxWorker
from bot.slack.settings import SlackSettings
from bot.texts import say
from intake.tickets.models import Base
from intake.types import Assessment, Category, Impact, Priority, TicketDraft
from tests.bot.slack.conftest import ENGINEER, ESCALATION, LEAD, OTHER_ENGINEER, SUPPORT, Real
from tests.bot.slack.signing import block_action, message
from tests.conftest import Database

QUESTION_TS = "1700000100.000100"
THREAD = f"T0TEAM:{SUPPORT}:{QUESTION_TS}"


def _ts(n: int) -> str:
    return f"17000002{n:02d}.000100"


async def test_many_messages_at_once_in_one_thread_are_all_taken_in(real: Real) -> None:
    await real.running.sender.event(message("How often is the heartbeat sent?", ts=QUESTION_TS))
    await real.running.settle()
    follow_ups = [
        message(f"and the heartbeat on reconnect, case {n}?", ts=_ts(n), thread_ts=QUESTION_TS)
        for n in range(8)
    ]
    statuses = await asyncio.gather(*(real.running.sender.event(m) for m in follow_ups))
    await real.running.settle()

    assert [status for status, _ in statuses] == [200] * 8
    posts = real.running.slack.of("chat.postMessage")
    assert len(posts) == 9  # the first answer and one per follow-up
    assert not [p for p in posts if p.args["text"] == say("error", "en")]
    assert "heartbeat every 30 s" in str(posts[-1].args["blocks"])


# -- log files that are not UTF-8 text ------------------------------------------------------

LOG_LINES = "2026-11-24 09:00:01 E/Nimbus: send failed code=2002\nheartbeat timeout after 30 s\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(LOG_LINES.encode("utf-16"), id="utf16-bom"),
        pytest.param(LOG_LINES.encode("utf-16-le"), id="utf16le-no-bom"),
        pytest.param(LOG_LINES.encode("utf-16-be"), id="utf16be-no-bom"),
    ],
)
async def test_a_utf16_log_is_read_and_the_message_still_taken_in(real: Real, data: bytes) -> None:
    await real.running.sender.event(message("How often is the heartbeat sent?", ts=QUESTION_TS))
    await real.running.settle()
    file = real.running.slack.add_file("app.log", data)
    event = message(
        "talk to a human", ts=_ts(1), thread_ts=QUESTION_TS, subtype="file_share", files=[file]
    )
    await real.running.sender.event(event)
    await real.running.settle()

    texts = [p.args["text"] for p in real.running.slack.of("chat.postMessage")]
    assert say("error", "en") not in texts
    assert not [t for t in texts if "app.log" in t]  # no refusal
    conversation = real.router.conversations.get(THREAD)
    assert conversation is not None and conversation.state == "INTAKE"
    assert "send failed code=2002" in conversation.dialog_state  # the log, read as text


async def test_a_binary_log_gets_the_cant_read_notice_and_the_message_is_still_answered(
    real: Real,
) -> None:
    file = real.running.slack.add_file("app.log", bytes(range(256)) * 3)  # not text at all
    event = message(
        "How often is the heartbeat sent?", ts=QUESTION_TS, subtype="file_share", files=[file]
    )
    await real.running.sender.event(event)
    await real.running.settle()

    texts = [p.args["text"] for p in real.running.slack.of("chat.postMessage")]
    assert say("error", "en") not in texts
    assert any("app.log" in t and "binary" in t for t in texts), texts
    assert any("heartbeat every 30 s" in str(p.args.get("blocks")) for p in real.running.slack.of("chat.postMessage"))


# -- someone else's thread ------------------------------------------------------------------

STRANGER = "U0STRANGER"


async def _answered(real: Real) -> None:
    await real.running.sender.event(message("How often is the heartbeat sent?", ts=QUESTION_TS))
    await real.running.settle()


def _told(real: Real, user: str) -> list[str]:
    return [c.args["text"] for c in real.running.slack.of("chat.postEphemeral") if c.args["user"] == user]


@pytest.mark.parametrize("action", ["answer_human", "answer_solved"])
async def test_a_stranger_cannot_press_the_buttons_on_someone_elses_answer(
    real: Real, action: str
) -> None:
    await _answered(real)
    [answer] = real.running.slack.of("chat.postMessage")
    await real.running.sender.interaction(
        block_action(action, user=STRANGER, blocks=answer.args["blocks"], block_id="answer")
    )
    await real.running.settle()

    conversation = real.router.conversations.get(THREAD)
    assert conversation is not None and conversation.state == "ANSWERED"  # no intake, not solved
    assert real.running.slack.of("chat.update") == []  # the requester keeps the buttons
    assert len(real.running.slack.of("chat.postMessage")) == 1  # nothing said in the thread
    [told] = _told(real, STRANGER)
    assert "U0DEV" in told and "new message" in told


async def test_a_stranger_cannot_answer_someone_elses_intake(real: Real) -> None:
    await _answered(real)
    await real.running.sender.interaction(block_action("answer_human", value="human"))
    await real.running.settle()
    before = real.router.conversations.get(THREAD)
    assert before is not None and before.state == "INTAKE"

    await real.running.sender.event(
        message("android, sdk 3.6.1, every time", user=STRANGER, ts=_ts(2), thread_ts=QUESTION_TS)
    )
    await real.running.sender.interaction(
        block_action("intake_choice_0", value="android", user=STRANGER, block_id="intake")
    )
    await real.running.settle()

    after = real.router.conversations.get(THREAD)
    assert after is not None and after.dialog_state == before.dialog_state
    assert len(_told(real, STRANGER)) == 2


async def test_a_strangers_form_for_someone_elses_thread_is_refused(real: Real) -> None:
    await _answered(real)
    submission = {
        "type": "view_submission",
        "team": {"id": "T0TEAM"},
        "user": {"id": STRANGER, "team_id": "T0TEAM"},
        "view": {
            "type": "modal",
            "callback_id": "intake_form",
            "private_metadata": json.dumps({"thread": THREAD, "channel": SUPPORT}),
            "state": {"values": {"symptom": {"value": {"type": "plain_text_input", "value": "x"}}}},
        },
    }
    await real.running.sender.interaction(submission)
    await real.running.settle()

    conversation = real.router.conversations.get(THREAD)
    assert conversation is not None and conversation.state == "ANSWERED"
    assert len(_told(real, STRANGER)) == 1


async def test_a_strangers_message_on_a_filed_ticket_is_kept_under_their_own_name(real: Real) -> None:
    await _answered(real)
    ticket = _file_ticket(real)

    await real.running.sender.event(
        message("same here, also on iOS", user=STRANGER, ts=_ts(3), thread_ts=QUESTION_TS)
    )
    await real.running.settle()

    comments = [e for e in real.router.tickets.events(ticket) if e.kind == "comment"]
    assert [(c.actor, c.detail["text"]) for c in comments] == [(STRANGER, "same here, also on iOS")]
    assert len(real.running.slack.of("chat.postMessage")) == 1  # no "Added to SUP-…" as if theirs
    [told] = _told(real, STRANGER)
    assert ticket in told and "comment from you" in told


async def test_an_engineer_may_act_in_the_thread(real: Real) -> None:
    await _answered(real)
    await real.running.sender.interaction(block_action("answer_human", value="human", user=ENGINEER))
    await real.running.settle()

    conversation = real.router.conversations.get(THREAD)
    assert conversation is not None and conversation.state == "INTAKE"
    assert conversation.requester == "U0DEV"  # still filed under the developer's name


def _file_ticket(real: Real) -> str:
    now = datetime.now(UTC)
    draft = TicketDraft(
        Category.MESSAGE_DELIVERY,
        {"platform": "android", "sdk_version": "3.6.1", "symptom": "group messages stuck"},
        Impact(production=True, all_users=False, workaround=False, data_loss=False),
        question="group messages stuck in sending",
        summary="Group messages stuck in sending",
        requester="U0DEV",
    )
    assessment = Assessment(Priority.P1, "Production, some users.", now + timedelta(hours=4))
    ticket = real.router.tickets.create(
        draft, assessment, thread=THREAD, now=now, conversation_state="ESCALATED"
    )
    return ticket.id


# -- a ticket another engineer claimed (docs/engineers.md: the owner or a lead changes it) --


async def _claimed_by(real: Real, owner: str) -> str:
    await _answered(real)
    ticket = _file_ticket(real)
    await real.desk.claim(ticket, engineer=owner, is_engineer=True)
    return ticket


async def test_another_engineer_cannot_change_a_ticket_someone_claimed(real: Real) -> None:
    ticket = await _claimed_by(real, ENGINEER)
    await real.running.sender.interaction(
        block_action(
            "ticket_status",
            selected=f"{ticket}:resolved",
            user=OTHER_ENGINEER,
            channel=ESCALATION,
            thread_ts=None,
        )
    )
    await real.running.settle()

    assert (await real.desk.ticket(ticket)).status.value == "claimed"
    [told] = _told(real, OTHER_ENGINEER)
    assert ticket in told and ENGINEER in told and "lead" in told


async def test_the_owner_and_a_lead_may_change_a_claimed_ticket(real: Real) -> None:
    ticket = await _claimed_by(real, ENGINEER)
    for user, status in ((ENGINEER, "in_progress"), (LEAD, "resolved")):
        await real.running.sender.interaction(
            block_action(
                "ticket_status", selected=f"{ticket}:{status}", user=user, channel=ESCALATION, thread_ts=None
            )
        )
        await real.running.settle()
        assert (await real.desk.ticket(ticket)).status.value == status


# -- control, bidi and zero-width characters (run on PostgreSQL too: NUL is refused there) --

HIDDEN = "\x00\x01\x1b\x7f\u202e\u202a\u2066\u2069\u200b\ufeff\u2060"


def _plant(text: str) -> str:
    """``text`` with a control, bidi or zero-width character after every word."""
    marks = iter(HIDDEN * 20)
    return " ".join(word + next(marks) for word in text.split())


async def _file_through_the_thread(real: Real, messages: list[str], files: list[dict[str, object]]) -> None:
    await real.running.sender.event(
        message(_plant("Group messages are not delivered to Android members since the upgrade"), ts=QUESTION_TS)
    )
    await real.running.settle()
    await real.running.sender.interaction(block_action("answer_human", value="human"))
    await real.running.settle()
    for n, text in enumerate(messages):
        extra = {"subtype": "file_share", "files": files} if n == 0 and files else {}
        await real.running.sender.event(message(text, ts=_ts(10 + n), thread_ts=QUESTION_TS, **extra))
        await real.running.settle()


async def test_nul_control_bidi_and_zero_width_characters_do_not_stop_a_ticket_being_filed(
    real: Real,
) -> None:
    log = real.running.slack.add_file("app\u202egol.exe\x00.log", b"E/Nimbus: send failed\x00 code=2002\n")
    await _file_through_the_thread(
        real,
        [
            _plant("Android 14, Pixel 8, SDK 3.6.1, wifi, group chat, since upgrading to 3.6.1, every time"),
            _plant("1. create a group of 20 2. send a text 3. iOS members get it, Android members do not"),
            _plant("yes production, only some users, restarting the app helps, no data lost"),
            "confirm\x00",
        ],
        [log],
    )

    posts = [c.args for c in real.running.slack.of("chat.postMessage")]
    assert not [p for p in posts if p["text"] == say("error", "en")]
    [ticket] = real.router.tickets.list()
    stored = json.dumps([ticket.fields, ticket.summary, ticket.question], ensure_ascii=False)
    assert not set(HIDDEN) & set(stored), repr(stored)
    assert "Android" in stored
    shown = json.dumps(posts, ensure_ascii=False)
    assert not set("\x00\x01\x7f\u202e\u202a\u2066\u2069\u200b\u2060") & set(shown)


async def test_a_file_name_cannot_reverse_itself_in_the_bots_notice(real: Real) -> None:
    shot = real.running.slack.add_file("\u202egnp.exe", b"MZ\x90\x00", mimetype="application/octet-stream")
    await real.running.sender.event(message("see attached", ts=QUESTION_TS, subtype="file_share", files=[shot]))
    await real.running.settle()

    [notice] = [c.args["text"] for c in real.running.slack.of("chat.postMessage") if "gnp.exe" in c.args["text"]]
    assert "\u202e" not in notice


# -- planted secrets: none reaches any table or any post to Slack ---------------------------

# (where it is said, the part that must not survive)
SECRETS: list[tuple[str, str]] = [
    ("init ok userSig=eJwtzM0KgjAYhuG7WdZKc2pQ0n", "eJwtzM0KgjAYhuG7WdZKc2pQ0n"),
    ('NimbusClient.login("alice", "nt_8f3a9c2e71b04d5e6f7a")', "8f3a9c2e71b04d5e6f7a"),
    ("Cookie: connect.sid=s%3AkJ8x2Lq9ZrT4.v7Yw1pQm; theme=dark", "kJ8x2Lq9ZrT4"),
    ("session_id=9a8b7c6d5e4f3a2b1c0d", "9a8b7c6d5e4f3a2b1c0d"),
    ("maps AIzaSyD3kX9mQ2vL8pR7tN1wE5yU4iO6aS0dF8g", "SyD3kX9mQ2vL8pR7tN1wE5yU4iO6aS0dF8g"),
    ("REDIS_URL=redis://:Sup3rS3cretPw@cache.internal:6379", "Sup3rS3cretPw"),
    ("my app secret is 7f3b9c1d2e4a", "7f3b9c1d2e4a"),
    ("my password is Tr0ub4dor&3", "Tr0ub4dor&3"),
    ("SLACK_BOT_TOKEN=xoxb-1234567890-0987654321-AbCdEfGhIjKl", "0987654321-AbCdEfGhIjKl"),
    ("mail alice.wang@example.com", "alice.wang@example"),
]


async def test_planted_secrets_reach_no_table_and_no_post(
    real: Real, database: Database, settings: SlackSettings
) -> None:
    said = " ".join(text for text, _ in SECRETS)
    log = real.running.slack.add_file("app.log", ("\n".join(text for text, _ in SECRETS) + "\n").encode())
    await _file_through_the_thread(
        real,
        [
            "Android 14, Pixel 8, SDK 3.6.1, wifi, group chat, since upgrading to 3.6.1, every time. " + said,
            "1. create a group of 20 2. send a text 3. iOS members get it, Android members do not. " + said,
            "yes production, only some users, restarting the app helps, no data lost",
            "confirm",
        ],
        [log],
    )
    [ticket] = real.router.tickets.list()
    worker = OutboxWorker(
        real.outbox, desk=real.desk, client=make_client(settings, retries=False), channel=ESCALATION
    )
    assert await worker.run_once() == 1  # the card, with the ticket's fields and log excerpt
    await real.running.sender.interaction(
        block_action("ticket_claim", value=ticket.id, user=ENGINEER, channel=ESCALATION, thread_ts=None)
    )
    await real.running.settle()

    with database.engine.connect() as connection:
        tables = {
            table.name: json.dumps([list(map(str, row)) for row in connection.execute(table.select())])
            for table in Base.metadata.sorted_tables
        }
    posts = {f"{n}:{c.method}": json.dumps(c.args) for n, c in enumerate(real.running.slack.calls)}
    assert "[redacted:" in tables["tickets"] and "[redacted:" in tables["ticket_logs"]
    leaks = [
        (where, secret)
        for where, text in {**tables, **posts}.items()
        for _, secret in SECRETS
        if secret in text
    ]
    assert leaks == []
