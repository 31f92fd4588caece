"""The terminal reads a pasted multi-line report as one message."""

from __future__ import annotations

from typing import cast

from bot.console import ConsoleChat
from bot.conversation import ConversationRouter

REPORT = ["[BUG] group messages fail", "", "### OpenIM SDK Version", "", "3.8.1", "### SDK Platform", "Flutter SDK"]


class Terminal:
    """Lines typed or pasted; ``burst`` lines arrive together (a paste), the rest one by one."""

    def __init__(self, bursts: list[list[str]]) -> None:
        self.bursts = [list(b) for b in bursts]

    def read(self, _prompt: str) -> str:
        while self.bursts and not self.bursts[0]:
            self.bursts.pop(0)
        if not self.bursts:
            raise EOFError
        return self.bursts[0].pop(0)

    def waiting(self) -> bool:
        return bool(self.bursts and self.bursts[0])


def _chat(term: Terminal) -> ConsoleChat:
    router = cast(ConversationRouter, object())  # reading input needs no router
    return ConsoleChat(router, user="dev", read=term.read, write=lambda _: None, more_waiting=term.waiting)


def test_a_pasted_report_is_one_message_and_the_next_line_another() -> None:
    term = Terminal([REPORT, ["confirm"]])
    chat = _chat(term)
    assert chat.read_message() == "\n".join(REPORT)
    assert chat.read_message() == "confirm"


def test_triple_quotes_wrap_a_typed_multi_line_message() -> None:
    term = Terminal([['"""'], ["first line"], [""], ["second line"], ['"""'], ["next"]])
    chat = _chat(term)
    assert chat.read_message() == "first line\n\nsecond line"
    assert chat.read_message() == "next"
