"""The figures the dashboard shows: pipeline counts, rates and momentum.

Pure functions of the records and ``today``: the honest counter-evidence the article asks
for (you were picked to interview N times) comes from here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from .models import (
    OFFER_STAGES,
    ActionItem,
    ActionStatus,
    Application,
    CheckIn,
    Rejection,
    Stage,
)


@dataclass(frozen=True)
class Pipeline:
    by_stage: dict[Stage, int]
    #: Applications actually sent: wishlist entries (saved to apply later, or dropped before
    #: applying) are not, so they never dilute the rates.
    total: int
    interviews: int
    offers: int

    @property
    def interview_rate(self) -> float | None:
        return self.interviews / self.total if self.total else None

    @property
    def offer_rate(self) -> float | None:
        return self.offers / self.interviews if self.interviews else None

    @property
    def open(self) -> int:
        return sum(n for stage, n in self.by_stage.items() if stage.is_open)


_NOT_SENT = frozenset({Stage.WISHLIST, Stage.WITHDRAWN})


def was_sent(app: Application) -> bool:
    """Was this application ever sent? Not while on the wishlist, nor when a wishlist entry was
    withdrawn without ever being applied for; everything else was (older records have no
    wishlist entry on their timeline, so they count as before)."""
    if app.stage is Stage.WISHLIST:
        return False
    stages = {change.stage for change in app.timeline}
    if Stage.WISHLIST in stages and stages <= _NOT_SENT and app.stage in _NOT_SENT:
        return False
    return True


def pipeline(applications: Iterable[Application]) -> Pipeline:
    counts: Counter[Stage] = Counter()
    interviews = offers = total = 0
    for app in applications:
        counts[app.stage] += 1
        if not was_sent(app):
            continue
        total += 1
        if app.ever_interviewed:
            interviews += 1
        if app.stage in OFFER_STAGES or any(c.stage in OFFER_STAGES for c in app.timeline):
            offers += 1
    return Pipeline({stage: counts.get(stage, 0) for stage in Stage}, total, interviews, offers)


@dataclass(frozen=True)
class Momentum:
    done_this_week: int
    done_last_week: int
    days_since_closed: int | None
    moods: tuple[int, ...]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def momentum(
    actions: Iterable[ActionItem],
    checkins: Iterable[CheckIn],
    rejections: Iterable[Rejection],
    today: date,
    zone: tzinfo = timezone.utc,
    mood_points: int = 20,
) -> Momentum:
    """Actions done this week and last (local weeks from Monday), recent moods, days since the
    last closed chapter. Stored times are UTC: an action done late on Sunday evening in ``zone``
    belongs to that week, whatever the date is in UTC."""
    this_week = week_start(today)
    last_week = this_week - timedelta(days=7)
    # The weeks' starts as UTC instants, so each stored (UTC) time compares without conversion.
    this_start, last_start = (_local_midnight_utc(day, zone) for day in (this_week, last_week))
    done_this = done_last = 0
    done_status = ActionStatus.DONE  # once, not per item (an enum class lookup is slow)
    for item in actions:
        if item.status is done_status and item.completed_at is not None:
            done = item.completed_at
            if done.tzinfo is not timezone.utc:
                done = done.astimezone(timezone.utc)
            if done >= this_start:
                done_this += 1
            elif done >= last_start:
                done_last += 1
    answered = sorted(
        (c for c in checkins if c.mood is not None and c.answered_at is not None), key=lambda c: c.answered_at  # type: ignore[arg-type,return-value]
    )
    moods = tuple(c.mood for c in answered[-mood_points:] if c.mood is not None)
    closed = [r.closed_at for r in rejections if r.closed_at is not None]
    days_since = (today - max(closed).astimezone(zone).date()).days if closed else None
    return Momentum(done_this, done_last, days_since, moods)


def _local_midnight_utc(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc)


def sort_actions(items: Sequence[ActionItem]) -> list[ActionItem]:
    """Board order: by due date (undated last), then priority (high first), then age."""
    return sorted(items, key=action_sort_key)


def action_sort_key(item: ActionItem) -> tuple[int, date, int, int]:
    return (item.due is None, item.due or date.max, -item.priority.rank, item.id)


SPARK_CHARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int], low: int = 1, high: int = 5) -> str:
    """Moods as a row of block characters (1 = lowest bar, 5 = highest)."""
    span = high - low or 1
    last = len(SPARK_CHARS) - 1
    return "".join(SPARK_CHARS[round((min(max(v, low), high) - low) / span * last)] for v in values)
