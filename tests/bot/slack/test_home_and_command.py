"""App Home shows an engineer's queue; ``/support SUP-…`` shows a ticket to those allowed."""

from __future__ import annotations

from datetime import timedelta

from intake.types import Status
from tests.bot.slack.conftest import ENGINEER, OTHER_ENGINEER, SUPPORT, Running
from tests.bot.slack.fakes import NOW, FakeDesk, make_ticket


async def test_home_lists_my_tickets_and_unclaimed_ones_by_due_time(
    running: Running, desk: FakeDesk
) -> None:
    desk.add(make_ticket("SUP-1001", summary="later one", due_at=NOW + timedelta(hours=8)))
    desk.add(make_ticket("SUP-1002", summary="urgent one", due_at=NOW + timedelta(hours=1)))
    desk.add(make_ticket("SUP-1003", summary="mine", assignee=ENGINEER, status=Status.IN_PROGRESS))
    desk.add(
        make_ticket("SUP-1004", summary="alice's", assignee=OTHER_ENGINEER, status=Status.CLAIMED)
    )
    status, _ = await running.sender.event(
        {"type": "app_home_opened", "user": ENGINEER, "channel": "D0ENG", "tab": "home"}
    )
    await running.settle()

    assert status == 200
    [publish] = running.slack.of("views.publish")
    assert publish.args["user_id"] == ENGINEER
    shown = str(publish.args["view"]["blocks"])
    assert "alice" not in shown
    assert shown.index("mine") < shown.index("urgent one") < shown.index("later one")


async def test_home_for_a_developer_explains_how_to_ask(running: Running, desk: FakeDesk) -> None:
    desk.add(make_ticket())
    await running.sender.event(
        {"type": "app_home_opened", "user": "U0DEV", "channel": "D0DEV", "tab": "home"}
    )
    await running.settle()

    [publish] = running.slack.of("views.publish")
    assert "SUP-1001" not in str(publish.args["view"])
    assert "support channel" in str(publish.args["view"])


def support(running: Running, text: str, user: str) -> dict[str, str]:
    return {
        "command": "/support",
        "text": text,
        "user_id": user,
        "channel_id": SUPPORT,
        "team_id": "T0TEAM",
        "trigger_id": "1337.44.ijkl",
        "response_url": running.slack.response_url(),
    }


async def test_the_requester_sees_their_ticket_privately(running: Running, desk: FakeDesk) -> None:
    desk.add(make_ticket(requester="U0DEV"))
    await running.sender.command(support(running, "SUP-1001", "U0DEV"))
    await running.settle()

    [response] = running.slack.responses
    assert response["response_type"] == "ephemeral"
    assert "SUP-1001" in response["text"]
    assert "ticket_claim" not in str(response["blocks"])  # no controls in the private view


async def test_someone_else_cannot_read_a_ticket(running: Running, desk: FakeDesk) -> None:
    desk.add(make_ticket(requester="U0DEV"))
    await running.sender.command(support(running, "sup-1001", "U0STRANGER"))
    await running.settle()

    [response] = running.slack.responses
    assert "only look up your own" in response["text"]


async def test_an_unknown_argument_gets_the_usage(running: Running) -> None:
    await running.sender.command(support(running, "help me", "U0DEV"))
    await running.settle()

    assert "/support SUP-1001" in running.slack.responses[0]["text"]


async def test_home_counts_every_ticket_and_says_how_many_more_are_not_shown(
    running: Running, desk: FakeDesk
) -> None:
    for n in range(100):
        desk.add(make_ticket(f"SUP-{2000 + n}", summary=f"unclaimed {n}", due_at=NOW + timedelta(minutes=n)))
    for n in range(3):
        desk.add(make_ticket(f"SUP-{3000 + n}", summary=f"mine {n}", assignee=ENGINEER))
    await running.sender.event({"type": "app_home_opened", "user": ENGINEER, "channel": "D0ENG", "tab": "home"})
    await running.settle()

    [publish] = running.slack.of("views.publish")  # accepted: within Slack's 100 blocks
    shown = str(publish.args["view"]["blocks"])
    assert "Unclaimed* (100)" in shown and "Assigned to you* (3)" in shown
    assert "unclaimed 0" in shown and "unclaimed 99" not in shown  # most urgent first
    assert "60 more" in shown or "more not shown" in shown
    assert len(publish.args["view"]["blocks"]) <= 100
