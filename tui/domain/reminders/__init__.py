"""When Next Round should reach out, and with what: pure rules of the data, ``now`` and a zone.

Nothing here reads the clock, the store or the environment, so every rule can be tested with
a fixed ``now`` and the same inputs always give the same reminders (the exactly-once machinery
relies on that: a reminder's ``key`` names its subject and occurrence and never depends on
when it is computed).

Three sources of reminders:

* rules about a rejection: ask for feedback, one nudge after asking, and a move-on question
  after the feedback window (it asks; closing is the person's choice). The thread outlives
  the closed chapter until feedback is received or marked not coming;
* rules about an application that went quiet: a follow-up prompt, then a move-on prompt;
  the silence clock starts at the later of the last stage change, the last follow-up sent
  and the last dismissal, and prompts count from the real last event;
* stored :class:`CheckIn` rows: the spaced check-in ladder after a rejection, and rows that
  record a snooze/dismissal/done of a rule reminder (``CheckIn.reminder_key``).

:func:`plan` turns them into what to raise *now* (quiet hours, weekends, the daily cap and
the "while you were away" digest), :func:`next_due` says when to look again.

The rules live in one module per family, all re-exported here:

* ``local_time``: Wall-clock arithmetic in the person's zone: local moments, working days, and
  the day counts prompts state ("14 days", "1 working day").
* ``records``: What the rules produce and read: reminders, notices, plans, keys, and the topics.
* ``quiet_hours``: When a prompt may be raised at all: quiet hours (possibly across midnight and
  DST changes), skipped weekends, and the snooze times built on them.
* ``ladder``: The spaced check-in ladder after a rejection, the small action offered on a hard
  day, and what the app says back to an answer.
* ``feedback``: The feedback thread of a rejection: ask, one nudge after asking, then "not
  coming, close it?". It lives until feedback is received or marked not coming, even after the
  chapter is closed.
* ``follow_up``: Applications that went quiet: a follow-up prompt, then a move-on prompt. The
  silence clock starts at the later of the stage change, the last follow-up sent and the last
  dismissal; prompts count from the real last event.
* ``collect``: Every reminder that may still be raised: the rule families per subject,
  remembered per record, merged with the stored check-in rows and the person's answers.
* ``planning``: What to raise now: the digest rule, the daily cap, quiet hours; and when to look
  again.
"""

from __future__ import annotations

from .local_time import (
    working_days_between,
    elapsed_phrase,
)
from .records import (
    AWAY_GRACE,
    STALE_AFTER,
    JITTER,
    PROMPT_PREFIX,
    DIGEST_LINES,
    LADDER_TOPIC,
    TOPIC_FEEDBACK_REQUEST,
    TOPIC_FEEDBACK_NUDGE,
    TOPIC_FEEDBACK_MOVE_ON,
    TOPIC_FOLLOW_UP,
    TOPIC_MOVE_ON,
    KIND_BY_TOPIC,
    Reminder,
    ReminderData,
    Notice,
    Plan,
    KeyInfo,
    parse_key,
    snoozed_key,
    Subject,
)
from .quiet_hours import (
    quiet_window,
    in_quiet_hours,
    is_weekend,
    is_allowed,
    next_allowed_time,
    start_of_next_day,
    in_one_hour,
    tomorrow_morning,
)
from .ladder import (
    jitter_factor,
    ladder_interval,
    next_checkin,
    rejection_started,
    ladder_series,
    missing_ladders,
    suggested_action,
    checkin_reply,
)
from .follow_up import (
    follow_up_key,
    silence_started,
)
from .collect import (
    subjects_for,
    SubjectMemo,
    reminders_for,
)
from .planning import (
    claims_from_table,
    prompts_on_day,
    digest_summary,
    make_digest,
    single_notice,
    compose,
    plan,
    next_due,
)

__all__ = [
    "AWAY_GRACE",
    "checkin_reply",
    "claims_from_table",
    "compose",
    "DIGEST_LINES",
    "digest_summary",
    "elapsed_phrase",
    "in_one_hour",
    "in_quiet_hours",
    "is_allowed",
    "is_weekend",
    "JITTER",
    "jitter_factor",
    "KeyInfo",
    "KIND_BY_TOPIC",
    "ladder_interval",
    "ladder_series",
    "LADDER_TOPIC",
    "make_digest",
    "missing_ladders",
    "next_allowed_time",
    "next_checkin",
    "next_due",
    "Notice",
    "parse_key",
    "Plan",
    "plan",
    "PROMPT_PREFIX",
    "prompts_on_day",
    "quiet_window",
    "rejection_started",
    "Reminder",
    "ReminderData",
    "reminders_for",
    "silence_started",
    "single_notice",
    "snoozed_key",
    "STALE_AFTER",
    "start_of_next_day",
    "Subject",
    "SubjectMemo",
    "subjects_for",
    "suggested_action",
    "tomorrow_morning",
    "TOPIC_FEEDBACK_MOVE_ON",
    "TOPIC_FEEDBACK_NUDGE",
    "TOPIC_FEEDBACK_REQUEST",
    "TOPIC_FOLLOW_UP",
    "follow_up_key",
    "TOPIC_MOVE_ON",
    "working_days_between",
]
