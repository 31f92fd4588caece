"""A page is ranked by its best chunk in each leg, whichever chunk that is."""

from __future__ import annotations

from pathlib import Path

from retrieval.calibration import Calibration
from retrieval.embed import HashingEmbedder
from retrieval.index import build_index
from retrieval.pages import best_per_page, fuse_pages, order_by_page
from retrieval.search import Retriever, SearchConfig
from retrieval.types import Suggestions
from tests.retrieval.conftest import write

# Chunks 1-2: the login page (1 its zh section, 2 its en twin); 3: the error-code page.
PAGE = {1: "sdks/login", 2: "sdks/login", 3: "sdks/errcode"}.__getitem__


def test_a_page_found_by_each_leg_through_a_different_chunk_beats_one_mediocre_chunk() -> None:
    dense = {1: 0.70, 3: 0.62}  # the dense leg likes the zh login section
    sparse = {2: 12.0, 3: 7.0}  # BM25 likes the en login section, which names the API

    pages = fuse_pages([(dense, 2.0, False), (sparse, 1.0, False)], PAGE)

    assert max(pages, key=lambda p: pages[p]) == "sdks/login"
    assert pages["sdks/login"] == 3.0  # first in both legs


def test_a_page_a_full_leg_cut_off_gets_that_legs_lowest_score() -> None:
    dense = {1: 0.8, 3: 0.4}
    sparse = {3: 10.0}  # BM25 returned as many as asked for: the login page scored below 10

    cut = fuse_pages([(dense, 1.0, False), (sparse, 1.0, True)], PAGE)
    short = fuse_pages([(dense, 1.0, False), (sparse, 1.0, False)], PAGE)

    assert cut["sdks/login"] == 2.0 and short["sdks/login"] == 1.0


def test_only_the_best_chunk_of_a_page_counts() -> None:
    assert best_per_page({1: 0.5, 2: 0.9, 3: 0.7}, PAGE) == {"sdks/login": 0.9, "sdks/errcode": 0.7}


def test_chunks_are_grouped_by_page_and_each_page_leads_with_its_best_chunk() -> None:
    scores = {1: 0.9, 2: 0.4, 3: 1.0}
    assert order_by_page(scores, {"sdks/login": 2.5, "sdks/errcode": 1.5}, PAGE) == [1, 2, 3]


def test_the_search_ranks_pages_and_quotes_each_pages_best_chunk(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "index"
    build_index(small_corpus, out, embedder=HashingEmbedder(), progress=False)
    retriever = Retriever.open(out, HashingEmbedder(), config=SearchConfig(aggregate="page", candidates=100))

    ranking = retriever.rank("heartbeat lost, error 1005 KICKED_OFFLINE after reconnect", k=10)

    pages = [retriever.index.chunks[c].page.split("#", 1)[0] for c in ranking.order]
    firsts = list(dict.fromkeys(pages))
    assert [ranking.pages[p] for p in firsts] == sorted(ranking.pages.values(), reverse=True)
    assert pages == sorted(pages, key=firsts.index)  # a page's chunks stay together
    best = {p: max(ranking.scores[c] for c in ranking.order if pages[ranking.order.index(c)] == p) for p in firsts}
    assert all(ranking.scores[ranking.order[pages.index(p)]] == best[p] for p in firsts)


def test_a_long_page_does_not_crowd_the_other_links_out(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    sections = "\n\n".join(f"## Step {n}\n\nIf the client cannot reconnect, check step {n}." for n in range(25))
    write(root, "en/reconnect-guide.md", f"# Reconnect guide\n\n{sections}\n")
    for name in ("network", "heartbeat", "tokens", "proxies", "mobile", "desktop"):
        text = f"# {name.title()}\n\n## Overview\n\nHow {name} affect a client that must reconnect.\n"
        write(root, f"en/{name}.md", text)
    out = tmp_path / "index"
    build_index(root, out, embedder=HashingEmbedder(), progress=False)
    always_unsure = Calibration(names=(), coef=(), intercept=0.0, answer_at=0.9, suggest_at=0.1)
    retriever = Retriever.open(out, HashingEmbedder(), config=SearchConfig(calibration=always_unsure))

    result = retriever.answer("the client cannot reconnect")

    assert isinstance(result, Suggestions)
    assert len({hit.chunk.page for hit in result.pages}) == 5
