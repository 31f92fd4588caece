"""Fusion ranks what both legs agree on; answers quote the docs or decline."""

from __future__ import annotations

from pathlib import Path

from retrieval.calibration import Calibration
from retrieval.embed import HashingEmbedder
from retrieval.index import build_index
from retrieval.search import Retriever, SearchConfig
from retrieval.types import Answer, Kind, NoAnswer, Suggestions
from tests.retrieval.conftest import write


def _retriever(corpus: Path, tmp_path: Path, **config: object) -> Retriever:
    out = tmp_path / "index"
    build_index(corpus, out, embedder=HashingEmbedder(), progress=False)
    return Retriever.open(out, HashingEmbedder(), config=SearchConfig(**config))  # type: ignore[arg-type]


def test_rank_fusion_prefers_what_both_legs_rank_well(small_corpus: Path, tmp_path: Path) -> None:
    retriever = _retriever(small_corpus, tmp_path, fusion="rrf", dense_weight_en=0.5)
    # Reciprocal-rank fusion: second in both legs beats first in one leg and absent from the other.
    fused = retriever._fuse({1: 0.9, 2: 0.8}, {3: 9.0, 2: 8.0}, lang="en")
    assert max(fused, key=lambda c: fused[c]) == 2


def test_score_fusion_keeps_a_clear_winner_of_one_leg(small_corpus: Path, tmp_path: Path) -> None:
    retriever = _retriever(small_corpus, tmp_path, dense_weight_en=1.0, candidates=2)  # both legs full
    # BM25 is sure of chunk 3 (three times the runner-up); the dense leg barely separates 1 from 2.
    fused = retriever._fuse({1: 0.62, 2: 0.60}, {3: 9.0, 2: 3.0}, lang="en")
    assert max(fused, key=lambda c: fused[c]) == 3
    # ... while RRF counts only ranks and lets chunk 2, second in both, win.
    rrf = _retriever(small_corpus, tmp_path, fusion="rrf", dense_weight_en=1.0)._fuse(
        {1: 0.62, 2: 0.60}, {3: 9.0, 2: 3.0}, lang="en"
    )
    assert max(rrf, key=lambda c: rrf[c]) == 2


def test_dense_weight_follows_the_query_language(small_corpus: Path, tmp_path: Path) -> None:
    retriever = _retriever(small_corpus, tmp_path, dense_weight_zh=0.0)
    fused = retriever._fuse({1: 0.9}, {2: 9.0}, lang="zh")
    assert fused[1] == 0.0 and fused[2] > 0


def test_search_returns_ranked_typed_hits_from_both_languages(
    small_corpus: Path, tmp_path: Path
) -> None:
    retriever = _retriever(small_corpus, tmp_path)

    en = retriever.search("heartbeat every 30 seconds", k=3)
    zh = retriever.search("心跳 断开 重连", k=3)

    assert en[0].chunk.title_path[-1] == "Heartbeat" and en[0].rank == 1
    assert zh[0].chunk.title_path[-1] == "心跳"
    assert [h.rank for h in en] == [1, 2, 3]
    assert en[0].score >= en[1].score >= en[2].score
    assert en[0].bm25 is not None and en[0].dense is not None


def test_faq_question_matches_question(small_corpus: Path, tmp_path: Path) -> None:
    retriever = _retriever(small_corpus, tmp_path)
    hit = retriever.search("sending fails with error 2002 SEND_TIMEOUT", k=1)[0]
    assert hit.chunk.kind is Kind.FAQ and hit.chunk.lang == "en"


# A calibration on term coverage alone, so the tiers below follow from the inputs in view.
COVERAGE_ONLY = Calibration(names=("coverage",), coef=(10.0,), intercept=-6.0, answer_at=0.8, suggest_at=0.3)


def test_answer_quotes_sources_and_unrelated_question_is_declined(
    small_corpus: Path, tmp_path: Path
) -> None:
    retriever = _retriever(small_corpus, tmp_path, calibration=COVERAGE_ONLY)

    answered = retriever.answer("What does error 1005 KICKED_OFFLINE mean?")
    declined = retriever.answer("What is a good recipe for lasagna?")

    assert isinstance(answered, Answer)
    assert answered.sources[0] == "https://docs.example.test/en/connection#kicked-offline"
    assert "another device" in answered.passages[0].chunk.text
    assert isinstance(declined, NoAnswer) and declined.confidence < 0.3
    assert declined.nearest == ()  # a decline shows no links: that is the middle tier's job


def test_half_matched_question_gets_links_marked_uncertain(small_corpus: Path, tmp_path: Path) -> None:
    retriever = _retriever(small_corpus, tmp_path, calibration=COVERAGE_ONLY)

    result = retriever.answer("KICKED_OFFLINE lasagna")

    assert isinstance(result, Suggestions), result
    assert 0.3 <= result.confidence < 0.8
    assert result.pages and len({h.chunk.page for h in result.pages}) == len(result.pages)
    assert "https://docs.example.test/en/connection#kicked-offline" in result.sources


def test_a_pasted_issue_is_searched_by_its_sentences_and_identifiers(small_corpus: Path, tmp_path: Path) -> None:
    retriever = _retriever(small_corpus, tmp_path)
    issue = (
        "[BUG] app shows KICKED_OFFLINE right after login\n"
        "(OpenIM Server 3.8.1; Linux (AMD); Docker Deployment)\n"
        "```\n2025-03-01 12:00:00 INFO ws heartbeat ok\n2025-03-01 12:00:01 INFO ws heartbeat ok\n```\n"
    )

    top = retriever.search(issue, k=1)[0]

    # The pasted log says "heartbeat" twice, but the question is about being kicked offline.
    assert "KICKED_OFFLINE" in top.chunk.text


def test_a_question_naming_an_api_by_its_file_name_finds_its_page(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    # The REST page's title is the endpoint; its file is named after the SDK-style API name.
    write(
        root,
        "en/rest/getUserOnlineStatus.md",
        "# get_users_online_status\n\n## Request URL\n\nPOST /user/get_users_online_status returns, for each "
        "user ID, whether the user is connected and from which platforms.\n",
    )
    write(
        root,
        "en/guides/presence.md",
        "# Presence\n\n## Showing who is online\n\nA contact list shows presence: call getUserOnlineStatus "
        "once, then subscribe to status changes so the list stays fresh without polling.\n",
    )
    retriever = _retriever(root, tmp_path)

    hit = retriever.search("GetUserOnlineStatus has not been implemented", k=1, method="bm25")[0]

    assert hit.chunk.source == "en/rest/getUserOnlineStatus.md"
