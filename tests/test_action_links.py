"""Action items that belong to an application (issue 14, item 6), and the action form's due date
shown whole after a reflection was visited (issue 16, item 3).

The form chooses the application; a reflection's lessons link to the rejected one; the board
card names the company; the application's timeline lists its open actions; ticking one that
reads like a follow-up offers to record it on the application.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Input, Select, Static

from tests.test_board_screen import NOW, TODAY, card_text, column, make_app, open_board, settle
from tests.test_reflection import BLUEFIN, jump, open_reflection, running
from tui.domain.action_links import open_actions_for, reads_like_follow_up
from tui.domain.models import ENTRY_FOLLOW_UP, ActionItem, ActionStatus, Application, Reflection, Stage
from tui.services.editor import Editor
from tui.ui.app import NextRoundApp
from tui.ui.dialogs.action_form import ActionFormDialog, application_choices
from tui.ui.dialogs.confirm import ConfirmDialog
from tui.ui.dialogs.timeline_dialog import TimelineDialog
from tui.ui.screens.applications import ApplicationsScreen
from tui.ui.screens.board import BoardScreen
from tui.ui.widgets.board_column import card_content

BRIGHTWAVE = Application(company="Brightwave", role="Product Designer", contact_name="Priya Nair", stage=Stage.INTERVIEW, id=40)


# -- which titles read like a follow-up -------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Email Priya about Brightwave",
        "email priya",
        "Follow up with the recruiter",
        "Send a follow-up note",
        "Chase them for an answer",
        "Check in with the hiring manager",
        "Call Brightwave's office",
        "Ask for an update on the design role",
    ],
)
def test_titles_that_read_like_a_follow_up(title: str) -> None:
    assert reads_like_follow_up(title, BRIGHTWAVE)


@pytest.mark.parametrize(
    "title",
    [
        "Practise Figma auto-layout for 20 minutes",
        "Email my mentor about the portfolio",  # reaching out, but not to Brightwave
        "Update CV with the Brightwave case study",  # names it, but reaches nobody
        "Email Priyanka about lunch",  # a different name that starts the same
        "",
    ],
)
def test_titles_that_do_not(title: str) -> None:
    assert not reads_like_follow_up(title, BRIGHTWAVE)


def test_open_actions_for_one_application_soonest_first() -> None:
    items = [
        ActionItem(title="Later", due=date(2026, 12, 3), application_id=40, id=1),
        ActionItem(title="Undated", application_id=40, id=2),
        ActionItem(title="Done already", due=date(2026, 11, 20), application_id=40, status=ActionStatus.DONE, id=3),
        ActionItem(title="Other company", due=date(2026, 11, 26), application_id=41, id=4),
        ActionItem(title="Sooner", due=date(2026, 11, 27), application_id=40, id=5),
    ]
    assert [a.title for a in open_actions_for(items, 40)] == ["Sooner", "Later", "Undated"]


def test_the_chooser_offers_open_applications_and_keeps_an_existing_link() -> None:
    apps = [
        BRIGHTWAVE,
        Application(company="Atlas Civic Tech", role="Data Analyst", stage=Stage.APPLIED, id=41),
        Application(company="Kestrel Games", stage=Stage.GHOSTED, id=42),
        Application(company="Northwind", role="Analyst", stage=Stage.REJECTED, id=43),
    ]
    assert [(str(label), value) for label, value in application_choices(apps)] == [
        ("Atlas Civic Tech · Data Analyst", 41),
        ("Brightwave · Product Designer", 40),
    ]
    assert [value for _, value in application_choices(apps, keep=43)] == [41, 40, 43]


def test_card_text_names_the_company() -> None:
    item = ActionItem(title="Email Priya about Brightwave", due=TODAY + timedelta(days=1), application_id=40, id=9)
    plain = card_content(item, TODAY, NOW.tzinfo, company="Brightwave").plain  # type: ignore[arg-type]
    assert plain.splitlines()[1].strip().startswith("Brightwave · due tomorrow")
    assert "Brightwave ·" not in card_content(item, TODAY, NOW.tzinfo).plain  # type: ignore[arg-type]


# -- a reflection's lessons belong to the rejected application --------------------------------


def test_lesson_actions_are_linked_to_the_rejected_application(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    store, editor = app.store, Editor(app.store, app.clock)
    rejection = next(r for r in store.rejections.all() if store.reflections.all() and r.id == BLUEFIN)
    draft = editor.reflection_for(rejection.id) or Reflection(rejection_id=rejection.id)
    _, created = editor.lesson_to_actions(draft, "Talk through trade-offs out loud", [ActionItem(title="Practise a system design kata")])
    assert [store.actions.get(a.id).application_id for a in created] == [rejection.application_id]  # type: ignore[union-attr]


# -- the board -----------------------------------------------------------------------------------


def company_id(app: NextRoundApp, company: str) -> int:
    return next(a.id for a in app.store.applications.all() if a.company == company)


async def test_add_an_action_for_an_application_and_the_card_shows_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionFormDialog)
        await pilot.press(*"Email Ana about the take-home")
        chooser = form.query_one("#action-application", Select)
        assert chooser.value is Select.NULL  # none unless chosen
        chooser.focus()
        await pilot.press("enter")  # open the list, type to find the company, pick it
        await pilot.pause()
        await pilot.press(*"Lumen", "enter")
        await pilot.pause()
        lumen = company_id(app, "Lumen Health")
        assert chooser.value == lumen
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        saved = next(a for a in app.store.actions.all() if a.title == "Email Ana about the take-home")
        assert saved.application_id == lumen
        assert "Lumen Health" in card_text(column(board, ActionStatus.TODO), saved.id)


async def test_edit_shows_the_link_and_can_remove_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    lumen = company_id(app, "Lumen Health")
    research = next(a for a in app.store.actions.all() if a.title.startswith("Research Lumen"))
    lumen_item = app.store.actions.update(replace(research, application_id=lumen))
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("l")  # Doing, where the card is
        await pilot.pause()
        assert board.current_item() is not None and board.current_item().id == lumen_item.id  # type: ignore[union-attr]
        assert "Lumen Health" in card_text(column(board, ActionStatus.DOING), lumen_item.id)
        await pilot.press("e")
        await pilot.pause()
        chooser = app.screen.query_one("#action-application", Select)
        assert chooser.value == lumen
        chooser.value = Select.NULL
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.store.actions.get(lumen_item.id).application_id is None  # type: ignore[union-attr]
        assert "Lumen Health ·" not in card_text(column(board, ActionStatus.DOING), lumen_item.id)


async def tick_linked(tmp_path: Path, title: str, company: str) -> tuple[NextRoundApp, Any, ActionItem]:
    app = make_app(tmp_path, extra=[ActionItem(title=title, due=TODAY, created_at=NOW)])
    item = next(a for a in app.store.actions.all() if a.title == title)
    item = app.store.actions.update(replace(item, application_id=company_id(app, company)))
    return app, None, item


async def test_ticking_a_follow_up_offers_to_record_it(tmp_path: Path) -> None:
    app, _, item = await tick_linked(tmp_path, "Email Ana about Lumen Health", "Lumen Health")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        todo.highlighted = todo.index_of(item.id)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one(".dialog-text", Static).render())
        assert "sounds like a follow-up to Lumen Health" in question
        await pilot.press("y")
        await settle(app, pilot)
        lumen = app.store.applications.get(item.application_id)  # type: ignore[arg-type]
        assert lumen is not None and lumen.stage is Stage.INTERVIEW
        last = lumen.timeline[-1]
        assert last.kind == ENTRY_FOLLOW_UP and last.note == "Email Ana about Lumen Health" and last.at == NOW
        assert app.store.actions.get(item.id).status is ActionStatus.DONE  # type: ignore[union-attr]


async def test_ticking_other_actions_asks_nothing(tmp_path: Path) -> None:
    app, _, item = await tick_linked(tmp_path, "Read Lumen Health's engineering blog", "Lumen Health")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(app, pilot)
        todo = column(board, ActionStatus.TODO)
        todo.highlighted = todo.index_of(item.id)
        timeline_before = app.store.applications.get(item.application_id).timeline  # type: ignore[arg-type, union-attr]
        await pilot.press("space")
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.store.applications.get(item.application_id).timeline == timeline_before  # type: ignore[arg-type, union-attr]
        # "Not now" on the offer records nothing either.
        follow = app.store.actions.add(ActionItem(title="Follow up with Ana", application_id=item.application_id, created_at=NOW))
        board.reload_if_changed()
        await pilot.pause()
        todo.highlighted = todo.index_of(follow.id)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.store.applications.get(item.application_id).timeline == timeline_before  # type: ignore[arg-type, union-attr]


# -- the application's timeline --------------------------------------------------------------


def rendered(screen: Any, selector: str) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


async def test_timeline_lists_the_applications_open_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    lumen = company_id(app, "Lumen Health")
    app.store.actions.add_many([
        ActionItem(title="Email Ana; ask about the take-home", due=TODAY + timedelta(days=2), application_id=lumen, created_at=NOW),
        ActionItem(title="Sent the portfolio link", status=ActionStatus.DONE, application_id=lumen, created_at=NOW, completed_at=NOW),
        ActionItem(title="Unrelated: tidy desk", due=TODAY, created_at=NOW),
    ])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        from tests.test_applications_screen import select

        await select(pilot, screen, "Lumen Health")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineDialog)
        text = rendered(app.screen, "#timeline-actions")
        assert "Open actions" in text and "Email Ana; ask about the take-home · To do" in text and "Fri 27 Nov" in text
        assert "Sent the portfolio link" not in text and "tidy desk" not in text


# -- issue 16 item 3: the due date shows whole ------------------------------------------------


async def test_due_date_shows_whole_after_a_reflection_was_open(tmp_path: Path) -> None:
    async with running(tmp_path) as (app, pilot):
        reflection = await open_reflection(app, pilot, BLUEFIN)
        await jump(pilot, reflection, 4)  # the Learn step has its own #action-due, 12 wide
        await pilot.press("escape")
        await pilot.pause()
        item = next(a for a in app.store.actions.all() if a.due is not None and a.status is not ActionStatus.DONE)
        app.push_screen(ActionFormDialog(item, today=TODAY, applications=app.store.applications.all()))
        await pilot.pause()
        await pilot.pause()
        due = app.screen.query_one("#action-due", Input)
        assert due.value == item.due.isoformat()  # type: ignore[union-attr]
        assert due.content_region.width >= len(due.value) + 1, due.content_region
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert item.due.isoformat() in shown  # type: ignore[union-attr]


# -- an action made from a follow-up prompt belongs to its application -----------------------------


async def test_plan_it_from_a_follow_up_prompt_makes_a_linked_card(tmp_path: Path) -> None:
    from tui.services.dashboard_data import reminders_due
    from tui.ui.dialogs.follow_up_dialog import FollowUpDialog

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        due = reminders_due(app.store, app.clock.now(), app.clock.tz)
        lumen = next(i for i in due if i.kind == "follow_up" and "Lumen Health" in i.title)
        app.open_reminder(lumen)
        await pilot.pause()
        assert isinstance(app.screen, FollowUpDialog)  # the prompt with the note to send
        app.screen.query_one("#plan").focus()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionFormDialog)
        assert form.query_one("#action-title", Input).value == "Follow up with Ana at Lumen Health"
        assert form.query_one("#action-application", Select).value == lumen.application_id
        form.query_one("#action-due", Input).focus()
        await pilot.press(*"+2d", "ctrl+s")
        await settle(app, pilot)
        card = next(a for a in app.store.actions.all() if a.title == "Follow up with Ana at Lumen Health")
        assert card.application_id == lumen.application_id and card.origin == "Follow-up: Lumen Health"
        assert card.due == TODAY + timedelta(days=2)
        assert reads_like_follow_up(card.title, app.store.applications.get(lumen.application_id))  # type: ignore[arg-type]
        # Planning is not following up: the prompt is still due.
        assert any(i.reminder_key == lumen.reminder_key for i in reminders_due(app.store, app.clock.now(), app.clock.tz))


async def test_move_on_prompts_have_no_plan_button(tmp_path: Path) -> None:
    from tui.services.dashboard_data import reminders_due
    from tui.ui.dialogs.reminder_dialog import ReminderDialog

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        move_on = next(i for i in reminders_due(app.store, app.clock.now(), app.clock.tz) if i.kind == "move_on")
        app.open_reminder(move_on)
        await pilot.pause()
        assert isinstance(app.screen, ReminderDialog) and not app.screen.query("#plan")
