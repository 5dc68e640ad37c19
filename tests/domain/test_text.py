"""Text made safe to show: what reaches the terminal of a name, a note, a line of ``due``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.text import REPLACEMENT, printable

# Characters a terminal could act on, mixed with plain ones: escapes, line breaks of every
# kind, tabs, direction marks, an emoji joiner, a lone surrogate.
_TRICKY = st.sampled_from(["\n", "\r", "\t", "\x1b", "\x07", "\x85", "\u2028", "\u202e",
                           "\u200d", "\ud800", " ", "a", "é", "·", "[b]"])
TEXTS = st.lists(_TRICKY | st.text(max_size=3), max_size=12).map("".join)


def shown_char_by_char(text: str, lines: bool) -> str:
    """The rule, one character at a time."""
    out = []
    for ch in text:
        if ch.isprintable() or ch in " \u200d" or (ch == "\n" and lines):
            out.append(ch)
        elif ch in "\t\n\r" or ch.isspace():
            out.append(" ")
        else:
            out.append(REPLACEMENT)
    return "".join(out)


@given(TEXTS, st.booleans())
def test_every_text_is_shown_by_the_rule(text: str, lines: bool) -> None:
    assert printable(text, lines=lines) == shown_char_by_char(text, lines)


def test_many_printable_lines_come_back_as_they_are() -> None:
    due = "\n".join(f"Habit {n} · 1 to go" for n in range(200))
    assert printable(due, lines=True) is due
    assert printable(due) == due.replace("\n", " ")


def test_an_escape_among_lines_is_replaced_and_the_lines_kept() -> None:
    assert printable("Walk · done\n\x1b]0;owned\x07Call · 1 to go", lines=True) == (
        f"Walk · done\n{REPLACEMENT}]0;owned{REPLACEMENT}Call · 1 to go")
    assert printable("a\r\nb", lines=True) == "a \nb"
