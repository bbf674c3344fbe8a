"""Dates in imported columns: the order (day-first or month-first) is decided per column from
all of its values, never guessed from one cell.

A column like ``10/28/2026`` settles month-first (28 cannot be a month); ``28/10/2026`` settles
day-first. A column where every numeric date has both parts at 12 or under is ambiguous: the
import asks for ``--dayfirst`` / ``--monthfirst`` unless the tracker's profile says how that
tracker writes dates (LinkedIn always writes month-first), and the dry run says which reason won.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}
NO_DATE = {"", "n/a", "na", "none", "-", "—", "tbd", "null", "?"}
# Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in); 20000-80000 is 1954-2119.
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_RANGE = (20000, 80000)

_TIME_TAIL = re.compile(r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:z|utc|[+-]\d{2}:?\d{2}|[a-z]{2,5})?)$", re.I)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s].*)?$", re.I)
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_MONTH_FIRST_WORDS = re.compile(r"^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
_DAY_FIRST_WORDS = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})$", re.I)
_NO_YEAR = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?)$", re.I)
_EXCEL = re.compile(r"^\d{5}(?:\.\d+)?$")

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"


class CellDateError(ValueError):
    """One cell that is not a date we can read; the message is for people."""


@dataclass(frozen=True)
class Numeric:
    """``a/b/year`` whose order the column decides."""

    first: int
    second: int
    year: int


def is_empty(text: str) -> bool:
    return text.strip().casefold() in NO_DATE


def classify(text: str, today: date | None = None) -> date | Numeric | None:
    """A date when the cell alone says which, ``Numeric`` when its column must decide, None if empty."""
    value = text.strip()
    if is_empty(value):
        return None
    iso = _ISO.match(value)
    if iso:
        return _make(int(iso[1]), int(iso[2]), int(iso[3]), text)
    if _EXCEL.match(value):
        serial = float(value)
        if EXCEL_RANGE[0] <= serial <= EXCEL_RANGE[1]:
            return EXCEL_EPOCH + timedelta(days=int(serial))
        raise CellDateError(f"{text!r} is a number, not a date")
    bare = _TIME_TAIL.sub("", value).strip().rstrip(",").strip()
    numeric = _NUMERIC.match(bare)
    if numeric:
        year = int(numeric[3])
        return Numeric(int(numeric[1]), int(numeric[2]), year + 2000 if year < 100 else year)
    for pattern, month_group, day_group in ((_MONTH_FIRST_WORDS, 1, 2), (_DAY_FIRST_WORDS, 2, 1)):
        words = pattern.match(bare)
        if words and words[month_group].casefold().rstrip(".") in MONTHS:
            return _make(int(words[3]), MONTHS[words[month_group].casefold().rstrip(".")], int(words[day_group]), text)
    no_year = _NO_YEAR.match(bare)
    if no_year and today is not None:
        month_word = (no_year[2] or no_year[3]).casefold().rstrip(".")
        if month_word in MONTHS:
            # "3 Nov": the latest 3 November that is not after today, as a person writing it meant.
            day_number = int(no_year[1] or no_year[4])
            candidate = _make(today.year, MONTHS[month_word], day_number, text)
            return candidate if candidate <= today else _make(today.year - 1, MONTHS[month_word], day_number, text)
    raise CellDateError(f"{text!r} is not a date (write it like 2026-11-03, 11/3/2026 or November 3, 2026)")


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellDateError(f"{text!r} is not a real date") from None


@dataclass(frozen=True)
class ColumnOrder:
    """The order chosen for one column and the reason, for the dry run."""

    order: str | None  # DAY_FIRST, MONTH_FIRST, or None when no value needs one
    reason: str
    ambiguous: bool = False


def decide_order(header: str, values: list[tuple[int, str]], forced: str | None, profile_order: str | None, profile_name: str) -> ColumnOrder:
    """Look at every value of the column; a value with a part over 12 settles the order."""
    day_first_line = month_first_line = None
    numeric_count = 0
    for line, text in values:
        try:
            kind = classify(text)
        except CellDateError:
            continue
        if not isinstance(kind, Numeric):
            continue
        numeric_count += 1
        if kind.first > 12 and day_first_line is None:
            day_first_line = (line, text)
        if kind.second > 12 and month_first_line is None:
            month_first_line = (line, text)
    if numeric_count == 0:
        return ColumnOrder(None, "every value says its own order (year first, a month name or an Excel serial)")
    if forced:
        return ColumnOrder(forced, f"--{forced.replace('-', '')} was given")
    if day_first_line and month_first_line:
        return ColumnOrder(None, f"mixed: line {day_first_line[0]} has {day_first_line[1]!r} (day-first) but line {month_first_line[0]} has {month_first_line[1]!r} (month-first)", ambiguous=True)
    if day_first_line:
        return ColumnOrder(DAY_FIRST, f"line {day_first_line[0]} has {day_first_line[1]!r}: the first part is over 12, so it is the day")
    if month_first_line:
        return ColumnOrder(MONTH_FIRST, f"line {month_first_line[0]} has {month_first_line[1]!r}: the second part is over 12, so it is the day")
    if profile_order:
        return ColumnOrder(profile_order, f"every value could be either; {profile_name} writes dates {profile_order}")
    dates = f"{numeric_count} date" + ("s" if numeric_count != 1 else "")
    return ColumnOrder(None, f"no value settles the order ({dates} like 3/11/2026, which could be day-first "
                             "or month-first); say which with --dayfirst or --monthfirst", ambiguous=True)


def resolve(text: str, order: ColumnOrder, today: date | None = None) -> date | None:
    kind = classify(text, today)
    if not isinstance(kind, Numeric):
        return kind
    if order.order == DAY_FIRST:
        return _make(kind.year, kind.second, kind.first, text)
    if order.order == MONTH_FIRST:
        return _make(kind.year, kind.first, kind.second, text)
    if kind.first == kind.second:
        return _make(kind.year, kind.first, kind.second, text)
    raise CellDateError(f"{text!r} could be day-first or month-first")
