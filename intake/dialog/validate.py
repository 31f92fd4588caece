"""Turn a developer's answer for one field into its normalized value, or say what a good answer is.

``normalize`` raises :class:`intake.errors.FieldValueError` whose ``hint`` (in the
developer's language) shows what a valid answer looks like.

Example:
    >>> normalize("network", "LTE"), normalize("platform", "安卓")
    ('4g', 'android')
    >>> try:
    ...     normalize("sdk_version", "latest")
    ... except FieldValueError as e:
    ...     print(e.hint[:55])
    SDK version 'latest' is not a version number. Please gi
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from intake.dialog.fields import FIELDS, VALUE_LABELS, display
from intake.dialog.vocabulary import CHOICE_ALIASES, find_choices
from intake.errors import FieldValueError
from intake.lang import as_lang, join
from intake.types import Category

MAX_TEXT = 4000  # free-text fields are capped so one paste cannot swamp the ticket

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Words need a letter: version numbers say which build, not what goes wrong.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?")
_STOP = frozenset(
    re.findall(
        r"\S+",
        """it its it's is are was were be been the a an this that these those does doesn't don't
        didn't do not no work works working worked at all help please sdk nimbus problem problems
        issue issues bug broken hi hello hey thanks thank you we i my our us have has had some with
        there any anything something wrong just still again anymore really on in to of and or but
        when with for from after before since update updated upgrade upgraded sometimes always
        every time times version v yes ok so also too can can't cannot could would should will""",
    )
)
_ZH_FILLER = re.compile(
    r"你好|您好|请问|帮忙|帮我|看看|看一下|一下|有问题|出问题|不行|用不了|不能用|不好用|怎么办|谢谢|麻烦|"
    r"我们|[的了吗呢啊吧我]"
)
_ERROR_CODE = re.compile(
    r"\b(?:100[1-5]|200[1-5]|300[1-4]|4001|5001|700[1-3])\b|\b[A-Z]{3,}_[A-Z_]{3,}\b"
)
_FILLER = re.compile(
    r"^(?:yes|no|ok|okay|sure|y|n|idk|dunno|n/?a|none|nothing|no idea|not sure|\?+|"
    r"是|否|好|好的|嗯|没有|无|不知道|不清楚)[.!。！]*$",
    re.IGNORECASE,
)


def content_score(text: str) -> float:
    """How much a text says: content words plus Chinese characters (2.5 count as one word).

    Greetings, "it doesn't work", "有问题" and the like count for nothing; a Nimbus
    error code counts as two words because it alone tells an engineer a lot.

    >>> content_score("messages don't send") < 2.8 <= content_score("group messages don't send")
    True
    """
    words = [w for w in _WORD.findall(text) if w.lower().replace("’", "'") not in _STOP]
    cjk = len(_CJK.findall(_ZH_FILLER.sub("", text)))
    bonus = 2.0 if _ERROR_CODE.search(text) else 0.0
    return len(words) + cjk / 2.5 + bonus


CONCRETE_SYMPTOM = 2.8



def _hint(lang: str, en: str, zh: str) -> str:
    return zh if as_lang(lang) == "zh" else en


def _options(field: str, lang: str) -> str:
    return join([display(field, v, lang) for v in VALUE_LABELS[field]], lang)


def _choice(field: str) -> Callable[[str, str, str | None], str]:
    choices = FIELDS[field].choices or tuple(VALUE_LABELS[field])

    def check(value: str, lang: str, platform: str | None) -> str:
        clean = value.strip().strip("。.!！").strip()
        if re.fullmatch(r"[0-9]{1,2}", clean) and 1 <= int(clean) <= len(choices):
            return choices[int(clean) - 1]
        exact = [v for p, v in CHOICE_ALIASES[field] if p.fullmatch(clean)]
        found = exact[:1] or list(find_choices(field, clean))
        if field == "network" and len(found) > 1 and "other" in found:
            found = ["other"]  # "wifi and 4G, all networks": not one network
        if len(found) == 1:
            return found[0]
        if field == "network" and re.search(
            r"cellular|mobile|移动|流量|数据网络", clean, re.IGNORECASE
        ):
            raise FieldValueError(
                field,
                value,
                _hint(
                    lang,
                    "Which mobile network: 3G, 4G or 5G? If you don't know, answer 'other'.",
                    "是哪种移动网络：3G、4G 还是 5G？不确定的话回答“其他”。",
                ),
            )
        name = FIELDS[field].label.get(lang)
        raise FieldValueError(
            field,
            value,
            _hint(
                lang,
                f"{name} '{clean}' is not one I know. Please answer with one of: "
                f"{_options(field, lang)}.",
                f"无法识别{name}“{clean}”。请从这些里选一个：{_options(field, lang)}。",
            ),
        )

    return check


