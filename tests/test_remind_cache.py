"""The ``remind --once`` schedule cache (``nextround.json.remind-cache``): a shortcut, never the truth.

Unit tests drive :mod:`tui.services.remind_cache` with a frozen clock; the CLI tests run real processes
on a real store, as a systemd timer would.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.test_remind_cli import ROOT, child_env, claim_keys, make_due_checkins, remind, reminder_lines
from tui.services import remind_cache
from tui.domain.clock import FrozenClock
from tui.domain.models import Application, CheckIn, CheckInKind, Settings
from tui.services.reminders import IDLE_RECHECK, ReminderService
from tui.store import Store

UTC = timezone.utc
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # a Tuesday
ZONE = ZoneInfo("UTC")


# ---------------------------------------------------------------------------
# Unit: what is written, and when it is believed


def open_store(folder: Path) -> Store:
    store = Store.open(folder / "nextround.json")
    store.save_settings(Settings(quiet_start="00:00", quiet_end="00:00", max_prompts_per_day=0))
    return store


def add_checkin(store: Store, due: datetime) -> CheckIn:
    return store.checkins.add(CheckIn(kind=CheckInKind.CHECK_IN, due_at=due, sequence=1, interval_days=1.0))


def planned(store: Store, clock: FrozenClock) -> ReminderService:
    """A full run, then its promise written beside the store."""
    service = ReminderService(store, clock, sender=None, owner="test")
    service.run_once()
    assert remind_cache.remember(service)
    return service


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW, local_zone=ZONE)


def test_promise_holds_until_the_next_due_time(store: Store, clock: FrozenClock) -> None:
    add_checkin(store, NOW + timedelta(minutes=40))
    planned(store, clock)
    path = store.path
    assert remind_cache.promise_for(path, ZONE, NOW) == remind_cache.Promise(NOW + timedelta(minutes=40), "")
    assert remind_cache.promise_for(path, ZONE, NOW + timedelta(minutes=39)) is not None
    assert remind_cache.promise_for(path, ZONE, NOW + timedelta(minutes=40)) is None  # due: do the full run
    assert remind_cache.promise_for(path, ZONE, NOW - timedelta(seconds=1)) is None  # clock set back


def test_promise_never_reaches_past_the_idle_recheck(store: Store, clock: FrozenClock) -> None:
    add_checkin(store, NOW + timedelta(days=5))
    planned(store, clock)
    assert remind_cache.promise_for(store.path, ZONE, NOW + IDLE_RECHECK - timedelta(seconds=1)) is not None
    assert remind_cache.promise_for(store.path, ZONE, NOW + IDLE_RECHECK) is None


def test_what_was_raised_stays_in_the_store_and_the_promise_covers_the_rest(store: Store, clock: FrozenClock) -> None:
    due_now = add_checkin(store, NOW - timedelta(minutes=1))
    add_checkin(store, NOW + timedelta(minutes=30))
    service = ReminderService(store, clock, sender=None, owner="test")
    assert [r.key for r in service.run_once()] == [f"checkin:{due_now.id}"]
    assert remind_cache.remember(service)
    assert remind_cache.promise_for(store.path, ZONE, NOW).until == NOW + timedelta(minutes=30)
    cached = remind_cache.cache_path(store.path).read_text()
    assert "checkin:" not in cached  # no claims, no reminders: only derived times
    assert f"checkin:{due_now.id}" in [d["key"] for d in store.raw_tables()["claims"].values()]


def test_held_reminders_keep_their_reason(tmp_path: Path) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    clock = FrozenClock(datetime(2026, 3, 10, 21, 30, tzinfo=berlin), local_zone=berlin)
    store = Store.open(tmp_path / "nextround.json")
    try:
        store.save_settings(Settings(quiet_start="21:00", quiet_end="08:00", max_prompts_per_day=0))
        add_checkin(store, clock.now() - timedelta(minutes=5))
        planned(store, clock)
        promise = remind_cache.promise_for(store.path, berlin, clock.now())
    finally:
        store.close()
    assert promise is not None
    assert promise.reason.startswith("quiet hours until")
    assert promise.until == clock.now() + IDLE_RECHECK  # before 08:00: looked at again within the hour


def test_a_write_to_the_store_voids_the_promise(store: Store, clock: FrozenClock) -> None:
    add_checkin(store, NOW + timedelta(minutes=40))
    planned(store, clock)
    other = Store.open(store.path)  # another process: the app, an import, another timer run
    try:
        add_checkin(other, NOW - timedelta(minutes=1))
    finally:
        other.close()
    assert remind_cache.promise_for(store.path, ZONE, NOW) is None


def test_a_byte_identical_copy_of_the_store_keeps_the_promise(
    store: Store, clock: FrozenClock, tmp_path: Path
) -> None:
    """Same bytes, same schedule: a copied folder or a restored copy needs no full run."""
    add_checkin(store, NOW + timedelta(minutes=40))
    planned(store, clock)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(store.path, elsewhere / "nextround.json")  # another inode, another mtime
    shutil.copy(remind_cache.cache_path(store.path), remind_cache.cache_path(elsewhere / "nextround.json"))
    promise = remind_cache.promise_for(elsewhere / "nextround.json", ZONE, NOW)
    assert promise is not None and promise.until == NOW + timedelta(minutes=40)


def test_other_bytes_of_the_same_size_and_mtime_void_the_promise(
    store: Store, clock: FrozenClock, tmp_path: Path
) -> None:
    add_checkin(store, NOW + timedelta(minutes=40))
    planned(store, clock)
    raw = store.path.read_bytes()
    at = raw.index(b'"sequence":1')
    changed = raw[:at] + b'"sequence":2' + raw[at + len(b'"sequence":1'):]
    assert len(changed) == len(raw) and changed != raw
    copy = tmp_path / "copy.json"
    copy.write_bytes(changed)
    stat = store.path.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(copy, store.path)
    assert remind_cache.promise_for(store.path, ZONE, NOW) is None


def test_another_zone_or_other_code_voids_the_promise(
    store: Store, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_checkin(store, NOW + timedelta(minutes=40))
    planned(store, clock)
    assert remind_cache.promise_for(store.path, ZONE, NOW) is not None
    assert remind_cache.promise_for(store.path, ZoneInfo("Europe/Berlin"), NOW) is None
    assert remind_cache.promise_for(store.path, timezone.utc, NOW) is None  # another name for UTC: not assumed
    monkeypatch.setattr(remind_cache, "code_stamp", lambda: "another version")
    assert remind_cache.promise_for(store.path, ZONE, NOW) is None


def test_a_zone_without_a_name_is_never_cached(store: Store) -> None:
    from dateutil import tz

    clock = FrozenClock(NOW, local_zone=tz.tzlocal())
    service = ReminderService(store, clock, sender=None, owner="test")
    service.run_once()
    assert not remind_cache.remember(service)
    assert not remind_cache.cache_path(store.path).exists()


def test_nothing_is_written_when_the_store_changed_after_the_plan(store: Store, clock: FrozenClock) -> None:
    add_checkin(store, NOW + timedelta(minutes=40))
    service = ReminderService(store, clock, sender=None, owner="test")
    service.run_once()
    other = Store.open(store.path)
    try:
        add_checkin(other, NOW - timedelta(minutes=1))
    finally:
        other.close()
    assert not remind_cache.remember(service)
    assert not remind_cache.cache_path(store.path).exists()
    assert not list(store.path.parent.glob(".tmp-*"))


def test_nothing_is_written_before_a_run(store: Store, clock: FrozenClock) -> None:
    assert not remind_cache.remember(ReminderService(store, clock, sender=None, owner="test"))


def good_cache(store: Store, clock: FrozenClock) -> dict[str, object]:
    add_checkin(store, NOW + timedelta(minutes=40))
    planned(store, clock)
    return json.loads(remind_cache.cache_path(store.path).read_text())


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda doc: b"",
        lambda doc: b"{",
        lambda doc: b"\xff\xfe\x00garbage",
        lambda doc: b"null",
        lambda doc: b"[]",
        lambda doc: json.dumps(doc).encode()[:-3],  # cut short
        lambda doc: json.dumps({**doc, "format": 999}).encode(),
        # The file's identity is not this one's and its content fingerprint is missing or wrong.
        lambda doc: json.dumps({**doc, "store": "nextround.json", "content": None}).encode(),
        lambda doc: json.dumps({**doc, "store": [0, 0, 0, 0, 0], "content": "12:0badcafe"}).encode(),
        lambda doc: json.dumps({k: v for k, v in doc.items() if k not in ("store", "content")}).encode(),
        lambda doc: json.dumps({**doc, "until": "2026-03-10T12:00:00"}).encode(),  # no zone
        lambda doc: json.dumps({**doc, "until": "soon"}).encode(),
        lambda doc: json.dumps({**doc, "planned_at": 12}).encode(),
        lambda doc: json.dumps({k: v for k, v in doc.items() if k != "until"}).encode(),
        lambda doc: json.dumps(doc).encode() + b" " * remind_cache.MAX_BYTES,  # not ours: too big
    ],
)
def test_a_corrupt_cache_is_ignored(store: Store, clock: FrozenClock, corrupt) -> None:  # type: ignore[no-untyped-def]
    doc = good_cache(store, clock)
    assert remind_cache.promise_for(store.path, ZONE, NOW) is not None
    remind_cache.cache_path(store.path).write_bytes(corrupt(doc))
    assert remind_cache.promise_for(store.path, ZONE, NOW) is None


def test_an_unreadable_cache_is_ignored(store: Store, clock: FrozenClock) -> None:
    good_cache(store, clock)
    path = remind_cache.cache_path(store.path)
    path.unlink()
    path.mkdir()  # not a file at all
    assert remind_cache.promise_for(store.path, ZONE, NOW) is None
    service = ReminderService(store, clock, sender=None, owner="test")
    service.run_once()
    assert not remind_cache.remember(service)  # cannot replace a folder: no error either


def test_a_missing_store_has_no_promise(tmp_path: Path) -> None:
    assert remind_cache.promise_for(tmp_path / "nextround.json", ZONE, NOW) is None


def test_store_open_removes_a_leftover_temp_file(store: Store, clock: FrozenClock) -> None:
    leftover = store.path.with_name(f".tmp-{store.path.name}{remind_cache.SUFFIX}.12345")
    leftover.write_text("{")  # a run killed between writing and renaming
    Store.open(store.path).close()
    assert not leftover.exists()


# ---------------------------------------------------------------------------
# The command, as a timer runs it


def cache_of(data: Path) -> Path:
    return data / ("nextround.json" + remind_cache.SUFFIX)


def add_due_checkin(data: Path, due: datetime, company: str = "Initech") -> None:
    """Another process writes the store: one more closed rejection with a check-in at ``due``."""
    make_due_checkins(data, [company], due=due)


def test_an_idle_run_leaves_a_promise_and_the_next_one_keeps_it(
    tmp_path: Path, no_bus_env: dict[str, str | None]
) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"], due=datetime.now(UTC) + timedelta(minutes=45))
    first = remind(data, "--once", env=no_bus_env)
    assert first.returncode == 0 and first.stdout == "", first.stderr
    doc = json.loads(cache_of(data).read_text())
    assert datetime.fromisoformat(doc["until"]) <= datetime.now(UTC) + timedelta(minutes=45)
    before = (data / "nextround.json").stat()
    second = remind(data, "--once", env=no_bus_env)
    assert second.returncode == 0 and second.stdout == "" and second.stderr == ""
    after = (data / "nextround.json").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_stale_cache_is_ignored_and_what_fell_due_is_raised(
    tmp_path: Path, no_bus_env: dict[str, str | None]
) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"], due=datetime.now(UTC) + timedelta(minutes=45))
    assert remind(data, "--once", env=no_bus_env).stdout == ""
    assert cache_of(data).exists()
    add_due_checkin(data, datetime.now(UTC) - timedelta(minutes=1))  # the app (or anyone) writes
    result = remind(data, "--once", env=no_bus_env)
    assert result.returncode == 0, result.stderr
    assert reminder_lines(result.stdout) == ["Reminder: How are you doing?"]
    assert "Initech" in result.stdout
    assert remind(data, "--once", env=no_bus_env).stdout == ""  # raised once


def test_a_corrupt_cache_does_not_hide_a_due_reminder(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"])
    # A cache that would keep everything quiet for a year, were it believed: wrong format.
    store = data / "nextround.json"
    doc = {
        "format": remind_cache.FORMAT + 1, "code": remind_cache.code_stamp(), "zone": "zoneinfo:UTC",
        "store": remind_cache.store_identity(store), "planned_at": "2000-01-01T00:00:00+00:00",
        "until": "2100-01-01T00:00:00+00:00", "reason": "",
    }
    cache_of(data).write_text(json.dumps(doc))
    result = remind(data, "--once", env=no_bus_env)
    assert reminder_lines(result.stdout) == ["Reminder: How are you doing?"], result.stderr
    assert json.loads(cache_of(data).read_text())["format"] == remind_cache.FORMAT  # replaced by a good one


def test_the_same_forged_cache_in_the_right_format_is_believed(
    tmp_path: Path, no_bus_env: dict[str, str | None]
) -> None:
    """The control for the test above: it is the format alone that made the difference."""
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"])
    store = data / "nextround.json"
    doc = {
        "format": remind_cache.FORMAT, "code": remind_cache.code_stamp(), "zone": "zoneinfo:UTC",
        "store": remind_cache.store_identity(store), "planned_at": "2000-01-01T00:00:00+00:00",
        "until": "2100-01-01T00:00:00+00:00", "reason": "",
    }
    cache_of(data).write_text(json.dumps(doc))
    assert remind(data, "--once", env=no_bus_env).stdout == ""
    cache_of(data).unlink()  # deleting it is always safe: the full run raises it
    assert reminder_lines(remind(data, "--once", env=no_bus_env).stdout) == ["Reminder: How are you doing?"]


def test_a_cache_from_another_store_is_ignored(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    quiet, busy = tmp_path / "quiet", tmp_path / "busy"
    make_due_checkins(quiet, ["Acme"], due=datetime.now(UTC) + timedelta(minutes=45))
    assert remind(quiet, "--once", env=no_bus_env).stdout == ""
    make_due_checkins(busy, ["Globex"])
    shutil.copy2(cache_of(quiet), cache_of(busy))
    result = remind(busy, "--once", env=no_bus_env)
    assert reminder_lines(result.stdout) == ["Reminder: How are you doing?"], result.stderr
    assert "Globex" in result.stdout
    assert [k for k in claim_keys(busy) if k.startswith("checkin:")] == ["checkin:1"]


def test_a_copied_folder_keeps_its_cache_until_the_copy_changes(
    tmp_path: Path, no_bus_env: dict[str, str | None]
) -> None:
    data, copy = tmp_path / "data", tmp_path / "copy"
    make_due_checkins(data, ["Acme"], due=datetime.now(UTC) + timedelta(minutes=45))
    assert remind(data, "--once", env=no_bus_env).stdout == ""
    copy.mkdir()
    shutil.copy(data / "nextround.json", copy / "nextround.json")
    shutil.copy(cache_of(data), cache_of(copy))
    assert remind(copy, "--once", env=no_bus_env).stdout == ""
    assert not (copy / "nextround.json.lock").exists()  # the store was not even opened
    add_due_checkin(copy, datetime.now(UTC) - timedelta(minutes=1))
    result = remind(copy, "--once", env=no_bus_env)
    assert reminder_lines(result.stdout) == ["Reminder: How are you doing?"], result.stderr
    assert "Initech" in result.stdout


def test_the_fast_path_does_not_open_the_store(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"], due=datetime.now(UTC) + timedelta(minutes=45))
    assert remind(data, "--once", env=no_bus_env).stdout == ""
    (data / "nextround.json.lock").unlink()  # Store.open would create it again
    heavy = ("tinydb", "tui.store.store", "tui.store.storage", "tui.services.reminders", "tui.domain.reminders",
             "tui.domain.models", "dateutil.rrule", "dataclasses")  # dataclasses brings inspect: 12 ms
    # The command itself, called directly: none of the store or rule code is loaded.
    direct = (
        "import argparse, sys\nfrom tui.cli import remind\n"
        f"rc = remind.run(argparse.Namespace(mode='once', data_dir={str(data)!r}))\n"
        f"print('LOADED', rc, sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    # Through `nextround`'s entry point (its parser registers every command): the same.
    main = (
        "import sys\nfrom tui.__main__ import main\n"
        f"rc = main(['remind', '--once', '--data-dir', {str(data)!r}])\n"
        f"print('LOADED', rc, sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    for code in (direct, main):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                                env=child_env(no_bus_env), timeout=60)
        assert result.stdout.splitlines()[-1] == "LOADED 0 []", result.stderr
    assert not (data / "nextround.json.lock").exists()


def test_the_fast_path_still_answers_a_person_at_a_terminal(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"], due=datetime.now(UTC) + timedelta(minutes=45))
    assert remind(data, "--once", env=no_bus_env).stdout == ""
    assert cache_of(data).exists()
    main_fd, child_fd = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tui", "remind", "--once", "--data-dir", str(data)],
            stdout=child_fd, stderr=subprocess.PIPE, cwd=ROOT, env=child_env(no_bus_env), timeout=60,
        )
        os.close(child_fd)
        child_fd = -1
        output = b""
        while True:
            try:
                chunk = os.read(main_fd, 1024)
            except OSError:  # EIO: the other end is closed
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(main_fd)
        if child_fd >= 0:
            os.close(child_fd)
    assert result.returncode == 0, result.stderr
    assert output.decode().strip() == "Nothing to raise now."


def test_an_application_written_meanwhile_is_seen(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    """A rule reminder (not a stored row): a follow-up for an application added after the promise."""
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"], due=datetime.now(UTC) + timedelta(minutes=45))
    assert remind(data, "--once", env=no_bus_env).stdout == ""
    store = Store.open(data / "nextround.json")
    try:
        store.applications.add(
            Application(company="Hooli", role="Engineer", applied_on=datetime.now(UTC).date() - timedelta(days=10),
                        created_at=datetime.now(UTC) - timedelta(days=10))
        )
    finally:
        store.close()
    result = remind(data, "--once", env=no_bus_env)
    assert "Reminder: Follow up with Hooli?" in reminder_lines(result.stdout), result.stderr
