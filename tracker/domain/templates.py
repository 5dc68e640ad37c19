"""Starter habits, one or more for each of the ten steps of rebuilding trust.

The wording is ours; the steps come from the essay the product grew from. Each template
says which step it serves, so the first-run screen can show why it is there.
"""

from __future__ import annotations


from ..structs import struct
from .habits import HabitKind, NewHabit
from .schedules import Schedule


@struct(frozen=True)
class Template:
    """A suggested habit for the first run, on one step of the loop."""

    step: int
    step_name: str
    name: str
    kind: HabitKind
    schedule: Schedule
    why: str
    target: int = 1
    tags: tuple[str, ...] = ()

    def to_new_habit(self, for_whom: str = "") -> NewHabit:
        return NewHabit(
            name=self.name, kind=self.kind, schedule=self.schedule, target=self.target,
            for_whom=for_whom if self.kind is HabitKind.ACTION else "", why=self.why,
            tags=self.tags, measured=self.target != 1,
        )


A, P = HabitKind.ACTION, HabitKind.PROMISE

TEMPLATES: tuple[Template, ...] = (
    Template(1, "Own what happened", "Name my part, without excuses", A, Schedule.per_week(1),
             "Owning it plainly is where repair starts.", tags=("accountability",)),
    Template(2, "Give the hurt room", "Listen without hurrying the healing", A, Schedule.daily(),
             "Pain that is heard can settle; pain that is rushed waits.", tags=("listening",)),
    Template(3, "Talk honestly", "Evening check-in, phones away", A, Schedule.daily(),
             "A few undistracted minutes each day keep things in the open.", tags=("talk",)),
    Template(4, "Respect boundaries", "Keep the limit we agreed", A, Schedule.daily(),
             "A boundary kept is protection given, not a penalty served.", tags=("boundaries",)),
    Template(5, "Be consistent", "Be where I said, when I said", A, Schedule.daily(),
             "Small promises kept on time add up to something reliable.", tags=("reliability",)),
    Template(6, "Back apologies with change", "Do one thing differently", A,
             Schedule.per_week(3), "Sorry means most when the next action shows it.",
             tags=("change",)),
    Template(7, "Reconnect", "Say thank you", A, Schedule.daily(),
             "Noticing the good out loud rebuilds warmth.", target=3, tags=("connection",)),
    Template(7, "Reconnect", "Time together, just us", A, Schedule.per_week(2),
             "Shared moments, even small ones, re-tie the bond.", tags=("connection",)),
    Template(8, "Get support", "Go to therapy or counselling", P, Schedule.per_week(1),
             "A steady outside voice helps with the hard conversations.", tags=("support",)),
    Template(9, "Trust yourself again", "Journal for ten minutes", P, Schedule.daily(),
             "Writing it down shows you how far you have come.", tags=("self-trust",)),
    Template(9, "Trust yourself again", "Keep my own boundary", P, Schedule.daily(),
             "Every limit you honour is a promise kept to yourself.", tags=("self-trust",)),
    Template(9, "Trust yourself again", "Lights out by 11", P, Schedule.on_weekdays({6, 0, 1, 2, 3}),
             "Rest is a promise to the person who has to show up tomorrow.",
             tags=("self-care",)),
    Template(10, "Start a new chapter", "Notice one thing that is new between us", P,
             Schedule.per_week(1), "Not going back, but building something different.",
             tags=("new-chapter",)),
)
