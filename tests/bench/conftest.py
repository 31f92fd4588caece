"""Fixtures the benchmark tests share with the package tests they measure."""

from __future__ import annotations

from tests.retrieval.conftest import small_corpus

__all__ = ["small_corpus"]
