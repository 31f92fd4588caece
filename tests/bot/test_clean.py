"""Text made safe at the boundary: what is removed, what must stay (property-based)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.clean import clean_name, clean_text

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\ud800-\udfff]")


@given(st.text(st.characters(exclude_categories=())))
def test_nothing_forbidden_survives_and_cleaning_twice_changes_nothing(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # storable: no lone surrogates


@given(st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\u180e")))
def test_ordinary_text_of_any_script_is_kept_as_it_is(text: str) -> None:
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("crash\x00 on login", "crash on login"),
        ("line one\r\nline two\rthree", "line one\nline two\nthree"),
        ("\x1b[31mE/Nimbus\x1b[0m: failed", "E/Nimbus: failed"),
        ("invoice\u202egnp.exe", "invoicegnp.exe"),
        ("pass\u200bword", "password"),
        ("👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"),  # ZWJ sequences stay
        ("col1\tcol2", "col1\tcol2"),
    ],
)
def test_examples(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_a_file_name_is_one_line() -> None:
    assert clean_name("app\n.log\t") == "app .log"
