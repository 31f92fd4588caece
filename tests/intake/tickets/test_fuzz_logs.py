"""Whatever file a developer attaches (binary, invalid UTF-8, UTF-16 with a BOM, NULs,
one huge line, a str that is not valid Unicode), ``prepare_log`` gives a log that fits
the cap and can be stored as UTF-8, or a FieldValueError naming the file."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intake.errors import FieldValueError
from intake.tickets.redact import prepare_log
from intake.types import LogAttachment

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADER = b"==== Nimbus IM SDK log ====\nsdk_version: 3.6.1\nplatform: Android\n"
CAPS = st.sampled_from([1024, 1500, 4096, 65_536])

lines = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=200).map(str.encode),
    st.sampled_from(
        [
            b"2026-11-20T08:15:40Z WARN [sync] seq gap token=eyJhbGciOiJIUzI1NiJ9.eyJzIjoxfQ.c2ln",
            "日志 群聊消息发送失败 😀 password=hunter22".encode(),
            b"\x00\x00\x00",
            b"\xff\xfe\xfd invalid utf-8 \xc3",
            b"\xe6\x97",  # half a CJK character
            b"\r\n",
        ]
    ),
    st.binary(max_size=64),
)
texty = st.builds(
    lambda head, body, sep: head + sep.join(body),
    st.sampled_from([b"", HEADER, b"\xef\xbb\xbf" + HEADER]),
    st.lists(lines, max_size=40),
    st.sampled_from([b"\n", b"\r\n", b""]),
)
huge_line = st.builds(
    lambda unit, n, tail: unit * n + tail,
    st.sampled_from([b"x", "日".encode(), "😀".encode(), b"a\tb ", b"token=abc "]),
    st.integers(min_value=1_000, max_value=60_000),
    st.sampled_from([b"", b"\n", b"\nlast line\n", b"\xe6"]),
)
utf16 = st.builds(
    lambda bom, text, junk: (
        bom + text.encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be") + junk
    ),
    st.sampled_from([b"\xff\xfe", b"\xfe\xff"]),
    st.text(max_size=300),
    st.sampled_from([b"", b"\x00", b"\xd8\x00", b"\x00\xd8"]),  # odd byte, lone surrogates
)
raw_bytes = st.one_of(texty, huge_line, utf16, st.binary(max_size=3000))
names = st.one_of(
    st.sampled_from(["nimbus.log", "app.txt", "alice@example.com.log", "日志.log", ""]),
    st.text(st.characters(exclude_categories=()), max_size=30),
)


def _check(name: str, raw: bytes | str, cap: int) -> None:
    try:
        log = prepare_log(name, raw, max_bytes=cap)
    except FieldValueError as error:
        message = str(error)
        assert error.field == "logs" and error.value == name and repr(name) in message
        assert "not a text log" in message or "binary file" in message
        return
    assert isinstance(log, LogAttachment)
    assert len(log.text.encode("utf-8")) <= cap  # strict UTF-8: a database can store it
    log.name.encode("utf-8")
    if isinstance(raw, bytes):
        assert log.original_bytes == len(raw)
    if log.truncated:
        assert "bytes omitted" in log.text


@FUZZ
@given(name=names, raw=raw_bytes, cap=CAPS)
@example(name="a.log", raw=b"\xff\xfe" + b"\x00\xd8" * 3, cap=1024)  # UTF-16, lone surrogates
@example(name="a.log", raw=b"\xfe\xff\x00", cap=1024)  # UTF-16, odd length
@example(name="nul.log", raw=b"\x00" * 5000, cap=1024)
@example(name="one-line.log", raw="日".encode() * 100_000, cap=1024)
@example(name="zip.log", raw=b"PK\x03\x04" + b"\x00" * 100, cap=4096)
@example(name="half\ud83d.log", raw=b"ok\n", cap=1024)  # a name holding half an emoji
def test_any_attached_bytes(name: str, raw: bytes, cap: int) -> None:
    _check(name, raw, cap)


@FUZZ
@given(
    name=names,
    raw=st.text(st.characters(exclude_categories=()), max_size=3000)
    | st.builds(
        lambda u, n: u * n, st.sampled_from(["x", "群", "\ud800", "a\n"]), st.integers(1, 40_000)
    ),
    cap=CAPS,
)
@example(name="pasted-log.txt", raw="\ud83d", cap=1024)
def test_any_pasted_text(name: str, raw: str, cap: int) -> None:
    _check(name, raw, cap)
