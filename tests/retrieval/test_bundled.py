"""The real model on the bundled corpus: answers in both languages with sources, declines the unrelated."""

from __future__ import annotations

import pytest

from retrieval.search import Retriever
from retrieval.types import Answer, NoAnswer

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("question", "page"),
    [
        ("How long are offline messages kept on the server?", "offline"),
        ("Which ports must be open in the firewall for audio calls?", "firewall"),
        ("sendMessage keeps failing with error 2002", "2002"),
        ("群聊里发消息报错 3001 是什么原因", "muted"),
        ("蓝牙耳机通话有杂音怎么办", "audio"),
        ("怎么导出 SDK 日志", "log"),
    ],
)
def test_answers_in_both_languages_with_sources(
    bundled_retriever: Retriever, question: str, page: str
) -> None:
    result = bundled_retriever.answer(question)

    assert isinstance(result, Answer), f"declined {question!r} (confidence {result.confidence:.2f})"
    assert result.sources and all(
        url.startswith("https://docs.nimbus-im.example/") for url in result.sources
    )
    assert any(page in url for url in result.sources), result.sources
    assert result.passages[0].chunk.text  # quoted, not invented


@pytest.mark.parametrize(
    "question",
    [
        "What is the best pizza in Naples?",
        "Who won the football world cup in 2010?",
        "今天北京天气怎么样",
    ],
)
def test_declines_unrelated_questions(bundled_retriever: Retriever, question: str) -> None:
    result = bundled_retriever.answer(question)
    assert isinstance(result, NoAnswer), f"answered {question!r} from {result.sources}"


def test_answer_language_follows_the_question(bundled_retriever: Retriever) -> None:
    zh = bundled_retriever.answer("消息发送失败，提示 SEND_TIMEOUT")
    en = bundled_retriever.answer("message send fails with SEND_TIMEOUT")
    assert isinstance(zh, Answer) and isinstance(en, Answer)
    assert zh.passages[0].chunk.lang == "zh"
    assert en.passages[0].chunk.lang == "en"
