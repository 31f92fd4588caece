"""Every scripted intake conversation ends as expected, survives restarts, files complete tickets.

The scripts live in ``tests/data/intake_conversations.jsonl`` (see ``bench.intake_bench`` for the format).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.intake_bench import Turn, play
from intake.dialog import Cancelled, DialogState, Filed, current_prompt, start, step
from intake.dialog.fields import missing_required
from intake.types import LogAttachment, Prompt

SCRIPTS = Path(__file__).resolve().parents[1] / "data" / "intake_conversations.jsonl"
CONVERSATIONS: list[dict[str, Any]] = [
    json.loads(line) for line in SCRIPTS.read_text(encoding="utf-8").splitlines() if line.strip()
]


def turns_of(conv: dict[str, Any]) -> list[Turn]:
    out = []
    for t in conv["turns"]:
        if isinstance(t, str):
            out.append(Turn(t))
        else:
            out.append(
                Turn(
                    t.get("text", ""),
                    tuple(LogAttachment(lg["name"], lg["text"]) for lg in t.get("logs", [])),
                )
            )
    return out


def test_the_scripts_cover_what_the_intake_must_handle() -> None:
    ids = " ".join(c["id"] for c in CONVERSATIONS)
    assert len(CONVERSATIONS) >= 12
    for topic in (
        "happy_path",
        "everything_up_front",
        "corrections",
        "cancel",
        "vague_refused",
        "out_of_scope",
        "chinese",
        "back",
        "skip",
    ):
        assert topic in ids, topic
    assert {c["expect"] for c in CONVERSATIONS} == {"filed", "cancelled", "refused_vague"}


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_conversation_ends_as_expected(conv: dict[str, Any]) -> None:
    played = play(turns_of(conv))
    assert played.outcome == conv["expect"]
    assert played.complete, "a filed draft lacks a required field"
    if conv.get("max_turns_to_ticket") is not None:
        assert played.turns_to_ticket is not None and played.turns_to_ticket <= conv["max_turns_to_ticket"]
    # never ask again what the first message already said
    assert not [f for f in played.asked if f in conv.get("given", [])]
    if conv.get("priority"):  # the documented table (docs/priority.md) decides
        assert played.priority == conv["priority"]


def test_everything_up_front_costs_at_most_two_more_answers() -> None:
    up_front = [c for c in CONVERSATIONS if "everything_up_front" in c["id"]]
    assert {c["lang"] for c in up_front} == {"en", "zh"}
    for conv in up_front:
        played = play(turns_of(conv))
        assert played.outcome == "filed" and played.turns_to_ticket is not None and played.turns_to_ticket <= 2


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_a_restart_at_every_turn_resumes_at_the_same_question(conv: dict[str, Any]) -> None:
    """Serialize the state after each turn, rebuild it as a fresh process would, and carry on."""
    turns = turns_of(conv)
    live, live_step = start(turns[0].text, logs=turns[0].logs)
    stored = live.to_json()
    for t in turns[1:]:
        if not isinstance(live_step, Prompt):
            break
        rebuilt = DialogState.from_json(stored)
        assert rebuilt == live
        assert current_prompt(rebuilt).asking == live_step.asking  # the same pending question
        live, live_step = step(live, t.text, logs=t.logs)
        resumed, resumed_step = step(rebuilt, t.text, logs=t.logs)
        assert resumed == live and resumed_step == live_step
        stored = resumed.to_json()


def test_every_filed_draft_has_every_required_field() -> None:
    filed = 0
    for conv in CONVERSATIONS:
        turns = turns_of(conv)
        state, s = start(turns[0].text, logs=turns[0].logs)
        for t in turns[1:]:
            if isinstance(s, Filed | Cancelled):
                break
            state, s = step(state, t.text, logs=t.logs)
        if isinstance(s, Filed):
            filed += 1
            d = s.draft
            assert (
                missing_required(d.category, d.fields, has_logs=bool(d.logs), impact=d.impact) == ()
            ), conv["id"]
            assert d.summary and d.question
    assert filed >= 8
