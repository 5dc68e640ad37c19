"""Today's list: one line a habit, each line's text worked out only when it is drawn.

An ``OptionList`` asks every option its height whenever its caches are cleared (when it is
laid out, resized, focused, refilled): for rich text that means wrapping each row, so with
hundreds of habits the list cost more than everything else on the screen. A ``HabitLine``
is always one line (the rows are laid out to fit, and the list never wraps: see
styles/today.tcss), so its height costs nothing and its text is made the first time the row
scrolls into view (or is read), not for every habit at once.

Light on purpose: Today's screen imports this before its first frame, and the domain and
the row layout load with the data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList

if TYPE_CHECKING:
    from rich.text import Text

    from ...domain import HabitReport
    from ..rows import RowLayout


class HabitLine(Visual):
    """One habit's row of the Today list (see ``tracker.ui.rows.habit_row``): never
    wrapped, never read as markup, made when first drawn."""

    def __init__(self, report: HabitReport, layout: RowLayout, *, ascii_only: bool) -> None:
        self.report, self.layout, self.ascii_only = report, layout, ascii_only
        self._text: Text | None = None
        self._content: Content | None = None

    @property
    def text(self) -> Text:
        """The row as Rich ``Text`` (user text in it is literal)."""
        if self._text is None:
            from ..rows import habit_row

            self._text = habit_row(self.report, self.layout, ascii_only=self.ascii_only)
        return self._text

    @property
    def plain(self) -> str:
        return self.text.plain

    def __str__(self) -> str:
        return self.plain

    def _drawn(self) -> Content:
        if self._content is None:
            self._content = Content.from_rich_text(self.text)
        return self._content

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self._drawn().render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._drawn().get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1  # laid out to fit, and cut (never wrapped) should the width fall short


class TodayList(OptionList):
    """Today's habits: a click moves the cursor, and a click on the mark ticks."""

    MARK_CELLS = 6  # the border, the padding and " ✓✎ " (see tracker.ui.rows)

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # OptionList's own click selects wherever it lands
        clicked: int | None = event.style.meta.get("option")
        if clicked is None or self.get_option_at_index(clicked).disabled:
            return
        self.highlighted = clicked
        if event.x < self.MARK_CELLS:
            self.action_select()
