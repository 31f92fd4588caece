"""Prefill intake fields from what a developer already wrote, in English or Chinese.

Rules are keyword and pattern based and lean to precision: when a text names two
different values for one field ("works on Android, fails on iOS", "Wi-Fi and 4G"),
the field is left empty rather than guessed. Sources, strongest first:

1. ``label: value`` lines ("Platform: Android", "SDK版本：3.6.0");
2. patterns in the prose (versions, devices, keywords);
3. the header of a pasted Nimbus SDK log (``extract_log_header``).

Device models keep the brand word the developer used: "小米13" stays "小米13",
"xiaomi 13" becomes "Xiaomi 13" (only Latin brand casing and spacing are normalized).

Example:
    >>> e = extract("Android 13, Pixel 7, SDK 3.5.2, on 4G, group chat, failing since yesterday's "
    ...             "update")
    >>> sorted(e.values.items())  # doctest: +NORMALIZE_WHITESPACE
    [('chat_type', 'group'), ('device_model', 'Pixel 7'), ('network', '4g'), ('os_version', '13'),
     ('platform', 'android'), ('sdk_version', '3.5.2'), ('since', 'after_update')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from intake.dialog.extract_rules import parse_impact
from intake.dialog.fields import ALIASES_LONGEST_FIRST, IMPACT_ALIASES
from intake.dialog.guess import Guess, classify_report
from intake.dialog.sections import Report, parse
from intake.dialog.structured import (
    DEPLOYED_IN_PROSE,
    OTHER_SERVER_VERSION,
    SERVER_OS_IN_PROSE,
    SERVER_VERSION_IN_PROSE,
    read,
    server_version_of,
)
from intake.dialog.validate import (
    MAC_NAMES,
    OS_NAMES,
    canonical_device,
    format_os,
    normalize,
    plausible_os,
)
from intake.dialog.vocabulary import (
    CHAT_TYPES,
    FRAMEWORK_PLATFORMS,
    FREQUENCY,
    NATIVE_PLATFORMS,
    NETWORKS,
    NOT_PLATFORM,
    PLATFORM_HINTS,
    SERVER_WORDS,
    SINCE,
    SYMPTOM_KINDS,
    Table,
    keyword_hits,
)
from intake.errors import FieldValueError
from intake.types import Category, Impact

__all__ = [
    "Edit",
    "Extraction",
    "extract",
    "extract_log_header",
    "find_edits",
    "is_correction",
    "parse_impact",
    "split_log",
    "understand",
]


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one text says: normalized field values, a category guess, impact answers.

    ``sources`` tells where each value came from: ``"label"``, ``"text"`` or ``"log"``.
    """

    values: dict[str, str]
    category: Category | None = None
    impact: Impact = field(default_factory=Impact)
    sources: dict[str, str] = field(default_factory=dict)
    logs: str = ""  # log lines found in the message body (not a pasted SDK log)
    guesses: tuple[Guess, ...] = ()  # learned guesses with their confidence, asked or not


# -- the pasted SDK log ---------------------------------------------------------------

_LOG_START = re.compile(
    r"^[ \t]*={2,}[ \t]*Nimbus IM SDK log[ \t]*={2,}[ \t]*$", re.IGNORECASE | re.MULTILINE
)
_HEADER_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")


def split_log(text: str) -> tuple[str, str]:
    """Split ``text`` into the developer's prose and a pasted SDK log (``""`` if none).

    >>> split_log("it crashes\\n==== Nimbus IM SDK log ====\\nsdk_version: 3.6.1")
    ('it crashes', '==== Nimbus IM SDK log ====\\nsdk_version: 3.6.1')
    """
    m = _LOG_START.search(text)
    if not m:
        return text, ""
    return text[: m.start()].rstrip(), text[m.start() :]


