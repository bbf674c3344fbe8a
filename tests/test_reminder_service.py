"""The reminder service on a real store in a temp folder, with a frozen clock and a fake sender."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from dateutil import tz

from tui.domain.clock import FrozenClock
from tui.domain.models import (
    ActionItem,
    Application,
    CheckIn,
    CheckInKind,
    CheckInState,
    FeedbackState,
    Rejection,
    Settings,
    Stage,
)
from tui.domain.reminders import PROMPT_PREFIX, Reminder, in_quiet_hours, snoozed_key
from tui.notify import DeliveryResult
from tui.services.reminders import Raised, ReminderService, describe
from tui.store import RecordMissing, Store

UTC = timezone.utc
BERLIN = tz.gettz("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class Recorder:
    """A sender that records what it was asked to show (and what was claimed at that moment)."""

    def __init__(self, store: Store, result: DeliveryResult | None = None) -> None:
        self.store = store
        self.sent: list[tuple[str, str]] = []
        self.claimed_when_sent: list[set[str]] = []
        self.result = result or DeliveryResult(True, "delivered to the notification server")

    def __call__(self, title: str, body: str) -> DeliveryResult:
        self.sent.append((title, body))
        self.claimed_when_sent.append(self.store.claimed_keys())
        return self.result


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "data" / "nextround.json")
    s.save_settings(Settings(quiet_start="21:00", quiet_end="08:00"))
    yield s
    s.close()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(utc(2026, 3, 10, 10), local_zone=UTC)  # a Tuesday


def service_for(store: Store, clock: FrozenClock, **kw) -> tuple[ReminderService, Recorder]:  # type: ignore[no-untyped-def]
    sender = Recorder(store, kw.pop("result", None))
    return ReminderService(store, clock, sender, owner="test", **kw), sender


def add_application(store: Store, applied: date, company: str = "Acme") -> Application:
    return store.applications.add(Application(company=company, role="Designer", applied_on=applied, created_at=utc(2026, 1, 1)))


def flat(raised: list[Raised]) -> list[Reminder]:
    """Every reminder raised, whether alone or inside a digest."""
    return [r for item in raised for r in item.reminders]


def claims(store: Store) -> list[str]:
    return [doc["key"] for doc in store.raw_tables().get("claims", {}).values()]


# ---------------------------------------------------------------------------


def test_raises_a_due_follow_up_once(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3))  # follow-up due 10 March 09:00 UTC
    service, sender = service_for(store, clock)
    raised = service.run_once()
    assert [r.title for r in raised] == ["Follow up with Acme?"]
    assert raised[0].delivered and not raised[0].is_digest
    assert sender.sent == [("Follow up with Acme?", raised[0].body)]
    assert service.run_once() == []
    clock.advance(timedelta(hours=2))
    assert service.run_once() == []
    assert len(sender.sent) == 1


def test_claims_are_recorded_before_sending(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3))
    service, sender = service_for(store, clock)
    (raised,) = service.run_once()
    (key,) = [r.key for r in raised.reminders]
    assert key in sender.claimed_when_sent[0]
    assert PROMPT_PREFIX + key in sender.claimed_when_sent[0]
    assert sorted(claims(store)) == sorted([key, PROMPT_PREFIX + key])


def test_a_second_store_on_the_same_file_sees_the_claims(store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    add_application(store, date(2026, 3, 3))
    first, _ = service_for(store, clock)
    other_store = Store.open(store.path)
    try:
        second, second_sender = service_for(other_store, clock)
        assert len(first.run_once()) == 1
        assert second.run_once() == [] and second_sender.sent == []
    finally:
        other_store.close()


def test_threads_with_separate_stores_raise_each_reminder_once(store: Store, clock: FrozenClock) -> None:
    for i in range(4):
        add_application(store, date(2026, 3, 3), company=f"Company {i}")
    store.save_settings(Settings(max_prompts_per_day=20))
    stores = [Store.open(store.path) for _ in range(4)]
    results: list[list[Raised]] = []
    barrier = threading.Barrier(len(stores))

    def work(s: Store) -> None:
        service, _ = service_for(s, clock)
        barrier.wait()
        results.append(service.run_once())

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    # Due an hour ago, so they come as one digest; what matters is that it is raised once.
    raised = [r for batch in results for r in batch]
    assert len(raised) == 1 and raised[0].title == "While you were away: 4 follow-ups"
    titles = sorted(r.title for item in raised for r in item.reminders)
    assert titles == [f"Follow up with Company {i}?" for i in range(4)]


def test_failed_delivery_is_reported_and_not_retried(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3))
    service, sender = service_for(store, clock, result=DeliveryResult(False, "no D-Bus session bus"))
    (raised,) = service.run_once()
    assert not raised.delivered and raised.reason == "no D-Bus session bus"
    assert describe([raised])[0] == "Reminder: Follow up with Acme?"
    assert service.run_once() == []


def test_sender_errors_never_lose_the_reminder(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3))

    def broken(title: str, body: str) -> DeliveryResult:
        raise RuntimeError("boom")

    (raised,) = ReminderService(store, clock, broken).run_once()
    assert not raised.delivered and "boom" in raised.reason


def test_notifications_off_claims_but_does_not_send(store: Store, clock: FrozenClock) -> None:
    store.save_settings(Settings(notifications=False))
    add_application(store, date(2026, 3, 3))
    service, sender = service_for(store, clock)
    (raised,) = service.run_once()
    assert not raised.delivered and "turned off" in raised.reason and sender.sent == []


def test_quiet_hours_then_the_morning_digest(store: Store) -> None:
    clock = FrozenClock(datetime(2026, 3, 10, 21, 30, tzinfo=BERLIN), local_zone=BERLIN)
    add_application(store, date(2026, 3, 3), company="Acme")  # due 10 March 09:00
    rejection_app = add_application(store, date(2026, 2, 1), company="Globex")
    store.applications.update(rejection_app.with_changes(stage=Stage.REJECTED))
    store.rejections.add(
        Rejection(application_id=rejection_app.id, on=date(2026, 3, 9), feedback_state=FeedbackState.RECEIVED,
                  created_at=datetime(2026, 3, 10, 21, 0, tzinfo=BERLIN))
    )
    service, sender = service_for(store, clock)
    # Acme's follow-up was due this morning, but 21:30 is quiet: nothing now, wake at 08:00.
    assert service.run_once() == []
    assert service.next_wake() == datetime(2026, 3, 11, 8, 0, tzinfo=BERLIN)
    clock.set(datetime(2026, 3, 11, 23, 0, tzinfo=BERLIN))
    assert service.run_once() == []
    clock.set(datetime(2026, 3, 12, 8, 0, tzinfo=BERLIN))
    raised = service.run_once()
    assert len(raised) == 1 and raised[0].is_digest
    # The follow-up plus the first check-in (due about a day after the rejection was recorded).
    assert raised[0].title == "While you were away: 1 check-in, 1 follow-up"
    assert not in_quiet_hours(clock.now(), store.settings(), BERLIN)
    assert service.run_once() == []


def test_daily_cap_across_runs(store: Store, clock: FrozenClock) -> None:
    store.save_settings(Settings(max_prompts_per_day=2))
    clock.set(utc(2026, 3, 10, 9, 10))  # due at 09:00: fresh, so raised one by one
    for i in range(3):
        add_application(store, date(2026, 3, 3), company=f"C{i}")
    service, sender = service_for(store, clock)
    assert len(service.run_once()) == 2
    clock.advance(timedelta(hours=1))
    assert service.run_once() == []
    assert service.last_plan is not None and "daily limit" in service.last_plan.reason
    assert service.next_wake() == utc(2026, 3, 11, 8, 0)
    clock.set(utc(2026, 3, 11, 8, 0))
    assert [r.title for r in service.run_once()] == ["Follow up with C2?"]


# ---------------------------------------------------------------------------
# The check-in ladder end to end


def rejected(store: Store, clock: FrozenClock, closed: bool = False) -> Rejection:
    application = add_application(store, date(2026, 2, 1))
    store.applications.update(application.moved_to(Stage.REJECTED, clock.now()))
    return store.rejections.add(
        Rejection(
            application_id=application.id, on=clock.now().date(), feedback_state=FeedbackState.RECEIVED,
            created_at=clock.now(), closed_at=clock.now() if closed else None,
        )
    )


def test_new_rejection_starts_the_ladder_and_answers_climb_it(store: Store, clock: FrozenClock) -> None:
    store.save_settings(Settings(quiet_start="00:00", quiet_end="00:00"))
    rejection = rejected(store, clock)
    service, sender = service_for(store, clock)
    assert service.run_once() == []
    (first,) = store.checkins.all()
    assert first.sequence == 1 and first.rejection_id == rejection.id and first.state is CheckInState.PENDING
    assert service.run_once() == [] and len(store.checkins.all()) == 1  # not started twice
    clock.set(first.due_at)
    (raised,) = service.run_once()
    assert raised.title == "How are you doing?" and raised.reminders[0].checkin_id == first.id
    assert store.checkins.get(first.id).state is CheckInState.NOTIFIED  # type: ignore[union-attr]
    answer = service.answer_checkin(first.id, 4, "better")
    assert answer.answered.mood == 4 and answer.answered.state is CheckInState.DONE
    assert answer.next is not None and answer.next.sequence == 2 and answer.next.interval_days == 2.5
    assert store.checkins.get(answer.next.id) == answer.next
    again = service.answer_checkin(first.id, 1)
    assert again.already_answered and again.next == answer.next
    assert len(store.checkins.all()) == 2


def test_raising_marks_only_the_raised_rows_without_decoding_the_table(
    store: Store, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large store holds thousands of settled check-ins: marking two must not decode them all."""
    store.save_settings(Settings(quiet_start="00:00", quiet_end="00:00", max_prompts_per_day=0))
    settled = store.checkins.add_many(
        CheckIn(kind=CheckInKind.CHECK_IN, due_at=clock.now() - timedelta(days=i + 1), state=CheckInState.DONE,
                sequence=1, mood=3)
        for i in range(40)
    )
    due = store.checkins.add_many(
        CheckIn(kind=CheckInKind.CHECK_IN, due_at=clock.now() - timedelta(minutes=i + 1), sequence=1)
        for i in range(2)
    )
    bulk_decodes: list[type] = []
    real = CheckIn.decoder.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(CheckIn, "decoder", classmethod(lambda cls: bulk_decodes.append(cls) or real(cls)))
    service, _ = service_for(store, clock)
    raised = service.run_once()
    assert sorted(r.checkin_id for item in raised for r in item.reminders) == sorted(c.id for c in due)
    assert bulk_decodes == []
    monkeypatch.undo()
    fresh = Store.open(store.path)
    try:
        rows = {c.id: c for c in fresh.checkins.all()}
    finally:
        fresh.close()
    for c in due:
        assert rows[c.id].state is CheckInState.NOTIFIED and rows[c.id].notified_at == clock.now()
    assert all(rows[c.id] == c for c in settled)


