"""Slack's request signature, checked at the HTTP boundary before anything reads the body.

Slack signs every HTTP request: ``X-Slack-Signature`` is ``v0=`` + hex HMAC-SHA256 of
``"v0:{timestamp}:{body}"`` keyed with the signing secret, and
``X-Slack-Request-Timestamp`` is whole seconds since the epoch. A request is let in
only if the timestamp is a number within :data:`MAX_AGE` seconds of now and the
signature matches.

The check lives here rather than in Bolt's middleware because Bolt's logs the whole
body of every refused request (at INFO) and answers 500 to a timestamp that is not a
number. What is refused is logged by the caller with :func:`describe_refusal`: the
reason, the size, and the (short, quoted) timestamp, never the body.

Example:
    >>> refusal({}, b"{}", secret="s", now=1_700_000_000)
    'no signature headers'
    >>> refusal({"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=ab"},
    ...         b"{}", secret="s", now=1_700_000_000)
    'the timestamp is not a whole number of seconds'
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping

__all__ = ["MAX_AGE", "describe_refusal", "refusal", "sign"]

MAX_AGE = 5 * 60  # seconds; what Slack recommends and Bolt enforces
_STAMP = re.compile(r"\d{1,12}")  # 12 digits reach the year 33658


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Slack-Signature`` Slack would send for ``body`` at ``timestamp``."""
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return f"v0={digest.hexdigest()}"


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def refusal(headers: Mapping[str, str], body: bytes, *, secret: str, now: float) -> str | None:
    """Why this request is not from Slack, or ``None`` if it is (signed, and fresh)."""
    stamp = _header(headers, "x-slack-request-timestamp")
    signature = _header(headers, "x-slack-signature")
    if not stamp or not signature:
        return "no signature headers"
    if not _STAMP.fullmatch(stamp):
        return "the timestamp is not a whole number of seconds"
    if abs(now - int(stamp)) > MAX_AGE:
        return f"the timestamp is more than {MAX_AGE} s away from this server's clock"
    if not hmac.compare_digest(sign(secret, stamp, body).encode(), signature.encode()):
        return "the signature does not match (a wrong or rotated signing secret?)"
    return None


def describe_refusal(reason: str, headers: Mapping[str, str], body: bytes, *, now: float) -> str:
    """One log line's worth about a refused request; nothing of the body but its size."""
    stamp = _header(headers, "x-slack-request-timestamp")
    skew = f", {int(now) - int(stamp)} s old" if _STAMP.fullmatch(stamp) else ""
    return f"{reason} ({len(body)} bytes, timestamp {stamp[:24]!r}{skew})"
