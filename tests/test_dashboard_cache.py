"""The saved dashboard: shown at start only while it is exactly true, and replaced by the truth after."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from textual.widgets import Static

from tui.services import dashboard_cache
from tui.ui.app import NextRoundApp
from tui.domain.clock import FrozenClock
from tui.services.dashboard_data import DashboardData, build
from tui.services.demo import fill_demo_store
from tui.domain.models import ActionItem, ActionStatus, CheckIn, CheckInKind, CheckInState
from tui.store import Store

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=timezone.utc)
ZONE = ZoneInfo("Europe/Berlin")


def demo_store(folder: Path) -> Store:
    store = Store.open(folder / "nextround.json")
    fill_demo_store(store, NOW, ZONE)
    return store


def shown(data: DashboardData | None) -> DashboardData | None:
    """What the screen draws (the reminders still to come are only kept for later)."""
    return None if data is None else replace(data, upcoming=[])


def test_a_saved_dashboard_reads_back_equal_to_the_built_one(tmp_path: Path) -> None:
    store = demo_store(tmp_path)
    built = dashboard_cache.build_and_save(store, NOW, ZONE)
    assert built == build(store, NOW, ZONE)
    assert built.due and built.pipeline.total  # the demo has something in every part
    loaded = dashboard_cache.load(store.path, store.fingerprint, NOW + timedelta(minutes=1), ZONE)
    assert shown(loaded) == shown(built)


def test_any_write_makes_it_stale(tmp_path: Path) -> None:
    store = demo_store(tmp_path)
    dashboard_cache.build_and_save(store, NOW, ZONE)
    old = store.fingerprint
    store.actions.add(ActionItem(title="one more"))
    assert store.fingerprint != old
    assert dashboard_cache.load(store.path, store.fingerprint, NOW, ZONE) is None


def test_a_copy_of_the_same_store_can_use_it(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "a")
    dashboard_cache.build_and_save(store, NOW, ZONE)
    (tmp_path / "b").mkdir()
    for name in ("nextround.json", "nextround.json.dashboard"):
        shutil.copy(tmp_path / "a" / name, tmp_path / "b" / name)  # new inode, new mtime, same bytes
    copy = Store.open(tmp_path / "b" / "nextround.json")
    assert shown(dashboard_cache.load(copy.path, copy.fingerprint, NOW, ZONE)) == shown(build(copy, NOW, ZONE))


def test_reminders_that_fall_due_later_today_join_the_saved_due_list(tmp_path: Path) -> None:
    store = demo_store(tmp_path)
    rejection = store.rejections.all()[0]
    later = NOW + timedelta(hours=2)  # 17:00 in Berlin, before midnight
    store.checkins.add(CheckIn(kind=CheckInKind.CHECK_IN, due_at=later, rejection_id=rejection.id,
                               application_id=rejection.application_id, state=CheckInState.PENDING,
                               created_at=NOW, sequence=9, topic="ladder"))
    dashboard_cache.build_and_save(store, NOW, ZONE)
    before = dashboard_cache.load(store.path, store.fingerprint, later - timedelta(minutes=1), ZONE)
    after = dashboard_cache.load(store.path, store.fingerprint, later + timedelta(minutes=1), ZONE)
    assert before is not None and after is not None
    assert len(after.due) == len(before.due) + 1
    # exactly what a build at that moment shows
    assert shown(after) == shown(replace(build(store, later + timedelta(minutes=1), ZONE), next_reminder=after.next_reminder))


def test_it_expires_at_midnight_or_the_next_reminder_and_with_another_zone(tmp_path: Path) -> None:
    store = demo_store(tmp_path)
    data = dashboard_cache.build_and_save(store, NOW, ZONE)
    fingerprint = store.fingerprint
    until = dashboard_cache.valid_until(data, NOW, ZONE)
    assert until == datetime(2026, 11, 26, 0, 0, tzinfo=ZONE)  # overdue and "this week" turn over then
    assert dashboard_cache.load(store.path, fingerprint, until - timedelta(seconds=1), ZONE) is not None
    assert dashboard_cache.load(store.path, fingerprint, until, ZONE) is None
    assert dashboard_cache.load(store.path, fingerprint, NOW - timedelta(minutes=1), ZONE) is None  # clock went back
    assert dashboard_cache.load(store.path, fingerprint, NOW, ZoneInfo("America/New_York")) is None


def test_a_broken_or_foreign_cache_file_is_ignored(tmp_path: Path) -> None:
    store = demo_store(tmp_path)
    dashboard_cache.build_and_save(store, NOW, ZONE)
    path = dashboard_cache.cache_path(store.path)
    for content in (b"", b"not json", b'{"format": 1}', b"[1, 2]", b'{"format": 99, "store": "x"}'):
        path.write_bytes(content)
        assert dashboard_cache.load(store.path, store.fingerprint, NOW, ZONE) is None
    path.unlink()
    assert dashboard_cache.load(store.path, store.fingerprint, NOW, ZONE) is None


async def test_the_app_starts_from_the_cache_then_shows_the_truth(tmp_path: Path) -> None:
    store = demo_store(tmp_path)
    truth = build(store, NOW, ZONE)
    # A cache that matches the store but says something else, so the test can see which was drawn.
    fake = replace(truth, pipeline=replace(truth.pipeline, total=4242))
    dashboard_cache.save(store.path, store.trusted_content(), fake, NOW, ZONE)  # type: ignore[arg-type]
    app = NextRoundApp(store=store, clock=FrozenClock(NOW, ZONE), reminders=False)
    hold = threading.Event()
    app._writer.submit(hold.wait, 30)  # noqa: SLF001 - keep the background build waiting
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        pipeline = app.screen.query_one("#dash-pipeline", Static)
        assert "4242 sent" in str(pipeline.border_subtitle)  # first frame: the saved dashboard
        hold.set()
        for _ in range(100):  # the rebuild starts a moment after the first frame
            if app.first_frame_shown:
                break
            await pilot.pause(0.05)
        for _ in range(3):
            app.writes_done().result(timeout=30)  # the background build
            await pilot.pause()
        assert f"{truth.pipeline.total} sent" in str(pipeline.border_subtitle)


async def test_quitting_before_the_first_frame_timer_starts_no_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame's timer can come round after the app unmounted (it did when the app
    quit within moments of starting): the work it starts must not go to the closed writer."""
    from tui.ui import app as app_module

    monkeypatch.setattr(app_module, "FIRST_FRAME_WRITE_SECONDS", 30.0)
    store = demo_store(tmp_path)  # no saved dashboard: the start queues saving one for later
    app = NextRoundApp(store=store, clock=FrozenClock(NOW, ZONE), reminders=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not app.first_frame_shown
    app._first_frame_written()  # noqa: SLF001 - the late timer
    assert app.read(lambda _: 1, lambda _: None).cancelled()


async def test_quitting_leaves_a_cache_that_matches_the_data(tmp_path: Path) -> None:
    store = demo_store(tmp_path)
    app = NextRoundApp(store=store, clock=FrozenClock(NOW, ZONE), reminders=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.change(lambda editor: editor.store.actions.add(ActionItem(title="added in this session")))
        await pilot.pause()
    reopened = Store.open(store.path)
    assert shown(dashboard_cache.load(reopened.path, reopened.fingerprint, NOW, ZONE)) == shown(build(reopened, NOW, ZONE))


def test_when_it_keeps_only_some_of_todays_reminders_it_expires_at_the_first_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path)
    rejection = store.rejections.all()[0]
    later = NOW + timedelta(hours=2)
    store.checkins.add(CheckIn(kind=CheckInKind.CHECK_IN, due_at=later, rejection_id=rejection.id,
                               application_id=rejection.application_id, state=CheckInState.PENDING,
                               created_at=NOW, sequence=9, topic="ladder"))
    monkeypatch.setattr(dashboard_cache, "UPCOMING_KEPT", 0)
    data = dashboard_cache.build_and_save(store, NOW, ZONE)
    assert dashboard_cache.valid_until(data, NOW, ZONE) == later
    assert dashboard_cache.load(store.path, store.fingerprint, later, ZONE) is None


def test_no_cache_for_a_zone_without_a_name_and_stale_temp_files_are_cleared(tmp_path: Path) -> None:
    from dateutil import tz

    store = demo_store(tmp_path)
    data = build(store, NOW, ZONE)
    assert dashboard_cache.save(store.path, store.trusted_content(), data, NOW, tz.tzlocal()) is False
    assert not dashboard_cache.cache_path(store.path).exists()
    assert dashboard_cache.save(store.path, store.trusted_content(), data, NOW, ZONE) is True
    left = tmp_path / f".tmp-{dashboard_cache.cache_path(store.path).name}.99999"  # a killed writer's
    left.write_text("{")
    Store.open(store.path)
    assert not left.exists()


async def test_a_rebuild_redraws_only_the_panels_whose_data_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each visit to the dashboard rebuilds it: unchanged panels must not be drawn again."""
    from textual.widgets import OptionList

    store = demo_store(tmp_path)
    app = NextRoundApp(store=store, clock=FrozenClock(NOW, ZONE), reminders=False)
    drawn: list[str] = []
    original_update, original_clear = Static.update, OptionList.clear_options

    def update(widget: Static, *args: object, **kwargs: object) -> None:
        drawn.append(str(widget.id))
        original_update(widget, *args, **kwargs)  # type: ignore[arg-type]

    def clear(widget: OptionList) -> OptionList:
        drawn.append(str(widget.id))
        return original_clear(widget)

    monkeypatch.setattr(Static, "update", update)
    monkeypatch.setattr(OptionList, "clear_options", clear)

    async def rebuild() -> None:
        app.screen._build_in_background()  # noqa: SLF001 - what a visit or a data change starts
        for _ in range(3):
            app.writes_done().result(timeout=30)
            await pilot.pause()

    async with app.run_test(size=(120, 36)) as pilot:
        await rebuild()
        drawn.clear()
        await rebuild()
        assert drawn == []
        app.change(lambda editor: editor.store.actions.add(ActionItem(title="due today", due=NOW.date(), status=ActionStatus.TODO)))
        await rebuild()
        assert "dash-actions" in drawn  # the new item is in "Actions that need you"
        assert "dash-pipeline" not in drawn and "due-list" not in drawn
        pipeline = app.screen.query_one("#dash-pipeline", Static)
        assert f"{build(store, NOW, ZONE).pipeline.total} sent" in str(pipeline.border_subtitle)


async def test_the_due_list_redraws_for_what_it_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The due list draws the first MAX_DUE_SHOWN items and a count: a change past them, with the
    same count, draws nothing again (comparing every item cost a millisecond per visit on a large
    store); a new count does."""
    from textual.widgets import OptionList

    from tui.services.dashboard_data import DueItem
    from tui.ui.screens.dashboard import MAX_DUE_SHOWN

    app = NextRoundApp(store=demo_store(tmp_path), clock=FrozenClock(NOW, ZONE), reminders=False)
    cleared: list[str] = []
    original_clear = OptionList.clear_options

    def clear(widget: OptionList) -> OptionList:
        cleared.append(str(widget.id))
        return original_clear(widget)

    monkeypatch.setattr(OptionList, "clear_options", clear)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(3):  # the first frame's dashboard, then the rebuild after it
            app.writes_done().result(timeout=30)
            await pilot.pause()
        screen = app.screen
        shown = screen._last  # noqa: SLF001
        assert shown is not None
        cleared.clear()
        many = [DueItem("check_in", f"Check-in {n}", "", NOW) for n in range(MAX_DUE_SHOWN + 5)]
        screen.show(replace(shown, due=many))
        assert cleared == ["due-list"]
        cleared.clear()
        screen.show(replace(shown, due=[*many[:-1], DueItem("follow_up", "Follow up", "", NOW)]))
        assert cleared == []
        screen.show(replace(shown, due=[*many, DueItem("follow_up", "Follow up", "", NOW)]))
        assert cleared == ["due-list"]
        assert str(screen.query_one("#due-list", OptionList).border_subtitle) == f"{MAX_DUE_SHOWN + 6} items"


async def test_background_work_waits_until_the_first_frame_is_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding the store on the writer thread competes with the first frame for the
    interpreter: it starts only once Textual has shown the frame (and a moment after)."""
    from tui.ui.screens.dashboard import DashboardScreen

    store = demo_store(tmp_path)
    dashboard_cache.build_and_save(store, NOW, ZONE)
    app = NextRoundApp(store=store, clock=FrozenClock(NOW, ZONE), reminders=False)
    seen: list[tuple[bool, bool]] = []
    original = DashboardScreen._build_in_background

    def recording(screen: DashboardScreen) -> None:
        seen.append((screen.app._dom_ready, app.first_frame_shown))  # noqa: SLF001 - Textual's "Ready" flag
        original(screen)

    monkeypatch.setattr(DashboardScreen, "_build_in_background", recording)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not app.first_frame_shown or seen  # too early to have started, or started properly
        for _ in range(100):
            if seen:
                break
            await pilot.pause(0.05)
        assert seen and seen[0] == (True, True)


async def test_the_dashboard_freezes_records_only_when_new_ones_were_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A freeze also keeps garbage not yet collected: each visit must not freeze again, but
    records decoded anew (here: after another process wrote) are frozen once."""
    import gc

    store = demo_store(tmp_path)
    app = NextRoundApp(store=store, clock=FrozenClock(NOW, ZONE), reminders=False)
    freezes: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(1))

    async def rebuild() -> None:
        app.screen._build_in_background()  # noqa: SLF001 - what each visit starts
        for _ in range(3):
            app.writes_done().result(timeout=30)
            await pilot.pause()

    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(100):  # past the app's own freeze after the first frame
            if app.first_frame_shown:
                break
            await pilot.pause(0.05)
        await rebuild()
        assert store.decoded_tables()  # the dashboard's figures come from decoded records
        freezes.clear()
        await rebuild()
        await rebuild()
        assert freezes == []  # nothing new decoded
        other = Store.open(store.path)  # another process writes: the app reloads and decodes anew
        other.actions.add(ActionItem(title="written elsewhere"))
        other.close()
        await rebuild()
        assert freezes == [1]


