"""Engineers' Claim and status controls on the ticket card."""

from __future__ import annotations

from bot.slack.render import ticket_card
from intake.types import Status
from tests.bot.slack.conftest import ENGINEER, ESCALATION, OTHER_ENGINEER, Running
from tests.bot.slack.fakes import FakeDesk, make_ticket
from tests.bot.slack.signing import block_action

CARD_TS = "1700000900.000900"


def card_click(
    user: str, action: str = "ticket_claim", *, value: str = "", selected: str | None = None
) -> dict[str, object]:
    blocks = list(ticket_card(make_ticket()).blocks)
    return block_action(
        action,
        user=user,
        channel=ESCALATION,
        message_ts=CARD_TS,
        thread_ts=None,
        blocks=blocks,
        value=value,
        selected=selected,
    )


async def test_a_non_engineer_is_refused_privately(running: Running, desk: FakeDesk) -> None:
    desk.add(make_ticket())
    status, _ = await running.sender.interaction(card_click("U0DEV", value="SUP-1001"))
    await running.settle()

    assert status == 200
    assert desk.calls == [("claim", "SUP-1001", "U0DEV", False)]
    [refusal] = running.slack.of("chat.postEphemeral")
    assert (refusal.args["user"], refusal.args["channel"]) == ("U0DEV", ESCALATION)
    assert "Only support engineers" in refusal.args["text"]
    assert running.slack.of("chat.update") == []
    assert running.slack.of("chat.postMessage") == []
    assert desk.tickets["SUP-1001"].assignee is None


async def test_an_engineer_claims_the_card_updates_and_the_thread_is_told(
    running: Running, desk: FakeDesk
) -> None:
    desk.add(make_ticket())
    await running.sender.interaction(card_click(ENGINEER, value="SUP-1001"))
    await running.settle()

    assert desk.calls == [("claim", "SUP-1001", ENGINEER, True)]
    [update] = running.slack.of("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (ESCALATION, CARD_TS)
    assert f"<@{ENGINEER}>" in str(update.args["blocks"])  # the card shows the assignee
    assert "ticket_claim" not in str(update.args["blocks"])  # and no Claim button any more
    [notice] = running.slack.of("chat.postMessage")
    assert (notice.args["channel"], notice.args["thread_ts"]) == ("C0SUPPORT", "1700000100.000100")
    assert f"<@{ENGINEER}>" in notice.args["text"]


async def test_a_claimed_ticket_names_its_owner(running: Running, desk: FakeDesk) -> None:
    desk.add(make_ticket(assignee=OTHER_ENGINEER, status=Status.CLAIMED))
    await running.sender.interaction(card_click(ENGINEER, value="SUP-1001"))
    await running.settle()

    [refusal] = running.slack.of("chat.postEphemeral")
    assert refusal.args["text"] == f"SUP-1001 is already claimed by <@{OTHER_ENGINEER}>."
    assert running.slack.of("chat.update") == []


async def test_the_status_select_moves_the_ticket(running: Running, desk: FakeDesk) -> None:
    desk.add(make_ticket(assignee=ENGINEER, status=Status.CLAIMED))
    await running.sender.interaction(
        card_click(ENGINEER, "ticket_status", selected="SUP-1001:waiting_on_customer")
    )
    await running.settle()

    assert desk.calls == [("status waiting_on_customer", "SUP-1001", ENGINEER, True)]
    assert desk.tickets["SUP-1001"].status is Status.WAITING_ON_CUSTOMER
    assert len(running.slack.of("chat.update")) == 1
    [notice] = running.slack.of("chat.postMessage")
    assert "waiting on you" in notice.args["text"]


async def test_an_unknown_ticket_is_explained_privately(running: Running) -> None:
    await running.sender.interaction(card_click(ENGINEER, value="SUP-4242"))
    await running.settle()

    [reply] = running.slack.of("chat.postEphemeral")
    assert "SUP-4242" in reply.args["text"]


async def test_group_membership_is_cached(running: Running, desk: FakeDesk) -> None:
    desk.add(make_ticket())
    desk.add(make_ticket("SUP-1002"))
    await running.sender.interaction(card_click(ENGINEER, value="SUP-1001"))
    await running.sender.interaction(card_click(ENGINEER, value="SUP-1002"))
    await running.settle()

    assert len(running.slack.of("usergroups.users.list")) == 1
    assert [c[3] for c in desk.calls] == [True, True]
