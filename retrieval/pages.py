"""Fuse the two search legs per page, not per chunk.

A right page often wins each leg with a different section: BM25 the section that
names the API, the dense leg its code example; or one leg the zh section and the
other its en twin (a page's two languages share one page key). Fusing chunk by
chunk credits a page only for a chunk that both legs returned, so such a page loses
to a page with one chunk that is mediocre in both. Here each leg's evidence for a
page is its best chunk on that page, in either language; the fused page score is
the weighted sum of those, each divided by the leg's best, as in chunk fusion.

Only the best chunk counts. Adding a share of a page's second chunk, or of its
twin's best chunk, was measured and lost: long pages with many sections then win by
volume (docs/benchmarks.md).

Example:
    >>> page = {1: "login", 2: "login", 3: "errcode"}.__getitem__
    >>> dense, sparse = {1: 0.6, 3: 0.5}, {2: 10.0, 3: 2.0}
    >>> scores = fuse_pages([(dense, 1.0, False), (sparse, 1.0, False)], page)
    >>> sorted(scores, key=lambda p: -scores[p])   # login: best in both legs, by different chunks
    ['login', 'errcode']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

PageOf = Callable[[int], str]
Leg = tuple[Mapping[int, float], float, bool]  # chunk -> score, weight, whether the leg was cut off


def best_per_page(leg: Mapping[int, float], page_of: PageOf) -> dict[str, float]:
    """Each page's best chunk score in one leg."""
    best: dict[str, float] = {}
    for chunk, score in leg.items():
        page = page_of(chunk)
        if score > best.get(page, float("-inf")):
            best[page] = score
    return best


def fuse_pages(legs: Sequence[Leg], page_of: PageOf) -> dict[str, float]:
    """Page -> weighted sum over the legs of (the page's best score / the leg's best page score).

    A page that a cut-off leg (it returned as many chunks as asked for) did not return
    scored at most that leg's lowest, so it gets that; a leg that returned fewer (BM25
    without shared terms) gives it nothing. A leg with nothing positive counts for nothing.
    """
    parts: list[tuple[dict[str, float], float, float]] = []
    for leg, weight, cut_off in legs:
        pages = best_per_page(leg, page_of)
        top = max(pages.values(), default=0.0)
        if top <= 0:
            continue
        scaled = {p: s / top for p, s in pages.items()}
        floor = min(scaled.values()) if cut_off else 0.0
        parts.append((scaled, weight, floor))
    every = {p for scaled, _, _ in parts for p in scaled}
    return {p: sum(w * scaled.get(p, floor) for scaled, w, floor in parts) for p in every}


def order_by_page(scores: Mapping[int, float], pages: Mapping[str, float], page_of: PageOf) -> list[int]:
    """Chunks grouped by page, pages best first, each page's chunks by their own score.

    The first chunk of each page is the passage to quote for it.
    """
    return sorted(scores, key=lambda c: (-pages.get(page_of(c), float("-inf")), page_of(c), -scores[c]))
