"""Screens are styled once when they start and restyled on a return only when something their
styles depend on changed, and still look exactly like a fresh app in the same theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.ui.screenshots import make_demo_app, settle


async def _applications_picture(folder: Path, theme_first: bool, visited_before: bool = False) -> str:
    app = make_demo_app(folder)
    if theme_first:
        app.theme = "textual-light"
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        if visited_before:  # shown once, then left for the dashboard
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("1")
            await settle(pilot)
        if not theme_first:
            app.theme = "textual-light"  # on the dashboard, before the list was ever shown
            await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        return app.export_screenshot()


async def test_a_screen_first_shown_after_a_theme_change_is_styled_in_that_theme(tmp_path: Path) -> None:
    changed = await _applications_picture(tmp_path / "changed", theme_first=False)
    fresh = await _applications_picture(tmp_path / "fresh", theme_first=True)
    assert "Northwind" in changed
    assert changed == fresh


async def test_the_start_screen_is_styled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual restyles a screen on every resume; at start-up that came right after the mount
    had styled every node from the same stylesheet (10 ms of the first frame)."""
    from textual.dom import DOMNode
    from textual.screen import Screen

    restyled: list[str] = []
    original = DOMNode.update_node_styles

    def counting(node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, Screen):
            restyled.append(type(node).__name__)
        original(node, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", counting)
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "DashboardScreen" not in restyled
        assert app.screen.query_one("#dash-pipeline").styles.border_title_align  # styled all the same


async def test_each_screen_runs_its_first_load_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual calls every class's ``on_mount`` in MRO order: a subclass that also called
    ``super().on_mount()`` ran DataScreen's first load twice (the board and the journal did)."""
    from tui.ui.screens.base import DataScreen

    mounted: list[str] = []
    original = DataScreen.on_mount

    def counting(screen: DataScreen) -> None:
        mounted.append(type(screen).__name__)
        original(screen)

    monkeypatch.setattr(DataScreen, "on_mount", counting)
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for key in ("2", "3", "4"):
            await pilot.press(key)
            await settle(pilot)
    assert mounted == ["DashboardScreen", "ApplicationsScreen", "BoardScreen", "JournalScreen"]


async def test_a_return_visit_restyles_only_when_something_it_depends_on_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual restyled every node of a mode screen on each return (a fifth to a third of a
    switch). Now only when the app's CSS, theme, classes or pseudo-classes changed meanwhile,
    and what a return visit shows is what the first visit showed."""
    from textual.dom import DOMNode
    from textual.screen import Screen

    restyled: list[str] = []
    original = DOMNode.update_node_styles

    def counting(node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, Screen):
            restyled.append(type(node).__name__)
        original(node, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", counting)
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        first_visit = app.export_screenshot()
        await pilot.press("1")
        await settle(pilot)
        restyled.clear()
        await pilot.press("2")
        await settle(pilot)
        assert restyled == []
        assert app.export_screenshot() == first_visit

        await pilot.press("1")
        await settle(pilot)
        app.add_class("-something-new")  # an app-level change while the list was away
        await settle(pilot)
        restyled.clear()
        await pilot.press("2")
        await settle(pilot)
        assert "ApplicationsScreen" in restyled


async def test_a_screen_shown_again_after_a_theme_change_is_styled_in_that_theme(tmp_path: Path) -> None:
    changed = await _applications_picture(tmp_path / "changed", theme_first=False, visited_before=True)
    fresh = await _applications_picture(tmp_path / "fresh", theme_first=True, visited_before=True)
    assert "Northwind" in changed
    assert changed == fresh
