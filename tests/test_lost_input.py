"""Issue 16, item 4: nothing typed is lost by a reflexive key.

Escape on a form with something typed asks first; after Add in step 5 the focus goes to the
application just added (not back to "New company"); the snooze box's hint is readable whole and
a typed time wins over the preset buttons.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.widgets import Input, SelectionList, Static

from tests.ui_tour import open_dialog, unreflected_rejection
from tui.domain.dates import parse_user_datetime
from tui.ui.dialogs.action_form import ActionFormDialog
from tui.ui.dialogs.application_form import ApplicationForm
from tui.ui.dialogs.confirm import ConfirmDialog
from tui.ui.dialogs.reject_dialog import RejectDialog
from tui.ui.dialogs.snooze_dialog import SnoozeDialog
from tui.ui.screenshots import make_demo_app, settle


def _question(app: Any) -> str:
    return str(app.screen.query_one(".dialog-text", Static).render())


async def test_escape_on_a_filled_in_form_asks_before_discarding(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        count = app.store.applications.count()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ApplicationForm)
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, ApplicationForm)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Fjord Labs")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Discard this new application?" in _question(app)
        await pilot.press("escape")  # the safe answer: keep editing
        await pilot.pause()
        assert app.screen is form and form.query_one("#field-company", Input).value == "Fjord Labs"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, (ApplicationForm, ConfirmDialog))
        assert app.store.applications.count() == count


async def test_the_edit_action_and_reject_forms_ask_too(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for name, kind, field, question in (
            ("edit-application", ApplicationForm, "#field-notes", "Discard your changes to"),
            ("action-new", ActionFormDialog, "#action-title", "Discard this new action item?"),
            ("mark-rejected", RejectDialog, "#reject-reason", "Discard this rejection?"),
        ):
            form = await open_dialog(pilot, name)
            assert isinstance(form, kind)
            form.query_one(field).focus()
            await pilot.press(*"they chose someone local")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog), name
            assert question in _question(app), name
            await pilot.press("y")
            await pilot.pause()
            assert app.screen is not form, name


async def test_step_five_keeps_the_focus_on_what_was_added(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_reflection(unreflected_rejection(app))
        await settle(pilot)
        for _ in range(4):
            await pilot.press("ctrl+n")
            await settle(pilot)
        step = app.screen
        listing = step.query_one("#next-opportunities", SelectionList)
        for way in ("enter", "button"):
            company = f"Fjord Labs {way}"
            step.query_one("#new-company", Input).focus()
            await pilot.press(*company, "tab", *"Data engineer")
            await pilot.press("enter" if way == "enter" else "tab")
            if way == "button":
                assert app.focused is step.query_one("#add-opportunity")
                await pilot.press("enter")
            await settle(pilot)
            await pilot.pause(0.1)
            added = next(a for a in app.store.applications.all() if a.company == company)
            assert app.focused is listing, way
            assert listing.get_option_at_index(listing.highlighted or 0).value == added.id, way
            assert added.id in listing.selected, way


async def _open_snooze(pilot: Any) -> tuple[list[datetime | None], datetime]:
    app = pilot.app
    await settle(pilot)
    now, zone = app.clock.now(), app.clock.tz
    morning = now + timedelta(hours=19)
    chosen: list[datetime | None] = []
    app.push_screen(SnoozeDialog(now, zone, morning), chosen.append)
    await pilot.pause()
    return chosen, morning


async def test_the_snooze_box_hint_is_readable_whole(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_snooze(pilot)
        box = app.screen.query_one("#snooze-when", Input)
        assert cell_len(box.placeholder) < box.content_region.width, "the placeholder is cut off"
        assert app.focused is box


async def test_a_typed_snooze_time_wins_over_the_presets(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        chosen, morning = await _open_snooze(pilot)
        await pilot.press(*"mon", "tab", "enter")
        await pilot.pause()
        assert chosen == [parse_user_datetime("mon", app.clock.now(), app.clock.tz)]
        assert chosen[0] != morning
