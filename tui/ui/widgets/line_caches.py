"""Line caches that know a finished line by the content line in it, not only by its row.

Textual caches a widget's finished lines (border, background, tint around the content) by
row. When a tick takes a card out of a board column, every row below it is styled again
although it shows a card line styled a moment ago one row higher; a restyle (the focus moving
to or from the column: h, l, > and <) styles every row again; and a scrollbar whose thumb moved
styles all its rows again, though it is made of three or four kinds of line. These caches keep
each finished line under the content line it holds and the widget's look, so a shifted row, a
row in a look the widget had before, or a row like another is a lookup.

The look is every input of a content row in Textual 8's ``StylesCache.render_line``: the
border and outline (kinds and colours), tint, text opacity, hatch, gutter, padding, sizes,
backgrounds, opacity and ANSI theme. Re-check it on a Textual upgrade:
tests/test_board_focus_repaint.py compares every column and scrollbar with Textual's drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from textual._styles_cache import StylesCache
from textual.cache import LRUCache
from textual.geometry import Size, Spacing
from textual.strip import Strip


class _ContentLineCache(StylesCache):
    """The shared part: the look, and the finished lines keyed by ``_content_key``."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self._by_content: LRUCache[tuple[Any, ...], tuple[Strip, Strip]] = LRUCache(size)
        self._look: tuple[Any, ...] = ()

    def _content_key(self, content: Strip) -> Hashable:
        raise NotImplementedError

    def _holds(self, cached: tuple[Strip, Strip], content: Strip) -> bool:
        return True

    def render(self, styles: Any, *args: Any, **kwargs: Any) -> list[Strip]:
        hatch = styles.hatch if styles.has_rule("hatch") else None
        self._look = (styles.border, styles.outline, styles.tint, styles.text_opacity, hatch, styles.gutter)
        return super().render(styles, *args, **kwargs)

    def render_line(self, styles: Any, y: int, size: Size, content_size: Size, padding: Spacing,
                    base_background: Any, background: Any, render_content_line: Callable[[int], Strip],
                    *rest: Any) -> Strip:
        gutter = styles.gutter
        if padding or not gutter.top <= y < size.height - gutter.bottom:
            return super().render_line(styles, y, size, content_size, padding, base_background, background,
                                       render_content_line, *rest)
        content = render_content_line(y - gutter.top)
        # rest: border title and subtitle (border rows only), opacity, ANSI theme, native ANSI
        key = (self._content_key(content), self._look, size, content_size, base_background, background, *rest[2:])
        cached = self._by_content.get(key)
        if cached is not None and self._holds(cached, content):
            return cached[1]
        line = super().render_line(styles, y, size, content_size, padding, base_background, background,
                                   lambda _y: content, *rest)
        self._by_content[key] = (content, line)
        return line


class CardLineCache(_ContentLineCache):
    """For board columns: a drawn card line is a cached object (the same card in the same style
    is the same ``Strip``), so its identity is the key; holding it keeps the id from reuse."""

    def _content_key(self, content: Strip) -> Hashable:
        return id(content)

    def _holds(self, cached: tuple[Strip, Strip], content: Strip) -> bool:
        return cached[0] is content


class SegmentLineCache(_ContentLineCache):
    """For scrollbars: a line is one or two segments, each drawing new, so the segments are the key."""

    def _content_key(self, content: Strip) -> Hashable:
        return (tuple(content), content.cell_length)
