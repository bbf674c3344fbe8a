"""An iCalendar (RFC 5545) writer for the few things a calendar export needs, written for us.

Pure: events in, text out. What calendar programs are strict about, and this module does:

* every line ends in CRLF and is folded at 75 octets (a continuation line starts with one
  space), never inside a UTF-8 character;
* TEXT values escape backslash, semicolon and comma, and a line break becomes ``\\n``;
  other control characters (and terminal escape sequences) are dropped, they are not text;
* times are UTC with a ``Z``; an all-day event is a ``VALUE=DATE``;
* a stable ``UID`` per thing, so importing a newer export updates the event instead of adding
  a second one, and ``SEQUENCE`` / ``LAST-MODIFIED`` grow with each export, so programs that
  need a higher revision to replace an event do so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from ..domain.text import clean

LINE_OCTETS = 75
PRODID = "-//Next Round//nextround calendar export//EN"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class CalendarEvent:
    """One event: at a moment (``start`` aware datetime) or on a day (``day``), not both."""

    uid: str
    summary: str
    description: str = ""
    start: datetime | None = None
    day: date | None = None
    duration: timedelta = timedelta(minutes=15)
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.start is None) == (self.day is None):
            raise ValueError("an event has either a start time or a day")
        if self.start is not None and self.start.tzinfo is None:
            raise ValueError("event times must be timezone-aware")


def clean_text(value: str) -> str:
    """Drop escape sequences and control characters; keep tabs and line breaks (as LF)."""
    return clean(value.replace("\r\n", "\n").replace("\r", "\n"))


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 3.3.11 wants it (after ``clean_text``)."""
    value = clean_text(value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets, never splitting a UTF-8 character; ends in CRLF."""
    parts: list[str] = []
    current = ""
    room = LINE_OCTETS
    used = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if used + size > room:
            parts.append(current)
            current, used, room = "", 0, LINE_OCTETS - 1  # the leading space takes one octet
        current += char
        used += size
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _duration(delta: timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 1)
    return f"PT{minutes}M"


def _uid(value: str) -> str:
    """A UID is TEXT too, but keep it to characters no program mangles."""
    return re.sub(r"[^A-Za-z0-9@._-]", "-", clean_text(value))


def render_calendar(events: Iterable[CalendarEvent], exported_at: datetime, name: str = "Next Round") -> str:
    """The whole VCALENDAR text (CRLF line ends) for ``events``, stamped ``exported_at``."""
    stamp = utc_stamp(exported_at)
    # One revision number per export, always larger for a later export: minutes since 1970.
    sequence = max(int((exported_at - _EPOCH).total_seconds() // 60), 0)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{_uid(event.uid)}", f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}", f"SEQUENCE:{sequence}"]
        if event.start is not None:
            lines += [f"DTSTART:{utc_stamp(event.start)}", f"DURATION:{_duration(event.duration)}"]
        else:
            assert event.day is not None
            lines += [
                f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
                "TRANSP:TRANSPARENT",
            ]
        lines.append(f"SUMMARY:{escape_text(event.summary)}")
        if event.description.strip():
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
