"""The open app raises a due reminder once (toast when the desktop can't), and answering a
check-in from the dashboard schedules the next one by the ladder."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from tui.ui.app import NextRoundApp
from tui.domain.clock import FrozenClock
from tui.domain.models import Application, CheckIn, CheckInKind, CheckInState, Reflection, Rejection, Stage
from tui.notify import DeliveryResult
from tui.ui.screens.dashboard import DashboardScreen
from tui.store import Store

from .conftest import BERLIN, highlight_due

START = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)  # 10:00 in Berlin: outside quiet hours


class RecordingSender:
    """Stands in for the desktop: records each (title, body), answers as told."""

    def __init__(self, delivered: bool) -> None:
        self.delivered = delivered
        self.sent: list[tuple[str, str]] = []

    def __call__(self, title: str, body: str) -> DeliveryResult:
        self.sent.append((title, body))
        return DeliveryResult(self.delivered, "delivered" if self.delivered else "no notification server (test)")


def make_store(tmp_path: Path) -> Store:
    """One closed-out rejection whose second check-in falls due an hour after START."""
    store = Store.open(tmp_path / "nextround.json")
    app = store.applications.add(
        Application(company="[bold]Acme[/", role="Analyst", applied_on=date(2026, 10, 1), created_at=START - timedelta(days=50))
        .moved_to(Stage.INTERVIEW, START - timedelta(days=30))
        .moved_to(Stage.REJECTED, START - timedelta(days=20))
    )
    rejection = store.rejections.add(
        Rejection(application_id=app.id, on=date(2026, 11, 5), stage=Stage.INTERVIEW, created_at=START - timedelta(days=20),
                  closed_at=START - timedelta(days=19))
    )
    store.reflections.add(Reflection(rejection_id=rejection.id, step=5, started_at=START - timedelta(days=19), completed_at=START - timedelta(days=19)))
    store.checkins.add(
        CheckIn(kind=CheckInKind.CHECK_IN, due_at=START - timedelta(days=18), rejection_id=rejection.id, application_id=app.id,
                sequence=1, interval_days=1.0, state=CheckInState.DONE, mood=3, answered_at=START - timedelta(days=18))
    )
    store.checkins.add(
        CheckIn(kind=CheckInKind.CHECK_IN, due_at=START + timedelta(hours=1), rejection_id=rejection.id, application_id=app.id,
                sequence=2, interval_days=3.0, created_at=START - timedelta(days=18))
    )
    return store


async def settle(app: NextRoundApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the reminder thread and the writer thread, then for the screen."""
    for _ in range(100):  # the reminder loop starts a moment after the first frame
        if app.first_frame_shown:
            break
        await pilot.pause(0.05)
    running = app.reminder_loop.check_in_flight
    if running is not None:
        running.result(timeout=30)
    app.writes_done().result(timeout=30)
    await pilot.pause()
    await pilot.pause()


def checkin_rows(store: Store) -> list[CheckIn]:
    return sorted(store.checkins.all(), key=lambda c: c.sequence)


