"""What people send, made safe to store and to show, at the one boundary every adapter crosses.

Removed from every text a turn carries (message, file name, file text, form fields):

* NUL and the other C0/C1 control characters except tab and newline (a CR becomes a
  newline). PostgreSQL refuses NUL in text, so one NUL used to make a ticket impossible
  to file; the rest are invisible, or move a terminal's cursor when a log is read.
* ANSI colour codes in logs (``ESC [ 31 m``) as a whole, so no ``[31m`` is left behind.
* Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069): ``"\\u202egnp.exe"``
  would read as "exe.png" on a ticket card.
* Zero-width characters that only hide things: U+200B, U+2060, U+FEFF, U+180E.
  ZWJ/ZWNJ (U+200D/U+200C) stay: emoji sequences and several scripts need them.
* Lone surrogates (half an emoji escaped in JSON) become U+FFFD: no database stores them.

Example:
    >>> clean_text("ok\\x00 \\u202egnp.exe\\r\\n\\x1b[31mred\\x1b[0m \\u200bdone")
    'ok gnp.exe\\nred done'
    >>> clean_name("report\\n\\u202e.log")
    'report .log'
"""

from __future__ import annotations

import re

__all__ = ["clean_name", "clean_text"]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_NEWLINES = re.compile(r"\r\n?")
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # control characters but tab (09) and newline (0a)
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides, isolates
    "\u200b\u2060\ufeff\u180e]"  # zero-width space, word joiner, BOM, Mongolian vowel separator
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[\t\n]+")


def clean_text(text: str) -> str:
    """``text`` without the characters above; tabs and newlines stay."""
    if text.isascii() and text.isprintable():
        return text  # the common case, no copy
    text = _SURROGATE.sub("\ufffd", text)
    text = _NEWLINES.sub("\n", _ANSI.sub("", text))
    return _HIDDEN.sub("", text)


def clean_name(name: str) -> str:
    """A file name as one line: :func:`clean_text`, then tabs and newlines become a space."""
    return _SPACES.sub(" ", clean_text(name)).strip()
