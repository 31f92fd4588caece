"""``supportbot chat``: the bot in the terminal, on the same router and database as Slack.

The thread is ``console:<name>`` (default: your user name), so quitting in the
middle of an intake and starting again resumes at the same question.

A pasted multi-line report (an issue template, a log) is one message: lines that arrive
together in the terminal are joined. To type a multi-line message by hand, or to send
one from a script, put it between two lines holding only three double quotes.
"""

from __future__ import annotations

import asyncio
import getpass
import select
import sys
import uuid
from collections.abc import Callable

from bot.conversation import ConversationRouter
from bot.render_text import render_text
from bot.replies import Outcome, Turn

HELP = """Type your question (a pasted multi-line report is one message; or wrap lines in \"\"\"). Commands:
  /solved   the answer solved it        /human   talk to a support engineer
  /new      start a new conversation    /quit    leave (you can come back and continue)"""
BLOCK = '"""'


def pasted_more() -> bool:
    """True when more typed or pasted input is already waiting (a paste arrives all at once)."""
    if not sys.stdin.isatty():
        return False  # a script's lines are separate messages unless wrapped in triple quotes
    ready, _, _ = select.select([sys.stdin], [], [], 0.05)
    return bool(ready)

ACTIONS = {"/solved": "solved", "/human": "human"}


class ConsoleChat:
    """A read-eval-print loop over the router; input and output are injectable for tests."""

    def __init__(
        self,
        router: ConversationRouter,
        *,
        thread: str | None = None,
        user: str | None = None,
        read: Callable[[str], str] = input,
        write: Callable[[str], None] = print,
        more_waiting: Callable[[], bool] = pasted_more,
    ) -> None:
        self.router = router
        self.user = user or getpass.getuser()
        self.thread = thread or f"console:{self.user}"
        self.read = read
        self.write = write
        self.more_waiting = more_waiting

    def read_message(self) -> str:
        """One message: a line, every line of a paste, or a block wrapped in triple quotes.

        Raises:
            EOFError: the input ended (a block left open is sent as it is).
        """
        first = self.read("you> ")
        if first.strip() == BLOCK:
            lines: list[str] = []
            while True:
                try:
                    line = self.read("... ")
                except EOFError:
                    break
                if line.strip() == BLOCK:
                    break
                lines.append(line)
            return "\n".join(lines)
        lines = [first]
        while self.more_waiting():
            try:
                lines.append(self.read(""))
            except EOFError:
                break
        return "\n".join(lines)

    def resume_hint(self) -> str | None:
        conv = self.router.conversations.get(self.thread)
        if conv is None or conv.state in ("NEW", "ANSWERED", "RESOLVED", "CLOSED"):
            return None
        return f"(Resuming your conversation in {self.thread}: state {conv.state}. Type /new to start over.)"

    def send(self, text: str) -> Outcome:
        action = ACTIONS.get(text.strip().lower())
        turn = Turn(
            thread=self.thread,
            user=self.user,
            text="" if action else text,
            action=action,
            event_id=f"console-{uuid.uuid4()}",
        )
        outcome = asyncio.run(self.router.handle(turn))
        for reply in outcome.replies:
            self.write(render_text(reply))
            self.write("")
        return outcome

    def run(self) -> int:
        self.write(HELP)
        hint = self.resume_hint()
        if hint:
            self.write(hint)
        self.write("")
        while True:
            try:
                line = self.read_message().strip()
            except EOFError:
                return 0
            if not line:
                continue
            if line in ("/quit", "/exit"):
                return 0
            if line == "/new":
                self.thread = f"console:{self.user}:{uuid.uuid4().hex[:8]}"
                self.write(f"New conversation ({self.thread}).\n")
                continue
            if line == "/help":
                self.write(HELP)
                continue
            self.send(line)
