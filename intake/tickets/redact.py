"""Take secrets and personal data out of text and logs before anything is stored.

``redact`` replaces each finding with a marker naming its kind, e.g.
``token=[redacted:jwt]``; for ``key=value`` forms the key stays so support can see
*which* setting was present. Rules run in order, most specific first, so a Slack
token inside ``token=…`` is reported as ``slack_token``.

What is removed: PEM private key blocks, credentials in URLs (also with an empty user,
``redis://:pass@host``), Slack webhook URLs and tokens, GitHub tokens, JWTs, AWS access
keys (and secret keys next to their name), Nimbus keys (``ak_live_…``, ``sk_live_…``),
Google API keys (``AIza…``), ``Authorization`` headers and bearer tokens, ``Cookie`` /
``Set-Cookie`` header values, values of keys named like secret / api_key / token /
password / session id / sid / userSig / signature / 密钥 / 密码, secrets said in prose
("my password is …", "my app secret is …", "密码是…", when the value has a digit or a
symbol), long mixed letter-and-digit literals passed positionally to login-like calls
(``login("alice", "nt_8f…")``), e-mail addresses, phone numbers (``+CC …``, Chinese mobiles, Chinese landlines with
an area code, US numbers with separators).

What is kept, because support needs it: SDK versions (3.6.1), error codes (2002),
timestamps, IP addresses (network debugging needs them; they are not treated as
personal data here), device models, ids shorter than a phone number, 6-digit
verification codes, the log header's masked ``app_key: ak_live_xxxx``. Known blind
spots: a bare 10-digit US number without separators is kept (it looks like a Unix
timestamp); an 11-digit id starting with 13–19 is taken for a Chinese mobile.

Example:
    >>> redact("login failed, token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln mail a@b.io").text
    'login failed, token=[redacted:jwt] mail [redacted:email]'
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from intake.errors import FieldValueError
from intake.types import LogAttachment


class Kind(enum.StrEnum):
    """What a marker stands for; the value appears in ``[redacted:<value>]``."""

    PRIVATE_KEY = "private_key"
    URL_CREDENTIALS = "url_credentials"
    SLACK_WEBHOOK = "slack_webhook"
    SLACK_TOKEN = "slack_token"
    GITHUB_TOKEN = "github_token"
    JWT = "jwt"
    AWS_ACCESS_KEY = "aws_access_key"
    AWS_SECRET_KEY = "aws_secret_key"
    NIMBUS_APP_KEY = "nimbus_app_key"
    NIMBUS_SECRET_KEY = "nimbus_secret_key"
    AUTHORIZATION = "authorization"
    BEARER_TOKEN = "bearer_token"
    SECRET = "secret"
    API_KEY = "api_key"
    TOKEN = "token"
    PASSWORD = "password"
    SESSION = "session"
    GOOGLE_API_KEY = "google_api_key"
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class Redacted:
    """Redacted text and how many findings of each kind were removed."""

    text: str
    counts: Mapping[Kind, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def total(self) -> int:
        """Number of markers inserted."""
        return sum(self.counts.values())


def marker(kind: Kind) -> str:
    """The text that replaces a finding: ``[redacted:<kind>]``."""
    return f"[redacted:{kind.value}]"


# Values that say "nothing here" are evidence support needs (token=null explains a
# failed login) and are not secrets.
_PLACEHOLDERS = frozenset({"null", "nil", "none", "true", "false", "undefined", "empty", "masked"})


def _is_placeholder(value: str) -> bool:
    return (
        value.lower() in _PLACEHOLDERS
        or value.startswith(("[redacted:", "<", "${", "{{"))
        or set(value) <= set("*xX•.-_ ")
    )


_Classify = Callable[[re.Match[str]], Kind | None]


_Rewrite = Callable[[re.Match[str], Counter["Kind"]], str]


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern and its kind; the first of ``groups`` that matched is replaced, else all.
    A ``rewrite`` instead builds the replacement itself (and counts what it removed)."""

    pattern: re.Pattern[str]
    classify: _Classify
    groups: tuple[str, ...] = ()
    rewrite: _Rewrite | None = None


