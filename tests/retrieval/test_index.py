"""Build, save, load, refuse mismatches, rebuild incrementally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.embed import HashingEmbedder
from retrieval.errors import IndexMissing, ManifestMismatch
from retrieval.index import build_index, is_stale, load_index
from retrieval.manifest import IndexSettings
from tests.retrieval.conftest import write


class CountingEmbedder(HashingEmbedder):
    """Counts every text it embeds, to prove what a rebuild re-embeds."""

    def __init__(self) -> None:
        super().__init__(dim=64)
        self.seen: list[str] = []

    def encode(self, texts: list[str], *, batch_size: int = 64):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return super().encode(texts, batch_size=batch_size)


def test_build_writes_manifest_and_loads_back(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "index"
    report = build_index(small_corpus, out, embedder=HashingEmbedder(), progress=False)

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["model"] == "hashing-256" and manifest["dim"] == 256
    assert set(manifest["files"]) == {
        "en/connection.md",
        "zh/connection.md",
        "en/sending.mdx",
        "en/release-notes.html",
        "faq/en/messaging.yaml",
        "faq/zh/messaging.yaml",
    }
    assert all(len(sha) == 64 for sha in manifest["files"].values())
    assert manifest["settings"]["faiss"] == "flat"
    index = load_index(out, model="hashing-256", dim=256)
    assert len(index.chunks) == report.chunks == manifest["chunks"]
    assert report.embedded == report.views and report.reused == 0


def test_loading_with_another_model_is_refused_with_the_rebuild_command(
    small_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "index"
    build_index(small_corpus, out, embedder=HashingEmbedder(), progress=False)

    with pytest.raises(
        ManifestMismatch,
        match=r"built with model 'hashing-256' \(256 dims\).*supportbot index build",
    ):
        load_index(out, model="all-MiniLM-L6-v2", dim=384)
    with pytest.raises(ManifestMismatch, match="settings"):
        load_index(out, model="hashing-256", dim=256, settings=IndexSettings(faiss="hnsw"))


def test_missing_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="supportbot index build"):
        load_index(tmp_path / "nowhere", model="m", dim=1)


def test_rebuild_embeds_only_the_changed_file(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "index"
    embedder = CountingEmbedder()
    first = build_index(small_corpus, out, embedder=embedder, progress=False)
    embedder.seen.clear()

    write(
        small_corpus,
        "en/connection.md",
        (small_corpus / "en/connection.md").read_text() + "\n## Proxies\n\nUse 443.\n",
    )
    (small_corpus / "en/release-notes.html").unlink()
    second = build_index(small_corpus, out, embedder=embedder, progress=False)

    assert second.changed == ("en/connection.md",) and second.removed == ("en/release-notes.html",)
    assert embedder.seen, "the new section must be embedded"
    assert all("Proxies" in text or "Use 443" in text for text in embedder.seen)
    assert second.reused > 0 and second.embedded == len(embedder.seen)
    assert second.chunks == first.chunks  # one section added, one page (one chunk) removed
    index = load_index(out, model=embedder.name, dim=embedder.dim)
    assert not any(c.source == "en/release-notes.html" for c in index.chunks)


def test_hnsw_index_builds_and_answers(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "index"
    build_index(
        small_corpus,
        out,
        embedder=HashingEmbedder(),
        settings=IndexSettings(faiss="hnsw"),
        progress=False,
    )
    index = load_index(out, model="hashing-256", dim=256, settings=IndexSettings(faiss="hnsw"))
    query = HashingEmbedder().encode(["heartbeat seconds"])[0]
    best = max(index.dense_search(query, 3).items(), key=lambda kv: kv[1])[0]
    assert index.chunks[best].title_path[-1] == "Heartbeat"


def test_text_with_unicode_line_separators_survives_save_and_load(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    write(corpus, "en/odd.md", "# Odd\n\nline one\u2028line two\u2029para\x85end\n")
    write(
        corpus,
        "faq/en/odd.yaml",
        'entries:\n  - {id: a, question: "q\\u2028x", answer: "b\\u2029y"}\n',
    )
    out = tmp_path / "index"
    build_index(corpus, out, embedder=HashingEmbedder(), progress=False)
    chunks = load_index(out, model="hashing-256", dim=256).chunks
    faq, chunk = sorted(chunks, key=lambda c: c.kind.value)[::-1]
    assert "\u2028" in faq.question  # kept verbatim in FAQ fields, and still loads
    assert "line one" in chunk.text and "line two" in chunk.text


def test_staleness_follows_every_file_a_build_reads(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "index"
    write(small_corpus, "en/broken.md", "---\ntitle: [oops\n---\n# Broken\n")  # skipped, still tracked
    build_index(small_corpus, out, embedder=HashingEmbedder(), progress=False)
    assert not is_stale(out, small_corpus)  # a skipped file does not force a rebuild at every start

    write(small_corpus, "corpus.yaml", "base_url: https://elsewhere.test\n")  # citation links change
    assert is_stale(out, small_corpus)
    build_index(small_corpus, out, embedder=HashingEmbedder(), progress=False)
    write(small_corpus, "en/broken.md", "# Fixed\n\nNow it reads.\n")
    assert is_stale(out, small_corpus)
    assert is_stale(tmp_path / "no-index", small_corpus)


def test_an_index_of_an_older_format_is_stale_and_its_rebuild_reuses_the_vectors(
    small_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "index"
    build_index(small_corpus, out, embedder=HashingEmbedder(), progress=False)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["format_version"] = 2  # before BM25 indexed page names
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    assert is_stale(out, small_corpus)  # so the bot rebuilds it at start instead of refusing to load
    report = build_index(small_corpus, out, embedder=HashingEmbedder(), progress=False)
    assert report.embedded == 0 and not is_stale(out, small_corpus)
