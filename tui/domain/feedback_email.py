"""The feedback-request email the reflection drafts, and the ``mailto:`` link that opens it.

Pure text functions: the reflection screen shows the draft in an editable box, so the wording
only has to be a kind, short starting point filled from the application (contact, role, company).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from .models import Application, Rejection

_INTERVIEWED_PHRASE = "the time you and the team spent talking with me"
_APPLIED_PHRASE = "the time you took to look at my application"


def _one_line(text: str) -> str:
    """Names and titles go inside sentences: fold any line breaks and runs of spaces."""
    return " ".join(text.split())


def feedback_subject(app: Application) -> str:
    """A plain subject line naming the role, so the reader knows at once what it is about."""
    role = _one_line(app.role)
    return f"Feedback on my application for {role}" if role else "Feedback on my application"


def draft_feedback_request(app: Application, rejection: Rejection, sender_name: str = "") -> str:
    """A short, polite request for feedback in our own words; the person edits it before sending.

    Greets the contact by name when we have one, names the role and company, thanks them for
    the stage actually reached (an interview, or a read of the application) and asks for one or
    two pointers without pressure.
    """
    contact = _one_line(app.contact_name)
    company = _one_line(app.company)
    role = _one_line(app.role)
    greeting = f"Dear {contact}," if contact else (f"Dear {company} hiring team," if company else "Hello,")
    what = f"the {role} role" if role else "the role"
    where = f" at {company}" if company else ""
    interviewed = rejection.stage.reached_interview
    thanks = _INTERVIEWED_PHRASE if interviewed else _APPLIED_PHRASE
    lines = [
        greeting,
        "",
        f"Thank you for letting me know about your decision on {what}{where}, "
        f"and for {thanks}.",
        "",
        "I'm keen to keep getting better, so if you have a moment, I would be grateful for "
        "a few words on what would have made my application stronger. Even one or two points "
        "would help me a lot.",
        "",
        f"I'd be glad to hear about future openings{where}." if company else "I'd be glad to hear about future openings.",
        "",
        "With thanks and best wishes,",
    ]
    sender = _one_line(sender_name)
    if sender:
        lines.append(sender)
    return "\n".join(lines) + "\n"


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
