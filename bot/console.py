"""``supportbot chat``: the bot in the terminal, on the same router and database as Slack.

The thread is ``console:<name>`` (default: your user name), so quitting in the
middle of an intake and starting again resumes at the same question.
"""

from __future__ import annotations

import asyncio
import getpass
import uuid
from collections.abc import Callable

from bot.conversation import ConversationRouter
from bot.render_text import render_text
from bot.replies import Outcome, Turn

HELP = """Type your question. Commands:
  /solved   the answer solved it        /human   talk to a support engineer
  /new      start a new conversation    /quit    leave (you can come back and continue)"""

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
    ) -> None:
        self.router = router
        self.user = user or getpass.getuser()
        self.thread = thread or f"console:{self.user}"
        self.read = read
        self.write = write

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
                line = self.read("you> ").strip()
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
