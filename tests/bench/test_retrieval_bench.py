"""The retrieval benchmark runs on any QA file of the schema and reports what it measured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.qa import read_qa
from bench.retrieval_bench import format_report, run_retrieval_bench
from retrieval.embed import HashingEmbedder
from retrieval.errors import RetrievalError


def _qa(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    return path


def test_bench_measures_every_leg_abstention_and_timing(small_corpus: Path, tmp_path: Path) -> None:
    qa = _qa(
        tmp_path,
        [
            {
                "id": "a",
                "question": "heartbeat every 30 seconds reconnect",
                "answer_pages": ["en/connection.md"],
            },
            {"id": "b", "question": "心跳 断开 重连", "answer_pages": ["zh/connection.md"]},
            {
                "id": "c",
                "question": "error 2002 SEND_TIMEOUT",
                "answer_pages": ["faq/en/messaging.yaml"],
            },
            {"id": "d", "question": "lasagna recipe with ricotta", "answer_pages": []},
        ],
    )
    before = {p: p.read_bytes() for p in small_corpus.rglob("*") if p.is_file()}

    bench = run_retrieval_bench(small_corpus, qa, embedder=HashingEmbedder(), progress=False)

    assert [q.method for q in bench.quality] == ["bm25", "dense", "fused"]
    assert all(q.questions == 3 for q in bench.quality)
    fused = bench.quality[2]
    assert fused.hit_at_5 == 1.0 and 0 < fused.mrr_at_10 <= 1.0
    assert bench.abstention.questions == 4 and bench.abstention.unanswerable_answered == 0.0
    assert bench.timing.chunks > 0 and bench.timing.rebuild_embedded > 0
    assert bench.timing.search_p95_ms >= bench.timing.search_p50_ms > 0
    assert "hit@5" in format_report(bench)
    # the benchmark edits a copy, never the corpus it was given
    assert before == {p: p.read_bytes() for p in small_corpus.rglob("*") if p.is_file()}


def test_qa_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "qa.jsonl"
    path.write_text(
        '{"question": "ok", "answer_pages": []}\n{"question": "", "answer_pages": []}\n'
    )
    with pytest.raises(RetrievalError, match=r"qa.jsonl:2: 'question' is missing or empty"):
        read_qa(path)
    path.write_text('{"question": "q", "answer_pages": "docs/x.md"}\n')
    with pytest.raises(RetrievalError, match=r":1: 'answer_pages' must be a list"):
        read_qa(path)
    path.write_text("not json\n")
    with pytest.raises(RetrievalError, match=r":1: not JSON"):
        read_qa(path)


def test_answer_pages_in_either_language_count_as_the_same_page(tmp_path: Path) -> None:
    path = _qa(
        tmp_path,
        [
            {
                "question": "q",
                "answer_pages": ["i18n/en/docusaurus-plugin-content-docs-guides/current/a.mdx"],
            }
        ],
    )
    [item] = read_qa(path)
    assert item.pages == frozenset({"docs/guides/a"}) and item.answerable