def extract_log_header(text: str) -> dict[str, str]:
    """Fields from the header every Nimbus SDK log starts with (see the log docs).

    >>> header = "==== Nimbus IM SDK log ====\\nsdk_version: 3.6.1\\nplatform: Android\\n"
    >>> header += "os_version: 13\\ndevice_model: Pixel 7\\nnetwork: WIFI"
    >>> extract_log_header(header)  # doctest: +NORMALIZE_WHITESPACE
    {'platform': 'android', 'sdk_version': '3.6.1', 'os_version': '13', 'device_model': 'Pixel 7',
     'network': 'wifi'}
    """
    m = _LOG_START.search(text)
    if not m:
        return {}
    raw: dict[str, str] = {}
    for line in text[m.end() :].lstrip("\r\n").splitlines()[:12]:
        kv = _HEADER_LINE.match(line)
        if not kv:
            break
        raw[kv.group(1).lower()] = kv.group(2)
    out: dict[str, str] = {}
    for name in ("platform", "sdk_version", "os_version", "device_model", "network"):
        if raw.get(name):
            value = _try(name, raw[name], out.get("platform"))
            if value:
                out[name] = value
    return out


def _try(name: str, value: str, platform: str | None = None) -> str | None:
    try:
        return normalize(name, value, platform=platform)
    except FieldValueError:
        return None


# -- "label: value" lines and edit commands ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Edit:
    """A developer naming a field and its value; ``explicit`` when said with a verb or a colon."""

    key: str  # a field name or an impact key
    value: str
    explicit: bool


_VERB = re.compile(
    r"^(?:please\s+)?(?:edit|change|set|update|correct|fix|修改|更改|更正|改一下|改|把)\s*", re.I
)
_CONNECT = re.compile(
    r"^\s*(?:(?P<strong>[:：=]|->|→|改成|改为|应该是|应为|should "
    r"be|to)|(?P<weak>is|was|are|是|为))\s*",
    re.I,
)
_IMPACT_TABLE = tuple(
    sorted(
        ((a, key) for key, words in IMPACT_ALIASES.items() for a in words),
        key=lambda kv: -len(kv[0]),
    )
)


def _alias_at_start(text: str) -> tuple[str, str] | None:
    low = text.lower().replace("_", " ")  # same length, so slicing ``text`` below stays aligned
    for alias, name in (*_IMPACT_TABLE, *ALIASES_LONGEST_FIRST):
        if low.startswith(alias):
            rest = text[len(alias) :]
            if alias[-1].isascii() and rest[:1].isalnum() and rest[:1].isascii():
                continue  # "os" must not match the start of "oscillates"
            return name, rest
    return None


def find_edits(text: str) -> list[Edit]:
    """``Platform: iOS``, ``sdk version is 3.6.1``, ``edit sdk_version 3.6.1``, ``修改 平台 iOS``.

    One edit per line (or per ``;``-separated part); values are raw, not validated.

    >>> [(e.key, e.value, e.explicit) for e in find_edits("edit sdk_version 3.6.1\\n平台改成 iOS")]
    [('sdk_version', '3.6.1', True), ('platform', 'iOS', True)]
    """
    out: list[Edit] = []
    for part in re.split(r"[\n;；]", text):
        line = part.strip().lstrip("-*•·").strip()
        verb = _VERB.match(line)
        body = line[verb.end() :] if verb else line
        body = re.sub(r"^(?:the|my|our)\s+", "", body, flags=re.I)
        found = _alias_at_start(body)
        if not found:
            continue
        key, rest = found
        conn = _CONNECT.match(rest)
        if conn:
            value = rest[conn.end() :]
            explicit = bool(verb) or conn.group("strong") is not None
        elif verb and rest[:1].isspace():
            value, explicit = rest, True
        else:
            continue
        value = value.strip().rstrip("。.!！,，")
        if value:
            out.append(Edit(key, value, explicit))
    return out


_CORRECTION = re.compile(
    r"^\s*(?:no[,.!\s]|nope|sorry|correction|oops|wait|my bad)|\bactually\b|\bi "
    r"meant\b|\bnot\s+\w+\s*,\s*(?:it'?s|but)\b|"
    r"^\s*不对|^\s*不是|其实|应该是|更正|纠正|说错了|搞错了|写错了",
    re.IGNORECASE,
)


def is_correction(text: str) -> bool:
    """The developer corrects something said before ("actually it's iOS 17", "不对，是 iOS")."""
    return bool(_CORRECTION.search(text))


