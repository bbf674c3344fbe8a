"""The dashboard as last built, in a small file beside the store, so the first frame is cheap.

Building the dashboard decodes every record (a second or so of CPU on a store with 10,000
action items, spread over start-up). The result is small: the due list, a dozen actions and a
few counts. It is saved next to the store (``nextround.json.dashboard``) together with the
store's fingerprint (length and CRC-32 of the exact bytes it was built from), the time zone,
and the moment until which it stays true: the next reminder due time or the next local
midnight, whichever comes first (overdue, "this week" and "done this week" turn over at
midnight). At start-up the app shows it only if all three still match; then it rebuilds from
the store in the background anyway and redraws if anything differs.

It is derived data: deleting the file is always safe, and a missing, unreadable or
mismatched file is ignored (the dashboard is then built the slow way).
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from .dashboard_data import DashboardData, DueItem
from .domain.models import ActionItem, Stage
from .domain.stats import Momentum, Pipeline
from .store import Store

CACHE_SUFFIX = ".dashboard"
FORMAT = 1


def cache_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + CACHE_SUFFIX)


def zone_name(zone: tzinfo, at: datetime) -> str:
    """A name that tells zones apart across processes (zoneinfo key, else name and offset)."""
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    return f"{zone.tzname(at)}{at.astimezone(zone).utcoffset()}"


def valid_until(data: DashboardData, built_at: datetime, zone: tzinfo) -> datetime:
    """The first moment at which the same data could show something else."""
    local_day: date = built_at.astimezone(zone).date()
    midnight = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone).astimezone(timezone.utc)
    if data.next_reminder is not None and built_at < data.next_reminder < midnight:
        return data.next_reminder
    return midnight


# -- writing ---------------------------------------------------------------------------------------


def save(store_path: Path, fingerprint: str, data: DashboardData, built_at: datetime, zone: tzinfo) -> None:
    """Write the cache (temp file and rename: readers see the old or the new file, never half)."""
    document = {
        "format": FORMAT,
        "store": fingerprint,
        "zone": zone_name(zone, built_at),
        "built_at": _iso(built_at),
        "valid_until": _iso(valid_until(data, built_at, zone)),
        "data": _encode(data),
    }
    target = cache_path(store_path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    finally:
        os.close(fd)
    os.replace(temporary, target)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat()


def _encode(data: DashboardData) -> dict[str, Any]:
    return {
        "due": [
            {
                "kind": item.kind,
                "title": item.title,
                "detail": item.detail,
                "due_at": _iso(item.due_at),
                "rejection_id": item.rejection_id,
                "application_id": item.application_id,
                "checkin_id": item.checkin_id,
                "reminder_key": item.reminder_key,
            }
            for item in data.due
        ],
        "overdue": [{"id": a.id, "doc": a.to_dict()} for a in data.overdue_actions],
        "week": [{"id": a.id, "doc": a.to_dict()} for a in data.week_actions],
        "overdue_count": data.overdue_count,
        "week_count": data.week_count,
        "pipeline": {
            "by_stage": {stage.value: count for stage, count in data.pipeline.by_stage.items()},
            "total": data.pipeline.total,
            "interviews": data.pipeline.interviews,
            "offers": data.pipeline.offers,
        },
        "momentum": {
            "done_this_week": data.momentum.done_this_week,
            "done_last_week": data.momentum.done_last_week,
            "days_since_closed": data.momentum.days_since_closed,
            "moods": list(data.momentum.moods),
        },
        "next_reminder": _iso(data.next_reminder),
    }


# -- reading ---------------------------------------------------------------------------------------


def load(store_path: Path, fingerprint: str | None, now: datetime, zone: tzinfo) -> DashboardData | None:
    """The cached dashboard if it was built from exactly this store content and is still true now."""
    if fingerprint is None:
        return None
    try:
        document = json.loads(cache_path(store_path).read_bytes())
        if document.get("format") != FORMAT or document.get("store") != fingerprint:
            return None
        if document.get("zone") != zone_name(zone, now):
            return None
        built_at = _moment(document["built_at"])
        until = _moment(document["valid_until"])
        if built_at is None or until is None or not built_at <= now < until:
            return None
        return _decode(document["data"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing, unreadable, from another version: build the slow way


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError("naive time in the dashboard cache")
    return moment


def _decode(raw: dict[str, Any]) -> DashboardData:
    due = [
        DueItem(
            kind=str(item["kind"]),
            title=str(item["title"]),
            detail=str(item["detail"]),
            due_at=_moment(item.get("due_at")),
            rejection_id=_optional_int(item.get("rejection_id")),
            application_id=_optional_int(item.get("application_id")),
            checkin_id=_optional_int(item.get("checkin_id")),
            reminder_key=None if item.get("reminder_key") is None else str(item["reminder_key"]),
        )
        for item in raw["due"]
    ]
    pipe = raw["pipeline"]
    mood = raw["momentum"]
    return DashboardData(
        due=due,
        overdue_actions=[ActionItem.from_dict(a["doc"], int(a["id"])) for a in raw["overdue"]],
        week_actions=[ActionItem.from_dict(a["doc"], int(a["id"])) for a in raw["week"]],
        pipeline=Pipeline(
            by_stage={Stage(stage): int(count) for stage, count in pipe["by_stage"].items()},
            total=int(pipe["total"]),
            interviews=int(pipe["interviews"]),
            offers=int(pipe["offers"]),
        ),
        momentum=Momentum(
            done_this_week=int(mood["done_this_week"]),
            done_last_week=int(mood["done_last_week"]),
            days_since_closed=_optional_int(mood.get("days_since_closed")),
            moods=tuple(int(m) for m in mood["moods"]),
        ),
        next_reminder=_moment(raw.get("next_reminder")),
        overdue_count=int(raw["overdue_count"]),
        week_count=int(raw["week_count"]),
    )


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def build_and_save(store: Store, now: datetime, zone: tzinfo) -> DashboardData:
    """Build the dashboard from the store and keep it for the next start (off the event loop)."""
    from .dashboard_data import build

    before = store.fingerprint
    data = build(store, now, zone)
    if before is not None and store.fingerprint == before:  # nobody wrote while we built
        try:
            save(store.path, before, data, now, zone)
        except OSError:
            pass  # a cache we cannot write only costs the next start some time
    return data
