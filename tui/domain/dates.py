"""Reading dates the way people type them, and showing dates the way people read them.

Pure functions of the text and ``today``/``now``: nothing here reads the clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum

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


class Direction(Enum):
    """Which way a date field looks from today, so "monday" and the hints mean the right day.

    PAST: applied on, heard on, done on. FUTURE: due, snooze, follow up on. EITHER: no leaning.
    """

    PAST = "past"
    FUTURE = "future"
    EITHER = "either"


DATE_HINT = "try 2026-11-30, 30 Nov, tomorrow, +3d, +2w or next friday"
PAST_HINT = "try today, yesterday, monday, last friday, 3 days ago or 3 Nov"
FUTURE_HINT = "try tomorrow, friday, next friday, +3d, in 2 weeks or 30 Nov"
HINTS = {Direction.PAST: PAST_HINT, Direction.FUTURE: FUTURE_HINT, Direction.EITHER: DATE_HINT}
VAGUE_HINTS = {
    Direction.PAST: "about when? e.g. 3 days ago, last monday or 20 Nov",
    Direction.FUTURE: "about when? e.g. tomorrow, friday, in 2 weeks or 30 Nov",
    Direction.EITHER: "about when? e.g. 3 days ago, tomorrow or 20 Nov",
}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
    "a couple": 2, "couple": 2,
}  # fmt: skip
_COUNT = (
    r"(\d{1,4}|a couple of|couple of|a couple|couple|an?|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve)"
)
_RELATIVE = re.compile(
    r"^(?:in\s+)?([+-]?)\s*" + _COUNT + r"\s*(d|day|days|w|wk|wks|week|weeks|m|mo|month|months)"
    r"(?:\s+(ago|back|from now|from today|time))?$"
)
# Said of today: the date is today whatever the hour.
_TODAY_WORDS = frozenset(
    {"today", "now", "tod", "this morning", "this afternoon", "this evening", "tonight", "earlier today",
     "just now", "later today", "today morning"}
)  # fmt: skip
_YESTERDAY_WORDS = frozenset(
    {"yesterday", "yday", "yest", "last night", "yesterday morning", "yesterday afternoon", "yesterday evening"}
)
_TOMORROW_WORDS = frozenset({"tomorrow", "tmr", "tmrw", "tom", "tomorrow morning", "tomorrow night"})
# Too vague to store as one day: ask "about when?" rather than guess.
_VAGUE = re.compile(
    r"^(?:the other day|other day|recently|lately|a while ago|a while back|a few days ago|few days ago|"
    r"some days ago|a few weeks ago|few weeks ago|some time ago|sometime ago|ages ago|a bit ago|"
    r"last week|last month|earlier this week|earlier this month|this week|the week before|"
    r"a few weeks back|not long ago|some time last week|sometime last week|last weekend|"
    r"the week before last|several days ago|several weeks ago|soon|sometime|some time|later this week|"
    r"next few days|in a few days|in a while|in a bit|one day|someday|some day|asap|earlier)$"
)
_ISO = re.compile(
    r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"  # 2026-11-03, 2026/11/03: year, month, day
    r"(?:[ t](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:z|utc|[+-]\d{2}:?\d{2})?)?$"  # an export's time
)
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?$")


class DateParseError(ValueError):
    """The text could not be read as a date; the message says what to type instead."""


def parse_user_date(text: str, today: date, direction: Direction = Direction.EITHER) -> date:
    """Read a date as a person types it, relative to ``today``, in a field looking ``direction``.

    Accepts ISO dates (also with slashes, ``2026/11/03``, or with an export's time of day),
    day and month names (``3 Nov``, ``Nov 3 2026``), slashed dates (day first unless that
    cannot be), ``today``/``this morning``/``earlier today``, ``tomorrow``,
    ``yesterday``/``last night``, offsets (``+3d``, ``-1w``, ``in 2 weeks``, ``3 days ago``,
    ``a week ago``), ``last friday`` (the latest Friday before today), ``next friday`` (the
    first after today) and bare weekdays: the nearest one in the field's direction (in a past
    field today counts; otherwise the first one after today). Vague phrases ("last week", "the
    other day") are refused with "about when?" rather than guessed. A date without a year is
    taken in ``today``'s year.
    """
    raw = text
    hint = HINTS[direction]
    text = " ".join(text.strip().lower().replace(",", " ").split())
    if not text:
        raise DateParseError("no date given: " + hint)
    if len(text) > 60:
        raise DateParseError("that is too long to be a date: " + hint)
    if text in _TODAY_WORDS:
        return today
    if text in _TOMORROW_WORDS:
        return today + timedelta(days=1)
    if text in _YESTERDAY_WORDS:
        return today - timedelta(days=1)
    if text in ("the day before yesterday", "day before yesterday"):
        return today - timedelta(days=2)
    if text in ("the day after tomorrow", "day after tomorrow"):
        return today + timedelta(days=2)
    if _VAGUE.match(text):
        raise DateParseError(f"{raw.strip()!r} is not one date: " + VAGUE_HINTS[direction])

    from dateutil.relativedelta import relativedelta, weekdays

    match = _RELATIVE.match(text)
    if match:
        sign, amount, unit, ago = match.groups()
        count = _NUMBER_WORDS[amount] if amount in _NUMBER_WORDS else int(amount)
        n = count * (-1 if sign == "-" or ago in ("ago", "back") else 1)
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

    words = [w for w in text.split() if w != "on"]  # "on monday", "last monday"
    if not words:
        raise DateParseError(f"can't read {raw.strip()!r} as a date: " + hint)
    if words[0] == "next" and len(words) == 2 and words[1] in WEEKDAYS:
        return today + relativedelta(days=1, weekday=weekdays[WEEKDAYS[words[1]]](+1))
    if words[0] in ("last", "past", "previous") and len(words) == 2 and words[1] in WEEKDAYS:
        return today + relativedelta(days=-1, weekday=weekdays[WEEKDAYS[words[1]]](-1))
    if words[0] == "next" and len(words) == 2 and words[1] in ("week", "month"):
        return today + (relativedelta(weeks=1) if words[1] == "week" else relativedelta(months=1))
    if (len(words) == 1 or (words[0] == "this" and len(words) == 2)) and words[-1] in WEEKDAYS:
        weekday = weekdays[WEEKDAYS[words[-1]]]
        if direction is Direction.PAST:
            return today + relativedelta(weekday=weekday(-1))  # today, or the latest before it
        return today + relativedelta(days=1, weekday=weekday(+1))

    match = _SLASHED.match(text)
    if match:
        return _slashed_date(match, today, raw, hint)
    match = _ISO.match(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        except ValueError as exc:
            raise DateParseError(f"{raw.strip()!r} is not a real date: " + hint) from exc

    # Only accept text that looks like a date: digits plus at most month words.
    if not re.search(r"\d", text):
        raise DateParseError(f"can't read {raw.strip()!r} as a date: " + hint)
    try:
        from dateutil import parser as dateutil_parser  # loaded when a person types a date

        parsed = dateutil_parser.parse(
            text, default=datetime(today.year, today.month, today.day), dayfirst=True, fuzzy=False
        )
    except (ValueError, OverflowError, TypeError) as exc:
        raise DateParseError(f"can't read {raw.strip()!r} as a date: " + hint) from exc
    if parsed.hour or parsed.minute or parsed.second or parsed.tzinfo is not None:
        raise DateParseError(f"{raw.strip()!r} has a time in it; give just a date: " + hint)
    return parsed.date()


def direction_question(day: date, today: date, direction: Direction) -> str | None:
    """What to ask when a date lies on the wrong side of today for its field, else None.

    The forms show it and save only when the same date is saved again, so a slip such as
    "next monday" in "Applied on" is never stored in silence.
    """
    if direction is Direction.PAST and day > today:
        days = (day - today).days
        when = "tomorrow" if days == 1 else f"in {days} days"
        return f"that is {when}, not past yet: save again to keep it, or type the day it happened"
    if direction is Direction.FUTURE and day < today:
        days = (today - day).days
        return f"that was {days} day{'s' if days != 1 else ''} ago: save again to keep it, or type a day ahead"
    return None


def _slashed_date(match: re.Match[str], today: date, raw: str, hint: str = DATE_HINT) -> date:
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
        raise DateParseError(f"{raw.strip()!r} is not a real date: " + hint) from exc


_TIME_ONLY = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_HOURS = re.compile(r"^\+\s*(\d{1,3})\s*(h|hr|hrs|hour|hours|m|min|mins|minutes)$")


def parse_user_datetime(
    text: str, now: datetime, zone: tzinfo, default_hour: int = 9, direction: Direction = Direction.FUTURE
) -> datetime:
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
        day = parse_user_date(date_part, local_now.date(), direction)
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
