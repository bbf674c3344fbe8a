"""The guided five-step reflection, driven from the keyboard with Pilot, and its Editor changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static, Switch, TextArea

from tui.ui.app import NextRoundApp
from tui.domain.clock import FrozenClock
from tui.domain.dates import format_moment
from tui.domain.models import (
    OUTSIDE_FACTORS,
    ActionItem,
    Application,
    CheckInKind,
    CheckInState,
    FeedbackState,
    Lesson,
    Priority,
    Reflection,
    Stage,
)
from tui.ui.dialogs.confirm import ConfirmDialog
from tui.ui.screens.reflection import ReflectionScreen
from tui.services.editor import Editor
from tui.store import Store
from tui.ui.widgets.mood_picker import MoodPicker
from tui.ui.widgets.steps import SummaryCard
from tui.ui.widgets.steps.progress import StepProgress

from .conftest import BERLIN, NOW, TODAY, frozen_clock, new_app, open_store, settle_writes, until

ZONE = BERLIN
NORTHWIND, BLUEFIN, HARBOR = 1, 2, 3  # demo rejections: finished, half done (step 3), not begun


def make_store(tmp_path: Path) -> tuple[Store, FrozenClock]:
    clock = frozen_clock()
    return open_store(tmp_path, "small", clock), clock


@asynccontextmanager
async def running(tmp_path: Path, size: tuple[int, int] = (120, 36)) -> AsyncIterator[tuple[NextRoundApp, Pilot[int]]]:
    store, clock = make_store(tmp_path)
    app = new_app(store, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


async def settle(app: NextRoundApp, pilot: Pilot[int]) -> None:
    """Let queued writes finish and their on_done callbacks run (a callback may write again)."""
    await settle_writes(app, pilot, rounds=3)


def focus_in(app: NextRoundApp, widget_id: str) -> bool:
    focused = app.focused
    return focused is not None and any(node.id == widget_id for node in focused.ancestors_with_self)


async def move(pilot: Pilot[int], screen: ReflectionScreen, key: str = "ctrl+n", times: int = 1) -> None:
    """Press next/back and wait until the new step shows with focus in it (or the summary)."""
    for _ in range(times):
        app = screen.nr_app
        if key == "ctrl+n" and screen.step == 5:
            await pilot.press(key)
            await until(pilot, lambda: focus_in(app, "summary"), "the summary card")
            continue
        target = screen.step + (1 if key == "ctrl+n" else -1)
        await pilot.press(key)
        await until(pilot, lambda: screen.step == target and focus_in(app, f"step-{target}"), f"step {target}")


async def jump(pilot: Pilot[int], screen: ReflectionScreen, number: int) -> None:
    await screen.go_to(number)
    await until(pilot, lambda: focus_in(screen.nr_app, f"step-{number}"), f"step {number}")


async def type_text(pilot: Pilot[int], text: str) -> None:
    await pilot.press(*text)


async def open_reflection(app: NextRoundApp, pilot: Pilot[int], rejection_id: int) -> ReflectionScreen:
    app.open_reflection(rejection_id)
    for _ in range(20):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, ReflectionScreen) and screen._loaded:
            await until(pilot, lambda: focus_in(app, f"step-{screen.step}"), "the first step")
            return screen
    raise AssertionError("the reflection did not open")


def screen_text(app: NextRoundApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def static_text(screen: ReflectionScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def focus(pilot: Pilot[int], screen: ReflectionScreen, selector: str) -> None:
    screen.query_one(selector).focus()
    await pilot.pause()


# ---------------------------------------------------------------------------------------------
# End to end


async def test_whole_reflection_from_the_keyboard(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        store = app.store
        assert app.editor.reflection_for(HARBOR) is None
        checkins_before = store.checkins.count()
        screen = await open_reflection(app, pilot, HARBOR)
        assert screen.query_one(StepProgress).step == 1

        # Step 1: focus starts on the mood; then tab through the fields.
        assert isinstance(app.focused, MoodPicker)
        await pilot.press("2")
        await pilot.press("tab", "space", "down", "down", "space")  # first and third factor
        await pilot.press("tab")
        await type_text(pilot, "A hiring freeze")
        await pilot.press("tab")
        await type_text(pilot, "I'll never get hired, everyone is better")
        await pilot.pause()
        traps = static_text(screen, "#traps")
        assert "Stretching one 'no' into 'always'" in traps and "Measuring yourself against others" in traps
        await pilot.press("tab")
        await type_text(pilot, "One team said no to one role")
        await move(pilot, screen)
        await settle(app, pilot)
        saved = app.editor.reflection_for(HARBOR)
        assert saved is not None and saved.step == 2
        assert saved.mood_before == 2
        assert saved.outside_factors == (OUTSIDE_FACTORS[0], OUTSIDE_FACTORS[2])
        assert saved.other_factors == "A hiring freeze"
        assert saved.harsh_thought == "I'll never get hired, everyone is better"
        assert saved.reframe == "One team said no to one role"

        # Step 2: mark as asked.
        assert screen.query_one(StepProgress).step == 2
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        rejection = store.rejections.get(HARBOR)
        assert rejection is not None and rejection.feedback_state is FeedbackState.ASKED
        await move(pilot, screen)

        # Step 3: what went well.
        assert isinstance(app.focused, TextArea) and app.focused.id == "went-well"
        await type_text(pilot, "My portfolio walkthrough")
        await move(pilot, screen)
        await pilot.pause()

        # Step 4: two lessons, turned into actions in one keystroke each.
        assert isinstance(app.focused, Input) and app.focused.id == "lesson-input"
        await type_text(pilot, "Practise live SQL")
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        await focus(pilot, screen, "#lesson-input")
        await type_text(pilot, "Tell crisper stories")
        await pilot.press("enter")
        await focus(pilot, screen, "#action-title")
        await pilot.press("ctrl+u")
        await type_text(pilot, "Write two STAR stories;Rehearse them aloud")
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        reflection = app.editor.reflection_for(HARBOR)
        assert reflection is not None
        created = [a for a in store.actions.all() if a.reflection_id == reflection.id]
        assert sorted(a.title for a in created) == ["Practise live SQL", "Rehearse them aloud", "Write two STAR stories"]
        for item in created:
            assert item.origin == "Lesson: Harbor & Finch"
            assert item.due == TODAY + timedelta(days=7)
            assert item.priority is Priority.NORMAL
        lessons = {lesson.text: lesson for lesson in reflection.lessons}
        assert len(lessons["Practise live SQL"].action_ids) == 1
        assert len(lessons["Tell crisper stories"].action_ids) == 2
        assert set(lessons["Tell crisper stories"].action_ids) <= {a.id for a in created}
        await move(pilot, screen)
        await pilot.pause()

        # Step 5: tick an opportunity, a closing note, mood now, finish.
        assert isinstance(app.focused, SelectionList)
        await pilot.press("space")
        await focus(pilot, screen, "#closing-note")
        await type_text(pilot, "Onwards")
        await focus(pilot, screen, "#mood-after")
        await pilot.press("4")
        await move(pilot, screen)
        await settle(app, pilot)

        done = app.editor.reflection_for(HARBOR)
        assert done is not None and done.is_complete and done.completed_at == NOW
        assert done.mood_after == 4 and done.closing_note == "Onwards" and len(done.next_opportunities) == 1
        assert done.went_well == "My portfolio walkthrough"
        rejection = store.rejections.get(HARBOR)
        assert rejection is not None and rejection.closed_at == NOW
        new = [c for c in store.checkins.all() if c.rejection_id == HARBOR]
        assert store.checkins.count() == checkins_before + 1 and len(new) == 1
        checkin = new[0]
        assert checkin.kind is CheckInKind.CHECK_IN and checkin.topic == "ladder" and checkin.sequence == 1
        assert checkin.interval_days == store.settings().checkin_ladder[0]
        assert checkin.application_id == rejection.application_id and checkin.state is CheckInState.PENDING
        assert NOW + timedelta(hours=18) <= checkin.due_at <= NOW + timedelta(days=2)

        # The summary card.
        assert screen.query_one("#steps").current == "summary"  # type: ignore[attr-defined]
        summary = static_text(screen, "#summary-body")
        assert "Practise live SQL" in summary and "Write two STAR stories" in summary
        assert format_moment(checkin.due_at, NOW, ZONE) in summary
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ReflectionScreen)


# ---------------------------------------------------------------------------------------------
# Leaving and resuming


async def test_leave_at_step_3_and_resume_with_answers_intact(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await pilot.press("3")
        await focus(pilot, screen, "#harsh-thought")
        await type_text(pilot, "Nobody will ever want me")
        await move(pilot, screen, "ctrl+n", 2)
        await pilot.pause()
        await type_text(pilot, "Good questions at the end")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ReflectionScreen)
        saved = app.editor.reflection_for(HARBOR)
        assert saved is not None and saved.step == 3 and not saved.is_complete
        assert saved.went_well == "Good questions at the end" and saved.mood_before == 3
        assert saved.harsh_thought == "Nobody will ever want me"

        again = await open_reflection(app, pilot, HARBOR)
        assert again.query_one(StepProgress).step == 3
        assert again.query_one("#steps").current == "step-3"  # type: ignore[attr-defined]
        assert again.query_one("#went-well", TextArea).text == "Good questions at the end"
        await move(pilot, again, "ctrl+b")
        await settle(app, pilot)
        assert app.editor.reflection_for(HARBOR).step == 2  # type: ignore[union-attr]
        await move(pilot, again, "ctrl+b")
        await pilot.pause()
        assert again.query_one("#harsh-thought", TextArea).text == "Nobody will ever want me"
        assert again.query_one("#mood-before", MoodPicker).value == 3
        assert len([r for r in app.store.reflections.all() if r.rejection_id == HARBOR]) == 1


async def test_resume_from_the_journal_with_enter(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#journal-table")
        assert app.focused is table
        row = table.get_row_index(str(BLUEFIN))  # type: ignore[attr-defined]
        table.move_cursor(row=row)  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReflectionScreen) and app.screen._loaded, "the reflection")
        screen = app.screen
        assert isinstance(screen, ReflectionScreen) and screen.rejection_id == BLUEFIN
        await until(pilot, lambda: focus_in(app, "step-3"), "step 3")
        assert screen.query_one(StepProgress).step == 3
        await move(pilot, screen, "ctrl+b", 2)
        await pilot.pause()
        assert screen.step == 1
        assert screen.query_one("#harsh-thought", TextArea).text == "Nobody wants someone without a CS degree."
        assert screen.query_one("#mood-before", MoodPicker).value == 2
        assert OUTSIDE_FACTORS[0] in screen.query_one("#outside-factors", SelectionList).selected


async def test_leaving_a_new_reflection_untouched_saves_nothing(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        await open_reflection(app, pilot, HARBOR)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.editor.reflection_for(HARBOR) is None


async def test_typing_is_saved_after_a_pause(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await focus(pilot, screen, "#harsh-thought")
        await type_text(pilot, "I blew it")
        screen._save()  # what the autosave timer calls after a pause
        await settle(app, pilot)
        saved = app.editor.reflection_for(HARBOR)
        assert saved is not None and saved.harsh_thought == "I blew it" and saved.step == 1


# ---------------------------------------------------------------------------------------------
# Step 1


async def test_traps_are_spotted_while_typing(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        assert "doesn't have to be fair" in static_text(screen, "#traps")
        await focus(pilot, screen, "#harsh-thought")
        await type_text(pilot, "I'll never get hired, everyone is better")
        await pilot.pause()
        shown = static_text(screen, "#traps")
        assert "Stretching one 'no' into 'always'" in shown and "never get" in shown
        assert "Which part is about this one role, this one time?" in shown
        await pilot.press("ctrl+u")
        await type_text(pilot, "That one went badly")
        await pilot.pause()
        shown = static_text(screen, "#traps")
        assert "No thinking traps" not in shown and "a friend" in shown  # a question, never reassurance


# ---------------------------------------------------------------------------------------------
# Step 2


async def test_feedback_draft_has_contact_role_and_company(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, BLUEFIN)
        await move(pilot, screen, "ctrl+b")
        await pilot.pause()
        draft = screen.query_one("#feedback-draft", TextArea).text
        assert draft.startswith("Hi Tom,") and "Backend Engineer" in draft and "Bluefin Labs" in draft
        assert "made my interview stronger" in draft  # Bluefin said no after an interview


async def test_your_name_is_asked_once_and_signs_the_email(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await move(pilot, screen)
        await pilot.pause()
        assert screen.query_one("#name-row").display
        draft = screen.query_one("#feedback-draft", TextArea)
        assert draft.text.rstrip().endswith("best wishes,")
        await focus(pilot, screen, "#your-name")
        await type_text(pilot, "Sam Lee")
        await pilot.press("enter")
        await settle(app, pilot)
        assert draft.text.rstrip().endswith("best wishes,\nSam Lee")
        assert not screen.query_one("#name-row").display
        assert app.store.settings().your_name == "Sam Lee"
        # Next time: no question, and a new draft is signed already.
        await pilot.press("escape")
        await settle(app, pilot)
        screen = await open_reflection(app, pilot, BLUEFIN)
        await move(pilot, screen, "ctrl+b")
        await pilot.pause()
        assert not screen.query_one("#name-row").display
        assert screen.query_one("#feedback-draft", TextArea).text.rstrip().endswith("Sam Lee")


async def test_copy_save_and_mailto(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(tmp_path) as (app, pilot):
        copied: list[str] = []
        opened: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
        screen = await open_reflection(app, pilot, BLUEFIN)
        await move(pilot, screen, "ctrl+b")
        await pilot.pause()
        await focus(pilot, screen, "#feedback-draft")
        await pilot.press("ctrl+e")
        await type_text(pilot, " PS: thanks")
        text = screen.query_one("#feedback-draft", TextArea).text
        monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # no clipboard tool: OSC 52 only
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the 'copy not confirmed' question")
        assert copied == [text] and "PS: thanks" in copied[0]
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen, "the reflection")

        await pilot.press("ctrl+s")
        await settle(app, pilot)
        target = app.store.path.parent / "feedback-request-bluefin-labs.txt"
        saved = target.read_text(encoding="utf-8")
        assert "To: tom@bluefin.example" in saved and "Subject: Feedback on my interview for Backend Engineer" in saved
        assert "PS: thanks" in saved

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert len(opened) == 1 and opened[0].startswith("mailto:tom@bluefin.example?subject=Feedback%20on")
        assert "PS%3A%20thanks" in opened[0]


async def test_mailto_failure_is_a_toast_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(tmp_path) as (app, pilot):

        def broken(url: str, **_: object) -> None:
            raise OSError("no browser here")

        monkeypatch.setattr(app, "open_url", broken)
        screen = await open_reflection(app, pilot, HARBOR)
        await move(pilot, screen)
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen is screen
        assert any("no browser here" in str(n.message) for n in app._notifications)


async def test_buttons_work_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(tmp_path) as (app, pilot):
        copied: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        screen = await open_reflection(app, pilot, HARBOR)
        await pilot.click("#nav-next")
        await pilot.pause()
        assert screen.step == 2
        screen.query_one("#fb-copy").focus()
        monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
        await pilot.press("enter")
        await until(pilot, lambda: len(copied) == 1, "the copy")
        assert "Harbor & Finch" in copied[0]


async def test_mark_as_asked_then_received_and_not_coming(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await move(pilot, screen)
        await pilot.pause()
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        rejection = app.store.rejections.get(HARBOR)
        assert rejection is not None
        assert rejection.feedback_state is FeedbackState.ASKED and rejection.feedback_asked_on == TODAY
        assert "asked today" in static_text(screen, "#feedback-status")
        assert screen.query_one("#ask-feedback", Switch).value is True

        await focus(pilot, screen, "#feedback-received")
        await type_text(pilot, "Great energy, go deeper on metrics")
        await pilot.press("enter")
        await settle(app, pilot)
        rejection = app.store.rejections.get(HARBOR)
        assert rejection is not None and rejection.feedback_state is FeedbackState.RECEIVED
        assert rejection.feedback_text == "Great energy, go deeper on metrics"
        assert "received today" in static_text(screen, "#feedback-status")

        screen.query_one("#fb-not-coming").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.store.rejections.get(HARBOR).feedback_state is FeedbackState.NOT_COMING  # type: ignore[union-attr]


async def test_not_asking_hides_the_email(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await move(pilot, screen)
        await pilot.pause()
        assert isinstance(app.focused, Switch)
        await pilot.press("space")
        await pilot.pause()
        assert not screen.query_one("#email-section").display
        await move(pilot, screen)
        await settle(app, pilot)
        assert app.editor.reflection_for(HARBOR).ask_feedback is False  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------
# Step 3 and 4


async def test_stay_positive_uses_their_own_numbers(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, BLUEFIN)
        shown = static_text(screen, "#evidence")
        assert "picked to interview 5 times out of 12 applications" in shown
        assert "interview stage" in shown
        assert "replay" in static_text(screen, "#let-go")


async def test_bad_due_date_is_explained_and_nothing_is_created(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await jump(pilot, screen, 4)
        await pilot.pause()
        actions_before = app.store.actions.count()
        await type_text(pilot, "Ask a friend for a mock interview")
        await pilot.press("enter")
        await focus(pilot, screen, "#action-due")
        await pilot.press("ctrl+u")
        await type_text(pilot, "someday")
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        assert app.store.actions.count() == actions_before
        assert "'someday' is not one date: about when? e.g. tomorrow" in static_text(screen, "#action-error")
        assert screen.query_one("#action-due").has_class("-invalid")
        await pilot.press("ctrl+u")
        await type_text(pilot, "tomorrow")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.store.actions.count() == actions_before + 1
        item = max(app.store.actions.all(), key=lambda a: a.id)
        assert item.due == TODAY + timedelta(days=1) and item.title == "Ask a friend for a mock interview"
        assert static_text(screen, "#action-error") == ""
        assert "1 action on your board" in str(screen.query_one("#lessons").get_option_at_index(0).prompt)  # type: ignore[attr-defined]


async def test_a_save_while_typing_an_action_title_keeps_it(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await jump(pilot, screen, 4)
        await type_text(pilot, "Negotiate")
        await pilot.press("enter")
        await focus(pilot, screen, "#action-title")
        await pilot.press("ctrl+u")
        await type_text(pilot, "Read a book")
        screen._save()  # the autosave, then a redraw of the step from the store
        await settle(app, pilot)
        assert screen.query_one("#action-title", Input).value == "Read a book"
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        assert max(app.store.actions.all(), key=lambda a: a.id).title == "Read a book"
        assert screen.query_one("#action-title", Input).value == "Negotiate"


async def test_ctrl_a_without_a_lesson_asks_for_one(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await jump(pilot, screen, 4)
        await pilot.pause()
        before = app.store.actions.count()
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        assert app.store.actions.count() == before
        assert "Write a lesson first" in static_text(screen, "#action-error")


async def test_removing_a_lesson_keeps_its_actions(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await jump(pilot, screen, 4)
        await pilot.pause()
        await type_text(pilot, "Prepare salary research")
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        before = app.store.actions.count()
        await focus(pilot, screen, "#lessons")
        await pilot.press("d")
        screen._save()
        await settle(app, pilot)
        assert app.editor.reflection_for(HARBOR).lessons == ()  # type: ignore[union-attr]
        assert app.store.actions.count() == before
        # u brings it back, as after a delete on any other list (issue 16, item 5).
        await pilot.press("u")
        screen._save()
        await settle(app, pilot)
        lessons = app.editor.reflection_for(HARBOR).lessons  # type: ignore[union-attr]
        assert [lesson.text for lesson in lessons] == ["Prepare salary research"]
        assert lessons[0].action_ids  # with its actions still linked


# ---------------------------------------------------------------------------------------------
# Step 5 and finishing


async def test_quick_add_opportunity_arrives_ticked(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await jump(pilot, screen, 5)
        await pilot.pause()
        await focus(pilot, screen, "#new-company")
        await type_text(pilot, "Nordlicht GmbH")
        await pilot.press("enter")
        assert app.focused is screen.query_one("#new-role")
        await type_text(pilot, "Data Analyst")
        await pilot.press("enter")
        await settle(app, pilot)
        added = [a for a in app.store.applications.all() if a.company == "Nordlicht GmbH"]
        assert len(added) == 1 and added[0].role == "Data Analyst" and added[0].stage is Stage.WISHLIST  # not sent yet
        assert added[0].id in screen.query_one("#next-opportunities", SelectionList).selected
        await move(pilot, screen)
        await settle(app, pilot)
        assert added[0].id in app.editor.reflection_for(HARBOR).next_opportunities  # type: ignore[union-attr]


async def test_company_without_name_is_refused_inline(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await jump(pilot, screen, 5)
        await pilot.pause()
        before = app.store.applications.count()
        await focus(pilot, screen, "#new-role")
        await type_text(pilot, "Analyst")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.store.applications.count() == before
        assert "company a name" in static_text(screen, "#new-error")
        assert screen.query_one("#new-role", Input).value == "Analyst"


async def test_finishing_with_a_waiting_checkin_does_not_add_another(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        waiting = [c for c in app.store.checkins.all() if c.rejection_id == BLUEFIN and c.state.is_open]
        assert len(waiting) == 1
        screen = await open_reflection(app, pilot, BLUEFIN)
        await jump(pilot, screen, 5)
        await move(pilot, screen)
        await settle(app, pilot)
        assert len([c for c in app.store.checkins.all() if c.rejection_id == BLUEFIN and c.state.is_open]) == 1
        assert format_moment(waiting[0].due_at, NOW, ZONE) in static_text(screen, "#summary-body")
        assert app.store.rejections.get(BLUEFIN).closed_at == NOW  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReflectionScreen)


async def test_reopening_a_finished_reflection_starts_at_step_1_and_keeps_it_finished(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        checkins = app.store.checkins.count()
        screen = await open_reflection(app, pilot, NORTHWIND)
        assert screen.step == 1
        assert screen.query_one("#reframe", TextArea).text.startswith("I slowed down")
        await jump(pilot, screen, 5)
        await move(pilot, screen)
        await settle(app, pilot)
        reflection = app.editor.reflection_for(NORTHWIND)
        assert reflection is not None and reflection.is_complete and reflection.completed_at != NOW
        assert app.store.checkins.count() == checkins


# ---------------------------------------------------------------------------------------------
# Sizes and literal text


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_every_step_at_each_size(tmp_path: Path, size: tuple[int, int]) -> None:
    async with running(tmp_path, size) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        for number in range(1, 6):
            assert screen.step == number
            assert f"Step {number} of 5" in screen_text(app)
            await move(pilot, screen)
            await pilot.pause()
        await settle(app, pilot)
        assert "Finished" in screen_text(app)
        assert screen.query_one(SummaryCard).display


async def test_markup_and_escape_sequences_are_shown_literally(tmp_path: Path) -> None:
    store, clock = make_store(tmp_path)
    editor = Editor(store, clock)
    app_record = editor.add_application(
        Application(company="[bold]Acme[/", role="\x1b[31mAnalyst [link=x]", contact_name="[i]Jo[/i]", stage=Stage.INTERVIEW)
    )
    rejection = editor.mark_rejected(app_record.id, TODAY, Stage.INTERVIEW, "[red]budget[/red]")
    editor.save_reflection(
        Reflection(
            rejection_id=rejection.id,
            step=1,
            harsh_thought="\x1b[31mI always [b]fail[/b]",
            lessons=(Lesson("[bold]Practise[/bold] \x1b[0m"),),
        )
    )
    app = new_app(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = await open_reflection(app, pilot, rejection.id)
        assert "[bold]Acme[/" in static_text(screen, "#reflection-heading")
        thought = screen.query_one("#harsh-thought", TextArea).text
        assert thought == "I always [b]fail[/b]"  # the escape sequence is dropped, the markup kept
        assert "Stretching one 'no' into 'always'" in static_text(screen, "#traps")
        await focus(pilot, screen, "#reframe")
        await type_text(pilot, "[/] [link=x]ok")
        await move(pilot, screen)
        await pilot.pause()
        assert "[bold]Acme[/" in screen.query_one("#feedback-draft", TextArea).text
        assert "[i]Jo[/i]" in screen.query_one("#feedback-draft", TextArea).text
        assert "\x1b" not in screen_text(app)
        await jump(pilot, screen, 4)
        await pilot.pause()
        assert "[bold]Practise[/bold]" in str(screen.query_one("#lessons").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        await focus(pilot, screen, "#lessons")
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        item = max(store.actions.all(), key=lambda a: a.id)
        assert item.origin == "Lesson: [bold]Acme[/"
        await jump(pilot, screen, 5)
        await move(pilot, screen)
        await settle(app, pilot)
        summary = static_text(screen, "#summary-body")
        assert "[bold]Acme[/" in summary and "[bold]Practise[/bold]" in summary and "[/] [link=x]ok" in summary
        assert "\x1b" not in screen_text(app)
        saved = app.editor.reflection_for(rejection.id)
        assert saved is not None and saved.reframe == "[/] [link=x]ok"


# ---------------------------------------------------------------------------------------------
# Editor additions (no UI)


def test_save_reflection_draft_never_duplicates(tmp_path: Path) -> None:
    store, clock = make_store(tmp_path)
    editor = Editor(store, clock)
    first = editor.save_reflection_draft(Reflection(rejection_id=HARBOR, harsh_thought="a"))
    second = editor.save_reflection_draft(Reflection(rejection_id=HARBOR, harsh_thought="b"))  # queued with id 0
    assert first.id == second.id
    assert [r.harsh_thought for r in store.reflections.all() if r.rejection_id == HARBOR] == ["b"]


def test_a_late_draft_save_keeps_lesson_action_ids(tmp_path: Path) -> None:
    store, clock = make_store(tmp_path)
    editor = Editor(store, clock)
    draft = Reflection(rejection_id=HARBOR, lessons=(Lesson("Practise SQL"),))
    saved, created = editor.lesson_to_actions(draft, "Practise SQL", [ActionItem(title="Kata", due=TODAY)])
    assert saved.lessons[0].action_ids == (created[0].id,)
    assert created[0].reflection_id == saved.id
    stale = editor.save_reflection_draft(replace(draft, went_well="x"))  # written before on_done synced ids
    assert stale.lessons[0].action_ids == (created[0].id,)
    assert editor.undo() == "added 1 action items"
    assert store.actions.get(created[0].id) is None


def test_finish_reflection_twice_schedules_one_checkin(tmp_path: Path) -> None:
    store, clock = make_store(tmp_path)
    editor = Editor(store, clock)
    draft = editor.save_reflection_draft(Reflection(rejection_id=HARBOR))
    finished, checkin = editor.finish_reflection(draft)
    assert finished.is_complete and checkin is not None and checkin.sequence == 1
    again, same = editor.finish_reflection(finished)
    assert same is not None and same.id == checkin.id
    assert len([c for c in store.checkins.all() if c.rejection_id == HARBOR]) == 1
    assert again.completed_at == finished.completed_at


async def test_a_past_due_day_for_a_lesson_is_asked_about_then_kept(tmp_path: Path) -> None:
    """Issue 15 §2: a past day in a due field asks once (ctrl+a again keeps it), never refuses
    outright and never saves in silence."""
    async with running(tmp_path) as (app, pilot):
        screen = await open_reflection(app, pilot, HARBOR)
        await jump(pilot, screen, 4)
        await type_text(pilot, "Ask for a referral sooner")
        await pilot.press("enter")
        await focus(pilot, screen, "#action-due")
        await pilot.press("ctrl+u")
        await type_text(pilot, "3 days ago")
        before = app.store.actions.count()
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        assert app.store.actions.count() == before
        assert "was 3 days ago: press ctrl+a again to keep it" in static_text(screen, "#action-error")
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        assert app.store.actions.count() == before + 1
        assert max(app.store.actions.all(), key=lambda a: a.id).due == TODAY - timedelta(days=3)
