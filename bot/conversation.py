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
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol

from bot.clean import clean_name, clean_text
from bot.intents import is_solved, wants_human
from bot.locks import KeyedLocks
from bot.replies import (
    AnswerReply,
    NotFoundReply,
    Outcome,
    PrivateReply,
    PromptReply,
    Reply,
    SuggestReply,
    TextReply,
    TicketCreatedReply,
    Turn,
)
from bot.texts import say
from intake import dialog
from intake.dialog.scope import check_scope
from intake.errors import FieldValueError
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
from retrieval.types import Answer, NoAnswer, Suggestions
from textlang import detect_lang

log = logging.getLogger(__name__)


State = ConversationState  # the router's short name for it

# How often a turn that raced another process is replayed before the error surfaces.
REPLAYS = 8


class Answerer(Protocol):
    def answer(self, question: str) -> Answer | Suggestions | NoAnswer: ...


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

    _threads: KeyedLocks = field(default_factory=KeyedLocks, init=False, repr=False)

    async def handle(self, turn: Turn) -> Outcome:
        # Turns of one thread run one after another in this process: five messages sent at
        # once would otherwise race on the conversation's version and exhaust the replays.
        async with self._threads.hold(turn.thread):
            return await asyncio.to_thread(self.handle_sync, turn)

    def handle_sync(self, turn: Turn) -> Outcome:
        """Handle one turn; safe to call from several threads or processes at once."""
        turn = _storable(turn)
        if turn.event_id and not self.conversations.record_event(turn.event_id):
            return Outcome()  # a redelivery: it was answered the first time
        for attempt in range(REPLAYS):
            try:
                return self._route(turn)
            except StaleConversation:
                # Another replica changed the thread. Wait a random moment before replaying,
                # so replicas that collided do not collide again in lockstep.
                log.info("thread %r changed under us; replaying the turn", turn.thread)
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
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
        if conv is not None and _stranger(conv, turn):
            return self._strangers_turn(conv, State(conv.state), turn, said.text, said.lang)
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

    def _strangers_turn(
        self, conv: Conversation, state: State, turn: Turn, text: str, lang: str
    ) -> Outcome:
        """Someone other than the requester (and not an engineer) acts in the thread.

        They cannot drive it: their buttons, choices, form and intake answers are refused
        (told privately). What they write on a filed ticket is kept as a comment under
        their own name; a plain question in an answered thread is answered for them,
        leaving the thread as it was.
        """
        requester = f"@{conv.requester}"
        filed = conv.ticket_id and (state in QUIET or state is State.ESCALATED)
        if text and not turn.action and filed:
            ticket = _ticket_id(conv)
            self.tickets.comment(ticket, actor=turn.user, text=text, now=self.clock())
            note = say("kept_as_comment", lang, requester=requester, ticket=ticket)
            return _one(PrivateReply(turn.user, note, lang))
        asks_thread = is_solved(text) or wants_human(text)
        if text and not turn.action and state in _ANSWERABLE and not asks_thread:
            replies, _ = self._answer_replies(text, lang)
            return Outcome(tuple(replies))
        if not text and not turn.action:
            return Outcome()
        refusal = PrivateReply(turn.user, say("not_your_thread", lang, requester=requester), lang)
        return Outcome((refusal,), refused=True)

    def _answer_replies(
        self, text: str, lang: str
    ) -> tuple[list[Reply], Answer | Suggestions | NoAnswer]:
        replies: list[Reply] = []
        scope = check_scope(text)
        if scope is not None:
            replies.append(TextReply(scope.text(lang), lang))
        result = self.answerer.answer(text)
        if isinstance(result, Answer):
            replies.append(AnswerReply(result, lang))
        elif isinstance(result, Suggestions):
            # Not sure: the pages are shown and count as docs shown; "talk to a human" stays open.
            replies.append(SuggestReply(result, lang))
        else:
            replies.append(NotFoundReply(text, result.nearest, lang))
        return replies, result

    def _answer(
        self, conv: Conversation | None, turn: Turn, ctx: Context, text: str, lang: str
    ) -> Outcome:
        replies, result = self._answer_replies(text, lang)
        sources = (
            tuple(dict.fromkeys((*ctx.sources, *result.sources)))
            if isinstance(result, Answer | Suggestions)
            else ctx.sources
        )
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
            if f.text is None:
                continue
            try:
                out.append(prepare_log(f.name, f.text, max_bytes=self.max_log_bytes))
            except FieldValueError as exc:
                # One unreadable file must not cost the message: the adapter has already
                # told the person (it decodes by the same rule); the text still counts.
                log.warning("log file %r of %r skipped: %s", f.name[:200], turn.thread, exc.hint)
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


def _storable(turn: Turn) -> Turn:
    """``turn`` made safe to store and to show (``bot.clean``): no NUL or other control
    characters (PostgreSQL refuses NUL), no bidi overrides or hiding zero-width characters,
    no lone surrogates; in the text, the file names and the files' text alike."""
    files = tuple(
        replace(f, name=clean_name(f.name), text=None if f.text is None else clean_text(f.text))
        for f in turn.files
    )
    return replace(
        turn,
        thread=clean_text(turn.thread),
        user=clean_text(turn.user),
        text=clean_text(turn.text),
        files=files,
        action=turn.action and clean_text(turn.action),
        event_id=turn.event_id and clean_text(turn.event_id),
    )


# Where a stranger's question gets an answer of its own (the thread is not theirs to steer).
_ANSWERABLE = frozenset({State.ANSWERED, State.RESOLVED, State.CLOSED})


def _stranger(conv: Conversation, turn: Turn) -> bool:
    """Whether ``turn`` comes from someone who may not drive ``conv``: not its requester
    and not a support engineer."""
    return bool(conv.requester) and turn.user != conv.requester and not turn.by_engineer


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
