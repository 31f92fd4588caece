"""The conversation router: one developer message in, what to say out.

Per thread, a small state table (DESIGN.md)::

    NEW ──answer──► ANSWERED ──"solved"──► RESOLVED
                        │ "talk to a human" / "didn't help"
                        ▼
                     INTAKE ⇄ CONFIRM ──filed──► ESCALATED ──claim──► CLAIMED …
                        └──cancel──► ANSWERED

The router never talks to a chat service. It reads and writes the stores, asks
the retriever, steps the intake dialog, and returns an :class:`Outcome`. Every
message is redacted before it is stored or passed on. Redelivered events
(same ``event_id``) are answered once. If another process changed the thread in
between, the turn is replayed on the fresh state.
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol

from bot.intents import is_solved, wants_human
from bot.replies import (
    AnswerReply,
    NotFoundReply,
    Outcome,
    PromptReply,
    Reply,
    TextReply,
    TicketCreatedReply,
    Turn,
)
from bot.texts import say
from intake import dialog
from intake.dialog.scope import check_scope
from intake.lang import detect_lang
from intake.tickets.centrality import broken_function, urgency
from intake.tickets.policy import Policy
from intake.tickets.priority import assess
from intake.tickets.redact import prepare_log, redact
from intake.tickets.store import (
    Conversation,
    ConversationStore,
    OutboxMessage,
    StaleConversation,
    TicketStore,
)
from intake.types import Category, Impact, LogAttachment, Prompt
from retrieval.types import Answer, NoAnswer

log = logging.getLogger(__name__)


class State(enum.StrEnum):
    NEW = "NEW"
    ANSWERED = "ANSWERED"
    INTAKE = "INTAKE"
    CONFIRM = "CONFIRM"
    ESCALATED = "ESCALATED"
    CLAIMED = "CLAIMED"
    IN_PROGRESS = "IN_PROGRESS"
    WAITING_ON_CUSTOMER = "WAITING_ON_CUSTOMER"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"


# While an engineer owns the thread the bot stays quiet there.
QUIET = frozenset({State.CLAIMED, State.IN_PROGRESS, State.WAITING_ON_CUSTOMER})


class Answerer(Protocol):
    def answer(self, question: str) -> Answer | NoAnswer: ...


@dataclass(frozen=True, slots=True)
class Context:
    """What the thread has said so far, kept with the conversation (JSON)."""

    question: str = ""
    sources: tuple[str, ...] = ()
    answered: bool = False
    follow_ups: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {
                "question": self.question,
                "sources": list(self.sources),
                "answered": self.answered,
                "follow_ups": list(self.follow_ups),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Context:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(
            question=data.get("question", ""),
            sources=tuple(data.get("sources", ())),
            answered=bool(data.get("answered", False)),
            follow_ups=tuple(data.get("follow_ups", ())),
        )


@dataclass
class ConversationRouter:
    """Implements :class:`bot.ports.Router` over the stores, a retriever and the intake dialog."""

    answerer: Answerer
    conversations: ConversationStore
    tickets: TicketStore
    policy: Policy = field(default_factory=Policy.default)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    max_log_bytes: int = 256_000

    async def handle(self, turn: Turn) -> Outcome:
        return await asyncio.to_thread(self.handle_sync, turn)

    def handle_sync(self, turn: Turn) -> Outcome:
        """Handle one turn; safe to call from several threads or processes at once."""
        turn = _storable(turn)
        if turn.event_id and not self.conversations.record_event(turn.event_id):
            return Outcome()  # a redelivery: it was answered the first time
        for _ in range(3):
            try:
                return self._route(turn)
            except StaleConversation:
                log.info("thread %s changed under us; replaying the turn", turn.thread)
        return self._route(turn)

    # -- routing -------------------------------------------------------------------

    def _route(self, turn: Turn) -> Outcome:
        text = redact(turn.text).text.strip()
        logs = tuple(self._logs(turn))
        conv = self.conversations.get(turn.thread)
        state = State(conv.state) if conv else State.NEW
        ctx = Context.from_json(conv.last_answer) if conv else Context()
        lang = detect_lang(text) if text else (conv.lang if conv else "en")

        if state in QUIET:
            if conv and conv.ticket_id and text:
                self.tickets.comment(_ticket_id(conv), actor=turn.user, text=text, now=self.clock())
            return Outcome()
        if state is State.ESCALATED and conv is not None:
            return self._add_to_ticket(conv, turn, text, lang)
        if state in (State.INTAKE, State.CONFIRM) and conv is not None:
            return self._intake_step(conv, turn, text, logs)
        if turn.action == "form" and state not in (State.ESCALATED, State.INTAKE, State.CONFIRM):
            # The form is a complete intake answer: start the intake prefilled from it.
            base = conv or Conversation(
                thread=turn.thread, state=State.NEW, requester=turn.user, lang=lang
            )
            if conv is None:
                base = self._save(
                    base, state=State.ANSWERED, context=Context(question=text), lang=lang
                )
            return self._start_intake(base, turn, Context.from_json(base.last_answer), text, logs)
        if state is State.ANSWERED and conv is not None:
            if turn.action == "solved" or (not turn.action and is_solved(text)):
                self._save(conv, state=State.RESOLVED)
                return _one(TextReply(say("solved", lang), lang))
            if turn.action == "human" or (not turn.action and wants_human(text)):
                return self._start_intake(conv, turn, ctx, text, logs)
        if not text:
            return Outcome()
        return self._answer(conv, turn, ctx if state is State.ANSWERED else Context(), text, lang)

    def _answer(
        self, conv: Conversation | None, turn: Turn, ctx: Context, text: str, lang: str
    ) -> Outcome:
        replies: list[Reply] = []
        scope = check_scope(text)
        if scope is not None:
            replies.append(TextReply(scope.text(lang), lang))
        result = self.answerer.answer(text)
        if isinstance(result, Answer):
            replies.append(AnswerReply(result, lang))
            sources = tuple(dict.fromkeys((*ctx.sources, *result.sources)))
        else:
            replies.append(NotFoundReply(text, result.nearest, lang))
            sources = ctx.sources
        question = ctx.question or text
        follow_ups = (*ctx.follow_ups, text) if ctx.question else ()
        new_ctx = Context(question, sources, isinstance(result, Answer), follow_ups)
        base = conv or Conversation(
            thread=turn.thread, state=State.NEW, requester=turn.user, lang=lang
        )
        self._save(base, state=State.ANSWERED, context=new_ctx, lang=lang)
        return Outcome(tuple(replies))

    def _start_intake(
        self,
        conv: Conversation,
        turn: Turn,
        ctx: Context,
        text: str,
        logs: tuple[LogAttachment, ...],
    ) -> Outcome:
        said = [ctx.question, *ctx.follow_ups]
        if text and text not in said and (not wants_human(text) or len(text) > 40):
            said.append(text)
        lang = conv.lang or detect_lang(" ".join(said))
        state, step = dialog.start(
            "\n".join(s for s in said if s),
            lang=lang,
            docs_shown=ctx.sources,
            requester=conv.requester or turn.user,
            thread_url=turn.permalink,
            logs=logs,
            assess=self._preview(lang),
        )
        return self._after_step(conv, state, step)

    def _intake_step(
        self, conv: Conversation, turn: Turn, text: str, logs: tuple[LogAttachment, ...]
    ) -> Outcome:
        state = dialog.DialogState.from_json(conv.dialog_state)
        message = (
            {"solved": "cancel", "human": ""}.get(turn.action or "", text) if turn.action else text
        )
        if turn.action and turn.action.startswith("choice:"):
            message = turn.action.removeprefix("choice:")
        state, step = dialog.step(state, message, logs=logs, assess=self._preview(conv.lang))
        return self._after_step(conv, state, step)

    def _after_step(
        self, conv: Conversation, state: dialog.DialogState, step: dialog.Step
    ) -> Outcome:
        if isinstance(step, Prompt):
            phase = State.CONFIRM if dialog.is_confirming(state) else State.INTAKE
            self._save(conv, state=phase, dialog_state=state.to_json(), lang=step.lang)
            return _one(PromptReply(step))
        if isinstance(step, dialog.Cancelled):
            self._save(conv, state=State.ANSWERED, dialog_state="")
            return _one(PromptReply(step.prompt))
        draft = step.draft
        now = self.clock()
        assessment = assess(
            draft.category,
            draft.impact,
            now=now,
            policy=self.policy,
            lang=draft.lang,
            degraded=draft.fields.get("symptom_kind") in ("latency", "audio_noise"),
            function=broken_function(draft.category, draft.fields, draft.question),
            urgent=urgency(draft.question),
        )
        ticket = self.tickets.create(
            draft,
            assessment,
            thread=conv.thread,
            now=now,
            outbox=[
                OutboxMessage(
                    "post_ticket", {"thread": conv.thread}, dedupe_key="post_ticket:{ticket_id}"
                )
            ],
            conversation_state=State.ESCALATED,
            expected_version=conv.version or None,
        )
        return _one(
            TicketCreatedReply(
                ticket_id=ticket.id,
                priority=ticket.priority.value,
                reason=ticket.priority_reason,
                due_at=ticket.due_at,
                draft=draft,
                lang=draft.lang,
            )
        )

    def _add_to_ticket(self, conv: Conversation, turn: Turn, text: str, lang: str) -> Outcome:
        ticket = self.tickets.get(_ticket_id(conv))
        if text:
            self.tickets.comment(ticket.id, actor=turn.user, text=text, now=self.clock())
        return _one(
            TextReply(say("added_to_ticket", lang, ticket=ticket.id, due=ticket.due_at), lang)
        )

    # -- helpers -------------------------------------------------------------------

    def _preview(self, lang: str) -> Callable[[Category, Impact, Mapping[str, str], str], tuple[str, str]]:
        """The priority the ticket would get now, for the confirmation summary."""

        def preview(category: Category, impact: Impact, fields: Mapping[str, str], text: str) -> tuple[str, str]:
            a = assess(
                category,
                impact,
                now=self.clock(),
                policy=self.policy,
                lang=lang,
                function=broken_function(category, fields, text),
                urgent=urgency(text),
            )
            return a.priority.value, a.reason

        return preview

    def _logs(self, turn: Turn) -> list[LogAttachment]:
        out = []
        for f in turn.files:
            if f.text is not None:
                out.append(prepare_log(f.name, f.text, max_bytes=self.max_log_bytes))
        return out

    def _save(
        self,
        conv: Conversation,
        *,
        state: State,
        context: Context | None = None,
        dialog_state: str | None = None,
        lang: str | None = None,
    ) -> Conversation:
        updated = Conversation(
            thread=conv.thread,
            state=state.value,
            requester=conv.requester,
            lang=lang or conv.lang,
            dialog_state=conv.dialog_state if dialog_state is None else dialog_state,
            ticket_id=conv.ticket_id,
            last_answer=context.to_json() if context else conv.last_answer,
            version=conv.version,
        )
        return self.conversations.save(
            updated, expected_version=conv.version or None, now=self.clock()
        )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _storable(turn: Turn) -> Turn:
    """``turn`` with lone surrogates replaced by U+FFFD.

    JSON may escape half an emoji ("\\ud83d"), which decodes to a str that no database
    accepts (it is not encodable as UTF-8); the whole turn would fail at the first save.
    """
    said = (turn.thread, turn.user, turn.text, turn.action or "", turn.event_id or "")
    if not any(_SURROGATE.search(value) for value in said):
        return turn

    def clean(value: str) -> str:
        return _SURROGATE.sub("\ufffd", value)

    return replace(
        turn,
        thread=clean(turn.thread),
        user=clean(turn.user),
        text=clean(turn.text),
        action=turn.action and clean(turn.action),
        event_id=turn.event_id and clean(turn.event_id),
    )


def _one(reply: Reply) -> Outcome:
    return Outcome((reply,))


def _ticket_id(conv: Conversation) -> str:
    if conv.ticket_id is None:
        raise LookupError(f"conversation {conv.thread} is {conv.state} but has no ticket")
    return conv.ticket_id
