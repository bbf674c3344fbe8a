"""Issue 14 and 15 in the running app: a hard-day check-in, the follow-up prompt, the walk from
a rejection to the feedback nudge (Pilot, FrozenClock, a real store in a temp folder)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tui.domain.clock import FrozenClock
from tui.domain.models import ActionItem, ActionStatus, Priority
from tui.domain.reminders import checkin_reply
from tui.store import Store
from tui.ui.app import NextRoundApp
from tui.ui.screens.dashboard import DashboardScreen

from .conftest import highlight_due
from .test_app_reminders import BERLIN, START, make_store, reminding_app, settle


def toasts(app: NextRoundApp) -> list[str]:
    return [str(t.render()) for t in app.screen.query("Toast")]


# ---------------------------------------------------------------------------
# Issue 15 §3: a low mood is acknowledged; issue 14 item 7: the small step, right there


def test_the_reply_to_a_hard_day_acknowledges_it() -> None:
    low = checkin_reply(2, "tomorrow 10:00", "Update the portfolio case study")
    assert low.startswith("That sounds like a hard day")
    assert "Thanks for checking in" not in low
    assert "“Update the portfolio case study”" in low and "tomorrow 10:00" in low
    started = checkin_reply(1, None, "Update the portfolio case study", started=True)
    assert "is in Doing now" in started and "check in again" not in started
    assert checkin_reply(3, "Mon 09:00").startswith("Thanks for checking in. Next check-in: Mon 09:00")
    assert "last one for this chapter" in checkin_reply(5, None)


async def test_a_low_mood_shows_the_small_step_and_d_starts_it(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    step = store.actions.add(ActionItem(title="Ask Dana for a mock interview", priority=Priority.HIGH, due=date(2026, 11, 20)))
    store.actions.add(ActionItem(title="Tidy the CV's skills section", priority=Priority.LOW))
    app = reminding_app(store)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await highlight_due(pilot, lambda item: item.kind == "check_in", "a check-in")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "CheckInDialog"
        small_step = dialog.query_one("#checkin-small-step")
        assert not small_step.display  # not offered before a mood is chosen
        await pilot.press("4")
        await pilot.pause()
        assert not small_step.display
        await pilot.press("2")
        await pilot.pause()
        assert small_step.display
        assert "Ask Dana for a mock interview" in str(dialog.query_one("#checkin-suggestion").render())
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await settle(app, pilot)
        saved = Store.open(tmp_path / "nextround.json")
        assert saved.actions.get(step.id).status is ActionStatus.DOING
        answered = [c for c in saved.checkins.all() if c.mood is not None and c.sequence == 2]
        assert answered and answered[0].mood == 2
        shown = " ".join(toasts(app))
        assert "That sounds like a hard day" in shown and "is in Doing now" in shown
        assert "Thanks for checking in" not in shown


# ---------------------------------------------------------------------------
# 5. A in Applications marks a wishlist entry applied


async def test_a_marks_a_wishlist_entry_applied_today(tmp_path: Path) -> None:
    from tui.domain.models import Application, Stage
    from tui.ui.screens.applications import ApplicationsScreen

    store = Store.open(tmp_path / "nextround.json")
    clock = FrozenClock(START, BERLIN)
    entry = store.applications.add(
        Application(company="Nordlicht GmbH", role="Data Analyst", stage=Stage.WISHLIST, created_at=START - timedelta(days=4))
        .moved_to(Stage.WISHLIST, START - timedelta(days=4))
    )
    app = NextRoundApp(store, clock, reminders=False)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        screen.query_one("#apps-table").focus()
        await pilot.pause()
        assert screen.current().id == entry.id
        await pilot.press("A")
        await pilot.pause()
        app.writes_done().result(timeout=30)
        await pilot.pause()
        saved = store.applications.get(entry.id)
        assert saved.stage is Stage.APPLIED and saved.applied_on == START.astimezone(BERLIN).date()
        assert saved.timeline[-1].stage is Stage.APPLIED
        assert "Applied" in [cell.plain for cell in screen.query_one("#apps-table").get_row_at(0)]
        # A again: it is no longer on the wishlist, and says so.
        await pilot.press("A")
        await pilot.pause(0.1)
        assert any("not on your wishlist" in text for text in toasts(app))


# ---------------------------------------------------------------------------
# 3. The follow-up prompt offers the note and "I followed up"


async def wait_for(pilot, condition, what: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def due_item(app: NextRoundApp, pilot, title: str):  # type: ignore[no-untyped-def]
    """Rebuild the dashboard (time moved on) and wait for ``title`` in Due now."""
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    screen.reload()
    return await highlight_due(pilot, lambda item: item.title == title, title)


async def test_the_follow_up_prompt_offers_the_note_and_records_the_follow_up(tmp_path: Path) -> None:
    from tui.domain.models import Application, Settings, Stage

    store = Store.open(tmp_path / "nextround.json")
    store.save_settings(Settings(your_name="Alex Morgan"))
    sent = store.applications.add(
        Application(company="Harbor & Finch", role="Data Analyst", contact_name="Sam Okafor", contact_email="sam@harborfinch.example",
                    applied_on=date(2026, 11, 11), created_at=START - timedelta(days=14))
        .moved_to(Stage.APPLIED, START - timedelta(days=14))
    )
    clock = FrozenClock(START, BERLIN)
    app = NextRoundApp(store, clock, reminders=False)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        item = await due_item(app, pilot, "Follow up with Harbor & Finch?")
        assert "It has been 14 days since you applied" in item.detail
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "FollowUpDialog"
        note = dialog.note_text
        assert note.startswith("Hi Sam,") and "on 11 November" in note and note.rstrip().endswith("Alex Morgan")
        assert "sam@harborfinch.example" in str(dialog.query_one("#follow-up-heading").render())
        await pilot.press("ctrl+s")  # save to file: the dialog stays
        app.writes_done().result(timeout=30)
        await pilot.pause()
        saved_file = tmp_path / "follow-up-harbor-finch.txt"
        assert saved_file.read_text().startswith("To: sam@harborfinch.example\nSubject: Following up on my application")
        assert app.screen is dialog
        await pilot.press("ctrl+r")  # I followed up
        await pilot.pause()
        app.writes_done().result(timeout=30)
        await pilot.pause()
        record = store.applications.get(sent.id)
        assert record.last_follow_up == START
        assert record.timeline[-1].kind == "follow_up"
        assert any("Follow-up recorded" in text for text in toasts(app))
        # The silence clock starts again: the next prompt is a week on, and counts from the follow-up.
        from tui.services.reminders import ReminderService

        upcoming = [r for r in ReminderService(store, clock, sender=None).upcoming() if r.topic == "follow-up"]
        assert upcoming and upcoming[0].due_at > START + timedelta(days=6)
        assert "since you followed up" in upcoming[0].body


# ---------------------------------------------------------------------------
# The walk: reject → reflect with feedback asked → finish → 5 business days → the nudge → answer it


async def test_walk_from_a_rejection_to_the_feedback_nudge_and_the_timeline(tmp_path: Path) -> None:
    from tui.domain.models import Application, FeedbackState, Settings, Stage
    from tui.ui.dialogs.reject_dialog import RejectDialog
    from tui.ui.dialogs.timeline_dialog import TimelineDialog
    from tui.ui.screens.applications import ApplicationsScreen
    from tui.ui.screens.reflection import ReflectionScreen

    from .test_reflection import focus_in, move, until

    store = Store.open(tmp_path / "nextround.json")
    store.save_settings(Settings(your_name="Alex Morgan"))
    target = store.applications.add(
        Application(company="Brightwave", role="Product Designer", contact_name="Priya Raman",
                    contact_email="priya@brightwave.example", applied_on=date(2026, 10, 28), created_at=START - timedelta(days=28))
        .moved_to(Stage.APPLIED, START - timedelta(days=28))
        .moved_to(Stage.INTERVIEW, START - timedelta(days=6), "panel with the design team")
    )
    clock = FrozenClock(START, BERLIN)  # Wednesday 25 November 2026, 10:00 in Berlin
    app = NextRoundApp(store, clock, reminders=False)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        # Reject, from Applications: Enter in the dialog means "reflect now".
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationsScreen)
        app.screen.query_one("#apps-table").focus()
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RejectDialog)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReflectionScreen) and app.screen._loaded, "the reflection")  # noqa: SLF001
        screen = app.screen
        await until(pilot, lambda: focus_in(app, "step-1"), "step 1")
        await move(pilot, screen)  # to step 2
        await pilot.press("ctrl+r")  # feedback: asked today
        app.writes_done().result(timeout=30)
        await pilot.pause()
        rejection = app.editor.rejection_for(target.id)
        assert rejection is not None and rejection.feedback_state is FeedbackState.ASKED
        await move(pilot, screen, times=3)  # to step 5
        await move(pilot, screen)  # Finish
        app.writes_done().result(timeout=30)
        await pilot.pause()
        assert store.rejections.get(rejection.id).closed_at is not None
        await pilot.press("enter")  # Done on the summary card
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()

        # Five business days later (Wednesday to Wednesday): the nudge is due, with the real count.
        clock.advance(timedelta(days=7))
        item = await due_item(app, pilot, "Heard back from Brightwave?")
        assert "5 working days ago" in item.detail and "Wed 25 Nov" in item.detail
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "FollowUpDialog"
        assert dialog.note_text.startswith("Hi Priya,") and "feedback on my interview" in dialog.note_text
        await pilot.press("ctrl+r")  # I followed up
        await pilot.pause()
        app.writes_done().result(timeout=30)
        await pilot.pause()

        # Answered: gone from Due now, and the application's timeline shows the follow-up.
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        screen.reload()
        await wait_for(pilot, lambda: not any(i.title == "Heard back from Brightwave?" for i in screen.due_items), "the nudge to go")
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#apps-table").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineDialog)
        from .test_applications_screen import static_text

        steps = static_text(app.screen, "#timeline-steps")
        assert "followed up on the feedback request" in steps and "today" in steps
