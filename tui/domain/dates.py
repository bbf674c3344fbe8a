"""Reading dates the way people type them, and showing dates the way people read them.

Pure functions of the text and ``today``/``now``: nothing here reads the clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

# dateutil is imported where it is used: this module is on the path to the app's first frame
# (the dashboard formats dates), where loading relativedelta and rrule cost about 5 ms.

WEEKDAYS = {  # Monday is 0, as in date.weekday() and dateutil's weekdays
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

DATE_HINT = "try 2026-11-30, 30 Nov, tomorrow, +3d, +2w or next friday"

_RELATIVE = re.compile(r"^(?:in\s+)?([+-]?)\s*(\d{1,4})\s*(d|day|days|w|wk|week|weeks|m|mo|month|months)(?:\s+(ago))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?$")


class DateParseError(ValueError):
    """The text could not be read as a date; the message says what to type instead."""


def parse_user_date(text: str, today: date) -> date:
    """Read a date as a person types it, relative to ``today``.

    Accepts ISO dates, day and month names (``3 Nov``, ``Nov 3 2026``), slashed dates
    (day first unless that cannot be), ``today``/``tomorrow``/``yesterday``, offsets
    (``+3d``, ``-1w``, ``in 2 weeks``, ``3 days ago``) and weekdays (``fri``,
    ``next friday``: the first one after today). A date without a year is taken in
    ``today``'s year.
    """
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise DateParseError("no date given: " + DATE_HINT)
    if len(text) > 60:
        raise DateParseError("that is too long to be a date: " + DATE_HINT)
    if text in ("today", "now", "tod"):
        return today
    if text in ("tomorrow", "tmr", "tmrw", "tom"):
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)

    from dateutil.relativedelta import relativedelta, weekdays

    match = _RELATIVE.match(text)
    if match:
        sign, amount, unit, ago = match.groups()
        n = int(amount) * (-1 if sign == "-" or ago else 1)
        if unit.startswith("d"):
            delta = relativedelta(days=n)
        elif unit.startswith("w"):
            delta = relativedelta(weeks=n)
        else:
            delta = relativedelta(months=n)
        try:
            return today + delta
        except (OverflowError, ValueError) as exc:
            raise DateParseError(f"{raw.strip()!r} is out of range") from exc

    words = text.split()
    if words[0] in ("next", "this") and len(words) == 2 and words[1] in WEEKDAYS:
        return today + relativedelta(days=1, weekday=weekdays[WEEKDAYS[words[1]]](+1))
    if words[0] == "next" and len(words) == 2 and words[1] in ("week", "month"):
        return today + (relativedelta(weeks=1) if words[1] == "week" else relativedelta(months=1))
    if len(words) == 1 and words[0] in WEEKDAYS:
        return today + relativedelta(days=1, weekday=weekdays[WEEKDAYS[words[0]]](+1))

    match = _SLASHED.match(text)
    if match:
        return _slashed_date(match, today, raw)
    match = _ISO.match(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError as exc:
            raise DateParseError(f"{raw.strip()!r} is not a real date: " + DATE_HINT) from exc

    # Only accept text that looks like a date: digits plus at most month words.
    if not re.search(r"\d", text):
        raise DateParseError(f"can't read {raw.strip()!r} as a date: " + DATE_HINT)
    try:
        from dateutil import parser as dateutil_parser  # loaded when a person types a date

        parsed = dateutil_parser.parse(
            text, default=datetime(today.year, today.month, today.day), dayfirst=True, fuzzy=False
        )
    except (ValueError, OverflowError, TypeError) as exc:
        raise DateParseError(f"can't read {raw.strip()!r} as a date: " + DATE_HINT) from exc
    if parsed.hour or parsed.minute or parsed.second or parsed.tzinfo is not None:
        raise DateParseError(f"{raw.strip()!r} has a time in it; give just a date: " + DATE_HINT)
    return parsed.date()


def _slashed_date(match: re.Match[str], today: date, raw: str) -> date:
    first, second, year_text = match.groups()
    a, b = int(first), int(second)
    day, month = (a, b) if b <= 12 else (b, a)  # day first, unless the second can't be a month
    year = today.year
    if year_text:
        year = int(year_text)
        if year < 100:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateParseError(f"{raw.strip()!r} is not a real date: " + DATE_HINT) from exc


_TIME_ONLY = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_HOURS = re.compile(r"^\+\s*(\d{1,3})\s*(h|hr|hrs|hour|hours|m|min|mins|minutes)$")


def parse_user_datetime(text: str, now: datetime, zone: tzinfo, default_hour: int = 9) -> datetime:
    """Read a moment such as ``18:30``, ``+2h``, ``tomorrow 9:00`` or ``fri``, in ``zone``.

    Returns an aware datetime in UTC. A bare time means the next time the clock shows it;
    a bare date means ``default_hour`` o'clock that day.
    """
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateParseError("no time given: try 18:30, +2h, tomorrow 9:00 or fri")
    local_now = now.astimezone(zone)
    match = _HOURS.match(cleaned)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        return now + (timedelta(hours=amount) if unit.startswith("h") else timedelta(minutes=amount))

    clock_part: time | None = None
    date_part = cleaned
    words = cleaned.split()
    if words and _TIME_ONLY.match(words[-1]) and (":" in words[-1] or words[-1][-2:] in ("am", "pm")):
        clock_part = _read_clock(words[-1])
        date_part = " ".join(words[:-1])
    elif len(words) >= 2 and _TIME_ONLY.match(" ".join(words[-2:])):
        clock_part = _read_clock(" ".join(words[-2:]))
        date_part = " ".join(words[:-2])

    if date_part:
        day = parse_user_date(date_part, local_now.date())
        moment = datetime.combine(day, clock_part or time(default_hour), tzinfo=zone)
    else:
        if clock_part is None:
            raise DateParseError(f"can't read {text.strip()!r} as a time: try 18:30, +2h, tomorrow 9:00 or fri")
        moment = datetime.combine(local_now.date(), clock_part, tzinfo=zone)
        if moment <= local_now:
            moment = datetime.combine(local_now.date() + timedelta(days=1), clock_part, tzinfo=zone)
    return moment.astimezone(now.tzinfo or zone)


def _read_clock(text: str) -> time:
    match = _TIME_ONLY.match(text.replace(" ", "")) or _TIME_ONLY.match(text)
    if not match:
        raise DateParseError(f"can't read {text!r} as a time")
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem == "pm" and hour < 12:
        hour += 12
    if meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise DateParseError(f"{text!r} is not a time of day")
    return time(hour, minute)


# ---------------------------------------------------------------------------
# Business days


def add_business_days(start: datetime, days: int) -> datetime:
    """The moment ``days`` working days (Mon-Fri) after ``start``, same wall-clock time.

    ``start`` should be in the person's zone so that a weekend is their weekend.
    """
    if days <= 0:
        return start
    from dateutil.rrule import DAILY, rrule

    rule = rrule(DAILY, byweekday=(0, 1, 2, 3, 4), dtstart=start.replace(tzinfo=None) + timedelta(days=1))
    naive = rule[days - 1]
    return naive.replace(tzinfo=start.tzinfo)


def business_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    if end <= start:
        return 0
    from dateutil.rrule import DAILY, rrule

    rule = rrule(DAILY, byweekday=(0, 1, 2, 3, 4), dtstart=start + timedelta(days=1), until=end)
    return rule.count()


# ---------------------------------------------------------------------------
# Showing dates


def format_day(day: date | None, today: date) -> str:
    """``today``, ``tomorrow``, ``Fri 27 Nov`` or ``27 Nov 2027``: short and unambiguous."""
    if day is None:
        return "—"
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if day.year != today.year:
        return f"{day.day} {day:%b %Y}"
    if -6 <= delta <= 6:
        return f"{day:%a} {day.day} {day:%b}"
    return f"{day.day} {day:%b}"


def format_moment(moment: datetime | None, now: datetime, zone: tzinfo) -> str:
    """A time in the person's zone: ``today 14:30``, ``Fri 27 Nov 09:00``."""
    if moment is None:
        return "—"
    local = moment.astimezone(zone)
    return f"{format_day(local.date(), now.astimezone(zone).date())} {local:%H:%M}"


def days_ago(day: date | None, today: date) -> str:
    if day is None:
        return "—"
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "1 day ago"
    if delta > 0:
        return f"{delta} days ago"
    return f"in {-delta} days"
