"""Read a docs folder into chunks.

A corpus is a folder of Markdown (``.md``), MDX (``.mdx``), HTML (``.html``) pages
and FAQ files (YAML under a ``faq/`` folder or named ``*.faq.yaml``; see
:mod:`retrieval.formats.faq`). An optional ``corpus.yaml`` at the root sets
``name``, ``base_url`` (for citation links) and ``exclude`` (glob patterns).

Languages pair up: ``en/x.md`` and ``zh/x.md`` are one page, and so are the Docusaurus
paths ``docs/<s>/x.mdx`` and ``i18n/en/docusaurus-plugin-content-docs-<s>/current/x.mdx``.
A file that cannot be read is reported by name and skipped; it never stops a build.

Example:
    >>> corpus = read_corpus(Path("bot/data/docs_corpus"))      # doctest: +SKIP
    >>> corpus.chunks[0].url                                    # doctest: +SKIP
    'https://docs.nimbus-im.example/en/connection#heartbeat'
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from retrieval.chunking import split_long
from retrieval.errors import CorpusError
from retrieval.formats import FormatError, Page, read_faq, read_html, read_markdown, read_mdx
from retrieval.formats.section import YAML_ERRORS, yaml_problem
from retrieval.types import Chunk, Kind
from textlang import detect_lang

PAGE_SUFFIXES = {".md": read_markdown, ".markdown": read_markdown, ".mdx": read_mdx}
HTML_SUFFIXES = {".html", ".htm"}
FAQ_SUFFIXES = {".yaml", ".yml"}
DEFAULT_EXCLUDE = ("README.md", "corpus.yaml", "node_modules/*", ".*", "*/.*", "_*", "*/_*")
_LANG_DIRS = {"en": "en", "zh": "zh", "zh-cn": "zh", "zh-hans": "zh", "cn": "zh"}
_DOCUSAURUS_I18N = re.compile(r"^i18n/([\w-]+)/docusaurus-plugin-content-docs-([\w-]+)/current/")


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that was skipped, and why."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # relative, POSIX
    sha256: str
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    root: Path
    name: str
    base_url: str
    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...] = ()
    config: dict[str, object] = field(default_factory=dict)

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        return tuple(c for f in self.files for c in f.chunks)


def page_key(path: str) -> str:
    """The language-independent key of a page.

    >>> page_key("i18n/en/docusaurus-plugin-content-docs-guides/current/start/faq.mdx")
    'docs/guides/start/faq'
    >>> page_key("zh/connection.md"), page_key("en/connection.md")
    ('connection', 'connection')
    """
    p = _DOCUSAURUS_I18N.sub(lambda m: f"docs/{m.group(2)}/", path)
    parts = list(PurePosixPath(p).parts)
    parts = [x for x in parts if x.lower() not in _LANG_DIRS] or parts
    stem = "/".join(parts)
    return re.sub(r"\.(mdx?|markdown|html?|ya?ml)$", "", stem).removesuffix(".faq")


def path_lang(path: str) -> str | None:
    """The language a path declares through a folder, or None."""
    m = _DOCUSAURUS_I18N.match(path)
    if m:
        return _LANG_DIRS.get(m.group(1).lower(), m.group(1).lower())
    for part in PurePosixPath(path).parts[:-1]:
        if part.lower() in _LANG_DIRS:
            return _LANG_DIRS[part.lower()]
    return None


def route(path: str) -> str:
    """URL path of a page under base_url (Docusaurus layout understood)."""
    m = _DOCUSAURUS_I18N.match(path)
    p = f"{m.group(1)}/{m.group(2)}/{path[m.end() :]}" if m else path.removeprefix("docs/")
    return re.sub(r"\.(mdx?|markdown|html?|ya?ml)$", "", p).removesuffix(".faq")


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_corpus(root: Path, *, on_file: Callable[[str], None] | None = None) -> Corpus:
    """Read every page under ``root``; malformed files land in ``problems``."""
    if not root.is_dir():
        raise CorpusError(
            f"Corpus folder {str(root)!r} does not exist. Pass --corpus DIR with your docs."
        )
    config = _config(root)
    base_url = str(config.get("base_url") or "").rstrip("/")
    exclude = DEFAULT_EXCLUDE + _patterns(config.get("exclude"), root=root)
    files: list[SourceFile] = []
    problems: list[Problem] = []
    for rel in _walk(root, exclude):
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if shown != rel:  # the file system gave bytes that are not UTF-8
            problems.append(Problem(shown, "file name is not UTF-8; rename it; skipped"))
            continue
        if on_file:
            on_file(rel)
        try:
            data = (root / rel).read_bytes()
            text = data.decode("utf-8-sig")
            page = _read_page(rel, text)
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(rel, f"not UTF-8 text ({exc.reason} at byte {exc.start}); skipped")
            )
            continue
        except OSError as exc:
            what = "a broken symbolic link" if (root / rel).is_symlink() else "unreadable"
            problems.append(Problem(rel, f"{what} ({exc.strerror}); skipped"))
            continue
        except FormatError as exc:  # its message starts with the path, which Problem already holds
            problems.append(Problem(rel, f"{str(exc).removeprefix(f'{rel}: ')}; skipped"))
            continue
        if page is None:
            continue
        chunks = tuple(_chunks(rel, page, base_url=base_url))
        files.append(SourceFile(path=rel, sha256=file_sha256(data), chunks=chunks))
    if not files:
        detail = f" ({len(problems)} files skipped as malformed)" if problems else ""
        raise CorpusError(
            f"No readable pages under {str(root)!r}{detail}. Add .md, .mdx, .html or FAQ files."
        )
    name = str(config.get("name") or root.name)
    return Corpus(
        root=root,
        name=name,
        base_url=base_url,
        files=tuple(files),
        problems=tuple(problems),
        config=config,
    )


def source_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file a build would look at, ``corpus.yaml`` included, without parsing any.

    Comparing this with the manifest tells whether an index is out of date in the
    time it takes to hash the files (an unreadable file hashes to ``""``).
    """
    if not root.is_dir():
        raise CorpusError(
            f"Corpus folder {str(root)!r} does not exist. Pass --corpus DIR with your docs."
        )
    exclude = DEFAULT_EXCLUDE + _patterns(_config(root).get("exclude"), root=root)
    paths = [*_walk(root, exclude), *(["corpus.yaml"] if (root / "corpus.yaml").is_file() else [])]
    hashes: dict[str, str] = {}
    for rel in paths:
        try:
            hashes[rel] = file_sha256((root / rel).read_bytes())
        except OSError:
            hashes[rel] = ""
    return hashes


