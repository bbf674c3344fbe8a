"""Every reminder that may still be raised: the rule families per subject, remembered per
record, merged with the stored check-in rows and the person's answers.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime, tzinfo

from ..models import ActionItem, CheckIn, CheckInKind, CheckInState, Settings
from .records import _RANK, Reminder, ReminderData, snoozed_key, Subject
from .ladder import _checkin_reminder, suggested_action
from .feedback import _rejection_reminders
from .follow_up import _application_reminders


def subjects_for(data: ReminderData, settings: Settings, zone: tzinfo, settled: Collection[str] = ()) -> list[Subject]:
    """The rule prompts of every rejection and application (the costly part of the rules).

    Computed once, they serve both :func:`reminders_for` passes the dashboard needs (what is
    pending, and :func:`plan` for the next due time). ``settled`` only saves work: a subject
    whose last prompt is in it gets no prompts computed.
    """
    return _collect_subjects(data, settings, zone, settled)


_Entries = dict[tuple[str, int], tuple[object, object, Subject]]


def _collect_subjects(
    data: ReminderData,
    settings: Settings,
    zone: tzinfo,
    settled: Collection[str] = (),
    known: _Entries | None = None,
    fresh: _Entries | None = None,
) -> list[Subject]:
    """:func:`subjects_for`, taking a subject from ``known`` while its record (and a rejection's
    application) is the same object, and recording each one in ``fresh`` (see ``SubjectMemo``)."""
    known = known or {}
    apps = {a.id: a for a in data.applications}
    subjects: list[Subject] = []
    for rejection in data.rejections:
        app = apps.get(rejection.application_id)
        key = ("rejection", id(rejection))
        hit = known.get(key)
        if hit is not None and hit[0] is rejection and hit[1] is app:
            subject = hit[2]
        else:
            subject = _rejection_reminders(rejection, app, settings, zone, settled)
        if fresh is not None:
            fresh[key] = (rejection, app, subject)
        subjects.append(subject)
    for app in data.applications:
        key = ("application", id(app))
        hit = known.get(key)
        subject = hit[2] if hit is not None and hit[0] is app else _application_reminders(app, settings, zone, settled)
        if fresh is not None:
            fresh[key] = (app, None, subject)
        subjects.append(subject)
    return subjects


class SubjectMemo:
    """:func:`subjects_for` that keeps each record's prompts until the record changes.

    A subject's prompts depend on its record (and a rejection's application), the settings and
    the zone, never on ``now``; records are immutable and a store keeps the decoded ones, so
    after a tick on the board, rebuilding the dashboard finds every subject's prompts here
    (the rules over a thousand applications took 30-40 ms of each rebuild). Entries are keyed
    by the records' identity and hold the records, so an id is never reused while it is here;
    each call keeps only the records it was given. Safe to share between threads: a call reads
    one generation of entries and replaces it in one assignment.
    """

    def __init__(self) -> None:
        self._context: tuple[str, tzinfo | None] = ("", None)
        self._entries: _Entries = {}

    def subjects(self, data: ReminderData, settings: Settings, zone: tzinfo) -> list[Subject]:
        context = (repr(settings), zone)
        fresh: _Entries = {}
        subjects = _collect_subjects(
            data, settings, zone, known=self._entries if context == self._context else None, fresh=fresh
        )
        self._context, self._entries = context, fresh
        return subjects


def reminders_for(
    now: datetime,
    zone: tzinfo,
    data: ReminderData,
    settings: Settings,
    claimed: Collection[str] = (),
    include_raised: bool = False,
    subjects: list[Subject] | None = None,
) -> list[Reminder]:
    """Every reminder that may still be raised, due or not, sorted by due time.

    Leaves out what was acted on (a row names its key), and rule prompts made moot by a later
    rule that is already due for the same subject. Stored rows already raised (state NOTIFIED)
    are left out too unless ``include_raised``: they wait for an answer, but must never be
    raised again (the app's "due now" list wants them, :func:`plan` must not see them).
    ``claimed`` only saves work: a subject whose last prompt was raised is skipped (a store
    has many such). Other claimed reminders stay in; :func:`plan` filters them. ``subjects``:
    :func:`subjects_for` of the same data, settings and zone, computed once for several calls.
    """
    apps = {a.id: a for a in data.applications}
    rejections = {r.id: r for r in data.rejections}
    today = now.astimezone(zone).date()
    # Only a low-mood check-in needs the board, and a board can be large: look at it lazily.
    action_box: list[ActionItem | None] = []

    def action() -> ActionItem | None:
        if not action_box:
            action_box.append(suggested_action(data.actions, today))
        return action_box[0]

    open_states = {CheckInState.PENDING, CheckInState.SNOOZED}
    if include_raised:
        open_states.add(CheckInState.NOTIFIED)
    records: dict[str, CheckIn] = {}
    out: list[Reminder] = []
    for row in data.checkins:
        if row.reminder_key:
            # The latest row about a key decides (a later snooze replaces an earlier one).
            prior = records.get(row.reminder_key)
            if prior is None or row.id > prior.id:
                records[row.reminder_key] = row
            continue
        if row.state not in open_states:
            continue
        if row.kind is not CheckInKind.CHECK_IN:
            continue
        rejection = rejections.get(row.rejection_id) if row.rejection_id is not None else None
        if row.rejection_id is not None and rejection is None:
            continue  # the rejection was deleted: its check-ins go with it
        app_id = row.application_id or (rejection.application_id if rejection else None)
        suggestion = action() if row.suggest_action else None
        out.append(_checkin_reminder(row, apps.get(app_id) if app_id else None, suggestion))

    # A claimed key that a row records (e.g. a snooze) must still be computed: the row re-raises it.
    settled = set(claimed).difference(records) if claimed and not include_raised else set()
    if subjects is None:
        subjects = subjects_for(data, settings, zone, settled)
    for last_prompt, candidates in subjects:
        if last_prompt in settled:
            continue
        kept: list[Reminder] = []
        for reminder in candidates:
            record = records.get(reminder.key)
            if record is None:
                kept.append(reminder)
            elif record.state in open_states and record.state is not CheckInState.PENDING and record.snoozed_until:
                kept.append(
                    replace(
                        reminder,
                        key=snoozed_key(reminder.key, record.snoozed_until),
                        due_at=record.snoozed_until,
                        checkin_id=record.id,
                    )
                )
            # PENDING/NOTIFIED/DONE/DISMISSED records: raised or settled, stay quiet.
        due_ranks = [_RANK.get(r.topic, 0) for r in candidates if r.due_at <= now]
        if due_ranks:
            top = max(due_ranks)
            kept = [r for r in kept if _RANK.get(r.topic, 0) >= top]
        # Day counts as of now (or the due time, if later): a prompt states the real silence.
        out.extend(r.as_of(now, zone) for r in kept)
    out.sort(key=lambda r: (r.due_at, r.key))
    return out
