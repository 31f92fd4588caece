"""Developer messages in Slack become turns; the router's replies land in the thread."""

from __future__ import annotations

import pytest

from bot.replies import Outcome, TextReply, Turn
from tests.bot.slack.conftest import SUPPORT, Running
from tests.bot.slack.fake_slack import BOT_ID, BOT_USER
from tests.bot.slack.fakes import FakeRouter, answer_outcome
from tests.bot.slack.signing import message

QUESTION_TS = "1700000100.000100"


async def test_question_is_answered_in_its_thread_with_buttons(
    running: Running, router: FakeRouter
) -> None:
    status, _ = await running.sender.event(
        message("How do I send images?", ts=QUESTION_TS), event_id="Ev1"
    )
    await running.settle()

    assert status == 200
    [turn] = router.turns
    assert turn.thread == f"T0TEAM:{SUPPORT}:{QUESTION_TS}"
    assert turn.text == "How do I send images?"
    assert turn.event_id == "Ev1"
    assert turn.permalink == "https://acme.slack.com/archives/C0SUPPORT/p1700000100000100"
    [post] = running.slack.of("chat.postMessage")
    assert post.args["channel"] == SUPPORT
    assert post.args["thread_ts"] == QUESTION_TS
    assert post.args["unfurl_links"] is False and post.args["unfurl_media"] is False
    assert post.args["text"]  # the fallback is always set
    buttons = [
        e["action_id"] for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons == ["answer_solved", "answer_human"]
    assert "sendImage" in str(post.args["blocks"])


async def test_follow_up_in_the_thread_needs_no_mention(
    running: Running, router: FakeRouter
) -> None:
    await running.sender.event(
        message("still failing with 2002", ts="1700000150.000150", thread_ts=QUESTION_TS)
    )
    await running.settle()

    [turn] = router.turns
    assert turn.thread == f"T0TEAM:{SUPPORT}:{QUESTION_TS}"  # the parent's ts, as a string
    assert running.slack.of("chat.postMessage")[0].args["thread_ts"] == QUESTION_TS


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(message("I am the bot", user=BOT_USER, bot_id=BOT_ID), id="itself"),
        pytest.param(
            message("deploy finished", bot_id="B0CIBOT", subtype="bot_message"), id="other-bot"
        ),
        pytest.param(message("", subtype="message_changed", message={"text": "edited"}), id="edit"),
        pytest.param(message("", subtype="message_deleted", deleted_ts=QUESTION_TS), id="deletion"),
        pytest.param(message("<@U0DEV> has joined the channel", subtype="channel_join"), id="join"),
        pytest.param(message("how do I log in?", channel="C0RANDOM"), id="not-a-support-channel"),
    ],
)
async def test_ignored_without_error_or_reply(
    running: Running, router: FakeRouter, event: dict[str, object]
) -> None:
    status, _ = await running.sender.event(event)
    await running.settle()

    assert status == 200
    assert router.turns == []
    assert running.slack.of("chat.postMessage") == []
    assert running.bot.services.background.failures == 0


async def test_a_retried_event_is_answered_once(running: Running, router: FakeRouter) -> None:
    question = message("How do I send images?", ts=QUESTION_TS)
    first = await running.sender.event(question, event_id="Ev0RETRY")
    again = await running.sender.event(question, event_id="Ev0RETRY", retry_num=1)
    await running.settle()

    assert first[0] == again[0] == 200
    assert [t.event_id for t in router.turns] == ["Ev0RETRY", "Ev0RETRY"]  # the router dedups by it
    assert len(running.slack.of("chat.postMessage")) == 1


async def test_mention_outside_support_channels_starts_a_thread(
    running: Running, router: FakeRouter
) -> None:
    mention = {
        "type": "app_mention",
        "channel": "C0RANDOM",
        "user": "U0DEV",
        "ts": QUESTION_TS,
        "text": f"<@{BOT_USER}> how do I send images?",
    }
    await running.sender.event(mention)
    await running.settle()

    [turn] = router.turns
    assert turn.text == "how do I send images?"
    assert turn.thread == f"T0TEAM:C0RANDOM:{QUESTION_TS}"


async def test_mention_in_a_support_channel_is_answered_once(
    running: Running, router: FakeRouter
) -> None:
    text = f"<@{BOT_USER}> how do I send images?"
    await running.sender.event(
        {
            "type": "app_mention",
            "channel": SUPPORT,
            "user": "U0DEV",
            "ts": QUESTION_TS,
            "text": text,
        }
    )
    await running.sender.event(message(text, ts=QUESTION_TS))
    await running.settle()

    assert len(router.turns) == 1
    assert len(running.slack.of("chat.postMessage")) == 1


async def test_direct_message_is_a_conversation(running: Running, router: FakeRouter) -> None:
    await running.sender.event(message("how do I recall a message?", channel="D0DEV"))
    await running.settle()

    assert router.turns[0].thread.startswith("T0TEAM:D0DEV:")
    assert running.slack.of("chat.postMessage")[0].args["channel"] == "D0DEV"


async def test_hostile_text_cannot_ping_or_spoof_links(
    running: Running, router: FakeRouter
) -> None:
    def script(turn: Turn) -> Outcome:
        quoted = answer_outcome(
            turn.text, text="See <http://evil.example|the docs> <!channel>"
        ).replies
        return Outcome((TextReply(f"You said: {turn.text}"), *quoted))

    router.script = script
    await running.sender.event(message("&lt;!channel&gt; help &lt;http://evil|docs&gt;"))
    await running.settle()

    assert router.turns[0].text == "<!channel> help <http://evil|docs>"  # what the person typed
    posted = str([(p.args["text"], p.args["blocks"]) for p in running.slack.of("chat.postMessage")])
    assert "<!channel>" not in posted and "<http://evil" not in posted
    assert "&lt;!channel&gt;" in posted


async def test_an_unexpected_error_becomes_a_polite_reply(
    running: Running, router: FakeRouter
) -> None:
    def broken(turn: Turn) -> Outcome:
        raise RuntimeError("database on fire")

    router.script = broken
    status, _ = await running.sender.event(message("How do I send images?"))
    await running.settle()

    assert status == 200
    [post] = running.slack.of("chat.postMessage")
    assert "something went wrong" in post.args["text"]
    assert "database on fire" not in post.args["text"]