def test_low_mood_answer_suggests_an_action(store: Store, clock: FrozenClock) -> None:
    store.save_settings(Settings(quiet_start="00:00", quiet_end="00:00"))
    rejected(store, clock)
    store.actions.add(ActionItem(title="Ask Sam for a mock interview"))
    service, sender = service_for(store, clock)
    service.run_once()
    (first,) = store.checkins.all()
    answer = service.answer_checkin(first.id, 2)
    assert answer.next is not None and answer.next.interval_days == 1.0 and answer.next.suggest_action
    assert answer.suggestion is not None and answer.suggestion.title == "Ask Sam for a mock interview"
    clock.set(answer.next.due_at)
    (raised,) = service.run_once()
    assert "Ask Sam for a mock interview" in raised.body
    assert raised.reminders[0].action_id == answer.suggestion.id


def test_series_ends_after_moving_on_with_a_good_mood(store: Store, clock: FrozenClock) -> None:
    rejection = rejected(store, clock)
    service, _ = service_for(store, clock)
    service.run_once()
    (first,) = store.checkins.all()
    service.move_on(rejection.id)
    assert store.rejections.get(rejection.id).closed_at == clock.now()  # type: ignore[union-attr]
    answer = service.answer_checkin(first.id, 5)
    assert answer.next is None
    assert [c.id for c in store.checkins.all()] == [first.id]


