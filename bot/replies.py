"""What the conversation router says back, independent of any chat surface.

An adapter (Slack, the terminal) receives a sequence of these and renders them;
it never decides what to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from intake.types import Prompt, TicketDraft
from retrieval.types import Answer, Hit


@dataclass(frozen=True, slots=True)
class IncomingFile:
    """A file attached to a turn; ``text`` is filled by the adapter after a capped fetch."""

    name: str
    size: int
    mimetype: str = ""
    url: str = ""
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    """One message from a person, as any adapter sees it.

    ``thread`` keys the conversation: on Slack ``team:channel:thread_ts``, in the
    terminal a session id. ``event_id`` deduplicates redelivered events.
    """

    thread: str
    user: str
    text: str
    files: tuple[IncomingFile, ...] = ()
    event_id: str | None = None
    permalink: str = ""
    action: str | None = None  # a button press instead of text: "solved", "human", ...
    by_engineer: bool = False  # the adapter's word that ``user`` is a support engineer


@dataclass(frozen=True, slots=True)
class AnswerReply:
    answer: Answer
    lang: str


@dataclass(frozen=True, slots=True)
class NotFoundReply:
    question: str
    nearest: tuple[Hit, ...]
    lang: str


@dataclass(frozen=True, slots=True)
class PromptReply:
    prompt: Prompt


@dataclass(frozen=True, slots=True)
class TextReply:
    text: str
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class PrivateReply:
    """Said to ``user`` alone, in the thread (Slack: an ephemeral message); e.g. why a
    button press by someone other than the thread's requester did nothing."""

    user: str
    text: str
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class TicketCreatedReply:
    ticket_id: str
    priority: str
    reason: str
    due_at: datetime
    draft: TicketDraft
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class StatusChangedReply:
    """A ticket's new status for the developer's thread; renderers name it (``status_name``)."""

    ticket_id: str
    status: str  # a Status value, e.g. "waiting_on_customer"
    by: str
    note: str = ""
    lang: str = "en"


Reply = (
    AnswerReply
    | NotFoundReply
    | PromptReply
    | TextReply
    | PrivateReply
    | TicketCreatedReply
    | StatusChangedReply
)


@dataclass(frozen=True, slots=True)
class Notice:
    """A reply for a thread other than the one that caused it (e.g. the developer's
    thread when an engineer changes a ticket's status)."""

    thread: str
    reply: Reply


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to say for one turn or action.

    ``replies`` go to the thread (or person) that acted; ``notices`` to other
    threads. Empty ``replies`` and ``notices`` mean the bot stays quiet.
    """

    replies: tuple[Reply, ...] = field(default_factory=tuple)
    notices: tuple[Notice, ...] = field(default_factory=tuple)
    refused: bool = False  # the turn was not taken (e.g. a stranger's button press)
