"""Status words from every tracker's vocabulary, mapped to our stages.

Emoji, punctuation and extra words are stripped before the lookup (``🟡 Applied``,
``Rejected - after onsite``). A word we do not know is never a silent default: the import
asks for ``--map-status "WORD=stage"`` and the dry run lists the unknown words with counts.
"""

from __future__ import annotations

import re
import unicodedata

from ...domain.models import Stage

W, A, S, I, F, O, AC, R, WD, G = (
    Stage.WISHLIST, Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.FINAL_ROUND,
    Stage.OFFER, Stage.ACCEPTED, Stage.REJECTED, Stage.WITHDRAWN, Stage.GHOSTED,
)

STAGE_WORDS: dict[str, Stage] = {
    **{stage.value.replace("_", " "): stage for stage in Stage},
    **{stage.label.lower(): stage for stage in Stage},
    # Not sent yet: Huntr "Wishlist", Teal "Bookmarked"/"Applying", JobSync "Draft", sheets "To apply".
    "wishlist": W, "wish list": W, "bookmarked": W, "bookmark": W, "saved": W, "draft": W,
    "to apply": W, "applying": W, "interested": W, "planned": W, "not applied": W, "not started": W,
    "researching": W, "shortlisted": W, "short listed": W, "lead": W, "leads": W, "active leads": W,
    "applied": A, "submitted": A, "application submitted": A, "sent": A, "pending": A,
    "in review": A, "under review": A, "in progress": A, "waiting": A, "awaiting response": A,
    "email sent": A,
    "phone screen": S, "phone screening": S, "screen": S, "screening": S, "screening call": S,
    "recruiter call": S, "recruiter screen": S, "hr call": S, "hr screen": S, "initial call": S,
    "interview": I, "interviewing": I, "interviews": I, "technical interview": I, "tech interview": I,
    "onsite": I, "on site": I, "on-site": I, "take home": I, "assessment": I, "coding challenge": I,
    "first interview": I, "second interview": I, "interview scheduled": I, "interviewed": I,
    "final": F, "final round": F, "final interview": F, "final stage": F,
    "offer": O, "offers": O, "offered": O, "offer received": O, "negotiating": O, "negotiation": O,
    "accepted": AC, "offer accepted": AC, "hired": AC, "signed": AC,
    "rejected": R, "rejection": R, "not selected": R, "declined": R, "no": R, "turned down": R,
    "not moving forward": R, "unsuccessful": R, "closed": R, "denied": R, "no offer": R,
    "withdrew": WD, "withdrawn": WD, "i withdrew": WD, "offer declined": WD, "declined offer": WD,
    "archived": WD, "expired": WD, "not interested": WD, "position filled": WD,
    "ghosted": G, "no response": G, "no reply": G, "no answer": G, "no news": G, "silence": G,
}
STAGE_NAMES = {stage.value: stage for stage in Stage} | {stage.label.lower(): stage for stage in Stage}

_SPLIT = re.compile(r"\s+[-–—:|/]\s+|\s*[(\[]|\s*[:|]\s*")


def clean(word: str) -> str:
    """Lower-case with emoji, symbols and outer punctuation gone, spaces collapsed."""
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNZ" or ch in "-/():|[]" else " " for ch in word)
    return " ".join(kept.replace("_", " ").split()).casefold().strip(" -/:|")


def stage_for(word: str, extra: dict[str, Stage] | None = None) -> Stage | None:
    """The stage a status word names, or None when we do not know it (the caller asks)."""
    text = clean(word)
    table = {**STAGE_WORDS, **(extra or {})}
    if text in table:
        return table[text]
    head = _SPLIT.split(text, maxsplit=1)[0].strip(" -/:|")
    if head in table:
        return table[head]
    # "Applied ✅ via referral": the longest known phrase at the start.
    words = text.split()
    for n in range(len(words) - 1, 0, -1):
        phrase = " ".join(words[:n])
        if phrase in table:
            return table[phrase]
    return None


def parse_map_status(items: list[str]) -> dict[str, Stage]:
    """``--map-status "Phase 2=interview"``; raises ValueError with a sentence for people."""
    extra: dict[str, Stage] = {}
    names = ", ".join(s.value for s in Stage)
    for item in items:
        word, sep, target = item.rpartition("=")
        if not sep or not word.strip():
            raise ValueError(f"--map-status {item!r}: write it as WORD=stage, e.g. \"Phase 2=interview\"")
        stage = STAGE_NAMES.get(clean(target).replace(" ", "_")) or STAGE_NAMES.get(clean(target))
        if stage is None:
            raise ValueError(f"--map-status {item!r}: {target.strip()!r} is not one of our stages ({names})")
        extra[clean(word)] = stage
    return extra
