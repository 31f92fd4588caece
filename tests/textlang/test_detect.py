"""One language rule: the router, the intake dialog and the retriever agree on every text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.lang import detect_lang as intake_detect
from retrieval import search
from textlang import as_lang, detect_lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a Chinese phrase of three or more characters makes the message Chinese
        ("群消息 not delivered on Android phones", "zh"),
        ("Push 在华为手机上 not received when app is killed", "zh"),
        ("[BUG] 群组已读 isRead 一直是 false", "zh"),
        ("iOS 17 上 NimbusRTC startCall 之后杂音很大", "zh"),
        ("消息发送失败 error 2002", "zh"),
        # short Chinese words inside an English sentence: mostly names
        ("My 小米13 can't receive group messages", "en"),
        ("Crash on 华为 P30 after login, SDK 3.5.2, every time", "en"),
        # short Chinese words that are most of the text
        ("安卓 发不出 msg", "zh"),
        ("Group messages are not received", "en"),
        ("", "en"),
        ("2002", "en"),
    ],
)
def test_the_language_of_a_message(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@given(st.text(alphabet="ab 群消息小米\n2", max_size=40))
def test_every_package_uses_the_same_rule(text: str) -> None:
    assert intake_detect(text) == search.detect_lang(text) == detect_lang(text)


def test_language_codes_are_coerced_to_en_or_zh() -> None:
    assert [as_lang(c) for c in ("zh", "zh-CN", "ZH_tw", "en", "fr", "", None)] == [
        "zh",
        "zh",
        "zh",
        "en",
        "en",
        "en",
        "en",
    ]
