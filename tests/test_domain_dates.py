"""Reading dates the way people type them, with a fixed ``today``."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from dateutil import tz
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.dates import (
    DateParseError,
    add_business_days,
    business_days_between,
    format_day,
    parse_user_date,
    parse_user_datetime,
)

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-03", date(2026, 11, 3)),
        ("3 Nov", date(2026, 11, 3)),
        ("Nov 3", date(2026, 11, 3)),
        ("3 november 2025", date(2025, 11, 3)),
        ("  3   Nov  ", date(2026, 11, 3)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 11, 26)),
        ("yesterday", date(2026, 11, 24)),
        ("+3d", date(2026, 11, 28)),
        ("+2w", date(2026, 12, 9)),
        ("-1d", date(2026, 11, 24)),
        ("in 3 days", date(2026, 11, 28)),
        ("3 days ago", date(2026, 11, 22)),
        ("+1m", date(2026, 12, 25)),
        ("next friday", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("next wednesday", date(2026, 12, 2)),  # strictly after today
        ("wed", date(2026, 12, 2)),
        ("30/11/2026", date(2026, 11, 30)),
        ("11/30/2026", date(2026, 11, 30)),  # second part can't be a month: month first
        ("3/11", date(2026, 11, 3)),  # day first when ambiguous
    ],
)
def test_reads_the_forms_people_type(text: str, expected: date) -> None:
    assert parse_user_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "   ", "soon", "31/02/2026", "2026-13-40", "next blursday", "20200728121240x", "2014- 4-21 10:00"])
def test_unreadable_dates_give_a_clear_error(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_user_date(text, TODAY)
    assert "try" in str(info.value) or "date" in str(info.value)


@given(st.text(max_size=40))
def test_any_text_either_parses_or_raises_our_error(text: str) -> None:
    try:
        result = parse_user_date(text, TODAY)
    except DateParseError:
        return
    assert isinstance(result, date)


def test_datetime_forms_in_the_person_zone() -> None:
    berlin = tz.gettz("Europe/Berlin")
    now = datetime(2026, 11, 25, 14, 0, tzinfo=timezone.utc)  # 15:00 in Berlin
    assert parse_user_datetime("+2h", now, berlin) == datetime(2026, 11, 25, 16, 0, tzinfo=timezone.utc)
    assert parse_user_datetime("18:30", now, berlin) == datetime(2026, 11, 25, 17, 30, tzinfo=timezone.utc)
    assert parse_user_datetime("09:00", now, berlin) == datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)  # next 09:00
    assert parse_user_datetime("tomorrow 9:00", now, berlin) == datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)
    assert parse_user_datetime("fri", now, berlin, default_hour=9) == datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
    with pytest.raises(DateParseError):
        parse_user_datetime("25:99", now, berlin)


def test_business_days_skip_weekends() -> None:
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=tz.gettz("Europe/Berlin"))
    assert add_business_days(friday, 1).date() == date(2026, 11, 30)  # Monday
    assert add_business_days(friday, 5).date() == date(2026, 12, 4)
    assert add_business_days(friday, 0) == friday
    assert business_days_between(date(2026, 11, 27), date(2026, 11, 30)) == 1


def test_format_day_is_short_and_relative() -> None:
    assert format_day(TODAY, TODAY) == "today"
    assert format_day(date(2026, 11, 26), TODAY) == "tomorrow"
    assert format_day(date(2026, 11, 27), TODAY) == "Fri 27 Nov"
    assert format_day(date(2027, 1, 5), TODAY) == "5 Jan 2027"
    assert format_day(None, TODAY) == "—"
