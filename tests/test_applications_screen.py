"""Pilot tests for the Applications screen and its dialogs (form, reject, timeline, confirm)."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TextArea

from tui.ui.app import NextRoundApp
from tui.domain.clock import FrozenClock
from tui.ui.dialogs.application_form import ApplicationForm
from tui.ui.dialogs.reject_dialog import RejectDialog
from tui.ui.dialogs.timeline_dialog import TimelineDialog
from tui.domain.models import Application, Stage
from tui.ui.screens.applications import ApplicationsScreen
from tui.store import Store

from .conftest import NOW, TODAY, new_app, settle_writes

MARKUP_COMPANY = "[bold]Acme[/"
ESCAPE_ROLE = "\x1b[31mred"
MARKUP_NOTES = "[link=x]y"


def make_app(store: Store, clock: FrozenClock) -> NextRoundApp:
    return new_app(store, clock)


# -- helpers -------------------------------------------------------------------------------------


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every queued write (and its on_done and redraw) has run.

    The writer hands results back with ``call_from_thread``, which needs the event loop
    running: so wait without blocking it.
    """
    app = pilot.app
    assert isinstance(app, NextRoundApp)
    await settle_writes(app, pilot)


async def open_list(pilot: Pilot[Any]) -> ApplicationsScreen:
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ApplicationsScreen)
    return screen


def table_of(screen: ApplicationsScreen) -> DataTable[Any]:
    return screen.query_one("#apps-table", DataTable)


def rows(screen: ApplicationsScreen) -> list[list[str]]:
    table = table_of(screen)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def companies(screen: ApplicationsScreen) -> list[str]:
    return [row[0] for row in rows(screen)]


def by_company(store: Store, company: str) -> Application:
    return next(a for a in store.applications.all() if a.company == company)


async def select(pilot: Pilot[Any], screen: ApplicationsScreen, company: str) -> Application:
    """Move the cursor onto ``company`` with the keyboard (j), as a person would."""
    table = table_of(screen)
    table.focus()
    await pilot.pause()
    target = companies(screen).index(company)
    while table.cursor_row > target:
        await pilot.press("k")
    while table.cursor_row < target:
        await pilot.press("j")
    await pilot.pause()
    app = screen.current()
    assert app is not None and app.company == company
    return app


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Focus a field, clear it and type ``text`` key by key."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    if text:
        await pilot.press(*text)
    await pilot.pause()


def static_text(screen: Any, selector: str) -> str:
    """The plain text a Static shows (whether it holds Text or a Rich table)."""
    content = screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


# -- the list ------------------------------------------------------------------------------------


async def test_lists_every_application_with_columns(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        table = table_of(screen)
        assert table.row_count == demo_store.applications.count()
        assert [str(c.label.plain).split(" ")[0] for c in table.ordered_columns] == [
            "Company", "Role", "Stage", "Applied", "Last", "Next",
        ]
        assert table.cursor_type == "row" and table.zebra_stripes
        # The next reminder comes from the reminder rules: due, upcoming, or none for closed ones.
        assert not screen.query_one("#apps-empty").display
        assert screen.next_reminder_text(by_company(demo_store, "Tidewater Bank")) == "due now"
        assert screen.next_reminder_text(by_company(demo_store, "Kestrel Games")) == "—"  # ghosted
        assert screen.next_reminder_text(by_company(demo_store, "Pinecone Media")).startswith("Follow-up ")
        assert {row[5] for row in rows(screen)} >= {"due now", "—"}


async def test_empty_store_shows_a_friendly_hint(store: Store, clock: FrozenClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        hint = screen.query_one("#apps-empty", Static)
        assert hint.display and not table_of(screen).display
        assert "No applications yet — press a to add your first" in static_text(screen, "#apps-empty")
        # Keys that need a selected application say so instead of failing.
        await pilot.press("e", "d", "s", "r")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationsScreen)


# -- adding and editing --------------------------------------------------------------------------


async def test_add_with_typed_dates(store: Store, clock: FrozenClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ApplicationForm)
        await type_into(pilot, "#field-company", "Acme Corp")
        await type_into(pilot, "#field-role", "Data Analyst")
        await type_into(pilot, "#field-contact_email", "kim@acme.example")
        await type_into(pilot, "#field-applied", "3 Nov")
        assert "→ Tue 3 Nov" in static_text(form, "#applied-feedback")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        saved = by_company(store, "Acme Corp")
        assert (saved.role, saved.contact_email, saved.applied_on, saved.stage) == (
            "Data Analyst", "kim@acme.example", date(2026, 11, 3), Stage.APPLIED,
        )
        assert [c.stage for c in saved.timeline] == [Stage.APPLIED]
        assert screen.current() == saved  # the cursor is on the new row
        assert rows(screen)[table_of(screen).cursor_row][:4] == ["Acme Corp", "Data Analyst", "Applied", "3 Nov"]

        # A future day in "Applied on" is asked about, then kept when saved again; Enter saves too.
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#field-applied", "+2d")
        assert "→ Fri 27 Nov" in static_text(app.screen, "#applied-feedback")
        assert "not past yet: save again to keep it" in static_text(app.screen, "#applied-feedback")
        app.screen.query_one("#field-stage", Select).value = Stage.SCREENING
        await type_into(pilot, "#field-company", "Globex")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ApplicationForm) and store.applications.count() == 1
        assert app.screen.focused is app.screen.query_one("#field-applied")
        await pilot.press("enter")
        await settle(pilot)
        globex = by_company(store, "Globex")
        assert globex.applied_on == date(2026, 11, 27) and globex.stage is Stage.SCREENING
        assert store.applications.count() == 2


