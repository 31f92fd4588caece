"""Slack's real limits: the fake refuses what Slack refuses, a ticket card filled to the form's
limits still fits, and a permanent refusal is not retried but answered with a fallback card."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from bot.slack.app import make_client
from bot.slack.limits import MAX_MESSAGE_TEXT, block_text
from bot.slack.outbox_worker import OutboxWorker
from bot.slack.render import ticket_card
from bot.slack.settings import SlackSettings
from bot.slack.views import form_modal, home_view
from intake.tickets.store import Outbox, OutboxMessage, OutboxStatus
from tests.bot.slack.conftest import ENGINEER, ESCALATION, GROUP, SUPPORT
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.fakes import NOW, FakeDesk, make_ticket
from tests.conftest import Database

THREAD = f"T0TEAM:{SUPPORT}:1700000100.000100"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


# -- the fake refuses what Slack refuses ----------------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "error"),
    [
        ([_section("x" * 2900)] * 5, "msg_blocks_too_long"),  # 14,500 characters in all
        ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "invalid_blocks"),
        ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}], "invalid_blocks"),
        ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}], "invalid_blocks"),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "b" * 76}}
                    ],
                }
            ],
            "invalid_blocks",
        ),
    ],
)
async def test_the_fake_refuses_messages_slack_refuses(
    slack: FakeSlack, settings: SlackSettings, blocks: list[dict[str, Any]], error: str
) -> None:
    client = make_client(settings, retries=False)
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel=SUPPORT, text="t", blocks=blocks)
    assert refused.value.response["error"] == error


@pytest.mark.parametrize(
    ("view", "error"),
    [
        ({"type": "home", "blocks": [_section("s")] * 101}, "invalid_arguments"),
        (
            {"type": "modal", "title": {"type": "plain_text", "text": "t" * 25}, "blocks": []},
            "invalid_arguments",
        ),
        ({"type": "home", "blocks": [_section("x" * 2999)] * 90}, "view_too_large"),
    ],
)
async def test_the_fake_refuses_views_slack_refuses(
    slack: FakeSlack, settings: SlackSettings, view: dict[str, Any], error: str
) -> None:
    client = make_client(settings, retries=False)
    with pytest.raises(SlackApiError) as refused:
        if view["type"] == "home":
            await client.views_publish(user_id=ENGINEER, view=view)
        else:
            await client.views_open(trigger_id="1.2.3", view=view)
    assert refused.value.response["error"] == error


async def test_the_bots_own_views_fit(slack: FakeSlack, settings: SlackSettings) -> None:
    client = make_client(settings, retries=False)
    tickets = [make_ticket(f"SUP-{2000 + n}", summary="s" * 3000) for n in range(200)]
    for lang in ("en", "zh"):
        await client.views_open(trigger_id="1.2.3", view=form_modal(thread=THREAD, channel=SUPPORT, lang=lang))
        await client.views_publish(
            user_id=ENGINEER, view=home_view(tickets, user=ENGINEER, is_engineer=True, lang=lang)
        )


# -- a card filled to the form's limits ------------------------------------------------------

FULL = {
    "symptom": "Group messages stay in sending and then fail. " * 62,  # the form allows 2,900
    "expected": "Members receive the message within a second. " * 64,
    "repro_steps": "1. open the group 2. send a text 3. watch it spin " * 58,
    "sdk_version": "3.6.1",
    "platform": "android",
}


def _full_ticket() -> Any:
    ticket = make_ticket("SUP-1001")
    return replace(ticket, fields={**ticket.fields, **FULL}, question="Why? " * 580)


def test_a_card_filled_to_the_forms_limits_stays_under_slacks_total() -> None:
    card = ticket_card(_full_ticket())
    assert block_text(card.blocks) <= MAX_MESSAGE_TEXT


async def test_the_outbox_posts_a_full_card_and_the_rest_in_its_thread(
    slack: FakeSlack, settings: SlackSettings, database: Database
) -> None:
    outbox = Outbox(database.engine)
    desk = FakeDesk()
    desk.add(_full_ticket())
    worker = OutboxWorker(
        outbox, desk=desk, client=make_client(settings, retries=False), channel=ESCALATION, clock=lambda: NOW
    )
    outbox.enqueue(OutboxMessage("post_ticket", {"ticket_id": "SUP-1001"}, "post_ticket:SUP-1001"), now=NOW)

    assert await worker.run_once(now=NOW) == 1
    [card, *details] = slack.of("chat.postMessage")
    assert slack.of("chat.postMessage", ok_only=False) == slack.of("chat.postMessage")  # none refused
    assert card.args["channel"] == ESCALATION and "thread_ts" not in card.args
    assert details and all(d.args["thread_ts"] == "1700000001.000001" for d in details)
    said = " ".join(d.args["text"] for d in details)
    for value in (FULL["symptom"], FULL["repro_steps"]):
        assert value.strip() in said  # nothing is lost: what the card cut is in its thread


# -- a permanent refusal is answered, not retried --------------------------------------------


@pytest.fixture
def alerting_worker(database: Database, settings: SlackSettings) -> tuple[OutboxWorker, Outbox]:
    outbox = Outbox(database.engine)
    desk = FakeDesk()
    desk.add(make_ticket("SUP-1001"))
    worker = OutboxWorker(
        outbox,
        desk=desk,
        client=make_client(settings, retries=False),
        channel=ESCALATION,
        alert_group=GROUP,
        clock=lambda: NOW,
    )
    return worker, outbox


@pytest.mark.parametrize("error", ["msg_blocks_too_long", "invalid_blocks"])
async def test_a_card_slack_refuses_for_good_gets_a_fallback_and_an_alert(
    slack: FakeSlack, alerting_worker: tuple[OutboxWorker, Outbox], error: str
) -> None:
    worker, outbox = alerting_worker
    row = outbox.enqueue(OutboxMessage("post_ticket", {"ticket_id": "SUP-1001"}, "post_ticket:SUP-1001"), now=NOW)
    slack.fail("chat.postMessage", error=error)

    assert await worker.run_once(now=NOW) == 1
    assert len([c for c in slack.of("chat.postMessage", ok_only=False) if not c.ok]) == 1
    [fallback] = slack.of("chat.postMessage")
    assert fallback.args["channel"] == ESCALATION
    assert "SUP-1001" in fallback.args["text"] and f"<!subteam^{GROUP}>" in fallback.args["text"]
    assert error in fallback.args["text"]
    assert "Claim" in str(fallback.args.get("blocks"))  # engineers can still claim it
    assert row.id is not None and outbox.get(row.id).status is OutboxStatus.SENT
    assert await worker.run_once(now=NOW.replace(year=2030)) == 0  # never retried
    assert len(slack.of("chat.postMessage", ok_only=False)) == 2


async def test_a_thread_note_slack_refuses_for_good_is_given_up_at_once(
    slack: FakeSlack, alerting_worker: tuple[OutboxWorker, Outbox]
) -> None:
    worker, outbox = alerting_worker
    row = outbox.enqueue(OutboxMessage("notify_thread", {"thread": THREAD, "text": "hi"}, "note:1"), now=NOW)
    slack.fail("chat.postMessage", error="msg_too_long")

    assert await worker.run_once(now=NOW) == 0
    assert row.id is not None and outbox.get(row.id).status is OutboxStatus.DEAD
    assert len(slack.of("chat.postMessage", ok_only=False)) == 1
