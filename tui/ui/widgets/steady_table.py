"""A DataTable that keeps its drawn cells when its screen is shown again.

Textual's ``DataTable`` drops every cached cell and line whenever its styles are applied again,
and Textual applies them again each time the table's screen comes back (a mode switch). On the
applications list that meant drawing every visible cell anew on each visit: 35-70 ms of a
120x40 screen on the bench machine, most of the cost of pressing ``2``. The cached cells stay
right as long as the styles they were drawn with are the same, so this table compares those
styles when it draws (the theme, its own style, every part's style: cursor, header, hover,
stripes...) and drops its caches only when they differ. Cell contents, cursor, focus and hover
are part of Textual's own cache keys already.

The comparison happens at drawing time, not in ``notify_style_update``: Textual updates the
parts' styles after it notifies the widget, so a key taken there would be out of date (and
reading the styles there would cache the old ones).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable

from .steady_scrollbars import SteadyScrollbars

CellType = TypeVar("CellType")


class SteadyDataTable(SteadyScrollbars, DataTable[CellType], Generic[CellType]):
    """``DataTable`` whose caches survive a style pass that changed nothing they depend on."""

    _drawn_with: tuple[Any, ...] | None = None

    def _style_key(self) -> tuple[Any, ...]:
        parts = tuple(self.get_component_rich_style(name, partial=True) for name in sorted(self.COMPONENT_CLASSES))
        return (self.app.theme, self.rich_style, parts)

    def notify_style_update(self) -> None:
        # The widget's style caches go (Widget); DataTable's cell caches are checked at the next
        # draw. Textual refreshes the table itself when a style it shows really changed.
        Widget.notify_style_update(self)

    def render_lines(self, crop: Region) -> list[Strip]:
        key = self._style_key()
        if key != self._drawn_with:
            if self._drawn_with is not None:
                self._clear_caches()  # DataTable's own: every cached cell, row and line
            self._drawn_with = key
        return super().render_lines(crop)
