"""BM25 tokens for Chinese and English text (the language rule is ``textlang``).

Chinese runs go through jieba's search-mode segmentation; everything else is
lower-cased words. Code identifiers are kept whole and also split on camelCase
and underscores, so ``getOneConversation`` matches "get one conversation".
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*|\d+(?:\.\d+)*")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_LETTER = re.compile(r"[A-Za-z]")

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "this",
        "that",
        "i",
        "we",
        "you",
        "my",
        "our",
        "your",
        "how",
        "what",
        "why",
        "when",
        "where",
        "which",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "have",
        "has",
        "had",
        "not",
        "no",
        "but",
        "if",
        "so",
        "as",
        "at",
        "by",
        "from",
        "into",
        "about",
        "me",
        "us",
        "they",
        "them",
        "there",
        "here",
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "或",
        "吗",
        "呢",
        "吧",
        "啊",
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "怎么",
        "如何",
        "什么",
        "为什么",
        "一个",
        "这个",
        "那个",
        "请问",
        "有",
        "没有",
        "就",
        "都",
        "也",
        "还",
        "被",
        "把",
        "及",
    ]
)


@lru_cache(maxsize=1)
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _cut(text: str) -> list[str]:
    jieba = _jieba()
    return [w for w in jieba.cut_for_search(text) if w.strip()]  # type: ignore[attr-defined]


def tokenize(text: str) -> list[str]:
    """BM25 tokens of ``text``.

    >>> tokenize("How to call getOneConversation?")
    ['call', 'getoneconversation', 'get', 'one', 'conversation']
    """
    tokens: list[str] = []
    pos = 0
    for match in _CJK_RUN.finditer(text):
        tokens.extend(_latin(text[pos : match.start()]))
        tokens.extend(w for w in _cut(match.group(0)) if w not in STOPWORDS)
        pos = match.end()
    tokens.extend(_latin(text[pos:]))
    return tokens


def _latin(text: str) -> list[str]:
    out: list[str] = []
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in STOPWORDS:
            continue
        out.append(lower)
        if _LETTER.search(word):
            parts = [p.lower() for p in _CAMEL.findall(word.replace("_", " "))]
            if len(parts) > 1:
                out.extend(p for p in parts if p not in STOPWORDS)
    return out
