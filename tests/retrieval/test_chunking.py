from __future__ import annotations

from retrieval.chunking import approx_tokens, split_long


def test_short_text_is_one_piece() -> None:
    assert split_long("Heartbeat every 30 s.") == ["Heartbeat every 30 s."]


def test_long_text_splits_at_paragraphs_within_budget() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 60 for n in range(8)]
    pieces = split_long("\n\n".join(paragraphs), budget=100)

    assert len(pieces) > 1
    assert all(approx_tokens(p) <= 100 for p in pieces)
    assert "".join(pieces).count("Paragraph") == 8  # nothing lost


def test_code_fence_with_blank_lines_is_not_split_when_it_fits() -> None:
    code = "```kotlin\nval a = 1\n\nval b = 2\n```"
    pieces = split_long("intro " * 150 + "\n\n" + code, budget=160)
    assert any(code in p for p in pieces)


def test_one_huge_line_is_cut_into_bounded_pieces() -> None:
    pieces = split_long("消息" * 1000, budget=200)
    assert all(approx_tokens(p) <= 200 for p in pieces)
    assert "".join(pieces) == "消息" * 1000