def test_an_unchanged_dashboard_is_not_written_again(tmp_path: Path) -> None:
    """The dashboard rebuilds on every visit; equal data used to rewrite the same file each time."""
    store = demo_store(tmp_path)
    cache = dashboard_cache.cache_path(store.path)
    dashboard_cache.build_and_save(store, NOW, ZONE)
    first = cache.stat()
    dashboard_cache.build_and_save(store, NOW + timedelta(minutes=1), ZONE)
    assert cache.stat().st_ino == first.st_ino and cache.stat().st_mtime_ns == first.st_mtime_ns
    store.actions.add(ActionItem(title="new"))
    dashboard_cache.build_and_save(store, NOW + timedelta(minutes=2), ZONE)
    assert cache.stat().st_ino != first.st_ino  # new data: written (temp file and rename)
    later = NOW + timedelta(minutes=3)
    loaded = dashboard_cache.load(store.path, store.fingerprint, later, ZONE)
    assert loaded is not None
    # "Due now" is the time of the build, so compare as the screen tells it.
    assert shown(dashboard_cache._as_shown(loaded, later)) == shown(dashboard_cache._as_shown(build(store, later, ZONE), later))
    cache.unlink()
    dashboard_cache.build_and_save(store, NOW + timedelta(minutes=4), ZONE)
    assert cache.exists()  # a deleted file is written again


def test_the_start_parses_the_saved_dashboard_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    from types import SimpleNamespace

    store = demo_store(tmp_path)
    dashboard_cache.build_and_save(store, NOW, ZONE)
    parsed: list[int] = []

    def counting(raw: bytes) -> object:
        parsed.append(len(raw))
        return json.loads(raw)

    monkeypatch.setattr(dashboard_cache, "json", SimpleNamespace(loads=counting, dumps=json.dumps))
    content = dashboard_cache.trusted_content(store.path)  # opening the store
    assert content is not None
    reopened = Store.open(store.path, trusted=content)
    assert dashboard_cache.load(reopened.path, reopened.fingerprint, NOW, ZONE) is not None  # the first frame
    assert len(parsed) == 1
    dashboard_cache.load(reopened.path, reopened.fingerprint, NOW, ZONE)  # later reads read the file again
    assert len(parsed) == 2
