"""Fixtures shared across packages: the real bundled corpus indexed with the real model, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import BUNDLED_CORPUS
from retrieval.embed import SentenceTransformerEmbedder
from retrieval.index import build_index
from retrieval.search import Retriever

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "index"
    build_index(BUNDLED_CORPUS, out, embedder=embedder, progress=False)
    return out


@pytest.fixture(scope="session")
def bundled_retriever(bundled_index: Path, embedder: SentenceTransformerEmbedder) -> Retriever:
    return Retriever.open(bundled_index, embedder)


def shared(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with a clear message."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared OpenIM data sets are only on the team's machines)")
    return path
