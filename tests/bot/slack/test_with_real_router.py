"""The adapter driving the real ConversationRouter and TicketDesk over a real database:
dedup of retried events, the escalation card from the outbox, the claim and the hand-over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.slack.app import make_client
from bot.slack.outbox_worker import OutboxWorker
from bot.slack.settings import SlackSettings
from intake.tickets.store import OutboxMessage
from intake.types import Assessment, Category, Impact, Priority, TicketDraft
from tests.bot.slack.conftest import ENGINEER, ESCALATION, SUPPORT, Real
from tests.bot.slack.signing import block_action, message

QUESTION_TS = "1700000100.000100"
THREAD = f"T0TEAM:{SUPPORT}:{QUESTION_TS}"


async def test_a_retried_event_gets_one_answer(real: Real) -> None:
    question = message("How often is the heartbeat sent?", ts=QUESTION_TS)
    await real.running.sender.event(question, event_id="Ev0SAME")
    await real.running.sender.event(question, event_id="Ev0SAME", retry_num=1)
    await real.running.sender.event(question, event_id="Ev0SAME", retry_num=2)
    await real.running.settle()

    [answer] = real.running.slack.of("chat.postMessage")
    assert answer.args["thread_ts"] == QUESTION_TS
    assert "heartbeat every 30 s" in str(answer.args["blocks"])


async def test_talk_to_a_human_starts_the_intake_in_the_thread(real: Real) -> None:
    await real.running.sender.event(message("How often is the heartbeat sent?", ts=QUESTION_TS))
    await real.running.settle()
    await real.running.sender.interaction(block_action("answer_human", value="human"))
    await real.running.settle()

    prompt = real.running.slack.of("chat.postMessage")[-1]
    assert prompt.args["thread_ts"] == QUESTION_TS
    assert "support engineer" in prompt.args["text"]  # the intake asks its first question
    assert "intake_form" in str(prompt.args["blocks"])  # with the form as an alternative


async def test_escalation_card_claim_and_hand_over(real: Real, settings: SlackSettings) -> None:
    slack = real.running.slack
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
        draft,
        assessment,
        thread=THREAD,
        now=now,
        outbox=[OutboxMessage("post_ticket", {"thread": THREAD}, "post_ticket:{ticket_id}")],
        conversation_state="ESCALATED",
    )
    worker = OutboxWorker(real.outbox, desk=real.desk, client=make_client(settings, retries=False), channel=ESCALATION)
    assert await worker.run_once() == 1
    [card] = slack.of("chat.postMessage")
    assert card.args["channel"] == ESCALATION and ticket.id in card.args["text"]

    click = block_action(
        "ticket_claim",
        value=ticket.id,
        user=ENGINEER,
        channel=ESCALATION,
        message_ts="1700000001.000001",
        thread_ts=None,
        blocks=card.args["blocks"],
    )
    await real.running.sender.interaction(click)
    await real.running.settle()

    [update] = slack.of("chat.update")
    assert update.args["ts"] == "1700000001.000001"
    assert f"<@{ENGINEER}>" in str(update.args["blocks"])
    told = [p for p in slack.of("chat.postMessage") if p.args.get("thread_ts") == QUESTION_TS]
    assert len(told) == 1 and ticket.id in told[0].args["text"]
    assert (await real.desk.ticket(ticket.id)).assignee == ENGINEER

    # The engineer owns the thread now: the bot stays quiet there.
    await real.running.sender.event(message("any news?", ts="1700000400.000400", thread_ts=QUESTION_TS))
    await real.running.settle()
    assert len([p for p in slack.of("chat.postMessage") if p.args.get("thread_ts") == QUESTION_TS]) == 1
