"""Texts a person reads after a rejection say only what is true for them: the stage they
reached, the right plural, and plain words for the machine's state."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from tui.domain.models import Application, Rejection, Stage, StageChange
from tui.ui.screens.dashboard import moved_on_line, notification_line
from tui.ui.widgets.steps.learn import learn_intro
from tui.ui.widgets.steps.positive import evidence_text, let_go_cue, positive_intro, went_well_label

AT = datetime(2026, 11, 1, 10, tzinfo=timezone.utc)


def _rejection(stage: Stage) -> Rejection:
    return Rejection(application_id=1, on=date(2026, 11, 20), stage=stage)


def _interviewed(company: str) -> Application:
    return Application(company=company, stage=Stage.REJECTED, timeline=(StageChange(Stage.INTERVIEW, AT),))


@pytest.mark.parametrize("stage", [Stage.APPLIED, Stage.SCREENING])
def test_no_interview_is_mentioned_when_there_was_none(stage: Stage) -> None:
    for text in (let_go_cue(stage), positive_intro(stage), went_well_label(stage), learn_intro(stage)):
        assert "interview" not in text.lower(), text


@pytest.mark.parametrize("stage", [Stage.INTERVIEW, Stage.FINAL_ROUND])
def test_after_an_interview_the_interview_is_named(stage: Stage) -> None:
    assert "Going over the interview again" in let_go_cue(stage)
    assert "from the interview" in learn_intro(stage)


def test_one_shortlist_is_not_each_of_those() -> None:
    applied = Application(company="Acme")
    one = evidence_text([_interviewed("A"), applied], _rejection(Stage.APPLIED)).plain
    assert "once out of 2 applications" in one and "That was a shortlist" in one and "Each of those" not in one
    two = evidence_text([_interviewed("A"), _interviewed("B"), applied], _rejection(Stage.APPLIED)).plain
    assert "twice out of 3 applications" in two and "Each of those was a shortlist" in two
    none = evidence_text([applied], _rejection(Stage.APPLIED)).plain
    assert "shortlist" not in none and "1 application so far" in none


def test_moving_forward_not_counting_rejections() -> None:
    assert moved_on_line(0) == "Last turned the page: today"
    assert moved_on_line(1).endswith("yesterday")
    assert moved_on_line(12).endswith("12 days ago")
    assert "rejection" not in moved_on_line(3) and "chapter" not in moved_on_line(3)


def test_notification_status_is_one_plain_line() -> None:
    technical = "off — no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); reminders show here instead"
    assert notification_line(technical) == (
        "Desktop reminders are off here: no notification service found. They appear in this window instead."
    )
    assert notification_line("working") == "Desktop reminders are on."
    assert notification_line(None) == "Desktop reminders: checking…"
    assert "D-Bus" not in notification_line("off — could not check for a notification server (boom)")


async def test_dashboard_shows_the_plain_line_and_help_the_detail(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Static

    from tui.ui.messages import DataChanged
    from tui.ui.screenshots import make_demo_app, settle

    app = make_demo_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.delivery_status = "off — no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); reminders show here instead"
        app.screen.post_message(DataChanged(external=True))
        await settle(pilot)
        panel = app.screen.query_one("#dash-reminders", Static)
        shown = str(panel.render())
        assert "no notification service found. They appear in this window instead." in shown
        assert "DBUS" not in shown
        assert "DBUS_SESSION_BUS_ADDRESS" in str(panel.tooltip)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "DBUS_SESSION_BUS_ADDRESS" in str(app.screen.query_one("#help-delivery", Static).render())