def _always(kind: Kind) -> _Classify:
    return lambda m: kind


def _value_kind(kind: Kind) -> _Classify:
    return lambda m: None if _is_placeholder(m["s"]) else kind


_GENERIC_WORDS: tuple[tuple[str, Kind], ...] = (
    ("sess", Kind.SESSION),
    ("jsess", Kind.SESSION),
    ("phpsess", Kind.SESSION),
    ("sid", Kind.SESSION),
    ("user", Kind.TOKEN),  # userSig, user_sig: a login signature
    ("sig", Kind.TOKEN),
    ("private", Kind.PRIVATE_KEY),
    ("pass", Kind.PASSWORD),
    ("pwd", Kind.PASSWORD),
    ("密码", Kind.PASSWORD),
    ("口令", Kind.PASSWORD),
    ("api", Kind.API_KEY),
    ("token", Kind.TOKEN),
    ("令牌", Kind.TOKEN),
)


def _generic_kind(m: re.Match[str]) -> Kind | None:
    value = m["dq"] or m["sq"] or m["bare"] or ""
    if len(value) < 3 or _is_placeholder(value):
        return None
    word = m["word"].lower()
    return next((kind for prefix, kind in _GENERIC_WORDS if word.startswith(prefix)), Kind.SECRET)


def _bearer_kind(m: re.Match[str]) -> Kind | None:
    # Prose such as "bearer authentication" has no digit; real tokens practically always do.
    return Kind.BEARER_TOKEN if any(ch.isdigit() for ch in m["s"]) else None


def _prose_kind(m: re.Match[str]) -> Kind | None:
    """"my password is …": a secret only if the value looks like one (a digit or a symbol),
    so "the token is expired" and "my password is wrong" stay."""
    value = m["s"]
    if _is_placeholder(value) or value.isalpha():
        return None
    word = m["word"].lower()
    for prefix, kind in (("pass", Kind.PASSWORD), ("pwd", Kind.PASSWORD), ("密码", Kind.PASSWORD),
                         ("口令", Kind.PASSWORD), ("api", Kind.API_KEY), ("token", Kind.TOKEN),
                         ("access", Kind.TOKEN), ("令牌", Kind.TOKEN)):
        if word.startswith(prefix):
            return kind
    return Kind.SECRET


# A quoted literal that looks like a credential: long, no spaces, letters and digits mixed.
_LITERAL = re.compile(r"""(?P<q>\\?["'])(?P<v>[A-Za-z0-9_\-.+/=~%]{12,})(?P=q)""")


def _positional(m: re.Match[str], counts: Counter[Kind]) -> str:
    """Credentials passed positionally to a login-like call: ``login("alice", "nt_8f…")``."""

    def literal(lit: re.Match[str]) -> str:
        value = lit["v"]
        if value.startswith("[redacted:") or not (
            any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
        ):
            return lit[0]
        counts[Kind.TOKEN] += 1
        return lit["q"] + marker(Kind.TOKEN) + lit["q"]

    start, end = m.start("args") - m.start(), m.end("args") - m.start()
    return m[0][:start] + _LITERAL.sub(literal, m["args"]) + m[0][end:]


def _nimbus_kind(m: re.Match[str]) -> Kind:
    return Kind.NIMBUS_APP_KEY if m["p"] == "ak" else Kind.NIMBUS_SECRET_KEY


_SEP = r"""(?:\\?["'])?[ \t]*(?:[:=：]|=>)[ \t]*"""
# CJK ideographs, kana, hangul, CJK and full-width punctuation.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_CJK_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# An unquoted value ends at white space, a delimiter, or where Latin text meets CJK:
# in "password=abc的手机13800138000" the value is "abc", and the phone stays findable.
# A value that starts with CJK letters ("密码：天王盖地虎99") keeps its Latin tail.
_BARE = rf"""[^\s"'\\,;&)}}\]<>{_CJK}]"""

