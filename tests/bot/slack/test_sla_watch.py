"""Warnings before a first-response target is missed: escalation channel and the assignee."""

from __future__ import annotations

from datetime import datetime

from bot.replies import Outcome, TextReply
from bot.slack.app import make_client
from bot.slack.poster import Poster
from bot.slack.settings import SlackSettings
from bot.slack.sla_watch import SlaWatcher
from intake.tickets.store import Ticket
from tests.bot.slack.conftest import ENGINEER, ESCALATION
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.fakes import NOW, FakeDesk, make_ticket


async def test_a_due_ticket_is_warned_about_in_the_channel_and_to_the_assignee(
    settings: SlackSettings, slack: FakeSlack
) -> None:
    desk = FakeDesk(warnings=[make_ticket("SUP-1007", assignee=ENGINEER), make_ticket("SUP-1008")])
    watcher = SlaWatcher(desk, Poster(make_client(settings)), channel=ESCALATION)

    assert await watcher.run_once(now=NOW) == 2
    assert await watcher.run_once(now=NOW) == 0  # the desk warns once per ticket

    posts = [(p.args["channel"], p.args["text"]) for p in slack.of("chat.postMessage")]
    assert [channel for channel, _ in posts] == [ESCALATION, ENGINEER, ESCALATION]
    assert "SUP-1007" in posts[0][1] and "P1" in posts[0][1]
    assert "SUP-1008" in posts[2][1]


async def test_a_failed_warning_is_logged_and_the_others_still_go_out(
    settings: SlackSettings, slack: FakeSlack
) -> None:
    desk = FakeDesk(warnings=[make_ticket("SUP-1007"), make_ticket("SUP-1008")])
    watcher = SlaWatcher(desk, Poster(make_client(settings)), channel=ESCALATION)
    slack.fail("chat.postMessage", error="channel_not_found")

    assert await watcher.run_once(now=NOW) == 2
    assert ["SUP-1008" in p.args["text"] for p in slack.of("chat.postMessage")] == [True]


async def test_the_desks_own_words_are_used_when_it_gives_them(
    settings: SlackSettings, slack: FakeSlack
) -> None:
    class WordyDesk(FakeDesk):
        async def due_warnings(self, *, now: datetime) -> list[tuple[Ticket, Outcome]]:
            return [
                (make_ticket("SUP-1009"), Outcome((TextReply("SUP-1009 needs an answer soon"),)))
            ]

    watcher = SlaWatcher(WordyDesk(), Poster(make_client(settings)), channel=ESCALATION)
    await watcher.run_once(now=NOW)

    assert [p.args["text"] for p in slack.of("chat.postMessage")] == [
        "SUP-1009 needs an answer soon"
    ]
