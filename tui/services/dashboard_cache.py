"""The dashboard as last built, in a small file beside the store, so the first frame is cheap.

Building the dashboard decodes every record (a second or so of CPU on a store with 10,000
action items, spread over start-up). The result is small: the due list, a dozen actions and a
few counts. It is saved next to the store (``nextround.json.dashboard``) together with the
store's fingerprint (length and CRC-32 of the exact bytes it was built from), the time zone,
the reminders that fall due later today (so the due list stays right as time passes), and the
moment until which it stays true: the next local midnight (overdue, "this week" and "done this
week" turn over then). At start-up the app shows it only if all three still match; then it
rebuilds from the store in the background anyway and redraws if anything differs.

It is derived data: deleting the file is always safe, and a missing, unreadable or
mismatched file is ignored (the dashboard is then built the slow way).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from .dashboard_data import DashboardData, DueItem
from ..domain.models import ActionItem, Stage
from ..domain.stats import Momentum, Pipeline
from ..domain.clock import zone_key
from ..store import Store
from ..store import store as store_module
from ..store.storage import create_private_temp, read_derived_file
from ..store.store import TrustedContent

CACHE_SUFFIX = ".dashboard"
#: Far more than any dashboard we save; a bigger file is not ours.
MAX_CACHE_BYTES = 8 * 1024 * 1024
FORMAT = 3  # 3: the store's schema version and settings document, for Store.open(trusted=...)
UPCOMING_KEPT = 200  # reminders still to come today, kept to move into the due list as time passes


def cache_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + CACHE_SUFFIX)


def _midnight_after(moment: datetime, zone: tzinfo) -> datetime:
    local_day: date = moment.astimezone(zone).date()
    return datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone).astimezone(timezone.utc)


def _kept_upcoming(data: DashboardData, built_at: datetime, zone: tzinfo) -> tuple[list[DueItem], datetime | None]:
    """The reminders to keep (due before midnight, at most UPCOMING_KEPT), and the due time of
    the first one left out (the saved dashboard would not know it had fallen due)."""
    midnight = _midnight_after(built_at, zone)
    today = [item for item in data.upcoming if item.due_at is not None and item.due_at < midnight]
    if len(today) > UPCOMING_KEPT:
        return today[:UPCOMING_KEPT], today[UPCOMING_KEPT].due_at
    return today, None


def valid_until(data: DashboardData, built_at: datetime, zone: tzinfo) -> datetime:
    """The first moment at which the same data could show something the saved copy cannot."""
    _, first_left_out = _kept_upcoming(data, built_at, zone)
    midnight = _midnight_after(built_at, zone)
    return min(midnight, first_left_out) if first_left_out is not None else midnight


def as_of(data: DashboardData, now: datetime) -> DashboardData:
    """The saved dashboard at ``now``: reminders that came due since move into the due list
    (after the ones already due, before the reflections, as ``dashboard_data.build`` orders them)."""
    came_due = [item for item in data.upcoming if item.due_at is not None and item.due_at <= now]
    if not came_due:
        return data
    reminders = [item for item in data.due if item.kind != "reflection"]
    reflections = [item for item in data.due if item.kind == "reflection"]
    still_to_come = [item for item in data.upcoming if item not in came_due]
    return replace(data, due=reminders + came_due + reflections, upcoming=still_to_come)


# -- writing ---------------------------------------------------------------------------------------


def save(store_path: Path, content: TrustedContent, data: DashboardData, built_at: datetime, zone: tzinfo) -> bool:
    """Write the cache (temp file and rename: readers see the old or the new file, never half).

    ``content`` names the store content ``data`` was built from (``Store.trusted_content``);
    the next start uses it to skip parsing the store before its first frame.

    False when it could not be written (no zone name to key it by, a read-only folder): a cache
    that is missing only costs the next start some time.
    """
    zone_name = zone_key(zone)
    if zone_name is None:
        return False
    document = {
        "format": FORMAT,
        "store": content.fingerprint,
        "schema": store_module.SCHEMA_VERSION,
        "settings": content.settings,
        "zone": zone_name,
        "built_at": _iso(built_at),
        "valid_until": _iso(valid_until(data, built_at, zone)),
        "data": _encode(replace(data, upcoming=_kept_upcoming(data, built_at, zone)[0])),
    }
    return _write(cache_path(store_path), document)


def carry_over(store_path: Path, before: str, after: str, next_reminder: datetime | None) -> bool:
    """Keep the saved dashboard true across a ``remind --once`` that raised something.

    Such a run changes only claims and raised marks (when it started no check-in series):
    the due list keeps raised reminders until they are answered, the actions, pipeline and
    moods are untouched, and only the next reminder moves (to ``next_reminder``, its plan's).
    So a dashboard saved for the content ``before`` is rewritten for ``after`` with that one
    change, and the next start (usually right after the notification) draws it at once. True
    if it was carried over; anything unexpected leaves the file as it was.
    """
    target = cache_path(store_path)
    try:
        raw = read_derived_file(target, MAX_CACHE_BYTES)
        if raw is None:
            return False
        if before.encode() not in raw:  # most runs: a dashboard for another content, not parsed
            return False
        document = json.loads(raw)
        if document.get("format") != FORMAT or document.get("store") != before:
            return False
        document["store"] = after
        document["data"]["next_reminder"] = _iso(next_reminder)
    except Exception:  # noqa: BLE001 - a damaged cache (even 100,000 nested brackets) is no cache
        return False
    return _write(target, document)


def _write(target: Path, document: dict[str, Any]) -> bool:
    """Write ``document`` over ``target`` by a temp file and a rename (readers see old or new)."""
    # The store's temp-file prefix: Store.open removes any left by a killed process.
    temporary: Path | None = None
    try:
        # A random name, O_EXCL | O_NOFOLLOW: a planted file or symlink is never written through.
        fd, temporary = create_private_temp(target.parent, target.name)
        try:
            payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except (OSError, ValueError, TypeError):
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return False
    return True


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat()


def _encode_item(item: DueItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "title": item.title,
        "detail": item.detail,
        "due_at": _iso(item.due_at),
        "rejection_id": item.rejection_id,
        "application_id": item.application_id,
        "checkin_id": item.checkin_id,
        "reminder_key": item.reminder_key,
    }


def _encode(data: DashboardData) -> dict[str, Any]:
    return {
        "due": [_encode_item(item) for item in data.due],
        "upcoming": [_encode_item(item) for item in data.upcoming],
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


# The start reads the saved dashboard twice: for ``trusted_content`` (opening the store) and for
# ``load`` (the first frame). The document parsed for the first is kept for the second, as long
# as the file is still the same; ``load`` lets go of it (it is a few hundred kB of objects).
_read_for_start: tuple[Path, tuple[int, int, int], dict[str, Any]] | None = None


def _file_identity(path: Path) -> tuple[int, int, int]:
    stat = os.stat(path)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _read_document(store_path: Path, keep: bool) -> Any:
    """The saved dashboard's JSON (raises OSError / ValueError as reading and parsing do)."""
    global _read_for_start
    path = cache_path(store_path)
    held, _read_for_start = _read_for_start, None
    identity = _file_identity(path)
    if held is not None and held[0] == path and held[1] == identity:
        document = held[2]
    else:
        # O_NOFOLLOW | O_NONBLOCK, a regular file under a size limit: a FIFO or a symlink to
        # /dev/zero in its place is "no cache", never a hang or a flood.
        raw = read_derived_file(path, MAX_CACHE_BYTES)
        if raw is None:
            raise OSError("the saved dashboard is not a readable regular file")
        document = json.loads(raw)
    if keep and isinstance(document, dict):
        _read_for_start = (path, identity, document)
    return document


def trusted_content(store_path: Path) -> TrustedContent | None:
    """The store content the saved dashboard was built from, if this version wrote it.

    That content was read in full and valid (and migrated to this schema) when the dashboard
    was built, whatever the date: a start that finds the same bytes may parse them later.
    """
    try:
        document = _read_document(store_path, keep=True)
        if document.get("format") != FORMAT or document.get("schema") != store_module.SCHEMA_VERSION:
            return None
        fingerprint, settings = document["store"], document.get("settings")
        if not isinstance(fingerprint, str) or not (settings is None or isinstance(settings, dict)):
            return None
        return TrustedContent(fingerprint, settings)
    except Exception:  # noqa: BLE001 - any damage (a RecursionError from deep nesting too) is no cache
        return None


def load(store_path: Path, fingerprint: str | None, now: datetime, zone: tzinfo) -> DashboardData | None:
    """The cached dashboard if it was built from exactly this store content and is still true now."""
    if fingerprint is None:
        return None
    try:
        document = _read_document(store_path, keep=False)
        if document.get("format") != FORMAT or document.get("store") != fingerprint:
            return None
        if zone_key(zone) is None or document.get("zone") != zone_key(zone):
            return None
        built_at = _moment(document["built_at"])
        until = _moment(document["valid_until"])
        if built_at is None or until is None or not built_at <= now < until:
            return None
        return as_of(_decode(document["data"]), now)
    except Exception:  # noqa: BLE001 - any damage (a RecursionError from deep nesting too) is no cache
        return None  # missing, unreadable, from another version: build the slow way


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError("naive time in the dashboard cache")
    return moment


def _decode_item(item: dict[str, Any]) -> DueItem:
    return DueItem(
        kind=str(item["kind"]),
        title=str(item["title"]),
        detail=str(item["detail"]),
        due_at=_moment(item.get("due_at")),
        rejection_id=_optional_int(item.get("rejection_id")),
        application_id=_optional_int(item.get("application_id")),
        checkin_id=_optional_int(item.get("checkin_id")),
        reminder_key=None if item.get("reminder_key") is None else str(item["reminder_key"]),
    )


def _decode(raw: dict[str, Any]) -> DashboardData:
    due = [_decode_item(item) for item in raw["due"]]
    upcoming = [_decode_item(item) for item in raw["upcoming"]]
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
        upcoming=upcoming,
    )


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def build_and_save(store: Store, now: datetime, zone: tzinfo) -> DashboardData:
    """Build the dashboard from the store and keep it for the next start (off the event loop)."""
    from .dashboard_data import build

    before = store.trusted_content()
    data = build(store, now, zone)
    if before is not None and store.fingerprint == before.fingerprint:  # nobody wrote while we built
        _save_if_new(store.path, before, data, now, zone)
    return data


