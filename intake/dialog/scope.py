"""Requests support does not handle, said politely, with what support can do instead.

Out of scope (see the support plans): writing or debugging the customer's own business
logic, their own server, their network/firewall/VPN set-up, and bugs inside third-party
libraries. For third-party conflicts support still helps (it identifies the conflict and
documents workarounds), so a ticket is offered; for the others the developer is told
what to do instead and may still insist on a ticket if they believe the SDK is at fault.

The patterns look for *requests* ("can you write my login screen", "帮我写登录页"), not
for topics: "How do I build a chat screen with the SDK?" is an ordinary how-to question.

Example:
    >>> check_scope("Can you write my login screen for us?").kind
    <ScopeKind.BUSINESS_LOGIC: 'business_logic'>
    >>> check_scope("Group messages fail with 2002 on Android") is None
    True
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from intake.lang import as_lang


class ScopeKind(enum.StrEnum):
    BUSINESS_LOGIC = "business_logic"
    CUSTOMER_BACKEND = "customer_backend"
    NETWORK_SETUP = "network_setup"
    THIRD_PARTY = "third_party"


@dataclass(frozen=True, slots=True)
class ScopeResult:
    """Why a request is outside support's scope, and whether a ticket is still offered."""

    kind: ScopeKind
    offer_ticket: bool
    text_en: str
    text_zh: str

    def text(self, lang: str) -> str:
        return self.text_zh if as_lang(lang) == "zh" else self.text_en


_PORTS_EN = (
    "the SDK needs wss://ws.nimbus-im.example:443 (fallback TCP 8443), "
    "https://api.nimbus-im.example and "
    "https://files.nimbus-im.example on 443, and for calls turn.nimbus-im.example UDP/TCP 3478, "
    "TLS 5349 and "
    "media UDP 40000–40999"
)
_PORTS_ZH = (
    "SDK 需要访问 wss://ws.nimbus-im.example:443（备用 TCP 8443）、https://api.nimbus-im.example "
    "和 "
    "https://files.nimbus-im.example（443 端口），音视频还需要 turn.nimbus-im.example 的 UDP/TCP "
    "3478、TLS 5349 "
    "以及媒体端口 UDP 40000–40999"
)

_TEXTS: dict[ScopeKind, tuple[bool, str, str]] = {
    ScopeKind.BUSINESS_LOGIC: (
        False,
        "Nimbus support can't write or debug your own app code (screens, business logic). What we "
        "can do: "
        "point you to the guide and sample for the SDK calls you need, and fix the SDK when it "
        "behaves "
        "differently from its documentation.",
        "Nimbus 技术支持无法替你编写或调试你自己的应用代码（界面、业务逻辑）。我们可以："
        "告诉你需要用到的 SDK "
        "接口对应的文档和示例；当 SDK 的行为与文档不一致时负责修复。",
    ),
    ScopeKind.CUSTOMER_BACKEND: (
        False,
        "Your own server's errors are outside what Nimbus support can debug. What we can do: check "
        "the Nimbus "
        "side. If your server calls the Nimbus REST API (e.g. POST /v3/auth/token) and that call "
        "fails, send us "
        "the request id and the response, and we'll look at it.",
        "你们自己服务端的报错不在 Nimbus 技术支持的排查范围内。我们可以检查 Nimbus 这一侧："
        "如果你的服务端调用 "
        "Nimbus REST API（例如 POST /v3/auth/token）失败，请把请求 ID 和响应发给我们，我们来查。",
    ),
    ScopeKind.NETWORK_SETUP: (
        False,
        "We can't configure your network, firewall, proxy or VPN. What we can do: tell you what to "
        "allow: "
        f"{_PORTS_EN}. Give this list to your network admin; if the SDK still fails with these "
        "open, a ticket "
        "with the SDK log is the right next step.",
        f"我们无法替你配置网络、防火墙、代理或 VPN。我们可以告诉你需要放行什么：{_PORTS_ZH}。"
        "请把这份清单交给"
        "网络管理员；如果放行后 SDK 仍然失败，请带上 SDK 日志提工单。",
    ),
    ScopeKind.THIRD_PARTY: (
        True,
        "Bugs inside third-party libraries are theirs to fix, but we do help: we identify the "
        "conflict with the "
        "Nimbus SDK and document a workaround. I'll open a ticket; please include your dependency "
        "tree "
        "(`./gradlew app:dependencies`, Podfile.lock or `npm ls`) and the versions of both "
        "libraries.",
        "第三方库自身的缺陷需要由其维护方修复，但我们会帮忙：定位它与 Nimbus SDK "
        "的冲突并提供规避方案。我来建工单，"
        "请附上依赖树（`./gradlew app:dependencies`、Podfile.lock 或 `npm ls`）以及两个库的版本。",
    ),
}

