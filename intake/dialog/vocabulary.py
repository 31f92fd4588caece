"""The one vocabulary of the intake: the words developers use, read by extraction and validation.

Everything a developer may write for a closed value lives here, once:

* ``PLATFORM_PATTERNS`` find a client platform in prose (frameworks first, so "Flutter on
  Android" is Flutter), with aliases and common typos ("fluter", "uni-app", "RN",
  "WeChat mini program"); ``CHOICE_WORDS`` are the short answers to "which platform?";
* the keyword tables ``NETWORKS``, ``CHAT_TYPES``, ``FREQUENCY``, ``SINCE`` and
  ``SYMPTOM_KINDS`` (ordered: an earlier, more specific phrase consumes its words before
  a later one looks, so "sent but not received" is not also "not sent");
* ``DEPLOYMENTS`` (docker / source / kubernetes) and ``SECTION_HEADINGS``: what an
  issue-template heading ("### OpenIM Server Version", "**Steps to reproduce**",
  "复现步骤：") is about, in English and Chinese.

Example:
    >>> [v for v, p in PLATFORM_PATTERNS if p.search("our fluter app on Android 14")]
    ['flutter', 'android']
    >>> heading_kind("How can we reproduce it (as minimally and precisely as possible)?")
    'repro'
    >>> heading_kind("OpenIM Server Version"), heading_kind("预期结果")
    ('server_version', 'expected')
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_I = re.IGNORECASE
Table = tuple[tuple[str, re.Pattern[str]], ...]


def _table(rows: Sequence[tuple[str, str]]) -> Table:
    return tuple((value, re.compile(pattern, _I)) for value, pattern in rows)


# -- client platforms -----------------------------------------------------------------------

# Cross-platform frameworks first: "Flutter on Android" is a Flutter problem.
FRAMEWORK_PLATFORMS: Table = _table(
    (
        ("flutter", r"(?<![A-Za-z])(?:flutter|fluter|fultter|flutte|flutter_openim_sdk)(?![A-Za-z])|flutter"),
        ("react_native", r"react[\s-]?native|(?-i:(?<![A-Za-z])RN(?![A-Za-z]))"),
        ("electron", r"(?<![A-Za-z])(?:electron|electorn)(?![A-Za-z])"),
        ("uniapp", r"(?<![A-Za-z])uni[\s-]?app(?![A-Za-z])"),
        (
            "miniprogram",
            r"(?:we\s?chat|weixin)\s*(?:small|mini)[\s-]?(?:programs?|apps?)|mini[\s-]?programs?|微信小程序|小程序",
        ),
        ("unity", r"(?<![A-Za-z])unity(?:3d)?(?![A-Za-z])"),
    )
)
NATIVE_PLATFORMS: Table = _table(
    (
        ("android", r"(?<![A-Za-z])(?:android|andriod|andorid)(?![A-Za-z])|安卓"),
        ("ios", r"(?<![A-Za-z])(?:ios|ipados)(?![A-Za-z])"),
        (
            "web",
            r"(?<![A-Za-z@/])web(?![A-Za-z-])(?!\s*(?:console|ui|dashboard|portal|admin|hook|server|api|后台|控制台))|"
            r"(?<![A-Za-z])wasm(?![A-Za-z])|wasm-client-sdk|@nimbus-im/sdk(?![\w-])|(?-i:(?<![A-Za-z])H5(?![A-Za-z0-9]))|浏览器|网页",
        ),
        ("windows", r"(?<![A-Za-z])(?:windows|win(?:7|8|10|11))(?![A-Za-z])"),
        (
            "macos",
            r"(?<![A-Za-z])(?:mac\s?os(?:\s?x)?|osx)(?![A-Za-z])|(?<![A-Za-z])mac(?![A-Za-z])(?!\s*address)",
        ),
        ("linux", r"(?<![A-Za-z])linux\s+(?:desktop|client|app|sdk)|(?:ubuntu|deepin)\s+desktop"),
    )
)
PLATFORM_PATTERNS: Table = (*FRAMEWORK_PLATFORMS, *NATIVE_PLATFORMS)
# Weaker signals, used only when no platform is named. A push vendor (FCM, APNs) is not
# a platform: Flutter and React Native apps use them too.
PLATFORM_HINTS: Table = _table(
    (
        (
            "ios",
            r"iphone|ipad|xcode|cocoapods|podfile|testflight|appdelegate|swiftui|(?<![A-Za-z])swift(?![A-Za-z])|"
            r"(?<![A-Za-z])nimbusim(?![A-Za-z])",
        ),
        (
            "android",
            r"gradle|kotlin|(?<![A-Za-z])apk(?![A-Za-z])|proguard|androidmanifest|logcat|com\.nimbuslabs|"
            r"(?<![A-Za-z])(?:xiaomi|redmi|huawei|honor|oppo|vivo|samsung|pixel|oneplus)(?![A-Za-z])|小米|红米|华为|荣耀|三星",
        ),
    )
)
# "not Android", "不是安卓": a platform named only to be ruled out.
NOT_PLATFORM = re.compile(
    r"(?:\bnot|\bisn'?t|\bno\s+longer|\binstead\s+of|\brather\s+than|不是|而不是)\s*(?:on\s+|an?\s+)?"
    r"(?:android|ios|web|flutter|react[\s-]?native|windows|macos|electron|uni-?app|unity|安卓)(?![A-Za-z])",
    _I,
)

# -- server facts ---------------------------------------------------------------------------

DEPLOYMENTS: Table = _table(
    (
        ("kubernetes", r"kubernetes|(?<![A-Za-z])k8s(?![A-Za-z])|helm\s+chart|(?<![A-Za-z])helm(?![A-Za-z])"),
        ("docker", r"docker(?:[\s-]?compose)?|容器部署"),
        ("source", r"source(?:\s+code)?(?:\s+deploy\w*)?|from\s+source|源码|源代码|二进制"),
    )
)
# Words that say the report is about the server, its deployment or configuration.
SERVER_WORDS = re.compile(
    r"(?<![A-Za-z])(?:kafka|minio|mongo(?:db)?|redis|etcd|zookeeper|nginx|docker(?:[\s-]?compose)?|kubernetes|k8s|"
    r"helm|openim-server|open-im-server|s3convert|deploy\w*|config(?:uration)?\s+files?|\.env|"
    r"rest\s?api|server\s+api|admin\s+api|webhook|prometheus|grafana|openim-chat|chat\s+server|msg_gateway|"
    r"msggateway|api\s+server|backend|systemd|mage)(?![A-Za-z])|部署|服务端|服务器|后台服务|后端|配置文件",
    _I,
)

# -- section headings (issue templates, bold labels, "key: value" lines) --------------------

_HEADINGS: tuple[tuple[str, str], ...] = (
    (
        "server_os",
        r"operating\s+system\s+and\s+cpu|cpu\s+arch\w*|server\s+os|server\s+(?:host|system)|"
        r"服务器(?:操作)?系统|服务端系统",
    ),
    ("server_version", r"server\s+version|openim\s+server|服务端版本|服务器版本|server\s+版本|im\s+server\s+version"),
    ("deployment", r"deploy(?:ment)?(?:\s+method|\s+mode|\s+type)?|部署方式|部署方法|安装方式|部署"),
    ("sdk_version", r"sdk\s+version|client\s+version|sdk\s*版本|客户端版本|client\s+sdk"),
    ("platform", r"sdk\s+platform|client\s+platform|^platform|平台|客户端类型|端"),
    ("device_model", r"\bdevices?(?:\s+model)?\b|\bphone\s+model|机型|设备(?:型号)?|手机型号"),
    ("os_version", r"\boperating\s+system\b|\bos\b(?:\s+version)?|系统版本|操作系统"),
    ("repro", r"reproduc|\brepro\b|\bsteps\b|复现|重现|步骤"),
    ("expected", r"expect|should\s+happen|期望|预期|应该"),
    ("actual", r"what\s+happened|actual|current\s+behaviou?r|实际|现象"),
    ("logs", r"\blogs?(?:\s+output)?\b|console\s+output|stack\s?trace|error\s+output|日志|报错信息|错误信息|堆栈"),
    (
        "feature",
        r"why\s+this\s+feature|feature|suggested\s+solution|solution|benefits|alternatives|"
        r"describe\s+the\s+solution|use\s+case|需求|建议|方案|功能",
    ),
    ("environment", r"environment|\benv\b|环境"),
    ("version", r"^(?:versions?|版本(?:号|信息)?)$|^version\s+info"),
    (
        "description",
        r"descri|what\s+is\s+the\s+(?:bug|problem|issue)|summary|problem|issue|bug|"
        r"问题描述|描述|说明|问题",
    ),
    ("screenshots", r"screenshots?|截图|anything\s+else|additional|其他|补充"),
)
_HEADING_TABLE: Table = _table(_HEADINGS)


# A ``key: value`` line is a label only for these kinds, or when the key is one of
# ``_PLAIN_KEYS``: "Intermittent issue: when …" is prose, "Description: …" a label.
LABEL_KINDS = frozenset(
    {
        "server_os",
        "server_version",
        "deployment",
        "sdk_version",
        "platform",
        "device_model",
        "os_version",
        "repro",
        "expected",
        "actual",
        "logs",
        "version",
    }
)
_PLAIN_KEYS = frozenset(
    {
        "description",
        "problem",
        "issue",
        "summary",
        "environment",
        "env",
        "use case",
        "feature",
        "问题",
        "描述",
        "问题描述",
        "现象描述",
        "环境",
        "需求",
        "场景",
    }
)


def label_kind(key: str) -> str | None:
    """What a ``key: value`` key is about, or ``None`` when the line is prose."""
    kind = heading_kind(key)
    if kind is None or len(key.split()) > 5:
        return None
    if kind in LABEL_KINDS or " ".join(key.lower().split()) in _PLAIN_KEYS:
        return kind
    return None


def keyword_hits(table: Table, text: str) -> list[tuple[int, str]]:
    """``(position, value)`` of every match of ``table`` in ``text``, in text order.

    Rows are tried in order and each one's matches are blanked before the next row looks,
    so an earlier, more specific phrase consumes its words ("not always" is not also
    "always"). Blanking once per row keeps this linear in the text's length.
    """
    hits: list[tuple[int, str]] = []
    rest = text
    for value, pattern in table:
        spans = [m.span() for m in pattern.finditer(rest)]
        if not spans:
            continue
        hits.extend((a, value) for a, _ in spans)
        parts, last = [], 0
        for a, b in spans:
            parts += [rest[last:a], " " * (b - a)]
            last = b
        rest = "".join(parts) + rest[last:]
    return sorted(hits)


def heading_kind(heading: str) -> str | None:
    """What a template heading or bold label is about, or ``None`` when it is not one we know.

    The first match wins, so "Bug Description and Steps to Reproduce" is ``repro`` (the
    section holds the steps) and "Operating System and CPU Architecture" is the server host.
    """
    clean = re.sub(r"[*_`#:：?？()（）\[\]]+", " ", heading).strip().lower()
    clean = " ".join(clean.split())
    if not clean or len(clean) > 80:
        return None
    for kind, pattern in _HEADING_TABLE:
        if pattern.search(clean):
            return kind
    return None


# -- keyword tables for prose ---------------------------------------------------------------

NETWORKS = _table(
    (
        ("wifi", r"(?<![A-Za-z])(?:wi-?fi|wlan)(?![A-Za-z])|无线网"),
        ("ethernet", r"ethernet|wired\s+(?:network|connection)|有线网|网线"),
        ("5g", r"(?<![A-Za-z0-9.])5g(?![A-Za-z0-9])"),
        ("4g", r"(?<![A-Za-z0-9.核])4g(?![A-Za-z0-9])(?!\s*(?:内存|ram|memory|显存))|(?<![A-Za-z])lte(?![A-Za-z])"),
        ("3g", r"(?<![A-Za-z0-9.])3g(?![A-Za-z0-9])"),
    )
)

CHAT_TYPES = _table(
    (
        ("chat_room", r"chat\s?rooms?|聊天室|直播间"),
        (
            "one_to_one",
            r"(?<![\d:])1[\s-]?(?::|v|对|on)[\s-]?1(?![\d:])|one[\s-]?(?:to|on)[\s-]?one|single\s+chats?|"
            r"private\s+(?:chats?|messages?)|direct\s+messages?|(?-i:\bDMs?\b)|单聊|私聊|一对一|点对点|\bC2C\b|"
            r"\buser\s*[A-Z1-9]\b[^.\n]{0,40}?\b(?:to|with)\s+user\s*[A-Z1-9]\b|用户\s*[A-Z1-9]\s*(?:给|向|和)\s*用户\s*[A-Z1-9]",
        ),
        (
            "group",
            r"group\s?(?:chats?|messages?|conversations?|members?|(?:video\s+|voice\s+|audio\s+)?calls?)|groupchats?|"
            r"(?:in|into|to)\s+(?:a|the|our|my|this|that|every)?\s*(?:large\s+|big\s+)?groups?(?![A-Za-z])(?!\s+of)|"
            r"large\s+groups?|super\s?groups?|groups?\s+(?:with|of)\s+\d|"
            r"groups?\s+(?:history|owner|admin|announcement|notice|info|members?|list|read|apis?|id|mute)\b|"
            r"(?:kick\w*|remov\w*|invit\w*|join\w*|leav\w*|left|quit\w*)\s+(?:\w+\s+){0,2}?(?:from|to|into|out\s+of)\s+"
            r"(?:the\s+|a\s+)?groups?\b|(?<![A-Za-z])(?:set|get|join|kick|create|invite|quit|dismiss|import)_?group|"
            r"group_?member|群聊|群组|群消息|大群|超大群|群成员|"
            r"(?<![一人社])群(?=里|内|中|成员|公告|消息)",
        ),
    )
)

FREQUENCY = _table(
    (
        (
            "intermittent",
            r"not\s+always|not\s+every\s+time|(?:doesn'?t|does\s+not|don'?t|didn'?t|isn'?t|won'?t)\s+"
            r"(?:happen\s+|occur\s+|reproduce\s+|fail\s+)?(?:every\s+time|always|each\s+time)|sometimes|intermittent(?:ly)?|occasional(?:ly)?|randomly|"
            r"at\s+random|now\s+and\s+then|from\s+time\s+to\s+time|sporadic(?:ally)?|flaky|"
            r"once\s+in\s+a\s+while|some\s+of\s+the\s+time|(?<![\d.])\d{1,2}\s?%\s+of\s+the\s+time|"
            r"偶现|偶尔|偶发|有时|时不时|不定期|间歇|概率性|小概率|不是每次|随机",
        ),
        (
            "always",
            r"(?<![A-Za-z])always(?!\s+(?:worked|used|been|had|works\s+on))|every\s+(?:single\s+)?(?:time|launch|start)|"
            r"each\s+time|100\s?%\s*(?:of\s+the\s+time|reproduc\w*|repro\b|the\s+time|复现|必现)|consistently|"
            r"reliably\s+reproduc\w*|all\s+the\s+time|every\s+\d+\s*(?:s|sec\w*|min\w*|hours?)\b|"
            r"必现|每次|总是|稳定复现|百分百",
        ),
    )
)

SINCE = _table(
    (
        (
            "from_start",
            r"from\s+(?:the\s+)?(?:very\s+)?(?:start|beginning|day\s+one|first\s+day)|"
            r"since\s+(?:the\s+)?(?:beginning|start|day\s+one|we\s+(?:integrated|started|first)|"
            r"integration|integrating)|never\s+worked|has\s+always\s+been|always\s+been\s+(?:like|broken)|"
            r"一开始就|从一开始|从集成|集成以来|一直都这样|从来没(?:有)?(?:好|正常)过|一直就这样|刚集成就",
        ),
        (
            "after_update",
            r"(?:after|since)\s+(?:the\s+|an?\s+|our\s+|we\s+|i\s+|yesterday'?s\s+|today'?s\s+|"
            r"last\s+\w+'?s?\s+|this\s+\w+'?s\s+)?(?:sdk\s+|os\s+|ios\s+|android\s+)?"
            r"(?:upgrad|updat|bump|migrat|mov(?:ed|ing)\s+to)\w*|was\s+fine\s+(?:on|with|in|before)|regression|started\s+(?:after|with)\s+(?:the\s+)?"
            r"(?:upgrade|update)|升级后|升级之后|升级以后|更新后|更新之后|升级\s*(?:sdk\s*)?到[^，"
            r"。,]{0,20}?(?:后|之后|以后)|"
            r"升级完|自从升级|升级了[^，。,]{0,12}?(?:后|之后|就)|换成[^，。,]{0,16}?(?:之后|后)|"
            r"升了[^，。,]{0,10}?(?:之后|后)",
        ),
    )
)

SYMPTOM_KINDS = _table(
    (
        (
            "shown_wrong",
            r"(?:shown|shows|appears?|displayed|rendered|listed|arrives?|fired|comes?|shows?\s+up|showing\s+up)\s+twice|\btwo\s+identical\b|"
            r"duplicate[sd]?\s+(?:entries|items|notifications|messages|conversations)|"
            r"(?:出现|显示|推送|收到)了?两次|重复(?:显示|出现|推送|通知)|"
            r"incorrect\s+(?:unread|badge|count|number|avatar|nickname|order|timestamp|sender|status)|"
            r"(?:unread|badge)\s+(?:count|number)[^.\n]{0,40}?(?:wrong|incorrect|not\s+(?:updat\w*|cleared|reset|correct)|"
            r"never\s+(?:goes|drops|resets))|(?:is\s+)?(?:actually\s+)?displayed\s+as|"
            r"(?:avatar|nickname|name)\s+(?:is\s+)?(?:not\s+updat\w*|stale|outdated)|will\s+not\s+update\s+the\s+(?:avatar|nickname)|"
            r"isRead[^.\n]{0,20}(?:false|wrong)|read\s+(?:status|receipts?)\s+(?:is\s+|are\s+)?(?:wrong|not\s+updat\w*|stays?)|"
            r"已读[^，。,\n]{0,12}(?:一直|还是|不对|错误|不更新|false)|未读[^，。,\n]{0,8}(?:不对|错误|不准|不清零|不更新)|"
            r"头像[^，。,\n]{0,8}(?:不更新|没更新|不对)|"
            r"garbled|mojibake|out\s+of\s+order|wrong\s+order|(?:shown|shows|showing|displayed|displays|displaying|rendered|"
            r"renders|appears?)\s+(?:\w+\s+)?(?:wrong|incorrect(?:ly)?|twice|duplicated|blank|empty|as\s+\?+)|"
            r"wrong\s+(?:sender|avatar|timestamp|nickname|content)|duplicated?\s+messages|messages?\s+(?:appear|show(?:s|n)?)"
            r"\s+twice|unread\s*count\s*(?:is\s+)?(?:wrong|incorrect|off|不对|错)|乱码|显示错|显示不对|显示异常|显示不正确|顺序错|"
            r"顺序乱|乱序|重复消息|消息重复|重复显示|未读数不对|未读数错|未读数不准|显示为空|空白消息|显示成问号|"
            # a stale or impossible state on screen: "still shows the old text", "stuck at 3",
            # "negative count", a callback fired twice, a list in the wrong order
            r"(?:still|keeps?)\s+(?:shows?|showing|displays?|displaying)(?!\s*['\"“]?(?:sending|loading|spinner))|"
            r"(?:还|仍然|依然|一直)(?:是)?显示(?!\s*(?:发送中|加载中|转圈))|"
            r"(?:count|number|badge|unread\w*|角标|红点)[^.\n。，]{0,30}?(?:stuck|stays?|remains?)\s+(?:at\s+)?\d|"
            r"never\s+(?:goes|drops|returns)\s+(?:back\s+)?to\s+(?:0|zero)|negative\s+(?:number|count|value)|"
            r"(?:返回|变成|出现)(?:了)?负数|(?:未读|数量|角标|红点|计数)[^，。,\n]{0,10}不一致|角标[^，。,\n]{0,8}(?:不对|错误|不准)|"
            r"(?:fires?|fired|triggered|called|invoked)\s+twice|触发(?:了)?两次|回调两次|returns?\s+duplicate|返回(?:了)?重复|"
            r"排序错乱|顺序错乱|排序不对|排序错误",
        ),
        (
            "not_received",
            r"(?:not|never|n't|no\s+longer)\s+(?:being\s+|been\s+)?(?:received|delivered|arriv\w*|showing\s+up|show\s+up|"
            r"coming\s+through)|(?:can(?:no|')t|cannot|fail(?:s|ed)?\s+to|unable\s+to|doesn'?t|don'?t|didn'?t|won'?t|never|"
            r"not|stop(?:s|ped)?)\s+(?:rec(?:ei|ie)v\w*|get(?:ting)?|see(?:ing)?)\s+(?:\S+\s+){0,2}?(?:messages?|"
            r"push(?:es)?|notifications?|msgs?)|not\s+rec(?:ie|ei)ved|(?:onMessage\w*|message\s+listener|receive\s+callback)"
            r"[^.\n]{0,20}(?:not|never)\s+(?:called|fired|firing|triggered)|(?:接收|收到)?消息(?:的)?回调[^，。]{0,4}(?:不触发|没触发|"
            r"没有触发|不回调|没回调)|(?:messages?|push(?:es)?|notifications?)\s+(?:are\s+|is\s+|get\s+|go\s+)?"
            r"(?:missing|lost|never\s+arriv\w*|not\s+arriv\w*|don'?t\s+arrive|doesn'?t\s+arrive)|missing\s+messages|"
            r"(?:cannot|can'?t|not|unable\s+to)\s+(?:be\s+)?load\w*\s+(?:\w+\s+){0,3}?(?:history|messages)|"
            r"收不到|没收到|没有收到|接收不到|未收到|接收失败|收不全|(?<!没有)(?<![没不])丢消息|(?<!没)消息丢失|漏消息|对方看不到|看不到消息|推送不到|"
            r"没有推送",
        ),
        (
            "not_sent",
            r"(?:fail(?:s|ed|ing)?|unable|can(?:no|')t|cannot|couldn'?t|won'?t|doesn'?t|don'?t|didn'?t|not\s+able)\s+"
            r"(?:to\s+)?(?:be\s+)?send|not\s+(?:being\s+|be\s+|get\s+|getting\s+)?sent|never\s+(?:gets?\s+)?sent|"
            r"send(?:ing)?\s+(?:fails?|failed|failure|errors?|timeouts?|times\s+out|timed\s+out)|(?:stuck|stays?|remains?|"
            r"hangs?)\s+(?:in|on|at)\s+['\"“‘]?sending|SEND_TIMEOUT|MESSAGE_TOO_LARGE|RATE_LIMITED|FILE_UPLOAD_FAILED|"
            r"\b(?:2002|2003|2004|2005|3001|3002|3004)\b|发[^，。,]{0,6}失败|"
            r"send_?msg[^.\n]{0,80}?(?:error|fail\w*|exception)|send(?:ing)?\s+(?:a\s+)?messages?\s+(?:interface|api)\s+"
            r"(?:exception|error|fail\w*)|发送[^，。,\n]{0,8}(?:报错|出错|错误|异常)|"
            r"发不出|发送失败|发送不了|无法发送|不能发送|发不了|发送超时|一直(?:在)?发送中|卡在发送中|发送报错|发消息(?:失败|报错)",
        ),
        (
            "crash",
            r"crash(?:es|ed|ing)?(?![A-Za-z])|(?-i:\bANR\b)|force[\s-]?clos|EXC_BAD_ACCESS|SIGSEGV|SIGABRT|"
            r"fatal\s+exception|(?<![A-Za-z])panic(?:s|ked)?(?![A-Za-z])|闪退|崩溃|奔溃|宕机",
        ),
        (
            "audio_noise",
            r"(?<![A-Za-z])(?:noise|noisy|crackl\w*|hiss\w*|buzz\w*|echo(?:es|ing)?|robotic|distort\w*)(?![A-Za-z])"
            r"(?!\s+(?:suppression|cancell?ation|reduction))|(?:hear\w*\s+)static|static\s+(?:noise|sound)|"
            r"杂音|噪音|噪声|回声|回音|电流声|沙沙声|破音|声音失真",
        ),
        (
            "disconnects",
            r"disconnect(?:s|ed|ing|ion|ions)?(?![A-Za-z])|(?:drops?|dropped|dropping|loses|lost|losing)\s+(?:the\s+)?"
            r"connection|connection\s+(?:drops?|dropped|lost|keeps\s+dropping|is\s+lost|goes\s+down)|keeps?\s+reconnecting|"
            r"reconnect\s+loop|connection\s+never\s+comes\s+back|(?:never|doesn'?t|won'?t|fails?\s+to)\s+reconnect|"
            r"重连不上|连不回来|kicked\s+(?:offline|out)(?!\s+of\s+(?:the\s+|a\s+)?group)|KICKED_OFFLINE|\b1005\b|go(?:es)?\s+offline|going\s+offline|"
            r"掉线|断线|断开|频繁重连|一直重连|被踢|踢下线|连接断|断一次|断一下|自动挂断|被挂断",
        ),
        (
            "latency",
            r"(?<![A-Za-z])(?:latency|laggy|lagging|lags)(?![A-Za-z])|(?:delay(?:ed|s)?|slow(?:ly)?)(?![A-Za-z])"
            r"(?!\s+(?:network|connection|internet|wifi|wi-fi))|takes?\s+(?:\d+\+?|several|a\s+few|many)\s*(?:s|sec|secs|"
            r"seconds|minutes|mins)(?![A-Za-z])|arrives?\s+late|seconds?\s+late|延迟|延时|很慢|变慢|慢了|卡顿|几秒才|好几秒|"
            r"十几秒|才收到|秒(?:后|之后|多)才",
        ),
    )
)


# -- short answers to a closed question ------------------------------------------------------


def _aliases(table: Mapping[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for word, value in sorted(table.items(), key=lambda kv: -len(kv[0])):
        body = re.escape(word).replace(r"\ ", r"[\s_-]*")
        edge = r"(?<![A-Za-z0-9])" if word[0].isascii() else ""
        tail = r"(?![A-Za-z0-9])" if word[-1].isascii() else ""
        out.append((re.compile(edge + body + tail, re.IGNORECASE), value))
    return tuple(out)


CHOICE_WORDS: dict[str, dict[str, str]] = {
    "platform": {
        "android": "android|andriod|安卓|安卓端|android端|android sdk",
        "ios": "ios|iphone|ipad|ipados|苹果|ios端|ios sdk",
        "web": "web|h5|browser|wasm|web sdk|wasm sdk|网页|浏览器|web端",
        "flutter": "flutter|fluter|flutter sdk|flutter_openim_sdk",
        "react_native": "react native|reactnative|rn",
        "windows": "windows|win|win10|win11|pc",
        "macos": "macos|mac|mac os|osx|os x|苹果电脑",
        "electron": "electron|electron sdk",
        "linux": "linux|linux desktop|ubuntu",
        "uniapp": "uniapp|uni-app|uni app",
        "miniprogram": "mini program|miniprogram|wechat mini program|weixin mini program|小程序|微信小程序",
        "unity": "unity|unity3d",
    },
    "network": {
        "wifi": "wifi|wi-fi|wlan|wireless|无线|无线网|无线网络",
        "4g": "4g|lte|4g网络",
        "5g": "5g|5g网络",
        "3g": "3g|3g网络",
        "ethernet": "ethernet|wired|cable|lan|有线|有线网|有线网络|网线",
        "other": ("other|others|any|all|both|every network|all networks|其他|其它|都有|所有网络|都会"),
    },
    "chat_type": {
        "one_to_one": (
            "1:1|1v1|1 on 1|one to one|one-to-one|one on one|single|"
            "single chat|private|private chat|dm|direct|direct message|单聊|"
            "私聊|一对一|点对点"
        ),
        "group": "group|group chat|groups|large group|群|群聊|群组|大群|超大群",
        "chat_room": "chat room|chatroom|room|聊天室|直播间",
    },
    "symptom_kind": {
        "not_sent": (
            "not sent|can't send|cannot send|send fails|fails to send|not_sent|发不出去|发送失败|发不出|无法发送"
        ),
        "not_received": (
            "not received|sent but not received|not delivered|never arrives|"
            "not_received|收不到|没收到|对方收不到|发出但对方收不到"
        ),
        "shown_wrong": (
            "shown wrong|displayed wrong|shows wrong|wrong display|"
            "shown_wrong|received but shown wrong|显示不对|显示错误|"
            "收到但显示不对|乱码"
        ),
        "crash": "crash|crashes|崩溃|闪退",
        "audio_noise": "noise|audio noise|echo|noisy|audio_noise|杂音|噪音|回声",
        "disconnects": "disconnects|disconnect|drops|disconnection|掉线|断线|断开",
        "latency": "latency|slow|delay|delayed|lag|延迟|慢",
        "other": "other|something else|其他|其它",
    },
    "frequency": {
        "always": (
            "always|every time|each time|100%|all the time|constantly|reproducible|必现|每次|每次都|总是|一直|稳定复现"
        ),
        "intermittent": (
            "sometimes|intermittent|intermittently|occasionally|occasional|"
            "randomly|random|not always|flaky|rarely|偶现|偶尔|有时|有时候|"
            "不是每次|随机|偶发|概率"
        ),
    },
    "since": {
        "from_start": (
            "from the start|from start|start|beginning|from the beginning|"
            "always|from day one|never worked|一开始|一开始就有|从一开始|"
            "一直|从来|集成以来"
        ),
        "after_update": (
            "after update|after an update|after the update|after upgrade|"
            "after upgrading|after updating|update|upgrade|updated|upgraded|"
            "regression|升级后|更新后|升级|更新|升级之后|升级后出现"
        ),
    },
    "category": {
        "message_delivery": "message delivery|delivery|messages|message|消息|消息收发|收发",
        "audio_video": ("audio/video|audio video|audio|video|call|calls|rtc|音视频|音频|视频|通话|音视频质量"),
        "connection": ("connection|connect|login|log in|connection/login|连接|登录|连接与登录|掉线"),
        "crash_integration": ("crash|integration|build|crash/integration|崩溃|闪退|集成|编译|崩溃与集成"),
        "performance": "performance|slow|battery|memory|性能|耗电|内存",
        "how_to": ("how to|how-to|how-to question|question|usage question|咨询|使用咨询|怎么用|提问|使用问题"),
        "feature_request": "feature|feature request|request|需求|功能需求|新功能",
        "server_deployment": (
            "server|deployment|deploy|configuration|config|server/deployment|服务端|部署|配置|服务端与部署"
        ),
        "other": "other|something else|其他|其它",
    },
    "deployment": {
        "docker": "docker|docker compose|docker-compose|容器",
        "source": "source|source code|from source|binary|源码|源代码|二进制",
        "kubernetes": "kubernetes|k8s|helm",
    },
}
CHOICE_ALIASES: Mapping[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    name: _aliases({w.strip().lower(): v for v, words in table.items() for w in words.split("|") if w.strip()})
    for name, table in CHOICE_WORDS.items()
}


def find_choices(field: str, text: str) -> tuple[str, ...]:
    """Every distinct value of the closed ``field`` whose words occur in ``text``."""
    found: list[str] = []
    rest = text
    # Longest aliases first, and each match is blanked out, so "not always" is not also "always".
    for pattern, value in CHOICE_ALIASES[field]:
        m = pattern.search(rest)
        while m:
            rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
            if value not in found:
                found.append(value)
            m = pattern.search(rest)
    return tuple(found)
