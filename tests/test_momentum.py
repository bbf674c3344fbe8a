"""The dashboard's momentum counts local weeks and days, though times are stored in UTC."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from dateutil import tz

from tui.domain.models import ActionItem, ActionStatus, Rejection, Stage
from tui.domain.stats import momentum

TODAY = date(2026, 11, 25)  # a Wednesday; its week starts on Monday 23 November


def done_at(moment: datetime) -> ActionItem:
    return ActionItem(title="done", status=ActionStatus.DONE, completed_at=moment)


def test_an_action_done_on_sunday_evening_in_california_counts_for_last_week() -> None:
    # Monday 05:00 UTC is Sunday 21:00 in Los Angeles: the local week that ended.
    item = done_at(datetime(2026, 11, 23, 5, 0, tzinfo=timezone.utc))
    result = momentum([item], [], [], TODAY, tz.gettz("America/Los_Angeles"))
    assert (result.done_this_week, result.done_last_week) == (0, 1)


def test_an_action_done_just_after_midnight_in_berlin_counts_for_this_week() -> None:
    # Sunday 23:30 UTC is Monday 00:30 in Berlin: the new local week.
    item = done_at(datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc))
    result = momentum([item], [], [], TODAY, tz.gettz("Europe/Berlin"))
    assert (result.done_this_week, result.done_last_week) == (1, 0)


def test_week_edges_and_older_actions() -> None:
    zone = tz.gettz("Europe/Berlin")
    monday = datetime(2026, 11, 23, 0, 0, tzinfo=zone)
    items = [
        done_at(monday.astimezone(timezone.utc)),  # the first moment of this week
        done_at((monday - timedelta(seconds=1)).astimezone(timezone.utc)),  # the last of last week
        done_at((monday - timedelta(days=7)).astimezone(timezone.utc)),  # the first of last week
        done_at((monday - timedelta(days=7, seconds=1)).astimezone(timezone.utc)),  # older: not counted
        ActionItem(title="open"),
    ]
    result = momentum(items, [], [], TODAY, zone)
    assert (result.done_this_week, result.done_last_week) == (1, 2)


def test_days_since_the_last_chapter_closed_counts_local_days() -> None:
    # 02:00 UTC on the 25th is still the 24th in Los Angeles: one day ago there.
    closed = Rejection(application_id=1, on=date(2026, 11, 1), stage=Stage.APPLIED,
                       closed_at=datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc))
    assert momentum([], [], [closed], TODAY, tz.gettz("America/Los_Angeles")).days_since_closed == 1
    assert momentum([], [], [closed], TODAY, timezone.utc).days_since_closed == 0
