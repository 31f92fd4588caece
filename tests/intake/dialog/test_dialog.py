"""The intake dialog, driven turn by turn the way a developer would write."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.dialog import (
    Cancelled,
    DialogError,
    DialogState,
    Filed,
    Phase,
    Step,
    current_prompt,
    is_confirming,
    missing_required,
    start,
    step,
)
from intake.dialog.fields import missing_required as draft_missing
from intake.types import Category, Impact, LogAttachment, Prompt

EVERYTHING_EN = (
    "Android 13, Pixel 7, SDK 3.5.2, on 4G, group chat: group messages stay in sending and "
    "then fail with 2002. Happens every time since our update to 3.5.2. "
    "Steps: 1. open any group 2. send a text. No logs, the test device is with our QA team abroad."
)
EVERYTHING_ZH = (
    "安卓13，小米13，SDK 3.6.0，4G网络下群聊消息发不出去，升级后才出现，必现。"
    "复现步骤：1. 进入任意群 2. 发送文本。没有日志，出问题的手机在用户手里"
)
LOG = LogAttachment(
    "nimbus.log",
    "==== Nimbus IM SDK log ====\nsdk_version: 3.6.1\nplatform: iOS\nos_version: 17.1\n"
    "device_model: iPhone 14 Pro\nnetwork: 5G\napp_key: ak_live_xxxx (masked)\n",
)


def prompt(s: Step) -> Prompt:
    assert isinstance(s, Prompt), s
    return s


def run(*messages: str) -> tuple[DialogState, Step]:
    state, s = start(messages[0])
    for m in messages[1:]:
        state, s = step(state, m)
    return state, s


def test_everything_up_front_files_after_impact_and_confirmation() -> None:
    state, s = start(EVERYTHING_EN)
    assert prompt(s).asking == ("production", "all_users", "workaround", "data_loss")
    state, s = step(state, "yes, all users, no workaround, no data lost")
    assert is_confirming(state) and "Message delivery: not sent in group chat" in prompt(s).text
    state, s = step(state, "confirm")
    assert isinstance(s, Filed)
    assert s.draft.impact == Impact(
        production=True, all_users=True, workaround=False, data_loss=False
    )
    assert s.draft.fields["no_logs_reason"] == "No logs, the test device is with our QA team abroad"


def test_everything_up_front_in_chinese_is_answered_in_chinese() -> None:
    state, s = start(EVERYTHING_ZH)
    assert "影响范围" in prompt(s).text and prompt(s).lang == "zh"
    state, s = step(state, "线上，部分用户，有临时方案，没有丢消息")
    assert prompt(s).choices == ("确认", "取消")
    state, s = step(state, "确认")
    assert isinstance(s, Filed) and s.draft.lang == "zh"
    assert s.draft.summary == "消息收发：群聊发不出去（Android，SDK 3.6.0）"


def test_a_vague_report_is_never_filed_and_says_what_is_missing() -> None:
    state, s = start("messages don't send")
    assert "platform" in prompt(s).asking
    state, s = step(state, "just file it")
    text = prompt(s).text
    assert text.startswith(
        "I can't file this yet. Still missing: Platform, SDK version, Chat type, Network, Symptom"
    )
    state, s = step(state, "confirm")
    assert not isinstance(s, Filed) and state.refused_confirms == 2
    assert "symptom" in missing_required(state)


def test_scenario_fields_are_asked_together_and_only_what_is_missing() -> None:
    state, s = start("Group messages don't arrive for some members")
    asked = prompt(s).asking
    assert asked == (
        "platform",
        "sdk_version",
        "os_version",
        "device_model",
        "network",
    )  # chat type known
    assert ("Chat type", "group chat") in prompt(s).understood
    state, s = step(state, "Android 14, SDK 3.6.1, Pixel 8, wifi")
    assert prompt(s).asking[0] == "frequency"


def test_skip_is_refused_for_required_fields_with_the_reason() -> None:
    state, s = run(
        "Chat room messages arrive 5-10 seconds late during our live events",
        "performance",  # the classifier is unsure between delivery and performance: it asks
        "Web, SDK 3.6.1, Chrome 120, ethernet",
        "sometimes",
    )
    assert prompt(s).asking == ("repro_steps", "expected")
    state, s = step(state, "skip")
    assert prompt(s).text.startswith("OK, skipped Steps to reproduce, Expected.")
    state, s = step(state, "skip")
    assert prompt(s).asking == ("logs",)
    assert prompt(s).text.startswith(
        "Logs can't be skipped: most problems are found in the SDK log"
    )


def test_back_redoes_the_previous_question() -> None:
    state, s = run(
        "Video calls have a loud echo on the receiver side", "Android 13, SDK 3.6.0, Pixel 7, 4G"
    )
    first = prompt(s).asking
    state, s = step(state, "back")
    assert prompt(s).text.startswith("OK, let's redo that.")
    assert "sdk_version" in prompt(s).asking and "sdk_version" not in state.fields
    state, s = step(state, "Android 13, SDK 3.6.1, Pixel 7, wifi")
    assert prompt(s).asking == first and state.fields["sdk_version"] == "3.6.1"


def test_back_at_the_first_question_says_so() -> None:
    _, s = run("messages don't send", "back")
    assert prompt(s).text.startswith("This is the first question")


@pytest.mark.parametrize(
    "phase_messages",
    [
        ("messages don't send", "cancel"),
        ("messages don't send", "Android, 3.6.1", "取消"),
        (EVERYTHING_EN, "never mind"),
        (EVERYTHING_EN, "yes, all users, no workaround, no data lost", "cancel"),
    ],
)
def test_cancel_leaves_at_any_step(phase_messages: tuple[str, ...]) -> None:
    state, s = run(*phase_messages)
    assert isinstance(s, Cancelled) and state.phase is Phase.CANCELLED
    assert "nothing was filed" in s.prompt.text or "未提交" in s.prompt.text
    with pytest.raises(DialogError, match="already cancelled"):
        step(state, "hello")


@pytest.mark.parametrize(
    ("correction", "field", "value"),
    [
        ("actually it's iOS 17", "platform", "ios"),
        ("platform: ios", "platform", "ios"),
        ("不对，是 iOS", "platform", "ios"),
        ("edit sdk_version 3.6.1", "sdk_version", "3.6.1"),
        ("sdk version is 3.6.1", "sdk_version", "3.6.1"),
        ("修改 平台 iOS", "platform", "ios"),
        ("change network to wifi", "network", "wifi"),
    ],
)
def test_corrections_at_the_confirmation(correction: str, field: str, value: str) -> None:
    state, _ = run(EVERYTHING_EN, "yes, all users, no workaround, no data lost")
    state, s = step(state, correction)
    assert is_confirming(state) and state.fields[field] == value
    assert prompt(s).text.startswith(("Noted:", "已记录："))
    state, s = step(state, "confirm")
    assert isinstance(s, Filed) and s.draft.fields[field] == value


def test_a_correction_while_answering_another_question() -> None:
    state, s = run(
        "Our app crashes when a user opens a chat room with many members",
        "Android 12, SDK 3.6.0, Galaxy S21",
    )
    state, s = step(state, "actually it's iOS 17, iPhone 13, not Android")
    assert state.fields["platform"] == "ios" and state.fields["os_version"] == "17"
    assert "Platform → iOS" in prompt(s).text


def test_validation_failure_reprompts_with_the_hint_and_keeps_the_rest() -> None:
    state, s = run("Users get disconnected every few minutes", "iOS, latest SDK, 4G")
    assert prompt(s).asking == ("sdk_version",)
    assert state.fields["platform"] == "ios" and state.fields["network"] == "4g"
    state, s = step(state, "the newest")
    assert "is not a version number" in prompt(s).text and prompt(s).asking == ("sdk_version",)
    state, s = step(state, "3.6.1")
    assert state.fields["sdk_version"] == "3.6.1" and prompt(s).asking[0] == "frequency"


def test_confirmation_shows_the_estimated_priority() -> None:
    seen: list[tuple[Category, Impact]] = []

    def assess(category: Category, impact: Impact, fields: Mapping[str, str], text: str) -> tuple[str, str]:
        seen.append((category, impact))
        return "P0", "production is down for all users with no workaround."

    state, _ = start(EVERYTHING_EN)
    state, s = step(state, "yes, all users, no workaround, no data lost", assess=assess)
    assert (
        "Estimated priority: P0 (production is down for all users with no workaround)"
        in prompt(s).text
    )
    assert seen[0][0] is Category.MESSAGE_DELIVERY


def test_attached_log_header_fills_fields_and_satisfies_logs() -> None:
    state, s = start(
        "Since adding Firebase our iOS app crashes at launch, it conflicts with Firebase",
        logs=[LOG],
    )
    assert state.fields["device_model"] == "iPhone 14 Pro" and state.fields["os_version"] == "17.1"
    assert "logs" not in missing_required(state) and prompt(s).asking[0] == "frequency"
    assert "dependency tree" in prompt(s).text  # the third-party note, and the ticket goes on
    assert state.scope == "third_party"


def test_a_log_pasted_into_the_message_is_kept_as_an_attachment() -> None:
    state, _ = start("offline messages are not received, log:\n" + LOG.text)
    assert [lg.name for lg in state.logs] == ["pasted-log.txt"]
    assert state.question == "offline messages are not received, log:"


def test_out_of_scope_asks_before_going_on() -> None:
    state, s = start("Can you write the login screen for our app?")
    assert state.phase is Phase.SCOPE and "can't write or debug your own app code" in prompt(s).text
    assert prompt(s).choices == ("continue", "cancel")
    _, gone = step(state, "no")
    assert isinstance(gone, Cancelled)
    state, s = step(state, "continue")
    assert state.phase is Phase.ASK


def test_how_to_needs_only_the_question() -> None:
    state, s = start("How do I mute one member of a group on Android?")
    assert is_confirming(state)
    state, s = step(state, "yes")
    assert isinstance(s, Filed) and s.draft.category is Category.HOW_TO
    assert s.draft.fields == {
        "platform": "android",
        "question": "How do I mute one member of a group on Android?",
    }


def test_unknown_category_is_asked_first() -> None:
    state, s = start("hi, we need help with the SDK please")
    assert prompt(s).asking == ("category",) and "crash/integration" in prompt(s).choices
    state, s = step(state, "crash/integration")
    assert state.category is Category.CRASH_INTEGRATION


def test_state_survives_json_and_resumes_at_the_same_question() -> None:
    state, s = run(
        "Group messages don't arrive for some members", "Android 14, SDK 3.6.1, Pixel 8, wifi"
    )
    again = DialogState.from_json(state.to_json())
    assert again == state and current_prompt(again) == prompt(s)


@pytest.mark.parametrize("bad", ["", "{}", "[1]", '{"v": 99}', '{"v": 1, "phase": "ask"}'])
def test_unreadable_state_is_a_clear_error(bad: str) -> None:
    with pytest.raises(DialogError, match="Start the intake again"):
        DialogState.from_json(bad)


def test_an_empty_message_repeats_the_question() -> None:
    state, s = start("messages don't send")
    same, again = step(state, "   ")
    assert prompt(again).asking == prompt(s).asking and same.fields == state.fields


FRAGMENTS = st.sampled_from(
    [
        "yes",
        "no",
        "confirm",
        "确认",
        "skip",
        "跳过",
        "back",
        "返回",
        "cancel",
        "file it",
        "continue",
        "",
        "Android 13",
        "iOS 17",
        "SDK 3.6.1",
        "latest",
        "wifi",
        "4G",
        "group chat",
        "单聊",
        "Pixel 7",
        "every time",
        "sometimes",
        "after the update",
        "crash",
        "messages don't send",
        "it doesn't work",
        "Group messages stay in sending and then fail with 2002",
        "1. open a group 2. send a text",
        "no logs, the device is with a customer",
        "yes, some users, no workaround, no data lost",
        "线上，全部用户，没有临时方案，丢消息了",
        "edit sdk_version 3.6.0",
        "platform: web",
        "category: how-to",
        "actually it's iOS 17",
        "How do I mute a member?",
        "n/a",
        "不知道",
        "😀",
        "Can you write my login screen?",
    ]
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.one_of(FRAGMENTS, st.text(max_size=80)),
    rest=st.lists(
        st.tuples(st.one_of(FRAGMENTS, st.text(max_size=40)), st.booleans()), max_size=14
    ),
)
def test_random_conversations_never_crash_and_never_file_an_incomplete_ticket(
    first: str, rest: list[tuple[str, bool]]
) -> None:
    state, s = start(first)
    for message, with_log in rest:
        if isinstance(s, Filed | Cancelled):
            break
        assert DialogState.from_json(state.to_json()) == state
        state, s = step(state, message, logs=[LOG] if with_log else [])
    if isinstance(s, Filed):
        d = s.draft
        assert draft_missing(d.category, d.fields, has_logs=bool(d.logs), impact=d.impact) == ()
        assert d.summary
    elif isinstance(s, Prompt):
        assert s.text and s.asking
