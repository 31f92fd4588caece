"""Out-of-scope requests get a polite answer saying what support can do instead."""

from __future__ import annotations

import pytest

from intake.dialog.scope import ScopeKind, check_scope, describe


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Can you write my login screen?", ScopeKind.BUSINESS_LOGIC),
        ("please build the chat page for us, with images and voice", ScopeKind.BUSINESS_LOGIC),
        ("帮我写一个聊天页面，要有发送图片的功能", ScopeKind.BUSINESS_LOGIC),
        ("why does my backend return 500 when users log in?", ScopeKind.CUSTOMER_BACKEND),
        ("我们的后端返回 500 了，帮忙看看", ScopeKind.CUSTOMER_BACKEND),
        ("how do we configure our corporate firewall and VPN?", ScopeKind.NETWORK_SETUP),
        ("我们公司防火墙怎么配置？", ScopeKind.NETWORK_SETUP),
        ("our app crashes at launch, it conflicts with Firebase", ScopeKind.THIRD_PARTY),
        ("Duplicate class okhttp3.internal.Util found in modules", ScopeKind.THIRD_PARTY),
        ("升级后和 Agora SDK 冲突，编译报错", ScopeKind.THIRD_PARTY),
    ],
)
def test_out_of_scope_requests(text: str, kind: ScopeKind) -> None:
    result = check_scope(text)
    assert result is not None and result.kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "How do I build a chat screen with the SDK?",
        "Group messages fail with 2002 on Android",
        "our server calls POST /v3/auth/token and the Nimbus API returns 500",
        "登录失败，报 1004",
        "KICKED_OFFLINE when the same user logs in twice",
    ],
)
def test_ordinary_sdk_questions_are_in_scope(text: str) -> None:
    assert check_scope(text) is None


def test_texts_say_what_support_can_do_instead() -> None:
    third = describe(ScopeKind.THIRD_PARTY)
    assert third.offer_ticket
    assert "identify the conflict" in third.text("en") and "dependency tree" in third.text("en")
    assert "依赖树" in third.text("zh")
    network = describe(ScopeKind.NETWORK_SETUP)
    assert not network.offer_ticket
    assert "8443" in network.text("en") and "40000–40999" in network.text("zh")
    business = describe(ScopeKind.BUSINESS_LOGIC)
    assert "can't write" in business.text("en") and "What we can do" in business.text("en")
    assert "/v3/auth/token" in describe(ScopeKind.CUSTOMER_BACKEND).text("en")
