"""The follow-up note a follow-up prompt offers, ready to send: pure text from the records.

Short, polite and specific: it names the role and the day the person applied or last talked
with them, greets the saved contact by first name, and is signed with ``Settings.your_name``
when set. The person sees it in an editable box first, so it only has to be a good start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

from .models import ENTRY_FOLLOW_UP, Application, Rejection, Stage

#: Courtesy titles skipped when finding a first name ("Dr. Priya Raman" -> "Priya").
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam"})


@dataclass(frozen=True)
class FollowUpNote:
    """A subject line and a body, plain text."""

    subject: str
    body: str


def _one_line(text: str) -> str:
    return " ".join(text.split())


def first_name(contact_name: str) -> str:
    """The first name in a saved contact ("Dr. Priya Raman" -> "Priya"); "" when there is none.

    An address ("priya@brightwave.io") or a team name with no letters is no name to greet.
    """
    words = [w for w in _one_line(contact_name).split(" ") if w]
    while words and words[0].rstrip(".").lower() in _TITLES:
        words.pop(0)
    if not words or "@" in words[0] or not any(ch.isalpha() for ch in words[0]):
        return ""
    return words[0].rstrip(",")


def _greeting(app: Application) -> str:
    name = first_name(app.contact_name)
    return f"Hi {name}," if name else "Hello,"


def _day(day: date, today: date) -> str:
    """``2 March`` (with the year only when it is not this year's)."""
    text = f"{day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


def _the_role(app: Application) -> str:
    role = _one_line(app.role)
    return f"the {role} role" if role else "the role"


def _where(app: Application) -> str:
    company = _one_line(app.company)
    return f" at {company}" if company else ""


def _stage_day(app: Application, stage: Stage, zone: tzinfo) -> date | None:
    """The local day the application last entered ``stage`` (not a follow-up entry)."""
    times = [c.at for c in app.timeline if c.stage is stage and c.kind != ENTRY_FOLLOW_UP]
    return max(times).astimezone(zone).date() if times else None


def _sign(lines: list[str], sender_name: str) -> str:
    lines += ["", "Best wishes,"]
    sender = _one_line(sender_name)
    if sender:
        lines.append(sender)
    return "\n".join(lines) + "\n"


def follow_up_subject(app: Application) -> str:
    role = _one_line(app.role)
    if app.stage in (Stage.INTERVIEW, Stage.FINAL_ROUND):
        return f"Following up on my interview for {role}" if role else "Following up on my interview"
    if app.stage is Stage.SCREENING:
        return f"Following up on our call about {role}" if role else "Following up on our call"
    if app.stage is Stage.OFFER:
        return f"Following up on the offer for {role}" if role else "Following up on the offer"
    return f"Following up on my application for {role}" if role else "Following up on my application"


def draft_follow_up(app: Application, zone: tzinfo, today: date, sender_name: str = "") -> FollowUpNote:
    """A follow-up note for ``app`` at its current stage, asking kindly where things stand."""
    role, where = _the_role(app), _where(app)
    lines = [_greeting(app), ""]
    stage = app.stage
    if stage in (Stage.SCREENING, Stage.INTERVIEW, Stage.FINAL_ROUND):
        met = _stage_day(app, stage, zone)
        what = "our call" if stage is Stage.SCREENING else ("the final interview" if stage is Stage.FINAL_ROUND else "the interview")
        when = f" on {_day(met, today)}" if met is not None else ""
        lines.append(f"Thank you again for {what}{when} about {role}{where}. I enjoyed learning more about the team and the work.")
        lines += ["", "I wanted to ask whether there is any news on the next steps. I'm still very interested, "
                  "and happy to share anything else that would help."]
    elif stage is Stage.OFFER:
        offered = _stage_day(app, stage, zone)
        when = f" on {_day(offered, today)}" if offered is not None else ""
        lines.append(f"Thank you again for the offer for {role}{where}{when}.")
        lines += ["", "I wanted to check in on where things stand and whether you need anything more from me."]
    else:
        when = f" on {_day(app.applied_on, today)}" if app.applied_on is not None else ""
        lines.append(f"I applied for {role}{where}{when} and wanted to check in on where things stand.")
        lines += ["", "I'm still very interested in the role and happy to share anything else that would help."]
    lines += ["", "Thank you for your time."]
    return FollowUpNote(follow_up_subject(app), _sign(lines, sender_name))


def draft_feedback_nudge(app: Application, rejection: Rejection, today: date, sender_name: str = "") -> FollowUpNote:
    """One gentle second note after asking for feedback (the nudge prompt offers it)."""
    role, where = _the_role(app), _where(app)
    interviewed = rejection.stage.reached_interview
    about = "my interview" if interviewed else "my application"
    asked = f" on {_day(rejection.feedback_asked_on, today)}" if rejection.feedback_asked_on is not None else ""
    lines = [
        _greeting(app),
        "",
        f"I wrote{asked} to ask for a few words of feedback on {about} for {role}{where}. "
        "I know inboxes get busy, so this is just a gentle follow-up.",
        "",
        "Even one or two points would help me a lot. If it isn't possible to share feedback, "
        "no problem at all, and thank you again for your time.",
    ]
    subject_role = _one_line(app.role)
    subject = f"Feedback on my {'interview' if interviewed else 'application'}" + (f" for {subject_role}" if subject_role else "")
    return FollowUpNote(subject, _sign(lines, sender_name))
