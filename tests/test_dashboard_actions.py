"""Issue 16, item 6: "Actions that need you" on the dashboard can be ticked and opened."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from tui.domain.models import ActionStatus
from tui.ui.dialogs.action_form import ActionFormDialog
from tui.ui.screenshots import make_demo_app, settle


def _shown_titles(listing: OptionList) -> list[str]:
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_space_ticks_the_highlighted_action_done_and_u_brings_it_back(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # from the due list to the actions
        listing = app.screen.query_one("#dash-actions", OptionList)
        assert app.screen.focused is listing
        await pilot.press("j")
        item = app.screen.selected_action()
        assert item is not None and item.title in _shown_titles(listing)[1]
        await pilot.press("space")
        await settle(pilot)
        assert app.store.actions.get(item.id).status is ActionStatus.DONE  # type: ignore[union-attr]
        assert not any(item.title in shown for shown in _shown_titles(listing))  # gone from the list at once
        await pilot.press("u")
        await settle(pilot)
        assert app.store.actions.get(item.id).status is item.status  # type: ignore[union-attr]
        assert any(item.title in shown for shown in _shown_titles(listing))


async def test_enter_opens_the_highlighted_action_and_saves_an_edit(tmp_path: Path) -> None:
    from tui.ui.dialogs.action_detail import ActionDetailDialog

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionDetailDialog)  # read it whole first, as on the board
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionFormDialog)
        shown = form.query_one("#action-title", Input).value
        first = next(a for a in app.store.actions.all() if a.title == shown)
        await pilot.press("end", *" (the short one)", "ctrl+s")
        await settle(pilot)
        assert app.store.actions.get(first.id).title == first.title + " (the short one)"  # type: ignore[union-attr]


async def test_snooze_and_dismiss_keys_leave_the_footer_on_the_actions_list(tmp_path: Path) -> None:
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one("KeysFooter")
        assert "s" in footer.shown_keys
        await pilot.press("tab")
        await pilot.pause()
        assert "s" not in footer.shown_keys and "space" in footer.shown_keys


async def test_editing_from_the_dashboard_keeps_the_action_linked_to_its_application(tmp_path: Path) -> None:
    """The dashboard's edit form lists the applications, so saving an edit keeps the link (it
    was dropped when the form had no applications to offer)."""
    from dataclasses import replace

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        item = app.screen.selected_action()  # type: ignore[attr-defined]
        application = next(a for a in app.store.applications.all() if a.stage.is_open)
        app.change(lambda editor: editor.save_action(replace(item, application_id=application.id)))
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.screen.selected_action().application_id == application.id  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end", *" today", "ctrl+s")
        await settle(pilot)
        saved = app.store.actions.get(item.id)
        assert saved.title.endswith(" today") and saved.application_id == application.id  # type: ignore[union-attr]


async def test_the_form_keeps_a_link_it_has_no_list_for(tmp_path: Path) -> None:
    """Opened without applications to choose from, the form saves the link the item had."""
    from datetime import date

    from tui.domain.models import ActionItem

    app = make_demo_app(tmp_path)
    results: list[ActionItem | None] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        item = ActionItem(title="Email Priya", application_id=7, id=3)
        app.push_screen(ActionFormDialog(item, today=date(2026, 11, 25)), results.append)
        await settle(pilot)
        await pilot.press("end", *" again", "ctrl+s")
        await settle(pilot)
    assert results and results[0] is not None
    assert results[0].title == "Email Priya again" and results[0].application_id == 7
