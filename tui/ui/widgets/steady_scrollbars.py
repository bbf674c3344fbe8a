"""Scrolling widgets that leave their scrollbars alone when a layout pass changes nothing.

Textual's ``ScrollView._size_updated`` compares the virtual size a layout pass hands it (the
widget's region: a ScrollView lays out no children) with the widget's own (its content's). The
two differ whenever there is anything to scroll, so every layout pass (each mode switch, each
return to a screen) updated and redrew every scrollbar of the screen again: on the large store
the due list's, the applications list's and each board column's, 2-3 ms apiece, which the small
store, with little to scroll, did not pay.

``SteadyScrollBar`` is the scrollbar side, and every such widget's vertical scrollbar: it keeps
its last drawing while every input of it is the same, so a restyle of its widget (the board's
focus moving) or a return visit to its screen does not draw it again.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from rich.segment import Segment
from textual.dom import NoScreen
from textual.geometry import Region, Size
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from .line_caches import SegmentLineCache


class SteadyScrollbars:
    """Mix in before a ``ScrollView`` subclass (``class X(SteadyScrollbars, OptionList)``).

    Its vertical scrollbar is a :class:`SteadyScrollBar`: a return visit to a screen draws
    every widget, and each long list's scrollbar was styled line by line again (1-1.5 ms each
    on the large store, where the small store's short lists have none).
    """

    _scroll_inputs: tuple[Any, ...] | None = None

    @property
    def vertical_scrollbar(self) -> SteadyScrollBar:
        """``Widget.vertical_scrollbar`` (Textual 8), creating a :class:`SteadyScrollBar`."""
        if self._vertical_scrollbar is None:  # type: ignore[attr-defined]
            bar = SteadyScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)  # type: ignore[attr-defined]
            self._vertical_scrollbar = bar
            bar.display = False
            self.app._start_widget(self, bar)  # type: ignore[attr-defined]
        return self._vertical_scrollbar  # type: ignore[no-any-return]

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        styles = self.styles  # type: ignore[attr-defined]
        inputs = (
            size, virtual_size, container_size, self.virtual_size,  # type: ignore[attr-defined]
            styles.overflow_x, styles.overflow_y, styles.scrollbar_size_horizontal, styles.scrollbar_size_vertical,
        )
        if inputs == self._scroll_inputs and self._size == size:  # type: ignore[attr-defined]
            # All ScrollView would do is set the same sizes and scrollbar windows again (and
            # redraw the scrollbars); this is what it would return.
            return self._container_size != container_size  # type: ignore[attr-defined,no-any-return]
        self._scroll_inputs = inputs
        return super()._size_updated(size, virtual_size, container_size, layout)  # type: ignore[misc,no-any-return]


class SteadyScrollBar(ScrollBar):
    """A scrollbar that is not drawn again while everything it is drawn from stays the same.

    A restyle of the widget it belongs to (on the board: the focus moving between columns)
    refreshes its scrollbar although nothing the bar shows changed, and drawing one costs 1-3
    ms. The key is a superset of what ``ScrollBar.render`` reads: the glyphs its numbers make,
    its size, state, all six scrollbar colours and the backgrounds beneath.
    """

    _drawn: tuple[tuple[Any, ...], list[Strip]] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A bar is a few kinds of line (track, thumb, the thumb's two ends): style each kind once.
        self._styles_cache = SegmentLineCache(64)

    def _inputs(self, crop: Region) -> tuple[Any, ...]:
        parent = self.parent
        styles = parent.styles  # type: ignore[union-attr]
        return (
            crop, self.size, self.glyphs(), self.thickness,
            self.vertical, self.grabbed, self.mouse_over,
            styles.scrollbar_background, styles.scrollbar_color, styles.scrollbar_background_hover,
            styles.scrollbar_color_hover, styles.scrollbar_background_active, styles.scrollbar_color_active,
            parent.background_colors, self.background_colors, self.screen.styles.scrollbar_color,  # type: ignore[union-attr]
            self.app.theme, self.app.ansi_theme,
        )

    def glyphs(self, virtual_size: float | None = None) -> list[Segment]:
        """The bar as ``ScrollBar._render_bar`` draws it, in the renderer's default colours
        (for ``virtual_size`` instead of its own scrolled size, if given).

        Its numbers (the scrolled size, the position) change with every card added or removed,
        but in a column of hundreds of cards the thumb moves by less than a glyph's eighth:
        comparing the glyphs rather than the numbers keeps such a bar as it is. The sizes are
        the ones ``ScrollBarRender.__rich_console__`` passes: the widget's length and breadth.
        """
        width, height = self.size
        virtual = self.window_virtual_size if virtual_size is None else virtual_size
        window = self.window_size if self.window_size < virtual else 0
        return list(self.renderer.render_bar(
            size=height if self.vertical else width,
            virtual_size=ceil(virtual),
            window_size=ceil(window),
            position=self.position,
            thickness=width if self.vertical else height,
            vertical=self.vertical,
        ).segments)

    def _check_refresh(self) -> None:
        """Drop a repaint that would draw exactly what the terminal shows (Textual 8's idle hook).

        A restyle of the column sets its scrollbar colours again, same values or not, and each
        set asks the bar for a repaint; it arrived as a frame of its own after the key's frame.
        """
        if self._repaint_required and not self._layout_required and self._drawn is not None:
            drawn_inputs = self._drawn[0]
            try:
                unchanged = self._inputs(drawn_inputs[0]) == drawn_inputs
            except NoScreen:
                unchanged = False
            if unchanged:
                self._repaint_required = False
        super()._check_refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        inputs = self._inputs(crop)
        if self._drawn is not None and self._drawn[0] == inputs:
            return list(self._drawn[1])
        lines = super().render_lines(crop)
        self._drawn = (inputs, list(lines))
        return lines
