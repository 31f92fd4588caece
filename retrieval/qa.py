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
    items: list[QAItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RetrievalError(f"{where}: not JSON ({exc.msg}). Each line must be one JSON object.") from exc
        if not isinstance(data, dict):
            raise RetrievalError(f"{where}: expected a JSON object with 'question' and 'answer_pages'.")
        question = data.get("question")
        pages = data.get("answer_pages")
        if not isinstance(question, str) or not question.strip():
            raise RetrievalError(f"{where}: 'question' is missing or empty.")
        if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
            raise RetrievalError(f"{where}: 'answer_pages' must be a list of corpus paths ([] for none).")
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
