"""Widgets that say their state in marks, not colour, and draw in ASCII with plain marks on.

Textual's RadioButton, Checkbox and SelectionList draw the same ``▐X▌`` whether picked
or not (only its colour changes); here a picked one shows ``●``/``✓`` and an unpicked one
a blank, and with plain marks ``(*)``/``[x]`` and ``( )``/``[ ]``. A Select's arrow
follows the setting too.

Each widget follows the app's ``ascii_only`` reactive, so switching plain marks in the
settings redraws whatever is on screen. The app's own part (borders, scrollbars, the
header, the keys' names) is in ``tracker/ui/plain_marks.py``.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, RadioButton, Select, SelectionList, Static
from textual.widgets._toggle_button import ToggleButton  # the base of both toggles
from textual.widgets.option_list import OptionDoesNotExist

from ..plain_marks import follow_marks

ValueType = TypeVar("ValueType")


class _MarkedToggle(ToggleButton):
    """A toggle that shows its state in its mark: blank when off. (Named after the widget
    it draws, ``class X(RadioButton, _MarkedToggle)``: Textual takes CSS type names from
    the first base, so RadioSet's rules for RadioButton still apply.)"""

    ON: ClassVar[str]  # the mark when on, in Unicode
    ASCII: ClassVar[tuple[str, str, str]]  # left, on, right: "(", "*", ")"

    _ascii = False

    def on_mount(self) -> None:
        follow_marks(self, self._use_marks)

    def _use_marks(self, ascii_only: bool) -> None:
        self._ascii = ascii_only
        self.refresh(layout=True)

    @property
    def _button(self) -> Content:
        """The mark, as ToggleButton draws it, but blank when off (its width never changes)."""
        button_style = self.get_visual_style("toggle--button")
        if self._ascii:
            left, on, right = self.ASCII
            mark = Style(foreground=button_style.foreground, bold=True)
            return Content.assemble(left, (on if self.value else " ", mark), right)
        side_style = Style(foreground=button_style.background,
                           background=self.background_colors[1])
        return Content.assemble((self.BUTTON_LEFT, side_style),
                                (self.ON if self.value else " ", button_style),
                                (self.BUTTON_RIGHT, side_style))


class MarkedRadioButton(RadioButton, _MarkedToggle):
    """A RadioButton: ``▐●▌`` chosen, ``▐ ▌`` not; ``(*)`` and ``( )`` in plain marks."""

    ON = "●"
    ASCII = ("(", "*", ")")


class MarkedCheckbox(Checkbox, _MarkedToggle):
    """A Checkbox: ``▐✓▌`` ticked, ``▐ ▌`` not; ``[x]`` and ``[ ]`` in plain marks."""

    ON = "✓"
    ASCII = ("[", "x", "]")


class MarkedSelectionList(SelectionList[ValueType]):
    """A SelectionList whose picked lines show ``▐✓▌`` (``[x]``) and the others a blank."""

    _ascii = False

    def on_mount(self) -> None:
        follow_marks(self, self._use_marks)

    def _use_marks(self, ascii_only: bool) -> None:
        self._ascii = ascii_only
        self.refresh()

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line  # below the last option: no button was drawn
        segments = list(line)
        if len(segments) < 4:
            return line
        (left, _, right, gap), rest = segments[:4], segments[4:]
        inner = segments[1]
        picked = selection.value in self.selected
        if self._ascii:
            mark = (inner.style or RichStyle()) + RichStyle(bold=True)
            button = [Segment("[", gap.style), Segment("x" if picked else " ", mark),
                      Segment("]", gap.style)]
        else:
            button = [left, Segment("✓" if picked else " ", inner.style), right]
        return Strip([*button, gap, *rest], line.cell_length)


class MarkedSelect(Select[ValueType]):
    """A Select whose arrow is ``v`` (``^`` when open) in plain marks."""

    ARROWS: ClassVar[dict[str, tuple[str, str]]] = {".down-arrow": ("▼", "v"),
                                                   ".up-arrow": ("▲", "^")}

    def on_mount(self) -> None:
        follow_marks(self, self._use_marks)

    def _use_marks(self, ascii_only: bool) -> None:
        for selector, (fancy, simple) in self.ARROWS.items():
            for arrow in self.query(selector).results(Static):
                arrow.update(simple if ascii_only else fancy)