_I = re.IGNORECASE
_NIMBUS_SIDE = re.compile(
    r"/v3/|nimbus-im\.example|nimbus\s+(?:rest|api|server)|\b5001\b|SERVER_INTERNAL", _I
)
_PATTERNS: tuple[tuple[ScopeKind, re.Pattern[str]], ...] = (
    (
        ScopeKind.THIRD_PARTY,
        re.compile(
            r"(?:conflicts?|conflicting|clash(?:es|ing)?|incompatible)\s+with|duplicate\s+class|"
            r"(?:third|3rd)[\s-]?party\s+(?:library|libraries|lib|libs|sdk|sdks|package|plugin)|"
            r"(?:和|与|跟)[^，。"
            r",]{1,30}冲突|三方库|第三方(?:库|SDK|插件|包)|依赖冲突|类冲突|符号冲突",
            _I,
        ),
    ),
    (
        ScopeKind.CUSTOMER_BACKEND,
        re.compile(
            r"(?:my|our)\s+(?:own\s+)?(?:backend|back-end|server|api\s+server|app\s+server|web\s+service)\s+"
            r"(?:returns?|returned|is\s+returning|throws?|gives?|responds?\s+with|crashes|fails?)|"
            r"why\s+does\s+(?:my|our)\s+(?:own\s+)?(?:backend|back-end|server|api)|"
            r"(?:我们|我)(?:自己)?的?(?:后端|服务端|服务器|业务服务器|后台)(?:接口)?(?:返回|报错|报|出现|挂|崩)",
            _I,
        ),
    ),
    (
        ScopeKind.NETWORK_SETUP,
        re.compile(
            r"(?:configure|set\s?up|setup|fix|troubleshoot)\s+(?:my|our|the\s+company'?s?|the\s+corporate|the\s+office)\s+"
            r"(?:own\s+)?(?:corporate\s+|company\s+|office\s+)?(?:firewall|vpn|proxy|router|network|nginx|dns)|"
            r"(?:our|my|company|corporate|office)\s+(?:firewall|vpn|proxy|router)\s+(?:config\w*|settings|rules|setup)|"
            r"(?:配置|设置|搭建|调)(?:一下)?(?:我们|公司|我)?的?(?:防火墙|VPN|代理|路由器|内网|网络环境)|"
            r"(?:公司|我们)的?(?:防火墙|VPN|代理|内网)(?:怎么|如何)(?:配置|设置)",
            _I,
        ),
    ),
    (
        ScopeKind.BUSINESS_LOGIC,
        re.compile(
            r"(?:can|could|would)\s+you\s+(?:please\s+)?(?:write|build|code|implement|develop|create|design)\b|"
            r"please\s+(?:write|build|code|implement|develop|create|design)\b|"
            r"help\s+(?:me|us)\s+(?:to\s+)?(?:write|build|code|implement|develop|create|design)\b|"
            r"(?:write|build|code|implement)\s+(?:me|us|my|our)\b|"
            r"(?:debug|fix|review|refactor)\s+(?:my|our)\s+(?:own\s+)?(?:code|business\s+logic|app\s+logic|view\s?model|"
            r"adapter|layout|ui|screen|database|queries|sql)|(?:my|our)\s+(?:own\s+)?business\s+logic|"
            r"帮(?:我|我们)(?:写|实现|开发|做|设计|搭)|替(?:我|我们)(?:写|实现)|(?:我们|我)的业务逻辑|"
            r"帮(?:我|我们)(?:看|查|调试|改)(?:一下)?(?:我们|我)?的?(?:代码|业务)|帮忙写|代写",
            _I,
        ),
    ),
)


def describe(kind: ScopeKind) -> ScopeResult:
    """The result for ``kind``, e.g. to show its text again after a restart."""
    offer, en, zh = _TEXTS[kind]
    return ScopeResult(kind, offer, en, zh)


def check_scope(text: str) -> ScopeResult | None:
    """The out-of-scope kind of ``text``, or ``None`` when support handles it.

    >>> r = check_scope("升级后和 Firebase 冲突，启动就崩")
    >>> r.kind.value, r.offer_ticket
    ('third_party', True)
    """
    for kind, pattern in _PATTERNS:
        if pattern.search(text):
            if kind is ScopeKind.CUSTOMER_BACKEND and _NIMBUS_SIDE.search(text):
                continue  # the Nimbus REST API failing is ours to look at
            return describe(kind)
    return None
