"""Showing what people typed exactly as typed: never as markup, never as terminal codes.

Built on the app's ``tui.domain.text.clean`` (escape sequences and control characters removed), so a
name reads the same in the reflection and the journal as on every other screen.
"""

from __future__ import annotations

from rich.text import Text

from ....domain.text import clean


def literal(text: str) -> str:
    """The text without terminal escapes or control characters (newlines and tabs kept)."""
    return clean(text)


def one_line(text: str) -> str:
    """A literal, single-line version for titles, list rows, sentences and toasts."""
    return " ".join(clean(text).split())


def plain(text: str, style: str = "") -> Text:
    """A Rich ``Text`` that shows ``text`` literally (Text never parses markup)."""
    return Text(clean(text), style=style)
