"""Spotting the thinking traps in a harsh thought, so the reflection can ask for a fairer wording.

The patterns are deliberately simple word checks: the point is a gentle nudge, not a diagnosis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Trap:
    name: str
    hint: str
    words: tuple[str, ...]


_TRAPS: tuple[tuple[str, str, str], ...] = (
    (
        "Overgeneralising",
        "One 'no' is being stretched into a rule about every job. Which part is about this one role?",
        r"\b(never|always|every ?one|every ?body|no ?one|nobody|every time|nothing ever|all of them|"
        r"unhirable|unemployable|no company|no one will)\b",
    ),
    (
        "Labelling",
        "A single outcome is becoming a label for you as a person. What would you call a friend in your place?",
        r"\b(i'?m|i am|such an?) (a )?(failure|loser|useless|worthless|stupid|idiot|fraud|joke|hopeless|not good enough)\b",
    ),
    (
        "Mind reading",
        "You can't know what they were thinking; hiring decisions carry reasons you are never told.",
        r"\b(they|he|she|the panel|the interviewer)s? (must|probably|clearly|obviously)? ?"
        r"(hated|thought|think|knew|saw|laughed|could tell)\b",
    ),
    (
        "Catastrophising",
        "This feels huge today. Will it still matter this much in a month?",
        r"\b(ruined|disaster|end of the world|hopeless|catastroph\w*|worst|over for me|nothing will)\b",
    ),
    (
        "Blaming yourself for everything",
        "Many things outside your control shape a decision. What else might have played a part?",
        r"\b(all my fault|my fault|because of me|i blew it|i ruined|i messed (it )?up)\b",
    ),
    (
        "Fortune telling",
        "That's a prediction, not a fact. What evidence do you have for and against it?",
        r"\b(i'?ll never|i will never|won'?t ever|going to fail|bound to fail|no point)\b",
    ),
    (
        "Should statements",
        "'Should' adds pressure without helping. What would you like to try next time instead?",
        r"\b(should(n'?t)? have|must not|i had to)\b",
    ),
)

_COMPILED = tuple((name, hint, re.compile(pattern, re.IGNORECASE)) for name, hint, pattern in _TRAPS)


def find_traps(thought: str) -> list[Trap]:
    """The traps whose tell-tale words appear in ``thought``, in a stable order."""
    normalised = thought.replace("\u2019", "'")
    found: list[Trap] = []
    for name, hint, pattern in _COMPILED:
        words = tuple(dict.fromkeys(m.group(0).lower() for m in pattern.finditer(normalised)))
        if words:
            found.append(Trap(name, hint, words))
    return found
