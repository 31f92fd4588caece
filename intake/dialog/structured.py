"""Fields from a report's structure: template sections first, then what they contain.

``read`` takes a :class:`intake.dialog.sections.Report` and returns what its sections state:

* client facts from their own sections ("### SDK Platform", "Device Model", "SDK版本："),
* server facts (``server_version``, ``deployment``, ``server_os``) from the server
  sections, which never feed a client field ("Linux (AMD)" is the server host, not the
  app's platform; "OpenIM Server Version 3.8.2" is not the SDK version),
* ``repro_steps`` and ``expected`` when written out (numbered steps, a request body, a
  command, a "when I do X" sentence; a stated expectation), and log lines (``logs``),
* ``prose``: the developer's own words, for the keyword rules and the classifier.

Example:
    >>> from intake.dialog.sections import parse
    >>> s = read(parse("[BUG] x\\n\\n### OpenIM Server Version\\n\\nv3.8.3-patch.2\\n\\n"
    ...                "### Deployment Method\\n\\nDocker Deployment\\n\\n"
    ...                "### Operating System and CPU Architecture\\n\\nLinux (AMD)"))
    >>> s.values["server_version"], s.values["deployment"], s.values["server_os"]
    ('v3.8.3-patch.2', 'docker', 'Linux (AMD)')
    >>> "platform" in s.values
    False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.dialog.sections import Report
from intake.dialog.validate import normalize
from intake.dialog.vocabulary import DEPLOYMENTS
from intake.errors import FieldValueError

__all__ = [
    "DEPLOYED_IN_PROSE",
    "OTHER_SERVER_VERSION",
    "SERVER_OS_IN_PROSE",
    "SERVER_VERSION_IN_PROSE",
    "Structured",
    "find_expected",
    "find_logs",
    "find_repro",
    "read",
    "server_version_of",
]


@dataclass(frozen=True, slots=True)
class Structured:
    values: dict[str, str]
    logs: str  # log lines found in the text ("" if none)
    prose: str  # the developer's narrative: title and sections, server facts left out


def _try(field: str, value: str, platform: str | None = None) -> str | None:
    try:
        return normalize(field, value, platform=platform)
    except FieldValueError:
        return None


_CLIENTISH = re.compile(r"sdk|client|客户端|@openim/|wasm|flutter|android|ios|uni-?app|electron", re.I)
_SERVERISH = re.compile(r"server|服务端|服务器|backend|后端|openim(?!\s*(?:sdk|/))", re.I)
_NOT_FOUND_WORDS = re.compile(r"^(?:all|any|every|various|multiple|many|各种|所有|全部|都有|多种)\b", re.I)
_V = r"v?\d{1,2}\.\d{1,3}(?:\.\d{1,4})?(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?(?![\w.]*\d)"
SERVER_VERSION_IN_PROSE = re.compile(
    rf"(?:open-?im[\s_-]?server|openim\s+server|server|服务端|服务器)(?:\s*(?:version|版本))?\s*"
    rf"(?:upgrade\s+(?:from\s+)?{_V}\s*(?:->|→|to)\s*|[:：=]?\s*)(?P<v>{_V})|"
    rf"(?:docker|k8s|kubernetes|helm|源码|source)\s*(?:部署|deploy\w*)(?:\s*的)?\s*(?:了\s*)?(?P<v2>{_V})|"
    rf"(?:部署|deployed)\s*(?:的|了)?\s*(?:openim\s*)?(?P<v3>{_V})|"
    # "upgraded the server to 3.8.3", "服务端升级到 3.8.3": the target is the server's version.
    rf"(?:upgrad|updat|bump|mov)\w*\s+(?:the\s+|our\s+)?(?:open-?im[\s_-]?)?(?:server|backend)\s+"
    rf"(?:from\s+{_V}\s+)?to\s+(?P<v4>{_V})|(?:服务端|服务器|后端)(?:从\s*{_V}\s*)?(?:升级|更新)(?:到|至)\s*(?P<v5>{_V})|"
    # "我们用的 3.8.3 服务端", "3.8.3 版本的服务器": in Chinese the version comes first.
    rf"(?P<v6>{_V})\s*(?:版本)?\s*(?:的)?\s*(?:open-?im\s*)?(?:服务端|服务器|后端)",
    re.I,
)
# "源码部署", "deployed with docker compose": the deployment said in a sentence.
DEPLOYED_IN_PROSE = re.compile(
    r"(?P<d>docker(?:[\s-]compose)?|源码|源代码|source(?:\s+code)?|k8s|kubernetes|helm)\s*(?:部署|deploy(?:ed|ment))|"
    r"(?:deployed|deploy|running|run|部署)\s+(?:it\s+|the\s+server\s+|openim\s+)?(?:with|via|using|on|in|from|用|在)\s*"
    r"(?P<d2>docker(?:[\s-]compose)?|source(?:\s+code)?|k8s|kubernetes|helm)",
    re.I,
)
# "服务器是 Ubuntu 22.04", "the server runs Debian 12": the server host's OS said in a sentence.
SERVER_OS_IN_PROSE = re.compile(
    r"(?:server|host|服务器|服务端|宿主机)[^,，.。;；\n]{0,16}?"
    r"(?P<os>(?:ubuntu|debian|centos|rocky(?:\s+linux)?|almalinux|red\s?hat|rhel|alpine|opensuse|fedora|windows\s+server|"
    r"linux|macos|mac\s+mini)[\s\w.()-]{0,20}?)(?=$|[,，。;；\n]|\.(?!\d)|\s+(?:and|with|和))",
    re.I | re.M,
)
# Versions of other server components: never the client SDK's.
OTHER_SERVER_VERSION = re.compile(
    rf"(?:openim-chat|open-im-chat|chat\s+server|livekit|kafka|minio|redis|mongo(?:db)?|etcd|nginx|go|golang|mysql|"
    rf"postgres(?:ql)?|python|node(?:\.?js)?|java|jdk)\s*(?:version\s*)?{_V}",
    re.I,
)


def server_version_of(m: re.Match[str]) -> str:
    return m.group("v") or m.group("v2") or m.group("v3") or m.group("v4") or m.group("v5") or m.group("v6")


def _versions(text: str, values: dict[str, str]) -> None:
    """A version section may name the client SDK, the server, or both ("wasm-sdk v 3.0.0 / server v3.0.0")."""
    for part in re.split(r"[\n,，;；]|\s{2,}", text):
        part = part.strip().strip("`'\"")
        if not part or not re.search(r"\d+\.\d+|^(?:main|master)$", part, re.I):
            continue
        if _CLIENTISH.search(part) and not _SERVERISH.search(part.replace("sdk", "")):
            sdk = _try("sdk_version", re.sub(r"\bv\s+(?=\d)", "v", part))
            if sdk:
                values.setdefault("sdk_version", sdk)
        else:
            server = _try("server_version", part)
            if server:
                values.setdefault("server_version", server)


_DEVICE_SPLIT = re.compile(r"\s+/\s+|[,，、;；]|\s+(?:and|or|calling|vs\.?|with)\s+|和|与|或", re.I)
_OS_WORD = re.compile(
    r"^\s*(?:ios|ipados|android|harmony\s?os|鸿蒙|magic\s?os|miui|hyperos|coloros|windows|macos)\b", re.I
)


def _one_device(text: str) -> str:
    """One device from a Device Model field: "iPhone XR / iOS 16.7" → "iPhone XR"; two devices → ""."""
    text = re.sub(r"[(（][^)）]*[)）]", " ", text)
    parts = [p.strip() for p in _DEVICE_SPLIT.split(text) if p.strip()]
    devices = [p for p in parts if not _OS_WORD.match(p)]
    return devices[0] if len(devices) == 1 else ""


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")


def read(report: Report) -> Structured:
    """What the sections of ``report`` state (see the module docstring)."""
    values: dict[str, str] = {}
    for kind in ("server_version", "version"):
        text = report.first(kind)
        if text:
            _versions(text, values)
    deployment = report.first("deployment") or report.first("server_version")  # "3.8.2 (docker)"
    if deployment:
        found = [v for v, p in DEPLOYMENTS if p.search(deployment)]
        if len(found) == 1:
            values["deployment"] = found[0]
    server_os = _first_line(report.first("server_os"))
    if server_os:
        value = _try("server_os", server_os)
        if value:
            values["server_os"] = value
    platform_text = _first_line(report.first("platform"))
    if platform_text and not _NOT_FOUND_WORDS.match(platform_text):
        value = _try("platform", platform_text)
        if value:
            values["platform"] = value
    for kind in ("sdk_version", "device_model", "os_version"):
        text = _first_line(report.first(kind))
        if kind == "device_model":
            text = _one_device(text)
        if text and not _NOT_FOUND_WORDS.match(text):
            value = _try(kind, text, values.get("platform"))
            if value:
                values[kind] = value
    narrative = report.texts("description", "repro", "actual", "environment", "other", "title")
    repro_section = report.first("repro")
    repro = find_repro(repro_section, section=True) or find_repro("\n".join((report.title, narrative)))
    repro = _try("repro_steps", repro) if repro else None  # "```" alone is not steps
    if repro:
        values["repro_steps"] = repro
    expected = _expected_section(report.first("expected")) or find_expected(narrative)
    expected = _try("expected", expected) if expected else None
    if expected:
        values["expected"] = expected
    logs = report.first("logs")
    found_logs = find_logs("\n".join(s.text for s in report.sections) + "\n" + report.title)
    return Structured(values, found_logs or (logs if _substantial(logs) else ""), report.narrative())


def _substantial(text: str) -> bool:
    return len(text.strip()) >= 12 and not re.fullmatch(r"\s*(?:none|n/?a|无|没有|暂无)\s*", text, re.I)


# -- repro steps, expectation, logs ---------------------------------------------------------

_NUMBERED_LINE = re.compile(r"^\s*(?:\d{1,2}[.)、]|[①②③④⑤]|\(\d\)|step\s*\d|第[一二三四五]步)\s*\S", re.I | re.M)
_CODE = re.compile(
    r"```|^\s*[{\[]\s*\"|^\s*\$\s+\S|\bcurl\s+-|\./[\w-]+|\bgo\s+(?:test|run)\b|-{2,}>|=>\s*\w|"
    r"\b(?:docker[\s-]compose|docker|kubectl|helm|make|npm|yarn|pnpm|flutter|pod|mage)\s+(?:up|run|install|exec|"
    r"start|build|apply|get|pub|test|logs)\b",
    re.M,
)
_TRIGGER = re.compile(
    r"\b(?:when(?:ever)?|if|after|once)\s+(?:i|we|you|the|a|user|users|calling|call|sending|running|the\s+\w+)\b"
    r"[^.\n]{3,200}|"
    r"\b(?:i|we)\s+(?:call(?:ed)?|run|ran|send|sent|click(?:ed)?|tap(?:ped)?|open(?:ed)?|request(?:ed)?|execut\w+)\b|"
    r"\b(?:call|calling|request(?:ing)?|invok\w+)\s+(?:the\s+)?[`/]?[\w/.]+(?:\(\))?`?\s+(?:interface|api|endpoint|method)|"
    r"\bcall(?:ing)?\s+(?:the\s+)?[/`][\w/]+|"
    r"\b(?:the\s+)?parameters\s+were\s+passed|"
    r"scenario\s*[:：]|"
    r"(?:执行|调用|运行|请求|点击)\s*[`A-Za-z/.]|我(?:运行|执行|调用|请求)",
    re.I,
)
# Only under a repro heading: "当…时", "部署后…" are the trigger there, a time elsewhere.
_SECTION_TRIGGER = re.compile(
    r"当[^，。\n]{1,40}(?:时|后|的时候)|(?:部署|升级|安装|重启|启动|登录|登陆|配置)(?:之后|以后|后|完)|"
    r"(?:打开|进入|输入|发送|上传)\s*\S",
    re.I,
)


def find_repro(text: str, *, section: bool = False) -> str | None:
    """The steps (or the one-sentence trigger) that reproduce the problem, if ``text`` has them.

    A section under a repro heading counts when it is concrete; elsewhere only numbered
    steps or a trigger sentence count. A section that only restates the symptom does not.

    >>> find_repro("1. open a group\\n2. send a text") is not None
    True
    >>> find_repro("the unread count is wrong") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    numbered = len(_NUMBERED_LINE.findall(text))
    if numbered >= 2 or _CODE.search(text):
        return text[:4000]
    m = _TRIGGER.search(text) or (_SECTION_TRIGGER.search(text) if section else None)
    if m:
        return text[:4000] if section else _sentence(text, m.start(), m.end())
    return None


