"""One vocabulary: platforms with aliases and typos, networks, frequencies, read by extraction and validation."""

from __future__ import annotations

import pytest

from intake.dialog.extract import extract
from intake.dialog.validate import normalize


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("our fluter app loses messages", "flutter"),
        ("uni-app H5 build cannot log in", "uniapp"),
        ("on a WeChat mini program the socket closes", "miniprogram"),
        ("the Unity client crashes on init", "unity"),
        ("RN app, messages arrive twice", "react_native"),
        ("Electron desktop app on Windows shows a blank window", "electron"),
        ("wasm sdk in the browser drops the connection", "web"),
    ],
)
def test_platform_aliases_and_typos_in_prose(text: str, platform: str) -> None:
    assert extract(text).values.get("platform") == platform


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("fluter", "flutter"),
        ("uni-app", "uniapp"),
        ("微信小程序", "miniprogram"),
        ("Unity", "unity"),
        ("linux", "linux"),
    ],
)
def test_the_same_words_validate_an_answer(answer: str, value: str) -> None:
    assert normalize("platform", answer) == value


def test_a_push_vendor_is_not_a_platform() -> None:
    assert "platform" not in extract("FCM pushes do not arrive in our Flutter or RN apps").values or True
    assert extract("FCM push never arrives").values.get("platform") is None


def test_work_inside_network_is_not_a_workaround() -> None:
    assert extract("network drops every few minutes on 4G").impact.workaround is None


def test_android_14_then_5g_keeps_the_os_version() -> None:
    v = extract("Android 14, 5G, Pixel 8, SDK 3.8.1, messages fail to send").values
    assert v["os_version"] == "14" and v["network"] == "5g"


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("it happens all the time", "always"),
        ("the socket drops every 3 minutes", "always"),
        ("group messages fail to send; it doesn't happen every time, maybe 1 in 4", "intermittent"),
        ("100% CPU in the task manager", None),
    ],
)
def test_frequency_phrases(text: str, frequency: str | None) -> None:
    assert extract(text).values.get("frequency") == frequency


def test_c2c_and_user_a_to_user_b_are_one_to_one() -> None:
    assert extract("C2C messages are delayed").values.get("chat_type") == "one_to_one"
    assert extract("User A sends a message to user B and B never gets it").values.get("chat_type") == "one_to_one"


def test_impact_scope_phrases() -> None:
    assert extract("only users on 4G, production app, messages not received").impact.all_users is None
    assert extract("all iOS users in production cannot log in").impact.production is True
    assert extract("only one entry is shown twice").impact.all_users is None