def test_answering_a_missing_checkin_is_a_clear_error(store: Store, clock: FrozenClock) -> None:
    service, _ = service_for(store, clock)
    with pytest.raises(RecordMissing):
        service.answer_checkin(99, 3)
    with pytest.raises(ValueError):
        service.answer_checkin(1, 6)


# ---------------------------------------------------------------------------
# Snooze and dismiss


def test_snooze_an_hour_raises_it_again_once(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3))
    service, sender = service_for(store, clock)
    (raised,) = service.run_once()
    (row,) = service.snooze_hour(raised)
    assert row.state is CheckInState.SNOOZED and row.snoozed_until == clock.now() + timedelta(hours=1)
    assert row.reminder_key == raised.reminders[0].key
    clock.advance(timedelta(minutes=59))
    assert service.run_once() == []
    clock.advance(timedelta(minutes=1))
    (again,) = service.run_once()
    assert again.title == raised.title
    assert again.reminders[0].key == snoozed_key(raised.reminders[0].key, row.snoozed_until)  # type: ignore[arg-type]
    assert service.run_once() == []
    # Snoozing the re-raised one updates the same record row.
    (row2,) = service.snooze_tomorrow(again)
    assert row2.id == row.id and row2.snoozed_until == utc(2026, 3, 11, 9)