# What this process last wrote for each store: (content, zone, data, valid until, file identity).
_last_saved: dict[Path, tuple[TrustedContent, str | None, DashboardData, datetime, tuple[int, int, int]]] = {}
_DUE_NOW = datetime.min.replace(tzinfo=timezone.utc)


def _as_shown(data: DashboardData, built_at: datetime) -> DashboardData:
    """``data`` as the screen tells it: a next reminder at or before the moment it was built
    means "something is due now" (``build`` gives ``now`` itself then, so it differs each time)."""
    if data.next_reminder is not None and data.next_reminder <= built_at:
        return replace(data, next_reminder=_DUE_NOW)
    return data


def _save_if_new(store_path: Path, content: TrustedContent, data: DashboardData, now: datetime, zone: tzinfo) -> None:
    """``save``, unless the file already holds what it would write: the dashboard rebuilds on
    every visit, and equal data rewrote the same few hundred kB each time. Equal data built
    earlier is still true until its own ``valid_until``."""
    last = _last_saved.pop(store_path, None)
    shown = (content, zone_key(zone), _as_shown(data, now))
    if last is not None and last[:3] == shown and now < last[3] and _identity_or_none(store_path) == last[4]:
        _last_saved[store_path] = last
        return
    if save(store_path, content, data, now, zone):
        written = _identity_or_none(store_path)
        if written is not None:
            _last_saved[store_path] = (*shown, valid_until(data, now, zone), written)


def _identity_or_none(store_path: Path) -> tuple[int, int, int] | None:
    try:
        return _file_identity(cache_path(store_path))
    except OSError:
        return None
