"""One column of the action board: a virtualised, sorted list of two-line cards.

An ``OptionList`` only renders the lines on screen, so a column of thousands of cards stays
cheap. The column keeps the cards' sort keys in a parallel list and inserts, removes or
re-draws single cards (``bisect`` finds where a card goes), so a tick or a move touches one
card, not the whole board. ``set_cards`` is the only full rebuild and is counted, so tests
can prove that ticking does not take that path.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..domain.dates import format_day
from ..domain.models import ActionItem, ActionStatus, Priority

SortKey = tuple[Any, ...]
CARD_LINES = 2

# Control characters become their visible "control picture" (ESC shows as ␛), so a title such
# as "\x1b[31m" is shown as typed and can never reach the terminal as an escape sequence.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WHITESPACE = re.compile(r"[\t\n\r\v\f]+")

PRIORITY_MARK = {Priority.HIGH: "▲", Priority.NORMAL: "●", Priority.LOW: "▽"}
PRIORITY_STYLE = {Priority.HIGH: "bold $accent", Priority.NORMAL: "$text-muted", Priority.LOW: "$text-muted"}


def literal(text: str) -> str:
    """User text made safe to draw: one line, control characters shown as symbols."""
    text = _WHITESPACE.sub(" ", text)
    return _CONTROL.sub(lambda m: "␡" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), text)


def card_content(item: ActionItem, today: date, zone: tzinfo, archived: bool = False) -> Content:
    """The two lines of a card: marker and title, then due date, priority and origin.

    Styles name theme variables (``$error``...) that Textual resolves when drawing, so the
    card follows the theme. User text goes in as plain strings: never parsed as markup.
    """
    done = item.status is ActionStatus.DONE
    if done:
        head: list[str | tuple[str, str]] = [("✓ ", "bold $success"), (literal(item.title) or "(untitled)", "$text-muted")]
    else:
        head = [(PRIORITY_MARK[item.priority] + " ", PRIORITY_STYLE[item.priority]), literal(item.title) or "(untitled)"]
    meta: list[tuple[str, str]] = []
    if done:
        when = _local_day(item.completed_at, zone)
        meta.append((f"done {format_day(when, today)}" if when else "done", "$success"))
        if archived:
            meta.append(("archived", "italic $text-muted"))
    elif item.due is None:
        meta.append(("no due date", "$text-muted"))
    elif item.due < today:
        meta.append((f"was due {format_day(item.due, today)}", "bold $error"))
    elif item.due == today:
        meta.append(("due today", "bold $warning"))
    else:
        meta.append((f"due {format_day(item.due, today)}", "$text-muted"))
    if item.priority is not Priority.NORMAL:
        meta.append((f"{item.priority.value} priority", PRIORITY_STYLE[item.priority]))
    if item.origin:
        meta.append((literal(item.origin), "$text-muted italic"))
    parts: list[str | tuple[str, str]] = [*head, "\n  "]
    for n, part in enumerate(meta):
        if n:
            parts.append((" · ", "$text-muted"))
        parts.append(part)
    return Content.assemble(*parts)


def _local_day(moment: datetime | None, zone: tzinfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


class _CardLines(Sequence[tuple[int, int]]):
    """Line ``y`` of the column is line ``y % 2`` of card ``y // 2``."""

    def __init__(self, options: list[Option]) -> None:
        self._options = options

    def __len__(self) -> int:
        return CARD_LINES * len(self._options)

    def __getitem__(self, y: Any) -> Any:
        if isinstance(y, slice):
            return [self[n] for n in range(*y.indices(len(self)))]
        if y < 0:
            y += len(self)
        if not 0 <= y < len(self):
            raise IndexError(y)
        return divmod(y, CARD_LINES)

    def clear(self) -> None:
        """Nothing to forget: OptionList calls this when its options change."""


class _CardHeights(Mapping[int, int]):
    """Every card is ``CARD_LINES`` high."""

    def __init__(self, options: list[Option]) -> None:
        self._options = options

    def _value(self, index: int) -> int:
        return CARD_LINES

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < len(self._options):
            raise KeyError(index)
        return self._value(index)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self._options)))

    def __len__(self) -> int:
        return len(self._options)

    def clear(self) -> None:
        """Nothing to forget."""


class _CardLineStarts(_CardHeights):
    """Card ``index`` starts on line ``index * CARD_LINES``."""

    def _value(self, index: int) -> int:
        return index * CARD_LINES


