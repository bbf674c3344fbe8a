"""Wall-clock arithmetic in the person's zone: local moments, working days, and the
day counts prompts state ("14 days", "1 working day").
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule

from ..dates import add_business_days


_UTC = timezone.utc

_LOCAL_MEMO: dict[tuple[date, time, int], tuple[tzinfo, datetime]] = {}


def _local_moment(day: date, clock: time, zone: tzinfo) -> datetime:
    """``day`` at ``clock`` on the person's wall clock, as UTC; a time skipped by DST moves forward.

    An ambiguous time (the repeated hour in autumn) is its first occurrence. Memoised per
    zone object: a store has many records on the same days, and zone arithmetic with the
    system's local zone is slow enough to show on a large store.
    """
    memo_key = (day, clock, id(zone))
    hit = _LOCAL_MEMO.get(memo_key)
    if hit is not None and hit[0] is zone:
        return hit[1]
    moment = datetime.combine(day, clock, tzinfo=zone)
    result = moment.astimezone(_UTC)
    if result.astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        # The wall time does not exist (skipped when the clocks went forward). Imported here:
        # dateutil.tz costs 15 ms to import (it loads ctypes), on every start of `remind`.
        from dateutil import tz as dateutil_tz

        result = dateutil_tz.resolve_imaginary(moment).astimezone(_UTC)
    if len(_LOCAL_MEMO) > 8192:
        _LOCAL_MEMO.clear()
    _LOCAL_MEMO[memo_key] = (zone, result)  # the zone is kept alive, so its id is not reused
    return result


class _WorkingDays:
    """Working days (Mon-Fri) from one dateutil rrule expansion, looked up by bisection.

    ``dates.add_business_days`` walks an rrule per call; a large store needs about a thousand
    such answers per run, so this expands the rule once over the range in use and indexes it.
    Same answers (a property test checks), a fraction of the time. Deterministic and
    side-effect free apart from the memo, so the module stays pure.
    """

    _MARGIN = timedelta(days=366)

    def __init__(self) -> None:
        self._span: tuple[date, date, list[date]] = (date.max, date.min, [])

    def after(self, start: date, days: int) -> date:
        need_end = start + timedelta(days=days * 7 // 5 + 7)
        lo, hi, table = self._span
        if start < lo or need_end > hi:
            lo = min(lo, start) - self._MARGIN
            hi = max(hi, need_end) + self._MARGIN
            rule = rrule(DAILY, byweekday=(MO, TU, WE, TH, FR), dtstart=datetime.combine(lo, time()),
                         until=datetime.combine(hi, time()))
            table = [moment.date() for moment in rule]
            self._span = (lo, hi, table)  # one assignment: safe for concurrent readers
        return table[bisect_right(table, start) + days - 1]


_working_days = _WorkingDays()


def _business_day_after(start: date, days: int) -> date:
    """The working day ``days`` after ``start`` (what ``dates.add_business_days`` answers)."""
    if days <= 0:
        return start
    try:
        return _working_days.after(start, days)
    except (OverflowError, IndexError, ValueError):  # the far edges of the calendar
        return add_business_days(datetime.combine(start, time()), days).date()


def _add_business_days(moment: datetime, days: int, zone: tzinfo) -> datetime:
    """``days`` working days after ``moment`` at the same wall-clock time, weekends in ``zone``."""
    local = moment.astimezone(zone)
    if days <= 0:
        return moment.astimezone(_UTC)
    return _local_moment(_business_day_after(local.date(), days), local.time().replace(tzinfo=None), zone)


def _wall_add(moment: datetime, delta: timedelta, zone: tzinfo) -> datetime:
    """Add ``delta`` on the wall clock (a day is a calendar day across a DST change)."""
    local = moment.astimezone(zone).replace(tzinfo=None) + delta
    return _local_moment(local.date(), local.time(), zone)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def working_days_between(start: date, end: date) -> int:
    """Working days (Mon-Fri) after ``start`` up to and including ``end``; 0 if ``end <= start``.

    The count the business-day rules use: Thursday to the next Thursday is 5.
    """
    if end <= start:
        return 0
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def elapsed_phrase(since: date, today: date, working_days: bool) -> str:
    """``14 days`` / ``1 working day`` from ``since`` to ``today``, as the rule counts them."""
    if working_days:
        return _plural(working_days_between(since, today), "working day")
    days = (today - since).days
    return "less than a day" if days <= 0 else _plural(days, "day")


def _counted(before: str, after: str, since: date, due: datetime, working: bool, zone: tzinfo) -> dict[str, object]:
    """The body and the parts :meth:`Reminder.as_of` restates, counted at the due time."""
    count = elapsed_phrase(since, due.astimezone(zone).date(), working)
    return {
        "body": before + count + after,
        "since": since,
        "since_working_days": working,
        "body_parts": (before, after),
    }
