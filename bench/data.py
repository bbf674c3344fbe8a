"""The data the bench runs on: demo stores at several sizes, and copies prepared for ``remind``.

Sizes: ``empty``; ``small`` and ``large`` as the issue defines them, built with the demo
generator (``tui.services.demo``): small = 20 applications and 60 action items (6 rejections and 18
check-ins, the large demo's proportions), large = the large demo (1,000 applications, 300
rejections with reflections, 10,000 action items, 3,000 check-ins); or a number of action
items, for the growth figures: the large demo's shape scaled so that it holds that many action
items (N/10 applications, 3N/100 rejections with reflections, 3N/10 check-ins). Every size
starts from the small demo's story (``nextround --demo``: 12 applications, 9 action items), so
the small store fills the board's columns at 120x40 as the large one does.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

STORE_FILE = "nextround.json"


def store_file(folder: Path) -> Path:
    return folder / STORE_FILE


def _clock():  # type: ignore[no-untyped-def]
    from tui.domain.clock import SystemClock

    return SystemClock()


def build(folder: Path, size: str | int) -> Path:
    """Write a store of ``size`` into ``folder`` (created empty); returns the folder."""
    from tui.store import Store

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    clock = _clock()
    store = Store.open(store_file(folder), today=lambda: clock.now().astimezone(clock.tz).date())
    try:
        if size == "empty":
            store.write_empty()  # opening alone writes no file
            return folder
        if size == "large":
            from tui.services.demo import fill_demo_store

            fill_demo_store(store, clock.now(), clock.tz, "large")
        elif size == "small":
            _fill_shape(store, clock.now(), clock.tz, **SMALL)
        else:
            _fill_scaled(store, int(size), clock.now(), clock.tz)
    finally:
        store.close()
    return folder


# The small store: 20 applications, 60 action items; rejections and check-ins in the
# large demo's proportions (3 in 10 applications rejected, 3 check-ins per 10 action items).
SMALL = {"applications": 20, "rejections": 6, "actions": 60, "checkins": 18}


def _fill_scaled(store, actions: int, now: datetime, zone) -> None:  # type: ignore[no-untyped-def]
    """The large demo's shape with ``actions`` action items."""
    _fill_shape(store, now, zone, applications=max(actions // 10, 1), rejections=max(actions * 3 // 100, 1),
                actions=actions, checkins=max(actions * 3 // 10, 1))


def _fill_shape(store, now: datetime, zone, **totals: int) -> None:  # type: ignore[no-untyped-def]
    """The small demo's story topped up to ``totals`` records (uses the demo generator's builder)."""
    from tui.services import demo

    try:
        builder = demo._Builder(now, zone)  # noqa: SLF001 - the generator's own building blocks
        demo._small_story(builder)  # noqa: SLF001
        demo._add_volume(builder, **totals)  # noqa: SLF001
    except AttributeError as exc:  # the generator changed shape: say so instead of guessing
        raise RuntimeError(f"tui.services.demo no longer has the builder the growth figures use ({exc})") from exc
    demo.write_demo(store, builder.data)


DASHBOARD_FILE = STORE_FILE + ".dashboard"  # tui.services.dashboard_cache: what the app leaves at quit
REMIND_FILE = STORE_FILE + ".remind-cache"  # tui.services.remind_cache: what `remind --once` leaves
SIDE_FILES = (DASHBOARD_FILE, REMIND_FILE)


def copy(source: Path, target: Path) -> Path:
    """A fresh copy of a store folder (each run that writes gets its own), with the files that
    Next Round keeps beside the store (they stay valid in a copy: they name the store's content)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy2(store_file(source), store_file(target))
    for name in SIDE_FILES:
        if (source / name).exists():
            shutil.copy2(source / name, target / name)
    return target


def save_dashboard(folder: Path) -> bool:
    """Leave the saved dashboard a session of the app leaves when it quits (True if written)."""
    from tui.services.dashboard_cache import build_and_save
    from tui.store import Store

    clock = _clock()
    store = Store.open(store_file(folder))
    try:
        build_and_save(store, clock.now(), clock.tz)
    finally:
        store.close()
    return (folder / DASHBOARD_FILE).exists()


def without_dashboard(source: Path, target: Path) -> Path:
    """A copy with no saved dashboard: a start after another process changed the store."""
    copy(source, target)
    (target / DASHBOARD_FILE).unlink(missing_ok=True)
    return target


def without_remind_cache(source: Path, target: Path) -> Path:
    """A copy with no saved schedule: the first timer run after the store changed."""
    copy(source, target)
    (target / REMIND_FILE).unlink(missing_ok=True)
    return target


def counts(folder: Path) -> dict[str, int]:
    import json

    raw = json.loads(store_file(folder).read_bytes())
    return {table: len(docs) for table, docs in raw.items() if not table.startswith("_")}


# ---------------------------------------------------------------------------------------------
# Stores for `nextround remind --once`


def prepare_nothing_due(source: Path, target: Path) -> tuple[Path, str]:
    """A copy of ``source`` on which ``remind --once`` finds nothing to raise right now.

    Quiet hours are turned off (so the time of day the bench runs at does not matter), then
    every reminder due now is claimed as if an earlier timer run had raised it (claims dated two
    days ago, so today's daily cap is untouched): the steady state of a 15-minute timer.
    """
    from tui.services.reminders import ReminderService
    from tui.store import Store

    copy(source, target)
    clock = _clock()
    store = Store.open(store_file(target))
    try:
        store.save_settings(store.settings().with_changes(quiet_start="00:00", quiet_end="00:00", skip_weekends=False))
        settings = store.settings()
        store.save_settings(settings.with_changes(max_prompts_per_day=0))
        service = ReminderService(store, clock, owner="bench", sender=None)
        for _ in range(50):
            if not service.run_once():
                break
        store.save_settings(settings)
        old = (clock.now() - timedelta(days=2)).isoformat(timespec="seconds")
        with store.transaction():
            store.db.table("claims").update({"at": old})
        leftover = service.plan(clock.now())
        note = "" if not leftover.notices else f"{len(leftover.notices)} still due"
    finally:
        store.close()
    # One real timer run, as the previous one would have been: it finds nothing and leaves
    # its schedule (tui.services.remind_cache) beside the store.
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "NEXTROUND_DATA_DIR")}
    subprocess.run([sys.executable, "-m", "tui", "remind", "--once", "--data-dir", str(target)],
                   capture_output=True, env=env, check=False)
    if not (target / REMIND_FILE).exists():
        note = (note + "; " if note else "") + "remind --once left no saved schedule"
    return target, note


def add_due_checkins(folder: Path, count: int = 3) -> None:
    """Make ``count`` check-ins fall due a minute ago (each raised on its own: not a digest)."""
    from tui.domain.models import CheckIn, CheckInKind, CheckInState
    from tui.store import Store

    clock = _clock()
    store = Store.open(store_file(folder))
    try:
        rejections = store.rejections.all()[:count] or [None] * count
        now = clock.now()
        rows = [
            CheckIn(
                kind=CheckInKind.CHECK_IN,
                due_at=now - timedelta(minutes=1),
                rejection_id=r.id if r is not None else None,
                application_id=r.application_id if r is not None else None,
                state=CheckInState.PENDING,
                created_at=now,
                sequence=9,
                topic="ladder",
            )
            for r in rejections[:count]
        ]
        store.checkins.add_many(rows)
    finally:
        store.close()
