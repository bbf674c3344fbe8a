"""The feedback-request email the reflection drafts, and the ``mailto:`` link that opens it.

Pure text functions: the reflection screen shows the draft in an editable box, so the wording
only has to be a kind, short starting point filled from the application (contact, role, company).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from .models import Application, Reflection, Rejection, Stage

# What the person went through, as the email says it: (thanks for..., what would have made ... stronger, subject).
_APPLICATION = ("the time you took to read my application", "my application", "Feedback on my application")
_CALL = ("the time you took to speak with me", "my application and our call", "Feedback after our call")
_INTERVIEW = ("the time you and the team spent interviewing me", "my interview", "Feedback on my interview")
_FINAL = (
    "the time you and the team spent with me in the final round",
    "my final interviews",
    "Feedback on my final interviews",
)
# A question drawn from the reflection is worth asking only when it is a real phrase, not an essay.
_QUESTION_WORDS = (2, 30)
_NOT_A_PERSON = re.compile(
    r"\b(?:team|hr|recruiting|recruitment|talent|hiring|careers?|jobs?|people|human|resources|"
    r"acquisition|department|office|admin|noreply|no-reply|sir|madam)\b",
    re.IGNORECASE,
)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"})


def _one_line(text: str) -> str:
    """Names and titles go inside sentences: fold any line breaks and runs of spaces."""
    return " ".join(text.split())


def _stage_words(stage: Stage) -> tuple[str, str, str]:
    if stage is Stage.FINAL_ROUND:
        return _FINAL
    if stage.reached_interview:
        return _INTERVIEW
    if stage is Stage.SCREENING:
        return _CALL
    return _APPLICATION


def first_name(contact: str) -> str:
    """The name to greet a contact by ("Tom Okafor" -> "Tom", "Okafor, Tom" -> "Tom",
    "Dr Jane Smith" -> "Dr Smith"); empty when it is not a person's name ("Talent team",
    an email address), so the greeting stays neutral rather than wrong."""
    name = _one_line(contact)
    if not name or "@" in name or _NOT_A_PERSON.search(name) or any(ch.isdigit() for ch in name):
        return ""
    if "," in name:  # "Okafor, Tom"
        family, _, given = name.partition(",")
        name = f"{given.strip()} {family.strip()}".strip()
    parts = name.split()
    if not parts:
        return ""
    if parts[0].rstrip(".").lower() in _TITLES:
        return f"{parts[0].rstrip('.')} {parts[-1]}" if len(parts) > 1 else ""
    return parts[0]


def greeting(app: Application) -> str:
    """ "Hi Tom," when we know who to greet, a neutral "Hello," otherwise."""
    name = first_name(app.contact_name)
    return f"Hi {name}," if name else "Hello,"


def feedback_subject(app: Application, rejection: Rejection | None = None) -> str:
    """A plain subject naming what happened and the role, so the reader knows at once what it is about."""
    subject = _stage_words(rejection.stage if rejection else Stage.APPLIED)[2]
    role = _one_line(app.role)
    if not role:
        return subject
    return f"{subject} for {role}" if subject != _CALL[2] else f"{subject} about {role}"


def specific_question(reflection: Reflection | None) -> str:
    """One optional question drawn from what the person wrote in the reflection, or "".

    A lesson they are working on (step 4) is the best: asking whether it played a part gets a
    useful yes or no. Otherwise something that went well (step 3): asking whether it came
    across. Long or empty answers give no question: the email stays short.
    """
    if reflection is None:
        return ""
    for lesson in reflection.lessons:
        text = _as_phrase(lesson.text)
        if text:
            return f'In particular, one thing I am working on is "{text}". Was that part of it?'
    text = _as_phrase(reflection.went_well)
    if text:
        return f'I felt one part went well ("{text}"). Did that come across, or is it worth working on too?'
    return ""


def _as_phrase(text: str) -> str:
    phrase = _one_line(text).rstrip(".!;:, ")
    low, high = _QUESTION_WORDS
    return phrase if low <= len(phrase.split()) <= high else ""


def draft_feedback_request(
    app: Application, rejection: Rejection, sender_name: str = "", reflection: Reflection | None = None
) -> str:
    """A short, polite request for feedback in our own words; the person edits it before sending.

    Greets the contact by first name when we know it, names the role and company, thanks them
    for the stage actually reached (a read of the application, a call, an interview, the final
    round) and asks what would have made *that* stronger, with at most one specific question
    from the person's own reflection. Signed with their name when they have given it.
    """
    company = _one_line(app.company)
    role = _one_line(app.role)
    what = f"the {role} role" if role else "the role"
    where = f" at {company}" if company else ""
    thanks, stronger, _ = _stage_words(rejection.stage)
    lines = [
        greeting(app),
        "",
        f"Thank you for letting me know your decision on {what}{where}, and for {thanks}.",
        "",
        "I'm keen to keep improving, so if you have a moment, I would be grateful for a few words "
        f"on what would have made {stronger} stronger. Even one or two points would help me a lot.",
    ]
    question = specific_question(reflection)
    if question:
        lines += ["", question]
    lines += [
        "",
        f"I'd be glad to hear about future openings{where}.",
        "",
        "With thanks and best wishes,",
    ]
    sender = _one_line(sender_name)
    if sender:
        lines.append(sender)
    return "\n".join(lines) + "\n"


def signed(body: str, name: str) -> str:
    """The draft with ``name`` under its closing line, when the closing line is still unsigned."""
    sender = _one_line(name)
    stripped = body.rstrip()
    if not sender or not stripped.endswith(","):
        return body
    return stripped + "\n" + sender + "\n"


def mailto_link(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): every reserved character, space, line break and non-ASCII
    character percent-encoded as UTF-8, with line breaks sent as CRLF as mail programs expect."""
    address = quote(to.strip(), safe="@,+")
    params = []
    if subject:
        params.append("subject=" + quote(_one_line(subject), safe=""))
    if body:
        crlf = re.sub(r"\r\n|\r|\n", "\r\n", body)
        params.append("body=" + quote(crlf, safe=""))
    return f"mailto:{address}" + (("?" + "&".join(params)) if params else "")


def company_slug(company: str) -> str:
    """A safe, readable file-name part for a company (``Harbor & Finch`` -> ``harbor-finch``)."""
    ascii_name = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:40].strip("-") or "company"
