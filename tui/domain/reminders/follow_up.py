"""Applications that went quiet: a follow-up prompt, then a move-on prompt. The silence
clock starts at the later of the stage change, the last follow-up sent and the last
dismissal; prompts count from the real last event.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from ..models import ENTRY_FOLLOW_UP, Application, CheckInKind, Settings, Stage
from .local_time import _add_business_days, _counted, _local_moment, _wall_add
from .records import _company, Reminder, _stamp, Subject, TOPIC_FOLLOW_UP, TOPIC_MOVE_ON


def _stage_event(stage: Stage) -> str:
    return {
        Stage.APPLIED: "you applied",
        Stage.SCREENING: "your screening call",
        Stage.INTERVIEW: "your interview",
        Stage.FINAL_ROUND: "your final round",
        Stage.OFFER: "the offer",
    }.get(stage, "your last contact")


class _Silence(NamedTuple):
    """The current silence of an application: when its clock started, the occurrence token,
    and the real last event it follows (what a prompt may truthfully count from)."""

    start: datetime
    token: str
    event_day: date
    event: str


def _silence(app: Application, settings: Settings, zone: tzinfo) -> _Silence | None:
    """The current silence; see :func:`silence_started`.

    The token names the start by its stored source (a date or a UTC time), never by the
    computed local time, so changing the morning hour or travelling to another zone does not
    turn an already raised prompt into a "new" one.
    """
    morning = time(settings.morning_hour % 24)
    started: datetime | None = None
    token = ""
    event_day: date | None = None
    event = _stage_event(app.stage)
    if app.stage is Stage.APPLIED and app.applied_on is not None:
        started = _local_moment(app.applied_on, morning, zone)
        token = f"applied:{app.applied_on.isoformat()}"
        event_day = app.applied_on
    else:
        changes = [c.at for c in app.timeline if c.stage is app.stage and c.kind != ENTRY_FOLLOW_UP]
        entered = max(changes) if changes else app.last_change
        if entered is not None:
            started = entered
            token = f"{app.stage.value}:{_stamp(started)}"
            event_day = started.astimezone(zone).date()
        elif app.applied_on is not None:
            started = _local_moment(app.applied_on, morning, zone)
            token = f"{app.stage.value}:{app.applied_on.isoformat()}"
            event_day = app.applied_on
    followed = app.last_follow_up
    if followed is not None and (started is None or followed > started):
        # A follow-up the person sent is a real event: the silence (and the count) starts there.
        started = followed
        token = f"{app.stage.value}:{_stamp(started)}"
        event_day = followed.astimezone(zone).date()
        event = "you followed up"
    if app.last_prompt_reset is not None and (started is None or app.last_prompt_reset > started):
        # A dismissal or "Done" restarts the clock but is no event to count from: the count
        # stays with the real last event, so the next prompt states the true, longer silence.
        started = app.last_prompt_reset
        token = f"{app.stage.value}:{_stamp(started)}"
        if event_day is None:
            event_day = started.astimezone(zone).date()
    if started is None or event_day is None:
        return None
    return _Silence(started, token, event_day, event)


def silence_started(app: Application, settings: Settings, zone: tzinfo) -> datetime | None:
    """When the current silence began: the later of entering this stage and the last dismissal.

    Entering the stage is its latest timeline entry; for ``applied`` the applied-on date (at
    the morning hour) wins, since people often record an application days after sending it.
    """
    found = _silence(app, settings, zone)
    return found.start if found is not None else None


def _after_silence(start: datetime, stage: Stage, days: int, zone: tzinfo) -> datetime:
    """``days`` after ``start``: calendar days while only applied, business days after that."""
    if stage is Stage.APPLIED:
        return _wall_add(start, timedelta(days=days), zone)
    return _add_business_days(start, days, zone)


def _application_reminders(
    app: Application, settings: Settings, zone: tzinfo, settled: Collection[str] = ()
) -> Subject:
    if not app.stage.is_open:
        return Subject(None, [])
    silence = _silence(app, settings, zone)
    if silence is None:
        return Subject(None, [])
    start, occurrence = silence.start, silence.token
    last_prompt = f"application:{app.id}:{TOPIC_MOVE_ON}:{occurrence}"
    if last_prompt in settled:
        return Subject(last_prompt, [])  # the last prompt of this silence was raised: nothing is left to say
    company = _company(app)
    what = app.title.strip() or company
    working = app.stage is not Stage.APPLIED
    out: list[Reminder] = []
    follow = settings.follow_up_days.get(app.stage.value)
    if follow is not None and follow > 0:
        due = _after_silence(start, app.stage, follow, zone)
        out.append(
            Reminder(
                key=f"application:{app.id}:{TOPIC_FOLLOW_UP}:{occurrence}",
                kind=CheckInKind.FOLLOW_UP,
                title=f"Follow up with {company}?",
                due_at=due,
                topic=TOPIC_FOLLOW_UP,
                application_id=app.id,
                **_counted(
                    "It has been ",
                    f" since {silence.event} for {what}. A brief, friendly note asking where "
                    "things stand is normal and often welcome.",
                    silence.event_day,
                    due,
                    working,
                    zone,
                ),
            )
        )
    move_on = settings.move_on_days.get(app.stage.value)
    if move_on is not None and move_on > 0:
        due = _after_silence(start, app.stage, move_on, zone)
        out.append(
            Reminder(
                key=f"application:{app.id}:{TOPIC_MOVE_ON}:{occurrence}",
                kind=CheckInKind.MOVE_ON,
                title=f"Still no word from {company}?",
                due_at=due,
                topic=TOPIC_MOVE_ON,
                application_id=app.id,
                **_counted(
                    f"Nothing has come back about {what} in the ",
                    f" since {silence.event}. You could mark it as ghosted and give your energy to "
                    "what comes next, or dismiss this to keep waiting.",
                    silence.event_day,
                    due,
                    working,
                    zone,
                ),
            )
        )
    return Subject(last_prompt, out)


def follow_up_key(app: Application, settings: Settings, zone: tzinfo) -> str | None:
    """The key of the follow-up prompt for ``app``'s current silence (None when the rules have
    none for it): what a planned follow-up date holds until its day, as a snooze would."""
    for reminder in _application_reminders(app, settings, zone).reminders:
        if reminder.topic == TOPIC_FOLLOW_UP:
            return reminder.key
    return None
