"""Issue 14: reminders that never vanish and say the truth (rules and service, no Textual).

Each test here failed on main's commit 88a118d (see notes/h14a-note.md).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.domain.clock import FrozenClock
from tui.domain.models import (
    Application,
    CheckIn,
    CheckInKind,
    CheckInState,
    FeedbackState,
    Rejection,
    Settings,
    Stage,
    StageChange,
)
from tui.domain.reminders import (
    ReminderData,
    elapsed_phrase,
    reminders_for,
    working_days_between,
)
from tui.services.editor import Editor
from tui.services.reminders import ReminderService
from tui.store import Store

UTC = timezone.utc
NO_QUIET = Settings(quiet_start="00:00", quiet_end="00:00")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def by_topic(found, topic: str):  # type: ignore[no-untyped-def]
    return [r for r in found if r.topic == topic]


# ---------------------------------------------------------------------------
# 1. Closing the reflection does not cancel the feedback thread


def asked_and_closed(closed: bool = True) -> tuple[Application, Rejection]:
    app = Application(company="Brightwave", role="Product Designer", stage=Stage.REJECTED, id=3)
    rejection = Rejection(
        application_id=3,
        on=date(2026, 3, 2),  # a Monday
        stage=Stage.INTERVIEW,
        feedback_state=FeedbackState.ASKED,
        feedback_asked_on=date(2026, 3, 3),  # Tuesday
        created_at=utc(2026, 3, 2, 17),
        closed_at=utc(2026, 3, 3, 19) if closed else None,
        id=8,
    )
    return app, rejection


def test_a_closed_chapter_keeps_the_feedback_nudge_and_the_move_on_question() -> None:
    app, rejection = asked_and_closed()
    data = ReminderData(applications=[app], rejections=[rejection])
    found = reminders_for(utc(2026, 3, 10, 12), UTC, data, NO_QUIET)  # the next Tuesday
    nudge = by_topic(found, "feedback-nudge")
    assert len(nudge) == 1 and nudge[0].due_at <= utc(2026, 3, 10, 12)
    assert "Brightwave" in nudge[0].title
    # Weeks later the "not coming, close it?" question is there too.
    later = reminders_for(utc(2026, 3, 24, 12), UTC, data, NO_QUIET)
    assert [r.topic for r in later] == ["feedback-move-on"]


def test_received_or_not_coming_ends_the_thread_even_when_closed() -> None:
    app, rejection = asked_and_closed()
    for state in (FeedbackState.RECEIVED, FeedbackState.NOT_COMING):
        data = ReminderData(applications=[app], rejections=[rejection.with_changes(feedback_state=state)])
        assert reminders_for(utc(2026, 4, 1), UTC, data, NO_QUIET) == []


def test_closed_without_asking_offers_nothing_more() -> None:
    app, rejection = asked_and_closed()
    data = ReminderData([app], [rejection.with_changes(feedback_state=FeedbackState.NOT_ASKED, feedback_asked_on=None)])
    assert reminders_for(utc(2026, 4, 1), UTC, data, NO_QUIET) == []


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "data" / "nextround.json")
    s.save_settings(NO_QUIET)
    yield s
    s.close()


def test_finishing_the_reflection_keeps_the_nudge_and_the_promised_check_in(store: Store) -> None:
    clock = FrozenClock(utc(2026, 3, 3, 10), local_zone=UTC)  # a Tuesday
    editor = Editor(store, clock)
    app = editor.add_application(
        Application(company="Brightwave", role="Product Designer", contact_name="Priya Raman", applied_on=date(2026, 2, 9))
    )
    rejection = editor.mark_rejected(app.id, date(2026, 3, 3), Stage.INTERVIEW, "went with someone more senior")
    editor.set_feedback(rejection.id, FeedbackState.ASKED)
    reflection = editor.reflection_for(rejection.id) or editor.save_reflection_draft(
        __import__("tui.domain.models", fromlist=["Reflection"]).Reflection(rejection_id=rejection.id)
    )
    _saved, checkin = editor.finish_reflection(reflection)
    assert checkin is not None
    assert store.rejections.get(rejection.id).closed_at is not None
    clock.advance(timedelta(days=7))  # Tuesday 10 March: 5 working days after the ask
    service = ReminderService(store, clock, sender=None)
    pending = service.pending()
    topics = [r.topic for r in pending]
    assert "feedback-nudge" in topics
    nudge = pending[topics.index("feedback-nudge")]
    assert "Brightwave" in nudge.title  # the rejected application is read for its name
    assert "5 working days ago" in nudge.body
    assert any(r.checkin_id == checkin.id for r in pending)  # the promised check-in is still there


# ---------------------------------------------------------------------------
# 2. Real elapsed time from the real last event


def applied(days_ago: int, now: datetime, **kw) -> Application:  # type: ignore[no-untyped-def]
    on = (now - timedelta(days=days_ago)).date()
    return Application(
        company="Harbor & Finch", role="Data Analyst", applied_on=on, created_at=now - timedelta(days=days_ago), id=5, **kw
    )


def follow_up(found):  # type: ignore[no-untyped-def]
    (only,) = by_topic(found, "follow-up")
    return only


def test_a_follow_up_says_the_real_days_since_applying() -> None:
    now = utc(2026, 3, 16, 12)
    found = reminders_for(now, UTC, ReminderData(applications=[applied(14, now)]), NO_QUIET)
    body = follow_up(found).body
    assert "It has been 14 days since you applied for Data Analyst at Harbor & Finch" in body
    assert "7 days" not in body


def test_after_done_the_next_prompt_counts_from_the_application_not_the_done() -> None:
    now = utc(2026, 3, 16, 12)
    app = applied(14, now, last_prompt_reset=now)  # "Done" today, but no follow-up was recorded
    later = now + timedelta(days=7)
    body = follow_up(reminders_for(later, UTC, ReminderData(applications=[app]), NO_QUIET)).body
    assert "It has been 21 days since you applied" in body


def test_a_recorded_follow_up_restarts_the_clock_and_is_the_event_counted() -> None:
    now = utc(2026, 3, 16, 12)
    app = applied(14, now).followed_up(now - timedelta(days=2), "emailed Sam")
    found = reminders_for(now, UTC, ReminderData(applications=[app]), NO_QUIET)
    (reminder,) = by_topic(found, "follow-up")
    assert reminder.due_at == now - timedelta(days=2) + timedelta(days=7)  # not due yet: the clock restarted
    due_day = reminders_for(reminder.due_at, UTC, ReminderData(applications=[app]), NO_QUIET)
    assert "It has been 7 days since you followed up" in follow_up(due_day).body
    move_on = by_topic(reminders_for(now + timedelta(days=30), UTC, ReminderData(applications=[app]), NO_QUIET), "move-on")
    assert "in the 32 days since you followed up" in move_on[0].body


def test_interview_prompts_count_working_days_from_the_interview() -> None:
    interviewed = utc(2026, 3, 5, 15)  # a Thursday
    app = Application(
        company="Northwind",
        role="QA Engineer",
        stage=Stage.INTERVIEW,
        applied_on=date(2026, 2, 20),
        timeline=(StageChange(Stage.APPLIED, utc(2026, 2, 20, 9)), StageChange(Stage.INTERVIEW, interviewed)),
        id=9,
    )
    now = utc(2026, 3, 24, 12)  # Tuesday, 13 working days later (the move-on fell due after 12)
    found = reminders_for(now, UTC, ReminderData(applications=[app]), NO_QUIET)
    (move_on,) = by_topic(found, "move-on")
    assert "in the 13 working days since your interview" in move_on.body


def test_counts_and_plurals() -> None:
    thursday = date(2026, 3, 5)
    assert working_days_between(thursday, date(2026, 3, 12)) == 5
    assert working_days_between(thursday, date(2026, 3, 6)) == 1
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 8)) == 0  # Fri to Sun
    assert working_days_between(thursday, thursday) == 0
    assert elapsed_phrase(thursday, date(2026, 3, 6), True) == "1 working day"
    assert elapsed_phrase(thursday, date(2026, 3, 9), True) == "2 working days"
    assert elapsed_phrase(thursday, date(2026, 3, 6), False) == "1 day"
    assert elapsed_phrase(thursday, date(2026, 3, 26), False) == "21 days"
    # Against a day-by-day count over several months.
    start = date(2026, 1, 1)
    for span in range(0, 120):
        end = start + timedelta(days=span)
        slow = sum(1 for d in range(1, span + 1) if (start + timedelta(days=d)).weekday() < 5)
        assert working_days_between(start, end) == slow


def test_a_snoozed_prompt_states_the_count_when_it_comes_back() -> None:
    now = utc(2026, 3, 16, 12)
    app = applied(7, now)
    row = CheckIn(
        kind=CheckInKind.FOLLOW_UP,
        due_at=now,
        application_id=5,
        topic="follow-up",
        state=CheckInState.SNOOZED,
        snoozed_until=now + timedelta(days=3),
        reminder_key=f"application:5:follow-up:applied:{app.applied_on.isoformat()}",
        id=1,
    )
    found = reminders_for(now + timedelta(days=3), UTC, ReminderData(applications=[app], checkins=[row]), NO_QUIET)
    assert "It has been 10 days since you applied" in follow_up(found).body


# ---------------------------------------------------------------------------
# 5. The wishlist: not sent, no follow-ups, A marks it applied


def test_wishlist_entries_get_no_prompts_and_are_not_counted_as_sent() -> None:
    from tui.domain.stats import pipeline, was_sent

    now = utc(2026, 3, 16, 12)
    saved = Application(company="Nordlicht GmbH", role="Data Analyst", stage=Stage.WISHLIST,
                        timeline=(StageChange(Stage.WISHLIST, now - timedelta(days=30)),), created_at=now - timedelta(days=30), id=1)
    dropped = saved.moved_to(Stage.WITHDRAWN, now - timedelta(days=3), "changed my mind").with_changes(id=2)
    sent = applied(20, now).moved_to(Stage.INTERVIEW, now - timedelta(days=10))
    assert reminders_for(now, UTC, ReminderData(applications=[saved, dropped]), NO_QUIET) == []
    assert not was_sent(saved) and not was_sent(dropped) and was_sent(sent)
    figures = pipeline([saved, dropped, sent])
    assert figures.total == 1 and figures.interviews == 1
    assert figures.interview_rate == 1.0  # one sent, one interview: the wishlist does not dilute it
    assert figures.by_stage[Stage.WISHLIST] == 1


def test_mark_applied_dates_it_today_and_starts_the_follow_up_clock(store: Store) -> None:
    clock = FrozenClock(utc(2026, 3, 16, 15), local_zone=UTC)
    editor = Editor(store, clock)
    entry = editor.add_application(Application(company="Nordlicht GmbH", role="Data Analyst", stage=Stage.WISHLIST))
    service = ReminderService(store, clock, sender=None)
    assert service.upcoming() == []
    marked = editor.mark_applied(entry.id)
    assert marked is not None and marked.stage is Stage.APPLIED
    assert marked.applied_on == date(2026, 3, 16)
    assert [c.stage for c in marked.timeline] == [Stage.WISHLIST, Stage.APPLIED]
    follow = [r for r in service.upcoming() if r.topic == "follow-up"]
    assert follow and follow[0].due_at.date() == date(2026, 3, 23)
    assert editor.undo() is not None
    assert store.applications.get(entry.id).stage is Stage.WISHLIST
    # Not a wishlist entry: nothing changes.
    other = editor.add_application(Application(company="Harbor & Finch", applied_on=date(2026, 3, 1)))
    assert editor.mark_applied(other.id) == store.applications.get(other.id)


# ---------------------------------------------------------------------------
# 3. The follow-up note


def test_the_follow_up_note_after_applying_names_the_role_the_day_and_the_contact() -> None:
    from tui.domain.follow_up_note import draft_follow_up

    app = Application(company="Harbor & Finch", role="Data Analyst", contact_name="Sam Okafor",
                      applied_on=date(2026, 3, 2), id=5)
    note = draft_follow_up(app, UTC, date(2026, 3, 16), "Alex Morgan")
    assert note.subject == "Following up on my application for Data Analyst"
    lines = note.body.splitlines()
    assert lines[0] == "Hi Sam,"
    assert "I applied for the Data Analyst role at Harbor & Finch on 2 March" in note.body
    assert lines[-1] == "Alex Morgan" and lines[-2] == "Best wishes,"
    assert len(note.body.split()) < 90  # short


def test_the_follow_up_note_after_an_interview_speaks_of_the_interview() -> None:
    from tui.domain.follow_up_note import draft_follow_up

    app = Application(company="Northwind", role="QA Engineer", stage=Stage.INTERVIEW, applied_on=date(2025, 12, 1),
                      timeline=(StageChange(Stage.APPLIED, utc(2025, 12, 1, 9)), StageChange(Stage.INTERVIEW, utc(2026, 1, 8, 14))))
    note = draft_follow_up(app, UTC, date(2026, 1, 19))
    assert note.body.startswith("Hello,\n")  # no contact saved: a neutral greeting
    assert "Thank you again for the interview on 8 January about the QA Engineer role at Northwind" in note.body
    assert "interview" in note.subject and "applied" not in note.body
    assert note.body.rstrip().endswith("Best wishes,")  # no name set: unsigned, nothing invented
    # A date in another year carries its year.
    assert "on 8 January 2026" in draft_follow_up(app, UTC, date(2027, 2, 1)).body


def test_first_names_and_the_feedback_nudge_note() -> None:
    from tui.domain.follow_up_note import draft_feedback_nudge, first_name

    assert first_name("Dr. Priya Raman") == "Priya"
    assert first_name("  tom  ") == "tom"
    assert first_name("priya@brightwave.io") == ""
    assert first_name("") == ""
    app, rejection = asked_and_closed()
    note = draft_feedback_nudge(app.with_changes(contact_name="Priya Raman"), rejection, date(2026, 3, 10), "Alex")
    assert note.body.startswith("Hi Priya,")
    assert "on 3 March to ask for a few words of feedback on my interview for the Product Designer role at Brightwave" in note.body
    assert note.subject == "Feedback on my interview for Product Designer"


def test_the_remind_cache_code_stamp_covers_every_rules_module() -> None:
    """A saved promise made by other rules must not be trusted: every module of the split rules
    package (and the files it names) is part of the stamp, none missing."""
    from tui.services import remind_cache

    parts = remind_cache.code_stamp().split(" ")
    rules = sorted(Path(remind_cache.__file__).resolve().parent.parent.joinpath("domain", "reminders").glob("*.py"))
    assert len(rules) >= 8
    assert "-" not in parts[2:]  # every file found
    assert len(parts) == 2 + len(remind_cache._SOURCES) + len(rules)  # noqa: SLF001
