"""Every reply renders to blocks Slack accepts, with a fallback text, and hostile text is inert."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.replies import (
    AnswerReply,
    NotFoundReply,
    PromptReply,
    Reply,
    StatusChangedReply,
    TextReply,
    TicketCreatedReply,
)
from bot.slack.limits import MAX_BLOCKS, MAX_MESSAGE_TEXT, MAX_SECTION, block_text
from bot.slack.render import render, ticket_card
from intake.types import Category, Impact, Prompt, TicketDraft
from retrieval.types import Answer
from tests.bot.slack.fakes import NOW, answer_outcome, hit, make_ticket

HOSTILE = "<!channel> <@U0BOSS> <http://evil.example|docs.example.com> & @here"
DRAFT = TicketDraft(Category.MESSAGE_DELIVERY, {"platform": "android"}, Impact(production=True))


def every_reply(text: str) -> list[Reply]:
    return [
        answer_outcome(text, text=text).replies[0],
        NotFoundReply(text, (hit(text, title=text),), "en"),
        PromptReply(
            Prompt(
                text, asking=("platform",), choices=(text, "iOS"), understood=(("symptom", text),)
            )
        ),
        TextReply(text),
        TicketCreatedReply("SUP-1001", "P1", text, NOW + timedelta(hours=4), DRAFT),
        StatusChangedReply("SUP-1001", "resolved", "U0ENGINEER", note=text),
    ]


def section_texts(blocks: tuple[dict[str, Any], ...]) -> list[str]:
    out = []
    for block in blocks:
        if block["type"] in ("section", "context"):
            if "text" in block:
                out.append(block["text"]["text"])
            out += [
                f["text"]
                for f in block.get("fields", []) + block.get("elements", [])
                if "text" in f
            ]
    return out


@pytest.mark.parametrize("reply", every_reply(HOSTILE), ids=lambda r: type(r).__name__)
def test_hostile_text_is_escaped_everywhere(reply: Reply) -> None:
    message = render(reply)

    shown = " ".join([message.text, *section_texts(message.blocks)])
    assert "<!channel>" not in shown and "<http://evil" not in shown and "<@U0BOSS>" not in shown
    assert "&lt;!channel&gt;" in shown or "&lt;!channel&gt;" in message.text


def many_understood(text: str) -> Reply:
    return PromptReply(
        Prompt(
            text,
            asking=("platform",),
            choices=tuple(f"{text}{n}" for n in range(10)),
            understood=tuple((f"field_{n}", text) for n in range(20)),
        )
    )


@pytest.mark.parametrize(
    "reply", [*every_reply("x" * 20_000), many_understood("y" * 3000)], ids=lambda r: type(r).__name__
)
def test_huge_text_fits_slack_limits(reply: Reply) -> None:
    message = render(reply)

    assert message.text
    assert len(message.blocks) <= MAX_BLOCKS
    assert block_text(message.blocks) <= MAX_MESSAGE_TEXT  # Slack: msg_blocks_too_long
    for block in message.blocks:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= MAX_SECTION
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75 and len(element["value"]) <= 2000


def test_answer_quotes_the_passage_and_links_the_source() -> None:
    message = render(
        answer_outcome("q", text="Call sendImage(file).\nIt returns a message id.").replies[0]
    )

    passage = message.blocks[1]["text"]["text"]
    assert passage.startswith("*<https://docs.example.com/send#images|Messages › Send images>*")
    assert "&gt; Call sendImage(file).\n&gt; It returns a message id." in passage
    assert "Sources:" in str(message.blocks)


def test_not_found_is_honest_and_offers_a_human() -> None:
    message = render(NotFoundReply("how to fly?", (hit("Related text", title="Flying"),), "en"))

    assert "could not find this in the docs" in message.text
    assert "Flying" in str(message.blocks)
    assert [e["action_id"] for e in message.blocks[-1]["elements"]] == ["answer_human"]


def test_ticket_created_shows_id_priority_and_target_time() -> None:
    due = NOW + timedelta(hours=4)
    message = render(
        TicketCreatedReply("SUP-1042", "P1", "Production down for some users.", due, DRAFT)
    )

    assert "SUP-1042" in message.text and "P1" in message.text
    assert f"<!date^{int(due.timestamp())}^" in str(message.blocks)  # in each reader's time zone


def test_chinese_replies_get_chinese_buttons() -> None:
    message = render(AnswerReply(Answer("怎么发图片", (hit("调用 sendImage"),), 0.9), "zh"))

    assert [e["text"]["text"] for e in message.blocks[-1]["elements"]] == ["已解决", "转人工"]


def test_a_prompt_shows_at_most_ten_quick_answers() -> None:
    choices = tuple(f"option {i}" for i in range(30))
    message = render(PromptReply(Prompt("Pick one", choices=choices)))

    [actions] = [b for b in message.blocks if b["type"] == "actions"]
    assert len(actions["elements"]) == 10


def test_the_ticket_card_has_claim_and_status_controls() -> None:
    message = ticket_card(make_ticket())

    ids = [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert ids == ["ticket_claim", "ticket_status"]
    assert "SUP-1001" in message.text


@pytest.mark.parametrize("reply", every_reply("invoice\u202egnp.exe \u2066x\u2069"), ids=lambda r: type(r).__name__)
def test_bidi_overrides_never_reach_slack(reply: Reply) -> None:
    message = render(reply)
    shown = json.dumps([message.text, _texts(list(message.blocks))], ensure_ascii=False)  # not values
    assert not set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") & set(shown)


def test_bidi_overrides_never_reach_a_ticket_card() -> None:
    ticket = make_ticket(summary="crash on \u202egnp.exe upload")
    card = ticket_card(ticket)
    shown = json.dumps([card.text, list(card.blocks)], ensure_ascii=False)
    assert "\u202e" not in shown and "gnp.exe" in shown


def _texts(value: Any) -> list[str]:
    """Every ``"text"`` string in blocks: what people see (button values are not shown)."""
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == "text" and isinstance(v, str)] + [
            t for k, v in value.items() if k != "text" or not isinstance(v, str) for t in _texts(v)
        ]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []
