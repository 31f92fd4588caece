"""Whatever a developer types (any Unicode, CJK, emoji, control characters, lone
surrogates from JSON escapes, huge pastes), extraction and the intake dialog answer
without crashing, and the dialog's state survives a trip through JSON: a dialog
resumed from its stored state goes on exactly as the one kept in memory."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intake.dialog import Cancelled, DialogState, Filed, Step, start, step
from intake.dialog.extract import extract
from intake.dialog.fields import FIELDS
from intake.types import Category, LogAttachment, Prompt

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every code point class a chat message can carry, lone surrogates included: Slack's
# JSON may hold "\ud83d" (half an emoji) and json.loads turns it into such a str.
anything = st.characters(codec=None, categories=None)
cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
emoji = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
controls = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(
    "\x7f\u200b\u202e\ufeff\u2028"
)
FRAGMENTS = st.sampled_from(
    [
        "Android 14, Pixel 8, SDK 3.6.1, wifi, group chat, every time",
        "安卓13，小米13，SDK 3.6.0，4G网络下群聊消息发不出去，升级后才出现，必现",
        "iOS 17.1 iPhone 15 Pro 5G 单聊",
        "edit sdk_version 3.6.2",
        "修改 SDK版本 3.6.0",
        "actually it's iOS 17",
        "platform: Web\nsdk_version: 9.9.9\nnetwork: ethernet",
        "1. open a group 2. send a text 3. it stays in sending",
        "no logs, the phone is with a customer",
        "yes production, only some users, restarting helps, no data lost",
        "线上，部分用户，有临时方案，没有丢消息",
        "confirm",
        "确认",
        "cancel",
        "back",
        "skip",
        "n/a",
        "yes",
        "no",
        "==== Nimbus IM SDK log ====\nsdk_version: 3.6.1\nplatform: Android\nos_version: 14\n",
        "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln call +86 138 0013 8000",
    ]
)
texts = st.one_of(
    st.text(anything, max_size=60),
    st.text(cjk | emoji | controls | st.sampled_from(" ,.:：，。\n"), max_size=80),
    st.lists(FRAGMENTS | st.text(anything, max_size=8), max_size=4).map(" ".join),
    FRAGMENTS,
)
huge = st.builds(
    lambda unit, n: unit * n,
    st.sampled_from(
        ["Android 14 SDK 3.6.1 ", "群聊消息发不出去😀", "a" * 50 + "\n", "1." * 40, "\x00\ud800"]
    ),
    st.integers(min_value=300, max_value=1_500),  # up to ~75,000 characters
)
logs = st.lists(st.builds(LogAttachment, st.text(anything, max_size=20), texts | huge), max_size=1)


def _resumes_the_same(
    state: DialogState, message: str, log: list[LogAttachment]
) -> tuple[DialogState, Step]:
    """One step from the state in memory and from the state read back from JSON: equal."""
    stored = state.to_json()
    assert stored.encode("utf-8", errors="surrogatepass")  # it can be written somewhere
    reloaded = DialogState.from_json(stored)
    assert reloaded == state
    here = step(state, message, logs=log)
    there = step(reloaded, message, logs=log)
    assert here == there
    return here


def _sensible(result: Step) -> None:
    if isinstance(result, Prompt):
        assert isinstance(result.text, str) and result.text.strip()
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.understood)
    elif isinstance(result, Cancelled):
        assert result.prompt.text.strip()
    else:
        assert isinstance(result.draft.category, Category)
        assert all(isinstance(v, str) for v in result.draft.fields.values())


@FUZZ
@given(text=texts | huge)
@example(text="\ud83d")
@example(text="SDK \x00 3.6.1 on Android\u202e 14")
@example(text="平台：安卓\nSDK版本：3.6.0\n设备型号：小米13" * 3000)
def test_extract_reads_any_text(text: str) -> None:
    found = extract(text)
    assert set(found.values) <= set(FIELDS) | {"symptom_kind", "since_detail"}
    assert all(isinstance(v, str) and v for v in found.values.values())
    assert found.category is None or isinstance(found.category, Category)


@FUZZ
@given(first=texts | huge, first_logs=logs, rest=st.lists(st.tuples(texts, logs), max_size=6))
@example(first="\ud83d\ude00 群聊 \ud800", first_logs=[], rest=[("\udfff", []), ("confirm", [])])
@example(first="x" * 100_000, first_logs=[], rest=[("y" * 40_000, [])])
def test_the_dialog_takes_any_messages_and_resumes_from_json(
    first: str, first_logs: list[LogAttachment], rest: list[tuple[str, list[LogAttachment]]]
) -> None:
    state, result = start(first, logs=first_logs, requester="U0DEV")
    _sensible(result)
    for message, log in rest:
        if isinstance(result, Filed | Cancelled):
            break
        state, result = _resumes_the_same(state, message, log)
        _sensible(result)
    assert DialogState.from_json(state.to_json()) == state
