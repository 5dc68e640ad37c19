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


@given(TEXTS)
def test_lines_are_each_shown_as_plain_text_is(text: str) -> None:
    """Keeping line breaks changes nothing else: each line is shown as it would be alone."""
    assert printable(text, lines=True) == "\n".join(printable(line) for line in text.split("\n"))


@given(TEXTS, st.booleans())
def test_nothing_a_terminal_acts_on_is_left(text: str, lines: bool) -> None:
    shown = printable(text, lines=lines)
    assert all(ch.isprintable() or ch in " \u200d" or (lines and ch == "\n") for ch in shown)
    assert len(shown) == len(text)  # one character for one: nothing dropped


def test_many_printable_lines_come_back_as_they_are() -> None:
    due = "\n".join(f"Habit {n} · 1 to go" for n in range(200))
    assert printable(due, lines=True) is due
    assert printable(due) == due.replace("\n", " ")


def test_an_escape_among_lines_is_replaced_and_the_lines_kept() -> None:
    assert printable("Walk · done\n\x1b]0;owned\x07Call · 1 to go", lines=True) == (
        f"Walk · done\n{REPLACEMENT}]0;owned{REPLACEMENT}Call · 1 to go")
    assert printable("a\r\nb", lines=True) == "a \nb"
