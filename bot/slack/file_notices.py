"""Why attached files were not read: one notice per message, however many files.

One refused file gets its own sentence (``file_type``, ``file_too_big``, …). Several get
one combined notice: how many, then per reason the first few names and a count, so thirty
screenshots are one short message instead of thirty.

Example:
    >>> shots = [Refusal(f"shot{n}.png", "file_type", (("kind", "PNG"),)) for n in range(30)]
    >>> print(combined(shots, "en").text)  # doctest: +NORMALIZE_WHITESPACE
    I can't read 30 of the attached files:
    • `shot0.png`, `shot1.png`, `shot2.png`, `shot3.png`, `shot4.png` and 25 more: I read text
    logs only (.log, .txt, .json); please attach logs as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.slack.mrkdwn import Mrkdwn, escape
from bot.slack.render import Message, notice
from bot.slack.words import words

__all__ = ["Refusal", "combined"]

NAMES_SHOWN = 5  # per reason, in a combined notice


@dataclass(frozen=True, slots=True)
class Refusal:
    """A file not read: its name, the ``words`` key of the reason, and the reason's values."""

    name: str
    key: str
    values: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str) -> Message:
        return notice(self.key, lang, name=self.name, **dict(self.values))


def combined(refusals: Sequence[Refusal], lang: str) -> Message | None:
    """The one notice for ``refusals`` (``None`` when there are none)."""
    if not refusals:
        return None
    if len(refusals) == 1:
        return refusals[0].message(lang)
    w = words(lang)
    by_reason: dict[str, list[Refusal]] = {}
    for refusal in refusals:
        by_reason.setdefault(refusal.key, []).append(refusal)
    lines = []
    for key, group in by_reason.items():
        names = ", ".join(f"`{escape(r.name[:100])}`" for r in group[:NAMES_SHOWN])
        more = len(group) - NAMES_SHOWN
        if more > 0:
            names += w["and_more"].format(n=more)
        why = w["why_" + key].format(**{k: escape(v) for k, v in group[0].values})
        lines.append(f"• {names}: {why}")
    return notice("files_refused", lang, n=str(len(refusals)), lines=Mrkdwn("\n".join(lines)))
