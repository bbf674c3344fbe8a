"""Action items that belong to an application: which ones read like a follow-up to it.

Ticking "Email Priya about Brightwave" done on the board most likely means a follow-up went
out; the board then offers to record it on the application (``Editor.record_follow_up``), so
the reminders stop asking for one. Only an offer: the words are a guess, the person decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import ActionItem, ActionStatus, Application
from .text import flat

# Phrases that name a follow-up whoever it is to.
_FOLLOW_UP_PHRASES = re.compile(
    r"\b(follow(?:ed|ing)?[\s-]?up|chase|check(?:ed)?[\s-]in\s+with|nudge|ask(?:ed)?\s+(?:for\s+)?(?:an?\s+)?update)\b",
    re.IGNORECASE,
)
# Ways of reaching someone: a follow-up when they name the company or the contact.
_REACHING_OUT = re.compile(
    r"\b(e-?mail(?:ed)?|write\s+to|wrote\s+to|message(?:d)?|call(?:ed)?|ring|ping(?:ed)?|text(?:ed)?|reply\s+to|dm)\b",
    re.IGNORECASE,
)


def _names(app: Application) -> list[str]:
    """The words that point at this application: the company, the contact's first name."""
    names = [flat(app.company)]
    contact = flat(app.contact_name)
    if contact:
        names.append(contact.split()[0])
    return [n for n in names if len(n) >= 2]


def reads_like_follow_up(title: str, app: Application) -> bool:
    """True when an action's title sounds like following up on ``app``."""
    text = flat(title)
    if _FOLLOW_UP_PHRASES.search(text):
        return True
    if not _REACHING_OUT.search(text):
        return False
    folded = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded) for name in _names(app))


def open_actions_for(actions: Iterable[ActionItem], application_id: int) -> list[ActionItem]:
    """The application's actions not done yet, soonest due first (undated last)."""
    found = [a for a in actions if a.application_id == application_id and a.status is not ActionStatus.DONE]
    found.sort(key=lambda a: (a.due is None, a.due, a.id))
    return found
