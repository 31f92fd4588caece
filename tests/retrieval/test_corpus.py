from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.corpus import page_key, path_lang, read_corpus, route
from retrieval.errors import CorpusError
from retrieval.types import Kind
from tests.retrieval.conftest import write


def test_every_format_becomes_chunks_with_language_page_and_anchor_url(small_corpus: Path) -> None:
    corpus = read_corpus(small_corpus)
    by_source = {}
    for chunk in corpus.chunks:
        by_source.setdefault(chunk.source, []).append(chunk)

    assert set(by_source) == {
        "en/connection.md",
        "zh/connection.md",
        "en/sending.mdx",
        "en/release-notes.html",
        "faq/en/messaging.yaml",
        "faq/zh/messaging.yaml",
    }
    heartbeat = by_source["en/connection.md"][0]
    assert heartbeat.title_path == ("Connection", "Heartbeat")
    assert heartbeat.url == "https://docs.example.test/en/connection#heartbeat"
    assert heartbeat.lang == "en" and heartbeat.kind is Kind.DOC
    zh = by_source["zh/connection.md"][0]
    assert zh.lang == "zh" and zh.page == heartbeat.page == "connection"
    faq_en, faq_zh = by_source["faq/en/messaging.yaml"][0], by_source["faq/zh/messaging.yaml"][0]
    assert faq_en.kind is Kind.FAQ and faq_en.question.startswith("Why does sending fail")
    assert faq_en.page == faq_zh.page == "faq/messaging#send-timeout"
    assert faq_en.url == "https://docs.example.test/faq/en/messaging#send-timeout"
    assert "await client.sendMessage(msg)" in by_source["en/sending.mdx"][0].text
    assert corpus.name == "Test docs"


def test_malformed_and_unreadable_files_are_reported_by_name_and_skipped(
    small_corpus: Path,
) -> None:
    write(small_corpus, "en/broken.md", "---\ntitle: [oops\n---\n# Broken\n")
    write(small_corpus, "en/binary.md", b"\xff\xfe\x00bad")
    write(small_corpus, "faq/en/bad.yaml", "entries:\n  - id: x\n")

    corpus = read_corpus(small_corpus)

    problems = {p.path: p.message for p in corpus.problems}
    assert set(problems) == {"en/broken.md", "en/binary.md", "faq/en/bad.yaml"}
    assert "front matter is not valid YAML" in problems["en/broken.md"]
    assert "not UTF-8" in problems["en/binary.md"]
    assert "'question' is missing" in problems["faq/en/bad.yaml"]
    assert len(corpus.files) == 6  # the good ones are all still there


def test_missing_or_empty_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="No readable pages"):
        read_corpus(tmp_path / "empty")


def test_docusaurus_paths_pair_languages() -> None:
    zh = "docs/guides/gettingStarted/faq.mdx"
    en = "i18n/en/docusaurus-plugin-content-docs-guides/current/gettingStarted/faq.mdx"
    assert page_key(zh) == page_key(en) == "docs/guides/gettingStarted/faq"
    assert path_lang(en) == "en" and path_lang(zh) is None
    assert route(zh) == "guides/gettingStarted/faq"
    assert route(en) == "en/guides/gettingStarted/faq"


def test_readme_and_hidden_files_are_not_pages(small_corpus: Path) -> None:
    write(small_corpus, "README.md", "# About this folder\n\nNot documentation.")
    write(small_corpus, ".drafts/wip.md", "# WIP\n\nNot yet.")
    sources = {c.source for c in read_corpus(small_corpus).chunks}
    assert "README.md" not in sources and ".drafts/wip.md" not in sources
