"""When a prompt may be raised at all: quiet hours (possibly across midnight and DST
changes), skipped weekends, and the snooze times built on them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from ..models import Settings
from .local_time import _local_moment, _UTC


def _parse_hhmm(text: str, fallback: time) -> time:
    try:
        hours, minutes = str(text).strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        return fallback


def quiet_window(settings: Settings) -> tuple[time, time] | None:
    """(start, end) of quiet hours, or None when they are off (start equals end)."""
    start = _parse_hhmm(settings.quiet_start, time(21, 0))
    end = _parse_hhmm(settings.quiet_end, time(8, 0))
    return None if start == end else (start, end)


def in_quiet_hours(now: datetime, settings: Settings, zone: tzinfo) -> bool:
    """Is ``now`` inside quiet hours on the person's wall clock? The window may cross midnight."""
    window = quiet_window(settings)
    if window is None:
        return False
    start, end = window
    wall = now.astimezone(zone).time()
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end


def _quiet_end_after(moment: datetime, settings: Settings, zone: tzinfo) -> datetime:
    """The end of the quiet hours that contain ``moment``."""
    window = quiet_window(settings)
    assert window is not None
    start, end = window
    local = moment.astimezone(zone)
    day = local.date()
    if start > end and local.time() >= start:  # the evening part of a window crossing midnight
        day += timedelta(days=1)
    result = _first_instant_at(day, end, zone)
    if result <= moment:
        # The clocks went back and ``moment`` is in the repeated hour, before ``end``'s second
        # showing: quiet hours end when the wall clock reads ``end`` again.
        result = datetime.combine(day, end, tzinfo=zone).replace(fold=1).astimezone(_UTC)
    return result if result > moment else moment + timedelta(minutes=1)


def _first_instant_at(day: date, clock: time, zone: tzinfo) -> datetime:
    """The first instant at which the wall clock on ``day`` reads ``clock`` or later.

    Usually just that wall time; when the clocks skip over it (spring forward), it is the
    moment of the jump (quiet hours "until 02:30" end at 03:00 when 02:00 becomes 03:00),
    not ``clock`` shifted by the gap.
    """
    result = _local_moment(day, clock, zone)
    naive = datetime.combine(day, clock)
    if result.astimezone(zone).replace(tzinfo=None) == naive:
        return result
    # Bisect whole seconds: the wall clock reads < clock at base + lo and >= clock at base + hi.
    base = result - timedelta(hours=3)
    lo, hi = 0, 3 * 3600
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (base + timedelta(seconds=mid)).astimezone(zone).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return base + timedelta(seconds=hi)


def is_weekend(moment: datetime, zone: tzinfo) -> bool:
    return moment.astimezone(zone).weekday() >= 5


def is_allowed(moment: datetime, settings: Settings, zone: tzinfo) -> bool:
    """May a prompt be raised at ``moment``: outside quiet hours, and not a skipped weekend."""
    if settings.skip_weekends and is_weekend(moment, zone):
        return False
    return not in_quiet_hours(moment, settings, zone)


def next_allowed_time(t: datetime, settings: Settings, zone: tzinfo) -> datetime:
    """The first moment at or after ``t`` when a prompt may be raised.

    Inside quiet hours that is their end (on the wall clock, so it is 08:00 on the day the
    clocks change too); on a weekend with ``skip_weekends`` it is Monday, then past its quiet
    hours.
    """
    moment = t
    for _ in range(8):
        if settings.skip_weekends and is_weekend(moment, zone):
            local = moment.astimezone(zone)
            monday = local.date() + timedelta(days=7 - local.weekday())
            moment = _first_instant_at(monday, time(0, 0), zone)
            continue
        if in_quiet_hours(moment, settings, zone):
            moment = _quiet_end_after(moment, settings, zone)
            continue
        return moment
    return moment


def start_of_next_day(now: datetime, zone: tzinfo) -> datetime:
    """Local midnight after ``now``: when the daily prompt count starts again."""
    return _local_moment(now.astimezone(zone).date() + timedelta(days=1), time(0, 0), zone)


def in_one_hour(now: datetime) -> datetime:
    return now + timedelta(hours=1)


def tomorrow_morning(now: datetime, settings: Settings, zone: tzinfo) -> datetime:
    """``settings.morning_hour`` on the coming morning.

    Between midnight and 04:00 "tomorrow morning" means the morning about to come (people
    still up at 1 a.m. count that as tonight); otherwise the next calendar day.
    """
    local = now.astimezone(zone)
    day = local.date() if local.hour < 4 and local.hour < settings.morning_hour else local.date() + timedelta(days=1)
    return _local_moment(day, time(settings.morning_hour % 24, 0), zone)