_COOKIE = rf"""[^\s;,="\\{_CJK}]"""  # a cookie's name
_COOKIE_VALUE = rf"""[^\s;,"\\{_CJK}]"""  # its value (base64 may end in "=")
# A value after a key: "double-quoted" (also inside escaped JSON), 'single-quoted', or bare.
_VALUE = (
    r"""(?:\\?"(?P<dq>[^"\\\n]+)\\?"|'(?P<sq>[^'\n]+)'|"""
    rf"(?P<bare>{_BARE}+|[{_CJK_LETTERS}]+{_BARE}*))"
)

_RULES: tuple[_Rule, ...] = (
    _Rule(
        re.compile(
            r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
            # The body cannot contain "-----", so a BEGIN without an END costs one short
            # scan, not a scan to the end of the text.
            r"(?:(?:[A-Za-z0-9+/=\s\\:,.]|-(?!----))*?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
            # A log cut mid-key: take the base64 lines that follow.
            r"|(?:\s|\\[nr])*(?:[A-Za-z0-9+/=]{16,}(?:\s|\\[nr])*)*)"
        ),
        _always(Kind.PRIVATE_KEY),
    ),
    # user:password@ and, as Redis writes it, an empty user: redis://:password@host
    _Rule(
        re.compile(r"://(?P<s>[^\s/?#:@]*:[^\s/?#@]+)@"),
        lambda m: None if m["s"].startswith("[redacted:") else Kind.URL_CREDENTIALS,
        ("s",),
    ),
    _Rule(
        re.compile(r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/\-]+"),
        _always(Kind.SLACK_WEBHOOK),
    ),
    _Rule(
        re.compile(r"(?<![A-Za-z0-9])(?:xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9\-]{8,}"),
        _always(Kind.SLACK_TOKEN),
    ),
    _Rule(
        re.compile(r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
        _always(Kind.GITHUB_TOKEN),
    ),
    _Rule(
        re.compile(
            r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*"
        ),
        _always(Kind.JWT),
    ),
    _Rule(
        re.compile(
            r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)"
            r"[A-Z0-9]{16}(?![A-Z0-9])"
        ),
        _always(Kind.AWS_ACCESS_KEY),
    ),
    _Rule(
        re.compile(
            r"(?i:aws_?secret_?(?:access_?)?key|secret_?access_?key)"
            rf"{_SEP}(?:\\?[\"'])?(?P<s>[A-Za-z0-9/+]{{40}})(?![A-Za-z0-9/+])"
        ),
        _always(Kind.AWS_SECRET_KEY),
        ("s",),
    ),
    _Rule(
        re.compile(r"(?<![A-Za-z0-9_])(?P<p>ak|sk)_(?:live|test)_[A-Za-z0-9]{8,}"),
        _nimbus_kind,
    ),
    _Rule(
        re.compile(r"(?<![A-Za-z0-9_\-])AIza[0-9A-Za-z_\-]{35}(?![0-9A-Za-z_\-])"),
        _always(Kind.GOOGLE_API_KEY),
    ),
    # A Cookie / Set-Cookie header: every cookie in it may be a session.
    _Rule(
        re.compile(
            rf"(?i)(?<![A-Za-z0-9_\-])(?:set-)?cookie{_SEP}"
            # name=value pairs; a cookie never holds white space, quotes, commas or CJK.
            rf"(?P<s>{_COOKIE}+={_COOKIE_VALUE}*(?:;[ \t]*{_COOKIE}+={_COOKIE_VALUE}*)*;?)"
        ),
        _value_kind(Kind.SESSION),
        ("s",),
    ),
    _Rule(
        re.compile(
            r"(?i)(?<![A-Za-z0-9_])(?:log_?in|sign_?in|auth(?:enticate)?|connect|init(?:ialize)?"
            r"|set_?(?:token|user_?sig|auth\w*))\s*\((?P<args>[^()\n]{0,400})\)"
        ),
        _always(Kind.TOKEN),
        rewrite=_positional,
    ),
    _Rule(
        re.compile(
            r"(?i)(?<![A-Za-z0-9_\-])(?:proxy-)?authorization"
            rf"{_SEP}(?:\\?[\"'])?(?:(?:bearer|basic|digest|token|bot)[ \t]+)?(?P<s>{_BARE}+)"
        ),
        _value_kind(Kind.AUTHORIZATION),
        ("s",),
    ),
    _Rule(
        re.compile(r"(?i)(?<![A-Za-z0-9_\-])bearer[ \t]+(?P<s>[A-Za-z0-9._~+/=\-]{12,})"),
        _bearer_kind,
        ("s",),
    ),
    _Rule(
        re.compile(
            r"(?i)(?<![A-Za-z0-9_.\-])[A-Za-z0-9_.\-]*?"
            r"(?P<word>secret|api[_\-]?key|access[_\-]?key|token|passw(?:or)?d|pwd"
            r"|private[_\-]?key|credentials?|密钥|密码|口令|令牌)"
            r"(?:[_.\-]?(?:key|value|str|hex|b64))?"
            rf"{_SEP}{_VALUE}"
        ),
        _generic_kind,
        ("dq", "sq", "bare"),
    ),
    # Session ids and login signatures: session_id, JSESSIONID, connect.sid, userSig. The key
    # starts the name (after an optional dotted or one-word prefix), which keeps this cheap.
    _Rule(
        re.compile(
            r"(?i)(?<![A-Za-z0-9_.\-])(?:[A-Za-z0-9]+[._\-])?"
            r"(?P<word>(?:j|php)?sess(?:ion)?[_\-]?id|sid|user[_\-]?sig|sig(?:nature)?)"
            rf"{_SEP}{_VALUE}"
        ),
        _generic_kind,
        ("dq", "sq", "bare"),
    ),
    # Said in prose: "my app secret is 7f3b…", "the password was Tr0ub4dor&3", "密码是…".
    _Rule(
        re.compile(
            r"(?i)(?<![A-Za-z0-9_])(?P<word>passw(?:or)?d|passcode|pwd|(?:app[ _])?secret"
            r"|api[ _]?key|access[ _]key|(?:access[ _])?token)\s+(?:is|was)\s+[\"']?"
            rf"(?P<s>[^\s\"',;()（）{_CJK}]+?)(?=[.!?]?(?:\s|$|[\"',;()（）{_CJK}]))"
        ),
        _prose_kind,
        ("s",),
    ),
    _Rule(
        re.compile(r"(?P<word>密码|密钥|口令|令牌)(?:是|为)\s*(?P<s>[^\s，。,;]+)"),
        _prose_kind,
        ("s",),
    ),
    _Rule(
        re.compile(
            r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
            r"\.[A-Za-z]{2,}(?![A-Za-z0-9\-])"
        ),
        _always(Kind.EMAIL),
    ),
    # International: + country code, 8-15 digits, one separator or bracket between.
    _Rule(
        re.compile(
            r"(?<![A-Za-z0-9+])\+[1-9](?:(?:[ .\-]|\)[ .\-]?|[ .\-]?\()?\d){7,14}"
            # Not followed by more digits, so "+1 555 0132 139-1234-5678" is not glued.
            r"(?![ .\-]?\d)"
        ),
        _always(Kind.PHONE),
    ),
    # Chinese mobile: 1[3-9]x xxxx xxxx, spaces or dashes optional.
    _Rule(
        re.compile(r"(?<![A-Za-z0-9])1[3-9]\d(?:[ \-]?\d{4}){2}(?!\d)"),
        _always(Kind.PHONE),
    ),
    # US: (415) 555-0132, 415-555-0132, 415.555.0132, 415 555 0132.
    _Rule(
        re.compile(r"(?<![A-Za-z0-9])(?:\(\d{3}\)[ ]?|\d{3}[\-. ])\d{3}[\-. ]\d{4}(?!\d)"),
        _always(Kind.PHONE),
    ),
    # Chinese landline with area code: 010-12345678, 0755-8601338.
    _Rule(re.compile(r"(?<![A-Za-z0-9])0\d{2,3}-\d{7,8}(?!\d)"), _always(Kind.PHONE)),
)


