"""Amounts of measurable habits: exact, with up to three decimals (Loop keeps value × 1000).

An amount is a ``Fraction`` whose denominator divides 1000 (a whole number stays an
``int``), so sums over years never drift as floats do. It is written as the shortest
decimal text ("2.5", "0.002", "3"), and stored as a JSON number read back through its
decimal text, so 2.5 on disk is exactly 5/2 in memory.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Union

from .bounds import VALUE_MAX
from .errors import TrackerError

if TYPE_CHECKING:
    from fractions import Fraction

# ``Fraction`` by name: the functions that make one import it, so a command whose amounts
# are all whole never loads ``fractions`` (with ``decimal`` and ``numbers``: 3 % of a check).
Amount = Union[int, "Fraction"]  # noqa: UP007  # (``int | Fraction`` would need it loaded)
PLACES = 3
_DECIMAL = r"^\+?(\d{1,7})(?:[.,](\d{1,3}))?$"  # (compiled by ``re`` when an amount is first typed)


def normalized(value: Fraction) -> Amount:
    return int(value) if value.denominator == 1 else value


def parse_amount(text: str, what: str = "amount") -> Amount:
    """An amount a person typed ("2.5", "2,5", "3"), or a TrackerError saying why not."""
    from fractions import Fraction

    match = re.match(_DECIMAL, text.strip())
    if match is None:
        raise TrackerError(f"The {what} {text.strip()!r} is not a number with at most "
                           f"{PLACES} decimals, like 2.5.")
    whole, part = match.group(1), match.group(2) or ""
    value = normalized(Fraction(int(whole + part.ljust(PLACES, "0")), 10 ** PLACES))
    if value > VALUE_MAX:
        raise TrackerError(f"The {what} {format_amount(value)} is more than {VALUE_MAX:,}.")
    return value


def stored_amount(raw: object) -> Amount:
    """An amount as JSON stores it (an int, or a float read through its decimal text);
    ``ValueError`` for anything else, or one finer than a thousandth or out of range."""
    if type(raw) is int and 0 <= raw <= VALUE_MAX:
        return raw  # the common case, read for every stored day: no Fraction needed
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"{raw!r} is not an amount")
    from fractions import Fraction

    value = Fraction(raw) if isinstance(raw, int) else Fraction(repr(raw))
    if (value * 10 ** PLACES).denominator != 1 or not 0 <= value <= VALUE_MAX:
        raise ValueError(f"{raw!r} is not an amount of at most {PLACES} decimals up to {VALUE_MAX}")
    return normalized(value)


def json_amount(value: Amount) -> int | float:
    """For JSON: an int, or the float whose shortest text is the amount's decimal text."""
    return value if isinstance(value, int) else float(format_amount(value))


def format_amount(value: Amount) -> str:
    """The shortest decimal text: 3, 2.5, 0.002."""
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    thousandths = value * 10 ** PLACES
    whole, part = divmod(int(thousandths), 10 ** PLACES)
    return f"{whole}.{part:0{PLACES}d}".rstrip("0")


def step_for(target: Amount) -> Amount:
    """What one press of + or - adds for a habit with this target: the largest round
    step (1, 2 or 5 times a power of ten) that divides the target at least four times
    (2.5 km → 0.5, 30 minutes → 5, 10,000 steps → 2,000); whole for a whole target
    (at least 1), and at least a thousandth."""
    from fractions import Fraction

    whole = Fraction(target).denominator == 1
    best: Amount = 1 if whole else Fraction(1, 10 ** PLACES)
    for exponent in range(-PLACES, 6):
        for mantissa in (1, 2, 5):
            step = normalized(mantissa * Fraction(10) ** exponent)
            ratio = Fraction(target) / step
            if step > best and ratio >= 4 and ratio.denominator == 1:
                best = step
    return best