# -- devices, platforms, OS and SDK versions ------------------------------------------------

_DEVICE = re.compile(
    r"(?<![A-Za-z])(?:"
    r"(?:iPhone|iPad|Pixel|Samsung(?:\s+Galaxy)?|Galaxy|Xiaomi|Redmi|POCO|OnePlus|Huawei|Honor|OPPO|vivo|realme|"
    r"Motorola|Moto|Nokia|Meizu|iQOO|小米|红米|华为|荣耀|一加|三星|魅族)\s*"
    r"(?:(?:Note|Mate|Find|Reno|Magic|Pura|Nova|Mix|Civi|Z\s?Fold|Z\s?Flip|Fold|Flip|Ace|Pad|Edge)\s*)?"
    r"[A-Za-z]{0,2}\d{1,3}[A-Za-z]?(?![\d.])"
    r"|iPhone\s?(?:SE|XR|XS(?:\s?Max)?|X)(?![A-Za-z])|iPad\s?(?:Air|Pro|mini)(?:\s?\d)?"
    r"|Mate\s?\d{2}|MacBook\s?(?:Pro|Air)?(?:\s?M\d)?"
    r")(?:\s*(?:Pro\s?Max|Pro\+?|Max|Plus|Ultra|mini|Lite|SE|FE|Turbo|Neo|[45]G(?!\s*(?:网络|network|signal)))"
    r"(?![A-Za-z]))*",
    re.IGNORECASE,
)
_ANOTHER_MODEL = re.compile(
    r"^\s*(?:,|/|、|and|or|和|或)\s*(?![2-5]g(?![\w.]))[A-Za-z]{0,3}\d{1,3}[A-Za-z]?(?![\w.])",
    re.IGNORECASE,
)
_APPLE = re.compile(r"^(?:iphone|ipad)", re.IGNORECASE)
_MAC_HW = re.compile(r"^(?:macbook|imac)", re.IGNORECASE)

def _one(found: Sequence[str]) -> str | None:
    distinct = list(dict.fromkeys(found))
    return distinct[0] if len(distinct) == 1 else None


def _named(table: Table, text: str) -> list[str]:
    return [name for name, pattern in table if pattern.search(text)]


def _platform(text: str, devices: Sequence[str]) -> str | None:
    text = NOT_PLATFORM.sub(" ", text)
    frameworks = _named(FRAMEWORK_PLATFORMS, text)
    if frameworks:
        return _one(frameworks)
    named = _named(NATIVE_PLATFORMS, text)
    if named:
        return _one(named)
    hinted = _named(PLATFORM_HINTS, text)
    for d in devices:
        hinted.append("ios" if _APPLE.match(d) else "macos" if _MAC_HW.match(d) else "android")
    return _one(hinted)


_OS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(p, re.IGNORECASE))
    for name, p in (
        (
            "Android",
            r"(?:(?<![A-Za-z])android|安卓)\s*(?:os\s*)?v?(\d{1,2}(?:\.\d){0,2})(?![\d.]*\d)(?!\s*(?:\+|及以上|以上))",
        ),
        (
            "iOS",
            r"(?<![A-Za-z])(?:ios|ipados)\s*v?(\d{1,2}(?:\.\d{1,2}){0,2})(?![\d.]*\d)(?!\s*(?:\+|及以上|以上))",
        ),
        ("Windows", r"(?<![A-Za-z])win(?:dows)?\s*(7|8\.1|8|10|11)(?![\d.])"),
        (
            "macOS",
            r"(?<![A-Za-z])(?:mac\s?os(?:\s?x)?|osx)\s*v?(\d{2}(?:\.\d{1,2}){0,2})(?![\d.]*\d)",
        ),
        ("Chrome", r"(?<![A-Za-z])chrome\s*v?(\d{2,3})(?:\.[\d.]+)?"),
        ("Safari", r"(?<![A-Za-z])safari\s*v?(\d{2})(?:\.[\d.]+)?"),
        ("Firefox", r"(?<![A-Za-z])firefox\s*v?(\d{2,3})(?:\.[\d.]+)?"),
    )
)
_API_LEVEL = re.compile(r"(?<![A-Za-z])api\s*(?:level\s*)?(\d{2})(?![\d+])", re.IGNORECASE)
_API_TO_ANDROID = {
    21: "5",
    22: "5.1",
    23: "6",
    24: "7",
    25: "7.1",
    26: "8",
    27: "8.1",
    28: "9",
    29: "10",
    30: "11",
    31: "12",
    33: "13",
    34: "14",
    35: "15",
    36: "16",
}
# "Android 13 and 14", "12/13": a second version of the same OS,
# not "iOS 16.5, 3.5.4" (that is an SDK version).
_MORE = re.compile(
    r"^\s*(?:/|,|，|、"
    r"|and|or|&|和|或|跟)\s*(?:(?:android|ios|安卓)\s*)?v?\d{1,2}(?:\.\d{1,2})?(?![\d.]*\d)(?!\s*g(?![a-z]))",
    re.IGNORECASE,
)
_BROWSERS = ("Chrome", "Safari", "Firefox")