def test_snooze_a_checkin_until_tomorrow_morning(store: Store, clock: FrozenClock) -> None:
    rejected(store, clock)
    service, _ = service_for(store, clock)
    service.run_once()
    (first,) = store.checkins.all()
    clock.set(first.due_at + timedelta(minutes=5))
    (raised,) = service.run_once()
    (row,) = service.snooze_tomorrow(raised.reminders[0].checkin_id)  # type: ignore[arg-type]
    assert row.state is CheckInState.SNOOZED
    assert row.snoozed_until == datetime.combine(clock.now().date() + timedelta(days=1), datetime.min.time().replace(hour=9), tzinfo=UTC)
    clock.set(row.snoozed_until)  # type: ignore[arg-type]
    (again,) = service.run_once()
    assert again.reminders[0].checkin_id == first.id
    answer = service.answer_checkin(first.id, 3)
    assert answer.next is not None


def test_snooze_to_a_typed_time(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3))
    service, _ = service_for(store, clock)
    (raised,) = service.run_once()
    (row,) = service.snooze_text(raised, "18:30")
    assert row.snoozed_until == utc(2026, 3, 10, 18, 30)


def test_dismissing_an_application_prompt_resets_its_clock(store: Store, clock: FrozenClock) -> None:
    application = add_application(store, date(2026, 3, 3))
    service, sender = service_for(store, clock)
    (raised,) = service.run_once()
    clock.advance(timedelta(hours=3))
    service.dismiss(raised)
    assert store.applications.get(application.id).last_prompt_reset == clock.now()  # type: ignore[union-attr]
    clock.advance(timedelta(days=6, hours=23))
    assert service.run_once() == []
    clock.advance(timedelta(hours=1, minutes=1))
    (again,) = service.run_once()
    assert again.title == "Follow up with Acme?" and again.reminders[0].key != raised.reminders[0].key


def test_dismissing_a_rejection_prompt_keeps_it_quiet(store: Store, clock: FrozenClock) -> None:
    application = add_application(store, date(2026, 2, 1))
    store.applications.update(application.with_changes(stage=Stage.REJECTED))
    store.rejections.add(Rejection(application_id=application.id, on=date(2026, 3, 9)))
    service, _ = service_for(store, clock)
    raised = [r for r in flat(service.run_once()) if "feedback" in r.title]
    assert [r.title for r in raised] == ["Ask Acme for feedback?"]
    service.dismiss(raised[0].key)
    row = next(c for c in store.checkins.all() if c.reminder_key)
    assert row.state is CheckInState.DISMISSED and row.rejection_id is not None
    assert row.application_id == application.id and row.kind is CheckInKind.FOLLOW_UP
    assert all("feedback-request" not in r.key for r in service.pending())


def test_dismissing_a_checkin_keeps_the_series_going(store: Store, clock: FrozenClock) -> None:
    rejected(store, clock)
    service, _ = service_for(store, clock)
    service.run_once()
    (first,) = store.checkins.all()
    written = service.dismiss(first.id)
    assert written[0].state is CheckInState.DISMISSED
    assert written[1].sequence == 2 and written[1].interval_days == 3.0
    assert service.dismiss(first.id) == [written[0]]  # already settled: nothing new


def test_complete_records_done(store: Store, clock: FrozenClock) -> None:
    application = add_application(store, date(2026, 3, 3))
    service, _ = service_for(store, clock)
    (raised,) = service.run_once()
    (row,) = service.complete(raised)
    assert row.state is CheckInState.DONE and row.answered_at == clock.now()
    assert store.applications.get(application.id).last_prompt_reset == clock.now()  # type: ignore[union-attr]


def test_move_on_marks_feedback_not_coming(store: Store, clock: FrozenClock) -> None:
    application = add_application(store, date(2026, 2, 1))
    rejection = store.rejections.add(Rejection(application_id=application.id, on=date(2026, 2, 20)))
    service, _ = service_for(store, clock)
    (raised,) = [r for r in flat(service.run_once()) if r.topic == "feedback-move-on"]
    updated = service.move_on(rejection.id)
    assert updated.feedback_state is FeedbackState.NOT_COMING and updated.closed_at == clock.now()
    assert not any(r.rejection_id == rejection.id and r.topic.startswith("feedback") for r in service.pending())


