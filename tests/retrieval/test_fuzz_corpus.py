"""A docs folder written by other people never stops a build, and a bad QA line is named.

``read_corpus`` gets generated folders mixing good pages with malformed ones, wrong
encodings, binary and empty files, names with spaces, CJK and invalid UTF-8, and
symbolic links (to a file, dangling, looping). It must return a corpus in which every
page-like file is either read or listed in ``problems`` by path, never both, never
silently dropped; only a folder with nothing readable (or a broken ``corpus.yaml``)
is a CorpusError. ``read_qa`` on arbitrary lines returns items or names file:line.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.qa import QAItem, read_qa
from retrieval.corpus import Corpus, read_corpus
from retrieval.errors import CorpusError, RetrievalError

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- a generated docs folder

DIRS = [
    "",
    "en/",
    "zh/",
    "faq/",
    "faq/en/",
    "docs/guides/",
    "sub dir/",
    "目录/",
    "i18n/en/docusaurus-plugin-content-docs-g/current/",
]
SUFFIXES = [
    ".md",
    ".mdx",
    ".MD",
    ".markdown",
    ".html",
    ".htm",
    ".yaml",
    ".faq.yaml",
    ".yml",
    ".txt",
]
GOOD = {
    "md": b"# Heartbeat\n\nThe SDK sends a heartbeat every 30 seconds.\n",
    "html": b"<title>Notes</title><h2 id='v3'>3.0</h2><p>Fixed push token loss.</p>",
    "faq": b"entries:\n  - id: send-timeout\n    question: Why 2002?\n    answer: Not acked.\n",
}
BAD = {  # contents every reader must reject, whatever the suffix
    "binary": b"\xff\xfe\x00\x01bad",
    "latin-1": "café résumé".encode("latin-1"),
    "utf-16": "# Titel\n\nText".encode("utf-16"),
}
BAD_PAGE = {  # contents the Markdown readers must reject
    "front-matter": b"---\ntitle: [oops\n---\n# Broken\n",
    "date": b"---\ndate: 2024-13-01\n---\n# Dated\n\ntext\n",
    "unclosed": b"---\ntitle: never closed\n",
}
OTHER = st.one_of(
    st.just(b""),
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.sampled_from(
        ["\ufeff# BOM\n\ntext", "entries: [", "<h1>only a heading</h1>", "\x00\x00"]
    ).map(str.encode),
)
stems = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/\\\x00"),
    min_size=1,
    max_size=12,
).filter(lambda s: not s.startswith((".", "_")) and s.strip() and s not in {"README", "corpus"})


@dataclass(frozen=True)
class Entry:
    rel: str
    content: bytes | None = None  # None: a symbolic link
    link_to: str = ""  # relative target of a link; "" for a regular file
    verdict: str = "either"  # "good" | "bad" | "either"


def _suffix_kind(rel: str) -> str | None:
    """Which reader the corpus docs promise for this path (None: not a page)."""
    p = PurePosixPath(rel)
    name = p.name.lower()
    if name.endswith((".yaml", ".yml")):
        return "faq" if "faq" in p.parts[:-1] or name.endswith((".faq.yaml", ".faq.yml")) else None
    suffix = p.suffix.lower()
    if suffix in {".md", ".markdown", ".mdx"}:
        return "md"
    return "html" if suffix in {".html", ".htm"} else None


@st.composite
def regular_files(draw: st.DrawFn) -> Entry:
    rel = draw(st.sampled_from(DIRS)) + draw(stems) + draw(st.sampled_from(SUFFIXES))
    kind = _suffix_kind(rel)
    choice = draw(st.sampled_from(["good", "bad", "bad-page", "other"]))
    if choice == "good":
        content = GOOD[kind or "md"]
        return Entry(rel, content, verdict="good" if kind else "either")
    if choice == "bad":
        return Entry(
            rel, BAD[draw(st.sampled_from(sorted(BAD)))], verdict="bad" if kind else "either"
        )
    if choice == "bad-page":
        return Entry(
            rel,
            BAD_PAGE[draw(st.sampled_from(sorted(BAD_PAGE)))],
            verdict="bad" if kind == "md" else "either",
        )
    return Entry(rel, draw(OTHER))


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[Entry], str]:
    entries = {e.rel: e for e in draw(st.lists(regular_files(), max_size=10))}
    targets = sorted(r for r, e in entries.items() if e.content is not None)
    for n in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["to-file", "dangling", "loop"]))
        rel = f"link {n}.md"
        if kind == "to-file" and targets:
            target = draw(st.sampled_from(targets))
            good = entries[target].verdict == "good" and _suffix_kind(target) == "md"
            entries[rel] = Entry(rel, link_to=target, verdict="good" if good else "either")
        elif kind == "dangling":
            entries[rel] = Entry(rel, link_to="nowhere/missing.md", verdict="bad")
        else:
            entries[rel] = Entry(rel, link_to=rel, verdict="bad")
    config = draw(
        st.sampled_from(
            ["", "name: Docs\nbase_url: https://docs.example.test/\nexclude: ['drafts/*']\n"]
        )
    )
    return list(entries.values()), config


def _build(root: Path, entries: list[Entry], config: str) -> None:
    root.mkdir()
    if config:
        (root / "corpus.yaml").write_text(config, encoding="utf-8")
    for entry in entries:
        path = root / entry.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if entry.content is not None:
            path.write_bytes(entry.content)
        else:
            os.symlink(entry.link_to if entry.link_to == entry.rel else root / entry.link_to, path)


def _check(corpus: Corpus, entries: list[Entry]) -> None:
    read = {f.path for f in corpus.files}
    skipped = {p.path for p in corpus.problems}
    pages = {e.rel for e in entries if _suffix_kind(e.rel)}

    assert not read & skipped, read & skipped
    assert read | skipped == pages, "every page-like file is read or reported, and nothing else"
    assert {e.rel for e in entries if e.verdict == "good"} <= read
    assert {e.rel for e in entries if e.verdict == "bad" and _suffix_kind(e.rel)} <= skipped
    for problem in corpus.problems:
        assert problem.message.endswith("skipped") and "\n" not in problem.message, problem
    ids = [c.id for c in corpus.chunks]
    assert len(ids) == len(set(ids)), "chunk ids are unique"
    for chunk in corpus.chunks:
        assert chunk.text.strip() and chunk.title_path and chunk.source in read
        assert chunk.lang in {"zh", "en"}


@FUZZ
@given(spec=corpora())
@example(
    spec=(
        [
            Entry("en/dated.md", BAD_PAGE["date"], verdict="bad"),
            Entry("a.md", GOOD["md"], verdict="good"),
        ],
        "",
    )
)
@example(
    spec=(
        [
            Entry("a.md", GOOD["md"], verdict="good"),
            Entry("gone.md", link_to="x.md", verdict="bad"),
        ],
        "",
    )
)
def test_a_generated_folder_never_stops_the_build(spec: tuple[list[Entry], str]) -> None:
    entries, config = spec
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        _build(root, entries, config)
        try:
            corpus = read_corpus(root)
        except CorpusError as exc:
            assert "No readable pages" in str(exc)
            assert not any(e.verdict == "good" for e in entries), "a good page was there to read"
            return
        _check(corpus, entries)


def test_a_file_name_that_is_not_utf8_is_reported_not_indexed(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# Good\n\ntext", encoding="utf-8")
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_text("# Bad name\n\ntext", encoding="utf-8")

    corpus = read_corpus(tmp_path)

    assert [c.source for c in corpus.chunks] == ["good.md"]
    assert [(p.path, p.message) for p in corpus.problems] == [
        ("caf\ufffd.md", "file name is not UTF-8; rename it; skipped")
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_an_unreadable_file_is_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# Good\n\ntext", encoding="utf-8")
    locked = tmp_path / "locked.md"
    locked.write_text("# Locked\n\ntext", encoding="utf-8")
    locked.chmod(0)
    try:
        corpus = read_corpus(tmp_path)
    finally:
        locked.chmod(0o644)

    assert [(p.path, p.message) for p in corpus.problems] == [
        ("locked.md", "unreadable (Permission denied); skipped")
    ]


@pytest.mark.parametrize(
    ("config", "names"),
    [
        (b"name: [oops", "not valid YAML"),
        (b"date: 2024-13-01", "not valid YAML (month must be in 1..12)"),
        (b"exclude: 5", "'exclude' must be a list of glob patterns"),
        (b"exclude: drafts/*", "'exclude' must be a list of glob patterns"),
        (b"name: caf\xe9", "not UTF-8 text"),
        (None, "unreadable"),
    ],
)
def test_a_broken_corpus_yaml_is_one_clear_error(
    tmp_path: Path, config: bytes | None, names: str
) -> None:
    (tmp_path / "good.md").write_text("# Good\n\ntext", encoding="utf-8")
    if config is None:
        (tmp_path / "corpus.yaml").mkdir()
    else:
        (tmp_path / "corpus.yaml").write_bytes(config)

    with pytest.raises(CorpusError) as error:
        read_corpus(tmp_path)

    assert f"{tmp_path / 'corpus.yaml'}: " in str(error.value) and names in str(error.value)


# ---------------------------------------------------------------- QA files

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
qa_objects = st.fixed_dictionaries(
    {
        "question": st.one_of(st.text(max_size=30), json_values),
        "answer_pages": st.one_of(st.lists(st.text(max_size=12), max_size=3), json_values),
    },
    optional={"id": json_values, "lang": json_values},
)
qa_lines = st.one_of(
    qa_objects.map(lambda d: json.dumps(d, ensure_ascii=False)),
    json_values.map(json.dumps),
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "   ",
            "{",
            '{"question": "How do I reconnect?", "answer_pages": ["en/connection.md"]}',
            '{"question": "a\u2028b\x85c", "answer_pages": []}',
            '{"question": "q", "answer_pages": [], "n": ' + "9" * 5000 + "}",
            "[" * 5000,
        ]
    ),
)


def _first_bad_line(text: str) -> int | None:
    """The line a reader must name (0 when the file holds no question), or None when all is well."""
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            return number
        if not isinstance(data, dict):
            return number
        question, pages = data.get("question"), data.get("answer_pages")
        if not isinstance(question, str) or not question.strip():
            return number
        if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
            return number
        count += 1
    return 0 if count == 0 else None


@FUZZ
@given(lines=st.lists(qa_lines, max_size=8))
@example(lines=['{"question": "a\u2028b", "answer_pages": []}', "{oops"])
@example(lines=['{"question": "q", "answer_pages": [], "n": ' + "9" * 5000 + "}"])
def test_read_qa_returns_items_or_names_the_bad_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "qa.jsonl"
        path.write_bytes(text.encode("utf-8"))
        expected = _first_bad_line(text)
        try:
            items = read_qa(path)
        except RetrievalError as exc:
            message = str(exc)
            assert "\n" not in message
            if expected == 0:
                assert "has no questions" in message
            else:
                assert message.startswith(f"{path}:{expected}: "), (message, expected)
            return
        assert expected is None, f"line {expected} should have been refused"
        assert all(isinstance(item, QAItem) and item.question.strip() for item in items)
        assert len(items) == sum(1 for line in text.split("\n") if line.strip())


def test_a_qa_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "qa.jsonl"
    path.write_bytes(
        b'{"question": "q", "answer_pages": []}\n{"question": "caf\xe9", "answer_pages": []}\n'
    )

    with pytest.raises(RetrievalError) as error:
        read_qa(path)

    assert str(error.value).startswith(f"{path}:2: not UTF-8 text")
