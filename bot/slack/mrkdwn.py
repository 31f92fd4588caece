"""Safe Slack mrkdwn from untrusted text: escaping, links, quotes and length caps.

Slack reads ``<…>`` as a mention, a special command or a link, so user and docs
text must have ``&``, ``<`` and ``>`` escaped, or ``<!channel>`` would ping a whole
channel and ``<http://evil|docs>`` would disguise a link. Escaping and cutting are
the ones the ticket card uses (``intake.tickets.render``), so both surfaces agree.

Example:
    >>> escape("<!channel> & <http://evil|docs>")
    '&lt;!channel&gt; &amp; &lt;http://evil|docs&gt;'
    >>> link("https://docs.example.com/a?b=1&c=2", "Send <b>")
    '<https://docs.example.com/a?b=1&amp;c=2|Send &lt;b&gt;>'
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from intake.tickets.render import clamp, slack_escape

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
_SAFE_URL = re.compile(r"https?://[^\s<>|]+")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_AT_USER = re.compile(r"(?<![\w@])@([UW][A-Z0-9]{6,})\b")


class Mrkdwn(str):
    """Text that is already safe mrkdwn (escaped, or markup we made on purpose)."""

    __slots__ = ()


def escape(text: str) -> str:
    """Escape Slack markup (``& < >``) and defuse ``@channel``-style broadcasts."""
    return slack_escape(text)


def clip(escaped: str, limit: int) -> str:
    """Cut already escaped mrkdwn to at most ``limit`` characters, never inside an entity.

    Example:
        >>> clip("a &amp; b", 4)
        'a …'
    """
    return clamp(escaped, limit)


def plain(text: str, limit: int) -> str:
    """Text for a ``plain_text`` object (shown verbatim, never parsed), capped at ``limit``.

    Example:
        >>> plain("Talk  to a human", 10)
        'Talk to a…'
    """
    text = " ".join(text.split()) or "-"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def link(url: str, title: str) -> str:
    """A mrkdwn link; a URL that is not plain http(s) is shown as escaped text instead."""
    label = escape(" ".join(title.split()) or url)
    if not _SAFE_URL.fullmatch(url):
        return label if not url or url == title else f"{label} ({escape(url)})"
    return f"<{url.replace('&', '&amp;')}|{label}>"


def mention(who: str) -> Mrkdwn:
    """``<@U…>`` for a Slack user id, anything else as escaped text.

    Example:
        >>> mention("U0123ABC"), mention("<!here>")
        ('<@U0123ABC>', '&lt;!here&gt;')
    """
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
