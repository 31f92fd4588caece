"""Redaction of secrets and personal data; capping and preparing log files."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.errors import FieldValueError
from intake.tickets.redact import Kind, cap_log, prepare_log, redact

# -- each kind, in the form people paste it ------------------------------------------------

PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEpAIBAAKCAQEA7bq9yqv0Zr3Kc1\n"
    "q0Zr3Kc1MIIEpAIBAAKCAQEA7bq9y+/=\n"
    "-----END RSA PRIVATE KEY-----"
)


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        (
            "SLACK_BOT_TOKEN=xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
            "SLACK_BOT_TOKEN=[redacted:slack_token]",
            Kind.SLACK_TOKEN,
        ),
        ("user xoxp-12345678-ab", "user [redacted:slack_token]", Kind.SLACK_TOKEN),
        ("令牌xoxa-2-1234567890abc结束", "令牌[redacted:slack_token]结束", Kind.SLACK_TOKEN),
        ("xoxr-1234567890-refresh", "[redacted:slack_token]", Kind.SLACK_TOKEN),
        ("xoxs-1234567890-legacy", "[redacted:slack_token]", Kind.SLACK_TOKEN),
        ("xapp-1-A0123456789-123-abcdef", "[redacted:slack_token]", Kind.SLACK_TOKEN),
        ("xoxe.xoxp-1-Mi0yLTE0MjM2", "[redacted:slack_token]", Kind.SLACK_TOKEN),
        (
            "hook https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXXXXXX ok",
            "hook [redacted:slack_webhook] ok",
            Kind.SLACK_WEBHOOK,
        ),
        (
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
            "aws_access_key_id = [redacted:aws_access_key]",
            Kind.AWS_ACCESS_KEY,
        ),
        (
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_SECRET_ACCESS_KEY=[redacted:aws_secret_key]",
            Kind.AWS_SECRET_KEY,
        ),
        (
            '{"app_secret": "s3cr3t value 123", "apiKey":"abcd1234"}',
            '{"app_secret": "[redacted:secret]", "apiKey":"[redacted:api_key]"}',
            Kind.SECRET,
        ),
        ("NIMBUS_APP_SECRET=9f8e7d6c", "NIMBUS_APP_SECRET=[redacted:secret]", Kind.SECRET),
        ("api_key: k-123456", "api_key: [redacted:api_key]", Kind.API_KEY),
        ("?access_token=abc123&x=1", "?access_token=[redacted:token]&x=1", Kind.TOKEN),
        ("login(userId=u1, token=abcdef)", "login(userId=u1, token=[redacted:token])", Kind.TOKEN),
        ("password: hunter22 ok", "password: [redacted:password] ok", Kind.PASSWORD),
        (
            "passwd=abc123 pwd='x y z'",
            "passwd=[redacted:password] pwd='[redacted:password]'",
            Kind.PASSWORD,
        ),
        ("密钥：Abc123XYZ", "密钥：[redacted:secret]", Kind.SECRET),
        ("数据库密码=中文密码123", "数据库密码=[redacted:password]", Kind.PASSWORD),
        (
            '{\\"token\\":\\"abc123def\\"}',  # JSON inside a JSON string
            '{\\"token\\":\\"[redacted:token]\\"}',
            Kind.TOKEN,
        ),
        (
            "Authorization: Bearer abc.def-123_ghi",
            "Authorization: Bearer [redacted:authorization]",
            Kind.AUTHORIZATION,
        ),
        (
            "curl -H 'Authorization: Basic dXNlcjpwYXNz' https://api.nimbus-im.example",
            "curl -H 'Authorization: Basic [redacted:authorization]' https://api.nimbus-im.example",
            Kind.AUTHORIZATION,
        ),
        (
            "header bearer a1b2c3d4e5f6g7",
            "header bearer [redacted:bearer_token]",
            Kind.BEARER_TOKEN,
        ),
        (
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl end",
            "jwt [redacted:jwt] end",
            Kind.JWT,
        ),
        (
            "token ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "token [redacted:github_token]",
            Kind.GITHUB_TOKEN,
        ),
        (
            'NimbusClient.init("ak_live_9f8e7d6c5b4a3210", config)',
            'NimbusClient.init("[redacted:nimbus_app_key]", config)',
            Kind.NIMBUS_APP_KEY,
        ),
        (
            "sign with sk_live_0123456789abcdef",
            "sign with [redacted:nimbus_secret_key]",
            Kind.NIMBUS_SECRET_KEY,
        ),
        (f"key:\n{PEM}\nafter", "key:\n[redacted:private_key]\nafter", Kind.PRIVATE_KEY),
        (
            '"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n'
            '-----END PRIVATE KEY-----\\n"',
            '"private_key": "[redacted:private_key]\\n"',
            Kind.PRIVATE_KEY,
        ),
        (  # a log cut in the middle of a key still loses the body
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
            "[redacted:private_key]",
            Kind.PRIVATE_KEY,
        ),
        (
            "https://alice:pa55word@example.com/x",
            "https://[redacted:url_credentials]@example.com/x",
            Kind.URL_CREDENTIALS,
        ),
        ("mail alice.wang+sdk@example.com.cn;", "mail [redacted:email];", Kind.EMAIL),
        ("邮箱bob@qq.com。", "邮箱[redacted:email]。", Kind.EMAIL),
        ("call +86 138 0013 8000 now", "call [redacted:phone] now", Kind.PHONE),
        ("call +8613800138000", "call [redacted:phone]", Kind.PHONE),
        ("手机13800138000", "手机[redacted:phone]", Kind.PHONE),
        ("tel 138-0013-8000", "tel [redacted:phone]", Kind.PHONE),
        ("tel 138 0013 8000.", "tel [redacted:phone].", Kind.PHONE),
        ("US +1 (415) 555-0132", "US [redacted:phone]", Kind.PHONE),
        ("US (415) 555-0132", "US [redacted:phone]", Kind.PHONE),
        ("US 415-555-0132 / 415.555.0132", "US [redacted:phone] / [redacted:phone]", Kind.PHONE),
        ("office 010-62345678", "office [redacted:phone]", Kind.PHONE),
        ("UK +44 20 7946 0958", "UK [redacted:phone]", Kind.PHONE),
        # Shapes a security review found passing through (issue 9):
        (
            "init ok userSig=eJwtzM0KgjAYhuG7WdZKc2pQ0n",
            "init ok userSig=[redacted:token]",
            Kind.TOKEN,
        ),
        ('"user_sig": "eJyrVkrxCdYrSi1WslIyVNJRKs7MS8", ', '"user_sig": "[redacted:token]", ', Kind.TOKEN),
        (
            'NimbusClient.login("alice", "nt_8f3a9c2e71b04d5e6f7a")',
            'NimbusClient.login("alice", "[redacted:token]")',
            Kind.TOKEN,
        ),
        (
            "client.connect(userId, 'Zk29xQ7pL1mN8vB3cX6')",
            "client.connect(userId, '[redacted:token]')",
            Kind.TOKEN,
        ),
        (
            "Cookie: connect.sid=s%3AkJ8x2Lq9ZrT4.v7Yw1pQm; theme=dark",
            "Cookie: [redacted:session]",
            Kind.SESSION,
        ),
        (
            "Set-Cookie: JSESSIONID=A1B2C3D4E5F6; Path=/; HttpOnly",
            "Set-Cookie: [redacted:session] HttpOnly",
            Kind.SESSION,
        ),
        (
            "Cookie: a=YWJjZA==; sess=Zq8PlantedSess",
            "Cookie: [redacted:session]",
            Kind.SESSION,
        ),
        ("session_id=9a8b7c6d5e4f3a2b1c0d done", "session_id=[redacted:session] done", Kind.SESSION),
        ("PHPSESSID: abc123def456ghi", "PHPSESSID: [redacted:session]", Kind.SESSION),
        (
            "maps key AIzaSyD3kX9mQ2vL8pR7tN1wE5yU4iO6aS0dF8g here",
            "maps key [redacted:google_api_key] here",
            Kind.GOOGLE_API_KEY,
        ),
        (
            "REDIS_URL=redis://:Sup3rS3cretPw@cache.internal:6379/0",
            "REDIS_URL=redis://[redacted:url_credentials]@cache.internal:6379/0",
            Kind.URL_CREDENTIALS,
        ),
        ("my app secret is 7f3b9c1d2e4a, thanks", "my app secret is [redacted:secret], thanks", Kind.SECRET),
        ("and my password is Tr0ub4dor&3.", "and my password is [redacted:password].", Kind.PASSWORD),
        ("the api key was k-99812abc", "the api key was [redacted:api_key]", Kind.API_KEY),
        ("我的密码是abc12345，", "我的密码是[redacted:password]，", Kind.PASSWORD),
    ],
)
def test_each_kind(text: str, expected: str, kind: Kind) -> None:
    result = redact(text)
    assert result.text == expected
    assert result.counts[kind] >= 1
    assert result.total == expected.count("[redacted:")


NIMBUS_LOG = """\
==== Nimbus IM SDK log ====
sdk_version: 3.6.1
platform: Android
os_version: 13
device_model: Pixel 7
network: WIFI
app_key: ak_live_xxxx (masked)
started_at: 2026-11-20T08:12:03Z
2026-11-20T08:12:04.120+08:00 INFO [conn] connecting wss://ws.nimbus-im.example:443
2026-11-20T08:12:04.388+08:00 INFO [conn] CONNECTED ip=203.0.113.7 port=8443 rtt=38ms
2026-11-20T08:12:09.001+08:00 WARN [msg] sendMessage failed code=2002 SEND_TIMEOUT
    clientMsgId=c-88123 serverMsgId=7234567890123456789 conversationId=g_42
