"""What a row of the Applications list shows and how rows sort: pure functions of the records.

Kept apart from the screen (``applications.py``), which owns the table, the keys and the dialogs:
these only turn an application into cells and sort keys, so they are tested without an app.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from rich.text import Text

from ...domain.dates import days_ago, format_day
from ...domain.models import OFFER_STAGES, OPEN_STAGES, PIPELINE_ORDER, Application, Stage
from ...domain.clock import Clock
from ...domain.text import clean
from ...store import Store

# The single-key stage moves (r, rejected, has its own dialog).
STAGE_KEYS: tuple[tuple[str, Stage], ...] = (
    ("s", Stage.SCREENING),
    ("i", Stage.INTERVIEW),
    ("f", Stage.FINAL_ROUND),
    ("o", Stage.OFFER),
    ("w", Stage.WITHDRAWN),
    ("n", Stage.GHOSTED),  # no reply (g / G are first / last, as in every list)
)

# Column key, label when wide, label when narrow (below NARROW_WIDTH columns).
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("company", "Company", "Company"),
    ("role", "Role", "Role"),
    ("stage", "Stage", "Stage"),
    ("applied", "Applied", "Applied"),
    ("last_change", "Last change", "Changed"),
    ("next_reminder", "Next reminder", "Reminder"),
)
COLUMN_KEYS = tuple(key for key, _, _ in COLUMNS)
MAX_ROW_UPDATES = 40  # more changed rows than this: rebuild the table instead of cell updates
NARROW_WIDTH = 100
# Dates and counts read best newest-first; names read best A to Z.
NEWEST_FIRST = frozenset({"applied", "last_change"})
_EARLIEST = datetime.min.replace(tzinfo=timezone.utc)
_LATEST = datetime.max.replace(tzinfo=timezone.utc)


def short_day(day: date | None, today: date) -> str:
    """``today``, ``23 Nov``, ``12 Oct 25``: a date in at most nine columns."""
    if day is None or abs((day - today).days) <= 1:
        return format_day(day, today)
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %y}"


def short_ago(day: date | None, today: date) -> str:
    """``today``, ``3d ago``, ``5w ago``, ``4mo ago``: fits a narrow column."""
    if day is None:
        return "—"
    delta = (today - day).days
    if delta <= 0:
        return "today" if delta == 0 else format_day(day, today)
    if delta < 14:
        return f"{delta}d ago"
    if delta < 60:
        return f"{delta // 7}w ago"
    if delta < 365:
        return f"{delta // 30}mo ago"
    return f"{delta // 365}y ago"


def cell(value: str, style: str = "") -> Text:
    """User text for one table cell: literal, on one line, cut with an ellipsis when too long."""
    return Text(" ".join(clean(value).split()), style=style, no_wrap=True, overflow="ellipsis", end="")


def matches(app: Application, words: list[str]) -> bool:
    """Every word of the filter appears in the company, role or stage."""
    haystack = f"{app.company} {app.role} {app.stage.label}".casefold()
    return all(word in haystack for word in words)


def column_widths(width: int) -> tuple[bool, int, int]:
    """(narrow, company width, role width) for a screen ``width`` columns wide: company and role
    get what the fixed columns leave."""
    narrow = width < NARROW_WIDTH
    fixed = 11 + (9 if narrow else 11) + (9 if narrow else 13) + (10 if narrow else 20)
    spare = width - fixed - 2 * len(COLUMNS) - 3  # cell padding, border, scrollbar
    company = max(10, min(44, spare * 55 // 100))
    role = max(8, min(40, spare - company))
    return narrow, company, role


def keys_hint(narrow: bool) -> Text:
    """The line under the table: the single-key stage moves."""
    hint = Text()
    if not narrow:
        hint.append("enter", "bold").append(" timeline   ")
    for key, stage in (*STAGE_KEYS, ("r", Stage.REJECTED)):
        label = "final" if narrow and stage is Stage.FINAL_ROUND else stage.label.lower()
        hint.append(key, "bold").append(f" {label} ")
    return hint


def row_cells(app: Application, today: date, narrow: bool, zone: Any, next_reminder: str) -> tuple[Text, ...]:
    """The six cells of ``app``'s row (dates short when ``narrow``)."""
    changed = app.last_change.astimezone(zone).date() if app.last_change else None
    stage_style = "bold" if app.stage in OFFER_STAGES else ("" if app.stage in OPEN_STAGES else "italic")
    applied_text = short_day(app.applied_on, today) if narrow else format_day(app.applied_on, today)
    return (
        cell(app.company),
        cell(app.role),
        Text(app.stage.label, style=stage_style),
        Text(applied_text),
        Text(short_ago(changed, today) if narrow else days_ago(changed, today)),
        cell(next_reminder),
    )


def sort_value(app: Application, key: str, next_due: datetime | None) -> Any:
    """What ``app`` sorts by in column ``key`` (``next_due``: its next reminder, if any)."""
    if key == "company":
        return app.company.casefold()
    if key == "role":
        return app.role.casefold()
    if key == "stage":
        return PIPELINE_ORDER.index(app.stage)
    if key == "applied":
        return app.applied_on or date.min
    if key == "last_change":
        return app.last_change or _EARLIEST
    return next_due if next_due is not None else _LATEST


def sort_order_text(key: str, reverse: bool) -> str:
    """``newest first``, ``A to Z``, ``furthest first``: the order, in words, for the subtitle."""
    if key == "stage":
        return "furthest first" if reverse else "earliest first"
    if key in NEWEST_FIRST:
        return "newest first" if reverse else "oldest first"
    return "Z to A" if reverse else "A to Z"


def soonest_reminders(store: Store, clock: Clock) -> dict[int, tuple[str, datetime]]:
    """Each application's next reminder (kind label, when), from one pass over the reminder rules."""
    from ...services.reminders import ReminderService

    soonest: dict[int, tuple[str, datetime]] = {}
    for reminder in ReminderService(store, clock, sender=None).pending():
        if reminder.application_id is None:
            continue
        current = soonest.get(reminder.application_id)
        if current is None or reminder.due_at < current[1]:
            soonest[reminder.application_id] = (reminder.kind.label, reminder.due_at)
    return soonest


def reminder_text(upcoming: tuple[str, datetime] | None, now: datetime, zone: Any, narrow: bool) -> str:
    """The "Next reminder" cell: ``—``, ``due now``, ``Follow-up Tue 8 Dec`` (the day alone when narrow)."""
    if upcoming is None:
        return "—"
    label, when = upcoming
    if when <= now:
        return "due now"
    day = format_day(when.astimezone(zone).date(), now.astimezone(zone).date())
    return day if narrow else f"{label} {day}"
