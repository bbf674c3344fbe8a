"""Showing user text literally: never interpreted as markup, escape sequences made harmless."""

from __future__ import annotations

import re

from rich.text import Text

# CSI/OSC escape sequences and other C0/C1 control characters (but keep tab and newline).
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: str) -> str:
    """Drop terminal escape sequences and control characters; everything else stays as typed."""
    return _ESCAPES.sub("", value)


def literal(value: str, style: str = "") -> Text:
    """A Rich ``Text`` that shows ``value`` exactly as typed (``[bold]`` stays ``[bold]``)."""
    return Text(clean(value), style=style)


def flat(value: str) -> str:
    """All of ``value`` on one line (a card, a toast): cleaned, whitespace runs and line breaks
    as one space."""
    return " ".join(clean(value).split())


def one_line(value: str, limit: int = 80) -> str:
    """First line of ``value``, cleaned and shortened with an ellipsis."""
    first = clean(value).strip().splitlines()[0] if value.strip() else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"
