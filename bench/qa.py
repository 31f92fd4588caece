"""Labelled question sets: one JSON object per line with ``question`` and ``answer_pages``.

``answer_pages`` lists corpus-relative paths that answer the question; an empty
list marks a question the docs do not answer (the bot should decline it).
Other keys (``id``, ``lang``, ``note`` …) are carried along and ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus import page_key
from retrieval.errors import RetrievalError


@dataclass(frozen=True, slots=True)
class QAItem:
    id: str
    question: str
    lang: str
    pages: frozenset[str]  # language-independent page keys; empty = no answer in the docs

    @property
    def answerable(self) -> bool:
        return bool(self.pages)


def read_qa(path: Path) -> list[QAItem]:
    """Read a QA file; a bad line raises an error naming the file, the line and the fix."""
    if not path.exists():
        raise RetrievalError(f"QA file {str(path)!r} does not exist. Pass --qa FILE.jsonl.")
    data_bytes = _read_bytes(path)
    try:
        text = data_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_no = data_bytes[: exc.start].count(b"\n") + 1
        raise RetrievalError(
            f"{path}:{line_no}: not UTF-8 text ({exc.reason}). Save the file as UTF-8."
        ) from exc
    items: list[QAItem] = []
    # JSON Lines are split on "\n" only: str.splitlines would also break a line at a
    # U+2028 or \x85 that JSON allows raw inside a string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except (ValueError, RecursionError) as exc:  # also huge integers and deep nesting
            detail = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc).split(";")[0]
            raise RetrievalError(
                f"{where}: not JSON ({detail}). Each line must be one JSON object."
            ) from exc
        if not isinstance(data, dict):
            raise RetrievalError(
                f"{where}: expected a JSON object with 'question' and 'answer_pages'."
            )
        question = data.get("question")
        pages = data.get("answer_pages")
        if not isinstance(question, str) or not question.strip():
            raise RetrievalError(f"{where}: 'question' is missing or empty.")
        if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
            raise RetrievalError(
                f"{where}: 'answer_pages' must be a list of corpus paths ([] for none)."
            )
        items.append(
            QAItem(
                id=str(data.get("id") or f"line-{number}"),
                question=question,
                lang=str(data.get("lang") or ""),
                pages=frozenset(page_key(p) for p in pages),
            )
        )
    if not items:
        raise RetrievalError(f"QA file {str(path)!r} has no questions.")
    return items


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RetrievalError(
            f"QA file {str(path)!r} is unreadable ({exc.strerror}). Pass --qa FILE.jsonl."
        ) from exc