def _config(root: Path) -> dict[str, object]:
    path = root / "corpus.yaml"
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError as exc:  # before YAML_ERRORS: it is a ValueError too
        raise CorpusError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}). Save it as UTF-8."
        ) from exc
    except YAML_ERRORS as exc:
        raise CorpusError(
            f"{path}: not valid YAML ({yaml_problem(exc)}). Fix it or delete it to use defaults."
        ) from exc
    except OSError as exc:
        raise CorpusError(
            f"{path}: unreadable ({exc.strerror}). Fix it or delete it to use defaults."
        ) from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping with name / base_url / exclude.")
    return {str(k): v for k, v in data.items()}


def _patterns(value: object, *, root: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CorpusError(
            f"{root / 'corpus.yaml'}: 'exclude' must be a list of glob patterns, e.g. [drafts/*]."
        )
    return tuple(value)


def _walk(root: Path, exclude: tuple[str, ...]) -> Iterator[str]:
    for path in sorted(root.rglob("*")):
        if not path.is_file() and not (path.is_symlink() and not path.exists()):
            continue  # folders are walked; broken links are kept so that they get reported
        rel = path.relative_to(root).as_posix()
        if any(fnmatch.fnmatch(rel, pattern) for pattern in exclude):
            continue
        if (
            _is_faq(rel)
            or path.suffix.lower() in PAGE_SUFFIXES
            or path.suffix.lower() in HTML_SUFFIXES
        ):
            yield rel


def _is_faq(rel: str) -> bool:
    p = PurePosixPath(rel)
    return p.suffix.lower() in FAQ_SUFFIXES and (
        "faq" in p.parts[:-1] or p.name.endswith((".faq.yaml", ".faq.yml"))
    )


def _read_page(rel: str, text: str) -> Page | None:
    suffix = PurePosixPath(rel).suffix.lower()
    if _is_faq(rel):
        return read_faq(text, name=rel)
    if suffix in HTML_SUFFIXES:
        return read_html(text, name=rel)
    reader = PAGE_SUFFIXES.get(suffix)
    return reader(text, name=rel) if reader else None


def _chunks(rel: str, page: Page, *, base_url: str) -> Iterator[Chunk]:
    key = page_key(rel)
    url_base = f"{base_url}/{route(rel)}" if base_url else rel
    declared = path_lang(rel) or _declared_lang(page)
    for entry in page.faq:
        text = f"{entry.question}\n\n{entry.answer}"
        yield Chunk(
            id=f"{rel}#{entry.id}",
            text=entry.answer,
            title_path=(page.title, entry.question),
            source=rel,
            page=f"{key}#{entry.id}",
            url=f"{url_base}#{entry.id}",
            lang=declared or detect_lang(text),
            kind=Kind.FAQ,
            question=entry.question,
        )
    ordinal = 0
    for section in page.sections:
        for piece in split_long(section.text):
            yield Chunk(
                id=f"{rel}#{ordinal}",
                text=piece,
                title_path=section.titles,
                source=rel,
                page=key,
                url=f"{url_base}#{section.anchor}" if section.anchor else url_base,
                lang=declared or detect_lang(" ".join(section.titles) + piece),
                kind=Kind.DOC,
            )
            ordinal += 1


def _declared_lang(page: Page) -> str | None:
    value = page.meta.get("lang") or page.meta.get("language")
    return _LANG_DIRS.get(str(value).lower()) if value else None
