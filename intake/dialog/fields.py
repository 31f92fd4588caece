"""The intake fields, how they are grouped into questions, and what each category needs.

A category lists three kinds of fields:

* ``required``: a ticket is never filed without them (``logs`` is satisfied by an
  attached log *or* a ``no_logs_reason``);
* ``asked``: optional, asked once on their own, ``skip`` is fine;
* ``extra``: optional, asked only alongside another question of the same group, so
  they never cost the developer a turn of their own.

Fields are asked group by group (``GROUPS``), a few related ones at a time. The impact
questions (``IMPACT_KEYS``) are asked together after the fields.

Example:
    >>> spec = CATEGORIES[Category.CRASH_INTEGRATION]
    >>> "repro_steps" in spec.required, label("sdk_version", "zh")
    (True, 'SDK 版本')
    >>> display("chat_type", "group", "en")
    'group chat'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from intake.lang import as_lang
from intake.types import Category, Impact


@dataclass(frozen=True, slots=True)
class Bi:
    """One short text in English and Chinese."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if as_lang(lang) == "zh" else self.en


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One intake field: how to name it, ask for it, and why support needs it."""

    name: str
    label: Bi
    prompt: Bi
    why: Bi  # shown when a developer tries to skip it while it is required
    example: Bi = Bi("", "")
    choices: tuple[str, ...] = ()  # normalized values, for closed fields
    aliases: tuple[str, ...] = ()  # extra words a developer may use for the field's name


def _f(
    name: str, label: Bi, prompt: Bi, why: Bi, example: Bi, *rest: str, aliases: str = ""
) -> FieldSpec:
    return FieldSpec(
        name, label, prompt, why, example, tuple(rest), tuple(a for a in aliases.split("|") if a)
    )


_WHY_SCENARIO = Bi(
    "support reproduces the problem on the same setup.", "支持团队需要在相同环境下复现问题。"
)
FIELDS: Mapping[str, FieldSpec] = {
    f.name: f
    for f in (
        _f(
            "category",
            Bi("Category", "问题类别"),
            Bi("What kind of problem is it?", "这是哪一类问题？"),
            Bi("it decides which details matter.", "它决定需要收集哪些信息。"),
            Bi("crash", "崩溃"),
            aliases="type|kind|类别|分类|类型",
        ),
        _f(
            "platform",
            Bi("Platform", "平台"),
            Bi(
                "Which client platform is your app on (Android, iOS, Web, Flutter, React Native, "
                "Windows, macOS, Linux, Electron, uni-app, WeChat mini program, Unity)?",
                "你的客户端是哪个平台（Android、iOS、Web、Flutter、React Native、Windows、macOS、"
                "Linux、Electron、uni-app、微信小程序、Unity）？",
            ),
            Bi("known issues and fixes differ per platform.", "已知问题和修复因平台而异。"),
            Bi("Android", "Android"),
            "android",
            "ios",
            "web",
            "flutter",
            "react_native",
            "windows",
            "macos",
            "electron",
            "linux",
            "uniapp",
            "miniprogram",
            "unity",
            aliases="platforms|平台类型|client|client platform|客户端|客户端平台",
        ),
        _f(
            "sdk_version",
            Bi("SDK version", "SDK 版本"),
            Bi(
                "Which Nimbus SDK version (e.g. 3.6.1)? It is in your build file or the first line "
                "of the SDK "
                "log.",
                "用的是哪个 Nimbus SDK 版本（例如 3.6.1）？可以在构建文件或 SDK 日志第一行找到。",
            ),
            Bi(
                "many problems are fixed in a newer release; we check that first.",
                "很多问题在新版本中已修复，我们需要先核对版本。",
            ),
            Bi("SDK 3.6.1", "SDK 3.6.1"),
            aliases="sdk|version|sdk ver|sdk版本|版本|版本号",
        ),
        _f(
            "os_version",
            Bi("OS version", "系统版本"),
            Bi(
                "Which OS version does it happen on (e.g. Android 13, iOS 17.2)?",
                "在哪个系统版本上出现（例如 Android 13、iOS 17.2）？",
            ),
            _WHY_SCENARIO,
            Bi("Android 13", "安卓13"),
            aliases="os|os ver|system version|系统|操作系统",
        ),
        _f(
            "device_model",
            Bi("Device model", "设备型号"),
            Bi(
                "Which device model (e.g. Pixel 7, iPhone 15, Xiaomi 13)?",
                "哪款设备（例如 Pixel 7、iPhone 15、小米13）？",
            ),
            _WHY_SCENARIO,
            Bi("Pixel 7", "小米13"),
            aliases="device|model|phone|机型|设备|手机型号|型号",
        ),
        _f(
            "network",
            Bi("Network", "网络"),
            Bi(
                "Which network: Wi-Fi, 4G, 5G, 3G, Ethernet or other?",
                "什么网络：Wi-Fi、4G、5G、3G、有线网络还是其他？",
            ),
            _WHY_SCENARIO,
            Bi("Wi-Fi", "4G"),
            "wifi",
            "4g",
            "5g",
            "3g",
            "ethernet",
            "other",
            aliases="network type|connection type|网络类型|网络环境",
        ),
        _f(
            "chat_type",
            Bi("Chat type", "会话类型"),
            Bi(
                "Which kind of conversation: 1:1, group or chat room?",
                "哪种会话：单聊、群聊还是聊天室？",
            ),
            Bi(
                "delivery works differently in 1:1 chats, groups and chat rooms.",
                "单聊、群聊和聊天室的消息投递机制不同。",
            ),
            Bi("group chat", "群聊"),
            "one_to_one",
            "group",
            "chat_room",
            aliases="conversation type|conversation|chat|聊天类型|会话",
        ),
        _f(
            "server_version",
            Bi("Server version", "服务端版本"),
            Bi(
                "Which server version do you run (e.g. 3.8.3, v3.8.3-patch.11, or a branch)?",
                "服务端是哪个版本（例如 3.8.3、v3.8.3-patch.11，或分支名）？",
            ),
            Bi("server bugs are fixed per release.", "服务端问题按版本修复。"),
            Bi("v3.8.3-patch.11", "v3.8.3-patch.11"),
            aliases="server|server ver|openim server version|服务端|服务器版本|服务端版本号",
        ),
        _f(
            "deployment",
            Bi("Deployment", "部署方式"),
            Bi(
                "How is the server deployed: Docker, from source, or Kubernetes?",
                "服务端是怎么部署的：Docker、源码，还是 Kubernetes？",
            ),
            Bi(
                "each deployment method has its own configuration files and failure modes.",
                "不同部署方式的配置文件和常见问题不同。",
            ),
            Bi("docker compose", "Docker"),
            "docker",
            "source",
            "kubernetes",
            aliases="deployment method|deploy|deployed with|部署|部署方法",
        ),
        _f(
            "server_os",
            Bi("Server OS", "服务器系统"),
            Bi(
                "Which OS and CPU does the server host run (e.g. Linux (AMD))?",
                "服务器是什么系统和 CPU 架构（例如 Linux (AMD)）？",
            ),
            Bi("some components ship per architecture.", "部分组件按架构发布。"),
            Bi("Linux (AMD)", "Linux (AMD)"),
            aliases="server os|server host|host os|cpu architecture|服务器操作系统|服务器系统",
        ),
        _f(
            "symptom_kind",
            Bi("Symptom type", "问题类型"),
            Bi(
                "Which fits best: not sent, sent but not received, received but shown wrong, "
                "crash, audio "
                "noise, disconnects, latency, or something else?",
                "哪一项最贴切：发不出去、发出但对方收不到、收到但显示不对、崩溃、杂音、掉线、延迟，"
                "还是其他？",
            ),
            Bi(
                "it tells the engineer where in the pipeline to look.",
                "它告诉工程师从哪个环节查起。",
            ),
            Bi("sent but not received", "发出但对方收不到"),
            "not_sent",
            "not_received",
            "shown_wrong",
            "crash",
            "audio_noise",
            "disconnects",
            "latency",
            "other",
            aliases="symptom type|problem type|kind of symptom|现象类型",
        ),
        _f(
            "symptom",
            Bi("Symptom", "问题描述"),
            Bi(
                "What exactly happens? What you did, what you saw, and any error code.",
                "具体发生了什么？你做了什么、看到了什么、有没有错误码。",
            ),
            Bi(
                "an engineer cannot start without a concrete description.",
                "没有具体描述，工程师无法着手。",
            ),
            Bi(
                "group messages stay in 'sending', then fail with 2002",
                "群消息一直在发送中，最后报 2002",
            ),
            aliases="description|problem|issue|现象|问题|症状|描述",
        ),
        _f(
            "frequency",
            Bi("Frequency", "出现频率"),
            Bi(
                "Does it happen every time or only sometimes?",
                "是每次都出现（必现），还是偶尔出现（偶现）？",
            ),
            Bi(
                "an intermittent problem is investigated differently from one that always happens.",
                "偶现和必现问题的排查方式不同。",
            ),
            Bi("every time", "必现"),
            "always",
            "intermittent",
            aliases="how often|频率|复现频率|复现率",
        ),
        _f(
            "since",
            Bi("Since", "开始时间"),
            Bi(
                "Has it been like this from the start, or since an update?",
                "是一开始就有，还是某次升级之后才出现？",
            ),
            Bi("a regression points to a change.", "回归问题能直接指向某次变更。"),
            Bi("since the update to 3.6.0", "升级到 3.6.0 之后"),
            "from_start",
            "after_update",
            aliases="since when|started|从何时|何时开始|什么时候开始",
        ),
        _f(
            "since_detail",
            Bi("Update", "相关升级"),
            Bi(
                "Which update was it (e.g. SDK 3.5.4 to 3.6.0, or iOS 17)?",
                "是哪次升级（例如 SDK 3.5.4 升到 3.6.0，或 iOS 17）？",
            ),
            Bi("it narrows the change to look at.", "它能缩小排查范围。"),
            Bi("3.5.4 -> 3.6.0", "3.5.4 -> 3.6.0"),
            aliases="update|upgrade|哪次升级|升级",
        ),
        _f(
            "last_seen",
            Bi("Last seen", "最近一次出现"),
            Bi(
                "When did it last happen (date, time and time zone)?",
                "最近一次出现是什么时候（日期、时间和时区）？",
            ),
            Bi("it lets us find the moment in the logs.", "便于在日志里定位。"),
            Bi("last happened today 10:05 UTC", "最近一次是今天 10:05（北京时间）"),
            aliases="last time|last happened|last occurrence|最近一次|上次出现",
        ),
        _f(
            "repro_steps",
            Bi("Steps to reproduce", "复现步骤"),
            Bi(
                "How can we reproduce it? A few numbered steps are ideal.",
                "如何复现？列出几个步骤最好。",
            ),
            Bi(
                "an engineer needs to trigger the problem to fix it.",
                "工程师需要能触发问题才能修复。",
            ),
            Bi("1. log in 2. open a group 3. send a text", "1. 登录 2. 打开群聊 3. 发送文本"),
            aliases="steps|repro|reproduction|reproduction steps|how to reproduce|"
            "复现|步骤|重现步骤",
        ),
        _f(
            "expected",
            Bi("Expected", "期望结果"),
            Bi("What did you expect to happen instead?", "你期望的结果是什么？"),
            Bi("it makes clear what 'fixed' means.", "明确什么算修复。"),
            Bi("", ""),
            aliases="expected result|expected behaviour|expected behavior|期望|预期|预期结果",
        ),
        _f(
            "logs",
            Bi("Logs", "日志"),
            Bi(
                "Please attach the SDK log (NimbusClient.exportLogs() gives the last 3 days). If "
                "you can't, "
                "tell me why.",
                "请附上 SDK 日志（NimbusClient.exportLogs() 可导出最近 3 天）。如果没有，"
                "请说明原因。",
            ),
            Bi(
                "most problems are found in the SDK log; if you have none, tell me why in one line "
                "(e.g. 'cannot reproduce on our devices').",
                "大多数问题要靠 SDK 日志定位；如果没有日志，"
                "请用一句话说明原因（例如“内部设备复现不了”）。",
            ),
            Bi(
                "attach nimbus.log, or: no logs, the device is with a customer",
                "附上日志，或：没有日志，设备在客户手里",
            ),
            aliases="log|日志文件",
        ),
        _f(
            "no_logs_reason",
            Bi("Why no logs", "无日志原因"),
            Bi("Why are there no logs?", "为什么没有日志？"),
            Bi("it tells the engineer what else to ask for.", "便于工程师判断还能要什么信息。"),
            Bi("", ""),
            aliases="no logs|无日志",
        ),
        _f(
            "question",
            Bi("Question", "问题"),
            Bi("What would you like to know?", "你想了解什么？"),
            Bi("it is what the ticket is about.", "这是工单的主题。"),
            Bi("how do I mute a group for one user?", "如何对单个成员禁言？"),
            aliases="ask|提问|咨询",
        ),
        _f(
            "use_case",
            Bi("Use case", "使用场景"),
            Bi(
                "What should the SDK do, and what are you building that needs it?",
                "你希望 SDK 提供什么能力？你在做什么需要它？",
            ),
            Bi(
                "product managers weigh requests by their use case.",
                "产品团队根据使用场景评估需求。",
            ),
            Bi("reactions in chat rooms for our live events", "直播间聊天室里的消息表情回应"),
            aliases="feature|request|需求|功能|场景",
        ),
    )
}

VALUE_LABELS: Mapping[str, Mapping[str, Bi]] = {
    "platform": {
        "android": Bi("Android", "Android"),
        "ios": Bi("iOS", "iOS"),
        "web": Bi("Web", "Web"),
        "flutter": Bi("Flutter", "Flutter"),
        "react_native": Bi("React Native", "React Native"),
        "windows": Bi("Windows", "Windows"),
        "macos": Bi("macOS", "macOS"),
        "electron": Bi("Electron", "Electron"),
        "linux": Bi("Linux desktop", "Linux 桌面"),
        "uniapp": Bi("uni-app", "uni-app"),
        "miniprogram": Bi("WeChat mini program", "微信小程序"),
        "unity": Bi("Unity", "Unity"),
    },
    "deployment": {
        "docker": Bi("Docker", "Docker"),
        "source": Bi("from source", "源码部署"),
        "kubernetes": Bi("Kubernetes", "Kubernetes"),
    },
    "network": {
        "wifi": Bi("Wi-Fi", "Wi-Fi"),
        "4g": Bi("4G", "4G"),
        "5g": Bi("5G", "5G"),
        "3g": Bi("3G", "3G"),
        "ethernet": Bi("Ethernet", "有线网络"),
        "other": Bi("other", "其他"),
    },
    "chat_type": {
        "one_to_one": Bi("1:1 chat", "单聊"),
        "group": Bi("group chat", "群聊"),
        "chat_room": Bi("chat room", "聊天室"),
    },
    "symptom_kind": {
        "not_sent": Bi("not sent", "发不出去"),
        "not_received": Bi("sent but not received", "发出但对方收不到"),
        "shown_wrong": Bi("received but shown wrong", "收到但显示不对"),
        "crash": Bi("crash", "崩溃"),
        "audio_noise": Bi("audio noise", "杂音"),
        "disconnects": Bi("disconnects", "掉线"),
        "latency": Bi("latency", "延迟"),
        "other": Bi("something else", "其他"),
    },
    "frequency": {"always": Bi("every time", "必现"), "intermittent": Bi("sometimes", "偶现")},
    "since": {
        "from_start": Bi("from the start", "一开始就有"),
        "after_update": Bi("after an update", "升级后出现"),
    },
    "category": {
        Category.MESSAGE_DELIVERY.value: Bi("message delivery", "消息收发"),
        Category.AUDIO_VIDEO.value: Bi("audio/video quality", "音视频质量"),
        Category.CONNECTION.value: Bi("connection/login", "连接与登录"),
        Category.CRASH_INTEGRATION.value: Bi("crash/integration", "崩溃与集成"),
        Category.PERFORMANCE.value: Bi("performance", "性能"),
        Category.SERVER_DEPLOYMENT.value: Bi("server/deployment", "服务端与部署"),
        Category.HOW_TO.value: Bi("how-to question", "使用咨询"),
        Category.FEATURE_REQUEST.value: Bi("feature request", "功能需求"),
        Category.OTHER.value: Bi("other", "其他"),
    },
}


@dataclass(frozen=True, slots=True)
class Group:
    """Fields asked in one question; ``catch_all`` takes the whole answer when it is free text."""

    name: str
    fields: tuple[str, ...]
    catch_all: str | None = None


GROUPS: tuple[Group, ...] = (
    Group("question", ("question",), "question"),
    Group("use_case", ("use_case",), "use_case"),
    Group("server", ("server_version", "deployment", "server_os")),
    Group(
        "scenario",
        ("platform", "sdk_version", "os_version", "device_model", "network", "chat_type"),
    ),
    Group("symptom", ("symptom_kind", "symptom"), "symptom"),
    Group("timing", ("frequency", "since", "since_detail", "last_seen")),
    Group("repro", ("repro_steps", "expected"), "repro_steps"),
    Group("logs", ("logs",), "logs"),
)


@dataclass(frozen=True, slots=True)
class CategorySpec:
    """What a ticket of one category needs (see the module docstring)."""

    category: Category
    required: tuple[str, ...]
    asked: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    impact: bool = True  # ask the impact questions

    def knows(self, field: str) -> bool:
        return field in self.required or field in self.asked or field in self.extra


_TIMING_EXTRA = ("since", "since_detail", "last_seen", "expected")
CATEGORIES: Mapping[Category, CategorySpec] = {
    s.category: s
    for s in (
        CategorySpec(
            Category.MESSAGE_DELIVERY,
            (
                "platform",
                "sdk_version",
                "chat_type",
                "network",
                "symptom_kind",
                "symptom",
                "frequency",
                "logs",
            ),
            ("repro_steps",),
            ("os_version", "device_model", *_TIMING_EXTRA),
        ),
        CategorySpec(
            Category.AUDIO_VIDEO,
            ("platform", "sdk_version", "device_model", "network", "symptom", "frequency", "logs"),
            ("repro_steps",),
            ("os_version", "symptom_kind", *_TIMING_EXTRA),
        ),
        CategorySpec(
            Category.CONNECTION,
            ("platform", "sdk_version", "network", "symptom", "frequency", "logs"),
            ("repro_steps",),
            ("os_version", "device_model", *_TIMING_EXTRA),
        ),
        CategorySpec(
            Category.CRASH_INTEGRATION,
            (
                "platform",
                "sdk_version",
                "os_version",
                "device_model",
                "symptom",
                "frequency",
                "repro_steps",
                "logs",
            ),
            (),
            _TIMING_EXTRA,
        ),
        CategorySpec(
            Category.PERFORMANCE,
            ("platform", "sdk_version", "symptom", "frequency", "logs"),
            ("repro_steps",),
            ("os_version", "device_model", "network", *_TIMING_EXTRA),
        ),
        CategorySpec(
            Category.OTHER,
            ("platform", "sdk_version", "symptom"),
            ("repro_steps", "logs"),
            ("os_version", "device_model", "network", "frequency", *_TIMING_EXTRA),
        ),
        CategorySpec(
            Category.SERVER_DEPLOYMENT,
            ("server_version", "deployment", "symptom", "logs"),
            ("server_os", "repro_steps"),
            ("expected", "frequency", "since", "since_detail"),
        ),
        CategorySpec(Category.HOW_TO, ("question",), ("platform",), ("sdk_version",), impact=False),
        CategorySpec(Category.FEATURE_REQUEST, ("use_case",), ("platform",), (), impact=False),
    )
}

IMPACT_KEYS: tuple[str, ...] = ("production", "all_users", "workaround", "data_loss")
IMPACT_QUESTIONS: Mapping[str, Bi] = {
    "production": Bi("Is a production app affected?", "线上（生产环境）应用是否受影响？"),
    "all_users": Bi("All users, or only some?", "是全部用户还是部分用户？"),
    "workaround": Bi("Is there a workaround?", "有没有临时规避方案？"),
    "data_loss": Bi("Are messages or data being lost?", "是否有消息或数据丢失？"),
}
IMPACT_LABELS: Mapping[str, Bi] = {
    "production": Bi("Production", "线上环境"),
    "all_users": Bi("All users", "全部用户"),
    "workaround": Bi("Workaround", "临时方案"),
    "data_loss": Bi("Data lost", "数据丢失"),
}
IMPACT_ALIASES: Mapping[str, tuple[str, ...]] = {
    "production": ("production", "prod", "线上", "生产环境"),
    "all_users": ("all users", "all_users", "全部用户", "所有用户"),
    "workaround": ("workaround", "临时方案", "规避方案"),
    "data_loss": ("data loss", "data_loss", "data lost", "丢消息", "数据丢失"),
}


def label(field: str, lang: str) -> str:
    """Short name of ``field`` (or an impact key) in ``lang``."""
    if field in IMPACT_LABELS:
        return IMPACT_LABELS[field].get(lang)
    return FIELDS[field].label.get(lang)


def display(field: str, value: str, lang: str) -> str:
    """``value`` as a person reads it: ``display("network", "wifi", "en") == "Wi-Fi"``."""
    labels = VALUE_LABELS.get(field, {})
    return labels[value].get(lang) if value in labels else value


def impact_missing(impact: Impact) -> tuple[str, ...]:
    """Impact questions still unanswered; "all users?" is moot when production is not affected."""
    out = [k for k in IMPACT_KEYS if getattr(impact, k) is None]
    if impact.production is False and "all_users" in out:
        out.remove("all_users")
    return tuple(out)


def missing_required(
    category: Category, values: Mapping[str, str], *, has_logs: bool, impact: Impact
) -> tuple[str, ...]:
    """Required fields (and impact keys) a ticket of ``category`` still lacks.

    >>> missing_required(Category.HOW_TO, {"question": "How do I mute a group?"},
    ...                  has_logs=False, impact=Impact())
    ()
    """
    spec = CATEGORIES[category]
    out = [f for f in spec.required if not is_filled(f, values, has_logs=has_logs)]
    if spec.impact:
        out += impact_missing(impact)
    return tuple(out)


def is_filled(field: str, values: Mapping[str, str], *, has_logs: bool) -> bool:
    if field == "logs":
        return has_logs or bool(values.get("no_logs_reason"))
    return bool(values.get(field))


def resolve_field(name: str) -> str | None:
    """The field a developer means by ``name`` ("sdk version", "平台", "device"), or ``None``."""
    key = " ".join(name.strip().lower().replace("_", " ").split())
    return _ALIASES.get(key)


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for spec in FIELDS.values():
        for word in (
            spec.name.replace("_", " "),
            spec.label.en.lower(),
            spec.label.zh.lower(),
            *spec.aliases,
        ):
            table.setdefault(" ".join(word.lower().split()), spec.name)
    # A space inside a Chinese label ("SDK 版本") is often left out when typing.
    for word, name in list(table.items()):
        table.setdefault(word.replace(" ", ""), name)
    return table


_ALIASES = _alias_table()
ALIASES_LONGEST_FIRST: tuple[tuple[str, str], ...] = tuple(
    sorted(_ALIASES.items(), key=lambda kv: -len(kv[0]))
)
