"""What the command line writes to the terminal: safe text, JSON, and quiet closed pipes.

Every line the command line prints goes through here, so no user text (a habit name, a
note, a file name from an import) reaches the terminal with a control character, no
lone surrogate (from a non-UTF-8 file name) can fail the write after the work is done,
and ``status --json | head -1`` ends quietly instead of with a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO

from .domain.text import printable


def json_text(data: Any) -> str:
    """JSON with every character a terminal could act on written as a ``\\u`` escape:
    the same values for a program that reads it, nothing live for a person who sees it."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if text.isprintable() or printable(text, lines=True) == text:
        return text
    return "".join(ch if ch == "\n" or printable(ch) == ch else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    if len(ch.encode("utf-16-le", "surrogatepass")) == 2:
        return f"\\u{ord(ch):04x}"
    high, low = divmod(ord(ch) - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def write(text: str, stream: TextIO | None = None) -> bool:
    """Print ``text`` (made safe) and a newline; False when the reader has gone away (a
    closed pipe), in which case nothing more is written and nothing is said about it."""
    stream = stream or sys.stdout
    try:
        stream.write(printable(text, lines=True) + "\n")
        stream.flush()
    except BrokenPipeError:
        silence(stream)
        return False
    return True


def say_error(text: str) -> None:
    """One line on stderr (a second line would break the one-line promise)."""
    write(printable(text), sys.stderr)


def ask(question: str) -> str:
    """A yes/no question on a terminal; the answer, or '' at end of input."""
    try:
        return input(printable(question))
    except EOFError:
        return ""


def silence(stream: TextIO) -> None:
    """Point the stream at /dev/null, so the interpreter's last flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
