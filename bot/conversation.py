"""The conversation router: one developer message in, what to say out.

Per thread, a state table (:data:`_HANDLERS`, one handler per
:class:`~intake.tickets.store.ConversationState`; docs/architecture.md draws it)::

    NEW ──answer──► ANSWERED ──"solved"──► RESOLVED
                        │ "talk to a human" / "didn't help" / the form
                        ▼
                     INTAKE ⇄ CONFIRM ──filed──► ESCALATED ──claim──► CLAIMED …
                        └──cancel──► ANSWERED

The router moves the conversation until a ticket is filed; from then on the ticket
store moves it with the ticket's status (``intake.tickets.store.states``).
The router never talks to a chat service. It reads and writes the stores, asks
the retriever, steps the intake dialog, and returns an :class:`Outcome`. Every
message is redacted before it is stored or passed on. Redelivered events
(same ``event_id``) are answered once. If another process changed the thread in
between, the turn is replayed on the fresh state.
"""

from __future__ import annotations

import asyncio
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
from intake.tickets.centrality import broken_function, urgency
from intake.tickets.policy import Policy
from intake.tickets.priority import assess
from intake.tickets.redact import prepare_log, redact
from intake.tickets.store import (
    QUIET,
    Conversation,
    ConversationState,
    ConversationStore,
    OutboxMessage,
    StaleConversation,
    TicketStore,
)
from intake.types import Category, Impact, LogAttachment, Prompt
from retrieval.types import Answer, NoAnswer
from textlang import detect_lang

log = logging.getLogger(__name__)


State = ConversationState  # the router's short name for it


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


@dataclass(frozen=True, slots=True)
class _Said:
    """One turn as a state handler sees it: redacted text, logs and the thread so far."""

    turn: Turn
    conv: Conversation | None  # None only in NEW
    ctx: Context
    text: str
    lang: str
    logs: tuple[LogAttachment, ...]


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
        conv = self.conversations.get(turn.thread)
        said = _Said(
            turn=turn,
            conv=conv,
            ctx=Context.from_json(conv.last_answer) if conv else Context(),
            text=text,
            lang=detect_lang(text) if text else (conv.lang if conv else "en"),
            logs=tuple(self._logs(turn)),
        )
        return _HANDLERS[conv.state if conv else State.NEW](self, said)

    # -- one handler per state -----------------------------------------------------------

    def _on_open(self, said: _Said) -> Outcome:
        """NEW, RESOLVED, CLOSED: a new question (or the form) starts over."""
        if said.turn.action == "form":
            return self._form(said)
        if not said.text:
            return Outcome()
        return self._answer(said.conv, said.turn, Context(), said.text, said.lang)

    def _on_answered(self, said: _Said) -> Outcome:
        """ANSWERED: solved, a human wanted (intake), or a follow-up question."""
        conv, turn, text, lang = _saved(said), said.turn, said.text, said.lang
        if turn.action == "form":
            return self._form(said)
        if turn.action == "solved" or (not turn.action and is_solved(text)):
            self._save(conv, state=State.RESOLVED)
            return _one(TextReply(say("solved", lang), lang))
        if turn.action == "human" or (not turn.action and wants_human(text)):
            return self._start_intake(conv, turn, said.ctx, text, said.logs)
        if not text:
            return Outcome()
        return self._answer(conv, turn, said.ctx, text, lang)

    def _on_intake(self, said: _Said) -> Outcome:
        """INTAKE, CONFIRM: the dialog takes the message."""
        return self._intake_step(_saved(said), said.turn, said.text, said.logs)

    def _on_escalated(self, said: _Said) -> Outcome:
        """ESCALATED: what the developer adds goes to the ticket."""
        return self._add_to_ticket(_saved(said), said.turn, said.text, said.lang)

    def _on_quiet(self, said: _Said) -> Outcome:
        """CLAIMED, IN_PROGRESS, WAITING_ON_CUSTOMER: an engineer owns the thread; the bot
        stays quiet and files what the developer writes as a ticket comment."""
        conv = _saved(said)
        if conv.ticket_id and said.text:
            self.tickets.comment(_ticket_id(conv), actor=said.turn.user, text=said.text, now=self.clock())
        return Outcome()

    def _form(self, said: _Said) -> Outcome:
        """The form is a complete intake answer: start the intake prefilled from it."""
        turn, text, lang = said.turn, said.text, said.lang
        base = said.conv
        if base is None:
            new = Conversation(thread=turn.thread, state=State.NEW, requester=turn.user, lang=lang)
            base = self._save(new, state=State.ANSWERED, context=Context(question=text), lang=lang)
        return self._start_intake(base, turn, Context.from_json(base.last_answer), text, said.logs)

    # -- steps -----------------------------------------------------------------------------

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
            state=state,
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


def _saved(said: _Said) -> Conversation:
    """The stored conversation; every state but NEW has one."""
    if said.conv is None:
        raise LookupError(f"thread {said.turn.thread} has no saved conversation")
    return said.conv


# The state table: the handler for the conversation's state takes the turn.
_HANDLERS: Mapping[ConversationState, Callable[[ConversationRouter, _Said], Outcome]] = {
    State.NEW: ConversationRouter._on_open,
    State.ANSWERED: ConversationRouter._on_answered,
    State.INTAKE: ConversationRouter._on_intake,
    State.CONFIRM: ConversationRouter._on_intake,
    State.ESCALATED: ConversationRouter._on_escalated,
    **{quiet: ConversationRouter._on_quiet for quiet in QUIET},
    State.RESOLVED: ConversationRouter._on_open,
    State.CLOSED: ConversationRouter._on_open,
}


def _ticket_id(conv: Conversation) -> str:
    if conv.ticket_id is None:
        raise LookupError(f"conversation {conv.thread} is {conv.state} but has no ticket")
    return conv.ticket_id
