"""Loop Habit Tracker's own score tests, ported: the same check-ins, Loop's expected numbers.

Each case names the Loop test it comes from (uhabits-core, ``src/jvmTest/java/org/isoron/
uhabits/core/models/``: ``ScoreTest.kt`` and the classes of ``ScoreListTest.kt``, as of the
release whose ``ScoreList.recompute()`` doubles the window of yes/no habits below daily).
Loop counts its days back from today; so does ``entries`` here (0 is today). A Loop
frequency ``num/den`` is our "num in any den days"; a numerical habit with target 2 and
amounts ×1000 is our count habit with target 2.

Loop's numerical habits are our measured ones: Loop stores an amount × 1000, so its 500
is our 0.5 (written ``loop(500)`` here); its ``AT_MOST`` is our limit.

Where we differ on purpose the case pins ours and says so: today joins the score only once
that raises it, so an unticked today (or a limit passed today) keeps yesterday's score
where Loop already lowers it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

import pytest

from tracker.domain import CheckIn, Habit, HabitKind, Schedule, Timeline

TODAY = dt.date(2026, 6, 30)
E = 1e-6
Y, S = "yes", "skip"
LIMIT_TODAY = "Loop gives {}: here a limit passed today lowers the score once the day is over"

DAILY_UP = [0.655747, 0.636894, 0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000,
            0.472617, 0.443734, 0.413270, 0.381137, 0.347244, 0.311495, 0.273788, 0.234017,
            0.192067, 0.147820, 0.101149, 0.051922, 0.0]  # 20 days kept, newest first


@dataclass(frozen=True)
class Case:
    loop: str  # the Loop test
    entries: dict[int, object]  # days ago -> "yes", "skip" or an amount (a count habit)
    expected: list[float] = field(default_factory=list)  # newest first, from today
    today_only: float | None = None  # or only today's score …
    tolerance: float = E
    above: float | None = None  # … or only that it is above this
    frequency: tuple[int, int] = (1, 1)
    target: int = 1
    at_most: bool = False
    ours: str = ""  # where the expectation is ours, not Loop's, why


def loop(stored: int) -> Fraction | int:
    """An amount as Loop stores it (× 1000), as ours."""
    amount = Fraction(stored, 1000)
    return int(amount) if amount.denominator == 1 else amount


def run(*spans: tuple[int, int, object]) -> dict[int, object]:
    return {ago: what for first, last, what in spans for ago in range(first, last)}


def alternating_weeks() -> dict[int, object]:
    """test_irregularNonDaily: week 0 kept on its first day, week 1 on its last, 100 times."""
    found: dict[int, object] = {}
    for k in range(100):
        found[14 * k] = Y
        found[14 * k + 13] = Y
    return found


def two_of_seven() -> dict[int, object]:
    return {7 * k + i: Y for k in range(100) for i in (0, 1)}


CASES = [
    Case("YesNoScoreListTest.test_getValue", run((0, 20, Y)), DAILY_UP),
    Case("YesNoScoreListTest.test_getValueWithSkip",
         {**run((0, 20, Y)), 5: S, 10: S, 11: S},
         [0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.472617, 0.443734,
          0.413270, 0.381137, 0.347244, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017,
          0.192067, 0.147820, 0.101149, 0.051922, 0.0]),
    Case("YesNoScoreListTest.test_getValueWithSkip2", {5: Y, 4: S},
         [0.044247, 0.044247, 0.046670, 0.049226, 0.051922, 0.051922, 0.0],
         ours="Loop gives 0.041949 today: an unticked today counts there, here it waits"),
    Case("YesNoScoreListTest.test_imperfectNonDaily (3/7)", two_of_seven(),
         today_only=2 / 3, frequency=(3, 7)),
    Case("YesNoScoreListTest.test_imperfectNonDaily (4/7)", two_of_seven(),
         today_only=0.5, frequency=(4, 7)),
    Case("YesNoScoreListTest.test_irregularNonDaily", alternating_weeks(),
         today_only=1.0, tolerance=1e-3, frequency=(1, 7)),
    Case("YesNoScoreListTest.shouldAchieveHighScoreInReasonableTime (daily)",
         run((0, 90, Y)), above=0.99),
    Case("YesNoScoreListTest.shouldAchieveHighScoreInReasonableTime (weekly)",
         {7 * i: Y for i in range(39)}, above=0.99, frequency=(1, 7)),
    Case("YesNoScoreListTest.shouldAchieveHighScoreInReasonableTime (monthly)",
         {**{7 * i: Y for i in range(39)}, **{30 * i: Y for i in range(18)}},
         above=0.99, frequency=(1, 30)),
    Case("YesNoScoreListTest.test_recompute (daily)", run((0, 2, Y)), today_only=0.101149),
    Case("YesNoScoreListTest.test_recompute (1/2)", run((0, 2, Y)), today_only=0.054816,
         frequency=(1, 2)),
    Case("YesNoScoreListTest.test_addThenRemove", {0: Y}, today_only=0.051922),
    Case("NumericalAtLeastScoreListTest.test_getValue", run((0, 20, 2)), DAILY_UP, target=2),
    Case("NumericalAtLeastScoreListTest.test_recompute (daily)", run((0, 2, 2)),
         today_only=0.101149, target=2),
    Case("NumericalAtLeastScoreListTest.test_recompute (1/2)", run((0, 2, 2)),
         today_only=0.072631, frequency=(1, 2), target=2),
    Case("NumericalAtLeastScoreListTest.shouldAchieveHighScoreInReasonableTime (daily)",
         run((0, 90, 2)), above=0.99, target=2),
    Case("NumericalAtLeastScoreListTest.shouldAchieveHighScoreInReasonableTime (weekly)",
         {7 * i: 2 for i in range(39)}, above=0.99, frequency=(1, 7), target=2),
    Case("NumericalAtLeastScoreListTest.shouldAchieveComparableScoreToProgress",
         run((0, 500, 1)), today_only=0.5, target=2),
    Case("NumericalAtLeastScoreListTest.overeachievingIsntRelevant", {0: 10000},
         today_only=0.051922, target=2),
    Case("NumericalAtLeastScoreListWithSkipTest.test_getValue",
         run((0, 10, 2), (10, 11, S), (11, 15, 2), (15, 16, S), (16, 20, 2)),
         [0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.443734,
          0.413270, 0.381137, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017, 0.192067,
          0.192067, 0.147820, 0.101149, 0.051922, 0.0], target=2),
    Case("NumericalAtLeastScoreListWithSkipTest.skipsShouldNotAffectScore",
         run((0, 500, 1), (500, 1000, S)), today_only=0.5, target=2),
    Case("NumericalAtLeastScoreListWithSkipTest.skipsShouldNotAffectScore (skips between)",
         run((0, 300, 1), (300, 500, S), (500, 700, 1)), today_only=0.5, target=2),
    Case("NumericalAtLeastScoreListTest.shouldAchieveComparableScoreToProgress (0.5 of 2)",
         run((0, 500, loop(500))), today_only=0.25, target=2),
    Case("NumericalAtMostScoreListTest.test_getValue", {20: loop(1000), **run((0, 20, 5))},
         [0.363106, 0.363106, 0.382992, 0.403967, 0.426090, 0.449426, 0.474039, 0.500000,
          0.527383, 0.556266, 0.586730, 0.618863, 0.652756, 0.688505, 0.726212, 0.765983,
          0.807933, 0.852180, 0.898851, 0.948078, 1.0, 0.0, 0.0], target=2, at_most=True,
         ours=LIMIT_TODAY.format(0.344253)),
    Case("NumericalAtMostScoreListTest.test_recompute (nothing yet)", {}, today_only=1.0,
         target=2, at_most=True),
    Case("NumericalAtMostScoreListTest.test_recompute (daily)", run((0, 2, 5)),
         today_only=0.948078, target=2, at_most=True, ours=LIMIT_TODAY.format(0.898850)),
    Case("NumericalAtMostScoreListTest.test_recompute (1/2)", run((0, 2, 5)),
         today_only=0.963000, frequency=(1, 2), target=2, at_most=True,
         ours=LIMIT_TODAY.format(0.927369)),
    Case("NumericalAtMostScoreListTest.shouldAchieveComparableScoreToProgress (3 of at most 2)",
         run((0, 500, 3)), today_only=0.5, target=2, at_most=True),
    Case("NumericalAtMostScoreListTest.shouldAchieveComparableScoreToProgress (3.5 of at most 2)",
         run((0, 500, loop(3500))), today_only=0.25, target=2, at_most=True),
    Case("NumericalAtMostScoreListTest.undereachievingIsntRelevant", {1: 10000},
         today_only=0.950773, target=2, at_most=True),
    Case("NumericalAtMostScoreListTest.overeachievingIsntRelevant", {0: 5, 1: 0},
         today_only=1.0, target=2, at_most=True,
         ours=LIMIT_TODAY.format(0.948077)),
    Case("NumericalAtMostScoreListTest.overeachievingIsntRelevant (yesterday 1)", {0: 5, 1: 1},
         today_only=1.0, target=2, at_most=True,
         ours=LIMIT_TODAY.format(0.948077)),
    Case("NumericalAtMostScoreListTest.overeachievingIsntRelevant (tomorrow)", {1: 5, 2: 0},
         today_only=0.950773, target=2, at_most=True),
]


def schedule(num: int, den: int) -> Schedule:
    return Schedule.daily() if num == den else Schedule.in_days(num, den)


def timeline(case: Case) -> Timeline:
    start = TODAY - dt.timedelta(days=max(case.entries, default=0))  # Loop's: the oldest entry
    checkins = {TODAY - dt.timedelta(days=ago): CheckIn(skipped=True) if what == S
                else CheckIn(1 if what == Y else what)  # type: ignore[arg-type]  # an amount
                for ago, what in case.entries.items()}
    habit = Habit("h", "Loop", HabitKind.PROMISE, schedule(*case.frequency), start,
                  target=case.target, measured=case.target != 1 or case.at_most,
                  at_most=case.at_most)
    return Timeline(habit, checkins, TODAY)


@pytest.mark.parametrize("case", CASES, ids=[c.loop for c in CASES])
def test_loops_own_score_tests_give_loops_numbers(case: Case) -> None:
    scores = timeline(case).scores
    if case.expected:
        known = [*reversed(scores)][: len(case.expected)]
        known += [0.0] * (len(case.expected) - len(known))  # days before the first entry
        assert known == pytest.approx(case.expected, abs=case.tolerance), case.ours
    if case.today_only is not None:
        assert scores[-1] == pytest.approx(case.today_only, abs=case.tolerance), case.ours
    if case.above is not None:
        assert scores[-1] > case.above


@pytest.mark.parametrize(("days", "previous", "check", "expected"), [
    # ScoreTest.test_compute_withDailyHabit
    (1, 0.0, 1, 0.051922), (1, 0.5, 1, 0.525961), (1, 0.75, 1, 0.762981),
    (1, 0.0, 0, 0.0), (1, 0.5, 0, 0.474039), (1, 0.75, 0, 0.711058),
    # ScoreTest.test_compute_withNonDailyHabit (frequency 1/3)
    (3, 0.0, 1, 0.030314), (3, 0.5, 1, 0.515157), (3, 0.75, 1, 0.757578),
    (3, 0.0, 0, 0.0), (3, 0.5, 0, 0.484842), (3, 0.75, 0, 0.727263),
])
def test_one_days_step_is_loops_score_compute(days: int, previous: float, check: int,
                                              expected: float) -> None:
    """Loop's ``Score.compute(frequency, previous, check)``: one counted day from a
    checkpoint at ``previous`` (a count habit, whose window Loop does not double), kept
    in full or not at all."""
    from tracker.domain.checkpoint import Checkpoint

    habit = Habit("h", "Loop", HabitKind.PROMISE, schedule(1, days), TODAY - dt.timedelta(days=400),
                  target=2, measured=True)
    day = TODAY if check else TODAY - dt.timedelta(days=1)  # an unticked today would wait
    checkpoint = Checkpoint(day - dt.timedelta(days=1), previous, (0, None, None),
                            (0, None, None), "")
    checkins = {TODAY: CheckIn(2)} if check else {}
    scores = Timeline(habit, checkins, TODAY, checkpoint=checkpoint).scores
    assert scores[0] == pytest.approx(expected, abs=E)