def _os_version(text: str, platform: str | None) -> tuple[str | None, list[tuple[int, int]]]:
    found: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for name, pattern in _OS_PATTERNS:
        for m in pattern.finditer(text):
            if not plausible_os(name, m.group(1)):
                continue  # "iOS 3.6.1" names the iOS SDK's version, not iOS itself
            spans.append(m.span())
            found.append(
                (name, "?" if _MORE.match(text[m.end() :]) else m.group(1))
            )  # "13 and 14": ambiguous
    for m in _API_LEVEL.finditer(text):
        if int(m.group(1)) in _API_TO_ANDROID:
            spans.append(m.span())
            found.append(("Android", _API_TO_ANDROID[int(m.group(1))]))
    for mac, ver in MAC_NAMES.items():
        if re.search(rf"(?<![A-Za-z]){mac}(?![A-Za-z])", text, re.IGNORECASE):
            found.append(("macOS", ver))
    # "14" goes when the same OS is also named as "14.1". Comparing every pair was
    # quadratic (seconds for a pasted log naming the OS a few thousand times).
    shadowed = {(name, ver[:i]) for name, ver in found for i, ch in enumerate(ver) if ch == "."}
    found = [f for f in found if f not in shadowed]
    browsers = [f for f in found if f[0] in _BROWSERS]
    systems = [f for f in found if f[0] not in _BROWSERS]
    chosen = browsers if platform == "web" and browsers else systems
    if any(v == "?" for _, v in chosen):
        return None, spans
    return _one([format_os(n, v, platform) for n, v in chosen]), spans


