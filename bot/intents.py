"""Short messages that steer the conversation instead of asking something new."""

from __future__ import annotations

import re

_HUMAN = re.compile(
    r"\b(talk to (a )?(human|person|engineer)|human|real person|support engineer|open (a )?ticket|"
    r"file (a )?ticket|escalate|(did ?n[o']?t|does ?n[o']?t|not) (help|work|solve)|still (fails?|broken|"
    r"not working|doesn'?t work)|not helpful|need help)\b"
    r"|转人工|人工|工程师|提工单|提交工单|开工单|没用|没有用|没帮助|没有帮助|没解决|没有解决|不行|还是不行|还是有问题",
    re.IGNORECASE,
)
_SOLVED = re.compile(
    r"\b(thanks?|thank you|thx|solved|fixed|resolved|works now|it works|that worked|that helped|"
    r"got it|perfect)\b|谢谢|多谢|感谢|解决了|已解决|好了|可以了|搞定",
    re.IGNORECASE,
)


def wants_human(text: str) -> bool:
    """The developer asks for a person or says the answer did not help.

    >>> wants_human("that didn't help"), wants_human("转人工"), wants_human("How do I send images?")
    (True, True, False)
    """
    return bool(_HUMAN.search(text))


def is_solved(text: str) -> bool:
    """A short thank-you or "solved" (not a thank-you followed by a new problem).

    >>> is_solved("thanks, that worked!"), is_solved("解决了"), is_solved("thanks but it still fails")
    (True, True, False)
    """
    short = len(text.split()) <= 8 and len(text) <= 40
    return short and bool(_SOLVED.search(text)) and not wants_human(text) and "?" not in text
