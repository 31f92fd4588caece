"""The snapshot check sees a moved ranking, a changed tier or a drifted score, and nothing else."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bench.search_snapshot import compare, main, snapshot
from retrieval.embed import HashingEmbedder
from retrieval.index import build_index
from retrieval.search import Retriever

QUESTIONS = [
    ("hb", "heartbeat every 30 seconds, then the SDK reconnects?"),
    ("zh", "心跳 断开 重连"),
    ("code", "sendMessage fails with error 2002 SEND_TIMEOUT"),
    ("off", "lasagna recipe with ricotta"),
]


@pytest.fixture
def retriever(small_corpus: Path, tmp_path: Path) -> Retriever:
    embedder = HashingEmbedder()
    build_index(small_corpus, tmp_path / "index", embedder=embedder, progress=False)
    return Retriever.open(tmp_path / "index", embedder)


def test_the_same_code_twice_gives_no_differences(retriever: Retriever) -> None:
    first = snapshot(retriever, QUESTIONS)
    second = snapshot(retriever, QUESTIONS)

    assert set(first) == {"hb", "zh", "code", "off"}
    assert first["code"]["ids"] and first["code"]["tier"] in {"answer", "suggest", "decline"}
    assert compare(first, second) == []


def test_a_moved_chunk_a_changed_tier_and_a_drifted_score_are_reported(retriever: Retriever) -> None:
    old = snapshot(retriever, QUESTIONS)
    new: dict[str, Any] = copy.deepcopy(old)
    new["hb"]["ids"] = list(reversed(new["hb"]["ids"]))
    new["zh"]["tier"] = "answer" if old["zh"]["tier"] != "answer" else "decline"
    new["code"]["confidence"] += 1e-3
    new["off"]["score"][0] += 1e-9  # within the tolerance: not a difference

    problems = compare(old, new)

    assert [p.split(":")[0] for p in problems] == ["code", "hb", "zh"]
    assert "confidence" in problems[0] and "ids" in problems[1] and "tier" in problems[2]


def test_the_command_writes_and_compares(
    retriever: Retriever, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    data = snapshot(retriever, QUESTIONS)
    old.write_text(json.dumps(data), encoding="utf-8")
    data["hb"]["search5"] = []
    new.write_text(json.dumps(data), encoding="utf-8")

    assert main(["compare", str(old), str(old)]) == 0
    assert main(["compare", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "hb: search5" in out and "1 differences" in out
