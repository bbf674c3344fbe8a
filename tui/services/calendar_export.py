"""``nextround export --format ics``: what is coming up, as calendar events.

The reminders are the reminder service's own (``ReminderService.pending``: every check-in,
follow-up and move-on prompt not yet acted on, snoozes applied), so the calendar says exactly
what the app and ``nextround remind`` will say, at the same moments. Open action items with a
due date become all-day events. Each event's UID names the thing, not the occurrence
(``application-7-follow-up``, ``checkin-12``, ``action-5``): after a snooze, a recorded
follow-up or a new due date, importing a fresh export moves the event instead of adding one.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from ..domain.models import ActionStatus, Application
from ..domain.reminders import Reminder, parse_key
from ..store import Store
from ..store.ics import CalendarEvent, render_calendar

UID_DOMAIN = "nextround"


class _At:
    """The export's moment as a clock for the reminder service."""

    def __init__(self, now: datetime, zone: tzinfo) -> None:
        self._now = now
        self.tz = zone

    def now(self) -> datetime:
        return self._now


def reminder_uid(reminder: Reminder) -> str:
    """One UID per subject and rule (``rejection-4-feedback-nudge``), whatever the occurrence."""
    try:
        info = parse_key(reminder.base_key)
    except ValueError:
        return f"reminder-{reminder.base_key}@{UID_DOMAIN}"
    if info.subject == "checkin":
        return f"checkin-{info.subject_id}@{UID_DOMAIN}"
    return f"{info.subject}-{info.subject_id}-{info.topic}@{UID_DOMAIN}"


def calendar_events(store: Store, now: datetime, zone: tzinfo) -> list[CalendarEvent]:
    """Outstanding reminders (timed, UTC) and open dated action items (all-day), soonest first."""
    from .reminders import ReminderService

    service = ReminderService(store, _At(now, zone), sender=None)
    events: dict[str, CalendarEvent] = {}
    for reminder in service.pending(now):
        uid = reminder_uid(reminder)
        if uid in events:  # pending() is sorted: the soonest occurrence stands for the thing
            continue
        events[uid] = CalendarEvent(
            uid=uid,
            summary=reminder.title,
            description=f"{reminder.body}\n\nOpen Next Round to answer it.",
            start=reminder.due_at,
            categories=("Next Round", reminder.kind.label),
        )
    applications: dict[int, Application] = {a.id: a for a in store.applications.all()}
    dated = [a for a in store.actions.all() if a.status is not ActionStatus.DONE and a.due is not None]
    for item in sorted(dated, key=lambda a: (a.due, a.id)):
        app = applications.get(item.application_id) if item.application_id is not None else None
        about = f" ({app.company})" if app is not None and app.company.strip() else ""
        notes = [f"Priority: {item.priority.value}", f"On your board: {item.status.label}"]
        if item.notes.strip():
            notes.insert(0, item.notes.strip())
        uid = f"action-{item.id}@{UID_DOMAIN}"
        events[uid] = CalendarEvent(
            uid=uid,
            summary=f"{item.title}{about}",
            description="\n".join(notes),
            day=item.due,
            categories=("Next Round", "Action item"),
        )
    return list(events.values())


def calendar_text(store: Store, now: datetime, zone: tzinfo) -> str:
    """The iCalendar file for ``store`` as of ``now``."""
    return render_calendar(calendar_events(store, now, zone), exported_at=now)
