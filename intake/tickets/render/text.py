"""Markdown escaping and the ticket facts every renderer shows (the Markdown here, and
any chat surface's own view of a ticket).

HTML autoescaping would be wrong for Markdown, so the template environment has it
off; every user string is Markdown-escaped or fenced on purpose. :data:`SAFE_URL`
is the one rule for which URLs may become links, on every surface.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, PackageLoader, StrictUndefined

from intake.dialog.fields import display
from intake.errors import PolicyError
from intake.tickets.render.labels import labels, status_name
from intake.tickets.store.records import Ticket, TicketEvent
from intake.types import Impact

__all__ = [
    "ENVIRONMENT",
    "PROBLEM",
    "SAFE_URL",
    "SERVER",
    "TEMPLATES",
    "TEXTS",
    "fields_in",
    "history_lines",
    "impact_answers",
    "other_fields",
    "size_text",
    "utc_text",
    "zone",
]

ENVIRONMENT = ("platform", "sdk_version", "device_model", "os_version", "network", "chat_type")
SERVER = ("server_version", "deployment", "server_os")
PROBLEM = ("symptom_kind", "frequency", "since", "since_detail", "last_seen")
TEXTS = ("symptom", "expected", "repro_steps", "no_logs_reason")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# A URL that may become a link: plain http(s), nothing that could end the link early or
# smuggle markup (whitespace, <, >, |, backtick, backslash). Anything else is shown as text.
SAFE_URL = re.compile(r"https?://[^\s<>|`\\]+")


def md_inline(value: str) -> str:
    """One line of Markdown text that shows ``value`` literally."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def md_code(value: str) -> str:
    """An inline code span showing ``value`` literally (for ids, file names)."""
    value = " ".join(value.split())
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{ticks}{pad}{value}{pad}{ticks}"


def md_url(value: str) -> str:
    """An autolink for a plain http(s) URL; anything else as escaped text."""
    return f"<{value}>" if SAFE_URL.fullmatch(value) else md_inline(value)


def md_fence(value: str) -> str:
    """A fenced code block that ``value`` cannot close, however many backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{value.rstrip()}\n{fence}"


TEMPLATES = Environment(
    loader=PackageLoader("intake.tickets", "templates"),
    autoescape=False,  # Markdown and JSON, not HTML: strings are escaped per target
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
TEMPLATES.filters["md"] = md_inline
TEMPLATES.filters["fence"] = md_fence
TEMPLATES.filters["code"] = md_code
TEMPLATES.filters["url"] = md_url


def fields_in(ticket: Ticket, names: tuple[str, ...], lang: str) -> list[tuple[str, str]]:
    """(label, value) for each of ``names`` the ticket has a non-empty value for.

    Closed values are shown as a person reads them ("Android", "after an update", "1:1
    chat"), not as the codes the store keeps.
    """
    words = labels(lang)
    return [
        (words[n], display(n, ticket.fields[n], lang)) for n in names if ticket.fields.get(n, "").strip()
    ]


def history_lines(events: Sequence[TicketEvent], lang: str) -> list[str]:
    """One readable line per ticket event: "2026-12-04 10:00 created (Open) by bot",
    "… status: Open → Claimed by alice"."""
    words = labels(lang)
    out = []
    for e in events:
        if e.kind == "created":
            what = words["history_created"] + (f" ({status_name(e.to_status, lang)})" if e.to_status else "")
        elif e.to_status is not None and e.from_status is not None:
            what = f"{e.kind}: {status_name(e.from_status, lang)} → {status_name(e.to_status, lang)}"
        elif e.to_status is not None:
            what = f"{e.kind}: {status_name(e.to_status, lang)}"
        else:
            what = e.kind
        out.append(f"{e.at:%Y-%m-%d %H:%M} {what} {words['history_by']} {e.actor}")
    return out


def other_fields(ticket: Ticket) -> list[tuple[str, str]]:
    """Fields no template knows by name (new intake fields still show up)."""
    known = {*ENVIRONMENT, *SERVER, *PROBLEM, *TEXTS}
    return [
        (name.replace("_", " "), value)
        for name, value in ticket.fields.items()
        if name not in known and value.strip()
    ]


def impact_answers(impact: Impact, lang: str) -> list[tuple[str, str]]:
    words = labels(lang)
    answers = {True: words["yes"], False: words["no"], None: words["unknown"]}
    return [
        (words[name], answers[getattr(impact, name)])
        for name in ("production", "all_users", "workaround", "data_loss")
    ]


def size_text(n: int) -> str:
    """
    Example:
        >>> size_text(512), size_text(2048), size_text(3 * 1024 * 1024)
        ('512 B', '2.0 KB', '3.0 MB')
    """
    if n < 1024:
        return f"{n} B"
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def zone(tz: str | tzinfo) -> tzinfo:
    """``tz`` as a tzinfo; a name must be an IANA time zone (``PolicyError`` otherwise)."""
    if not isinstance(tz, str):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PolicyError(
            f"Time zone {tz!r} is unknown; use an IANA name such as 'Asia/Shanghai' or 'UTC'."
        ) from exc
