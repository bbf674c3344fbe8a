"""Scrolling widgets that leave their scrollbars alone when a layout pass changes nothing.

Textual's ``ScrollView._size_updated`` compares the virtual size a layout pass hands it (the
widget's region: a ScrollView lays out no children) with the widget's own (its content's). The
two differ whenever there is anything to scroll, so every layout pass (each mode switch, each
return to a screen) updated and redrew every scrollbar of the screen again: on the large store
the due list's, the applications list's and each board column's, 2-3 ms apiece, which the small
store, with little to scroll, did not pay.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size


class SteadyScrollbars:
    """Mix in before a ``ScrollView`` subclass (``class X(SteadyScrollbars, OptionList)``)."""

    _scroll_inputs: tuple[Any, ...] | None = None

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
