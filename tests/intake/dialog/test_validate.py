"""Answers are normalized, or refused with a hint that shows a valid answer."""

from __future__ import annotations

import pytest

from intake.dialog.validate import canonical_device, content_score, normalize
from intake.errors import FieldValueError, IntakeError


def hint(field: str, value: str, lang: str = "en", platform: str | None = None) -> str:
    with pytest.raises(FieldValueError) as info:
        normalize(field, value, lang=lang, platform=platform)
    assert isinstance(info.value, IntakeError)
    assert info.value.field == field and info.value.value == value
    return info.value.hint


def test_a_version_that_is_not_a_version_says_where_to_find_it() -> None:
    assert hint("sdk_version", "latest") == (
        "SDK version 'latest' is not a version number. Please give it like 3.6.1 — it is in your "
        "build file or the first line of the SDK log."
    )
    assert "构建文件" in hint("sdk_version", "最新版", lang="zh")
    assert "exact version" in hint("sdk_version", "3.6.x")
    assert "3.5.4, 3.6.0" in hint("sdk_version", "3.5.4 or 3.6.0")


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("3.6.1", "3.6.1"),
        ("v3.5.4", "3.5.4"),
        ("SDK 3.6.0", "3.6.0"),
        ("we use 3.6.1-beta.2", "3.6.1-beta.2"),
    ],
)
def test_sdk_versions(said: str, value: str) -> None:
    assert normalize("sdk_version", said) == value


def test_an_unknown_platform_lists_the_known_ones() -> None:
    text = hint("platform", "Symbian")
    for name in (
        "Android",
        "iOS",
        "Web",
        "Flutter",
        "React Native",
        "Windows",
        "macOS",
        "Electron",
    ):
        assert name in text
    assert "Android" in hint("platform", "塞班", lang="zh")


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("安卓", "android"),
        ("iPhone", "ios"),
        ("React Native", "react_native"),
        ("H5", "web"),
        ("2", "ios"),
        ("it's our Flutter app", "flutter"),
    ],
)
def test_platforms(said: str, value: str) -> None:
    assert normalize("platform", said) == value


def test_an_empty_or_vague_symptom_is_refused() -> None:
    assert "cannot be empty" in hint("symptom", "   ")
    assert "not enough" in hint("symptom", "it doesn't work")
    assert "not enough" in hint("symptom", "messages don't send")
    assert "具体现象" in hint("symptom", "消息发不出去", lang="zh")
    assert normalize("symptom", "Group messages stay in sending, then fail with 2002") == (
        "Group messages stay in sending, then fail with 2002"
    )
    assert normalize("symptom", "群聊消息一直发不出去") == "群聊消息一直发不出去"


def test_content_score_ignores_version_numbers_and_filler() -> None:
    assert content_score("sometimes, after the update to 3.6.1") == 0
    assert content_score("error 2002") >= 2  # an error code says a lot


@pytest.mark.parametrize(
    ("field", "said", "value"),
    [
        ("network", "LTE", "4g"),
        ("network", "Wi-Fi", "wifi"),
        ("network", "有线网络", "ethernet"),
        ("chat_type", "1:1 chat", "one_to_one"),
        ("chat_type", "群聊", "group"),
        ("chat_type", "chat room", "chat_room"),
        ("frequency", "not always", "intermittent"),
        ("frequency", "必现", "always"),
        ("since", "after an update", "after_update"),
        ("since", "一开始就有", "from_start"),
        ("symptom_kind", "sent but not received", "not_received"),
        ("symptom_kind", "收到但显示不对", "shown_wrong"),
        ("category", "how-to question", "how_to"),
        ("category", "崩溃与集成", "crash_integration"),
    ],
)
def test_closed_fields_accept_their_displayed_choices(field: str, said: str, value: str) -> None:
    assert normalize(field, said) == value


def test_cellular_asks_which_mobile_network() -> None:
    assert "3G, 4G or 5G" in hint("network", "cellular")


@pytest.mark.parametrize(
    ("said", "platform", "value"),
    [
        ("Android 13", "android", "13"),
        ("Android 13", "flutter", "Android 13"),
        ("iOS 17.2", None, "iOS 17.2"),
        ("17.2", "ios", "17.2"),
        ("Sonoma", "macos", "14"),
        ("Chrome 120", "web", "Chrome 120"),
    ],
)
def test_os_versions_keep_the_os_name_only_when_it_is_not_the_platform(
    said: str, platform: str | None, value: str
) -> None:
    assert normalize("os_version", said, platform=platform) == value


def test_os_version_without_a_number_is_refused() -> None:
    assert "Android 13" in hint("os_version", "latest")
    assert "Android 13" in hint("os_version", "Android 99")


def test_device_models() -> None:
    assert normalize("device_model", "iphone 15 pro") == "iPhone 15 Pro"
    assert normalize("device_model", "小米13") == "小米13"
    assert canonical_device("Pixel7") == "Pixel 7"
    assert "Pixel 7" in hint("device_model", "phone")
    assert "小米13" in hint("device_model", "手机", lang="zh")


def test_free_text_fields_refuse_filler() -> None:
    assert "why there is none" in hint("no_logs_reason", "ok")
    assert "steps" in hint("repro_steps", "idk")
    assert (
        normalize("no_logs_reason", "the device is with a customer")
        == "the device is with a customer"
    )


def test_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="no validator for field 'colour'"):
        normalize("colour", "blue")