_VER = r"(\d{1,2}\.\d{1,3}(?:\.\d{1,4})?(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?(?:\+[0-9A-Za-z.]+)?)(?![\w.]*\d)"
_SDK_EXPLICIT = re.compile(
    r"(?:@nimbus-im/[\w-]+(?:@[\^~]?|\s+v?)|(?:nimbus[\s_-]?(?:im)?[\s_-]?(?:sdk)?|(?<![A-Za-z])sdk)"
    r"(?:\s*(?:version|ver\.?|版本号?))?[\s'\"=:：,^~>]*"
    r"(?:(?:is|was|on|at|currently|now|still|using|为|是|用的是|用的|还是|目前是)\s*)*v?)" + _VER,
    re.IGNORECASE,
)
_UPGRADE = re.compile(
    r"(?:(?:upgrad|updat|bump|migrat|mov(?=ed|ing))\w*\s+(?:the\s+|our\s+)?(?:nimbus[\s_-]?(?:im)?[\s_-]?(?:sdk)?\s+)?(?:sdk\s+)?"
    r"(?:from\s+v?(?P<a>\d{1,2}\.\d{1,3}(?:\.\d{1,4})?)\s+)?to\s+(?:sdk\s+|nimbus\s+)?v?"
    r"|(?:从\s*v?(?P<b>\d{1,2}\.\d{1,3}(?:\.\d{1,4})?)\s*)?(?:升级|更新|升)\s*(?:sdk\s*)?(?:到|至|成|了)\s*(?:sdk\s*)?v?"
    r"|(?P<c>\d{1,2}\.\d{1,3}(?:\.\d{1,4})?)\s*(?:->|→|=>)\s*v?)" + _VER,
    re.IGNORECASE,
)
_OS_UPGRADE = re.compile(
    r"(?:upgrad|updat)\w*\s+(?:the\s+\w+\s+)?to\s+(android|ios|ipados|windows|macos)\s*(\d{1,2}(?:\.\d{1,2}){0,2})"
    r"|(?:升级|更新)(?:到|至)\s*(android|ios|安卓)\s*(\d{1,2}(?:\.\d{1,2}){0,2})",
    re.IGNORECASE,
)
_SINCE_VERSION = re.compile(r"(?:since|after)\s+(?:sdk\s+|version\s+)?v?" + _VER, re.IGNORECASE)
_BARE = re.compile(r"(?<![\w.])v?(\d\.\d{1,2}\.\d{1,3})(?![\w.]*\d)")
# A bare version right after one of these names is that thing's version, never the SDK's:
# frameworks and toolchains, browsers, the app itself, and the server side (the server,
# its stores and queues, the language it is built with).
_NOT_SDK = re.compile(
    r"(?:flutter|dart|react|native|\brn\b|node|npm|yarn|pnpm|xcode|gradle|agp|kotlin|swift|java|jdk|chrome|safari|"
    r"firefox|edge|electron|\bapp\b|application|firebase|okhttp|unity|cocoapods|\bpod\b|应用|客户端|app版本|"
    r"\bgo(?:lang)?\b|python|vue|vite|webpack|typescript|angular|next(?:\.js)?|nuxt|webview|"
    r"server|backend|服务端|服务器|后端|mysql|postgres\w*|mongo\w*|redis|kafka|minio|etcd|nginx|livekit|docker|"
    r"compose|helm|kubernetes|k8s|ubuntu|centos|debian|harmony\w*|鸿蒙)"
    r"[^.\n]{0,12}$",
    re.IGNORECASE,
)


_WORKS_FINE = re.compile(
    r"(?:wi-?fi|wlan|[345]g|lte|ethernet)(?:\s+(?:network|networks|网络|环境|下))?\s*(?:works|is\s+(?:fine|ok)|"
    r"seems\s+(?:fine|ok)|are\s+fine|(?:都)?正常|没问题|没事|(?:下)?(?:就)?不会|(?:下)?没有这个问题)|"
    r"\bnot\s+on\s+(?:wi-?fi|wlan|[345]g|lte|ethernet)\b|"
    r"\bon\s+(?:wi-?fi|wlan|[345]g|lte|ethernet)\s*,?\s*(?:it'?s|it\s+is|everything\s+is)\s+(?:fine|ok|okay|normal)",
    re.IGNORECASE,
)
# "5G 下也一样", "even on wifi", "on 4G as well": the problem is on every network, so
# no one network is where it happens.
_ANY_NETWORK = re.compile(
    r"(?:wi-?fi|wlan|[345]g|lte|ethernet)\s*(?:网络)?\s*(?:下|里)?\s*(?:也一样|也是|也会|也有|同样)|"
    r"(?:也|同样)(?:在)?\s*(?:wi-?fi|wlan|[345]g)|\b(?:also|even|too)\s+on\s+(?:wi-?fi|wlan|[345]g|lte|ethernet)\b|"
    r"\bon\s+(?:wi-?fi|wlan|[345]g|lte|ethernet)\s+(?:too|as\s+well)\b|\b(?:any|every|all|both|different)\s+networks?\b|"
    r"(?:wi-?fi|wlan)\s*(?:and|or|/|和|或)\s*(?:[345]g|lte|mobile|cellular|移动网络|数据)|"
    r"(?:[345]g|lte|mobile|cellular)\s*(?:and|or|/|和|或)\s*(?:wi-?fi|wlan)|不管什么网络|任何网络|各种网络",
    re.IGNORECASE,
)