class BoardColumn(OptionList):
    """A column of cards kept in sort order; changes touch only the cards that changed."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    # Cards are exactly two lines: no wrapping, long titles end in an ellipsis.
    DEFAULT_CSS = """
    BoardColumn {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, status: ActionStatus, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.status = status
        self._keys: list[SortKey] = []
        self.rebuilds = 0
        # OptionList measures every option after any change and keeps a list of every line:
        # thousands of allocations and tens of milliseconds per keystroke on a big column.
        # Every card here is exactly two lines, so the line maps are computed, not stored.
        self._line_cache.lines = _CardLines(self._options)  # type: ignore[assignment]
        self._line_cache.heights = _CardHeights(self._options)  # type: ignore[assignment]
        self._line_cache.index_to_line = _CardLineStarts(self._options)  # type: ignore[assignment]

    # -- reading -----------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return len(self._keys)

    def has(self, item_id: int) -> bool:
        return str(item_id) in self._id_to_option

    def index_of(self, item_id: int) -> int | None:
        option = self._id_to_option.get(str(item_id))
        return None if option is None else self._option_to_index[option]

    @property
    def current_id(self) -> int | None:
        """The id of the highlighted card, if any."""
        if self.highlighted is None or not self._keys:
            return None
        return int(self._keys[self.highlighted][-1])

    @property
    def ids(self) -> list[int]:
        """Card ids in the order shown (for tests and the palette)."""
        return [int(key[-1]) for key in self._keys]

    # -- changing ----------------------------------------------------------------------------

    def set_cards(self, cards: Iterable[tuple[SortKey, Content]]) -> None:
        """Replace every card (the slow path: filters, toggles and big outside changes)."""
        ordered = sorted(cards, key=lambda card: card[0])
        keep = self.current_id
        self.rebuilds += 1
        self._keys = [key for key, _ in ordered]
        self.set_options(Option(content, id=str(key[-1])) for key, content in ordered)
        index = self.index_of(keep) if keep is not None else None
        if self._keys:
            self.highlighted = index if index is not None else 0

    # Single-card changes keep OptionList's cache of drawn cards: only the changed card is drawn
    # afresh. (OptionList's own add/remove/replace clear that cache, so every visible card would be
    # redrawn on each keystroke.) Cached lines may carry an old index in their mouse metadata, so
    # the mouse handlers below work from the pointer's row instead.

    def insert_card(self, key: SortKey, content: Content) -> int:
        """Add one card in sort order; the highlight stays on the card it was on."""
        index = bisect_left(self._keys, key)
        self._keys.insert(index, key)
        option = Option(content, id=str(key[-1]))
        options = self._options
        options.insert(index, option)
        self._reindex(index)
        self._id_to_option[str(key[-1])] = option
        highlighted = self.highlighted
        if highlighted is None:
            self.highlighted = index
        elif index <= highlighted:
            self.highlighted = highlighted + 1
        self._changed()
        return index

    def remove_card(self, item_id: int) -> int | None:
        """Take one card out; returns where it was (the highlight keeps its row)."""
        index = self.index_of(item_id)
        if index is None:
            return None
        del self._keys[index]
        option = self._options.pop(index)
        del self._option_to_index[option]
        self._id_to_option.pop(str(item_id), None)
        self._reindex(index)
        highlighted = self.highlighted
        if not self._options:
            self.highlighted = None
        elif highlighted is not None and (index < highlighted or highlighted >= len(self._options)):
            self.highlighted = highlighted - 1
        self._changed()
        return index

    def replace_card(self, item_id: int, content: Content) -> None:
        """Redraw one card whose place in the order did not change (a new Option: a new cache key)."""
        index = self.index_of(item_id)
        if index is None:
            return
        old = self._options[index]
        option = Option(content, id=old.id)
        self._options[index] = option
        del self._option_to_index[old]
        self._option_to_index[option] = index
        self._id_to_option[str(item_id)] = option
        self.refresh()

    def _reindex(self, start: int) -> None:
        to_index = self._option_to_index
        options = self._options
        for position in range(start, len(options)):
            to_index[options[position]] = position

    def _changed(self) -> None:
        self._mouse_hovering_over = None
        self.refresh()
        # Resize now, not while drawing: a size change mid-frame costs a second full layout.
        self._update_lines()

    def _index_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = (offset.y + self.scroll_offset.y) // CARD_LINES
        return index if 0 <= index < len(self._options) else None

    async def _on_click(self, event: events.Click) -> None:
        index = self._index_at(event)
        if index is not None:
            self.highlighted = index
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._mouse_hovering_over = self._index_at(event)

    def _update_lines(self) -> None:
        """Only the scroll size: the line maps are arithmetic (see ``_CardLines``)."""
        if not self.scrollable_content_region:
            return
        virtual_size = Size(self.scrollable_content_region.width, CARD_LINES * len(self._options))
        if virtual_size != self.virtual_size:
            # Setting ``virtual_size`` normally re-lays out the whole screen (every column and
            # scrollbar redrawn). Only this column's scroll range changed, so update it quietly;
            # if a scrollbar has to appear or go, ``_scroll_update`` still asks for a layout.
            self.set_reactive(BoardColumn.virtual_size, virtual_size)
            self._scroll_update(virtual_size)
            self.refresh()

    def key_at(self, index: int) -> SortKey:
        return self._keys[index]

    def select(self, index: int | None) -> None:
        """Move the highlight (clamped) and bring it into view."""
        if index is not None and self._keys:
            self.highlighted = max(0, min(index, len(self._keys) - 1))
            self.scroll_to_highlight()

    def select_id(self, item_id: int) -> bool:
        index = self.index_of(item_id)
        if index is None:
            return False
        self.select(index)
        return True

