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

    bench = run_retrieval_bench(
        small_corpus, qa, embedder=HashingEmbedder(), naive_embedder=HashingEmbedder(), naive_sample=5, progress=False
    )

    overall = [q for q in bench.quality if q.group == "all"]
    assert [q.method for q in overall] == ["bm25", "dense", "fused"]
    assert all(q.questions == 3 for q in overall)
    assert overall[2].hit_at_5 == 1.0 and 0 < overall[2].mrr_at_10 <= 1.0
    assert {q.group for q in bench.quality} == {"all"}  # no ids or languages that form groups here
    [tiers] = bench.tiers
    assert tiers.questions == 4 and tiers.answered + tiers.suggested + tiers.declined == 4
    assert tiers.unanswerable_answered == 0.0
    assert bench.timing.chunks > 0 and bench.timing.rebuild_embedded > 0
    assert bench.timing.search_p95_ms >= bench.timing.search_p50_ms > 0
    assert bench.timing.naive.build_seconds > 0 and bench.timing.build_ratio > 0
    assert bench.timing.naive.search_p95_ms > 0
    rows = {r["id"]: r for r in bench.per_item}
    assert rows["d"]["rank_fused"] is None and rows["a"]["rank_bm25"] == 1
    report = format_report(bench)
    assert "hit@5" in report and "naive build" in report and "reliability" in report
    # the benchmark edits a copy, never the corpus it was given
    assert before == {p: p.read_bytes() for p in small_corpus.rglob("*") if p.is_file()}


def test_groups_split_faq_and_issue_questions_and_languages(small_corpus: Path, tmp_path: Path) -> None:
    qa = _qa(
        tmp_path,
        [
            {"id": "x-f01", "lang": "en", "question": "heartbeat interval", "answer_pages": ["en/connection.md"]},
            {"id": "x-i01", "lang": "zh", "question": "心跳 断开 重连", "answer_pages": ["zh/connection.md"]},
        ],
    )
    bench = run_retrieval_bench(
        small_corpus, qa, embedder=HashingEmbedder(), naive_embedder=HashingEmbedder(), naive_sample=5,
        scale=2, progress=False,
    )
    assert {t.group: t.questions for t in bench.tiers} == {"all": 2, "faq": 1, "issue": 1, "zh": 1, "en": 1}
    assert bench.scale is not None and bench.scale.times == 2
    assert bench.timing.chunks < bench.scale.chunks < 3 * bench.timing.chunks  # copies carry an edit section
    assert "scale x2" in format_report(bench)


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


def test_a_reused_index_gets_a_build_estimate_from_the_same_run(small_corpus: Path, tmp_path: Path) -> None:
    from retrieval.index import build_index

    built = tmp_path / "built"
    build_index(small_corpus, built, embedder=HashingEmbedder(), progress=False)
    qa = _qa(tmp_path, [{"id": "a", "question": "heartbeat", "answer_pages": ["en/connection.md"]}])

    bench = run_retrieval_bench(
        small_corpus, qa, embedder=HashingEmbedder(), naive_embedder=HashingEmbedder(), naive_sample=5,
        index=built, progress=False,
    )

    assert bench.timing.build_estimated and bench.timing.build_seconds >= bench.timing.rebuild_seconds > 0
    assert "estimated from 5 sampled chunks" in format_report(bench)
