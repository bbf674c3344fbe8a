"""The app parses its CSS once at start, once per screen with its own file (it was three times), and still
styles a screen first shown after a theme change exactly like a fresh app in that theme."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from textual.css import stylesheet as stylesheet_module

from tui.ui.screenshots import make_demo_app, settle
from tui.ui.stylesheet import CachingStylesheet


async def test_start_and_each_first_visit_parse_the_css_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Counter[str] = Counter()
    original = CachingStylesheet.reparse

    def counting(stylesheet: CachingStylesheet) -> None:
        calls["reparse"] += 1
        original(stylesheet)

    monkeypatch.setattr(CachingStylesheet, "reparse", counting)
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # Textual's first CSS pass only: the dashboard's file came with the app's (it was 2).
        assert calls["reparse"] == 1
        for key in ("2", "3", "4"):
            calls.clear()
            await pilot.press(key)
            await settle(pilot)
            assert calls["reparse"] == 1, key  # the new screen's own file, nothing more
        calls.clear()
        await pilot.press("1", "2")
        await settle(pilot)
        assert calls["reparse"] == 0


async def test_each_css_source_is_parsed_once_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's re-parse at start-up dropped its parse cache, so every source was parsed twice
    before the first frame (tui/stylesheet.py keeps it)."""
    parsed: Counter[object] = Counter()
    original = stylesheet_module.parse

    def counting(scope, css, read_from, *args, **kwargs):  # type: ignore[no-untyped-def]
        # A class's DEFAULT_CSS can come twice with different precedence (a subclass inherits it).
        parsed[(read_from, scope, kwargs.get("is_default_rules"), kwargs.get("tie_breaker"))] += 1
        return original(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counting)
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert len(parsed) > 5, parsed
        assert max(parsed.values()) == 1, {str(source): count for source, count in parsed.items() if count > 1}


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
    resumed: list[str] = []
    original = DOMNode.update_node_styles
    original_resume = Screen._on_screen_resume

    def counting(node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, Screen):
            restyled.append(type(node).__name__)
        original(node, animate)

    def counting_resume(screen: Screen, event: object) -> None:
        resumed.append(type(screen).__name__)
        original_resume(screen, event)  # type: ignore[arg-type]

    monkeypatch.setattr(DOMNode, "update_node_styles", counting)
    monkeypatch.setattr(Screen, "_on_screen_resume", counting_resume)
    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "DashboardScreen" not in restyled
        assert resumed == ["DashboardScreen"]  # Textual's handler ran, once


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
