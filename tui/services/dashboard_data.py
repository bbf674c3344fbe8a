"""What the dashboard shows, computed from the store without Textual (so it is testable and cheap)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from ..domain.models import ActionItem, ActionStatus, CheckInKind
from ..domain.stats import Momentum, Pipeline, action_sort_key, momentum, pipeline
from ..store import Store


@dataclass(frozen=True)
class DueItem:
    """One line of "Due now": something the person can act on with Enter."""

    kind: str  # "reflection", "check_in", "follow_up", "move_on"
    title: str
    detail: str
    due_at: datetime | None
    rejection_id: int | None = None
    application_id: int | None = None
    checkin_id: int | None = None
    reminder_key: str | None = None


ACTIONS_SHOWN = 6  # per group in "Actions that need you"


@dataclass(frozen=True)
class DashboardData:
    due: list[DueItem]
    overdue_actions: list[ActionItem]  # the first ACTIONS_SHOWN, in board order
    week_actions: list[ActionItem]
    pipeline: Pipeline
    momentum: Momentum
    next_reminder: datetime | None
    overdue_count: int = 0
    week_count: int = 0
    # Reminders not due yet, soonest first (for a saved dashboard to stay true as time passes).
    upcoming: list[DueItem] = field(default_factory=list)


def reflections_due(store: Store) -> list[DueItem]:
    """Rejections whose reflection is not finished (and whose chapter is not closed)."""
    apps = {a.id: a for a in store.applications.all()}
    finished_or_started = {r.rejection_id: r for r in store.reflections.all()}
    items = []
    for rejection in store.rejections.all():
        if rejection.closed_at is not None:
            continue
        reflection = finished_or_started.get(rejection.id)
        if reflection is not None and reflection.is_complete:
            continue
        app = apps.get(rejection.application_id)
        name = app.company if app else "an application"
        detail = f"resume at step {reflection.step} of 5" if reflection else "reflect when you are ready"
        items.append(DueItem("reflection", f"Reflect on {name}", detail, None, rejection_id=rejection.id, application_id=rejection.application_id))
    return items


def reminders_due(store: Store, now: datetime, zone: tzinfo) -> list[DueItem]:
    """Check-ins, follow-ups and move-on prompts due now, from the reminder rules."""
    return _due_items(_service(store, now, zone).pending(now), now)


def _service(store: Store, now: datetime, zone: tzinfo):  # type: ignore[no-untyped-def]
    from .reminders import ReminderService

    return ReminderService(store, _FixedClock(now, zone), sender=None)


def _due_items(pending: list, now: datetime, due: bool = True) -> list[DueItem]:  # type: ignore[type-arg]
    """The reminders due at ``now`` (or, with ``due=False``, the ones still to come)."""
    return [
        DueItem(
            kind=reminder.kind.value,
            title=reminder.title,
            detail=reminder.body,
            due_at=reminder.due_at,
            rejection_id=reminder.rejection_id,
            application_id=reminder.application_id,
            checkin_id=reminder.checkin_id,
            reminder_key=reminder.key,
        )
        for reminder in pending
        if (reminder.due_at <= now) is due
    ]


def build(store: Store, now: datetime, zone: tzinfo) -> DashboardData:
    today = now.astimezone(zone).date()
    # Decode the tables once, first: the reminder rules below then reuse these records.
    applications, checkins, rejections = store.applications.all(), store.checkins.all(), store.rejections.all()
    all_actions = store.actions.all()
    done = ActionStatus.DONE  # once, not per item (an enum class lookup is slow)
    actions = [a for a in all_actions if a.status is not done]
    overdue = [a for a in actions if a.is_overdue(today)]
    week_end = today + timedelta(days=7)
    this_week = [a for a in actions if a.due is not None and today <= a.due <= week_end]
    pending, next_reminder = _service(store, now, zone).overview(now)  # one read for both
    due = _due_items(pending, now) + reflections_due(store)
    upcoming = sorted(_due_items(pending, now, due=False), key=lambda item: item.due_at or now)
    return DashboardData(
        due=due,
        # The first few in board order (nsmallest is sorted(...)[:n] without sorting thousands).
        overdue_actions=heapq.nsmallest(ACTIONS_SHOWN, overdue, key=action_sort_key),
        week_actions=heapq.nsmallest(ACTIONS_SHOWN, this_week, key=action_sort_key),
        pipeline=pipeline(applications),
        momentum=momentum(all_actions, checkins, rejections, today, zone),
        next_reminder=next_reminder,
        overdue_count=len(overdue),
        week_count=len(this_week),
        upcoming=upcoming,
    )


class _FixedClock:
    """The dashboard's moment, as a clock for the reminder service."""

    def __init__(self, now: datetime, zone: tzinfo) -> None:
        self._now = now
        self.tz = zone

    def now(self) -> datetime:
        return self._now


def due_label(kind: str) -> str:
    if kind == "reflection":
        return "Reflect"
    try:
        return CheckInKind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
