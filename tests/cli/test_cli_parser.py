"""The command line reads a command with only that command's options built: the same
arguments, the same errors, the same help as with the whole grammar."""

from __future__ import annotations

import contextlib
import io

import pytest

from tracker.cli.parser import COMMANDS, build_parser, parse

ARGVS = [
    ["check", "Walk"], ["--db", "x.json", "check", "Walk", "--undo", "--date", "2026-11-20"],
    ["--today", "2026-11-26", "due", "--count"], ["--db=x.json", "status", "--short"],
    ["add", "Walk", "--for", "Sam", "--target", "2.5", "--unit", "km", "--tag", "a", "--tag", "b"],
    ["pause", "Walk", "--from", "2026-11-01", "--to", "2026-11-02"], ["note", "Walk", "text"],
    ["backup", "restore", "2026-11-20"], ["import", "f.csv", "--from", "loop", "-y"],
    ["export", "--format", "csv", "--out", "o"], ["week", "--json"], ["undo"], ["list", "--archived"],
    ["--db", "status", "check", "Walk"],  # a data file named like a command
    ["--today", "2026-11-26", "--db", "x.json", "check", "Walk", "--db", "y.json"],  # the last counts
    ["--today=2026-11-26", "backup", "list", "--db", "x.json"],
]


@pytest.mark.parametrize("argv", ARGVS)
def test_a_command_reads_as_the_whole_grammar_reads_it(argv: list[str]) -> None:
    assert parse(argv) == build_parser().parse_args(argv)


def outcome(read: object, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            read(argv)  # type: ignore[operator]
            code: object = 0
        except SystemExit as stop:
            code = stop.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", [["check"], ["check", "Walk", "--skip", "--undo"], ["due", "--bogus"],
                                  ["pause", "Walk"], ["add", "Walk", "--target", "0.0001"],
                                  ["backup"], ["checkk", "Walk"], ["--help"], ["-h", "check"],
                                  ["--today", "nope", "check", "Walk"], ["--db", "x.json", "check"],
                                  ["--today", "2026-11-26", "backup", "bogus"], ["check", "Walk", "--version"],
                                  ["--db", "x.json", "check", "Walk", "--today", "2026-02-30"]]
                         + [[name, "--help"] for name in COMMANDS])
def test_mistakes_and_help_read_the_same(argv: list[str]) -> None:
    assert outcome(parse, argv) == outcome(build_parser().parse_args, argv)
