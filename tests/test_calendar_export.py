"""``nextround export --format ics`` (issue 14, item 8): the writer's RFC 5545 details, and the
export read back with the ``icalendar`` package, twice, to see that a re-import updates."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from dateutil import tz

from tui.__main__ import main
from tui.domain.clock import FrozenClock
from tui.domain.models import ActionItem, Priority
from tui.services.calendar_export import calendar_text, reminder_uid
from tui.services.demo import fill_demo_store
from tui.services.editor import Editor
from tui.services.reminders import ReminderService
from tui.store import Store
from tui.store.ics import CalendarEvent, escape_text, fold, render_calendar

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=timezone.utc)
ZONE = tz.gettz("Europe/Berlin")


def demo_store(tmp_path: Path) -> tuple[Store, FrozenClock]:
    clock = FrozenClock(NOW, ZONE)
    store = Store.open(tmp_path / "nextround.json")
    fill_demo_store(store, clock.now(), clock.tz)
    return store, clock


def parse(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), "a UID appears twice in one export"
    return {str(e["UID"]): e for e in events}


def start(event: icalendar.Event) -> datetime | date:
    return event.decoded("DTSTART")


# -- the writer ---------------------------------------------------------------------------------


def test_text_is_escaped_per_rfc_5545() -> None:
    assert escape_text("Call back; ask about salary, benefits\\perks\nthen rest") == (
        "Call back\\; ask about salary\\, benefits\\\\perks\\nthen rest"
    )
    assert escape_text("two\r\nlines\rhere") == "two\\nlines\\nhere"


def test_control_characters_and_escape_sequences_are_stripped() -> None:
    assert escape_text("\x1b[31mred\x1b[0m alert\x07 \x1b]52;c;aGk=\x07done\x00") == "red alert done"


def test_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    line = "DESCRIPTION:" + "Grüße aus München — ☕ und 🙂 " * 12
    folded = fold(line)
    physical = folded.split("\r\n")[:-1]
    assert len(physical) > 3
    for part in physical:
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # each physical line is whole UTF-8
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line
    assert fold("SHORT:1") == "SHORT:1\r\n"


def test_every_line_ends_in_crlf_and_times_are_utc() -> None:
    berlin = datetime(2026, 12, 1, 9, 30, tzinfo=ZONE)
    text = render_calendar([CalendarEvent(uid="checkin-1@nextround", summary="How are you?", start=berlin)], NOW)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert "DTSTART:20261201T083000Z\r\n" in text  # 09:30 in Berlin is 08:30 UTC
    event = parse(text)["checkin-1@nextround"]
    assert start(event) == berlin and start(event).utcoffset() == timedelta(0)  # type: ignore[union-attr]


def test_an_event_needs_exactly_one_of_time_or_day() -> None:
    with pytest.raises(ValueError):
        CalendarEvent(uid="x", summary="x")
    with pytest.raises(ValueError):
        CalendarEvent(uid="x", summary="x", start=datetime(2026, 1, 1, 9, 0))  # naive


# -- the export of a real store -----------------------------------------------------------------


def test_export_lists_checkins_follow_ups_move_on_and_dated_actions(tmp_path: Path) -> None:
    store, clock = demo_store(tmp_path)
    pending = ReminderService(store, clock, sender=None).pending(NOW)
    events = parse(calendar_text(store, NOW, ZONE))

    kinds = {str(c) for e in events.values() for c in e.get("CATEGORIES").cats}
    assert {"Check-in", "Follow-up", "Move on", "Action item"} <= kinds
    # Every outstanding reminder is there, at the reminder service's own time, with its words.
    assert len(pending) > 10
    for reminder in pending:
        event = events[reminder_uid(reminder)]
        assert start(event) == reminder.due_at and str(event["SUMMARY"]) == reminder.title
        assert str(event["DESCRIPTION"]).startswith(reminder.body)
    open_dated = [a for a in store.actions.all() if a.due is not None and a.status.value != "done"]
    assert open_dated
    for item in open_dated:
        event = events[f"action-{item.id}@nextround"]
        assert start(event) == item.due and not isinstance(start(event), datetime)
    done = [a for a in store.actions.all() if a.status.value == "done"]
    assert done and not any(f"action-{a.id}@nextround" in events for a in done)


def test_user_text_survives_the_round_trip_literally(tmp_path: Path) -> None:
    store, clock = demo_store(tmp_path)
    editor = Editor(store, clock)
    title = "Email Priya, then Tom; ask about \\the offer\x1b[31m"
    notes = "Line one, with a comma\nLine two; with a semicolon — and ümlauts"
    item = editor.add_action(ActionItem(title=title, due=date(2026, 11, 30), priority=Priority.HIGH, notes=notes))
    event = parse(calendar_text(store, NOW, ZONE))[f"action-{item.id}@nextround"]
    assert str(event["SUMMARY"]) == "Email Priya, then Tom; ask about \\the offer"
    assert str(event["DESCRIPTION"]).startswith(notes + "\nPriority: high")


def test_re_export_keeps_uids_and_moves_changed_times(tmp_path: Path) -> None:
    store, clock = demo_store(tmp_path)
    editor = Editor(store, clock)
    service = ReminderService(store, clock, sender=None)
    first = parse(calendar_text(store, NOW, ZONE))

    # Two changes a week brings: a new due date, a snoozed reminder.
    action = next(a for a in store.actions.all() if a.due is not None and a.status.value != "done")
    editor.save_action(action.with_changes(due=action.due + timedelta(days=3)))
    snoozed = next(r for r in service.pending(NOW) if r.due_at > NOW)
    later = snoozed.due_at + timedelta(days=2)
    service.snooze(snoozed, later)
    clock.advance(timedelta(hours=1))
    second = parse(calendar_text(store, clock.now(), ZONE))

    action_uid = f"action-{action.id}@nextround"
    assert start(second[action_uid]) == action.due + timedelta(days=3) != start(first[action_uid])
    snoozed_uids = [uid for uid, e in first.items() if str(e["SUMMARY"]) == snoozed.title and start(e) == snoozed.due_at]
    assert len(snoozed_uids) == 1
    snoozed_uid = snoozed_uids[0]
    assert start(second[snoozed_uid]) == later  # the same event, moved: no second copy
    # Nothing else changed its name or time: a calendar updates each event in place.
    unchanged = set(first) - {action_uid, snoozed_uid}
    assert unchanged and unchanged <= set(second)
    for uid in unchanged:
        assert start(second[uid]) == start(first[uid])
    # A later export is a higher revision (programs that need it to replace an event).
    assert int(second[action_uid]["SEQUENCE"]) > int(first[action_uid]["SEQUENCE"])


def test_export_is_the_same_for_the_same_moment(tmp_path: Path) -> None:
    store, _ = demo_store(tmp_path)
    assert calendar_text(store, NOW, ZONE) == calendar_text(store, NOW, ZONE)


# -- the command --------------------------------------------------------------------------------


def test_cli_writes_ics_to_a_file_and_to_stdout(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(folder)]) == 0
    target = tmp_path / "next-round.ics"
    assert main(["export", "--data-dir", str(folder), "--format", "ics", "-o", str(target)]) == 0
    events = parse(target.read_text(encoding="utf-8"))
    assert any(uid.startswith("action-") for uid in events) and any(uid.startswith("application-") for uid in events)
    out = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--data-dir", str(folder), "--format", "ics"],
        capture_output=True, timeout=120, check=True,
    ).stdout
    assert out.startswith(b"BEGIN:VCALENDAR\r\n") and set(parse(out.decode("utf-8"))) == set(events)


def test_calendar_modules_do_not_import_textual() -> None:
    code = "import sys, tui.store.ics, tui.services.calendar_export; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


async def test_the_app_exports_the_calendar_next_to_the_data(tmp_path: Path) -> None:
    from tui.ui.app import NextRoundApp

    store, clock = demo_store(tmp_path)
    app = NextRoundApp(store, clock, reminders=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert any(c.title == "Export calendar (ICS)" for c in app.get_system_commands(app.screen))
        app.export_to("ics")
        app.writes_done().result()
        await pilot.pause()
        await pilot.pause()
        written = list(tmp_path.glob("nextround-export-*.ics"))
        assert len(written) == 1
        from_app = {uid: start(e) for uid, e in parse(written[0].read_text(encoding="utf-8")).items()}
        assert from_app and from_app == {uid: start(e) for uid, e in parse(calendar_text(store, NOW, ZONE)).items()}
        assert any(str(n.message) == f"Exported to {written[0]}" for n in app._notifications)
