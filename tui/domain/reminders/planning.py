"""What to raise now: the digest rule, the daily cap, quiet hours; and when to look again.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, tzinfo

from ..models import CheckInKind, Settings
from .local_time import _plural, _UTC
from .records import (
    AWAY_GRACE,
    DIGEST_LINES,
    Notice,
    Plan,
    PROMPT_PREFIX,
    Reminder,
    ReminderData,
    STALE_AFTER,
    Subject,
)
from .quiet_hours import is_allowed, is_weekend, next_allowed_time, start_of_next_day
from .collect import reminders_for


def claims_from_table(raw: Mapping[str, Mapping[str, object]] | None) -> dict[str, datetime | None]:
    """The store's raw ``claims`` table (docs with key/at/by) as {key: claimed at}."""
    out: dict[str, datetime | None] = {}
    for doc in (raw or {}).values():
        key = doc.get("key")
        if not key:
            continue
        at = doc.get("at")
        try:
            moment = datetime.fromisoformat(str(at)) if at else None
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=_UTC)
        out[str(key)] = moment
    return out


def prompts_on_day(
    claims: Mapping[str, datetime | None] | Collection[str], now: datetime, zone: tzinfo
) -> int:
    """How many prompts were raised on ``now``'s local day (claims of :data:`PROMPT_PREFIX` keys)."""
    if not isinstance(claims, Mapping):
        return 0
    today = now.astimezone(zone).date()
    return sum(
        1
        for key, at in claims.items()
        if key.startswith(PROMPT_PREFIX) and at is not None and at.astimezone(zone).date() == today
    )


_KIND_WORDS = {
    CheckInKind.CHECK_IN: ("check-in", "check-ins"),
    CheckInKind.FOLLOW_UP: ("follow-up", "follow-ups"),
    CheckInKind.MOVE_ON: ("move-on question", "move-on questions"),
}


def digest_summary(reminders: Sequence[Reminder]) -> str:
    """``2 check-ins, 1 follow-up``: counts per kind in a fixed order."""
    parts = []
    for kind in (CheckInKind.CHECK_IN, CheckInKind.FOLLOW_UP, CheckInKind.MOVE_ON):
        n = sum(1 for r in reminders if r.kind is kind)
        if n:
            one, many = _KIND_WORDS[kind]
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


def make_digest(reminders: Sequence[Reminder]) -> Notice:
    """One prompt for several missed reminders, so coming back is not met by a burst."""
    items = sorted(reminders, key=lambda r: (r.due_at, r.key))
    keys = "|".join(sorted(r.key for r in items))
    import hashlib  # see jitter_factor

    key = "digest:" + hashlib.sha256(keys.encode("utf-8")).hexdigest()[:16]
    lines = [f"- {r.title}" for r in items[:DIGEST_LINES]]
    if len(items) > DIGEST_LINES:
        lines.append(f"- and {len(items) - DIGEST_LINES} more")
    lines.append("Open Next Round when you have a moment.")
    return Notice(
        key=key,
        title=f"While you were away: {digest_summary(items)}",
        body="\n".join(lines),
        reminders=tuple(items),
        is_digest=True,
    )


def single_notice(reminder: Reminder) -> Notice:
    return Notice(key=reminder.key, title=reminder.title, body=reminder.body, reminders=(reminder,))


def compose(due: Sequence[Reminder], now: datetime) -> list[Notice]:
    """Group due reminders into prompts (the digest rule).

    A reminder was *missed* when ``now`` is more than :data:`AWAY_GRACE` past its due time.
    Two or more missed reminders, or any missed for more than :data:`STALE_AFTER`, go into a
    single digest; the rest are raised one by one. The digest comes first.
    """
    ordered = sorted(due, key=lambda r: (r.due_at, r.key))
    missed = [r for r in ordered if now - r.due_at > AWAY_GRACE]
    stale = [r for r in missed if now - r.due_at > STALE_AFTER]
    notices: list[Notice] = []
    if len(missed) >= 2 or stale:
        notices.append(make_digest(missed))
        in_digest = {r.key for r in missed}
        ordered = [r for r in ordered if r.key not in in_digest]
    notices.extend(single_notice(r) for r in ordered)
    return notices


def _daily_cap(settings: Settings) -> int | None:
    return settings.max_prompts_per_day if settings.max_prompts_per_day > 0 else None


def plan(
    now: datetime,
    zone: tzinfo,
    data: ReminderData,
    settings: Settings,
    claims: Mapping[str, datetime | None] | Collection[str] = (),
    subjects: list[Subject] | None = None,
) -> Plan:
    """What to raise at ``now``, given what has already been claimed (raised) by any process.

    * nothing inside quiet hours (or on a weekend with ``skip_weekends``): all is held;
    * due, unclaimed reminders are grouped by :func:`compose` (the digest rule);
    * at most ``max_prompts_per_day`` prompts per local day, counting prompt claims made
      today (a digest is one prompt); what does not fit waits for tomorrow. 0 means no cap.

    ``claims`` maps claimed keys to when they were claimed (see :func:`claims_from_table`);
    a plain set of keys works too but then the daily cap cannot count today's prompts.
    """
    candidates = [r for r in reminders_for(now, zone, data, settings, claims, subjects=subjects) if r.key not in claims]
    due = [r for r in candidates if r.due_at <= now]
    if not due:
        return Plan(now=now, next_due=_next_due(now, zone, settings, claims, candidates))
    if not is_allowed(now, settings, zone):
        why = "weekend" if settings.skip_weekends and is_weekend(now, zone) else "quiet hours"
        return Plan(
            now=now,
            held=tuple(due),
            next_due=_next_due(now, zone, settings, claims, candidates),
            reason=f"{why} until {next_allowed_time(now, settings, zone).astimezone(zone):%a %H:%M}",
        )
    notices = compose(due, now)
    cap = _daily_cap(settings)
    reason = ""
    if cap is not None:
        room = max(cap - prompts_on_day(claims, now, zone), 0)
        if room < len(notices):
            reason = f"daily limit of {_plural(cap, 'prompt')} reached"
            notices = notices[:room]
    raised = {r.key for n in notices for r in n.reminders}
    held = tuple(r for r in due if r.key not in raised)
    remaining = [r for r in candidates if r.key not in raised]
    after = _next_due(now, zone, settings, claims, remaining, extra_prompts=len(notices))
    return Plan(now=now, notices=tuple(notices), held=held, next_due=after, reason=reason)


def _next_due(
    now: datetime,
    zone: tzinfo,
    settings: Settings,
    claims: Mapping[str, datetime | None] | Collection[str],
    candidates: Sequence[Reminder],
    extra_prompts: int = 0,
) -> datetime | None:
    if not candidates:
        return None
    # next_allowed_time never decreases as its argument grows, so one call on the minimum will do.
    earliest = next_allowed_time(max(min(r.due_at for r in candidates), now), settings, zone)
    cap = _daily_cap(settings)
    if cap is not None and prompts_on_day(claims, now, zone) + extra_prompts >= cap:
        earliest = max(earliest, next_allowed_time(start_of_next_day(now, zone), settings, zone))
    return earliest


def next_due(
    now: datetime,
    zone: tzinfo,
    data: ReminderData,
    settings: Settings,
    claims: Mapping[str, datetime | None] | Collection[str] = (),
    subjects: list[Subject] | None = None,
) -> datetime | None:
    """When :func:`plan` will next have something to raise (``now`` if it has now); None if never.

    For a scheduler to sleep until (it should still wake at least every minute: data changes).
    """
    result = plan(now, zone, data, settings, claims, subjects)
    if result.notices:
        return now
    return result.next_due
