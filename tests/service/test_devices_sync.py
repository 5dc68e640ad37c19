"""Three devices, each with its own copy of the data, kept in step by a simulated sync
tool that copies files at random moments and, where two devices changed one file, keeps
one and leaves the other as a Syncthing-style conflict copy (as Dropbox and Nextcloud
do too). One device's clock runs a day behind; another is a clone of the first (its
device-local state copied, so both write one device folder, and conflicts happen).

After the sync settles every device holds the same data, and each record (a habit, one
habit's day) holds the change made last — exactly that one when its device had seen
every earlier change to the record, else one of the changes made while apart.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import event, given, settings, strategies as st

from tracker.clock import FixedClock
from tracker.domain import NewHabit, TrackerError
from tracker.service import Tracker
from tracker.store.layout import Layout

TODAY = dt.date(2026, 12, 1)
START = dt.date(2026, 10, 1)
DAYS = [TODAY - dt.timedelta(days=d) for d in (0, 1, 3, 35)]  # 35: another month
NAMES = ("Journal", "Walk", "Call mum")
DAY_MS = 86_400_000
CLOCK_OFFSET = [0, -DAY_MS, 7]  # device 1 runs a day behind; device 2 is device 0's clone


class Cloud:
    """A sync tool: the latest content of each path, and what each device last saw."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.files: dict[str, bytes] = {}
        self.seen: list[dict[str, bytes]] = [{} for _ in folders]
        self.conflicts = 0

    @staticmethod
    def _local(folder: Path) -> dict[str, bytes]:
        found = {}
        for path in folder.rglob("*"):
            relative = path.relative_to(folder).as_posix()
            if (path.is_file() and not relative.startswith("tracker-backups")
                    and not path.name.endswith((".lock", ".tmp"))):
                found[relative] = path.read_bytes()
        return found

    @staticmethod
    def _put(folder: Path, relative: str, data: bytes) -> None:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".syncing-{target.name}.tmp")
        temp.write_bytes(data)
        os.replace(temp, target)  # as sync tools do: a new file renamed into place

    def sync(self, device: int, stamp: int) -> None:
        folder, seen = self.folders[device], self.seen[device]
        local = self._local(folder)
        for relative in sorted(set(local) | set(seen) | set(self.files)):
            mine, base, cloud = local.get(relative), seen.get(relative), self.files.get(relative)
            if mine == cloud:
                pass
            elif mine != base and cloud != base and mine is not None and cloud is not None:
                # both changed it: the cloud's stays, this device's becomes a conflict copy
                stem, ext = relative.rsplit(".", 1)
                copy = f"{stem}.sync-conflict-20261201-{stamp % 1_000_000:06d}-DEV{device}ABC.{ext}"
                self._put(folder, copy, mine)
                self.files[copy] = mine
                self._put(folder, relative, cloud)
                self.conflicts += 1
            elif mine != base:  # changed (or removed) here: the cloud takes it
                if mine is None:
                    self.files.pop(relative, None)
                else:
                    self.files[relative] = mine
            elif cloud is None:  # removed elsewhere
                (folder / relative).unlink(missing_ok=True)
            else:
                self._put(folder, relative, cloud)
        self.seen[device] = self._local(folder)
        for relative, data in self.seen[device].items():
            self.files.setdefault(relative, data)


@dataclass
class Write:
    index: int
    device: int
    value: Any


@dataclass
class World:
    root: Path
    trackers: list[Tracker] = field(default_factory=list)
    writes: dict[tuple, list[Write]] = field(default_factory=dict)
    settles: list[int] = field(default_factory=list)
    now: int = 1_795_000_000_000  # the shared wall clock, in ms

    def wall(self, device: int) -> int:
        return self.now + CLOCK_OFFSET[device]


def dump(tracker: Tracker) -> dict[tuple, Any]:
    """Every record as the device shows it: habits, and each habit's days."""
    tracker.refresh()
    found: dict[tuple, Any] = {}
    for habit in tracker.all_habits():
        found[("habit", habit.id)] = habit.to_dict()
        for day, checkin in tracker.full_history(habit).items():
            if not checkin.is_empty:
                found[("day", habit.id, day)] = checkin.to_dict()
    return found


def act(tracker: Tracker, op: str, name: str, day: dt.date, n: int) -> tuple | None:
    """One change through the service; the record it meant to change (None: unknown)."""
    try:
        return _act(tracker, op, name, day, n)
    except TrackerError:  # refused (a name taken, a day paused …): nothing changed
        return None


