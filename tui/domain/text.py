"""Showing user text literally: never interpreted as markup, escape sequences made harmless.

``clean`` is the one sanitiser for every human-readable output (screens, CSV and Markdown
exports, status lines, notifications, printed reminders): it drops terminal escape sequences,
C0/C1 control characters (keeping tab and newline) and the Unicode bidirectional controls that
can make text display in a different order than it is stored (U+202E and friends). The JSON
backup is the exception: it keeps text exactly (JSON escapes it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Rich loads only where text is drawn: notifications and exports don't pay for it
    from rich.text import Text

# CSI/OSC/DCS escape sequences, then any other C0/C1 control character (but keep tab and newline),
# then the bidi embedding/override/isolate controls and the direction marks.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"          # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST (window title, clipboard)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"    # DCS / SOS / PM / APC ... ST
    r"|\x9b[0-?]*[ -/]*[@-~]"            # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"    # 8-bit OSC
    r"|\x1b[@-Z\\-_]?"                   # other two-byte escapes, or a lone ESC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"    # C0 (not \t \n), DEL, C1
    r"|[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"  # bidi embeddings, overrides, isolates, marks
)

#: A spreadsheet reads a cell starting with one of these as a formula (or a command, via DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean(value: str) -> str:
    """Drop terminal escape sequences, control characters and bidi overrides; everything else
    stays as typed. Carriage returns go too (``\\r\\n`` becomes ``\\n``)."""
    return _ESCAPES.sub("", value.replace("\r\n", "\n"))


def spreadsheet_cell(value: str, raw: bool = False) -> str:
    """A cleaned CSV cell that a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``= + - @``, a tab or a carriage return gets a leading apostrophe
    (spreadsheets hide it and keep the text). ``raw``: no apostrophe (for a program reading the
    CSV); control characters are still removed.
    """
    text = clean(value)
    if not raw and (text.startswith(FORMULA_STARTS) or value.startswith(FORMULA_STARTS)):
        return "'" + text
    return text


def literal(value: str, style: str = "") -> Text:
    """A Rich ``Text`` that shows ``value`` exactly as typed (``[bold]`` stays ``[bold]``)."""
    from rich.text import Text

    return Text(clean(value), style=style)


def flat(value: str) -> str:
    """All of ``value`` on one line (a card, a toast): cleaned, whitespace runs and line breaks
    as one space."""
    return " ".join(clean(value).split())


def one_line(value: str, limit: int = 80) -> str:
    """First line of ``value``, cleaned and shortened with an ellipsis."""
    first = clean(value).strip().splitlines()[0] if value.strip() else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"