async def test_invalid_date_shows_inline_error_and_saves_nothing(store: Store, clock: FrozenClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_list(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        # No company yet: saying so inline, not saving.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "a company name is needed" in static_text(form, "#error-company")
        await type_into(pilot, "#field-company", "Initech")
        assert form.query_one("#error-company").has_class("-empty")
        await type_into(pilot, "#field-applied", "the other day")
        feedback = form.query_one("#applied-feedback", Static)
        assert feedback.has_class("field-error")
        assert "about when? e.g. 3 days ago" in static_text(form, "#applied-feedback")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and store.applications.count() == 0
        assert form.focused is form.query_one("#field-applied")
        # Nothing typed was lost: fix the date and it saves.
        assert form.query_one("#field-company", Input).value == "Initech"
        await type_into(pilot, "#field-applied", "yesterday")
        assert feedback.has_class("field-hint")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert by_company(store, "Initech").applied_on == date(2026, 11, 24)


async def test_a_bare_weekday_in_applied_on_is_the_last_one(store: Store, clock: FrozenClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_list(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, "#field-company", "Initech")
        for typed, shown in (("monday", "→ Mon 23 Nov · 2 days ago"), ("last friday", "→ Fri 20 Nov · 5 days ago"),
                             ("a week ago", "→ Wed 18 Nov · 7 days ago")):
            await type_into(pilot, "#field-applied", typed)
            assert static_text(form, "#applied-feedback").strip() == shown
        assert "last fri" in form.query_one("#field-applied", Input).placeholder
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert by_company(store, "Initech").applied_on == date(2026, 11, 18)


async def test_correcting_the_applied_date_moves_the_first_timeline_entry(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        original = await select(pilot, screen, "Tidewater Bank")
        await pilot.press("e")
        await pilot.pause()
        await type_into(pilot, "#field-applied", "28 Oct")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = demo_store.applications.get(original.id)
        assert saved is not None and saved.applied_on == date(2026, 10, 28)
        first = saved.timeline[0]
        assert first.stage is Stage.APPLIED and first.at.astimezone(clock.tz).date() == date(2026, 10, 28)
        assert len(saved.timeline) == len(original.timeline)
        assert saved.last_change == max(c.at for c in saved.timeline)


def test_with_applied_on_keeps_the_timeline_true() -> None:
    from dateutil import tz as tzmod

    from tui.domain.models import StageChange
    from tui.ui.dialogs.application_form import with_applied_on

    zone = tzmod.gettz("Europe/Berlin")
    applied = StageChange(Stage.APPLIED, datetime(2026, 11, 10, 11, 0, tzinfo=timezone.utc))
    app = Application(company="Acme", applied_on=date(2026, 11, 10), timeline=(applied,))
    moved = with_applied_on(app, date(2026, 11, 3), zone, NOW)
    assert moved.timeline[0].at.astimezone(zone).date() == date(2026, 11, 3)
    assert moved.last_change == moved.timeline[0].at  # "Last change" follows the corrected entry
    bare = with_applied_on(Application(company="Acme"), date(2026, 11, 3), zone, NOW)
    assert [c.stage for c in bare.timeline] == [Stage.APPLIED]
    assert with_applied_on(app, app.applied_on, zone, NOW) is app
    future = with_applied_on(app, date(2026, 12, 3), zone, NOW)
    assert future.timeline == app.timeline and future.applied_on == date(2026, 12, 3)


async def test_escape_cancels_the_form(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        before = demo_store.applications.count()
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#field-company", "Never saved")
        await pilot.press("escape", "y")  # something was typed: it asks first (tests/test_lost_input.py)
        await settle(pilot)
        assert app.screen is screen and demo_store.applications.count() == before


async def test_edit_updates_the_row_in_place(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        original = await select(pilot, screen, "Tidewater Bank")
        row_before = table_of(screen).cursor_row
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ApplicationForm)
        assert form.query_one("#field-company", Input).value == "Tidewater Bank"
        assert form.query_one("#field-applied", Input).value == "30 Oct 2026"
        await type_into(pilot, "#field-role", "Senior BI Developer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = demo_store.applications.get(original.id)
        assert saved is not None and saved.role == "Senior BI Developer"
        assert saved.applied_on == original.applied_on and saved.timeline == original.timeline
        assert table_of(screen).cursor_row == row_before
        assert rows(screen)[row_before][:2] == ["Tidewater Bank", "Senior BI Developer"]
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.applications.get(original.id).role == "BI Developer"  # type: ignore[union-attr]
        assert rows(screen)[row_before][1] == "BI Developer"


# -- delete, stage keys and undo -----------------------------------------------------------------


def record_toasts(app: NextRoundApp) -> list[str]:
    """Every message the app shows as a toast from now on (through its public ``notify``)."""
    said: list[str] = []
    show = app.notify

    def record(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        show(message, *args, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    return said


async def test_delete_acts_at_once_names_it_and_undo_restores(demo_store: Store, clock: FrozenClock) -> None:
    """Delete behaves as on the board: no question, a note naming what went, u brings it back."""
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        target = await select(pilot, screen, "Kestrel Games")
        count = demo_store.applications.count()
        notes = record_toasts(app)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen  # no question first
        assert "Kestrel Games" not in companies(screen)
        await settle(pilot)
        assert any(f"Deleted {target.title}" in m and "u to undo" in m for m in notes), notes
        assert demo_store.applications.get(target.id) is None
        assert "Kestrel Games" not in companies(screen)
        assert table_of(screen).row_count == count - 1
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.applications.get(target.id) == target
        assert "Kestrel Games" in companies(screen)


async def test_a_stage_change_is_saved_after_the_frame_that_shows_it(demo_store: Store, clock: FrozenClock) -> None:
    """Shown first, saved after the frame (encoding a large store holds the interpreter lock),
    and in order with an undo asked for straight after it."""
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        target = await select(pilot, screen, "Cobalt Systems")
        await settle(pilot)
        screen.action_stage(Stage.INTERVIEW.value)  # as the key would, without letting the loop run
        assert len(app._held_jobs) == 1  # held for the frame
        assert demo_store.applications.get(target.id).stage is target.stage
        await settle(pilot)
        assert not app._held_jobs
        assert demo_store.applications.get(target.id).stage is Stage.INTERVIEW
        screen.action_stage(Stage.OFFER.value)
        app.action_undo()  # not held itself, but queued behind the held change it undoes
        await settle(pilot)
        assert demo_store.applications.get(target.id).stage is Stage.INTERVIEW


async def test_stage_key_moves_the_stage_and_adds_to_the_timeline(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        target = await select(pilot, screen, "Cobalt Systems")
        row = table_of(screen).cursor_row
        await pilot.press("i")
        # Shown at once, before the write lands.
        assert rows(screen)[row][2] == "Interview"
        await settle(pilot)
        saved = demo_store.applications.get(target.id)
        assert saved is not None and saved.stage is Stage.INTERVIEW
        assert saved.timeline[-1].stage is Stage.INTERVIEW and saved.timeline[-1].at == NOW
        assert table_of(screen).cursor_row == row and screen.current() == saved
        for key, stage in (("s", Stage.SCREENING), ("f", Stage.FINAL_ROUND), ("o", Stage.OFFER), ("w", Stage.WITHDRAWN), ("n", Stage.GHOSTED)):
            await pilot.press(key)
            await settle(pilot)
            assert demo_store.applications.get(target.id).stage is stage  # type: ignore[union-attr]
            assert rows(screen)[row][2] == stage.label
        # The timeline dialog shows the new steps.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineDialog)
        steps = static_text(app.screen, "#timeline-steps")
        assert "Interview" in steps and "Ghosted" in steps and "today" in steps
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_undo_after_stage_change_restores_and_redraws(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        target = await select(pilot, screen, "Quarry Studio")
        row = table_of(screen).cursor_row
        await pilot.press("f")
        await settle(pilot)
        assert demo_store.applications.get(target.id).stage is Stage.FINAL_ROUND  # type: ignore[union-attr]
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.applications.get(target.id) == target
        assert rows(screen)[row][2] == "Screening"
        assert table_of(screen).cursor_row == row
        assert any("Undone" in str(n.message) for n in app._notifications)


async def test_cursor_stays_on_the_application_after_an_outside_change(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        target = await select(pilot, screen, "Lumen Health")
        # Another change adds a row (so the table is rebuilt) while the cursor is on Lumen.
        app.change(lambda editor: editor.add_application(Application(company="Zeta Ltd")))
        await settle(pilot)
        assert "Zeta Ltd" in companies(screen)
        assert screen.current() is not None and screen.current().id == target.id  # type: ignore[union-attr]


# -- rejection -----------------------------------------------------------------------------------


async def test_mark_rejected_and_reflect_now(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        target = await select(pilot, screen, "Lumen Health")
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RejectDialog)
        assert dialog.query_one("#reject-stage", Select).value is Stage.INTERVIEW  # the stage it was at
        await type_into(pilot, "#reject-on", "yesterday")
        assert "→ Tue 24 Nov" in static_text(dialog, "#reject-on-feedback")
        await type_into(pilot, "#reject-reason", "Went with an internal candidate")
        await pilot.press("enter")  # Enter is the main answer: reflect now
        await settle(pilot)
        await pilot.pause()
        rejection = app.editor.rejection_for(target.id)
        assert rejection is not None
        assert (rejection.on, rejection.stage, rejection.reason) == (date(2026, 11, 24), Stage.INTERVIEW, "Went with an internal candidate")
        assert demo_store.applications.get(target.id).stage is Stage.REJECTED  # type: ignore[union-attr]
        assert type(app.screen).__name__ == "ReflectionScreen"


async def test_mark_rejected_later_stays_on_the_list(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        target = await select(pilot, screen, "Atlas Civic Tech")
        row = table_of(screen).cursor_row
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RejectDialog)
        assert dialog.query_one("#reject-stage", Select).value is Stage.APPLIED
        dialog.query_one("#reject-stage", Select).value = Stage.SCREENING
        # A date in the future is refused inline; nothing is saved.
        await type_into(pilot, "#reject-on", "tomorrow")
        await pilot.click("#reject-later")
        await settle(pilot)
        assert app.screen is dialog and app.editor.rejection_for(target.id) is None
        assert "future" in static_text(dialog, "#reject-on-feedback")
        await type_into(pilot, "#reject-on", "today")
        await pilot.click("#reject-later")
        await settle(pilot)
        assert app.screen is screen
        rejection = app.editor.rejection_for(target.id)
        assert rejection is not None and (rejection.on, rejection.stage, rejection.reason) == (TODAY, Stage.SCREENING, "")
        assert app.editor.reflection_for(rejection.id) is None  # so it is due on the dashboard
        assert rows(screen)[row][2] == "Rejected"
        # Marking it again is refused kindly; undo takes the whole rejection back.
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("u")
        await settle(pilot)
        assert app.editor.rejection_for(target.id) is None
        assert demo_store.applications.get(target.id) == target


async def test_reject_dialog_escape_changes_nothing(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        target = await select(pilot, screen, "Orchard Robotics")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and demo_store.applications.get(target.id) == target


# -- filter and sort -------------------------------------------------------------------------------


async def test_filter_narrows_rows_and_escape_restores(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        everything = companies(screen)
        box = screen.query_one("#apps-filter", Input)
        bar = screen.query_one("#apps-filter-bar")
        assert not bar.display
        await pilot.press("slash")
        await pilot.pause()
        assert bar.display and screen.focused is box
        stages_before = {a.id: a.stage for a in demo_store.applications.all()}
        await pilot.press(*"data ana")
        await settle(pilot)
        shown = rows(screen)
        assert shown and len(shown) < len(everything)
        assert all("data" in row[1].lower() and "ana" in row[1].lower() for row in shown)
        # Letters typed in the filter are text, not stage keys ("i", "a", "d" did nothing).
        assert {a.id: a.stage for a in demo_store.applications.all()} == stages_before
        assert box.value == "data ana"
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display and box.value == ""
        assert companies(screen) == everything
        assert screen.focused is table_of(screen)
        # By stage word, then Enter keeps the filter and returns to the list.
        await pilot.press("slash", *"rejected", "enter")
        await pilot.pause()
        assert {row[2] for row in rows(screen)} == {"Rejected"}
        assert screen.focused is table_of(screen)
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert "Nothing matches" in static_text(screen, "#apps-empty")
        await pilot.press("escape")
        await pilot.pause()
        assert companies(screen) == everything


async def test_sort_cycles_and_header_click(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        kept = await select(pilot, screen, "Meridian Logistics")
        await pilot.press("S")  # last change -> next reminder
        await pilot.press("S")  # -> company, A to Z
        await pilot.pause()
        names = companies(screen)
        assert names == sorted(names, key=str.casefold)
        assert screen.current() == kept
        assert "by company, A to Z" in str(table_of(screen).border_subtitle)
        await pilot.click("#apps-table", offset=(3, 1))  # the Company header again: Z to A
        await pilot.pause()
        assert companies(screen) == sorted(names, key=str.casefold, reverse=True)
        await pilot.press("S", "S")  # role, then stage
        await pilot.pause()
        order = [Stage(r.lower().replace(" ", "_")) for r in (row[2] for row in rows(screen))]
        assert order == sorted(order, key=list(Stage).index)
        assert screen.current() == kept


# -- the palette, small terminals and literal text -------------------------------------------------


async def test_palette_commands_cover_every_action(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        titles = {c.title for c in screen.commands()}
        assert {"Add application", "Edit application", "Delete application", "Mark rejected", "Show timeline",
                "Filter applications", "Sort applications", "Move to screening", "Move to interview",
                "Move to final round", "Move to offer", "Move to withdrawn", "Move to ghosted"} <= titles
        target = await select(pilot, screen, "Cobalt Systems")
        command = next(c for c in screen.commands() if c.title == "Move to offer")
        command.callback()
        await settle(pilot)
        assert demo_store.applications.get(target.id).stage is Stage.OFFER  # type: ignore[union-attr]
        palette_titles = {c.title for c in app.get_system_commands(screen)}
        assert "Mark rejected" in palette_titles


async def test_small_terminal_walk_through(demo_store: Store, clock: FrozenClock) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(pilot)
        assert screen.query_one("#apps-keys", Static).region.bottom <= 23
        for keys in (["a"], ["escape"], ["e"], ["escape"], ["enter"], ["escape"], ["r"], ["escape"],
                     ["slash", "a"], ["escape"], ["S"], ["j", "k", "g", "G", "question_mark"], ["escape"]):
            await pilot.press(*keys)
            await pilot.pause()
        assert app.screen is screen
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        # The whole form fits (or scrolls) inside 80x24: the Save button is reachable.
        save = form.query_one("#form-save")
        save.scroll_visible(animate=False)
        await pilot.pause()
        assert 0 <= save.region.y < 24
        await pilot.press("escape")
        await pilot.pause()
        app.save_screenshot("apps-80x24.svg", str(Path(demo_store.path).parent))
    assert app.return_code in (None, 0)


async def test_markup_and_escapes_are_shown_literally(store: Store, clock: FrozenClock) -> None:
    from tui.services.editor import Editor

    Editor(store, clock).add_application(
        Application(company=MARKUP_COMPANY, role=ESCAPE_ROLE, notes=MARKUP_NOTES, source="[/]", applied_on=TODAY)
    )
    app = make_app(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        company, role = rows(screen)[0][:2]
        assert company == MARKUP_COMPANY
        assert "\x1b" not in role and role.endswith("red")
        svg = app.export_screenshot()
        assert MARKUP_COMPANY in svg
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TimelineDialog)
        details = static_text(dialog, "#timeline-details")
        assert MARKUP_NOTES in details and "[/]" in details and "\x1b" not in details
        svg = app.export_screenshot()
        assert MARKUP_NOTES in svg and MARKUP_COMPANY in svg and "\x1b" not in svg
        await pilot.press("escape")
        await pilot.pause()
        # Editing another field keeps the stored text exactly (nothing silently lost).
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-company", Input).value == MARKUP_COMPANY
        await type_into(pilot, "#field-location", "[i]Remote")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = store.applications.all()[0]
        assert (saved.company, saved.role, saved.notes, saved.location) == (MARKUP_COMPANY, ESCAPE_ROLE, MARKUP_NOTES, "[i]Remote")
        # Typing markup into the form saves it as typed; the toast and the table show it literally.
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#field-company", "[b]x[/b] & [link=y]")
        notes = app.screen.query_one("#field-notes", TextArea)
        notes.focus()
        await pilot.press(*"[red]two[/]", "enter", *"lines")
        await pilot.press("ctrl+s")  # saves from the notes box too
        await settle(pilot)
        assert "[b]x[/b] & [link=y]" in companies(screen)
        assert by_company(store, "[b]x[/b] & [link=y]").notes == "[red]two[/]\nlines"
        # The reject dialog shows it literally too.
        await select(pilot, screen, "[b]x[/b] & [link=y]")
        await pilot.press("r")
        await pilot.pause()
        assert "[b]x[/b] & [link=y]" in static_text(app.screen, ".dialog-title")
        await pilot.press("escape")
        await pilot.pause()


async def test_many_changed_rows_rebuild_the_table_once_instead_of_cell_by_cell(
    store: Store, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DataTable re-measures a whole column for each cell update that narrows it: updating every
    row one cell at a time was quadratic (15 s of frozen screen on 1,000 applications)."""
    from tui.ui.screens import applications as screen_module

    store.applications.add_many(
        Application(company=f"Company {n}", role="Analyst", applied_on=date(2026, 11, 2), created_at=NOW)
        for n in range(screen_module.MAX_ROW_UPDATES + 10)
    )
    app = make_app(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_list(pilot)
        await settle(pilot)
        table = table_of(screen)
        updates: list[Any] = []
        original = DataTable.update_cell
        monkeypatch.setattr(DataTable, "update_cell", lambda self, *a, **k: (updates.append(a), original(self, *a, **k))[1])
        # New next reminders for every row (as when the rules' answer comes back from the writer).
        later = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
        screen._next_reminders_loaded({app_id: ("Follow-up", later) for app_id in screen._apps})  # noqa: SLF001
        await pilot.pause()
        assert updates == []  # rebuilt, not updated cell by cell
        assert table.row_count == len(screen._apps)  # noqa: SLF001
        assert "Follow-up" in " ".join(str(table.get_cell_at((0, c))) for c in range(len(table.columns)))
        # One changed row is still an in-place update of that row only.
        first = store.applications.all()[0]
        store.applications.update(first.moved_to(Stage.SCREENING, NOW))
        screen.reload_if_changed()
        await pilot.pause()
        assert updates and {key for key, *_ in updates} == {str(first.id)}