_VERSION = re.compile(
    r"(?<![\w.])v?(\d{1,3}\.\d{1,3}(?:\.\d{1,4})?(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?(?:\+[0-9A-Za-z.]+)?)"
    r"(?![\w.])"
)
_BRANCH = re.compile(r"(?:main|master|dev(?:elop)?|release-v?[\d.]+\w*)", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"e\.?\s?g\.?|例如|比如|latest|最新|newest|unknown|不知道|n/?a", re.IGNORECASE)


def _server_version(value: str, lang: str, platform: str | None) -> str:
    """A server release ("3.8.3", "v3.8.3-patch.11", "3.8") or a branch ("main"), kept as written."""
    clean = value.strip().strip("`'\"。.").strip()
    if not _PLACEHOLDER.search(clean):
        m = re.search(
            r"(?<![\w.])(v?\d{1,2}\.\d{1,3}(?:\.\d{1,4})?(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?)(?![\w.]*\d)", clean
        )
        if m:
            return m.group(1)
        if _BRANCH.fullmatch(clean):
            return clean
    raise FieldValueError(
        "server_version",
        value,
        _hint(
            lang,
            f"Server version '{clean}' is not a release I can use. Please give it like 3.8.3 or "
            "v3.8.3-patch.11 (the image tag or `git describe`), or the branch name.",
            f"服务端版本“{clean}”不是可用的版本。请按 3.8.3 或 v3.8.3-patch.11 填写（镜像标签或 "
            "`git describe`），或给出分支名。",
        ),
    )


def _server_os(value: str, lang: str, platform: str | None) -> str:
    clean = " ".join(value.split()).strip("。.")
    if 2 <= len(clean) <= 60 and re.search(r"[A-Za-z\u4e00-\u9fff]", clean) and not _FILLER.match(clean):
        return clean
    raise FieldValueError(
        "server_os",
        value,
        _hint(
            lang,
            "Please name the server host's OS and CPU, e.g. 'Linux (AMD)' or 'Ubuntu 22.04 arm64'.",
            "请写出服务器的系统和 CPU 架构，例如“Linux (AMD)”或“Ubuntu 22.04 arm64”。",
        ),
    )


def _sdk_version(value: str, lang: str, platform: str | None) -> str:
    if re.search(r"\d+\.\d+\.[xX*]", value):
        raise FieldValueError(
            "sdk_version",
            value,
            _hint(
                lang,
                f"'{value.strip()}' is a range. Please give the exact version, like 3.6.1.",
                f"“{value.strip()}”是一个范围。请给出确切版本，例如 3.6.1。",
            ),
        )
    found: list[str] = list(dict.fromkeys(m.group(1) for m in _VERSION.finditer(value)))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise FieldValueError(
            "sdk_version",
            value,
            _hint(
                lang,
                f"I see several versions ({', '.join(found)}). Which one does the app use now?",
                f"我看到了多个版本（{'、'.join(found)}）。应用现在用的是哪一个？",
            ),
        )
    raise FieldValueError(
        "sdk_version",
        value,
        _hint(
            lang,
            f"SDK version '{value.strip()}' is not a version number. Please give it like 3.6.1 — "
            "it is in "
            "your build file or the first line of the SDK log.",
            f"SDK 版本“{value.strip()}”不是版本号。请按 3.6.1 这样的格式填写，可以在构建文件或 SDK "
            "日志第一行找到。",
        ),
    )


OS_NAMES: Mapping[str, str] = {
    "android": "Android",
    "安卓": "Android",
    "ios": "iOS",
    "ipados": "iPadOS",
    "windows": "Windows",
    "win": "Windows",
    "macos": "macOS",
    "mac os x": "macOS",
    "mac os": "macOS",
    "osx": "macOS",
    "os x": "macOS",
    "chrome": "Chrome",
    "safari": "Safari",
    "firefox": "Firefox",
    "edge": "Edge",
}
_OS_PLATFORM = {
    "Android": "android",
    "iOS": "ios",
    "iPadOS": "ios",
    "Windows": "windows",
    "macOS": "macos",
}
_OS_RANGE = {
    "Android": (4, 16),
    "iOS": (9, 26),
    "iPadOS": (13, 26),
    "Windows": (7, 11),
    "macOS": (10, 26),
}
MAC_NAMES: Mapping[str, str] = {
    "sequoia": "15",
    "sonoma": "14",
    "ventura": "13",
    "monterey": "12",
    "big sur": "11",
}
_OS_RE = re.compile(
    r"(?:(?P<name>android|安卓|ipados|ios|windows|win|mac\s*os\s*x|mac\s*os|macos|osx|os\s*x|chrome|safari|"
    r"firefox|edge)\s*)?v?(?P<ver>\d{1,3}(?:\.\d{1,2}){0,2})(?![\d.]*\d)",
    re.IGNORECASE,
)


