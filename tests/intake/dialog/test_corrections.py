"""Corrections in plain language (en + zh), `edit` with any field alias, re-planning on a new category."""

from __future__ import annotations

import pytest

from intake.dialog import start, step
from intake.dialog.corrections import PROBLEM, find_corrections
from intake.types import Category, Prompt

SERVER_REPORT = (
    "Image upload to MinIO fails with a timeout on Android, server 3.8.1 deployed from source.\n"
    "1. open a 1:1 chat\n2. send a 5 MB picture\n3. the progress reaches 100% and then 'upload failed'"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this is a bug, not a how-to question", [("category", PROBLEM)]),
        ("This is not a how-to question", [("category", PROBLEM)]),
        ("it's a feature request", [("category", "feature_request")]),
        ("不是咨询，是bug", [("category", PROBLEM)]),
        ("这是功能需求", [("category", "feature_request")]),
        ("the platform is wrong, it's the server", [("platform", None), ("category", "server_deployment")]),
        ("平台不对", [("platform", None)]),
        ("平台不对，是服务端的问题", [("platform", None), ("category", "server_deployment")]),
        ("the SDK version is wrong: 3.8.2", [("sdk_version", None), ("sdk_version", "3.8.2")]),
        ("messages are not received on Android", []),
    ],
)
def test_find_corrections(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(c.key, c.value) for c in find_corrections(text)] == expected


def _prompt(s: object) -> Prompt:
    assert isinstance(s, Prompt)
    return s


def test_a_bug_not_a_how_to_question_replans_the_questions() -> None:
    state, s = start("How do I stop offline pushes from arriving twice on Android?")
    assert state.category is Category.HOW_TO and _prompt(s).asking == ("confirm",)
    state, s = step(state, "this is a bug, not a how-to question: since SDK 3.8.2 every offline push arrives twice")
    assert state.category is not None and state.category not in (Category.HOW_TO, Category.FEATURE_REQUEST)
    assert _prompt(s).asking != ("confirm",)  # a problem report needs more: the dialog asks on
    assert state.fields["sdk_version"] == "3.8.2"


def test_the_platform_is_wrong_its_the_server() -> None:
    state, s = start(SERVER_REPORT)
    state, s = step(state, "the platform is wrong, it's the server")
    assert state.category is Category.SERVER_DEPLOYMENT
    assert "platform" not in state.fields
    assert state.fields["server_version"] == "3.8.1" and state.fields["deployment"] == "source"
    asking = _prompt(s).asking
    assert "server_version" not in asking and "deployment" not in asking  # never re-asked


def test_chinese_platform_wrong_clears_it_and_asks_again() -> None:
    state, _ = start("安卓 13，小米 13，SDK 3.8.1，群聊消息发不出去，每次都这样")
    assert state.fields["platform"] == "android"
    state, s = step(state, "平台不对")
    assert "platform" not in state.fields
    assert "platform" in _prompt(s).asking


def test_actually_the_version_is_replaces_the_sdk_version_and_keeps_the_symptom_kind() -> None:
    state, _ = start("Flutter app crashes when opening a group, flutter_openim_sdk 3.8.1, every time")
    kind = state.fields["symptom_kind"]
    state, s = step(state, "actually the version is 3.8.1+1")
    assert state.fields["sdk_version"] == "3.8.1+1"
    assert state.fields["symptom_kind"] == kind
    assert "SDK version → 3.8.1+1" in _prompt(s).text


@pytest.mark.parametrize("command", ["edit category bug", "edit type bug", "修改 类别 bug"])
def test_edit_category_bug_picks_a_problem_category(command: str) -> None:
    state, _ = start("How do I stop offline pushes from arriving twice on Android?")
    state, _ = step(state, command)
    assert state.category is not None and state.category not in (Category.HOW_TO, Category.FEATURE_REQUEST)


@pytest.mark.parametrize(
    ("command", "field", "value"),
    [
        ("edit server 3.8.3", "server_version", "3.8.3"),
        ("edit deployment kubernetes", "deployment", "kubernetes"),
        ("修改 部署方式 docker", "deployment", "docker"),
        ("edit Device Pixel 9", "device_model", "Pixel 9"),
        ("edit server os Ubuntu 22.04", "server_os", "Ubuntu 22.04"),
    ],
)
def test_edit_accepts_any_label_or_alias(command: str, field: str, value: str) -> None:
    state, _ = start(SERVER_REPORT)
    state, _ = step(state, command)
    assert state.fields[field] == value
