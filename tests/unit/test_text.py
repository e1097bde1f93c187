"""The one text rule: only text every store and read model can keep reaches the log."""

from __future__ import annotations

import pytest

from domain import text
from domain.errors import InvalidInput
from domain.text import clean_text, require_text, text_fault

FORBIDDEN_EVERYWHERE = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\u202e", "\u2066",
                        "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", FORBIDDEN_EVERYWHERE)
@pytest.mark.parametrize("multiline", [False, True])
def test_control_surrogate_bidi_and_non_characters_are_refused(char: str, multiline: bool) -> None:
    with pytest.raises(InvalidInput) as refused:
        require_text(f"Tittel {char} her", "title", text.TITLE, multiline=multiline)
    assert refused.value.field == "title" and f"U+{ord(char):04X}" in refused.value.message


@pytest.mark.parametrize("char", ["\n", "\r", "\t"])
def test_a_single_line_text_refuses_line_breaks_and_tabs_a_multi_line_text_keeps_them(char: str) -> None:
    assert text_fault(f"a{char}b", multiline=False) is not None
    assert (text_fault(f"a{char}b", multiline=True) is None) == (char != "\r")


def test_a_multi_line_text_keeps_newlines_and_tabs_and_turns_crlf_into_lf() -> None:
    assert require_text("Første linje\r\n\tandre linje\n", "reason", text.REASON, multiline=True) == \
        "Første linje\n\tandre linje"
    with pytest.raises(InvalidInput):
        clean_text("lone\rcarriage return", "reason", multiline=True)


def test_ordinary_norwegian_text_with_emoji_and_other_scripts_is_kept() -> None:
    value = "Tilskudd til Sámi-helse – «samhandling» € 👩‍⚕️ עברית"
    assert require_text(value, "title", text.TITLE) == value


def test_limits_are_counted_in_characters() -> None:
    assert require_text("æ" * text.TITLE, "title", text.TITLE) == "æ" * text.TITLE
    with pytest.raises(InvalidInput, match="at most 300"):
        require_text("æ" * (text.TITLE + 1), "title", text.TITLE)