def format_os(name: str | None, version: str, platform: str | None) -> str:
    """``"13"`` when the OS is the platform itself, else ``"Android 13"`` (Flutter on Android)."""
    if name is None or _OS_PLATFORM.get(name) == platform:
        return version
    return f"{name} {version}"


def plausible_os(name: str | None, version: str) -> bool:
    if name not in _OS_RANGE:
        return True
    low, high = _OS_RANGE[name]
    return low <= int(version.split(".")[0]) <= high


def _os_version(value: str, lang: str, platform: str | None) -> str:
    clean = value.strip()
    for mac, ver in MAC_NAMES.items():
        if mac in clean.lower():
            return format_os("macOS", ver, platform)
    harmony = re.search(
        r"harmony\s?os\s*v?(\d{1,2}(?:\.\d{1,2}){0,2})|鸿蒙\s*(?:os)?\s*v?(\d{1,2}(?:\.\d{1,2}){0,2})", clean, re.I
    )
    if harmony:
        return f"HarmonyOS {harmony.group(1) or harmony.group(2)}"
    # "MagicOS 8.0 (Android 14)": a named OS wins over a vendor skin's bare number.
    matches = sorted(_OS_RE.finditer(clean), key=lambda m: m.group("name") is None)
    for m in matches:
        name = OS_NAMES.get(" ".join((m.group("name") or "").lower().split()) or "-")
        if plausible_os(name, m.group("ver")):
            return format_os(name, m.group("ver"), platform)
    raise FieldValueError(
        "os_version",
        value,
        _hint(
            lang,
            f"OS version '{clean}' has no version number I can use. Please give it like 'Android "
            "13' or "
            "'iOS 17.2' (Settings → About).",
            f"系统版本“{clean}”里没有可用的版本号。请按“Android 13”或“iOS 17.2”这样填写（设置 → "
            "关于本机）。",
        ),
    )


BRANDS: Mapping[str, str] = {
    b.lower(): b
    for b in (
        "iPhone",
        "iPad",
        "Pixel",
        "Galaxy",
        "Samsung",
        "Xiaomi",
        "Redmi",
        "POCO",
        "OnePlus",
        "Huawei",
        "Honor",
        "OPPO",
        "vivo",
        "realme",
        "Motorola",
        "Moto",
        "Nokia",
        "Meizu",
        "iQOO",
        "MacBook",
        "iMac",
        "Mate",
        "Pro",
        "Max",
        "Plus",
        "Ultra",
        "mini",
        "Lite",
        "Air",
        "Note",
        "Find",
        "Reno",
        "Magic",
    )
}


ZH_BRANDS: Mapping[str, str] = {
    "华为": "Huawei",
    "红米": "Redmi",
    "三星": "Samsung",
    "小米": "Xiaomi",
    "荣耀": "Honor",
    "一加": "OnePlus",
}


def canonical_device(text: str) -> str:
    """Collapse spaces; give brand words their usual case ("iphone 15 pro" → "iPhone 15 Pro").

    Chinese brand names are kept as written ("小米13" stays "小米13", "华为 Mate 60" too).
    """
    words = text.split()
    glued = re.fullmatch(r"([A-Za-z]+)(\d.*)", words[0]) if words else None
    if glued and glued.group(1).lower() in BRANDS:  # "iPhone15" → "iPhone 15"
        words[0:1] = [glued.group(1), glued.group(2)]
    return " ".join(BRANDS.get(w.lower(), w) for w in words)


def _device_model(value: str, lang: str, platform: str | None) -> str:
    clean = canonical_device(value.strip().strip("。.!！"))
    if (
        2 <= len(clean) <= 80
        and not _FILLER.match(clean)
        and re.search(r"[A-Za-z\u4e00-\u9fff]", clean)
        and clean.lower()
        not in {"phone", "mobile", "device", "手机", "设备", "电脑", "computer", "pc", "desktop", "desktop pc",
                "laptop", "台式机", "笔记本", "all", "any", "various", "模拟器", "emulator", "simulator"}
    ):
        return clean
    raise FieldValueError(
        "device_model",
        value,
        _hint(
            lang,
            "Please name the device model, e.g. Pixel 7, iPhone 15 Pro or Xiaomi 13. If many are "
            "affected, "
            "name one or two and add 'and others'.",
            "请给出具体机型，例如 Pixel 7、iPhone 15 Pro、小米13。如果很多机型都有问题，"
            "写一两个再加“等”。",
        ),
    )


