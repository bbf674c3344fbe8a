"""The reminder rules as pure functions of the data and a fixed ``now`` (tui.domain.reminders)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time, timedelta, timezone

import pytest
from dateutil import tz
from hypothesis import HealthCheck, assume, given, settings as hsettings
from hypothesis import strategies as st

from tui.domain.models import (
    ActionItem,
    ActionStatus,
    Application,
    CheckIn,
    CheckInKind,
    CheckInState,
    FeedbackState,
    Priority,
    Rejection,
    Settings,
    Stage,
    StageChange,
)
from tui.domain.reminders import (
    AWAY_GRACE,
    PROMPT_PREFIX,
    Plan,
    ReminderData,
    claims_from_table,
    compose,
    in_quiet_hours,
    is_allowed,
    jitter_factor,
    ladder_interval,
    ladder_series,
    missing_ladders,
    next_allowed_time,
    next_checkin,
    next_due,
    parse_key,
    plan,
    reminders_for,
    silence_started,
    snoozed_key,
    SubjectMemo,
    subjects_for,
    tomorrow_morning,
)

UTC = timezone.utc
BERLIN = tz.gettz("Europe/Berlin")
NEW_YORK = tz.gettz("America/New_York")
NO_QUIET = Settings(quiet_start="00:00", quiet_end="00:00")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone, *args: int) -> datetime:  # type: ignore[no-untyped-def]
    return datetime(*args, tzinfo=zone).astimezone(UTC)


def keys(reminders) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.key for r in reminders]


def app(id: int = 1, company: str = "Acme", **kw) -> Application:  # type: ignore[no-untyped-def]
    return Application(company=company, role=kw.pop("role", "Designer"), id=id, **kw)


# ---------------------------------------------------------------------------
# Rejection rules: business days across weekends


def test_feedback_request_skips_the_weekend() -> None:
    # Rejected on Friday 6 March 2026: one business day later is Monday, at the morning hour.
    rejection = Rejection(application_id=1, on=date(2026, 3, 6), id=4)
    data = ReminderData(applications=[app()], rejections=[rejection])
    found = reminders_for(utc(2026, 3, 6, 12), BERLIN, data, Settings())
    request = next(r for r in found if r.topic == "feedback-request")
    assert request.key == "rejection:4:feedback-request"
    assert request.due_at == local(BERLIN, 2026, 3, 9, 9, 0)
    assert request.kind is CheckInKind.FOLLOW_UP
    assert "Acme" in request.title
    move_on = next(r for r in found if r.topic == "feedback-move-on")
    # Ten business days after Friday 6 March: Friday 20 March.
    assert move_on.due_at == local(BERLIN, 2026, 3, 20, 9, 0)
    assert move_on.kind is CheckInKind.MOVE_ON


def test_one_nudge_after_asking_counts_business_days() -> None:
    rejection = Rejection(
        application_id=1,
        on=date(2026, 3, 5),
        feedback_state=FeedbackState.ASKED,
        feedback_asked_on=date(2026, 3, 12),  # a Thursday
        id=2,
    )
    data = ReminderData(applications=[app()], rejections=[rejection])
    found = reminders_for(utc(2026, 3, 12, 12), BERLIN, data, Settings())
    assert [r.topic for r in found] == ["feedback-nudge", "feedback-move-on"]
    nudge, move_on = found
    assert nudge.key == "rejection:2:feedback-nudge:2026-03-12"
    assert nudge.due_at == local(BERLIN, 2026, 3, 19, 9, 0)  # Thu + 5 business days = next Thu
    # The window is counted from the ask: 10 business days after Thu 12 March is Thu 26 March.
    assert move_on.due_at == local(BERLIN, 2026, 3, 26, 9, 0)


@pytest.mark.parametrize(
    "state", [FeedbackState.RECEIVED, FeedbackState.NOT_COMING]
)
def test_no_feedback_prompts_once_feedback_is_settled(state: FeedbackState) -> None:
    rejection = Rejection(application_id=1, on=date(2026, 3, 5), feedback_state=state, id=2)
    found = reminders_for(utc(2026, 4, 1), UTC, ReminderData([app()], [rejection]), Settings())
    assert found == []


def test_move_on_prompt_asks_and_closes_nothing() -> None:
    rejection = Rejection(application_id=1, on=date(2026, 3, 2), id=3)
    data = ReminderData([app()], [rejection])
    now = utc(2026, 3, 20, 10)
    result = plan(now, UTC, data, Settings(quiet_start="22:00", quiet_end="07:00"), {})
    (move_on,) = result.reminders
    assert move_on.topic == "feedback-move-on"
    assert "?" in move_on.title and "Nothing changes unless you choose it" in move_on.body
    # The request is moot once the move-on question is due: only the later rule is raised.
    assert "feedback-request" not in " ".join(keys(result.reminders))
    # The records are untouched (pure function).
    assert rejection.closed_at is None and rejection.feedback_state is FeedbackState.NOT_ASKED


def test_closed_rejection_has_no_rule_prompts() -> None:
    rejection = Rejection(application_id=1, on=date(2026, 3, 2), closed_at=utc(2026, 3, 3), id=3)
    assert reminders_for(utc(2026, 4, 1), UTC, ReminderData([app()], [rejection]), Settings()) == []


# ---------------------------------------------------------------------------
# Applications with no reply


def test_applied_follow_up_counts_calendar_days_and_move_on_follows() -> None:
    application = app(applied_on=date(2026, 3, 6), created_at=utc(2026, 3, 6, 8))  # a Friday
    found = reminders_for(utc(2026, 3, 7), BERLIN, ReminderData([application]), Settings())
    follow, move_on = found
    assert follow.topic == "follow-up" and move_on.topic == "move-on"
    assert follow.due_at == local(BERLIN, 2026, 3, 13, 9, 0)  # 7 calendar days, weekend included
    assert move_on.due_at == local(BERLIN, 2026, 3, 27, 9, 0)  # 21 calendar days
    assert follow.key == "application:1:follow-up:applied:2026-03-06"
    # The key names the stored date, not the computed local time: stable across zones and settings.
    elsewhere = reminders_for(utc(2026, 3, 7), NEW_YORK, ReminderData([application]), Settings(morning_hour=7))
    assert keys(elsewhere) == keys(found)


def test_interview_silence_counts_business_days_from_the_stage_change() -> None:
    interviewed = utc(2026, 3, 6, 14)  # Friday 15:00 in Berlin
    application = app(
        stage=Stage.INTERVIEW,
        applied_on=date(2026, 2, 20),
        timeline=(StageChange(Stage.APPLIED, utc(2026, 2, 20, 9)), StageChange(Stage.INTERVIEW, interviewed)),
    )
    follow, move_on = reminders_for(utc(2026, 3, 7), BERLIN, ReminderData([application]), Settings())
    assert follow.due_at == local(BERLIN, 2026, 3, 13, 15, 0)  # 5 business days: the next Friday
    assert move_on.due_at == local(BERLIN, 2026, 3, 24, 15, 0)  # 12 business days
    assert "working days" in follow.body


@pytest.mark.parametrize("stage", [Stage.REJECTED, Stage.WITHDRAWN, Stage.GHOSTED, Stage.ACCEPTED])
def test_closed_applications_get_no_prompts(stage: Stage) -> None:
    application = app(stage=stage, applied_on=date(2026, 1, 1))
    assert reminders_for(utc(2026, 3, 1), UTC, ReminderData([application]), Settings()) == []


def test_move_on_makes_an_unraised_follow_up_moot() -> None:
    application = app(applied_on=date(2026, 1, 5))
    found = reminders_for(utc(2026, 2, 20), UTC, ReminderData([application]), Settings())
    assert [r.topic for r in found] == ["move-on"]


def test_dismissal_resets_the_silence_clock() -> None:
    application = app(applied_on=date(2026, 3, 2))
    before = reminders_for(utc(2026, 3, 10), UTC, ReminderData([application]), NO_QUIET)
    assert [r.topic for r in before] == ["follow-up", "move-on"]
    reset = application.with_changes(last_prompt_reset=utc(2026, 3, 10, 12))
    assert silence_started(reset, NO_QUIET, UTC) == utc(2026, 3, 10, 12)
    after = reminders_for(utc(2026, 3, 10, 13), UTC, ReminderData([reset]), NO_QUIET)
    assert after[0].due_at == utc(2026, 3, 17, 12)  # seven days after the dismissal
    assert after[1].due_at == utc(2026, 3, 31, 12)
    # A new silence is a new occurrence: new keys, so the follow-up can be raised again.
    assert set(keys(after)).isdisjoint(keys(before))


def test_a_later_stage_change_also_restarts_the_clock() -> None:
    application = app(
        applied_on=date(2026, 3, 2), last_prompt_reset=utc(2026, 3, 10, 12),
        stage=Stage.SCREENING, timeline=(StageChange(Stage.SCREENING, utc(2026, 3, 12, 9)),),
    )
    assert silence_started(application, NO_QUIET, UTC) == utc(2026, 3, 12, 9)


# ---------------------------------------------------------------------------
# Quiet hours, including across midnight and DST


@pytest.mark.parametrize(
    ("hhmm", "quiet"),
    [("20:59", False), ("21:00", True), ("23:30", True), ("00:00", True), ("07:59", True), ("08:00", False), ("12:00", False)],
)
def test_quiet_hours_across_midnight(hhmm: str, quiet: bool) -> None:
    hour, minute = map(int, hhmm.split(":"))
    moment = local(BERLIN, 2026, 6, 10, hour, minute)
    assert in_quiet_hours(moment, Settings(), BERLIN) is quiet


def test_quiet_hours_within_one_day_and_off() -> None:
    lunch = Settings(quiet_start="12:00", quiet_end="14:00")
    assert in_quiet_hours(utc(2026, 6, 10, 13), lunch, UTC)
    assert not in_quiet_hours(utc(2026, 6, 10, 14), lunch, UTC)
    assert not in_quiet_hours(utc(2026, 6, 10, 3), lunch, UTC)
    assert next_allowed_time(utc(2026, 6, 10, 12, 30), lunch, UTC) == utc(2026, 6, 10, 14)
    assert not in_quiet_hours(utc(2026, 6, 10, 3), NO_QUIET, UTC)


def test_next_allowed_time_waits_for_the_end_of_quiet_hours() -> None:
    s = Settings()
    assert next_allowed_time(local(BERLIN, 2026, 6, 10, 23, 30), s, BERLIN) == local(BERLIN, 2026, 6, 11, 8, 0)
    assert next_allowed_time(local(BERLIN, 2026, 6, 11, 2, 0), s, BERLIN) == local(BERLIN, 2026, 6, 11, 8, 0)
    noon = local(BERLIN, 2026, 6, 11, 12, 0)
    assert next_allowed_time(noon, s, BERLIN) == noon


def test_quiet_hours_on_the_spring_forward_night_in_berlin() -> None:
    # 29 March 2026, last Sunday of March: 02:00 CET becomes 03:00 CEST.
    s = Settings()
    early = utc(2026, 3, 29, 5, 30)  # 07:30 CEST, still quiet
    assert early.astimezone(BERLIN).hour == 7
    assert in_quiet_hours(early, s, BERLIN)
    assert next_allowed_time(early, s, BERLIN) == utc(2026, 3, 29, 6, 0)  # 08:00 CEST
    # From the evening before (CET) the wait ends at 08:00 on the new offset: 06:00 UTC, not 07:00.
    evening = utc(2026, 3, 28, 21, 0)  # 22:00 CET
    assert next_allowed_time(evening, s, BERLIN) == utc(2026, 3, 29, 6, 0)
    assert not in_quiet_hours(utc(2026, 3, 29, 6, 0), s, BERLIN)
    assert in_quiet_hours(utc(2026, 3, 29, 5, 59), s, BERLIN)


def test_quiet_hours_ending_inside_the_skipped_hour() -> None:
    s = Settings(quiet_start="22:00", quiet_end="02:30")  # 02:30 does not exist on 29 March
    moment = utc(2026, 3, 29, 0, 30)  # 01:30 CET
    assert in_quiet_hours(moment, s, BERLIN)
    # The wall clock jumps from 01:59:59 CET to 03:00 CEST, past 02:30: quiet hours end at the jump.
    assert next_allowed_time(moment, s, BERLIN) == utc(2026, 3, 29, 1, 0)  # 03:00 CEST
    assert in_quiet_hours(utc(2026, 3, 29, 0, 59, 59), s, BERLIN)


def test_quiet_hours_on_the_fall_back_night_in_berlin() -> None:
    # 25 October 2026, last Sunday of October: 03:00 CEST becomes 02:00 CET.
    s = Settings()
    early = utc(2026, 10, 25, 6, 30)  # 07:30 CET
    assert in_quiet_hours(early, s, BERLIN)
    assert next_allowed_time(early, s, BERLIN) == utc(2026, 10, 25, 7, 0)  # 08:00 CET
    assert next_allowed_time(utc(2026, 10, 24, 20, 0), s, BERLIN) == utc(2026, 10, 25, 7, 0)
    # 20:30 CET is allowed, 21:00 CET (20:00 UTC) is quiet.
    assert not in_quiet_hours(utc(2026, 10, 25, 19, 30), s, BERLIN)
    assert in_quiet_hours(utc(2026, 10, 25, 20, 0), s, BERLIN)


def test_calendar_days_keep_the_wall_clock_across_dst() -> None:
    application = app(applied_on=date(2026, 3, 22))  # 09:00 CET
    follow = reminders_for(utc(2026, 3, 23), BERLIN, ReminderData([application]), Settings())[0]
    assert follow.due_at == utc(2026, 3, 29, 7, 0)  # 09:00 CEST: seven calendar days, 167 hours


def test_skip_weekends_waits_for_monday() -> None:
    s = Settings(skip_weekends=True)
    saturday = local(BERLIN, 2026, 3, 7, 11, 0)
    assert not is_allowed(saturday, s, BERLIN)
    assert next_allowed_time(saturday, s, BERLIN) == local(BERLIN, 2026, 3, 9, 8, 0)
    assert is_allowed(saturday, Settings(), BERLIN)


def test_tomorrow_morning() -> None:
    s = Settings(morning_hour=9)
    assert tomorrow_morning(local(BERLIN, 2026, 3, 10, 15), s, BERLIN) == local(BERLIN, 2026, 3, 11, 9)
    # Still up at 1 a.m.: "tomorrow morning" is the morning about to come.
    assert tomorrow_morning(local(BERLIN, 2026, 3, 11, 1), s, BERLIN) == local(BERLIN, 2026, 3, 11, 9)
    assert tomorrow_morning(local(BERLIN, 2026, 3, 28, 20), s, BERLIN) == utc(2026, 3, 29, 7)  # CEST


# ---------------------------------------------------------------------------
# The adaptive check-in ladder


REJ = Rejection(application_id=1, on=date(2026, 3, 2), id=7)
NOW = utc(2026, 3, 10, 12)


def previous(interval: float, sequence: int = 2) -> CheckIn:
    return CheckIn(
        kind=CheckInKind.CHECK_IN, due_at=NOW, rejection_id=7, sequence=sequence, interval_days=interval, id=3
    )


def days_after(checkin: CheckIn, start: datetime = NOW) -> float:
    return (checkin.due_at - start).total_seconds() / 86400


def test_first_checkin_uses_the_first_rung() -> None:
    first = next_checkin(None, None, REJ, NO_QUIET, NOW, UTC)
    assert first is not None
    assert (first.sequence, first.interval_days, first.topic) == (1, 1.0, "ladder")
    assert first.kind is CheckInKind.CHECK_IN and first.state is CheckInState.PENDING
    assert first.rejection_id == 7 and first.application_id == 1
    assert 0.9 <= days_after(first) <= 1.1
    assert not first.suggest_action


@pytest.mark.parametrize("mood", [1, 2])
def test_low_mood_brings_the_next_checkin_back_to_one_day(mood: int) -> None:
    nxt = next_checkin(previous(14), mood, REJ, NO_QUIET, NOW, UTC)
    assert nxt is not None and nxt.interval_days == 1.0 and nxt.sequence == 3
    assert 0.9 <= days_after(nxt) <= 1.1
    assert nxt.suggest_action


def test_mood_three_grows_the_interval_by_half() -> None:
    nxt = next_checkin(previous(3), 3, REJ, NO_QUIET, NOW, UTC)
    assert nxt is not None and nxt.interval_days == 4.5 and not nxt.suggest_action
    assert 4.05 <= days_after(nxt) <= 4.95


@pytest.mark.parametrize("mood", [4, 5])
def test_good_mood_grows_the_interval_two_and_a_half_times(mood: int) -> None:
    nxt = next_checkin(previous(3), mood, REJ, NO_QUIET, NOW, UTC)
    assert nxt is not None and nxt.interval_days == 7.5
    assert 6.75 <= days_after(nxt) <= 8.25


def test_interval_is_capped() -> None:
    nxt = next_checkin(previous(20), 5, REJ, NO_QUIET, NOW, UTC)
    assert nxt is not None and nxt.interval_days == 30
    assert days_after(nxt) <= 30
    tight = Settings(quiet_start="00:00", quiet_end="00:00", checkin_max_days=10)
    capped = next_checkin(previous(20), 3, REJ, tight, NOW, UTC)
    assert capped is not None and capped.interval_days == 10 and days_after(capped) <= 10


def test_skipped_checkin_follows_the_nominal_ladder() -> None:
    assert ladder_interval(previous(1.0, sequence=2), None, Settings()) == (3, 7.0)
    assert ladder_interval(previous(1.0, sequence=9), None, Settings()) == (10, 30.0)


def test_series_ends_only_after_moving_on_with_a_good_mood() -> None:
    closed = REJ.with_changes(closed_at=utc(2026, 3, 9))
    assert next_checkin(previous(3), 4, closed, NO_QUIET, NOW, UTC) is None
    assert next_checkin(previous(3), 5, closed, NO_QUIET, NOW, UTC) is None
    assert next_checkin(previous(3), 3, closed, NO_QUIET, NOW, UTC) is not None  # not yet
    assert next_checkin(previous(3), 5, REJ, NO_QUIET, NOW, UTC) is not None  # not moved on yet


def test_checkins_avoid_quiet_hours_and_optionally_weekends() -> None:
    evening = local(BERLIN, 2026, 3, 5, 20, 30)  # Thursday
    nxt = next_checkin(previous(1), 1, REJ, Settings(), evening, BERLIN)
    assert nxt is not None and not in_quiet_hours(nxt.due_at, Settings(), BERLIN)
    weekend_off = Settings(skip_weekends=True)
    friday = local(BERLIN, 2026, 3, 6, 12, 0)
    nxt = next_checkin(previous(1), 1, REJ, weekend_off, friday, BERLIN)  # ~Saturday noon
    assert nxt is not None and nxt.due_at == local(BERLIN, 2026, 3, 9, 8, 0)  # Monday, after quiet hours


def test_jitter_is_deterministic_and_about_ten_percent() -> None:
    assert jitter_factor("ladder:7:2") == jitter_factor("ladder:7:2")
    factors = [jitter_factor(f"ladder:{i}:{j}") for i in range(100) for j in range(1, 11)]
    assert all(0.9 <= f < 1.1 for f in factors)
    assert min(factors) < 0.92 and max(factors) > 1.08
    assert 0.99 < sum(factors) / len(factors) < 1.01
    a = next_checkin(previous(3), 4, REJ, NO_QUIET, NOW, UTC)
    b = next_checkin(previous(3), 4, REJ, NO_QUIET, NOW, UTC)
    assert a == b
    other = next_checkin(previous(3), 4, REJ.with_changes(id=8), NO_QUIET, NOW, UTC)
    assert other is not None and a is not None and other.due_at != a.due_at


def test_jitter_does_not_depend_on_the_interpreter_hash_seed() -> None:
    code = "from tui.domain.reminders import jitter_factor; print(repr(jitter_factor('ladder:7:2')))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outputs == {repr(jitter_factor("ladder:7:2"))}


def test_missing_ladders_start_recent_rejections_only() -> None:
    recent = Rejection(application_id=1, on=date(2026, 3, 9), created_at=utc(2026, 3, 9, 15), id=1)
    old = Rejection(application_id=1, on=date(2025, 11, 1), created_at=utc(2025, 11, 1, 15), id=2)
    closed = Rejection(application_id=1, on=date(2026, 3, 9), closed_at=utc(2026, 3, 9, 16), id=3)
    has_series = Rejection(application_id=1, on=date(2026, 3, 9), id=4)
    rows = [CheckIn(kind=CheckInKind.CHECK_IN, due_at=NOW, rejection_id=4, sequence=1, id=1)]
    fresh = missing_ladders([recent, old, closed, has_series], ladder_series(rows), NO_QUIET, NOW, UTC)
    assert [c.rejection_id for c in fresh] == [1]
    assert 0.9 <= days_after(fresh[0], utc(2026, 3, 9, 15)) <= 1.1


# ---------------------------------------------------------------------------
# Stored check-ins, snoozes and records


def ladder_row(id: int, due: datetime, **kw) -> CheckIn:  # type: ignore[no-untyped-def]
    return CheckIn(kind=CheckInKind.CHECK_IN, due_at=due, rejection_id=7, application_id=1, sequence=1, id=id, **kw)


def test_stored_checkins_are_due_by_their_effective_due() -> None:
    rows = [
        ladder_row(1, utc(2026, 3, 10, 9)),
        ladder_row(2, utc(2026, 3, 10, 9), state=CheckInState.SNOOZED, snoozed_until=utc(2026, 3, 10, 15)),
        ladder_row(3, utc(2026, 3, 10, 9), state=CheckInState.DONE),
        ladder_row(4, utc(2026, 3, 10, 9), state=CheckInState.NOTIFIED),
    ]
    data = ReminderData([app()], [REJ.with_changes(feedback_state=FeedbackState.RECEIVED)], rows)
    found = reminders_for(NOW, UTC, data, NO_QUIET)
    assert keys(found) == ["checkin:1", snoozed_key("checkin:2", utc(2026, 3, 10, 15))]
    assert found[1].due_at == utc(2026, 3, 10, 15)
    assert found[0].title == "How are you doing?" and "Acme" in found[0].body
    assert parse_key(found[1].key).base == "checkin:2"


def test_low_mood_checkin_suggests_one_small_action() -> None:
    actions = [
        ActionItem(title="Rewrite the portfolio intro", priority=Priority.LOW, id=1),
        ActionItem(title="Message Sam for coffee", priority=Priority.HIGH, id=2),
        ActionItem(title="Finished", status=ActionStatus.DONE, priority=Priority.HIGH, id=3),
    ]
    row = ladder_row(1, NOW, suggest_action=True)
    data = ReminderData([app()], [REJ.with_changes(feedback_state=FeedbackState.RECEIVED)], [row], actions)
    (found,) = reminders_for(NOW, UTC, data, NO_QUIET)
    assert found.action_id == 2 and "Message Sam for coffee" in found.body


def test_a_record_row_silences_or_snoozes_a_rule_reminder() -> None:
    rejection = Rejection(application_id=1, on=date(2026, 3, 6), id=4)
    key = "rejection:4:feedback-request"
    dismissed = CheckIn(kind=CheckInKind.FOLLOW_UP, due_at=NOW, state=CheckInState.DISMISSED, reminder_key=key, id=9)
    data = ReminderData([app()], [rejection], [dismissed])
    assert key not in keys(reminders_for(utc(2026, 3, 9, 12), UTC, data, NO_QUIET))
    until = utc(2026, 3, 11, 8)
    snoozed = dismissed.with_changes(state=CheckInState.SNOOZED, snoozed_until=until)
    found = reminders_for(utc(2026, 3, 9, 12), UTC, ReminderData([app()], [rejection], [snoozed]), NO_QUIET)
    again = next(r for r in found if r.base_key == key)
    assert again.key == snoozed_key(key, until) and again.due_at == until and again.checkin_id == 9


# ---------------------------------------------------------------------------
# Planning: digest, daily cap, quiet hours


def due_rows(now: datetime, ages: list[timedelta]) -> ReminderData:
    rejections = [Rejection(application_id=i, on=date(2026, 1, 1), feedback_state=FeedbackState.RECEIVED, id=i) for i in range(1, len(ages) + 1)]
    rows = [
        CheckIn(kind=CheckInKind.CHECK_IN, due_at=now - age, rejection_id=i, sequence=1, id=i)
        for i, age in enumerate(ages, start=1)
    ]
    apps = [app(id=i, company=f"Company {i}") for i in range(1, len(ages) + 1)]
    return ReminderData(apps, rejections, rows)


def test_fresh_reminders_are_raised_one_by_one() -> None:
    data = due_rows(NOW, [timedelta(minutes=1), timedelta(minutes=20)])
    result = plan(NOW, UTC, data, NO_QUIET, {})
    assert [n.is_digest for n in result.notices] == [False, False]


def test_two_missed_reminders_come_as_one_digest() -> None:
    data = due_rows(NOW, [timedelta(hours=5), timedelta(hours=2), timedelta(minutes=5)])
    application = app(id=9, company="Globex", applied_on=date(2026, 2, 28))  # follow-up due 7 Mar
    data = ReminderData([*data.applications, application], data.rejections, data.checkins)
    result = plan(NOW, UTC, data, NO_QUIET, {})
    digest, single = result.notices
    assert digest.is_digest and not single.is_digest
    assert digest.title == "While you were away: 2 check-ins, 1 follow-up"
    assert len(digest.reminders) == 3 and single.reminders[0].key == "checkin:3"
    assert "Globex" in digest.body


def test_one_missed_reminder_is_raised_alone_unless_stale() -> None:
    alone = plan(NOW, UTC, due_rows(NOW, [timedelta(hours=5)]), NO_QUIET, {})
    assert not alone.notices[0].is_digest
    stale = plan(NOW, UTC, due_rows(NOW, [timedelta(days=8)]), NO_QUIET, {})
    assert stale.notices[0].is_digest
    assert stale.notices[0].title == "While you were away: 1 check-in"


def test_compose_boundary_is_the_away_grace() -> None:
    data = due_rows(NOW, [AWAY_GRACE, AWAY_GRACE])
    assert not any(n.is_digest for n in compose(reminders_for(NOW, UTC, data, NO_QUIET), NOW))
    data = due_rows(NOW, [AWAY_GRACE + timedelta(seconds=1)] * 2)
    assert [n.is_digest for n in compose(reminders_for(NOW, UTC, data, NO_QUIET), NOW)] == [True]


def test_nothing_is_raised_inside_quiet_hours() -> None:
    night = local(BERLIN, 2026, 3, 10, 23, 0)
    data = due_rows(night, [timedelta(minutes=1)])
    result = plan(night, BERLIN, data, Settings(), {})
    assert result.notices == () and len(result.held) == 1 and "quiet hours" in result.reason
    assert result.next_due == local(BERLIN, 2026, 3, 11, 8, 0)
    assert next_due(night, BERLIN, data, Settings(), {}) == local(BERLIN, 2026, 3, 11, 8, 0)


def raise_all(result: Plan, claims: dict[str, datetime | None]) -> None:
    for notice in result.notices:
        for reminder in notice.reminders:
            claims[reminder.key] = result.now
        claims[notice.prompt_key] = result.now


def test_daily_cap_counts_prompts_raised_today() -> None:
    s = Settings(quiet_start="00:00", quiet_end="00:00", max_prompts_per_day=3)
    data = due_rows(NOW, [timedelta(minutes=m) for m in (1, 2, 3, 4, 5)])
    claims: dict[str, datetime | None] = {}
    first = plan(NOW, UTC, data, s, claims)
    assert len(first.notices) == 3 and len(first.held) == 2 and "daily limit" in first.reason
    assert first.next_due == utc(2026, 3, 11, 0, 0)  # tomorrow
    raise_all(first, claims)
    later = plan(NOW + timedelta(hours=3), UTC, data, s, claims)
    assert later.notices == () and len(later.held) == 2
    # Yesterday's prompts do not count today; both leftovers are now missed: one digest.
    tomorrow = plan(utc(2026, 3, 11, 9), UTC, data, s, claims)
    assert len(tomorrow.notices) == 1 and tomorrow.notices[0].is_digest
    assert len(tomorrow.notices[0].reminders) == 2


def test_a_digest_counts_as_one_prompt() -> None:
    s = Settings(quiet_start="00:00", quiet_end="00:00", max_prompts_per_day=1)
    data = due_rows(NOW, [timedelta(hours=h) for h in (2, 3, 4, 5)])
    result = plan(NOW, UTC, data, s, {})
    assert len(result.notices) == 1 and len(result.notices[0].reminders) == 4


def test_claims_from_the_store_table() -> None:
    raw = {"1": {"key": "checkin:1", "at": "2026-03-10T08:00:00+00:00", "by": "x"}, "2": {"key": PROMPT_PREFIX + "checkin:1", "at": "2026-03-10T08:00:00+00:00"}}
    claims = claims_from_table(raw)
    assert claims["checkin:1"] == utc(2026, 3, 10, 8)
    data = due_rows(NOW, [timedelta(minutes=1)])
    data = ReminderData(data.applications, data.rejections, [data.checkins[0].with_changes(id=1)])
    assert plan(NOW, UTC, data, NO_QUIET, claims).notices == ()


def test_next_due_is_the_earliest_allowed_time() -> None:
    row = ladder_row(1, local(BERLIN, 2026, 3, 10, 22, 0))  # due inside quiet hours
    data = ReminderData([app()], [REJ.with_changes(feedback_state=FeedbackState.RECEIVED)], [row])
    assert next_due(local(BERLIN, 2026, 3, 10, 12), BERLIN, data, Settings(), {}) == local(BERLIN, 2026, 3, 11, 8)
    assert next_due(NOW, UTC, ReminderData(), Settings(), {}) is None
    quiet_afternoon = ReminderData([app()], [REJ.with_changes(feedback_state=FeedbackState.RECEIVED)], [ladder_row(1, utc(2026, 3, 10, 15))])
    assert next_due(NOW, UTC, quiet_afternoon, NO_QUIET, {}) == utc(2026, 3, 10, 15)
    assert next_due(utc(2026, 3, 10, 16), UTC, quiet_afternoon, NO_QUIET, {}) == utc(2026, 3, 10, 16)


# ---------------------------------------------------------------------------
# Properties: random histories and times


ZONES = [UTC, BERLIN, NEW_YORK]
START = datetime(2026, 1, 1, tzinfo=UTC)


@st.composite
def histories(draw: st.DrawFn) -> tuple[ReminderData, Settings]:
    n_apps = draw(st.integers(1, 5))
    applications = []
    for i in range(1, n_apps + 1):
        stage = draw(st.sampled_from([Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.FINAL_ROUND, Stage.REJECTED]))
        applied = (START + timedelta(days=draw(st.integers(0, 90)))).date()
        changed = START + timedelta(days=draw(st.integers(0, 120)), minutes=draw(st.integers(0, 1439)))
        reset = draw(st.none() | st.integers(0, 150).map(lambda d: START + timedelta(days=d, hours=13)))
        applications.append(
            Application(
                company=f"C{i}", stage=stage, applied_on=applied, id=i,
                timeline=(StageChange(stage, changed),), last_prompt_reset=reset,
            )
        )
    rejections = []
    for i in range(1, draw(st.integers(0, 3)) + 1):
        on = (START + timedelta(days=draw(st.integers(0, 120)))).date()
        state = draw(st.sampled_from(list(FeedbackState)))
        asked = on + timedelta(days=draw(st.integers(0, 10))) if state is FeedbackState.ASKED else None
        closed = draw(st.none() | st.just(START + timedelta(days=130)))
        rejections.append(
            Rejection(application_id=i, on=on, feedback_state=state, feedback_asked_on=asked, closed_at=closed, id=i)
        )
    rows = []
    for i in range(1, draw(st.integers(0, 6)) + 1):
        due = START + timedelta(minutes=draw(st.integers(0, 200 * 1440)))
        state = draw(st.sampled_from([CheckInState.PENDING, CheckInState.SNOOZED, CheckInState.DONE]))
        snoozed = due + timedelta(hours=draw(st.integers(1, 48))) if state is CheckInState.SNOOZED else None
        rid = draw(st.integers(1, 3))
        rows.append(CheckIn(kind=CheckInKind.CHECK_IN, due_at=due, rejection_id=rid, sequence=1, state=state, snoozed_until=snoozed, id=i))
    quiet_start = draw(st.sampled_from(["21:00", "22:30", "00:00", "12:00", "02:15"]))
    quiet_end = draw(st.sampled_from(["08:00", "07:45", "00:00", "14:00", "03:30"]))
    s = Settings(
        quiet_start=quiet_start, quiet_end=quiet_end,
        max_prompts_per_day=draw(st.integers(0, 4)),
        skip_weekends=draw(st.booleans()),
    )
    return ReminderData(applications, rejections, rows), s


def simulate(data: ReminderData, s: Settings, zone, start: datetime, steps: list[int]):  # type: ignore[no-untyped-def]
    """Run the planner at each step like the service does: claim, mark rows raised."""
    claims: dict[str, datetime | None] = {}
    raised: list[tuple[datetime, str]] = []
    prompts: list[datetime] = []
    rows = {c.id: c for c in data.checkins}
    now = start
    for minutes in steps:
        now = now + timedelta(minutes=minutes)
        current = ReminderData(data.applications, data.rejections, list(rows.values()))
        result = plan(now, zone, current, s, claims)
        for notice in result.notices:
            prompts.append(now)
            for reminder in notice.reminders:
                raised.append((now, reminder.key))
                if reminder.checkin_id in rows:
                    rows[reminder.checkin_id] = rows[reminder.checkin_id].with_changes(state=CheckInState.NOTIFIED)
        raise_all(result, claims)
    return raised, prompts


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=histories(),
    zone=st.sampled_from(ZONES),
    start_minutes=st.integers(0, 130 * 1440),
    steps=st.lists(st.integers(1, 2 * 1440), min_size=1, max_size=40),
)
def test_no_reminder_is_raised_twice_and_none_in_quiet_hours(history, zone, start_minutes, steps) -> None:  # type: ignore[no-untyped-def]
    data, s = history
    raised, prompts = simulate(data, s, zone, START + timedelta(minutes=start_minutes), steps)
    raised_keys = [key for _, key in raised]
    assert len(raised_keys) == len(set(raised_keys)), "a reminder was raised twice"
    for moment in prompts:
        assert not in_quiet_hours(moment, s, zone)
        assert is_allowed(moment, s, zone)
    if s.max_prompts_per_day > 0:
        per_day: dict[date, int] = {}
        for moment in prompts:
            day = moment.astimezone(zone).date()
            per_day[day] = per_day.get(day, 0) + 1
        assert max(per_day.values(), default=0) <= s.max_prompts_per_day


@hsettings(max_examples=100, deadline=None)
@given(history=histories(), zone=st.sampled_from(ZONES), minutes=st.integers(0, 200 * 1440))
def test_next_due_is_never_in_the_past_and_never_quiet(history, zone, minutes) -> None:  # type: ignore[no-untyped-def]
    data, s = history
    now = START + timedelta(minutes=minutes)
    wake = next_due(now, zone, data, s, {})
    assume(wake is not None)
    assert wake >= now
    assert is_allowed(wake, s, zone)


@given(moment=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)),
       start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
       end=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
       zone=st.sampled_from(ZONES), weekends=st.booleans())
@hsettings(max_examples=300, deadline=None)
def test_next_allowed_time_is_the_first_allowed_moment(moment, start, end, zone, weekends) -> None:  # type: ignore[no-untyped-def]
    s = Settings(quiet_start=start.strftime("%H:%M"), quiet_end=end.strftime("%H:%M"), skip_weekends=weekends)
    result = next_allowed_time(moment, s, zone)
    assert result >= moment
    assert is_allowed(result, s, zone)
    assert result - moment <= timedelta(hours=(3 * 24 if weekends else 25))
    if result > moment + timedelta(seconds=1):
        assert not is_allowed(result - timedelta(seconds=1), s, zone)


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1)])
@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK])
def test_every_quarter_hour_of_a_dst_day(day: date, zone) -> None:  # type: ignore[no-untyped-def]
    """Walk a DST day in 15-minute steps with the quiet hours ending at every quarter hour."""
    for end_minutes in range(0, 24 * 60, 15):
        s = Settings(quiet_start="22:00", quiet_end=f"{end_minutes // 60:02d}:{end_minutes % 60:02d}")
        moment = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=6)
        for _ in range(4 * 36):
            result = next_allowed_time(moment, s, zone)
            assert result >= moment and is_allowed(result, s, zone)
            if result > moment:
                assert not is_allowed(result - timedelta(seconds=1), s, zone)
            moment += timedelta(minutes=15)


@hsettings(max_examples=100, deadline=None)
@given(history=histories(), zone=st.sampled_from(ZONES), minutes=st.lists(st.integers(0, 200 * 1440), min_size=1, max_size=4),
       pick=st.randoms(use_true_random=False))
def test_skipping_claimed_subjects_changes_nothing(history, zone, minutes, pick) -> None:  # type: ignore[no-untyped-def]
    """``reminders_for(claimed=...)`` only saves work: unclaimed results are the same."""
    data, s = history
    claims: set[str] = set()
    for m in sorted(minutes):
        found = reminders_for(START + timedelta(minutes=m), zone, data, s)
        claims.update(r.key for r in found if r.due_at <= START + timedelta(minutes=m) and pick.random() < 0.7)
    now = START + timedelta(minutes=max(minutes))
    full = [r for r in reminders_for(now, zone, data, s) if r.key not in claims]
    fast = [r for r in reminders_for(now, zone, data, s, claims) if r.key not in claims]
    assert fast == full


@hsettings(max_examples=100, deadline=None)
@given(history=histories(), zone=st.sampled_from(ZONES), minutes=st.lists(st.integers(0, 200 * 1440), min_size=1, max_size=4),
       pick=st.randoms(use_true_random=False))
def test_rules_computed_once_for_both_passes_change_nothing(history, zone, minutes, pick) -> None:  # type: ignore[no-untyped-def]
    """The dashboard runs the rules once (``subjects_for``) for what is pending and for the
    plan; each answer must be the one computed on its own, claims and all."""
    data, s = history
    claims: dict[str, datetime | None] = {}
    for m in sorted(minutes):
        moment = START + timedelta(minutes=m)
        for r in reminders_for(moment, zone, data, s):
            if r.due_at <= moment and pick.random() < 0.7:
                claims[r.key] = moment
    now = START + timedelta(minutes=max(minutes))
    subjects = subjects_for(data, s, zone)
    assert reminders_for(now, zone, data, s, include_raised=True, subjects=subjects) == reminders_for(
        now, zone, data, s, include_raised=True
    )
    assert plan(now, zone, data, s, claims, subjects) == plan(now, zone, data, s, claims)
    assert next_due(now, zone, data, s, claims, subjects) == next_due(now, zone, data, s, claims)


@hsettings(max_examples=60, deadline=None)
@given(history=histories(), zone=st.sampled_from(ZONES), hour=st.integers(0, 23), pick=st.randoms(use_true_random=False))
def test_the_subject_memo_gives_what_the_rules_give(history, zone, hour, pick) -> None:  # type: ignore[no-untyped-def]
    """``SubjectMemo`` keeps each record's prompts between rebuilds: after a record changes (a new
    object), the settings change or the zone changes, it must still answer as ``subjects_for``."""
    from dataclasses import replace

    data, s = history
    memo = SubjectMemo()
    assert memo.subjects(data, s, zone) == subjects_for(data, s, zone)
    assert memo.subjects(data, s, zone) == subjects_for(data, s, zone)  # all from the memo
    apps = list(data.applications)
    changed = pick.randrange(len(apps))
    stage = pick.choice([st_ for st_ in Stage if st_ is not apps[changed].stage])
    # A new stage and a new name: the application's prompts and its rejection's text change.
    apps[changed] = replace(apps[changed].moved_to(stage, START + timedelta(days=3)), company="Renamed Co")
    data = replace(data, applications=apps)
    assert memo.subjects(data, s, zone) == subjects_for(data, s, zone)
    s = replace(s, morning_hour=hour)
    assert memo.subjects(data, s, zone) == subjects_for(data, s, zone)
    other = NEW_YORK if zone is not NEW_YORK else BERLIN
    assert memo.subjects(data, s, other) == subjects_for(data, s, other)


@given(start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), days=st.integers(0, 400))
@hsettings(max_examples=300, deadline=None)
def test_working_day_table_matches_dates_add_business_days(start: date, days: int) -> None:
    from tui.domain.dates import add_business_days
    from tui.domain.reminders.local_time import _business_day_after

    expected = add_business_days(datetime.combine(start, time(9)), days).date()
    assert _business_day_after(start, days) == expected


def test_the_rules_module_is_pure() -> None:
    """No clock reads, no I/O, no Textual/store/notification imports (checked in a fresh interpreter)."""
    import inspect

    import importlib
    import pkgutil

    import tui.domain.reminders as package

    # The rules are a package, one module per family: every one of them is checked.
    names = ["tui.domain.reminders"] + [f"tui.domain.reminders.{info.name}" for info in pkgutil.iter_modules(package.__path__)]
    assert len(names) >= 8, names
    for name in names:
        source = inspect.getsource(importlib.import_module(name))
        for forbidden in ("datetime.now(", "date.today(", "time.time(", "open(", "random.", "os.environ"):
            assert forbidden not in source, (name, forbidden)
    code = (
        "import sys, tui.domain.reminders, tui.services.reminders, tui.cli.remind\n"
        "print(sorted(m for m in ('textual', 'plyer', 'tui.notify', 'tui.store') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # tui.services.reminders needs the store (it is the service); the rules and the CLI module do not.
    assert result.stdout.strip() == "['tui.store']"
    code = "import sys, tui.domain.reminders\nprint([m for m in ('textual', 'plyer', 'tui.store', 'tui.notify') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
