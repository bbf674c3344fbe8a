"""A walk through every screen and every dialog, shared by the layout and small-terminal tests.

Every dialog is built here from the demo data, the way the screens build it, so a test can open
each one in a fresh app and again after any path through the app and compare what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget

from tui.ui.app import NextRoundApp
from tui.ui.screenshots import settle

DialogFactory = Callable[[NextRoundApp], Screen[Any]]


def _first_application(app: NextRoundApp) -> Any:
    return sorted(app.store.applications.all(), key=lambda a: a.id)[0]


def _today(app: NextRoundApp) -> Any:
    return app.clock.now().astimezone(app.clock.tz).date()


def _add_form(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.application_form import ApplicationForm

    return ApplicationForm(app.clock.now(), app.clock.tz)


def _edit_form(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.application_form import ApplicationForm

    return ApplicationForm(app.clock.now(), app.clock.tz, _first_application(app))


def _reject(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.reject_dialog import RejectDialog

    return RejectDialog(_first_application(app), _today(app))


def _timeline(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.timeline_dialog import TimelineDialog

    return TimelineDialog(_first_application(app), app.clock.now(), app.clock.tz)


def _confirm(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.confirm import ConfirmDialog

    return ConfirmDialog("Delete application", f"Delete {_first_application(app).title}?", yes="Delete", no="Keep")


def _snooze(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.snooze_dialog import SnoozeDialog

    now = app.clock.now()
    return SnoozeDialog(now, app.clock.tz, now + timedelta(hours=19))


def _reminder(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.reminder_dialog import ReminderDialog

    return ReminderDialog("Follow-up", "Follow up with Lumen Health", "You applied 12 days ago and heard nothing since.")


def _checkin(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.checkin_dialog import CheckInDialog

    return CheckInDialog("One week on", "How are you doing since the Orchard Robotics news?", ["Updated my CV"])


def _action_new(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.action_form import ActionFormDialog

    return ActionFormDialog(today=_today(app), origin="reflection on Orchard Robotics")


def _action_edit(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.action_form import ActionFormDialog

    item = sorted(app.store.actions.all(), key=lambda a: a.id)[0]
    return ActionFormDialog(item, today=_today(app))


def _follow_up(app: NextRoundApp) -> Screen[Any]:
    from tui.domain.follow_up_note import draft_follow_up
    from tui.ui.dialogs.follow_up_dialog import FollowUpDialog

    application = _first_application(app)
    note = draft_follow_up(application, app.clock.tz, _today(app), "Sam Lee")
    return FollowUpDialog(
        "Follow-up", f"Follow up with {application.company}?", "It has been 12 days since you applied.",
        note.body, f"Subject: {note.subject}", on_copy=print, on_save=print, on_mail=print,
    )


def _action_detail(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.dialogs.action_detail import ActionDetailDialog

    item = sorted(app.store.actions.all(), key=lambda a: a.id)[0]
    return ActionDetailDialog(item, app.clock.now(), app.clock.tz, _first_application(app))


def _help(app: NextRoundApp) -> Screen[Any]:
    from tui.ui.screens.help import HelpScreen

    return HelpScreen()


DIALOGS: dict[str, DialogFactory] = {
    "add-application": _add_form,
    "edit-application": _edit_form,
    "mark-rejected": _reject,
    "timeline": _timeline,
    "confirm-delete": _confirm,
    "snooze": _snooze,
    "reminder": _reminder,
    "checkin": _checkin,
    "action-new": _action_new,
    "action-edit": _action_edit,
    "follow-up": _follow_up,
    "action-detail": _action_detail,
    "help": _help,
}

# The main screens, by the key that shows them.
MODE_KEYS = {"dashboard": "1", "applications": "2", "board": "3", "journal": "4"}


def unreflected_rejection(app: NextRoundApp) -> int:
    """The id of a rejection with no reflection yet (the demo has one: Harbor & Finch)."""
    started = {r.rejection_id for r in app.store.reflections.all()}
    return next(r.id for r in app.store.rejections.all() if r.id not in started)


async def full_reflection(pilot: Any) -> None:
    """From the journal, start a new reflection and walk all five steps to the summary (the
    path that once left the reflection's styles on every later form)."""
    app = pilot.app
    await pilot.press("4")
    await settle(pilot)
    app.open_reflection(unreflected_rejection(app))
    await settle(pilot)
    for _ in range(5):
        await pilot.press("ctrl+n")
        await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)
    assert app.screen.query_one("#summary-done"), "the reflection reached its summary"


async def leave_to_main(pilot: Any) -> None:
    """Close whatever is pushed on top of the main screen shown (the dashboard, or the screen
    pushed on it)."""
    app = pilot.app
    while app.screen is not app.get_screen(app.current_place):
        app.pop_screen()
        await pilot.pause()
    await settle(pilot)


async def open_dialog(pilot: Any, name: str) -> Screen[Any]:
    app = pilot.app
    dialog = DIALOGS[name](app)
    await app.push_screen(dialog)
    await settle(pilot)
    await pilot.pause(0.05)
    return dialog


async def close_dialog(pilot: Any) -> None:
    pilot.app.pop_screen()
    await pilot.pause()


def layout_of(screen: Screen[Any]) -> list[tuple[str, str, Region]]:
    """Where every visible widget of ``screen`` sits: (type, id or classes, region) in DOM order."""
    shown: list[tuple[str, str, Region]] = []
    for widget in screen.query("*"):
        if isinstance(widget, Widget) and widget.display:
            shown.append((type(widget).__name__, widget.id or " ".join(sorted(widget.classes)), widget.region))
    return shown


def _scrolls(widget: Widget) -> bool:
    return not isinstance(widget, Screen) and (
        widget.styles.overflow_y in ("auto", "scroll") or widget.styles.overflow_x in ("auto", "scroll")
    )


def outside(screen: Screen[Any]) -> list[str]:
    """Visible widgets that cannot be seen whole: reaching past the screen's edges, or past a
    parent that does not scroll (cut off for good). Inside a scrolling container a widget may
    be scrolled out of view: the container brings it back, so only the container must fit."""
    area = Region(0, 0, *screen.app.size)
    wrong: list[str] = []
    for widget in screen.query("*"):
        if not isinstance(widget, Widget) or not widget.display or not widget.visible or not widget.region:
            continue
        if any(_scrolls(a) for a in widget.ancestors if isinstance(a, Widget)):
            continue
        parent = widget.parent
        if not area.contains_region(widget.region):
            wrong.append(f"{type(widget).__name__}#{widget.id} at {widget.region} is off the {area.size} screen")
        elif isinstance(parent, Widget) and not isinstance(parent, Screen) and parent.region and not parent.region.contains_region(widget.region):
            wrong.append(f"{type(widget).__name__}#{widget.id} at {widget.region} is cut off by {type(parent).__name__}#{parent.id} at {parent.region}")
    return wrong