def test_pending_lists_upcoming_reminders(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 9))
    service, _ = service_for(store, clock)
    pending = service.pending()
    assert [r.topic for r in pending] == ["follow-up", "move-on"]
    assert service.next_wake() == utc(2026, 3, 16, 9)
    assert service.plan().notices == ()


def test_idle_runs_cost_one_stat_until_something_changes(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 9))  # follow-up due 16 March 09:00
    service, sender = service_for(store, clock)
    calls = []
    real = service._snapshot

    def counting():  # type: ignore[no-untyped-def]
        calls.append(1)
        return real()

    service._snapshot = counting  # type: ignore[method-assign]
    assert service.run_once() == []
    assert len(calls) == 1
    for _ in range(5):
        clock.advance(timedelta(minutes=1))
        assert service.run_once() == []
    assert len(calls) == 1  # nothing changed and nothing is due before the next due time
    assert service.next_wake() == utc(2026, 3, 16, 9) and len(calls) == 1
    other = Store.open(store.path)  # another process adds an application due now
    try:
        add_application(other, date(2026, 3, 3), company="Globex")
    finally:
        other.close()
    clock.set(utc(2026, 3, 10, 9, 5))
    (raised,) = service.run_once()
    assert raised.title == "Follow up with Globex?" and len(calls) == 2
    clock.set(utc(2026, 3, 16, 9, 0))  # the plan's next due time: planned again
    (raised,) = service.run_once()
    assert raised.title == "Follow up with Acme?"


def test_pending_keeps_what_was_raised_until_acted_on_and_upcoming_does_not(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3))
    rejected(store, clock)
    service, _ = service_for(store, clock)
    service.run_once()  # raises the follow-up and starts the check-in series
    (checkin,) = store.checkins.all()
    clock.set(checkin.due_at)
    service.run_once()  # raises the check-in
    assert store.checkins.get(checkin.id).state is CheckInState.NOTIFIED  # type: ignore[union-attr]
    pending = service.pending()
    assert [r.topic for r in pending] == ["follow-up", "ladder", "move-on"]
    assert pending[1].key == f"checkin:{checkin.id}"
    assert [r.topic for r in service.upcoming()] == ["move-on"]
    service.dismiss(pending[0].key)
    service.answer_checkin(checkin.id, 3)
    assert [r.topic for r in service.pending()] == ["ladder", "follow-up", "move-on"]  # next rung, new silence
    # A raised-and-waiting row is never raised again.
    assert service.run_once() == []


def test_a_snoozed_rule_reminder_stays_pending_after_it_is_raised_again(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3))
    service, _ = service_for(store, clock)
    (raised,) = service.run_once()
    service.snooze_hour(raised)
    clock.advance(timedelta(hours=1))
    (again,) = service.run_once()
    (pending_follow_up,) = [r for r in service.pending() if r.topic == "follow-up"]
    assert pending_follow_up.key == again.reminders[0].key
    service.complete(pending_follow_up.key)
    assert not any(r.topic == "follow-up" and r.due_at <= clock.now() for r in service.pending())


def test_the_terminal_fallback_strips_escape_sequences(store: Store, clock: FrozenClock) -> None:
    add_application(store, date(2026, 3, 3), company="Evil\x1b[2J\x1b]0;pwned\x07 & <b>Co</b>")
    service, _ = service_for(store, clock, result=DeliveryResult(False, "no bus"))
    lines = describe(service.run_once())
    assert lines[0] == "Reminder: Follow up with Evil & <b>Co</b>?"
    assert not any("\x1b" in line or "\x07" in line for line in lines)


def test_rules_read_the_same_records_from_decoded_tables_as_from_the_raw_file(tmp_path: Path) -> None:
    """The app picks from records it already decoded; ``remind --once`` decodes from the raw
    tables. Both must give the rules the same view, or the dashboard and the timer disagree."""
    from tui.services.demo import fill_demo_store

    clock = FrozenClock(utc(2026, 11, 25, 14), tz.gettz("Europe/Berlin"))
    path = tmp_path / "nextround.json"
    fill_demo_store(Store.open(path), clock.now(), clock.tz, "large")
    fresh = Store.open(path)
    decoded = Store.open(path)
    for repository in (decoded.applications, decoded.rejections, decoded.checkins, decoded.actions):
        assert repository.all()
        assert repository.cached() is not None
    assert fresh.checkins.cached() is None
    now = clock.now()
    from_raw = ReminderService(fresh, clock, sender=None).overview(now)
    from_decoded = ReminderService(decoded, clock, sender=None).overview(now)
    assert from_raw == from_decoded
    assert from_raw[0]  # the large demo has reminders pending
