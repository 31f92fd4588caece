from __future__ import annotations

from retrieval.tokenize import tokenize
from textlang import detect_lang


def test_chinese_is_segmented_into_words() -> None:
    tokens = tokenize("消息发送失败怎么办")
    assert "消息" in tokens and "发送" in tokens and "失败" in tokens
    assert "怎么办" not in tokens or "怎么" not in tokens  # stopwords do not dominate


def test_mixed_text_keeps_identifiers_codes_and_versions() -> None:
    tokens = tokenize("调用 getOneConversation 报错 2002，SDK 3.6.1")
    assert {"getoneconversation", "get", "one", "conversation", "2002", "3.6.1", "调用"} <= set(
        tokens
    )


def test_english_is_lowercased_without_stopwords() -> None:
    assert tokenize("Why do Messages FAIL?") == ["messages", "fail"]


def test_language_detection() -> None:
    assert detect_lang("群聊消息收不到") == "zh"
    assert detect_lang("[BUG] 群组已读 isRead 一直是 false") == "zh"
    assert detect_lang("Group messages are not received") == "en"
