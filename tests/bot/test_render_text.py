"""The terminal shows each tier for what it is: a quote, uncertain links, or an honest no."""

from __future__ import annotations

from bot.render_text import render_text
from bot.replies import AnswerReply, NotFoundReply, SuggestReply
from retrieval.types import Answer, Chunk, Hit, Kind, Suggestions


def _hit(title: str, text: str) -> Hit:
    chunk = Chunk(
        id=title,
        text=text,
        title_path=("Connection", title),
        source="en/connection.md",
        page="connection",
        url=f"https://docs.example/en/connection#{title.lower()}",
        lang="en",
        kind=Kind.DOC,
    )
    return Hit(chunk=chunk, score=0.9, rank=1)


def test_a_confident_answer_quotes_the_passage() -> None:
    out = render_text(AnswerReply(Answer("q", (_hit("Heartbeat", "Every 30 s."),), 0.9), "en"))
    assert "│ Every 30 s." in out and "https://docs.example/en/connection#heartbeat" in out


def test_the_middle_tier_lists_pages_without_quoting_and_offers_a_human() -> None:
    pages = (_hit("Reconnect", "Backoff up to 60 s."), _hit("Heartbeat", "Every 30 s."))
    out = render_text(SuggestReply(Suggestions("q", pages, 0.5), "en"))

    assert out.startswith("(?) I am not sure")
    assert "Connection › Reconnect: https://docs.example/en/connection#reconnect" in out
    assert "Backoff up to 60 s." not in out
    assert "talk to a human" in out


def test_the_middle_tier_speaks_chinese_to_a_chinese_question() -> None:
    out = render_text(SuggestReply(Suggestions("q", (_hit("Reconnect", "x"),), 0.5), "zh"))
    assert "不确定" in out and "转人工" in out


def test_a_decline_shows_no_links() -> None:
    out = render_text(NotFoundReply("q", (), "en"))
    assert "http" not in out and "talk to a human" in out
