"""How central the broken function is, and the priority it gives with the impact answers.

Priority = centrality of what is broken × impact. A developer's "urgent" or "this blocks
our release" is shown in the reason but does not decide the level: an avatar that does
not refresh is not P0 however it is phrased, and sending messages down for every
production user is P0 however calmly it is reported.

    centrality  what is broken (examples)                                    functions
    ----------  -----------------------------------------------------------  ---------
    core        sending, receiving, login/connection, the app crashing,      P0 … P2
                the server not starting / clients cannot connect
    major       calls, push notifications, files and images, history and    P1 … P2
                sync, group management, wrong message content, slowness
    minor       unread counts and badges, avatars and nicknames, pinning,   P2 … P3
                read receipts, typing, drafts, sorting, size limits, config
    none        a how-to question, a feature request                        P3

    centrality  production, all users, no workaround   production, otherwise   unknown   not production
                (or messages/data lost in production)
    core        P0                                     P1                      P1        P2
    major       P1                                     P2                      P2        P2
    minor       P2                                     P2                      P2        P3
    none        P3                                     P3                      P3        P3

The examples in ``docs/priority.md`` are checked by ``tests/intake/tickets/test_centrality.py``.

Example:
    >>> from intake.types import Category, Impact
    >>> f = broken_function(Category.MESSAGE_DELIVERY, {"symptom_kind": "not_sent"}, "")
    >>> f.centrality.name, decide(f, Impact(production=True, all_users=True, workaround=False))[0]
    ('CORE', <Priority.P0: 'P0'>)
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from intake.types import Category, Impact, Priority

__all__ = ["Centrality", "Function", "broken_function", "decide", "urgency"]


class Centrality(enum.IntEnum):
    NONE = 0
    MINOR = 1
    MAJOR = 2
    CORE = 3


@dataclass(frozen=True, slots=True)
class Function:
    centrality: Centrality
    en: str  # "sending messages", for the reason
    zh: str


_I = re.IGNORECASE
_Rules = tuple[tuple[re.Pattern[str], str, str], ...]


def _rules(*rows: tuple[str, str, str]) -> _Rules:
    """(pattern, English name, Chinese name) rows, patterns compiled case-insensitively."""
    return tuple((re.compile(p, _I), en, zh) for p, en, zh in rows)


# Peripheral features first: a report about them stays minor even when it also says
# "message" or "send" ("the pinned message is not shown", "sending a 25 MB file is refused").
_MINOR: _Rules = _rules(
    (r"\bpin(?:ned|ning|s)?\b|置顶", "pinning", "置顶"),
    (r"avatar|face\s?url|头像", "avatars", "头像"),
    (r"nick\s?name|昵称|备注|remark", "nicknames", "昵称"),
    (r"unread|badge|未读|角标", "unread counts", "未读数"),
    (r"read\s+(?:receipt|status)|is\s?read|已读", "read receipts", "已读回执"),
    (r"typing|正在输入", "the typing indicator", "正在输入提示"),
    (r"\bdrafts?\b|草稿", "drafts", "草稿"),
    (r"\bsort(?:ing|ed)?\b|order\s+of\s+(?:the\s+)?conversations|排序", "sorting", "排序"),
    (r"emoji|sticker|reaction|表情", "emoji and reactions", "表情"),
    (r"dark\s+mode|theme|font|主题|字体", "the look of the UI", "界面样式"),
    (
        r"(?:size|upload)\s+(?:limit|cap)|\b\d+\s?mb\b[^.\n]{0,40}(?:limit|cap|refused|rejected|too\s+large)|"
        r"too\s+large|文件大小|大小限制|上传限制",
        "a size limit",
        "大小限制",
    ),
    (r"announcement|公告", "announcements", "公告"),
    (r"online\s+status|在线状态", "online status", "在线状态"),
    (r"@\s?(?:all|everyone|mention)|有人@我|@所有人", "mentions", "@提醒"),
)
_CORE: _Rules = _rules(
    (
        r"(?:can'?t|cannot|unable\s+to|fails?\s+to|failed\s+to)\s+(?:log\s?in|sign\s?in|connect)|login\s+fail|"
        r"登录失败|登录不上|连不上|无法登录|无法连接",
        "login and connection",
        "登录与连接",
    ),
    (
        r"(?:container|service|server|pod)s?\s+(?:is\s+|are\s+)?(?:down|unhealthy|crash\w*|won'?t\s+start|"
        r"fails?\s+to\s+start|not\s+start\w*)|(?:can'?t|cannot|fails?\s+to)\s+start|启动失败|起不来|服务挂了|宕机",
        "the server running",
        "服务端运行",
    ),
)
_MAJOR: _Rules = _rules(
    (r"\bcalls?\b|audio|video|rtc|livekit|通话|音视频|视频|语音", "calls", "音视频通话"),
    (r"push|notification|apns|fcm|推送|通知", "push notifications", "推送"),
    (r"image|picture|photo|file|upload|minio|s3|图片|文件|上传", "files and images", "图片和文件"),
    (r"history|sync|roaming|历史|同步|漫游", "history and sync", "历史消息与同步"),
    (r"group\s+(?:member|owner|admin|manage)|kick|invite|join|群成员|踢|邀请|入群", "group management", "群管理"),
    (r"search|搜索", "search", "搜索"),
)
_BY_KIND: Mapping[str, tuple[Centrality, str, str]] = {
    "not_sent": (Centrality.CORE, "sending messages", "发送消息"),
    "not_received": (Centrality.CORE, "receiving messages", "接收消息"),
    "disconnects": (Centrality.CORE, "staying connected", "保持连接"),
    "crash": (Centrality.CORE, "the app running (it crashes)", "应用运行（崩溃）"),
    "shown_wrong": (Centrality.MAJOR, "how messages are shown", "消息显示"),
    "latency": (Centrality.MAJOR, "message speed", "消息速度"),
    "audio_noise": (Centrality.MAJOR, "call quality", "通话质量"),
}
_BY_CATEGORY: Mapping[Category, tuple[Centrality, str, str]] = {
    Category.CONNECTION: (Centrality.CORE, "login and connection", "登录与连接"),
    Category.MESSAGE_DELIVERY: (Centrality.CORE, "message delivery", "消息收发"),
    Category.AUDIO_VIDEO: (Centrality.MAJOR, "calls", "音视频通话"),
    Category.PERFORMANCE: (Centrality.MAJOR, "performance", "性能"),
    Category.CRASH_INTEGRATION: (Centrality.MAJOR, "integration", "集成"),
    Category.SERVER_DEPLOYMENT: (Centrality.MINOR, "server configuration", "服务端配置"),
    Category.OTHER: (Centrality.MINOR, "a secondary function", "次要功能"),
}


def broken_function(category: Category, fields: Mapping[str, str], text: str = "") -> Function:
    """What is broken and how central it is, from the category, symptom kind and words."""
    if category in (Category.HOW_TO, Category.FEATURE_REQUEST):
        what = ("a how-to question", "使用咨询") if category is Category.HOW_TO else ("a feature request", "功能需求")
        return Function(Centrality.NONE, *what)
    words = " ".join((fields.get("symptom", ""), fields.get("summary", ""), text))
    for pattern, en, zh in _MINOR:
        if pattern.search(words):
            return Function(Centrality.MINOR, en, zh)
    for pattern, en, zh in _CORE:
        if pattern.search(words):
            return Function(Centrality.CORE, en, zh)
    kind = fields.get("symptom_kind", "")
    if category is Category.SERVER_DEPLOYMENT:
        # the server breaks a core function for its clients, or it is configuration and tooling
        if kind in _BY_KIND and _BY_KIND[kind][0] is Centrality.CORE:
            return Function(*_BY_KIND[kind])
        return Function(Centrality.MINOR, "server configuration and tooling", "服务端配置与工具")
    if kind in _BY_KIND:
        return Function(*_BY_KIND[kind])
    for pattern, en, zh in _MAJOR:
        if pattern.search(words):
            return Function(Centrality.MAJOR, en, zh)
    return Function(*_BY_CATEGORY.get(category, (Centrality.MINOR, "a secondary function", "次要功能")))


_URGENT = re.compile(
    r"\burgent(?:ly)?\b|\basap\b|as\s+soon\s+as\s+possible|\bblock(?:s|ing|ed)?\s+(?:our\s+|the\s+)?"
    r"(?:release|launch|go-?live|rollout)|release\s+(?:is\s+)?(?:tomorrow|next\s+week|on\s+\w+day)|critical|"
    r"紧急|很急|急需|尽快|卡住(?:了)?(?:上线|发版)|影响(?:上线|发版)|明天(?:上线|发版)",
    _I,
)


def urgency(text: str) -> str | None:
    """The words in which the developer said it is urgent ("urgent, blocks our release"), if any."""
    said = list(dict.fromkeys(m.group(0).strip() for m in _URGENT.finditer(text)))
    return ", ".join(said) if said else None


_TABLE: Mapping[Centrality, tuple[Priority, Priority, Priority, Priority]] = {
    # down (all users, no workaround, or data lost), production otherwise, unknown, not production
    Centrality.CORE: (Priority.P0, Priority.P1, Priority.P1, Priority.P2),
    Centrality.MAJOR: (Priority.P1, Priority.P2, Priority.P2, Priority.P2),
    Centrality.MINOR: (Priority.P2, Priority.P2, Priority.P2, Priority.P3),
    Centrality.NONE: (Priority.P3, Priority.P3, Priority.P3, Priority.P3),
}


def decide(function: Function, impact: Impact) -> tuple[Priority, str, str]:
    """The priority for ``function`` with ``impact``, and why (en, zh), without the urgency words."""
    down = impact.production is True and (
        impact.data_loss is True or (impact.all_users is True and impact.workaround is False)
    )
    if down and impact.data_loss:
        column, en, zh = 0, "production is losing messages or data", "生产环境正在丢失消息或数据"
    elif down:
        column, en, zh = 0, "production is down for all users with no workaround", "生产环境全部用户受影响且无临时方案"
    elif impact.production is True:
        some = impact.all_users is False
        en = (
            "production is affected"
            + (" for some users" if some else "")
            + (" and a workaround exists" if impact.workaround else "")
        )
        zh = "生产环境受影响" + ("（部分用户）" if some else "") + ("，且有临时方案" if impact.workaround else "")
        column = 1
    elif impact.production is None:
        column, en, zh = 2, "it is not known yet whether production is affected", "尚不清楚是否影响生产环境"
    else:
        column, en, zh = 3, "production is not affected", "未影响生产环境"
    priority = _TABLE[function.centrality][column]
    level = {
        Centrality.CORE: ("a core function", "核心功能"),
        Centrality.MAJOR: ("a major function", "主要功能"),
        Centrality.MINOR: ("a secondary function", "次要功能"),
        Centrality.NONE: ("", ""),
    }[function.centrality]
    if function.centrality is Centrality.NONE:
        return priority, f"this is {function.en}.", f"这是{function.zh}。"
    return (
        priority,
        f"{function.en} is {level[0]}; {en}.",
        f"{function.zh}属于{level[1]}；{zh}。",
    )
