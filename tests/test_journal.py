"""The Journal screen (mode 4): the list of rejections, the detail pane, Enter to start or resume."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tui.ui.app import NextRoundApp
from tui.domain.clock import FrozenClock
from tui.domain.models import Application, Lesson, Reflection, Stage
from tui.ui.screens.journal import JournalScreen
from tui.ui.screens.reflection import ReflectionScreen
from tui.services.editor import Editor
from tui.store import Store

from .conftest import BERLIN, NOW, frozen_clock, new_app, open_store, settle_writes, until

ZONE = BERLIN
NORTHWIND, BLUEFIN, HARBOR = 1, 2, 3  # finished, half done (step 3), not begun


def make_store(tmp_path: Path, size: str = "small") -> tuple[Store, FrozenClock]:
    clock = frozen_clock()
    return open_store(tmp_path, size, clock), clock


@asynccontextmanager
async def journal(
    tmp_path: Path, size: tuple[int, int] = (120, 36), store_and_clock: tuple[Store, FrozenClock] | None = None
) -> AsyncIterator[tuple[NextRoundApp, Pilot[int], JournalScreen]]:
    store, clock = store_and_clock or make_store(tmp_path)
    app = new_app(store, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await until(pilot, lambda: isinstance(app.screen, JournalScreen), "the journal")
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        await pilot.pause()
        yield app, pilot, screen


async def settle(app: NextRoundApp, pilot: Pilot[int]) -> None:
    await settle_writes(app, pilot, rounds=3)


def table(screen: JournalScreen) -> DataTable[object]:
    return screen.query_one("#journal-table", DataTable)


def rows(screen: JournalScreen) -> list[str]:
    t = table(screen)
    return [" | ".join(str(cell) for cell in t.get_row_at(i)) for i in range(t.row_count)]


def detail(screen: JournalScreen) -> str:
    return str(screen.query_one("#journal-detail-body", Static).render())


async def select(pilot: Pilot[int], screen: JournalScreen, rejection_id: int) -> None:
    t = table(screen)
    t.move_cursor(row=t.get_row_index(str(rejection_id)))
    await pilot.pause()


async def test_lists_every_rejection_grouped_by_progress(tmp_path: Path) -> None:
    async with journal(tmp_path) as (app, pilot, screen):
        listed = rows(screen)
        assert len(listed) == 3
        assert listed[0].startswith("step 3/5") and "Bluefin Labs" in listed[0]
        assert listed[1].startswith("to start") and "Harbor & Finch" in listed[1]
        assert listed[2].startswith("✓ done") and "Northwind Analytics" in listed[2]
        subtitle = str(screen.query_one("#journal-list").border_subtitle)
        assert subtitle == "1 in progress · 1 to start · 1 done"
        assert app.focused is table(screen)


async def test_detail_shows_answers_lessons_and_next_checkin(tmp_path: Path) -> None:
    async with journal(tmp_path) as (app, pilot, screen):
        await pilot.press("j", "j")
        await pilot.pause()
        shown = detail(screen)
        assert "Data Analyst at Northwind Analytics" in shown
        assert "Finished" in shown and "Mood: 2 (low) → 4 (good)" in shown
        assert "I always freeze in technical rounds." in shown
        assert "I slowed down in one live exercise" in shown
        assert "Live SQL under time pressure" in shown
        assert "→ Practise window functions for 20 min a day (doing, due" in shown
        assert "→ Book a mock live-coding session with Jo (done)" in shown
        assert "Strong communication" in shown  # their feedback
        assert "Next check-in: due now (on your dashboard)" in shown  # the demo's check-in is due
        await pilot.press("k")
        await pilot.pause()
        assert "No reflection yet" in detail(screen)
        await pilot.press("k")
        await pilot.pause()
        assert "In progress: step 3 of 5 (Stay positive). Enter resumes." in detail(screen)


async def test_enter_starts_a_new_reflection_and_the_list_updates_after(tmp_path: Path) -> None:
    async with journal(tmp_path) as (app, pilot, screen):
        await select(pilot, screen, HARBOR)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReflectionScreen) and app.screen._loaded, "the reflection")
        reflection = app.screen
        assert isinstance(reflection, ReflectionScreen) and reflection.rejection_id == HARBOR and reflection.step == 1
        await until(pilot, lambda: app.focused is not None and app.focused.id == "mood-before", "focus on the mood")
        await pilot.press("2", "ctrl+n")
        await until(pilot, lambda: reflection.step == 2, "step 2")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        harbor = next(r for r in rows(screen) if "Harbor & Finch" in r)
        assert harbor.startswith("step 2/5")
        assert str(screen.query_one("#journal-list").border_subtitle) == "2 in progress · 0 to start · 1 done"
        assert screen.selected_rejection_id == HARBOR


async def test_enter_on_a_finished_reflection_reopens_it(tmp_path: Path) -> None:
    async with journal(tmp_path) as (app, pilot, screen):
        await select(pilot, screen, NORTHWIND)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReflectionScreen) and app.screen._loaded, "the reflection")
        assert app.screen.rejection_id == NORTHWIND  # type: ignore[attr-defined]


async def test_filter_with_slash_and_clear_with_escape(tmp_path: Path) -> None:
    async with journal(tmp_path) as (app, pilot, screen):
        await pilot.press("slash")
        await pilot.pause()
        box = screen.query_one("#journal-filter", Input)
        assert box.display and app.focused is box
        await pilot.press(*"harb")
        await pilot.pause()
        assert len(rows(screen)) == 1 and "Harbor & Finch" in rows(screen)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is table(screen)
        await pilot.press("slash")
        await pilot.press("ctrl+u", *"progress")
        await pilot.pause()
        assert len(rows(screen)) == 1 and "Bluefin" in rows(screen)[0]
        await pilot.press("escape")
        await pilot.pause()
        assert not box.display and len(rows(screen)) == 3
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert rows(screen) == [] and "Pick a rejection" in detail(screen)


async def test_empty_journal_explains_itself(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "nextround.json")
    async with journal(tmp_path, store_and_clock=(store, FrozenClock(NOW, ZONE))) as (app, pilot, screen):
        assert screen.query_one("#journal-empty").display
        assert not table(screen).display
        await pilot.press("enter", "j", "k", "slash")
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_sizes_without_exceptions(tmp_path: Path, size: tuple[int, int]) -> None:
    async with journal(tmp_path, size) as (app, pilot, screen):
        await pilot.press("j", "j", "k")
        await pilot.pause()
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Rejections" in text and "Reflection" in text and "to start" in text
        title = table(screen).columns[next(iter(k for k in table(screen).columns if k.value == "title"))]
        assert title.width >= 12


async def test_large_journal_stays_usable(tmp_path: Path) -> None:
    async with journal(tmp_path, store_and_clock=make_store(tmp_path, "large")) as (app, pilot, screen):
        assert table(screen).row_count == 300
        await pilot.press("j", "j", "j", "end")
        await pilot.pause()
        assert detail(screen)


async def test_markup_and_escape_sequences_are_shown_literally(tmp_path: Path) -> None:
    store, clock = make_store(tmp_path)
    editor = Editor(store, clock)
    app_record = editor.add_application(Application(company="[bold]Acme[/", role="\x1b[31mRole [link=x]", stage=Stage.INTERVIEW))
    rejection = editor.mark_rejected(app_record.id, date(2026, 11, 24), Stage.INTERVIEW, "[red]budget[/red]")
    editor.save_reflection(
        Reflection(
            rejection_id=rejection.id,
            step=2,
            harsh_thought="\x1b[31mI [b]always[/b] fail",
            lessons=(Lesson("[i]SQL[/i]"),),
            went_well="[/]",
        )
    )
    async with journal(tmp_path, store_and_clock=(store, clock)) as (app, pilot, screen):
        await select(pilot, screen, rejection.id)
        listed = next(r for r in rows(screen) if "Acme" in r)
        assert "[bold]Acme[/" in listed and "Role [link=x]" in listed
        shown = detail(screen)
        assert "[bold]Acme[/" in shown and "[red]budget[/red]" in shown
        assert "I [b]always[/b] fail" in shown and "[i]SQL[/i]" in shown and "[/]" in shown
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "\x1b" not in text and "[bold]Acme[/" in text


async def test_command_palette_offers_start_and_resume(tmp_path: Path) -> None:
    async with journal(tmp_path) as (app, pilot, screen):
        titles = [c.title for c in screen.commands()]
        assert "Resume reflection: Bluefin Labs · Backend Engineer" in titles
        assert "Start reflection: Harbor & Finch · Product Analyst" in titles
        assert not any("Northwind" in t for t in titles)
