"""Buttons under the bot's replies become turns with an action, in the right thread."""

from __future__ import annotations

from bot.slack.render import render
from tests.bot.slack.conftest import SUPPORT, Running
from tests.bot.slack.fakes import FakeRouter, answer_outcome
from tests.bot.slack.signing import block_action

THREAD = f"T0TEAM:{SUPPORT}:1700000100.000100"


def answer_blocks() -> list[dict[str, object]]:
    return list(render(answer_outcome("How do I send images?").replies[0]).blocks)


async def test_solved_is_a_turn_and_the_buttons_are_retired(
    running: Running, router: FakeRouter
) -> None:
    status, _ = await running.sender.interaction(
        block_action("answer_solved", value="solved", blocks=answer_blocks(), block_id="answer")
    )
    await running.settle()

    assert status == 200
    [turn] = router.turns
    assert (turn.thread, turn.action, turn.user) == (THREAD, "solved", "U0DEV")
    [update] = running.slack.of("chat.update")
    assert update.args["ts"] == "1700000200.000200"
    assert not [b for b in update.args["blocks"] if b["type"] == "actions"]
    assert "<@U0DEV>" in str(update.args["blocks"])


async def test_talk_to_a_human_prompts_in_the_thread(running: Running, router: FakeRouter) -> None:
    await running.sender.interaction(block_action("answer_human", value="human"))
    await running.settle()

    assert router.turns[0].action == "human"
    [post] = running.slack.of("chat.postMessage")
    assert post.args["thread_ts"] == "1700000100.000100"
    assert "Which platform?" in post.args["text"]
    elements = [e for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["action_id"], e["value"]) for e in elements] == [
        ("intake_choice_0", "Android"),
        ("intake_choice_1", "iOS"),
        ("intake_form", "form"),
    ]
    assert "3.6.1" in str(post.args["blocks"])  # what was understood so far


async def test_a_quick_answer_is_a_choice_turn(running: Running, router: FakeRouter) -> None:
    await running.sender.interaction(block_action("intake_choice_1", value="iOS"))
    await running.settle()

    assert router.turns[0].action == "choice:iOS"
    assert router.turns[0].thread == THREAD


async def test_a_button_on_a_top_level_message_uses_that_message_as_thread(
    running: Running, router: FakeRouter
) -> None:
    await running.sender.interaction(
        block_action(
            "answer_human", message_ts="1700000500.000500", thread_ts=None, channel="D0DEV"
        )
    )
    await running.settle()

    assert router.turns[0].thread == "T0TEAM:D0DEV:1700000500.000500"
