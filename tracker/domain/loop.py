"""The trust loop: consistency → predictability → safety → trust.

A stage is a fact measured from two numbers, never a judgement:

* the consistency score (0–1, forgiving: one miss dents it, never zeroes it), and
* the best streak's span in calendar days (proof that a run was held; it is never taken
  away, so a single missed day does not knock anyone down a stage).

=============== ============= ====================== =====================================
stage           score at least best streak spanning  what it means
=============== ============= ====================== =====================================
consistency     —             —                      you have begun and you keep showing up
predictability  0.40          7 days                 others could start to count on it
safety          0.65          21 days                kept long enough to lean on
trust           0.85          42 days                six weeks and more: it is who you are
=============== ============= ====================== =====================================

For a daily habit kept every day that means predictability after about ten days, safety
after three weeks and trust after six. The person's overall stage is the stage that at
least half of their active habits have reached, so one new habit does not hide the ground
already won, and one strong habit among many does not claim it all.
"""

from __future__ import annotations

import math

from enum import IntEnum

from ..structs import struct


class Stage(IntEnum):
    CONSISTENCY = 0
    PREDICTABILITY = 1
    SAFETY = 2
    TRUST = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def meaning(self) -> str:
        return STAGE_MEANINGS[self]


STAGE_MEANINGS = {
    Stage.CONSISTENCY: "You have begun, and each check-in adds to the pattern.",
    Stage.PREDICTABILITY: "Kept often enough that it can be counted on.",
    Stage.SAFETY: "Held steadily for weeks: something others can lean on.",
    Stage.TRUST: "Six weeks and more of keeping it: part of who you are now.",
}

# stage: (minimum score, minimum best-streak span in days)
STAGE_THRESHOLDS: dict[Stage, tuple[float, int]] = {
    Stage.PREDICTABILITY: (0.40, 7),
    Stage.SAFETY: (0.65, 21),
    Stage.TRUST: (0.85, 42),
}


def stage_for(score: float, best_span_days: int) -> Stage:
    reached = Stage.CONSISTENCY
    for stage, (min_score, min_span) in STAGE_THRESHOLDS.items():
        if score >= min_score and best_span_days >= min_span:
            reached = stage
    return reached


@struct(frozen=True)
class NextStep:
    """What it takes to reach the next stage: the gaps, zero where already met."""

    stage: Stage
    score_needed: float
    span_needed_days: int
    score_gap: float
    span_gap_days: int

    def describe(self) -> str:
        """What this habit still needs, not the stage's rule: "Safety is 7 more days of
        streak and 3 more points of score away." """
        parts = []
        if self.span_gap_days > 0:
            days = self.span_gap_days
            parts.append(f"{days} more day{'s' * (days != 1)} of streak")
        if self.score_gap > 0:
            points = max(1, math.ceil(self.score_gap * 100 - 1e-9))
            parts.append(f"{points} more point{'s' * (points != 1)} of score")
        wants = " and ".join(parts) or "one more day"
        return f"{self.stage.label.capitalize()} is {wants} away."


def next_step(score: float, best_span_days: int, current: Stage | None = None) -> NextStep | None:
    """The next stage's gaps (None at the last stage); ``current``: the stage already
    worked out for these numbers, if the caller has it."""
    if current is None:
        current = stage_for(score, best_span_days)
    if current is Stage.TRUST:
        return None
    following = _STAGES[current + 1]  # (an index, not ``Stage(n)``: an enum call is slow)
    min_score, min_span = STAGE_THRESHOLDS[following]
    # (by position: a struct made from keywords takes its slow path; every report makes one)
    return NextStep(following, min_score, min_span, max(0.0, min_score - score),
                    max(0, min_span - best_span_days))


_STAGES = tuple(Stage)


def overall_stage(stages: list[Stage]) -> Stage:
    """The stage that at least half of the habits have reached."""
    if not stages:
        return Stage.CONSISTENCY
    ordered = sorted(stages, reverse=True)
    return ordered[(len(ordered) - 1) // 2]