_STOP = re.compile(r"\.(?=\s|$)|[\n。!?！？]")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``; a dot inside "3.6.0" does not end one."""
    a = max((m.end() for m in _STOP.finditer(text, 0, start)), default=0)
    stop = _STOP.search(text, end)
    return text[a : stop.start() if stop else len(text)].strip()


_EXPECT = re.compile(
    r"\bexpect(?:ed|ing|ation)?\b|\b(?:should|must)(?:\s+not)?\s+(?:be|have|return|show|work|display|get|receive|"
    r"trigger|update|change|succeed|stay|execute|load|appear)\b|\bnormal\s+(?:logic|behaviou?r)\b|"
    r"期望|预期|应该(?:是|为|能|可以|显示|返回|收到|成功)|正常(?:逻辑|情况下?|应该)",
    re.I,
)


def find_expected(text: str) -> str | None:
    """The sentence stating what should have happened, if any.

    >>> find_expected("It shows 1. The expected count should be 0.")
    'The expected count should be 0'
    """
    m = _EXPECT.search(text)
    return _sentence(text, m.start(), m.end()) or None if m else None


def _expected_section(text: str) -> str | None:
    clean = text.strip()
    return clean[:4000] if len(clean) >= 4 and not re.fullmatch(r"(?:none|n/?a|无|-+)", clean, re.I) else None


_LOG_LINE = re.compile(
    r"\d{4}[-/]\d{2}[-/]\d{2}[ T]\d{2}:\d{2}:\d{2}|^\s*\[?\d{4}[-/]\d{2}[-/]\d{2}[ T]\d{2}:\d{2}|"
    r"(?:^|\s|\])\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}\.\d{3}|(?:^|\s|\])\d{2}:\d{2}:\d{2}[.,]\d{3}\b|"
    r"\b(?:WARN|WARNING|ERROR|INFO|DEBUG|FATAL|PANIC)\b\s*[\[:(]|"
    r"^\s*(?:[EWIDF])/[\w.]+\s*(?:\(\s*\d+\))?:|^\s*panic:|^\s*goroutine\s+\d+|^\s+at\s+[\w.$<>]+\s*\(|Traceback\s+\(most|"
    r"^\s*(?:Exception|Caused\s+by|Fatal\s+Exception|Uncaught\s+\w*Error|Unhandled\s+Promise\s+Rejection)[:\s]|"
    r"\*\*\*\s+Terminating\s+app|^\s*Thread\s+\d+\s+Crashed|Fatal\s+signal\s+\d+|^\s*#\d{2}\s+pc\s+[0-9a-f]+|"
    r"^\s*\d{1,3}\s+[\w.+-]+\s+(?:0x[0-9a-f]+|[-+]\[|__\w+)|^\[(?:Error|Log|Warning)\]",
    re.M | re.I,
)
_FENCED = re.compile(r"```[^\n]*\n(?P<body>.*?)```", re.S)
_CONSOLE = re.compile(r"^\s*\$\s+\S", re.M)


def find_logs(text: str) -> str:
    """Log lines and console output in ``text`` (timestamps, levels, stack frames, a ``$`` command's
    output); quoted error messages, request bodies and config files are not logs."""
    lines = [ln for ln in text.splitlines() if _LOG_LINE.search(ln)]
    for m in _FENCED.finditer(text):
        body = m.group("body")
        if _CONSOLE.search(body) and len(body.strip().splitlines()) >= 3:  # a command and its output
            lines.extend(body.strip().splitlines())
    return "\n".join(dict.fromkeys(lines))[:20000]
