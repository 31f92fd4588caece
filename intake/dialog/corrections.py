"""Corrections in plain language, English and Chinese: what the developer says we got wrong.

``find_corrections`` reads sentences such as

* "this is a bug, not a how-to question", "不是咨询，是 bug" → category: a problem
  (``PROBLEM``: the dialog picks the likeliest problem category and says so);
* "it's a feature request", "这是功能需求" → that category;
* "the platform is wrong, it's the server", "平台不对" → the platform is cleared (and
  asked again), or replaced by what follows; "the server" means the report is about the
  server (category ``server_deployment``, no client platform);
* "actually the version is 3.8.1+1" → an edit of the field named (the leading
  "actually" / "其实" / "no," is dropped so ``find_edits`` sees "version is 3.8.1+1").

Example:
    >>> [(c.key, c.value) for c in find_corrections("this is a bug, not a how-to question")]
    [('category', 'problem')]
    >>> [(c.key, c.value) for c in find_corrections("平台不对，是服务端")]
    [('platform', None), ('category', 'server_deployment')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.dialog.fields import resolve_field
from intake.dialog.validate import category_of
from intake.errors import FieldValueError

__all__ = ["PROBLEM", "Correction", "find_corrections", "strip_correction_words"]

PROBLEM = "problem"  # "a bug": some problem category, the likeliest one

_I = re.IGNORECASE
_BUG = r"(?:a\s+)?(?:bug|defect|problem|issue|malfunction|regression)|缺陷|故障|bug|问题|毛病"
_KIND_WORDS = (
    r"(?:a\s+|an\s+)?(?:how-?to(?:\s+question)?|usage\s+question|question|feature(?:\s+request)?|request|"
    r"server(?:[\s/-]+(?:side|deployment|problem|issue))?|deployment(?:\s+(?:problem|issue))?|config(?:uration)?\s+"
    r"(?:problem|issue)|crash|connection\s+(?:problem|issue)|login\s+problem|message\s+delivery(?:\s+problem)?|"
    r"performance(?:\s+problem)?|audio[\s/-]*video(?:\s+problem)?|"
    r"bug|defect|problem|issue)|使用咨询|咨询|提问|功能需求|需求|服务端(?:问题)?|部署问题|崩溃|连接问题|性能问题|"
    r"音视频问题|消息问题|bug|缺陷|故障"
)
# "this is a bug, not a how-to question", "it's a feature request", "不是咨询，是bug"
_IS_KIND = re.compile(
    rf"(?:^|[\s,，.。;；!！])(?:this|it)(?:'s|\s+is|\s+was)\s+(?:really\s+|actually\s+)?(?P<new>{_KIND_WORDS})"
    rf"(?![\w-])|(?:这|这个|它)(?:是|属于)(?:一个|个)?\s*(?P<new_zh>{_KIND_WORDS})",
    _I,
)
_NOT_KIND = re.compile(
    rf"\bnot\s+(?P<old>{_KIND_WORDS})(?![\w-])\s*[,，;；]?\s*(?:(?:it'?s|it\s+is|but)\s+(?P<new>{_KIND_WORDS}))?|"
    rf"不是\s*(?P<old_zh>{_KIND_WORDS})\s*[,，;；]?\s*(?:(?:而)?是\s*(?P<new_zh>{_KIND_WORDS}))?",
    _I,
)
# "the platform is wrong", "platform wrong", "平台不对", "版本写错了"
_WRONG = re.compile(
    r"(?:the\s+|your\s+)?(?P<field>[A-Za-z][A-Za-z _-]{1,24}?|[\u4e00-\u9fff]{1,6}?)\s*"
    r"(?:is\s+|was\s+|are\s+)?(?:wrong|incorrect|not\s+right|isn'?t\s+right|不对|错了|有误|不正确|写错了|识别错了)"
    r"(?:(?:\s*[:：-]\s*|\s*[,，;；.。]?\s*(?:it'?s|it\s+is|should\s+be|is|actually|应该是|应为|是)\s*)"
    r"(?P<value>[^,，;；。\n]{1,40}?)\s*[.。]?\s*(?=$|[,，;；\n]))?",
    _I,
)
_SERVER = re.compile(
    r"^(?:the\s+)?(?:server|backend|服务端|服务器|后端)(?:[\s-]*side)?\s*(?:的)?\s*(?:问题|issue|problem|bug)?$", _I
)
_LEADING = re.compile(
    r"^\s*(?:(?:no|nope|sorry|oops|wait|correction|actually|my\s+bad)\b[,，:!.\s]*|(?:不对|不是|其实|更正|纠正|说错了)[,，:：\s]*)+",
    _I,
)


@dataclass(frozen=True, slots=True)
class Correction:
    """``key`` is a field name or ``"category"``; ``value`` ``None`` means "that is wrong, ask again"."""

    key: str
    value: str | None


def strip_correction_words(text: str) -> str:
    """ "actually the version is 3.8.1" → "the version is 3.8.1" (so edits can be read)."""
    return _LEADING.sub("", text)


def _category(word: str) -> str | None:
    clean = word.strip().lower()
    if re.fullmatch(_BUG, clean, _I):
        return PROBLEM
    if re.match(r"(?:a\s+)?(?:server|deployment|config|服务端|部署)", clean, _I):
        return "server_deployment"
    try:
        return category_of(re.sub(r"^(?:a|an)\s+", "", clean)).value
    except FieldValueError:
        return None


def find_corrections(text: str) -> list[Correction]:
    """Plain-language corrections in ``text``, in the order they are said (see the module docstring)."""
    out: list[Correction] = []
    said_category = None
    m = _IS_KIND.search(text)
    if m:
        said_category = _category(m.group("new") or m.group("new_zh"))
    n = _NOT_KIND.search(text)
    if n and said_category is None:
        new = n.group("new") or n.group("new_zh")
        old = _category(n.group("old") or n.group("old_zh") or "")
        if new:
            said_category = _category(new)
        elif old in ("how_to", "feature_request"):
            said_category = PROBLEM  # "not a how-to question": it is a problem report
    for w in _WRONG.finditer(text):
        field = resolve_field(w.group("field"))
        if field is None or field == "category":
            continue
        value = (w.group("value") or "").strip() or None
        out.append(Correction(field, None))
        if value and _SERVER.match(value):
            said_category = said_category or "server_deployment"
        elif value:
            out.append(Correction(field, value))
    if said_category:
        out.append(Correction("category", said_category))
    return out
