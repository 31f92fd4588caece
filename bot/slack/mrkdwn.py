"""Safe Slack mrkdwn from untrusted text: escaping, links, quotes and length caps.

Slack reads ``<…>`` as a mention, a special command or a link, so user and docs
text must have ``&``, ``<`` and ``>`` escaped, or ``<!channel>`` would ping a whole
channel and ``<http://evil|docs>`` would disguise a link. Every Slack renderer
(answers, prompts, the ticket card, views) escapes, cuts, links and mentions with
these helpers only, so they all agree.

Example:
    >>> escape("<!channel> & <http://evil|docs>")
    '&lt;!channel&gt; &amp; &lt;http://evil|docs&gt;'
    >>> link("https://docs.example.com/a?b=1&c=2", "Send <b>")
    '<https://docs.example.com/a?b=1&amp;c=2|Send &lt;b&gt;>'
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from intake.tickets.render.text import SAFE_URL

__all__ = [
    "Mrkdwn",
    "clip",
    "escape",
    "from_slack",
    "link",
    "local_time",
    "mention",
    "mentions",
    "plain",
    "quote",
]

_MARKUP = re.compile(r"<([^<>]*)>")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_AT_USER = re.compile(r"(?<![\w@])@([UW][A-Z0-9]{6,})\b")
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


class Mrkdwn(str):
    """Text that is already safe mrkdwn (escaped, or markup we made on purpose)."""

    __slots__ = ()


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """``text`` safe inside Slack mrkdwn: entities for ``& < >``, no broadcasts, no fences.

    Example:
        >>> escape("<!channel> see <http://evil|docs> & @here")
        '&lt;!channel&gt; see &lt;http://evil|docs&gt; &amp; @\u2060here'
    """
    # Bidi overrides would let stored text read backwards ("\u202egnp.exe" as "exe.png"):
    # the router strips them from what people send; this covers anything older.
    text = _BIDI.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _BROADCAST.sub(lambda m: "@\u2060" + m.group(1), text)
    # A user's ``` would end our code block early.
    return re.sub(r"`{3,}", lambda m: "`\u200b" * len(m.group(0)), text)


def clip(escaped: str, limit: int) -> str:
    """Cut already escaped mrkdwn to at most ``limit`` characters, ending in "…", never
    inside an entity (``&amp;``) or a ``<link|label>``.

    Example:
        >>> clip("a &amp; b", 4)
        'a …'
    """
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: max(limit - 1, 0)]
    amp = cut.rfind("&")
    if amp > -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    return cut + "…"


def plain(text: str, limit: int) -> str:
    """Text for a ``plain_text`` object (shown verbatim, never parsed), capped at ``limit``.

    Example:
        >>> plain("Talk  to a human", 10)
        'Talk to a…'
    """
    text = " ".join(_BIDI.sub("", text).split()) or "-"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def link(url: str, title: str = "") -> str:
    """A mrkdwn link (``<url|title>``, or ``<url>`` without a title); a URL that is not
    plain http(s) (:data:`~intake.tickets.render.text.SAFE_URL`) is shown as escaped
    text instead, so it can never disguise where it goes.

    Example:
        >>> link("https://evil.example|Open", "docs")
        'docs (https://evil.example|Open)'
    """
    label = escape(" ".join(title.split()))
    if not SAFE_URL.fullmatch(url):
        if not label or url == title:
            return label or escape(url)
        return f"{label} ({escape(url)})"
    target = url.replace("&", "&amp;")
    return f"<{target}|{label}>" if label else f"<{target}>"


def mention(who: str | None, fallback: str = "") -> Mrkdwn:
    """``<@U…>`` for a Slack user id, anything else as escaped text; ``fallback``
    (already mrkdwn) when there is nobody.

    Example:
        >>> mention("U0123ABC"), mention("<!here>"), mention(None, "—")
        ('<@U0123ABC>', '&lt;!here&gt;', '—')
    """
    if not who:
        return Mrkdwn(fallback)
    return Mrkdwn(f"<@{who}>" if _USER_ID.fullmatch(who) else escape(who))


def mentions(escaped: str) -> str:
    """Turn ``@U0123ABCD`` in escaped text into a real mention, the inverse of :func:`from_slack`.

    The router writes people as ``@U…`` (as it reads them in a turn); only user ids
    become mentions, never ``@here``/``@channel``.

    Example:
        >>> mentions("@U0ENGINEER has taken over; ask @here")
        '<@U0ENGINEER> has taken over; ask @here'
    """
    return _AT_USER.sub(r"<@\1>", escaped)


def local_time(moment: datetime) -> Mrkdwn:
    """A time Slack shows in each reader's own time zone; UTC text where it cannot.

    Example:
        >>> local_time(datetime(2025, 3, 3, 13, 0, tzinfo=UTC))
        '<!date^1741006800^{date_short_pretty} {time}|2025-03-03 13:00 UTC>'
    """
    utc = moment.astimezone(UTC)
    return Mrkdwn(
        f"<!date^{int(utc.timestamp())}^{{date_short_pretty}} {{time}}|{utc:%Y-%m-%d %H:%M} UTC>"
    )


def quote(text: str, limit: int) -> str:
    """``text`` escaped and shown as a block quote, at most ``limit`` characters.

    Example:
        >>> quote("line 1\\n\\nline <2>", 100)
        '&gt; line 1\\n&gt; line &lt;2&gt;'
    """
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    # Slack reads "&gt; " at the start of a line as a quote, as it stores one typed by hand.
    return clip("\n".join(f"&gt; {escape(line)}" for line in lines), limit)


def from_slack(text: str, *, bot_user: str = "") -> str:
    """What a person typed, from the markup Slack delivers: the bot's own mention dropped,
    other mentions as ``@U…``, links as ``label (url)``, entities decoded.

    Example:
        >>> from_slack("<@UBOT> see <https://x.io/a|docs> &amp; ask <@U2> in <#C1|help>",
        ...            bot_user="UBOT")
        'see docs (https://x.io/a) & ask @U2 in #help'
    """

    def plain_markup(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target == f"@{bot_user}" and bot_user:
            return ""
        if target.startswith(("@", "#")):
            return f"{target[0]}{label}" if label else target
        if target.startswith("!"):
            return f"@{label or target[1:].split('^')[0]}"
        return f"{label} ({target})" if label and label != target else target

    decoded = _MARKUP.sub(plain_markup, text)
    decoded = decoded.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]{2,}", " ", decoded).strip()
