"""Which language a text is written in: the one rule every package uses.

supportbot answers in English or Chinese. A developer's message, a search query
and a docs section whose folder does not say all get their language here, so a
message such as "群消息 not delivered on Android phones" is Chinese to the router,
the intake dialog and the retriever alike.

The rule, in order:

1. No Chinese character at all: English.
2. A run of three or more Chinese characters ("群消息", "之后杂音很大"): Chinese. A
   phrase that long is written, not quoted; two-character runs are usually names
   ("小米", "华为") inside an English sentence.
3. Otherwise Chinese when Chinese characters make up at least 40 % of the
   characters-plus-Latin-words (a Chinese character carries about as much as a
   short English word), so a Chinese sentence full of API names stays Chinese.

Every string table has one shape, key → ``{"en": …, "zh": …}`` (both translations
side by side); :func:`text` reads one entry and :func:`column` one language.

Only the standard library is used: ``retrieval`` and ``intake`` both import this
without importing each other.

Example:
    >>> detect_lang("群消息 not delivered on Android phones")
    'zh'
    >>> detect_lang("My 小米13 can't receive group messages"), detect_lang("")
    ('en', 'en')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeVar

__all__ = ["LANGS", "Lang", "Texts", "as_lang", "column", "detect_lang", "text"]

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
K = TypeVar("K")
# The shape of every string table: key -> {"en": ..., "zh": ...}.
Texts = Mapping[K, Mapping[str, str]]

# Han ideographs (with extension A and compatibility forms) and Japanese kana.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_PHRASE = re.compile(f"[{_CJK}]{{3,}}")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_ZH_SHARE = 0.4


def detect_lang(text: str) -> Lang:
    """``"zh"`` or ``"en"`` for ``text`` by the rule in the module docstring."""
    cjk = len(_CJK_CHAR.findall(text))
    if cjk == 0:
        return "en"
    if _CJK_PHRASE.search(text):
        return "zh"
    words = len(_LATIN_WORD.findall(text))
    return "zh" if cjk / (cjk + words) >= _ZH_SHARE else "en"


def as_lang(value: str | None) -> Lang:
    """Coerce a stored or caller-given language code to ``"en"`` or ``"zh"``.

    Example:
        >>> as_lang("zh-CN"), as_lang(None)
        ('zh', 'en')
    """
    return "zh" if (value or "").lower().startswith("zh") else "en"


def text(table: Texts[K], key: K, lang: str | None) -> str:
    """Entry ``key`` of ``table`` in ``lang`` (Chinese for ``zh*``, English otherwise).

    Example:
        >>> text({"yes": {"en": "yes", "zh": "是"}}, "yes", "zh-CN")
        '是'
    """
    return table[key][as_lang(lang)]


def column(table: Texts[K], lang: str | None) -> Mapping[K, str]:
    """All of ``table`` in one language, read-only.

    Example:
        >>> column({"yes": {"en": "yes", "zh": "是"}}, "en")["yes"]
        'yes'
    """
    wanted = as_lang(lang)
    return MappingProxyType({key: entry[wanted] for key, entry in table.items()})
