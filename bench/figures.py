"""The targets each figure is held to, and how the figures are printed."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

Figures = dict[str, float]
Sections = dict[str, "Figures | dict[str, str]"]  # a section, or {"error": why it failed}

TINY, MEDIUM, BIG = "1 habit × 1 week", "50 habits × 10 years", "200 habits × 20 years"
SIZES = {TINY: (1, 7), MEDIUM: (50, 3652), BIG: (200, 7305)}
SHORT = {TINY: "1×1w", MEDIUM: "50×10y", BIG: "200×20y"}

TICK_BUDGET = 2.0
FRAME_BUDGET = 1.3
MEMORY_BUDGET = 1.5
FIRST_CHANGE = 1.3
BACKUP_DISK = 1.3
FIRST_STATUS_S = {MEDIUM: 0.3, BIG: 2.0}
FIRST_STATUS_MEMORY = 1.5  # at 50 × 10 years
AGAINST_PYTHON = 3.0
CHECK_VS_GUMSHOE = 1.0
IMPORT_CPU_S = 1.0  # the 50 × 10 years export
IMPORT_PEAK_MB = 60.0
HABITS_SHOWN = 1.5


@dataclass(frozen=True)
class Target:
    name: str
    figure: float | None  # None: not measured (a part failed, or needs --peers)
    limit: float
    unit: str

    @property
    def verdict(self) -> str:
        if self.figure is None or math.isnan(self.figure):
            return "not measured"
        return "holds" if self.figure <= self.limit else "OVER"

    def line(self) -> str:
        shown = "—" if self.verdict == "not measured" else f"{self.figure:.2f} {self.unit}"
        return f"{self.name:<58} {shown:>11}  ≤ {self.limit:g} {self.unit:<2}  {self.verdict}"

    def record(self) -> dict[str, object]:
        return {**asdict(self), "verdict": self.verdict}


def pick(results: dict[str, Sections], size: str, section: str, key: str) -> float | None:
    found = results.get(size, {}).get(section, {})
    value = found.get(key) if isinstance(found, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


def targets(results: dict[str, Sections], peers: bool) -> list[Target]:
    found: list[Target] = []
    for size in (MEDIUM, BIG):
        if size not in results:
            continue
        s = SHORT[size]

        def add(name: str, section: str, key: str, limit: float, unit: str = "×") -> None:
            found.append(Target(f"{name} ({s})", pick(results, size, section, key), limit, unit))

        add("tick ratio (this size / 1×1w, in turns)", "ticks", "tick_ratio", TICK_BUDGET)
        add("first frame (app / bare)", "startup", "first_frame_ratio", FRAME_BUDGET)
        add("peak memory (app / bare)", "startup", "memory_ratio", MEMORY_BUDGET)
        add("first change of a day / normal tick", "first_change", "first_change_ratio", FIRST_CHANGE)
        add("backup disk / live data (7+ daily backups)", "backups", "backup_disk_ratio", BACKUP_DISK)
        add("first status, empty state folder (process)", "first_status", "first_status_s",
            FIRST_STATUS_S[size], "s")
        if size == MEDIUM:
            add("memory at first status, empty state (app / bare)", "startup",
                "memory_empty_state_ratio", FIRST_STATUS_MEMORY)
        add("due --count / python -c pass (wall)", "cli", "due_count_ratio", AGAINST_PYTHON)
        add("status --short / python -c pass (wall)", "cli", "status_short_ratio", AGAINST_PYTHON)
        if peers:
            add("check CPU / gumshoe check CPU", "peers", "check_cpu_vs_gumshoe", CHECK_VS_GUMSHOE)
        if size == MEDIUM:
            add("import of our JSON export, CPU", "import", "import_cpu_s", IMPORT_CPU_S, "s")
            add("import of our JSON export, peak memory", "import", "import_peak_mb", IMPORT_PEAK_MB, "MB")
        add("habits shown (app) / bare first frame", "startup", "habits_shown_ratio", HABITS_SHOWN)
    return found


def unit_of(key: str) -> str:
    for suffix, unit in (("_ms", "ms"), ("_s", "s"), ("_mb", "MB"), ("_kb", "kB"), ("_minstr", "M"),
                         ("_ratio", "×")):
        if key.endswith(suffix):
            return unit
    return "×" if "_vs_" in key or "_ratio_" in key else ""


def print_size(size: str, sections: Sections) -> None:
    print(f"\n== {size} " + "=" * max(0, 70 - len(size)))
    for section, figures in sections.items():
        print(f"  [{section}]")
        if "error" in figures:
            print(f"    not measured: {figures['error']}")
            continue
        items = [(k, float(v)) for k, v in figures.items() if isinstance(v, (int, float))]
        for i in range(0, len(items), 2):  # two figures a line
            cells = []
            for key, value in items[i:i + 2]:
                number = f"{value:,.0f}" if value.is_integer() and abs(value) >= 1 else f"{value:,.2f}"
                cells.append(f"{key:<30}{number:>10} {unit_of(key):<3}")
            print("    " + "   ".join(cells))


def print_targets(found: list[Target], results: dict[str, Sections], peers: bool) -> None:
    print("\ntargets:")
    for target in found:
        print("  " + target.line())
    for size in (MEDIUM, BIG) if peers else ():
        counts = [pick(results, size, "instructions", k) for k in
                  ("check_instructions_vs_gumshoe", "ours_check_minstr", "gumshoe_check_minstr")]
        if None not in counts:
            print(f"  check instructions / gumshoe's ({SHORT[size]}): {counts[0]:.2f} × "
                  f"({counts[1]:.1f} M against {counts[2]:.1f} M; counted, so the same on every run)")
    if not peers:
        for size in (MEDIUM, BIG):
            cpu = pick(results, size, "cli", "check_cpu_ms")
            times = pick(results, size, "cli", "check_cpu_ratio_to_pass")
            if cpu is not None and times is not None:
                print(f"  check CPU ({SHORT[size]}): {cpu:.0f} ms, {times:.1f} × python -c pass's "
                      "(its target is gumshoe's check: run with --peers)")


def plain(value: object) -> object:
    """``value`` for JSON: a figure that could not be worked out (NaN) is null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