def redact(text: str) -> Redacted:
    """Remove secrets and personal data from ``text``; idempotent.

    Example:
        >>> r = redact("call me at +86 138 0013 8000, SDK 3.6.1 error 2002")
        >>> r.text, dict(r.counts)
        ('call me at [redacted:phone], SDK 3.6.1 error 2002', {<Kind.PHONE: 'phone'>: 1})
    """
    counts: Counter[Kind] = Counter()
    for rule in _RULES:
        text = rule.pattern.sub(_replacer(rule, counts), text)
    return Redacted(text=text, counts=MappingProxyType(dict(counts)))


def _replacer(rule: _Rule, counts: Counter[Kind]) -> Callable[[re.Match[str]], str]:
    def replace(m: re.Match[str]) -> str:
        if rule.rewrite is not None:
            return rule.rewrite(m, counts)
        kind = rule.classify(m)
        if kind is None:
            return m[0]
        counts[kind] += 1
        group = next((g for g in rule.groups if m[g] is not None), None)
        if group is None:
            return marker(kind)
        start, end = m.start(group) - m.start(), m.end(group) - m.start()
        return m[0][:start] + marker(kind) + m[0][end:]

    return replace


# Logs ---------------------------------------------------------------------------------

_HEAD_LINES = 20  # the Nimbus header is 8 lines; room for a few more of context
_MIN_CAP = 1024
# A log far larger than the cap is cut to this many times the cap before redaction,
# so a 20 MB file costs the same as a 1 MB one. The cut is at line boundaries and
# far outside what the final cap keeps, so it never exposes half a secret.
_PRETRIM_FACTOR = 4


