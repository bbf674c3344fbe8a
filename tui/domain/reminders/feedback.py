"""The feedback thread of a rejection: ask, one nudge after asking, then "not coming,
close it?". It lives until feedback is received or marked not coming, even after the
chapter is closed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import time, tzinfo

from ..models import Application, CheckInKind, FeedbackState, Rejection, Settings
from .local_time import _add_business_days, _counted, _local_moment
from .records import (
    _company,
    Reminder,
    Subject,
    TOPIC_FEEDBACK_MOVE_ON,
    TOPIC_FEEDBACK_NUDGE,
    TOPIC_FEEDBACK_REQUEST,
)


def _rejection_reminders(
    rejection: Rejection,
    app: Application | None,
    settings: Settings,
    zone: tzinfo,
    settled: Collection[str] = (),
) -> Subject:
    subject = f"rejection:{rejection.id}"
    last_prompt = f"{subject}:{TOPIC_FEEDBACK_MOVE_ON}"
    if last_prompt in settled:
        return Subject(last_prompt, [])
    state = rejection.feedback_state
    # Closing the reflection closes the emotional chapter, not the feedback thread: feedback
    # already asked for keeps its nudge and its "not coming, close it?" question until it is
    # received or marked not coming. Only the offer to ask ends with the chapter.
    if rejection.closed_at is not None and state is not FeedbackState.ASKED:
        return Subject(last_prompt, [])
    company = _company(app)
    morning = time(settings.morning_hour % 24)
    decided = _local_moment(rejection.on, morning, zone)
    common = {"application_id": rejection.application_id, "rejection_id": rejection.id}
    out: list[Reminder] = []
    if state is FeedbackState.NOT_ASKED:
        due = _add_business_days(decided, settings.feedback_request_business_days, zone)
        out.append(
            Reminder(
                key=f"{subject}:{TOPIC_FEEDBACK_REQUEST}",
                kind=CheckInKind.FOLLOW_UP,
                title=f"Ask {company} for feedback?",
                body=(
                    f"Now that a little time has passed since {company} said no, you could send one "
                    "short, friendly note asking what would have made the difference. Once is enough, "
                    "and skipping it is fine too."
                ),
                due_at=due,
                topic=TOPIC_FEEDBACK_REQUEST,
                **common,
            )
        )
    asked_on = rejection.feedback_asked_on
    if state is FeedbackState.ASKED and asked_on is not None:
        asked = _local_moment(asked_on, morning, zone)
        due = _add_business_days(asked, settings.feedback_nudge_business_days, zone)
        out.append(
            Reminder(
                key=f"{subject}:{TOPIC_FEEDBACK_NUDGE}:{asked_on.isoformat()}",
                kind=CheckInKind.FOLLOW_UP,
                title=f"Heard back from {company}?",
                due_at=due,
                topic=TOPIC_FEEDBACK_NUDGE,
                **_counted(
                    f"You asked {company} for feedback on {asked_on:%a %d %b}, ",
                    " ago. If nothing has arrived, one gentle follow-up is reasonable. After that, "
                    "their silence says more about their process than about you.",
                    asked_on,
                    due,
                    True,
                    zone,
                ),
                **common,
            )
        )
    if state in (FeedbackState.NOT_ASKED, FeedbackState.ASKED):
        was_asked = state is FeedbackState.ASKED and asked_on is not None
        window_start = asked if was_asked else decided
        due = _add_business_days(window_start, settings.feedback_window_business_days, zone)
        since_event = "you asked for feedback" if was_asked else f"{company} said no"
        out.append(
            Reminder(
                key=f"{subject}:{TOPIC_FEEDBACK_MOVE_ON}",
                kind=CheckInKind.MOVE_ON,
                title=f"Ready to close the {company} chapter?",
                due_at=due,
                topic=TOPIC_FEEDBACK_MOVE_ON,
                **_counted(
                    "No reply has come in the ",
                    f" since {since_event}. Would you like to mark feedback as not coming and move "
                    "on? Nothing changes unless you choose it.",
                    asked_on if was_asked and asked_on is not None else rejection.on,
                    due,
                    True,
                    zone,
                ),
                **common,
            )
        )
    return Subject(last_prompt, out)