2026-11-20T08:12:10.000+08:00 ERROR [auth] 1003 TOKEN_EXPIRED: fetch a new token
2026-11-20T08:12:10.001+08:00 DEBUG [auth] token=null tokenExpiresAt=1732090323 ms=1732090323123
2026-11-20T08:12:11.000+08:00 INFO [rtc] onNetworkQuality(4, 5) device=SM-G991B iPhone15,2
2026-11-20T08:12:12.000+08:00 INFO [push] setPushToken vendor=HMS badge=3 code 482913
2026-11-20T08:12:13.000+08:00 INFO [net] ipv6 2001:db8::1 upgraded 3.5.4 -> 3.6.1 (Android 14)
2026-11-20T08:12:14.000+08:00 INFO [msg] 消息发送成功 会话 1:1 群成员 2,000 验证码 482913
Bearer authentication is configured; the password field is empty; password: null
版本 10.0.19045.3693, 时间 2026-11-20 08:12:03, 端口 40000–40999, id 12345678
"""


def test_what_support_needs_is_kept() -> None:
    result = redact(NIMBUS_LOG)
    assert result.text == NIMBUS_LOG
    assert result.total == 0


def test_redaction_is_idempotent_on_a_mixed_text() -> None:
    once = redact(NIMBUS_LOG + "password=hunter22 a@b.io 13800138000 " + PEM)
    assert once.total == 4
    assert redact(once.text).text == once.text
    assert redact(once.text).total == 0


# -- properties ------------------------------------------------------------------------

# (text to plant, the part that must never survive)
PLANTED: list[tuple[str, str]] = [
    ("xoxb-1234567890-0987654321-AbCdEfGhIjKl", "1234567890-0987654321-AbCdEfGhIjKl"),
    ("xoxp-2222222222-3333333333-Zz9", "2222222222-3333333333"),
    ("xapp-1-A0123456789-1234-abcdef", "A0123456789-1234-abcdef"),
    ("https://hooks.slack.com/services/T0001/B0002/QwErTy123456", "QwErTy123456"),
    ("AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"),
    ("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG"),
    ("app_secret=Zq8PlantedSecret", "Zq8PlantedSecret"),
    ('"api_key": "Zq8 planted key"', "Zq8 planted key"),
    ("password: Hunter2Planted", "Hunter2Planted"),
    ("密码：天王盖地虎99", "天王盖地虎99"),
    ("Authorization: Bearer Zq8.bearer-token_123", "Zq8.bearer-token_123"),
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl", "eyJzdWIiOiJ1MSJ9"),
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyz0123456789"),
    ("ak_live_9f8e7d6c5b4a3210", "9f8e7d6c5b4a3210"),
    ("sk_live_0123456789abcdef", "0123456789abcdef"),
    (PEM, "MIIEpAIBAAKCAQEA7bq9yqv0Zr3Kc1"),
    ("alice.wang@example.com", "alice.wang@example"),
    ("+86 138 0013 8000", "0013 8000"),
    ("13912345678", "13912345678"),
    ("139-1234-5678", "1234-5678"),
    ("+1 (415) 555-0132", "555-0132"),
    ("(415) 555-0199", "555-0199"),
    ("userSig=eJwtzM0KgjAYhuG7WdZKc2pQ0n", "eJwtzM0KgjAYhuG7WdZKc2pQ0n"),
    ('login("alice", "nt_8f3a9c2e71b04d5e6f7a")', "8f3a9c2e71b04d5e6f7a"),
    ("Cookie: connect.sid=s%3AkJ8x2Lq9ZrT4.v7Yw1pQm", "kJ8x2Lq9ZrT4"),
    ("session_id=9a8b7c6d5e4f3a2b1c0d", "9a8b7c6d5e4f3a2b1c0d"),
    ("AIzaSyD3kX9mQ2vL8pR7tN1wE5yU4iO6aS0dF8g", "SyD3kX9mQ2vL8pR7tN1wE5yU4iO6aS0dF8g"),
    ("redis://:Sup3rS3cretPw@cache.internal:6379", "Sup3rS3cretPw"),
    ("my app secret is 7f3b9c1d2e4a", "7f3b9c1d2e4a"),
    ("my password is Tr0ub4dor&3", "Tr0ub4dor&3"),
]

CJK = "消息发送失败连接断开用户群聊音视频测试中文日志"
surrounding = st.text(
    alphabet=st.sampled_from(list("abcdefXYZ0123456789 \n\t.,:;=-_/()[]{}\"'@+#") + list(CJK)),
    max_size=60,
)
# What people put around a secret: spaces, line breaks, CJK, punctuation.
separator = st.sampled_from([" ", "\n", "\t", "，", "。", "的", "（", "）", ", ", "; ", " (", ") "])


@settings(max_examples=300, deadline=None)
@given(
    before=surrounding,
    after=surrounding,
    left=separator,
    right=separator,
    planted=st.lists(st.sampled_from(PLANTED), min_size=1, max_size=4),
)
def test_planted_secrets_never_survive(
    before: str, after: str, left: str, right: str, planted: list[tuple[str, str]]
) -> None:
    text = before + "".join(left + secret + right for secret, _ in planted) + after
    out = redact(text).text
    for _, core in planted:
        assert core not in out


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_redaction_is_idempotent(text: str) -> None:
    once = redact(text).text
    assert redact(once).text == once


@settings(max_examples=200, deadline=None)
@given(
    prefix=surrounding,
    planted=st.lists(st.sampled_from(PLANTED), max_size=3),
    suffix=surrounding,
)
def test_redaction_is_idempotent_with_secrets(
    prefix: str, planted: list[tuple[str, str]], suffix: str
) -> None:
    once = redact(prefix + " " + " ".join(s for s, _ in planted) + " " + suffix).text
    assert redact(once).text == once


SAFE_VALUES = st.one_of(
    st.from_regex(r"[1-9]\.[0-9]{1,2}\.[0-9]{1,2}", fullmatch=True),  # versions
    st.sampled_from(["1001", "2002", "2005", "4001", "7003", "SEND_TIMEOUT", "TOKEN_EXPIRED"]),
    st.integers(min_value=0, max_value=9_999_999).map(str),  # ids shorter than a phone number
    st.integers(min_value=100_000, max_value=999_999).map(str),  # verification codes
    st.datetimes().map(lambda d: d.isoformat()),
    st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t))),  # IPv4
    st.sampled_from(["Pixel 7", "SM-G991B", "iPhone15,2", "Android 14", "iOS 17.2", "WIFI"]),
    st.sampled_from(["消息", "发送失败", "群聊", "音频噪音", "网络", "断线重连"]),
)
SAFE_WORDS = st.sampled_from(
    ["sdk", "error", "code", "at", "device", "版本", "错误码", "since", "retry", "ip", "token"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(SAFE_WORDS, SAFE_VALUES), max_size=12),
    st.sampled_from(["; ", "\n", ", "]),
)
def test_text_without_secrets_is_unchanged(pairs: list[tuple[str, str]], joiner: str) -> None:
    text = joiner.join(f"{word} {value}" for word, value in pairs)
    assert redact(text).text == text


# -- speed -----------------------------------------------------------------------------


def test_a_one_megabyte_log_is_redacted_quickly() -> None:
    lines = NIMBUS_LOG.splitlines()
    lines.append("login userId=alice token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.sig mail a@b.io")
    body = "\n".join(lines) + "\n"
    text = body * (1_000_000 // len(body.encode()) + 1)
    assert len(text.encode()) >= 1_000_000
    started = time.perf_counter()
    result = redact(text)
    elapsed = time.perf_counter() - started
    assert result.counts[Kind.JWT] == text.count("eyJhbGci")
    assert elapsed < 2.0, f"redacting 1 MB took {elapsed:.2f} s"


# -- cap_log ---------------------------------------------------------------------------


def test_small_logs_are_untouched() -> None:
    assert cap_log(NIMBUS_LOG) == (NIMBUS_LOG, False)


def test_cap_keeps_header_and_tail_with_a_marker() -> None:
    middle = "".join(f"2026-11-20T08:{n // 60:02d}:{n % 60:02d}Z line {n}\n" for n in range(3000))
    text = NIMBUS_LOG + middle + "the very last line\n"
    capped, truncated = cap_log(text, max_bytes=4096)
    assert truncated
    assert len(capped.encode()) <= 4096
    assert capped.startswith("==== Nimbus IM SDK log ====\nsdk_version: 3.6.1\n")
    assert capped.endswith("the very last line\n")
    found = re.search(r"\[… (\d+) bytes omitted …\]\n", capped)
    assert found is not None
    head, omitted, kept_tail = capped[: found.start()], int(found[1]), capped[found.end() :]
    assert len(head.encode()) + omitted + len(kept_tail.encode()) == len(text.encode())
    assert text.endswith(kept_tail) and kept_tail.startswith("2026-")  # whole lines


def test_cap_never_splits_a_chinese_character() -> None:
    text = "日志头\n" + "中" * 5000  # one long line of 3-byte characters
    capped, truncated = cap_log(text, max_bytes=1024)
    assert truncated
    assert len(capped.encode()) <= 1024
    assert capped.startswith("日志头\n") and capped.endswith("中")


def test_cap_rejects_a_tiny_budget() -> None:
    with pytest.raises(ValueError, match="max_bytes=100 is too small"):
        cap_log("x" * 5000, max_bytes=100)


log_lines = st.lists(st.text(max_size=120).map(lambda s: s.replace("\n", " ")), max_size=400)


@settings(max_examples=200, deadline=None)
@given(
    header=st.text(min_size=1, max_size=60).map(lambda s: s.replace("\n", " ")),
    lines=log_lines,
    max_bytes=st.integers(min_value=1024, max_value=16_384),
)
def test_cap_never_exceeds_the_budget_and_keeps_the_header_line(
    header: str, lines: list[str], max_bytes: int
) -> None:
    text = header + "\n" + "\n".join(lines)
    capped, truncated = cap_log(text, max_bytes=max_bytes)
    assert len(capped.encode()) <= max_bytes
    assert capped.startswith(header + "\n")
    assert truncated == (len(text.encode()) > max_bytes)
    if not truncated:
        assert capped == text


# -- prepare_log -----------------------------------------------------------------------


def test_prepare_log_decodes_redacts_and_caps() -> None:
    raw = (NIMBUS_LOG + "password=hunter22\n" + "x" * 10_000 + "\nend\n").encode()
    log = prepare_log("nimbus-2026-11-20.log", raw, max_bytes=2048)
    assert log.name == "nimbus-2026-11-20.log"
    assert log.truncated
    assert log.original_bytes == len(raw)
    assert len(log.text.encode()) <= 2048
    assert log.text.startswith("==== Nimbus IM SDK log ====")
    assert log.text.endswith("end\n")
    assert "hunter22" not in log.text


def test_prepare_log_cuts_huge_logs_before_redacting_and_counts_all_omitted_bytes() -> None:
    header = "==== Nimbus IM SDK log ====\nsdk_version: 3.6.1\n"
    body = "".join(f"line {n:07d} token=secret{n:07d}\n" for n in range(40_000))  # ~1.3 MB
    log = prepare_log("big.log", header + body, max_bytes=4096)
    assert len(log.text.encode()) <= 4096
    assert log.text.startswith(header)
    assert log.text.endswith("line 0039999 token=[redacted:token]\n")
    assert "secret00" not in log.text
    omitted = int(log.text.split("[… ")[1].split(" bytes")[0])
    assert omitted > 1_200_000  # includes what was cut before redaction


def test_prepare_log_replaces_invalid_utf8_and_reads_utf16() -> None:
    raw = b"2026-11-20 INFO user name \xff\xfe in a latin-1 line\n"
    assert (
        prepare_log("a.log", raw).text
        == "2026-11-20 INFO user name \ufffd\ufffd in a latin-1 line\n"
    )
    assert prepare_log("w.log", "日志 ok\n".encode("utf-16")).text == "日志 ok\n"


def test_prepare_log_redacts_the_file_name() -> None:
    assert prepare_log("alice@example.com_2026.log", b"x").name == "[redacted:email]_2026.log"


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00rest-of-zip", "It is a zip archive"),
        (b"\x1f\x8b\x08\x00gzipdata", "It is a gzip archive"),
        (b"\x00\x01\x02\x03" * 100, "It looks like a binary file"),
        (bytes(range(256)) * 4, "It looks like a binary file"),
    ],
)
def test_prepare_log_rejects_binary_files(raw: bytes, what: str) -> None:
    with pytest.raises(FieldValueError) as caught:
        prepare_log("nimbus_logs.zip", raw)
    assert caught.value.field == "logs"
    assert what in str(caught.value)
    assert "unzip" in str(caught.value)