_CHAT_WORKS = re.compile(
    r"(?:单聊|群聊|私聊|1:1|one[\s-]to[\s-]one|group\s+chats?|private\s+chats?)\s*(?:里|中)?\s*(?:都)?"
    r"(?:正常|没问题|没事|works|is\s+fine|are\s+fine|is\s+ok|are\s+ok|works\s+fine)",
    re.IGNORECASE,
)


_SDK_NAMED = re.compile(r"sdk|客户端|client|@openim/|flutter_openim|open-im-sdk|nimbus", re.I)


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _sdk(text: str) -> tuple[str | None, str | None, list[tuple[int, int]]]:
    """``(sdk_version, since_detail, spans)``: the upgrade target wins over other mentions."""
    spans: list[tuple[int, int]] = []
    targets: list[str] = []
    detail: list[str] = []
    for m in _UPGRADE.finditer(text):
        spans.append(m.span())
        start = m.group("a") or m.group("b") or m.group("c")
        targets.append(m.group(4))  # groups a, b, c are the "from" version; 4 is the target
        detail.append(f"{start} -> {targets[-1]}" if start else targets[-1])
    for m in _OS_UPGRADE.finditer(text):
        name = OS_NAMES.get((m.group(1) or m.group(3)).lower(), "")
        detail.append(f"{name} {m.group(2) or m.group(4)}")
    for m in _SINCE_VERSION.finditer(text):
        spans.append(m.span())
        detail.append(m.group(1))
    explicit = []
    for m in _SDK_EXPLICIT.finditer(text):
        spans.append(m.span())
        explicit.append(m.group(1))
    version = _one(targets) if targets else _one(explicit) if explicit else None
    if not targets and not explicit:
        rest = _blank(text, spans)
        bare = [
            m.group(1)
            for m in _BARE.finditer(rest)
            if not _NOT_SDK.search(rest[max(0, m.start() - 24) : m.start()])
        ]
        version = _one(bare)
    return version, _one(detail), spans


# -- the whole text -------------------------------------------------------------------


def _keyword(table: Table, text: str) -> list[tuple[int, str]]:
    return keyword_hits(table, text)


def _symptom_kind(text: str) -> str | None:
    kinds = [v for _, v in _keyword(SYMPTOM_KINDS, text)]
    if "crash" in kinds:
        return "crash"  # a crash dominates whatever else the message mentions
    return _one(kinds)


_REPRO = re.compile(
    r"(?:steps(?:\s+to\s+reproduce)?|repro(?:duction)?(?:\s+steps)?|to\s+reproduce|how\s+to\s+reproduce|"
    r"复现步骤|重现步骤|复现方式|复现方法|复现路径)\s*[:："
    r"]\s*(?P<v>.+?)(?=\n\s*\n|\n\s*(?:expected|actual|logs?|"
    r"预期|期望|实际|日志)\s*[:：]|[.。;；"
    r"]?\s*(?:(?:no|without)\s+logs?\b|we\s+(?:can'?t|cannot)\s+get\s+logs?|"
    r"没有日志|无日志|暂无日志)|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED = re.compile(
    r"(?:^|\s)(?:1[.)、]|①|\(1\))\s*\S.+?(?:\s(?:2[.)、]|②|\(2\))\s*\S.+)", re.DOTALL
)
_EXPECTED = re.compile(
    r"(?:expected(?:\s+(?:result|behaviou?r))?\s*[:："
    r"]|i(?:'d|\s+would)?\s+expect(?:ed)?\s+|期望(?:结果)?\s*[:：]?|"
    r"预期(?:结果)?\s*[:：]?)\s*(?P<v>[^\n。]+)",
    re.IGNORECASE,
)
# The reason alone; the sentence around it is found by _sentence_around. A leading
# "[^.\n。!?]*" in the pattern would make every search quadratic in the length of a
# sentence (seconds for a pasted log line of a few thousand characters).
_NO_LOGS = re.compile(
    r"(?:\bno\s+logs?\b|don'?t\s+have\s+(?:any\s+|the\s+)?logs?|(?:can'?t|cannot|couldn'?t|unable\s+to)\s+"
    r"(?:get|collect|grab|share|attach|export)\s+(?:any\s+|the\s+)?logs?|没有日志|没有抓到日志|拿不到日志|无法(?:提供|获取|导出)日志|"
    r"暂无日志|日志(?:拿不到|抓不到|没有))",
    re.IGNORECASE,
)
_SENTENCE_ENDS = ".\n。!?"
_LAST_SEEN = re.compile(
    r"(?:last\s+(?:happened|seen|occurred|time\s+(?:it\s+)?(?:happened|was)|reproduced)\s*(?:was|at|on)?\s*[:：]?\s*|"
    r"最近一次(?:出现|发生)?(?:是|在|于)?\s*[:：]?\s*|上次出现(?:是|在|于)?\s*)(?P<v>[^.\n。；"
    r";]{2,60})",
    re.IGNORECASE,
)