def cap_log(text: str, *, max_bytes: int = 256_000) -> tuple[str, bool]:
    """Cut ``text`` to at most ``max_bytes`` UTF-8 bytes, keeping the header and the tail.

    The first lines (up to 20, at most a quarter of the budget) stay, then a line
    ``[… N bytes omitted …]``, then the most recent lines. Cuts fall on line
    boundaries where possible and never inside a multi-byte character.

    Returns:
        The capped text and whether anything was cut.

    Example:
        >>> text, cut = cap_log("header\\n" + "x" * 3000 + "\\nlast line\\n", max_bytes=1024)
        >>> cut, text.startswith("header\\n[… "), text.endswith("last line\\n")
        (True, True, True)
    """
    return _cap(text.encode("utf-8"), max_bytes=max_bytes, omitted_before=0)


def prepare_log(name: str, raw: bytes | str, *, max_bytes: int = 256_000) -> LogAttachment:
    """Decode, redact and size-cap a log file someone attached.

    Raises:
        FieldValueError: the file is binary (a zip, an image, …) rather than text.

    Example:
        >>> log = prepare_log("nimbus.log", b"sdk_version: 3.6.1\\npassword=hunter22\\n")
        >>> log.text, log.truncated, log.original_bytes
        ('sdk_version: 3.6.1\\npassword=[redacted:password]\\n', False, 37)
    """
    # A str may hold lone surrogates (half an emoji escaped in JSON): not UTF-8, so
    # they become "?" rather than an error here or at the database.
    data = raw.encode("utf-8", errors="replace") if isinstance(raw, str) else bytes(raw)
    if max_bytes < _MIN_CAP:
        raise ValueError(f"max_bytes={max_bytes} is too small. Use at least {_MIN_CAP}.")
    text = decode_log(name, data)
    encoded = text.encode("utf-8")
    omitted = 0
    keep = _PRETRIM_FACTOR * max_bytes
    if len(encoded) > 2 * keep:
        head_end = _head_end(encoded, max_bytes // 4)
        tail_start = _line_start_after(encoded, len(encoded) - keep)
        omitted = tail_start - head_end
        seam = b"" if encoded[:head_end].endswith(b"\n") else b"\n"
        text = (encoded[:head_end] + seam + encoded[tail_start:]).decode("utf-8")
    capped, truncated = _cap(
        redact(text).text.encode("utf-8"), max_bytes=max_bytes, omitted_before=omitted
    )
    return LogAttachment(
        name=redact(name.encode("utf-8", errors="replace").decode("utf-8")).text,
        text=capped,
        truncated=truncated,
        original_bytes=len(data),
    )


def decode_log(name: str, data: bytes) -> str:
    """The text of a log file: UTF-8, or UTF-16 with or without a byte-order mark.

    Raises:
        FieldValueError: the file is binary (an archive, an image, …), naming the file.

    Example:
        >>> decode_log("a.log", "E/Nimbus: send failed\\n".encode("utf-16-le"))
        'E/Nimbus: send failed\\n'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Windows tools)
        return data.decode("utf-16", errors="replace")
    sample = data[:65536]
    for magic, what in _BINARY_MAGIC:
        if sample.startswith(magic):
            raise FieldValueError("logs", name, f"It is {what}, not a text log. {_BINARY_HINT}")
    utf16 = _utf16_without_bom(sample)
    text = sample.decode(utf16 or "utf-8", errors="replace")
    odd = sum(1 for ch in text if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f\x1b"))
    if "\x00" in text or odd > len(text) // 10:
        raise FieldValueError("logs", name, f"It looks like a binary file. {_BINARY_HINT}")
    return data.decode(utf16 or "utf-8", errors="replace").removeprefix("\ufeff")


def _utf16_without_bom(sample: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``sample`` reads as mostly-ASCII UTF-16 (a zero
    byte in every other position), else ``None``. Logs are mostly ASCII, so this is reliable."""
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    high_le = sample[1 : 2 * pairs : 2].count(0)  # UTF-16-LE: "a\x00b\x00"
    high_be = sample[0 : 2 * pairs : 2].count(0)  # UTF-16-BE: "\x00a\x00b"
    if high_le >= 0.6 * pairs and high_be < 0.1 * pairs:
        return "utf-16-le"
    if high_be >= 0.6 * pairs and high_le < 0.1 * pairs:
        return "utf-16-be"
    return None


_BINARY_HINT = "Attach the .log files themselves (unzip what NimbusClient.exportLogs() gives you)."
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
)


