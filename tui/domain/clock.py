"""The one place that reads the wall clock.

Domain code takes ``now`` as an argument; the app, CLI and scheduler get it from a
``Clock`` so tests can freeze or advance time without patching ``datetime``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Protocol



class Clock(Protocol):
    """Anything that tells the time (always timezone-aware UTC) and the user's zone."""

    tz: tzinfo

    def now(self) -> datetime: ...


def local_zone() -> tzinfo:
    """The machine's zone as a ``zoneinfo`` zone when it can be named (``$TZ`` or the
    ``/etc/localtime`` link): several times faster to convert with than dateutil's ``tzlocal``,
    which stays the fallback."""
    import os
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            target = ""
        marker = "/zoneinfo/"
        name = target.split(marker, 1)[1] if marker in target else ""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    from dateutil import tz as dateutil_tz  # the fallback only: a zone we could not name

    return dateutil_tz.tzlocal()


def zone_key(zone: tzinfo) -> str | None:
    """A name that fixes the zone's rules, or None when there is none (caches keyed by
    the zone are then not kept).

    A ``zoneinfo`` zone has its key and ``datetime.timezone`` its offset; dateutil's
    ``tzlocal()`` follows the environment under one name, so it cannot be told apart.
    """
    key = getattr(zone, "key", None)
    if isinstance(key, str) and key:
        return f"zoneinfo:{key}"
    if isinstance(zone, timezone):
        return f"fixed:{zone.utcoffset(None)}"
    return None


class SystemClock:
    """The real wall clock, in UTC, with the machine's local zone for display."""

    def __init__(self, local_zone_override: tzinfo | None = None) -> None:
        self.tz: tzinfo = local_zone_override or local_zone()

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FrozenClock:
    """A clock that only moves when told to: for tests, demos, snapshots and benchmarks."""

    def __init__(self, at: datetime, local_zone: tzinfo | None = None) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware datetime")
        self._now = at.astimezone(timezone.utc)
        self.tz: tzinfo = local_zone or timezone.utc

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        self._now = at.astimezone(timezone.utc)

    def advance(self, delta: timedelta) -> None:
        self._now += delta
