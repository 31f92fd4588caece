"""FAQ files: a small YAML format the docs team edits by hand.

::

    lang: en                      # optional; otherwise taken from the folder (faq/en/…)
    entries:
      - id: send-timeout-2002     # unique in the corpus, stable: it is the anchor
        question: Why does sendMessage fail with 2002 SEND_TIMEOUT?
        answer: |
          Markdown text.
        tags: [messaging, network]            # optional
        links: [/en/error-codes#send-timeout] # optional, absolute or relative to base_url

Every problem is reported with the entry number and key, e.g.
``faq/en/push.yaml: entry 3 ('push-missing'): 'answer' is empty``.
"""

from __future__ import annotations

from typing import Any

import yaml

from retrieval.formats.section import (
    YAML_ERRORS,
    FaqEntry,
    FormatError,
    Page,
    scalar_text,
    yaml_problem,
)


def read_faq(text: str, *, name: str) -> Page:
    """Read one FAQ file into a page whose ``faq`` holds the entries."""
    try:
        data = yaml.safe_load(text)
    except YAML_ERRORS as exc:
        raise FormatError(f"{name}: not valid YAML ({yaml_problem(exc)})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise FormatError(
            f"{name}: expected a mapping with an 'entries' list (see retrieval/formats/faq.py)"
        )
    entries: list[FaqEntry] = []
    seen: set[str] = set()
    for number, raw in enumerate(data["entries"], start=1):
        entry = _entry(raw, where=f"{name}: entry {number}")
        if entry.id in seen:
            raise FormatError(f"{name}: entry {number}: id {entry.id!r} is used twice in this file")
        seen.add(entry.id)
        entries.append(entry)
    meta: dict[str, object] = {k: v for k, v in data.items() if k != "entries"}
    title = scalar_text(data.get("title")) or name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Page(title=title, faq=tuple(entries), meta=meta)


def _entry(raw: Any, *, where: str) -> FaqEntry:
    if not isinstance(raw, dict):
        raise FormatError(f"{where}: expected a mapping with id, question and answer")
    ident = scalar_text(raw.get("id"))
    where = f"{where} ({ident!r})" if ident else where
    for key in ("id", "question", "answer"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str | int):
            # e.g. an unquoted date or a list: say so instead of "missing"
            raise FormatError(
                f"{where}: {key!r} must be text, got {type(value).__name__}; put it in quotes"
            )
        if value is None or not str(value).strip():
            raise FormatError(f"{where}: {key!r} is missing or empty")
    return FaqEntry(
        id=ident,
        question=str(raw["question"]).strip(),
        answer=str(raw["answer"]).strip(),
        tags=_strings(raw.get("tags"), key="tags", where=where),
        links=_strings(raw.get("links"), key="links", where=where),
    )


def _strings(value: Any, *, key: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FormatError(f"{where}: {key!r} must be a list of strings, e.g. [a, b]")
    return tuple(v.strip() for v in value if v.strip())