def _text(field: str, minimum: float, en: str, zh: str) -> Callable[[str, str, str | None], str]:
    def check(value: str, lang: str, platform: str | None) -> str:
        clean = value.strip()
        if clean and not _FILLER.match(clean) and content_score(clean) >= minimum:
            return clean[:MAX_TEXT]
        raise FieldValueError(field, value, _hint(lang, en, zh))

    return check


_VALIDATORS: Mapping[str, Callable[[str, str, str | None], str]] = {
    "category": _choice("category"),
    "platform": _choice("platform"),
    "network": _choice("network"),
    "chat_type": _choice("chat_type"),
    "symptom_kind": _choice("symptom_kind"),
    "frequency": _choice("frequency"),
    "since": _choice("since"),
    "deployment": _choice("deployment"),
    "server_version": _server_version,
    "server_os": _server_os,
    "sdk_version": _sdk_version,
    "os_version": _os_version,
    "device_model": _device_model,
    "symptom": _text(
        "symptom",
        CONCRETE_SYMPTOM,
        "Please describe what happens in a sentence or two: what you did, what you saw instead, "
        "and any error "
        "code (e.g. 'group messages stay in sending, then fail with 2002'). 'It doesn't work' is "
        "not enough "
        "for an engineer to start.",
        "请用一两句话描述具体现象：做了什么、看到了什么、有没有错误码（例如“群消息一直在发送中，"
        "最后报 2002”）。"
        "只说“不能用”工程师无从下手。",
    ),
    "repro_steps": _text(
        "repro_steps",
        2.0,
        "Please list the steps that trigger it, e.g. '1. log in 2. open a group 3. send a "
        "text'. If you cannot reproduce it, say what the users were doing.",
        "请列出触发步骤，例如“1. 登录 2. 打开群聊 3. 发送文本”。如果无法复现，"
        "请说明用户当时在做什么。",
    ),
    "no_logs_reason": _text(
        "no_logs_reason",
        1.5,
        "Attach the SDK log, or tell me in a few words why there is none (e.g. 'the "
        "device is with a customer').",
        "请附上 SDK 日志，或简单说明为什么没有（例如“设备在客户手里”）。",
    ),
    "question": _text(
        "question",
        2.0,
        "Please write your question in a sentence, e.g. 'How do I mute one member of a group?'",
        "请用一句话写下你的问题，例如“如何对群里的某个成员禁言？”",
    ),
    "use_case": _text(
        "use_case",
        2.0,
        "Please describe what you want the SDK to do and what for, in a sentence or two.",
        "请用一两句话描述你希望 SDK 提供什么能力、用来做什么。",
    ),
    "since_detail": _text(
        "since_detail",
        1.0,
        "Which update? e.g. 'SDK 3.5.4 to 3.6.0' or 'iOS 17'.",
        "是哪次升级？例如“SDK 3.5.4 升到 3.6.0”或“iOS 17”。",
    ),
    "last_seen": _text(
        "last_seen",
        1.0,
        "When did it last happen? e.g. 'today 10:05 UTC'.",
        "最近一次是什么时候？例如“今天 10:05（北京时间）”。",
    ),
    "expected": _text(
        "expected", 1.0, "What should have happened instead?", "你期望的结果是什么？"
    ),
}


def normalize(field: str, value: str, *, lang: str = "en", platform: str | None = None) -> str:
    """The normalized value of ``field`` for the answer ``value``.

    ``platform`` (already known) decides whether an OS version keeps its OS name.

    Raises:
        FieldValueError: the answer does not fit; ``hint`` says what would.

    >>> normalize("os_version", "Android 13", platform="android")
    '13'
    >>> normalize("os_version", "iOS 17.2")
    'iOS 17.2'
    """
    if field not in _VALIDATORS:
        raise KeyError(f"no validator for field {field!r}; known: {', '.join(sorted(_VALIDATORS))}")
    if not value.strip():
        name = FIELDS[field].label.get(lang)
        raise FieldValueError(
            field, value, _hint(lang, f"{name} cannot be empty.", f"{name}不能为空。")
        )
    return _VALIDATORS[field](value, lang, platform)


def category_of(value: str, *, lang: str = "en") -> Category:
    """A :class:`Category` from an answer ("crash", "4", "使用咨询")."""
    return Category(normalize("category", value, lang=lang))
