"""The ticket card in Slack Block Kit, and the mrkdwn escaping it relies on."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.slack.mrkdwn import clip, escape
from bot.slack.ticket_card import ticket_blocks, ticket_fallback_text
from intake.types import Category, LogAttachment, Status
from tests.intake.tickets.examples import HOSTILE, make_ticket

# The only "<…>" a card may contain: a date, a mention of a real user id, a safe link.
OUR_MARKUP = re.compile(r"<(!date\^\d+\^[^|>]+\|[^>]+|@U0REQUEST|https://[^|<>\s]+(\|[^<>]*)?)>")




def all_texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every string a Slack client would display or send back."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"text", "value"} and isinstance(value, str):
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


def assert_within_slack_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
        if block["type"] == "actions":
            for element in block["elements"]:
                if element["type"] == "button":
                    assert len(element["text"]["text"]) <= 75
                    assert len(element["value"]) <= 2000
                for option in element.get("options", []):
                    assert len(option["text"]["text"]) <= 75
                    assert len(option["value"]) <= 150


# --- Slack Block Kit --------------------------------------------------------------------


def test_the_card_shows_the_ticket_and_offers_claim_and_status() -> None:
    blocks = ticket_blocks(make_ticket())

    assert blocks[0] == {
        "type": "header",
        "text": {
            "type": "plain_text",
            "text": "SUP-1042 · P1 · iOS client keeps disconnecting after 5.2.1",
            "emoji": True,
        },
    }
    overview = blocks[1]["text"]["text"]
    assert "*Priority:* P1 — production app, some users, no workaround" in overview
    assert "<!date^1741006800^{date_short_pretty} {time}|2025-03-03 13:00 UTC>" in overview
    fields = [f["text"] for b in blocks for f in b.get("fields", [])]
    assert "*SDK version*\n5.2.1" in fields
    assert "*carrier*\nChina Mobile" in fields
    texts = all_texts(blocks)
    assert any("```1. log in\n2. background the app" in t for t in texts)
    assert any("`sdk.log` 3.0 MB (truncated)" in t for t in texts)
    assert "<https://example.slack.com/archives/C1/p1700000000000100|Open thread>" in texts
    assert "Requester: <@U0REQUEST>" in texts

    actions = blocks[-1]
    assert actions["type"] == "actions"
    claim, status = actions["elements"]
    assert (claim["action_id"], claim["value"], claim["text"]["text"]) == (
        "ticket_claim",
        "SUP-1042",
        "Claim",
    )
    assert status["action_id"] == "ticket_status"
    assert [o["value"] for o in status["options"]] == [
        "SUP-1042:in_progress",
        "SUP-1042:waiting_on_customer",
        "SUP-1042:resolved",
        "SUP-1042:closed",
    ]
    assert "initial_option" not in status
    assert_within_slack_limits(blocks)


def test_an_owned_ticket_has_no_claim_button_and_shows_its_status() -> None:
    blocks = ticket_blocks(
        make_ticket(status=Status.WAITING_ON_CUSTOMER, assignee="U0ALICE"), lang="zh"
    )
    assert "*负责人:* <@U0ALICE>" in blocks[1]["text"]["text"]
    [select] = blocks[-1]["elements"]
    assert select["initial_option"] == {
        "text": {"type": "plain_text", "text": "等待客户回复"},
        "value": "SUP-1042:waiting_on_customer",
    }
    assert select["placeholder"]["text"] == "设置状态"


def test_a_card_without_actions_for_read_only_places() -> None:
    blocks = ticket_blocks(make_ticket(), actions=False)
    assert all(b["type"] != "actions" for b in blocks)
    assert blocks[-1]["type"] == "context"


def test_hostile_user_text_cannot_ping_or_disguise_links() -> None:
    ticket = make_ticket(
        summary=HOSTILE,
        question=HOSTILE,
        requester="<!everyone>",
        fields={"symptom": HOSTILE, "platform": HOSTILE, "repro_steps": HOSTILE},
        logs=(LogAttachment(name=HOSTILE, text=""),),
        docs_shown=("https://ok.example/a?b=1&c=2", "<http://evil.example|docs>"),
        thread_url="https://evil.example|Open <!channel>",
    )
    blocks = ticket_blocks(ticket)
    serialized = json.dumps(blocks)
    for raw in ["<!channel>", "<!everyone>", "<http://evil", "<@U0ADMIN>", "@here"]:
        assert raw not in serialized
    assert "&lt;!channel&gt;" in blocks[0]["text"]["text"]
    for text in all_texts(blocks):
        for tag in re.findall(r"<[^>]*>?", text):
            assert OUR_MARKUP.fullmatch(tag), tag
    assert "<https://ok.example/a?b=1&amp;c=2>" in serialized
    [steps] = [t for t in all_texts(blocks) if t.startswith("*Steps to reproduce*")]
    assert steps.count("```") == 2  # only our own fence: the user's ``` cannot end it


def test_giant_tickets_still_fit_slack_limits() -> None:
    huge = "& " * 60_000
    ticket = make_ticket(
        summary="S" * 10_000,
        priority_reason="R" * 5_000,
        question=huge,
        fields={f"extra_{n}": f"value {n} " * 300 for n in range(600)}
        | {"symptom": huge, "repro_steps": huge, "platform": "P" * 5000},
        logs=tuple(
            LogAttachment(name=f"log{n}.txt" * 40, text="x", original_bytes=n) for n in range(300)
        ),
        docs_shown=tuple(f"https://docs.example.test/page/{n}" * 20 for n in range(300)),
        requester="R" * 5_000,
        assignee="A" * 5_000,
    )
    blocks = ticket_blocks(ticket)

    assert_within_slack_limits(blocks)
    assert blocks[-1]["type"] == "actions"  # the controls survive the cut
    assert blocks[0]["text"]["text"].endswith("…")
    fields = [f["text"] for b in blocks for f in b.get("fields", [])]
    assert fields[-1].startswith("… +")  # says how many fields were left out
    for text in all_texts(blocks):
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), "an entity was cut in half"
    json.dumps(blocks)


def test_fallback_text_names_the_ticket_and_is_escaped() -> None:
    text = ticket_fallback_text(make_ticket(summary="Crash <!here> & more" + "x" * 1000))
    assert text.startswith("New ticket SUP-1042 [P1] Crash &lt;!here&gt; &amp; more")
    assert text.endswith("— Response due 2025-03-03 13:00 UTC")
    assert len(text) < 300


# --- escaping helpers -------------------------------------------------------------------


def test_escape_turns_markup_into_text() -> None:
    assert escape("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d"
    assert escape("@channel hi") == "@\u2060channel hi"
    assert "```" not in escape("````")


@given(st.text(alphabet="ab&<>|@!` \n", max_size=300), st.integers(min_value=1, max_value=200))
def test_clip_never_breaks_an_entity_and_respects_the_limit(text: str, limit: int) -> None:
    cut = clip(escape(text), limit)
    assert len(cut) <= limit
    assert not re.search(r"&(?!amp;|lt;|gt;)", cut)
    assert "<" not in cut


def test_clip_keeps_links_whole() -> None:
    assert clip("see <https://a.example/x|docs> now", 20) == "see …"
    assert clip("short", 10) == "short"


def test_every_status_and_category_has_a_label_on_the_card() -> None:
    for status in Status:
        for category in Category:
            for lang in ("en", "zh"):
                ticket = make_ticket(status=status, category=category)
                assert ticket_blocks(replace(ticket, assignee="U0ALICE"), lang=lang)