async def test_due_checkin_is_raised_once_as_a_toast_when_the_desktop_cannot(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    clock = FrozenClock(START, BERLIN)
    sender = RecordingSender(delivered=False)
    app = NextRoundApp(store, clock, sender=sender)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        assert sender.sent == []  # nothing is due yet
        clock.advance(timedelta(hours=1, minutes=5))
        app.reminder_loop.tick()
        await settle(app, pilot)
        assert len(sender.sent) == 1
        title, body = sender.sent[0]
        assert "[bold]Acme[/" in title + body
        await pilot.pause(0.1)
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert any(title in toast for toast in toasts), toasts
        # The next tick, and a second window, raise nothing more.
        app.reminder_loop.tick()
        await settle(app, pilot)
        assert len(sender.sent) == 1
    assert checkin_rows(Store.open(tmp_path / "nextround.json"))[-1].state is CheckInState.NOTIFIED


async def test_delivered_reminder_is_sent_once_and_not_toasted(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    clock = FrozenClock(START + timedelta(hours=2), BERLIN)
    sender = RecordingSender(delivered=True)
    app = NextRoundApp(store, clock, sender=sender)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        assert len(sender.sent) == 1
        assert not list(app.screen.query("Toast"))
        second = NextRoundApp(Store.open(tmp_path / "nextround.json"), clock, sender=sender)
        second.reminder_loop.service.run_once()
        assert len(sender.sent) == 1


def reminding_app(store: Store, after: timedelta = timedelta(hours=2)) -> NextRoundApp:
    """The app at START + ``after`` (the first check-in is due by default), with a sender that
    delivers: the set-up of every reminder Pilot test here and in test_follow_through_app."""
    return NextRoundApp(store, FrozenClock(START + after, BERLIN), sender=RecordingSender(delivered=True))


async def test_answering_a_checkin_schedules_the_next_by_the_ladder(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    app = reminding_app(store)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await highlight_due(pilot, lambda item: item.kind == "check_in", "a check-in")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CheckInDialog"
        await pilot.press("3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await settle(app, pilot)
        rows = checkin_rows(Store.open(tmp_path / "nextround.json"))
        assert len(rows) == 3, rows
        answered, following = rows[1], rows[2]
        assert answered.state is CheckInState.DONE and answered.mood == 3
        assert following.sequence == 3
        # Mood 3 grows the last interval (3 days) by 1.5x, with at most ~10% jitter (and quiet hours).
        assert following.interval_days == 4.5
        delay = (following.due_at - answered.answered_at).total_seconds() / 86400
        assert 4.5 * 0.85 <= delay <= 4.5 * 1.15 + 1
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("Next check-in" in toast for toast in toasts), toasts


async def test_a_good_answer_after_moving_on_ends_the_series(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    app = reminding_app(store)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("5", "ctrl+s")
        await pilot.pause()
        await settle(app, pilot)
        assert len(checkin_rows(Store.open(tmp_path / "nextround.json"))) == 2
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("last one for this chapter" in toast for toast in toasts), toasts


async def test_move_on_prompt_can_mark_the_application_ghosted(tmp_path: Path) -> None:
    from tui.ui.screenshots import make_demo_app

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        first = screen.due_items[0]
        assert first.kind == "move_on" and "Tidewater" in first.title
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReminderDialog"
        await pilot.press("enter")  # "Mark as ghosted" has the focus
        await pilot.pause()
        await settle(app, pilot)
        tidewater = next(a for a in app.store.applications.all() if a.company == "Tidewater Bank")
        assert tidewater.stage is Stage.GHOSTED
        assert all("Tidewater" not in item.title for item in screen.due_items)


async def test_snoozing_from_the_dashboard_takes_a_typed_time(tmp_path: Path) -> None:
    from tui.ui.screenshots import make_demo_app

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        key = screen.due_items[1].reminder_key
        await pilot.press("down", "s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SnoozeDialog"
        await pilot.press("+", "2", "h", "enter")
        await pilot.pause()
        await settle(app, pilot)
        assert all(item.reminder_key != key for item in screen.due_items)
        snoozed = [c for c in app.store.checkins.all() if c.reminder_key == key]
        assert snoozed and snoozed[0].snoozed_until == app.clock.now() + timedelta(hours=2)


async def test_checkin_dialog_shows_wins_and_the_next_date_and_palette_opens_it(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    from tui.domain.models import ActionItem, ActionStatus

    store.actions.add(ActionItem(title="[b]Mock interview[/b]", status=ActionStatus.DONE, completed_at=START - timedelta(days=2)))
    clock = FrozenClock(START + timedelta(hours=2), BERLIN)
    app = NextRoundApp(store, clock, reminders=False)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        app._answer_first_checkin()  # noqa: SLF001 - what the palette's "Answer a check-in" runs
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "CheckInDialog"
        assert "[b]Mock interview[/b]" in str(dialog.query_one("#checkin-done").render())
        await pilot.press("3")
        await pilot.pause()
        assert "Next check-in:" in str(dialog.query_one("#checkin-next").render())
        await pilot.press("5")
        await pilot.pause()
        assert "last check-in" in str(dialog.query_one("#checkin-next").render())
        await pilot.press("x")
        await pilot.pause()
        await settle(app, pilot)
        assert checkin_rows(app.store)[-1].state is CheckInState.DISMISSED


async def test_palette_commands_reach_other_screens(tmp_path: Path) -> None:
    from tui.ui.screenshots import make_demo_app

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Add application", "Mark application rejected", "Add action item", "Start or resume a reflection",
                "Answer a check-in", "Snooze a reminder", "Export journal (Markdown)"} <= titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Add action item")
        command.callback()
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "ActionFormDialog"


async def test_the_open_app_leaves_its_plan_for_the_timers_remind(tmp_path: Path) -> None:
    """The app's scheduler plans anyway: after each fresh plan it leaves the promise that
    `remind --once` reads, so a timer run after changes made in the app skips the store."""
    from tui.services import remind_cache

    store = make_store(tmp_path)
    app = reminding_app(store, timedelta(0))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        promise = remind_cache.promise_for(store.path, BERLIN, START)
        assert promise is not None and promise.until == START + timedelta(hours=1)  # the check-in
        # A change in the app: the promise no longer holds for the new file, until the next tick.
        app.change(lambda editor: editor.store.applications.add(Application(company="Globex", applied_on=date(2026, 11, 24))))
        app.writes_done().result(timeout=30)
        assert remind_cache.promise_for(store.path, BERLIN, START) is None
        app.reminder_loop.tick()
        await settle(app, pilot)
        promise = remind_cache.promise_for(store.path, BERLIN, START)
        assert promise is not None and promise.until == START + timedelta(hours=1)