def _cap(data: bytes, *, max_bytes: int, omitted_before: int) -> tuple[str, bool]:
    if max_bytes < _MIN_CAP:
        raise ValueError(f"max_bytes={max_bytes} is too small. Use at least {_MIN_CAP}.")
    if len(data) <= max_bytes and not omitted_before:
        return data.decode("utf-8"), False
    head_end = _head_end(data, max_bytes // 4)
    head = data[:head_end]
    lead = b"" if head.endswith(b"\n") else b"\n"
    # Reserve room for the widest count the marker could show.
    widest = _omitted_line(len(data) + omitted_before)
    room = max_bytes - len(head) - len(lead) - len(widest)
    tail_start = max(head_end, len(data) - room)
    if tail_start > head_end:
        tail_start = _line_start_after(data, tail_start, limit=max(room // 8, 1))
    omitted = tail_start - head_end + omitted_before
    capped = head + lead + _omitted_line(omitted) + data[tail_start:]
    return capped.decode("utf-8"), True


def _omitted_line(omitted: int) -> bytes:
    return f"[… {omitted} bytes omitted …]\n".encode()


def _head_end(data: bytes, limit: int) -> int:
    """End of the first ``_HEAD_LINES`` lines, within ``limit`` bytes."""
    end = 0
    for _ in range(_HEAD_LINES):
        newline = data.find(b"\n", end, limit)
        if newline < 0:
            break
        end = newline + 1
    if end == 0:  # the first line alone is longer than the limit: cut inside it
        end = _char_start(data, min(limit, len(data)))
    return end


def _line_start_after(data: bytes, position: int, *, limit: int | None = None) -> int:
    """The start of the first whole line at or after ``position``, if one is near."""
    if position <= 0 or data[position - 1 : position] == b"\n":
        return max(position, 0)
    newline = data.find(b"\n", position, None if limit is None else position + limit)
    return newline + 1 if newline >= 0 else _char_start_forward(data, position)


def _char_start(data: bytes, position: int) -> int:
    """``position`` moved back to the start of a UTF-8 character."""
    while 0 < position < len(data) and data[position] & 0xC0 == 0x80:
        position -= 1
    return position


def _char_start_forward(data: bytes, position: int) -> int:
    """``position`` moved forward to the start of a UTF-8 character."""
    while position < len(data) and data[position] & 0xC0 == 0x80:
        position += 1
    return position
