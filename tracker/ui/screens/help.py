"""Help: what the marks and stages mean, and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ...domain.loop import STAGE_MEANINGS, STAGE_THRESHOLDS, Stage
from ..styles import stylesheet

HELP = """\
# Trust Tracker

Trust comes back through small promises kept again and again. Each evening, tick what
you kept. The app turns the pattern into four stages:

**consistency → predictability → safety → trust**

{stages}

A stage is measured, not judged: it needs a **score** (a forgiving average that one
missed day only dents) and a **best streak** spanning enough calendar days. Your own
stage is the one at least half of your habits have reached.

## Marks

| mark | meaning |
| --- | --- |
| ✓ | kept |
| ◐ | part way to a measured habit's target |
| ~ | excused: rest, travel, illness — it never breaks a streak |
| ○ | due today, still open |
| · | was due, not kept (or a limit passed) |

## Keys

| key | what it does |
| --- | --- |
| space / enter | tick or untick the highlighted habit (a limit: none at all today) |
| + / - | a step more or less of a measured habit's amount (0.5 for a 2.5 km walk) |
| v | type a measured habit's exact amount (2.5; 0 for none) |
| s | excuse today (press again to take it back) |
| n | write the day's note |
| o | open the habit: history, streaks, score |
| e | edit the habit · shift+↑/↓ reorders |
| a | add a habit |
| u | undo the last change (any change) |
| d / w / l | Today, Week, the Loop |
| [ / ] / t | previous week, next week, this week (Week) |
| ctrl+p | the command palette: add, jump to a habit, go to a week, theme, export, import |
| , | settings |
| q | quit |

Press escape to close this page.
"""


def stages_text() -> str:
    lines = [f"- **{Stage.CONSISTENCY.label}**: {STAGE_MEANINGS[Stage.CONSISTENCY]}"]
    for stage, (score, span) in STAGE_THRESHOLDS.items():
        lines.append(f"- **{stage.label}** (score {score:.0%}, best streak over {span} days): "
                     f"{STAGE_MEANINGS[stage]}")
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = stylesheet("dialogs.tcss")  # loaded when first shown
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(HELP.format(stages=stages_text()))
