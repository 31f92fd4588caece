"""Split long sections into pieces an embedding model can read whole.

Size is counted in approximate model tokens: a CJK character is about one token,
other text about four characters per token. Pieces break at blank lines outside
code fences, so a code block is only split when it alone is over budget.
"""

from __future__ import annotations

import re

MAX_TOKENS = 200
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def approx_tokens(text: str) -> int:
    """Rough token count for budget decisions.

    >>> approx_tokens("hello world, this is text"), approx_tokens("消息发送失败")
    (7, 6)
    """
    cjk = len(_CJK.findall(text))
    return cjk + (len(text) - cjk + 3) // 4


def _paragraphs(text: str) -> list[str]:
    paras: list[str] = []
    buf: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not line.strip() and not in_fence:
            if buf:
                paras.append("\n".join(buf))
                buf = []
            continue
        buf.append(line)
    if buf:
        paras.append("\n".join(buf))
    return paras


def _fitting_prefix(line: str, budget: int) -> int:
    """Length of the longest prefix of ``line`` within ``budget`` (at least 1).

    Found by bisection, because CJK and Latin text cost differently per character
    and a prefix dense in CJK would overrun a cut made by proportion.

    >>> _fitting_prefix("消息" * 10 + "abcd" * 10, 12)
    12
    """
    low, high = 1, min(len(line), 4 * budget + 4)  # no longer prefix can fit
    while low < high:
        mid = (low + high + 1) // 2
        if approx_tokens(line[:mid]) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def _hard_split(para: str, budget: int) -> list[str]:
    pieces: list[str] = []
    buf: list[str] = []
    for line in para.splitlines():
        if buf and approx_tokens("\n".join([*buf, line])) > budget:
            pieces.append("\n".join(buf))
            buf = []
        while approx_tokens(line) > budget:
            cut = _fitting_prefix(line, budget)
            pieces.append(line[:cut])
            line = line[cut:]
        buf.append(line)
    if buf:
        pieces.append("\n".join(buf))
    return pieces


def split_long(text: str, *, budget: int = MAX_TOKENS) -> list[str]:
    """Split ``text`` into pieces of at most ``budget`` approximate tokens.

    >>> split_long("short")
    ['short']
    >>> len(split_long("\\n\\n".join(["word " * 150] * 3)))
    3
    """
    if approx_tokens(text) <= budget:
        return [text] if text.strip() else []
    pieces: list[str] = []
    current = ""
    for para in _paragraphs(text):
        parts = _hard_split(para, budget) if approx_tokens(para) > budget else [para]
        for part in parts:
            candidate = f"{current}\n\n{part}" if current else part
            if current and approx_tokens(candidate) > budget:
                pieces.append(current)
                current = part
            else:
                current = candidate
    pieces.append(current)
    # A hard cut can leave a piece of only spaces (e.g. "0000 㐀" at budget 1); never index one.
    return [p for p in pieces if p.strip()]
