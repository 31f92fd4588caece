"""The router: answers, says when it does not know, dedups, hands over, stays quiet."""

from __future__ import annotations

from bot.conversation import ConversationRouter
from bot.replies import AnswerReply, NotFoundReply, PromptReply, TextReply, Turn
from intake.tickets.store import ConversationState as State


def turn(
    text: str = "",
    *,
    thread: str = "T1:C1:100.1",
    event: str | None = None,
    action: str | None = None,
) -> Turn:
    return Turn(thread=thread, user="U_DEV", text=text, event_id=event, action=action)


async def test_a_question_the_docs_answer_gets_the_passage_and_its_source(
    router: ConversationRouter,
) -> None:
    outcome = await router.handle(turn("How often is the heartbeat sent?"))

    [reply] = outcome.replies
    assert isinstance(reply, AnswerReply)
    assert reply.answer.sources == ("https://docs.example/en/connection#heartbeat",)
    assert router.conversations.get("T1:C1:100.1").state == State.ANSWERED  # type: ignore[union-attr]


async def test_a_question_the_docs_do_not_answer_is_declined_honestly(
    router: ConversationRouter,
) -> None:
    [reply] = (await router.handle(turn("Can I pay with crypto?"))).replies
    assert isinstance(reply, NotFoundReply) and reply.question == "Can I pay with crypto?"


async def test_a_redelivered_event_is_answered_once(router: ConversationRouter) -> None:
    first = await router.handle(turn("heartbeat interval?", event="Ev1"))
    again = await router.handle(turn("heartbeat interval?", event="Ev1"))

    assert len(first.replies) == 1 and again.replies == ()
    assert router.answerer.asked == ["heartbeat interval?"]  # type: ignore[attr-defined]


async def test_solved_closes_the_thread_politely(router: ConversationRouter) -> None:
    await router.handle(turn("heartbeat interval?"))
    [reply] = (await router.handle(turn(action="solved"))).replies

    assert isinstance(reply, TextReply) and "Glad" in reply.text
    assert router.conversations.get("T1:C1:100.1").state == State.RESOLVED  # type: ignore[union-attr]


async def test_talk_to_a_human_starts_the_intake_in_the_thread(router: ConversationRouter) -> None:
    await router.handle(turn("Messages fail to send"))
    [reply] = (await router.handle(turn(action="human"))).replies

    assert isinstance(reply, PromptReply)
    assert router.conversations.get("T1:C1:100.1").state in (State.INTAKE, State.CONFIRM)  # type: ignore[union-attr]


async def test_typed_human_request_works_like_the_button_in_chinese_too(
    router: ConversationRouter,
) -> None:
    await router.handle(turn("群聊消息发不出去", thread="T1:C1:200.1"))
    [reply] = (await router.handle(turn("没用，转人工", thread="T1:C1:200.1"))).replies
    assert isinstance(reply, PromptReply) and reply.prompt.lang == "zh"


async def test_secrets_never_reach_the_answerer_or_the_database(router: ConversationRouter) -> None:
    secret = "xoxb-1234567890-abcdefghijklmnop"
    await router.handle(turn(f"heartbeat fails, my token is {secret}"))

    assert all(secret not in q for q in router.answerer.asked)  # type: ignore[attr-defined]
    conv = router.conversations.get("T1:C1:100.1")
    assert conv is not None and secret not in conv.last_answer
