"""Searching each distinct vector once returns what a flat search over every view returns."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from retrieval.dense import DistinctVectors, heap_top_rows, one_thread


def _views_with_repeats(seed: int, *, distinct: int = 40, views: int = 300, dim: int = 16) -> np.ndarray:
    """Unit vectors where most rows repeat another (like a heading shared by many sections)."""
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((distinct, dim)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    return np.ascontiguousarray(base[rng.integers(0, distinct, size=views)])


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("n", [1, 7, 30, 99])
def test_rows_and_scores_are_those_of_a_flat_search_over_every_view(seed: int, n: int) -> None:
    vectors = _views_with_repeats(seed)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    dense = DistinctVectors(vectors, view_chunk=np.arange(len(vectors), dtype=np.int32))
    query = vectors[seed] + 0.1 * np.random.default_rng(100 + seed).standard_normal(vectors.shape[1]).astype(
        np.float32
    )

    with one_thread():  # FAISS's own heap (k < 100) on one thread is the reference
        want_scores, want_rows = flat.search(query.reshape(1, -1), n)
    scores, rows = dense.top_rows(query, n)

    assert dense.distinct == 40
    assert rows.tolist() == want_rows[0].tolist()  # ties at the cut-off included
    assert scores.tolist() == want_scores[0].tolist()


def test_a_chunk_is_listed_once_at_its_best_view() -> None:
    vectors = np.array([[1, 0], [0.6, 0.8], [0, 1], [0.6, 0.8]], dtype=np.float32)
    chunk_of_view = np.array([0, 0, 1, 2], dtype=np.int32)  # chunk 0 has two views
    dense = DistinctVectors(vectors, view_chunk=chunk_of_view)

    found = dense.search(np.array([0.8, 0.6], dtype=np.float32), 2)

    # Views 1 and 3 tie at 0.96 (the higher row first, as FAISS orders ties); chunk 1 is cut.
    assert list(found) == [2, 0]
    assert found[0] == pytest.approx(0.96) and found[2] == pytest.approx(0.96)  # not view 0's 0.8
    assert dense.vector(3).tolist() == pytest.approx([0.6, 0.8])


def test_tied_rows_at_the_cut_follow_the_heap() -> None:
    # Scan order: rows 0..5. Rows 1, 2, 4 tie at the cut-off score 0.5; rows 3 and 5 score higher.
    rows = np.array([1, 2, 3, 4, 5], dtype=np.int64)
    scores = np.array([0.5, 0.5, 0.9, 0.5, 0.8], dtype=np.float32)

    kept_scores, kept_rows = heap_top_rows(scores, rows, 3, threshold=0.5)

    # Rows 1 and 2 entered while there was room, row 4 found the heap full of rows >= 0.5,
    # and row 5 pushed out the lowest tied row (1).
    assert kept_rows.tolist() == [3, 5, 2]
    assert kept_scores.tolist() == pytest.approx([0.9, 0.8, 0.5])


def test_nothing_to_search_gives_nothing() -> None:
    dense = DistinctVectors(np.zeros((0, 4), dtype=np.float32), view_chunk=np.zeros(0, dtype=np.int32))
    assert dense.search(np.ones(4, dtype=np.float32), 5) == {}


def test_the_thread_setting_is_restored() -> None:
    before = faiss.omp_get_max_threads()
    with one_thread():
        assert faiss.omp_get_max_threads() == 1
    assert faiss.omp_get_max_threads() == before
