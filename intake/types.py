"""Plain typed values shared by the intake modules and their callers.

Nothing here does I/O. The dialog produces a :class:`TicketDraft`; the priority
rules turn its :class:`Impact` into an :class:`Assessment`; the store persists both
as a ticket. ``bot/`` renders them; ``retrieval/`` never sees them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Category(enum.StrEnum):
    """What kind of problem a ticket is about."""

    MESSAGE_DELIVERY = "message_delivery"
    AUDIO_VIDEO = "audio_video"
    CONNECTION = "connection"
    CRASH_INTEGRATION = "crash_integration"
    PERFORMANCE = "performance"
    SERVER_DEPLOYMENT = "server_deployment"  # the server, its deployment or configuration
    HOW_TO = "how_to"
    FEATURE_REQUEST = "feature_request"
    OTHER = "other"


class Priority(enum.StrEnum):
    """Support levels, most urgent first."""

    P0 = "P0"  # production down
    P1 = "P1"  # major function broken, workaround exists
    P2 = "P2"  # minor function or performance
    P3 = "P3"  # questions, docs, feature requests


class Status(enum.StrEnum):
    """Where a ticket is in its life; every change is a ticket event."""

    OPEN = "open"  # escalated, nobody has claimed it yet
    CLAIMED = "claimed"
    IN_PROGRESS = "in_progress"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    RESOLVED = "resolved"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Impact:
    """Answers to the impact questions; ``None`` means not answered yet."""

    production: bool | None = None  # is a production app affected?
    all_users: bool | None = None  # all users (True) or only some (False)?
    workaround: bool | None = None  # is there a workaround?
    data_loss: bool | None = None  # are messages or data being lost?


@dataclass(frozen=True, slots=True)
class Assessment:
    """A priority with the reason a person can read, and the first-response target."""

    priority: Priority
    reason: str
    due_at: datetime  # timezone-aware UTC
    overridden_by: str | None = None


@dataclass(frozen=True, slots=True)
class LogAttachment:
    """A log the user gave us, already redacted and size-capped."""

    name: str
    text: str
    truncated: bool = False
    original_bytes: int = 0


@dataclass(frozen=True, slots=True)
class TicketDraft:
    """Everything the intake gathered, ready to be filed.

    ``fields`` maps a field name from ``intake.dialog.fields`` (``platform``,
    ``sdk_version``, ``device_model``, ``os_version``, ``network``, ``chat_type``,
    ``symptom``, ``frequency``, ``since``, ``last_seen``, ``repro_steps``,
    ``no_logs_reason`` …) to the validated, redacted text the user gave.
    """

    category: Category
    fields: dict[str, str]
    impact: Impact
    lang: str = "en"  # "en" or "zh": the language the user writes in
    question: str = ""  # the first message, redacted
    summary: str = ""  # one line for the ticket title
    logs: tuple[LogAttachment, ...] = ()
    docs_shown: tuple[str, ...] = ()  # URLs of the pages the bot already showed
    requester: str = ""
    thread_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Prompt:
    """What the dialog says next: a question, and what it has understood so far.

    ``asking`` names the field(s) the question is about (empty for a plain
    message); ``choices`` are quick answers a surface may show as buttons;
    ``understood`` is the field -> value summary shown so the user can correct it.
    """

    text: str
    asking: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    understood: tuple[tuple[str, str], ...] = ()
    lang: str = "en"
