"""The trust loop drawn as four boxes in a row, joined by arrows, with the way back round.

The current stage has a heavy frame and says "you are here", so it stands out without
colour; stages already passed and stages ahead are told apart by colour and by the
"passed" line. Every number in it (habits per stage, the thresholds) comes from the domain.
"""

from __future__ import annotations

import textwrap

from ...glyphs import marks

from textual.content import Content
from textual.widget import Widget

from ...domain import Stage
from ...domain.loop import STAGE_THRESHOLDS
from ..views import stage_mark

ARROW = 2  # columns between two boxes
FRAMES = {  # top-left, top, top-right, side, bottom-left, bottom, bottom-right, joint
    "light": "╭─╮│╰─╯┬", "heavy": "┏━┓┃┗━┛┳",
    "light-ascii": "+-+|+-++", "heavy-ascii": "#=###=##",
}
STYLES = {"current": "bold $accent", "passed": "$success", "ahead": "$text-muted"}
WIDE = 30  # inner width from which each box also says what its stage means


def threshold_text(stage: Stage, room: int) -> list[str]:
    """What a stage asks, its numbers labelled: on one line where there is room."""
    if stage not in STAGE_THRESHOLDS:
        return ["where everyone starts" if room >= 21 else "the start"]
    score, days = STAGE_THRESHOLDS[stage]
    if room >= 28:
        return [f"score {score:.0%} · streak {days} days"]
    return [f"score {score:.0%}", f"{days}-day streak"]


class LoopDiagram(Widget):
    DEFAULT_CSS = """
    LoopDiagram {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: dict[Stage, int] = {stage: 0 for stage in Stage}
        self.current = Stage.CONSISTENCY
        self.ascii_only = False

    def show(self, counts: dict[Stage, int], current: Stage, ascii_only: bool = False) -> None:
        self.counts, self.current, self.ascii_only = dict(counts), current, ascii_only
        self.refresh(layout=True)

    # -- geometry --------------------------------------------------------------------
    @staticmethod
    def _box_width(width: int) -> int:
        return max(10, (width - 3 * ARROW) // 4)

    @classmethod
    def shows_meanings(cls, width: int) -> bool:
        """Whether boxes in a diagram ``width`` columns wide say what their stage means."""
        return cls._box_width(width) - 2 >= WIDE

    def _inside(self, stage: Stage, inner: int) -> list[str]:
        count = self.counts.get(stage, 0)
        label = f"{stage_mark(stage, self.ascii_only)} {stage.label}"
        lines = [label if len(label) <= inner else stage.label,
                 f"{count} habit{'s' * (count != 1)}" if count else "no habits",
                 *threshold_text(stage, inner)]
        if inner >= WIDE:
            lines.extend(textwrap.wrap(stage.meaning, inner - 2))
        return [marks(line, ascii_only=self.ascii_only) for line in lines]

    def _rows(self, inner: int) -> int:
        return max(len(self._inside(stage, inner)) for stage in Stage) + 1  # + "you are here"

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return self._rows(self._box_width(width) - 2) + 3  # frames and the way back

    # -- drawing ---------------------------------------------------------------------
    def render(self) -> Content:
        width = self.size.width
        box = self._box_width(width)
        inner, rows = box - 2, self._rows(box - 2)
        suffix = "-ascii" if self.ascii_only else ""
        lines: list[list[str | tuple[str, str]]] = [[] for _ in range(rows + 2)]
        for stage in Stage:
            kind = "current" if stage is self.current else "passed" if stage < self.current else "ahead"
            frame = FRAMES[("heavy" if kind == "current" else "light") + suffix]
            style = STYLES[kind]
            inside = self._inside(stage, inner)
            inside += [""] * (rows - 1 - len(inside))
            inside.append({"current": "you are here", "passed": "passed", "ahead": ""}[kind])
            joint = frame[7] if stage in (Stage.CONSISTENCY, Stage.TRUST) else frame[5]
            half = (box - 2 - 1) // 2
            lines[0].append((frame[0] + frame[1] * inner + frame[2], style))
            for row, text in enumerate(inside, start=1):
                text_style = (f"{style} bold" if row == 1 else style if row == rows
                              else STYLES["ahead"] if kind == "ahead" else "")
                lines[row].extend([(frame[3], style), (f"{text:^{inner}}"[:inner], text_style),
                                   (frame[3], style)])
            lines[rows + 1].append((frame[4] + frame[5] * half + joint
                                    + frame[5] * (inner - half - 1) + frame[6], style))
            if stage is not Stage.TRUST:
                middle = 2
                for row, line in enumerate(lines):
                    line.append(("->" if self.ascii_only else "─▶", "$primary")
                                if row == middle else " " * ARROW)
        back = self._way_back(box)
        return Content("\n").join([Content.assemble(*line) for line in lines] + [back])

    def _way_back(self, box: int) -> Content:
        """From trust back to consistency: the loop goes round, one kept promise at a time."""
        start = 1 + (box - 2 - 1) // 2
        end = 3 * (box + ARROW) + start
        span = end - start - 1
        arrow = "<" if self.ascii_only else "◀"
        dash, left, right = ("-", "+", "+") if self.ascii_only else ("─", "╰", "╯")
        run = dash * (span // 2) + arrow + dash * (span - span // 2 - 1)
        return Content.assemble(" " * start, (left + run + right, "$primary"))
