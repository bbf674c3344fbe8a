"""Dates typed in a field that looks back (applied, heard, done) or ahead (due, snooze).

The table runs every phrasing in both directions against a frozen ``today`` on each weekday;
expected days are worked out here by plain day arithmetic, not by the code under test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.dates import (
    FUTURE_HINT,
    PAST_HINT,
    WEEKDAYS,
    DateParseError,
    Direction,
    direction_question,
    parse_user_date,
)

PAST, FUTURE = Direction.PAST, Direction.FUTURE
WEEK = [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]  # Monday 23 .. Sunday 29 Nov 2026
VAGUE = "vague"
Expect = Callable[[date], date] | str


def back(n: int) -> Callable[[date], date]:
    return lambda today: today - timedelta(days=n)


def ahead(n: int) -> Callable[[date], date]:
    return lambda today: today + timedelta(days=n)


def fixed(day: date) -> Callable[[date], date]:
    return lambda today: day


def latest(weekday: int, *, today_counts: bool) -> Callable[[date], date]:
    """The latest such weekday on or before today (or strictly before)."""
    def pick(today: date) -> date:
        gap = (today.weekday() - weekday) % 7
        return today - timedelta(days=gap if (gap or today_counts) else 7)
    return pick


def first_after(weekday: int) -> Callable[[date], date]:
    def pick(today: date) -> date:
        gap = (weekday - today.weekday()) % 7
        return today + timedelta(days=gap or 7)
    return pick


# (phrase, in a past field, in a future field)
TABLE: list[tuple[str, Expect, Expect]] = [
    ("today", back(0), back(0)),
    ("Today", back(0), back(0)),
    ("this morning", back(0), back(0)),
    ("earlier today", back(0), back(0)),
    ("this afternoon", back(0), back(0)),
    ("tonight", back(0), back(0)),
    ("yesterday", back(1), back(1)),
    ("Yesterday ", back(1), back(1)),
    ("last night", back(1), back(1)),
    ("the day before yesterday", back(2), back(2)),
    ("tomorrow", ahead(1), ahead(1)),
    ("day after tomorrow", ahead(2), ahead(2)),
    ("3 days ago", back(3), back(3)),
    ("3 day ago", back(3), back(3)),
    ("a day ago", back(1), back(1)),
    ("two days ago", back(2), back(2)),
    ("a couple of days ago", back(2), back(2)),
    ("a week ago", back(7), back(7)),
    ("1 week ago", back(7), back(7)),
    ("two weeks ago", back(14), back(14)),
    ("2 weeks back", back(14), back(14)),
    ("10 days ago", back(10), back(10)),
    ("-3d", back(3), back(3)),
    ("-1w", back(7), back(7)),
    ("+3d", ahead(3), ahead(3)),
    ("+2w", ahead(14), ahead(14)),
    ("in 3 days", ahead(3), ahead(3)),
    ("in a week", ahead(7), ahead(7)),
    ("in two weeks", ahead(14), ahead(14)),
    ("5 days from now", ahead(5), ahead(5)),
    ("next week", ahead(7), ahead(7)),
    ("2026-11-03", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("2026/11/03", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("2026-11-03 00:00:00", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("2026-11-03T09:14:00Z", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("3 Nov", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("Nov 3", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("3 November 2026", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("November 3, 2026", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("30/11/2026", fixed(date(2026, 11, 30)), fixed(date(2026, 11, 30))),
    ("3/11", fixed(date(2026, 11, 3)), fixed(date(2026, 11, 3))),
    ("the other day", VAGUE, VAGUE),
    ("last week", VAGUE, VAGUE),
    ("a few days ago", VAGUE, VAGUE),
    ("recently", VAGUE, VAGUE),
    ("a while ago", VAGUE, VAGUE),
    ("earlier this week", VAGUE, VAGUE),
    ("soon", VAGUE, VAGUE),
    ("sometime", VAGUE, VAGUE),
    ("in a few days", VAGUE, VAGUE),
]
for name, number in (("monday", 0), ("tue", 1), ("Wednesday", 2), ("thurs", 3), ("fri", 4), ("saturday", 5), ("sun", 6)):
    TABLE += [
        (name, latest(number, today_counts=True), first_after(number)),
        (f"last {name}", latest(number, today_counts=False), latest(number, today_counts=False)),
        (f"next {name}", first_after(number), first_after(number)),
        (f"on {name}", latest(number, today_counts=True), first_after(number)),
    ]


def test_the_table_is_big_enough() -> None:
    assert len({phrase for phrase, _, _ in TABLE}) >= 60


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
@pytest.mark.parametrize(("phrase", "past", "future"), TABLE, ids=[row[0] for row in TABLE])
def test_phrasings_in_both_directions_on_every_weekday(phrase: str, past: Expect, future: Expect, today: date) -> None:
    for direction, expected in ((PAST, past), (FUTURE, future)):
        if expected == VAGUE:
            with pytest.raises(DateParseError, match="about when"):
                parse_user_date(phrase, today, direction)
        else:
            assert callable(expected)
            assert parse_user_date(phrase, today, direction) == expected(today), (phrase, direction, today)


def test_a_bare_weekday_in_a_past_field_is_never_in_the_future() -> None:
    wednesday = date(2026, 11, 25)
    assert parse_user_date("monday", wednesday, PAST) == date(2026, 11, 23)
    assert parse_user_date("monday", wednesday, FUTURE) == date(2026, 11, 30)
    assert parse_user_date("wed", wednesday, PAST) == wednesday  # today counts when looking back


def test_errors_carry_the_hint_of_the_fields_direction() -> None:
    with pytest.raises(DateParseError) as past:
        parse_user_date("blursday", WEEK[0], PAST)
    assert PAST_HINT in str(past.value) and "last friday" in str(past.value)
    with pytest.raises(DateParseError) as future:
        parse_user_date("blursday", WEEK[0], FUTURE)
    assert FUTURE_HINT in str(future.value) and "ago" not in str(future.value)
    with pytest.raises(DateParseError) as vague:
        parse_user_date("last week", WEEK[0], PAST)
    assert "about when? e.g. 3 days ago" in str(vague.value)


def test_wrong_side_of_today_asks_to_confirm() -> None:
    today = WEEK[2]
    assert direction_question(today + timedelta(days=5), today, PAST) == (
        "that is in 5 days, not past yet: save again to keep it, or type the day it happened"
    )
    assert "tomorrow" in (direction_question(today + timedelta(days=1), today, PAST) or "")
    assert direction_question(today - timedelta(days=1), today, FUTURE) == (
        "that was 1 day ago: save again to keep it, or type a day ahead"
    )
    assert direction_question(today, today, PAST) is None
    assert direction_question(today, today, FUTURE) is None
    assert direction_question(today + timedelta(days=9), today, Direction.EITHER) is None


# -- properties over many todays ----------------------------------------------------------------

todays = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))
weekday_names = st.sampled_from(sorted(WEEKDAYS))
spacing = st.sampled_from(["{}", " {} ", "{}  ", "  {}"])
casing = st.sampled_from([str.lower, str.upper, str.title])


@given(todays, weekday_names, spacing, casing)
def test_weekday_lands_on_that_weekday_in_the_fields_direction(today: date, name: str, space: str, case: Callable[[str], str]) -> None:
    typed = space.format(case(name))
    back_day = parse_user_date(typed, today, PAST)
    ahead_day = parse_user_date(typed, today, FUTURE)
    assert back_day.weekday() == ahead_day.weekday() == WEEKDAYS[name]
    assert 0 <= (today - back_day).days <= 6
    assert 1 <= (ahead_day - today).days <= 7
    last = parse_user_date(case(f"last {name}"), today, FUTURE)
    assert last.weekday() == WEEKDAYS[name] and 1 <= (today - last).days <= 7
    following = parse_user_date(case(f"next {name}"), today, PAST)
    assert following.weekday() == WEEKDAYS[name] and 1 <= (following - today).days <= 7


@given(todays, st.integers(min_value=0, max_value=999), st.sampled_from(list(Direction)))
def test_days_ago_and_in_days(today: date, n: int, direction: Direction) -> None:
    assert parse_user_date(f"{n} days ago", today, direction) == today - timedelta(days=n)
    assert parse_user_date(f"in {n} days", today, direction) == today + timedelta(days=n)
    assert parse_user_date(f"-{n}d", today, direction) == today - timedelta(days=n)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), todays)
def test_year_first_dates_with_or_without_a_time_are_never_read_day_first(day: date, today: date) -> None:
    for typed in (f"{day:%Y-%m-%d} 00:00:00", f"{day:%Y/%m/%d}", f"{day:%Y-%m-%d}T08:30:00+02:00", f"{day:%Y-%m-%d}"):
        assert parse_user_date(typed, today) == day
