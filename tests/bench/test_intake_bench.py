"""The intake benches read any file of their format, score it, and name a malformed line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.intake_bench import (
    BenchDataError,
    format_dialog_report,
    format_extraction_report,
    run_dialog_bench,
    run_extraction_bench,
)

DATA = Path(__file__).resolve().parents[1] / "data"


def write(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "bench.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows)
        + "\n",
        encoding="utf-8",
    )
    return path


def test_the_labelled_first_messages_are_varied_and_read_precisely() -> None:
    rows = [
        json.loads(line)
        for line in (DATA / "intake_first_messages.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(rows) >= 60
    assert sum(r["lang"] == "zh" for r in rows) >= 25 and sum(r["lang"] == "en" for r in rows) >= 25
    assert any("==== Nimbus IM SDK log ====" in r["text"] for r in rows)
    report = run_extraction_bench(DATA / "intake_first_messages.jsonl")
    for score in report.per_field:
        if score.predicted >= 5:
            assert score.precision >= 0.9, score
    assert report.micro_precision >= 0.95 and report.micro_recall >= 0.85
    assert report.category_accuracy >= 0.75


def test_scores_count_hits_misses_and_inventions(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            {
                "id": "a",
                "lang": "en",
                "text": "Android 13, SDK 3.6.1",
                "category": "other",
                "fields": {"platform": "android", "os_version": "13", "sdk_version": "3.6.0"},
            },
            {"id": "b", "lang": "en", "text": "on wifi", "category": "how_to", "fields": {}},
        ],
    )
    report = run_extraction_bench(path)
    by = {s.field: s for s in report.per_field}
    assert (by["platform"].support, by["platform"].predicted, by["platform"].correct) == (1, 1, 1)
    assert (
        by["sdk_version"].precision == 0.0 and by["sdk_version"].recall == 0.0
    )  # 3.6.1 is not 3.6.0
    assert by["network"].predicted == 1 and by["network"].precision == 0.0  # said, but not labelled
    assert report.category_correct == 0 and report.items == 2
    assert {m.id for m in report.misses} == {"a", "b"}
    table = format_extraction_report(report)
    assert table.splitlines()[0].split() == [
        "field",
        "support",
        "predicted",
        "correct",
        "precision",
        "recall",
    ]
    assert len({len(line) for line in table.splitlines()[:16]}) == 1  # aligned
    assert json.loads(json.dumps(report.to_dict()))["items"] == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"id": "x", "lang": "en", "category": "other", "fields": {}}', "missing 'text'"),
        (
            '{"id": "x", "lang": "en", "text": "t", "category": "bugs", "fields": {}}',
            "unknown category 'bugs'",
        ),
        (
            '{"id": "x", "lang": "en", "text": "t", "category": "other", '
            '"fields": {"colour": "red"}}',
            "unknown field 'colour'",
        ),
    ],
)
def test_a_malformed_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    good = {"id": "ok", "lang": "en", "text": "hello", "category": "other", "fields": {}}
    path = write(tmp_path, [good, "", line])
    with pytest.raises(BenchDataError, match=rf"bench.jsonl:3: .*{message}"):
        run_extraction_bench(path)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(BenchDataError, match="does not exist"):
        run_extraction_bench(tmp_path / "nope.jsonl")


def test_dialog_bench_plays_scripts_and_checks_the_limit(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            {
                "id": "fast",
                "lang": "en",
                "expect": "filed",
                "max_turns_to_ticket": 1,
                "turns": ["How do I mute one member of a group on Android?", "yes"],
            },
            {
                "id": "too-slow",
                "lang": "en",
                "expect": "filed",
                "max_turns_to_ticket": 0,
                "turns": ["How do I mute one member of a group on Android?", "yes"],
            },
            {
                "id": "vague",
                "lang": "en",
                "expect": "refused_vague",
                "turns": ["messages don't send", "file it"],
            },
            {"id": "gone", "lang": "zh", "expect": "cancelled", "turns": ["消息发不出去", "取消"]},
            {
                "id": "with-log",
                "lang": "en",
                "expect": "cancelled",
                "turns": [
                    {"text": "it crashes", "logs": [{"name": "a.log", "text": "x"}]},
                    "cancel",
                ],
            },
        ],
    )
    report = run_dialog_bench(path)
    assert [(r.id, r.outcome, r.ok) for r in report.results] == [
        ("fast", "filed", True),
        ("too-slow", "filed", False),
        ("vague", "refused_vague", True),
        ("gone", "cancelled", True),
        ("with-log", "cancelled", True),
    ]
    assert report.passed == 4 and report.max_turns_to_ticket == 1
    table = format_dialog_report(report)
    assert "too-slow" in table and "passed 4/5" in table
    assert json.loads(json.dumps(report.to_dict()))["conversations"] == 5


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"id": "x", "expect": "filed", "turns": []}, "'turns' is empty"),
        ({"id": "x", "expect": "maybe", "turns": ["hi"]}, "'expect' is 'maybe'"),
        (
            {"id": "x", "expect": "filed", "turns": ["hi"], "max_turns_to_ticket": -1},
            "non-negative integer",
        ),
        ({"id": "x", "expect": "filed", "turns": [42]}, "each turn must be a string"),
        (
            {"id": "x", "expect": "filed", "turns": [{"text": "hi", "logs": "a.log"}]},
            "'logs' must be a list",
        ),
    ],
)
def test_a_malformed_conversation_is_named(
    tmp_path: Path, row: dict[str, object], message: str
) -> None:
    with pytest.raises(BenchDataError, match=rf"bench.jsonl:1: .*{message}"):
        run_dialog_bench(write(tmp_path, [row]))