def _sentence_around(text: str, match: re.Match[str]) -> str:
    """The sentence of ``text`` around ``match`` (ends: ``.``, newline, ``。``, ``!``, ``?``)."""
    start = max(text.rfind(end, 0, match.start()) for end in _SENTENCE_ENDS) + 1
    stops = [i for end in _SENTENCE_ENDS if (i := text.find(end, match.end())) >= 0]
    return text[start : min(stops, default=len(text))]


def _free_text(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    patterns: tuple[tuple[str, Callable[[str], str | None]], ...] = (
        (
            "repro_steps",
            lambda t: (
                m.group("v")
                if (m := _REPRO.search(t))
                else m2.group(0)
                if (m2 := _NUMBERED.search(t))
                else None
            ),
        ),
        ("expected", lambda t: m.group("v") if (m := _EXPECTED.search(t)) else None),
        ("no_logs_reason", lambda t: _sentence_around(t, m) if (m := _NO_LOGS.search(t)) else None),
        ("last_seen", lambda t: m.group("v") if (m := _LAST_SEEN.search(t)) else None),
    )
    for name, find in patterns:
        raw = find(text)
        value = _try(name, raw.strip()) if raw else None
        if value:
            out[name] = value
    return out


def _from_prose(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    matches = list(_DEVICE.finditer(text))
    devices = [canonical_device(m.group(0).strip()) for m in matches]
    if any(_ANOTHER_MODEL.match(text[m.end() :]) for m in matches):
        devices += ["?", "??"]  # a list of models: no single device to report
    rest = _blank(text, [m.span() for m in _DEVICE.finditer(text)])
    device = _one([d for d in devices])
    if device and len({d.casefold().replace(" ", "") for d in devices}) == 1:
        out["device_model"] = device
    platform = _platform(rest, devices)
    if platform:
        out["platform"] = platform
    os_version, os_spans = _os_version(rest, platform)
    if os_version:
        out["os_version"] = os_version
    version, detail, sdk_spans = _sdk(_blank(rest, os_spans))
    if version:
        out["sdk_version"] = version
    rest = _blank(rest, [*os_spans, *sdk_spans])
    rest = _WORKS_FINE.sub(" ", rest)  # "home wifi works": not where the problem is
    rest = _CHAT_WORKS.sub(" ", rest)  # "单聊正常", "1:1 chats are fine": the other chat type fails
    any_network = bool(_ANY_NETWORK.search(rest))
    for name, table in (
        ("network", NETWORKS),
        ("chat_type", CHAT_TYPES),
        ("frequency", FREQUENCY),
        ("since", SINCE),
    ):
        value = _one([v for _, v in _keyword(table, rest)])
        if value and not (name == "network" and any_network):
            out[name] = value
    kind = _symptom_kind(text)
    if kind:
        out["symptom_kind"] = kind
    if detail:
        out["since_detail"] = detail
        out.setdefault("since", "after_update")
    out.update(_free_text(text))
    return out


def extract(text: str) -> Extraction:
    """Every field ``text`` states, normalized; plus a category guess and impact answers.

    Structure is read first (``intake.dialog.sections``, ``intake.dialog.structured``): template
    sections and labels give their fields, server sections give server facts only, and
    the keyword rules run on the developer's own words with the headings taken out.

    >>> e = extract("安卓13，小米13，SDK 3.6.0，4G网络下群聊消息发不出去，升级后才出现，必现")
    >>> e.values["device_model"], e.values["symptom_kind"], e.values["frequency"], e.category.value
    ('小米13', 'not_sent', 'always', 'message_delivery')
    """
    u = understand(text)
    values = u.values
    guess = classify_report(u.report, u.narrative, values)
    if not guess.problem or "symptom_kind" not in guess.values:
        values.pop("symptom_kind", None)  # a question or a request has no symptom
    if not guess.problem and (u.report.tag or u.report.templated):
        values.pop("frequency", None)  # a question about "a sometimes-missing message" has no frequency
    values.update(guess.values)
    return Extraction(
        values,
        guess.category,
        parse_impact(u.report.narrative(facts=False)) if guess.problem else Impact(),
        u.sources,
        logs=u.logs,
        guesses=guess.guesses,
    )


# The keyword rules read the developer's words: pasted log lines are the log (kept apart
# as an attachment), and a very long paste is cut so one message cannot take seconds.
MAX_RULE_TEXT = 12_000


def _prose_only(text: str, log_lines: str) -> str:
    if log_lines:
        logged = set(log_lines.splitlines())
        text = "\n".join(line for line in text.splitlines() if line not in logged)
    return text[:MAX_RULE_TEXT]


@dataclass(frozen=True, slots=True)
class Understood:
    """A text read before any learned guess: its structure, narrative and rule-found values."""

    report: Report
    narrative: str
    values: dict[str, str]
    sources: dict[str, str]
    logs: str


def understand(text: str) -> Understood:
    """Structure first, then rules: the values ``extract`` starts from (no classifier yet)."""
    prose, log = split_log(text)
    report = parse(prose)
    structured = read(report)
    narrative = _prose_only(structured.prose, structured.logs)
    server_in_prose = list(SERVER_VERSION_IN_PROSE.finditer(narrative))
    other_servers = [m.span() for m in OTHER_SERVER_VERSION.finditer(narrative)]
    client_text = _blank(narrative, [*(m.span() for m in server_in_prose), *other_servers])
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    layers = (
        ("log", extract_log_header(log)),
        ("text", _from_prose(client_text)),
        ("label", _labelled(client_text)),
        ("section", structured.values),
    )
    for source, found in layers:
        for name, value in found.items():
            values[name] = value
            sources[name] = source
    if server_in_prose and "server_version" not in values:
        server = _one([server_version_of(m) for m in server_in_prose])
        if server:
            values["server_version"], sources["server_version"] = server, "text"
    if "deployment" not in values:
        said = [_try("deployment", m.group("d") or m.group("d2")) for m in DEPLOYED_IN_PROSE.finditer(narrative)]
        deployment = _one([d for d in said if d])
        if deployment:
            values["deployment"], sources["deployment"] = deployment, "text"
    if "server_os" not in values:
        host = _one([m.group("os").strip() for m in SERVER_OS_IN_PROSE.finditer(narrative)])
        if host and _try("server_os", host):
            values["server_os"], sources["server_os"] = host, "text"
    if sources.get("sdk_version") == "text" and not _SDK_NAMED.search(client_text):
        # A version with no SDK named, in a report about the server: the server's version.
        same = values["sdk_version"].lstrip("v") == values.get("server_version", "").lstrip("v")
        server_only = "platform" not in values and bool(
            values.get("server_version") or values.get("deployment") or SERVER_WORDS.search(narrative)
        )
        if same or server_only:
            version = values.pop("sdk_version")
            if "server_version" not in values and server_only:
                values["server_version"], sources["server_version"] = version, "text"
    if "os_version" in values and sources["os_version"] != "label" and "platform" in values:
        values["os_version"] = (
            _try("os_version", values["os_version"], values["platform"]) or values["os_version"]
        )
    return Understood(report, narrative, values, sources, structured.logs)


_LABELLED_SKIP = frozenset({"repro_steps", "logs", "category", "question", "use_case"})


def _labelled(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for edit in find_edits(text):
        if edit.explicit and edit.key not in _LABELLED_SKIP and edit.key not in IMPACT_ALIASES:
            value = _try(edit.key, edit.value, out.get("platform"))
            if value:
                out[edit.key] = value
    return out
