"""The dense leg over a flat index, searched once per distinct vector.

Many views share one text (a heading such as "API reference > Parameters" under
dozens of sections), so a flat index holds each of their vectors several times:
the OpenIM docs have 23,614 views but 12,303 distinct vectors. Scanning each
distinct vector once, and expanding to its views afterwards, halves the work.

The expansion returns what a flat FAISS search over every view returns: the
``n`` best rows with the scores of FAISS's single-threaded scan (it computes
each inner product on its own, so a vector scores the same wherever it sits),
best first, tied rows by descending row number. Rows tied at the cut-off are
chosen by the rule of FAISS's top-k heap (:func:`heap_top_rows`); FAISS itself
leaves such ties to its internals (thread count, heap or reservoir), so this is
a fixed rule, not a promise to match every FAISS version at an exact tie.
(FAISS's two-threaded scan of one query, used before, rounds some scores
differently, by at most 4e-7; on the 82 OpenIM dev questions the top 10 and the
tiers are the same, see docs/benchmarks.md.)
One query is scanned on one thread: on two cores, FAISS's threads for a single
query cost more than they save (over all 23,614 views: about 4 ms against 1.6 ms).

Example:
    >>> import numpy as np
    >>> vectors = np.array([[1, 0], [0, 1], [1, 0]], dtype=np.float32)
    >>> dense = DistinctVectors(vectors, view_chunk=np.array([0, 1, 2], dtype=np.int32))
    >>> dense.search(np.array([1, 0], dtype=np.float32), 2)
    {2: 1.0, 0: 1.0}
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

import faiss
import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
Rows = npt.NDArray[np.int64]


class DistinctVectors:
    """A flat inner-product search over views, computed once per distinct vector."""

    def __init__(self, vectors: Vectors, *, view_chunk: npt.NDArray[np.int32]) -> None:
        # Exact duplicates only (the same bytes), numbered in order of first appearance.
        number: dict[bytes, int] = {}
        first_row: list[int] = []
        of_view = np.empty(len(vectors), dtype=np.int64)
        for row, vector in enumerate(vectors):
            of_view[row] = number.setdefault(vector.tobytes(), len(first_row))
            if of_view[row] == len(first_row):
                first_row.append(row)
        distinct = vectors[np.asarray(first_row, dtype=np.int64)]
        self._vectors = np.ascontiguousarray(distinct, dtype=np.float32)
        self._of_view = of_view
        # The views of distinct vector v are _views[_start[v]:_start[v + 1]], ascending.
        self._views: Rows = np.argsort(of_view, kind="stable")
        self._start = np.searchsorted(of_view[self._views], np.arange(len(distinct) + 1))
        self._view_chunk = view_chunk
        self._flat = faiss.IndexFlatIP(vectors.shape[1])
        if len(distinct):
            self._flat.add(self._vectors)

    @property
    def distinct(self) -> int:
        return len(self._vectors)

    def vector(self, row: int) -> Vectors:
        """The vector of view ``row``."""
        vector: Vectors = self._vectors[self._of_view[row]]
        return vector

    def top_rows(self, query: Vectors, n: int) -> tuple[npt.NDArray[np.float32], Rows]:
        """Scores and view rows of the ``n`` best views, in the order a flat FAISS search returns them."""
        n = min(n, len(self._view_chunk))
        if n <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        want = min(n + 1, self.distinct)
        while True:
            with one_thread():
                scores, ids = self._flat.search(query.reshape(1, -1), want)
            counts = self._start[ids[0] + 1] - self._start[ids[0]]
            # The n-th best view's score; every view scoring at least that is a candidate.
            threshold = scores[0][int(np.searchsorted(np.cumsum(counts), n))]
            # A distinct vector tied with the last one returned may be missing: ask for more.
            if want == self.distinct or scores[0][-1] < threshold:
                break
            want = min(2 * want, self.distinct)
        keep = scores[0] >= threshold
        rows = np.concatenate([self._views[self._start[v] : self._start[v + 1]] for v in ids[0][keep]])
        row_scores = np.repeat(scores[0][keep], counts[keep])
        return heap_top_rows(row_scores, rows, n, threshold)

    def search(self, query: Vectors, k: int) -> dict[int, float]:
        """chunk index -> best cosine over the chunk's views, for the ``k`` best chunks among
        the ``3k`` best views (a chunk is listed once, at its best view)."""
        scores, rows = self.top_rows(query, k * 3)
        best: dict[int, float] = {}
        for score, row in zip(scores.tolist(), rows.tolist(), strict=True):
            chunk = int(self._view_chunk[row])
            if chunk not in best:
                best[chunk] = score
            if len(best) >= k:
                break
        return best


def heap_top_rows(
    scores: npt.NDArray[np.float32], rows: Rows, n: int, threshold: float
) -> tuple[npt.NDArray[np.float32], Rows]:
    """The ``n`` rows a FAISS top-k heap keeps from a scan in row order, in its output order.

    ``scores``/``rows`` hold every row scoring at least ``threshold``, the ``n``-th best
    score. Rows above it are all kept. Of the rows tied at it, FAISS keeps those it met
    while its heap still had room for them (it admits a row only if it beats the
    heap's worst), minus those a later, better row pushed out — lowest row first, as
    its heap orders ties by row. Output: best score first, ties by descending row.
    """
    order = np.argsort(rows, kind="stable")
    above = 0
    tied: deque[int] = deque()
    for score, row in zip(scores[order].tolist(), rows[order].tolist(), strict=True):
        if score > threshold:
            above += 1
            if above + len(tied) > n and tied:
                tied.popleft()
        elif above + len(tied) < n:
            tied.append(row)
    chosen = (scores > threshold) | np.isin(rows, np.fromiter(tied, dtype=np.int64, count=len(tied)))
    kept_scores, kept_rows = scores[chosen], rows[chosen]
    out = np.lexsort((-kept_rows, -kept_scores))
    return kept_scores[out], kept_rows[out]


@contextmanager
def one_thread() -> Iterator[None]:
    """FAISS on one OpenMP thread inside the block (the setting is the calling thread's; restored after)."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)
