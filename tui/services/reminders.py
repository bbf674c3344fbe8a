"""The reminder service that ``nextround remind`` and the app's scheduler share.

It reads the store, asks the pure rules (:mod:`tui.domain.reminders`) what is due, and raises
each reminder exactly once across processes: every reminder key is *claimed* in the store,
under the store's inter-process lock, before anything is sent. Two open apps and a timer run
at the same moment therefore raise it once in total. Acting on a reminder (answer, snooze,
dismiss, done) is also written under that lock, on fresh data.

No textual import, and the notification machinery is imported only when something is sent,
so ``nextround remind --once`` starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, NamedTuple, Protocol

from ..domain.clock import Clock
from ..domain.models import (
    OPEN_STAGES,
    ActionItem,
    ActionStatus,
    Application,
    CheckIn,
    CheckInKind,
    CheckInState,
    FeedbackState,
    Rejection,
    Settings,
)
from ..domain.reminders import (
    KIND_BY_TOPIC,
    LADDER_TOPIC,
    Notice,
    Plan,
    Reminder,
    ReminderData,
    claims_from_table,
    in_one_hour,
    make_digest,
    missing_ladders,
    next_checkin,
    next_due,
    parse_key,
    plan,
    reminders_for,
    SubjectMemo,
    single_notice,
    suggested_action,
    tomorrow_morning,
)
from ..store import RecordMissing, Store

CLAIMS_TABLE = "claims"

#: Each record's rule prompts, kept between the dashboard's rebuilds (see ``overview``).
_SUBJECTS = SubjectMemo()

#: ``run_once`` re-plans at least this often even when the data has not changed.
IDLE_RECHECK = timedelta(hours=1)


class DeliveryLike(Protocol):
    """What a sender returns (``tui.notify.DeliveryResult`` has this shape)."""

    sent: bool
    reason: str


#: Shows one notification: ``(title, body) -> result``. Blocking; called outside the store lock.
Sender = Callable[[str, str], DeliveryLike]


def desktop_sender(title: str, body: str) -> DeliveryLike:
    """The default sender: a desktop notification via :func:`tui.notify.send_notification`.

    Imported on first use: plyer and the D-Bus checks cost time that a run with nothing
    due should not pay.
    """
    from ..notify import send_notification

    return send_notification(title, body, timeout=5.0, app_name="Next Round")


@dataclass(frozen=True)
class Raised:
    """One prompt this process raised (claimed), and whether the desktop showed it.

    When ``delivered`` is False the caller shows it another way (a toast in the app, stdout
    for ``nextround remind``); ``reason`` says why in one sentence.
    """

    notice: Notice
    delivered: bool
    reason: str

    @property
    def key(self) -> str:
        return self.notice.key

    @property
    def title(self) -> str:
        return self.notice.title

    @property
    def body(self) -> str:
        return self.notice.body

    @property
    def reminders(self) -> tuple[Reminder, ...]:
        return self.notice.reminders

    @property
    def is_digest(self) -> bool:
        return self.notice.is_digest


@dataclass(frozen=True)
class Answer:
    """The result of answering a check-in."""

    answered: CheckIn
    #: The next check-in of the series, or None when the series has ended.
    next: CheckIn | None
    #: A small action to suggest now (after mood 1-2), if the board has one.
    suggestion: ActionItem | None = None
    #: True when another window had already answered it; nothing was changed.
    already_answered: bool = False


Target = str | int | CheckIn | Reminder | Notice | Raised

_OPEN_STAGES = frozenset(stage.value for stage in OPEN_STAGES)
# Rows the rules read: not yet raised, or raised and waiting for an answer.
_OPEN_ROW_STATES = frozenset(
    {CheckInState.PENDING.value, CheckInState.SNOOZED.value, CheckInState.NOTIFIED.value}
)


class RunWrite(NamedTuple):
    """What a ``run_once`` that wrote changed: the store's content fingerprint before and after
    (only claims and raised marks, unless it also started the check-in series of a rejection)."""

    before: str
    after: str
    started_series: bool


@dataclass(frozen=True)
class _Snapshot:
    data: ReminderData
    series: set[int]
    claims: dict[str, datetime | None]
    settings: Settings


class ReminderService:
    """Raises due reminders once across processes and records what the person does with them.

    ``sender=None`` claims and returns reminders without sending anything (for a caller that
    shows them itself). Thread-safe as far as the store is; ``run_once`` blocks while sending,
    so call it from a thread worker in the app.
    """

    _DEFAULT: Any = object()

    def __init__(
        self,
        store: Store,
        clock: Clock,
        sender: Sender | None = _DEFAULT,
        owner: str | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.sender: Sender | None = desktop_sender if sender is self._DEFAULT else sender
        self.owner = owner or f"{host_name()} pid {os.getpid()}"
        self.last_plan: Plan | None = None
        self.last_write: RunWrite | None = None  # set by a ``run_once`` that changed the store
        self._nothing_before: tuple[tuple[int, int], datetime] | None = None

    @property
    def nothing_due_before(self) -> tuple[tuple[int, int], datetime] | None:
        """What the last ``run_once`` learnt: ``(store.version, until)``, or None before any.

        While ``store.version`` still equals that version (the data is exactly as ``run_once``
        left it), nothing falls due before ``until``: the plan's next due time, capped at
        :data:`IDLE_RECHECK` after it was made. ``nextround remind --once`` keeps this promise
        beside the store (:mod:`tui.services.remind_cache`) so that the next timer run can skip reading it.
        """
        return self._nothing_before

    # -- reading -----------------------------------------------------------------------------

    @property
    def zone(self) -> tzinfo:
        return self.clock.tz

    def _snapshot(self) -> _Snapshot:
        """The records the rules read (see ``_decode_snapshot``); a record that can't be decoded
        is reported as the store's damage (file and record named), never a traceback."""
        try:
            return self._decode_snapshot()
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise self.store.damage_error() from exc

    def _decode_snapshot(self) -> _Snapshot:
        """The records the rules read, decoded from the raw tables only where they can matter.

        A large store holds thousands of closed applications, settled check-ins and done
        actions; decoding them all would cost more than everything else ``remind --once``
        does. Call under ``store.transaction()`` so the tables are one consistent, fresh view.
        """
        raw = self.store.raw_tables()
        # In the app the tables are usually decoded already: pick from those records rather than
        # decoding a second copy. A fresh process (``remind --once``) decodes only what matters.
        store = self.store
        series: set[int] = set()
        checkins: list[CheckIn] = []
        decoded_checkins = store.checkins.cached()
        if decoded_checkins is not None:
            for row in decoded_checkins:
                if row.topic == LADDER_TOPIC and row.rejection_id is not None:
                    series.add(row.rejection_id)
                if row.reminder_key or row.state._value_ in _OPEN_ROW_STATES:  # _value_: .value is slow
                    checkins.append(row)
        else:
            for doc_id, doc in raw.get(CheckIn.TABLE, {}).items():
                if doc.get("topic") == LADDER_TOPIC and doc.get("rejection_id") is not None:
                    series.add(int(doc["rejection_id"]))
                if doc.get("reminder_key") or doc.get("state") in _OPEN_ROW_STATES:
                    checkins.append(CheckIn.from_dict(doc, int(doc_id)))
        rejections = store.rejections.cached()
        if rejections is None:
            rejections = [Rejection.from_dict(doc, int(i)) for i, doc in raw.get(Rejection.TABLE, {}).items()]
        # A closed rejection still waiting on feedback it asked for keeps its prompts (they name
        # the company), so its application is wanted too.
        wanted = {r.application_id for r in rejections if r.closed_at is None or r.feedback_state is FeedbackState.ASKED}
        wanted |= {c.application_id for c in checkins if c.application_id is not None}
        by_rejection = {r.id: r.application_id for r in rejections}
        wanted |= {by_rejection[c.rejection_id] for c in checkins if c.rejection_id in by_rejection}
        decoded_applications = store.applications.cached()
        if decoded_applications is not None:
            applications = [a for a in decoded_applications if a.stage._value_ in _OPEN_STAGES or a.id in wanted]
        else:
            applications = [
                Application.from_dict(doc, int(i))
                for i, doc in raw.get(Application.TABLE, {}).items()
                if doc.get("stage") in _OPEN_STAGES or int(i) in wanted
            ]
        actions: list[ActionItem] = []
        if any(c.suggest_action for c in checkins):
            decoded_actions = store.actions.cached()
            if decoded_actions is not None:
                done = ActionStatus.DONE
                actions = [a for a in decoded_actions if a.status is not done]
            else:
                actions = [
                    ActionItem.from_dict(doc, int(i))
                    for i, doc in raw.get(ActionItem.TABLE, {}).items()
                    if doc.get("status") != ActionStatus.DONE.value
                ]
        return _Snapshot(
            data=ReminderData(applications, rejections, checkins, actions),
            series=series,
            claims=claims_from_table(raw.get(CLAIMS_TABLE)),
            settings=self.store.settings(),
        )

    def _raising_snapshot(self, now: datetime) -> _Snapshot:
        """``_snapshot`` for raising at ``now``: a claim whose sender died is not counted."""
        snap = self._snapshot()
        table = self.store.raw_tables().get(CLAIMS_TABLE)
        if table and any(doc.get("state") == "sending" for doc in table.values()):
            snap = _Snapshot(snap.data, snap.series, self._live_claims(table, now), snap.settings)
        return snap

    @staticmethod
    def _live_claims(table: Any, now: datetime | None) -> dict[str, datetime | None]:
        """The claims that still hold at ``now``: one whose sender was killed before it sent
        (lease expired, still "sending", not yet retried) does not, so it is raised again."""
        from ..store.store import claim_lease_expired

        if not table:
            return {}
        if now is not None:
            table = {i: doc for i, doc in table.items() if doc.get("retried") or not claim_lease_expired(doc, now)}
        return claims_from_table(table)

    def plan(self, now: datetime | None = None) -> Plan:
        """What would be raised now (read-only: claims nothing)."""
        now = now or self.clock.now()
        with self.store.transaction():
            snap = self._snapshot()
        return plan(now, self.zone, snap.data, snap.settings, snap.claims)

    def next_wake(self, now: datetime | None = None) -> datetime | None:
        """When something is next due to be raised (``now`` if something is due now); None if nothing.

        Right after ``run_once`` on unchanged data this is the plan it just made (no re-read).
        """
        now = now or self.clock.now()
        if self._unchanged_since_plan(now) and self.last_plan is not None:
            return self.last_plan.next_due
        with self.store.transaction():
            snap = self._snapshot()
        return next_due(now, self.zone, snap.data, snap.settings, snap.claims)

    def pending(self, now: datetime | None = None) -> list[Reminder]:
        """Every reminder not yet acted on, raised or not, due or upcoming, soonest first.

        What the person still has to answer: the app's "due now" list is the ones with
        ``due_at <= now``. Act on one with its ``key`` (answer / snooze / dismiss / complete).
        """
        now = now or self.clock.now()
        with self.store.transaction():
            snap = self._snapshot()
        return reminders_for(now, self.zone, snap.data, snap.settings, include_raised=True)

    def overview(self, now: datetime | None = None) -> tuple[list[Reminder], datetime | None]:
        """``pending()`` and ``next_wake()`` from one read of the store (the dashboard wants both),
        and one run of the rules over every rejection and application for both (each subject's
        prompts kept from the last call while its record is the same object)."""
        now = now or self.clock.now()
        with self.store.transaction():
            snap = self._snapshot()
        subjects = _SUBJECTS.subjects(snap.data, snap.settings, self.zone)
        pending = reminders_for(now, self.zone, snap.data, snap.settings, include_raised=True, subjects=subjects)
        return pending, next_due(now, self.zone, snap.data, snap.settings, snap.claims, subjects)

    def upcoming(self, now: datetime | None = None) -> list[Reminder]:
        """Reminders not yet raised (due now or later), soonest first: for a calendar export."""
        now = now or self.clock.now()
        with self.store.transaction():
            snap = self._snapshot()
        found = reminders_for(now, self.zone, snap.data, snap.settings, snap.claims)
        return [r for r in found if r.key not in snap.claims]

    # -- raising -----------------------------------------------------------------------------

    def run_once(self) -> list[Raised]:
        """Raise what is due now; each reminder at most once across all processes.

        Under one store transaction (the inter-process lock, fresh data): start the check-in
        series of new rejections, plan, claim every reminder key and the prompt itself, and
        mark raised check-in rows NOTIFIED. Then, with the lock released, send. A claim is
        never taken back: if sending fails the caller shows the prompt another way.
        """
        now = self.clock.now()
        zone = self.zone
        store = self.store
        if self._unchanged_since_plan(now):
            return []  # same data, and the last plan said nothing is due before now
        won: list[Notice] = []
        self.last_write = None
        with store.transaction():
            snap = self._raising_snapshot(now)
            before = store.storage.fingerprint  # the content this run reads (and may change)
            settings = snap.settings
            fresh = missing_ladders(snap.data.rejections, snap.series, settings, now, zone)
            if fresh:
                store.checkins.add_many(fresh)
                snap = self._raising_snapshot(now)
            current = plan(now, zone, snap.data, settings, snap.claims)
            self.last_plan = current
            for notice in current.notices:
                claimed = [r for r in notice.reminders if store.claim(r.key, now, self.owner)]
                if not claimed:
                    continue
                if len(claimed) != len(notice.reminders):
                    notice = make_digest(claimed) if notice.is_digest else single_notice(claimed[0])
                store.claim(notice.prompt_key, now, self.owner)
                won.append(notice)
            self._mark_notified(won, now)
        # Until the data changes, nothing can fall due before the plan's next due time (looked
        # at again at least hourly, for rules that depend on ``now`` alone). This keeps a
        # once-a-minute scheduler at one stat() per tick on an idle store.
        horizon = now + IDLE_RECHECK
        until = min(current.next_due, horizon) if current.next_due is not None else horizon
        raised = [self._deliver(notice, settings) for notice in won]
        generation = store.storage.load_generation
        if won:
            # Sent, or handed to the caller to show: the claims are settled ("sent"). A process
            # killed before this line leaves them "sending", and they are raised again once
            # their lease runs out (``Store.claim``).
            store.mark_sent(
                [r.key for notice in won for r in notice.reminders] + [notice.prompt_key for notice in won]
            )
        after = store.storage.fingerprint  # claims and raised marks only (unless a series started)
        if store.storage.load_generation != generation:
            after = None  # another process wrote meanwhile: this run can't say what changed
        if before is not None and after is not None and after != before:
            self.last_write = RunWrite(before, after, started_series=bool(fresh))
        self._nothing_before = (store.version, until)
        return raised

    def _unchanged_since_plan(self, now: datetime) -> bool:
        """True if the data is as the last ``run_once`` left it and its plan still holds at ``now``."""
        if self._nothing_before is None:
            return False
        self.store.refresh()  # one stat: notices another process's writes
        version, until = self._nothing_before
        return version == self.store.version and now < until

    def _mark_notified(self, notices: Sequence[Notice], now: datetime) -> None:
        """Mark the raised check-in rows NOTIFIED (under the caller's transaction).

        Only those rows are decoded, from the raw table: going through the repository would
        decode every check-in in the store (thousands) to change two or three.
        """
        ids = [r.checkin_id for notice in notices for r in notice.reminders if r.checkin_id is not None]
        if not ids:
            return
        raw = self.store.raw_tables().get(CheckIn.TABLE, {})
        for checkin_id in dict.fromkeys(ids):
            doc = raw.get(str(checkin_id))
            if doc is None:
                continue
            row = CheckIn.from_dict(doc, checkin_id)
            if row.state.is_open:
                self.store.checkins.update(row.with_changes(state=CheckInState.NOTIFIED, notified_at=now))

    def _deliver(self, notice: Notice, settings: Settings) -> Raised:
        if not settings.notifications:
            return Raised(notice, False, "desktop notifications are turned off in the settings")
        if self.sender is None:
            return Raised(notice, False, "not sent: the caller shows it")
        try:
            result = self.sender(notice.title, notice.body)
        except Exception as exc:  # noqa: BLE001 - a sender bug must not lose the reminder
            return Raised(notice, False, f"notification failed: {type(exc).__name__}: {exc}")
        return Raised(notice, bool(result.sent), str(result.reason))

    # -- acting ------------------------------------------------------------------------------

    def answer_checkin(self, checkin_id: int, mood: int, note: str = "") -> Answer:
        """Record the answer to a check-in and schedule the next one by the ladder, atomically."""
        if not 1 <= int(mood) <= 5:
            raise ValueError(f"mood must be 1-5, got {mood}")
        mood = int(mood)
        now, zone = self.clock.now(), self.zone
        store = self.store
        with store.transaction():
            row = store.checkins.get(checkin_id)
            if row is None:
                raise RecordMissing("that check-in no longer exists (deleted elsewhere?)")
            if row.state is CheckInState.DONE and row.answered_at is not None:
                return Answer(row, self._latest_open_in_series(row), None, already_answered=True)
            settings = store.settings()
            answered = store.checkins.update(
                row.with_changes(state=CheckInState.DONE, mood=mood, note=note, answered_at=now)
            )
            following = self._schedule_next(answered, mood, settings, now, zone)
        suggestion = None
        if mood <= 2:
            suggestion = suggested_action(store.actions.all(), now.astimezone(zone).date())
        return Answer(answered, following, suggestion)

    def _schedule_next(
        self, row: CheckIn, mood: int | None, settings: Settings, now: datetime, zone: tzinfo
    ) -> CheckIn | None:
        if row.topic != LADDER_TOPIC or row.rejection_id is None:
            return None
        rejection = self.store.rejections.get(row.rejection_id)
        if rejection is None:
            return None
        later = [
            c
            for c in self.store.checkins.all()
            if c.rejection_id == row.rejection_id and c.topic == LADDER_TOPIC and c.sequence > row.sequence
        ]
        if later:  # already scheduled (acted on twice): keep the one series
            return min(later, key=lambda c: c.sequence)
        candidate = next_checkin(row, mood, rejection, settings, now, zone)
        return self.store.checkins.add(candidate) if candidate is not None else None

    def _latest_open_in_series(self, row: CheckIn) -> CheckIn | None:
        later = [
            c
            for c in self.store.checkins.all()
            if c.rejection_id == row.rejection_id and c.topic == LADDER_TOPIC and c.sequence > row.sequence
        ]
        return max(later, key=lambda c: c.sequence) if later else None

    def snooze(self, target: Target, until: datetime) -> list[CheckIn]:
        """Raise it again at ``until`` (a new occurrence, so it is raised once more)."""
        if until.tzinfo is None:
            raise ValueError("snooze needs a timezone-aware time")
        return self._act(target, CheckInState.SNOOZED, until=until)

    def snooze_hour(self, target: Target) -> list[CheckIn]:
        return self.snooze(target, in_one_hour(self.clock.now()))

    def snooze_tomorrow(self, target: Target) -> list[CheckIn]:
        """Until ``settings.morning_hour`` on the coming morning."""
        return self.snooze(target, tomorrow_morning(self.clock.now(), self.store.settings(), self.zone))

    def snooze_text(self, target: Target, text: str) -> list[CheckIn]:
        """Until a time the person typed (``18:30``, ``+2h``, ``fri``); DateParseError if unreadable."""
        from ..domain.dates import parse_user_datetime

        until = parse_user_datetime(text, self.clock.now(), self.zone, self.store.settings().morning_hour)
        return self.snooze(target, until)

    def dismiss(self, target: Target) -> list[CheckIn]:
        """Not now, thanks. For an application prompt this restarts its silence clock.

        A dismissed check-in keeps the series going at the nominal ladder step, unless the
        person has already moved on from that rejection, in which case the series ends.
        """
        return self._act(target, CheckInState.DISMISSED)

    def complete(self, target: Target) -> list[CheckIn]:
        """Done (e.g. "I followed up"). For an application prompt this restarts its silence clock."""
        return self._act(target, CheckInState.DONE)

    def move_on(self, rejection_id: int) -> Rejection:
        """The person chose to close this chapter: feedback is not coming, the rejection is closed.

        Only ever called on the person's answer to the move-on question; the rules never close
        anything themselves.
        """
        now = self.clock.now()
        with self.store.transaction():
            rejection = self.store.rejections.get(rejection_id)
            if rejection is None:
                raise RecordMissing("that rejection no longer exists (deleted elsewhere?)")
            changes: dict[str, Any] = {"closed_at": rejection.closed_at or now}
            if rejection.feedback_state in (FeedbackState.NOT_ASKED, FeedbackState.ASKED):
                changes["feedback_state"] = FeedbackState.NOT_COMING
            # Closing the rejection is the record: a closed rejection has no rule prompts.
            return self.store.rejections.update(rejection.with_changes(**changes))

    # -- acting: the shared part -------------------------------------------------------------

    def _keys(self, target: Target) -> list[str]:
        if isinstance(target, Raised):
            return [r.key for r in target.reminders]
        if isinstance(target, Notice):
            return [r.key for r in target.reminders]
        if isinstance(target, Reminder):
            return [target.key]
        if isinstance(target, CheckIn):
            return [target.reminder_key or f"checkin:{target.id}"]
        if isinstance(target, int):
            return [f"checkin:{target}"]
        if str(target).startswith("digest:"):
            raise ValueError("act on a digest through its Raised/Notice (it lists its reminders)")
        return [str(target)]

    def _act(self, target: Target, state: CheckInState, until: datetime | None = None) -> list[CheckIn]:
        now = self.clock.now()
        written: list[CheckIn] = []
        with self.store.transaction():
            for key in self._keys(target):
                info = parse_key(key)
                if info.subject == "checkin":
                    row = self.store.checkins.get(info.subject_id or 0)
                    if row is None:
                        raise RecordMissing("that check-in no longer exists (deleted elsewhere?)")
                    if row.reminder_key:  # a row recording a rule reminder: act on that reminder
                        written.append(self._record(row.reminder_key, state, now, until))
                    else:
                        written.extend(self._act_on_checkin(row, state, now, until))
                else:
                    written.append(self._record(info.base, state, now, until))
        return written

    def _act_on_checkin(
        self, row: CheckIn, state: CheckInState, now: datetime, until: datetime | None
    ) -> list[CheckIn]:
        if not row.state.is_open:
            return [row]  # already settled (perhaps in another window)
        if state is CheckInState.SNOOZED:
            return [self.store.checkins.update(row.with_changes(state=state, snoozed_until=until))]
        changes: dict[str, Any] = {"state": state}
        if state is CheckInState.DONE:
            changes["answered_at"] = now
        settled = self.store.checkins.update(row.with_changes(**changes))
        out = [settled]
        rejection = self.store.rejections.get(row.rejection_id) if row.rejection_id is not None else None
        ends = rejection is None or (state is CheckInState.DISMISSED and rejection.closed_at is not None)
        if not ends:
            following = self._schedule_next(settled, None, self.store.settings(), now, self.zone)
            if following is not None:
                out.append(following)
        return out

    def _record(self, key: str, state: CheckInState, now: datetime, until: datetime | None = None) -> CheckIn:
        """Write (or update) the row that records the person's answer to a rule reminder."""
        info = parse_key(key)
        store = self.store
        existing = [c for c in store.checkins.all() if c.reminder_key == info.base]
        rejection_id = application_id = None
        if info.subject == "rejection":
            rejection_id = info.subject_id
            rejection = store.rejections.get(info.subject_id or 0)
            application_id = rejection.application_id if rejection is not None else None
        elif info.subject == "application":
            application_id = info.subject_id
        if state in (CheckInState.DISMISSED, CheckInState.DONE) and info.subject == "application":
            app = store.applications.get(info.subject_id or 0)
            if app is not None:
                store.applications.update(app.with_changes(last_prompt_reset=now))
        changes: dict[str, Any] = {"state": state, "snoozed_until": until}
        if state is CheckInState.DONE:
            changes["answered_at"] = now
        if existing:
            row = max(existing, key=lambda c: c.id)
            return store.checkins.update(row.with_changes(**changes))
        return store.checkins.add(
            CheckIn(
                kind=KIND_BY_TOPIC.get(info.topic, CheckInKind.FOLLOW_UP),
                due_at=now,
                rejection_id=rejection_id,
                application_id=application_id,
                topic=info.topic,
                created_at=now,
                reminder_key=info.base,
                **changes,
            )
        )


def host_name() -> str:
    """This machine's name, for claim owners: ``uname`` where there is one (importing
    ``socket`` costs a few milliseconds that ``remind --once`` need not pay)."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return uname().nodename
    import socket

    return socket.gethostname()


def describe(raised: Iterable[Raised]) -> list[str]:
    """Plain lines for a terminal: the title, then the body indented (the stdout fallback).

    Company names are the person's own text: escape sequences and control characters are
    stripped so a pasted name cannot drive the terminal.
    """
    from ..notify import plain_text

    def clean(text: str) -> str:
        return plain_text(text, escape_markup=False)

    lines: list[str] = []
    for item in raised:
        lines.append(f"Reminder: {' '.join(clean(item.title).split())}")
        lines.extend(f"  {line}" for line in clean(item.body).splitlines() if line.strip())
    return lines