def _act(tracker: Tracker, op: str, name: str, day: dt.date, n: int) -> tuple | None:
    if op == "add":
        try:
            return ("habit", tracker.add(NewHabit(name=name), start=START).id)
        except TrackerError:  # the name is taken on this device
            return None
    try:
        habit = tracker.find(name)
    except TrackerError:
        return None
    key = ("day", habit.id, day)
    if op == "check":
        tracker.check(habit, day)
    elif op == "skip":
        tracker.skip(habit, day, note=f"away {n}")
    elif op == "clear":
        tracker.uncheck(habit, day)
    elif op == "note":
        tracker.note(habit, day, f"note {n}")
    elif op == "archive":
        tracker.archive(habit)
        key = ("habit", habit.id)
    elif op == "pause":
        tracker.pause(habit, day, day + dt.timedelta(days=n))
        key = ("habit", habit.id)
    elif op == "edit":
        tracker.edit(habit, NewHabit(name=name, why=f"why {n}"))
        key = ("habit", habit.id)
    return key


def open_device(world: World, device: int) -> Tracker:
    tracker = Tracker.open(world.root / f"device{device}" / "tracker.json", FixedClock(TODAY))
    tracker.store.wall_ms = lambda: world.wall(device)  # type: ignore[attr-defined]
    return tracker


steps = st.lists(st.one_of(
    st.tuples(st.just("sync"), st.integers(0, 2)),
    st.tuples(st.just("settle")),
    st.tuples(st.sampled_from(["check", "check", "skip", "clear", "note", "undo", "add",
                               "archive", "pause", "edit"]),
              st.integers(0, 2), st.sampled_from(NAMES), st.sampled_from(DAYS),
              st.integers(0, 3))),
    min_size=15, max_size=60)


def settle(world: World, cloud: Cloud) -> None:
    """Sync every device until nothing moves (each Trust Tracker taking in what came)."""
    for _ in range(8):
        before = dict(cloud.files)
        for device, tracker in enumerate(world.trackers):
            world.now += 10
            cloud.sync(device, world.now)
            tracker.refresh()  # takes in conflict copies: they change its own files
            cloud.sync(device, world.now)
        if cloud.files == before:
            return
    raise AssertionError("the sync never settled")


@settings(max_examples=int(os.environ.get("SYNC_EXAMPLES", "200")), deadline=None, derandomize=True)
@given(steps)
def test_devices_kept_in_step_by_a_sync_tool_converge_and_lose_nothing(plan):
    root = Path(tempfile.mkdtemp())
    try:
        world = World(root)
        folders = [root / f"device{d}" for d in range(3)]
        world.trackers = [open_device(world, 0)]
        world.trackers[0].add(NewHabit(name="Journal"), start=START)  # one shared habit to begin
        cloud = Cloud(folders)
        cloud.sync(0, 0)
        for device in (1, 2):
            folders[device].mkdir()
            cloud.sync(device, 0)
        shutil.copytree(Layout(folders[0] / "tracker.json").local_dir,  # the clone
                        Layout(folders[2] / "tracker.json").local_dir, dirs_exist_ok=True)
        (Path(Layout(folders[2] / "tracker.json").local_dir) / "undo.json").unlink(missing_ok=True)
        world.trackers += [open_device(world, 1), open_device(world, 2)]
        for index, step in enumerate(plan):
            world.now += 10
            if step[0] == "sync":
                cloud.sync(step[1], world.now)
                continue
            if step[0] == "settle":
                settle(world, cloud)
                world.settles.append(index)
                continue
            op, device, name, day, n = step
            tracker = world.trackers[device]
            before = dump(tracker)
            if op == "undo":
                try:
                    tracker.undo()
                except TrackerError:  # set aside: the record changed since
                    pass
                meant = None
            else:
                meant = act(tracker, op, name, day, n)
            after = dump(tracker)
            touched = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
            for key in touched | ({meant} if meant else set()):
                world.writes.setdefault(key, []).append(Write(index, device, after.get(key)))
        settle(world, cloud)
        event(f"conflict copies: {min(cloud.conflicts, 3)}{'+' if cloud.conflicts >= 3 else ''}")
        views = [dump(tracker) for tracker in world.trackers]
        assert views[0] == views[1] == views[2], "the devices do not hold the same data"
        final = views[0]
        for key, writes in world.writes.items():
            if key[0] == "day" and ("habit", key[1]) not in final:
                continue  # the habit was removed (an add undone): its days go with it
            last = writes[-1]
            apart_since = max((s for s in world.settles if s < last.index), default=-1)
            candidates = [w for w in writes if w.index > apart_since]
            shown = final.get(key)
            if all(w.device == last.device for w in candidates):
                assert shown == last.value, (key, shown, last)
            else:
                assert shown in [w.value for w in candidates] + [last.value], (key, shown, candidates)
        for folder in folders:  # every copy a sync tool left was taken in and removed
            assert not [p for p in folder.rglob("*sync-conflict*")], folder
    finally:
        for tracker in world.trackers:
            tracker.close()
        shutil.rmtree(root, ignore_errors=True)
