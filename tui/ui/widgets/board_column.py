"""One column of the action board: a sorted list of three-line cards that draws only what is on screen.

The column is a Line API widget (a ``ScrollView``): it owns its list of action items in sort
order and builds a card's text only when one of its two lines is drawn, keeping a small cache of
drawn cards. A column of 3,000 cards therefore holds 3,000 references, not 3,000 widgets,
options or pieces of styled text, and a tick, a move or a filter never renders a card that is
off screen.

Every card is exactly ``CARD_LINES`` high (the title on up to two lines, then due date, priority
and origin), so line ``y`` belongs to card ``y // CARD_LINES``: scrolling, clicks and the
scrollbar are arithmetic. Single-card changes (``put``, ``discard``) find a card
by ``bisect`` on its sort key; ``set_cards`` is the only full rebuild and is counted, so tests
can prove that ticking does not take that path. A filter (``show_only``) picks the shown cards
out of the sorted list without sorting again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo
from typing import Any, ClassVar, NamedTuple

from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size, Spacing
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, Visual

from ...domain.dates import format_day
from ...domain.models import ActionItem, ActionStatus, Priority
from ...domain.stats import action_sort_key
from ...domain.text import flat

SortKey = tuple[Any, ...]
CARD_LINES = 3
TITLE_LINES = 2  # a longer title ends in "…" on its second line
# Drawn cards kept per column: a few screens' worth, so scrolling back and forth, moving the
# cursor and re-placing cards reuse what was drawn (a tall terminal shows about 25 per column).
RENDER_CACHE_SIZE = 100

PRIORITY_MARK = {Priority.HIGH: "▲", Priority.NORMAL: "●", Priority.LOW: "▽"}
PRIORITY_STYLE = {Priority.HIGH: "bold $accent", Priority.NORMAL: "$text-muted", Priority.LOW: "$text-muted"}

CARD = "board-column--card"
CARD_HIGHLIGHTED = "board-column--card-highlighted"
CARD_HOVER = "board-column--card-hover"



def card_content(item: ActionItem, today: date, zone: tzinfo, archived: bool = False, company: str = "") -> Content:
    """A card's text: marker and title, then (after a newline) the company of the application it
    belongs to (if any), due date, priority and origin.

    The one place a card's words are chosen; ``BoardColumn`` wraps the title line to the
    column's width when it draws it.

    Styles name theme variables (``$error``...) that Textual resolves when drawing, so the
    card follows the theme. User text goes in as plain strings: never parsed as markup.
    """
    done = item.status is ActionStatus.DONE
    title = flat(item.title) or "(untitled)"
    if done:
        head: list[str | tuple[str, str]] = [("✓ ", "bold $success"), (title, "$text-muted")]
    else:
        head = [(PRIORITY_MARK[item.priority] + " ", PRIORITY_STYLE[item.priority]), title]
    meta: list[tuple[str, str]] = []
    company = flat(company)
    if company:
        meta.append((company, "bold $accent"))
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
    origin = flat(item.origin)
    if origin:
        meta.append((origin, "$text-muted italic"))
    parts: list[str | tuple[str, str]] = [*head, "\n  "]
    for n, part in enumerate(meta):
        if n:
            parts.append((" · ", "$text-muted"))
        parts.append(part)
    return Content.assemble(*parts)


def _local_day(moment: datetime | None, zone: tzinfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def card_lines(card: Content, width: int) -> Content:
    """``card`` laid out as a card of ``CARD_LINES`` lines ``width`` cells wide: its first line
    (marker and title) wrapped over up to ``TITLE_LINES`` lines, the last ending in "…" if the
    title goes on; the continuation indented under the title; then the details line."""
    head, *others = card.split("\n", allow_blank=True)
    details = Content("\n").join(others)
    width = max(4, width)
    lines = head.wrap(width)
    if len(lines) > 1 and len(lines[0].plain.strip()) <= 1:  # a word longer than the line
        lines = [head.truncate(width)]
        lines.append(head[len(lines[0].plain):])
    if len(lines) > 1:
        first = lines[0]
        second = Content("  ") + _lstrip(head[len(first.plain):])
        lines = [first, second.truncate(width, ellipsis=True) if second.cell_length > width else second]
    return Content("\n").join([*lines[:TITLE_LINES], details])


def _lstrip(content: Content) -> Content:
    plain = content.plain
    return content[len(plain) - len(plain.lstrip()):]


class _Pass(NamedTuple):
    """What drawing the lines of a column needs, fixed for one drawing pass."""

    scroll_y: int
    card: Style
    highlighted: Style
    hover: Style
    blank: Strip
    layout: tuple[Spacing, int, str]  # card padding, width, theme: part of a drawn card's key


class BoardColumn(ScrollView, can_focus=True):
    """A column of cards kept in sort order; changes touch only the cards that changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {CARD, CARD_HIGHLIGHTED, CARD_HOVER}

    # Cards are exactly three lines: the title wraps over up to two (then an ellipsis), the
    # details line never wraps. The cursor and hover styles are OptionList's.
    DEFAULT_CSS = """
    BoardColumn {
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .board-column--card-highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .board-column--card-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .board-column--card-hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(
        self,
        status: ActionStatus,
        card: Callable[[ActionItem], Content],
        *,
        sort_key: Callable[[ActionItem], SortKey] = action_sort_key,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.status = status
        self._card = card
        self._sort_key = sort_key
        self._all: list[ActionItem] = []  # every card of this column, in sort order
        self._shown: list[ActionItem] = self._all  # the ones passing ``_visible`` (the same list if no filter)
        self._visible: Callable[[ActionItem], bool] | None = None
        self._held: dict[int, ActionItem] = {}  # id -> the item as held in ``_all`` (its sort key finds it)
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._renders: LRUCache[tuple[int, Style, tuple[Spacing, int, str]], tuple[ActionItem, list[Strip]]]
        self._renders = LRUCache(RENDER_CACHE_SIZE)
        self._pass: _Pass | None = None
        self._blank: tuple[tuple[int, RichStyle], Strip] | None = None
        self._border_texts: tuple[str, str] | None = None
        self.rebuilds = 0

    # -- reading -----------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """How many cards are shown."""
        return len(self._shown)

    def has(self, item_id: int) -> bool:
        return self.index_of(item_id) is not None

    def index_of(self, item_id: int) -> int | None:
        """Where the card is shown, or None."""
        item = self._held.get(item_id)
        return None if item is None else self._find(self._shown, item)

    def card_at(self, index: int) -> Content:
        """The text of the card at ``index``, as it is drawn."""
        return self._card(self._shown[index])

    @property
    def current_id(self) -> int | None:
        """The id of the highlighted card, if any."""
        if self._highlighted is None:
            return None
        return self._shown[self._highlighted].id

    @property
    def ids(self) -> list[int]:
        """Card ids in the order shown (for tests and the palette)."""
        return [item.id for item in self._shown]

    def _find(self, items: list[ActionItem], item: ActionItem) -> int | None:
        sort_key = self._sort_key
        index = bisect_left(items, sort_key(item), key=sort_key)
        return index if index < len(items) and items[index].id == item.id else None

    # -- the highlighted card ----------------------------------------------------------------

    @property
    def highlighted(self) -> int | None:
        """The index of the highlighted card (None when the column is empty)."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(index, len(self._shown) - 1)) if self._shown else None
        old, self._highlighted = self._highlighted, index
        if old != index:
            self._refresh_card(old)
            self._refresh_card(index)
        self.scroll_to_highlight()

    def select(self, index: int | None) -> None:
        """Move the highlight (clamped) and bring it into view."""
        if index is not None and self._shown:
            self.highlighted = index

    def select_id(self, item_id: int) -> bool:
        index = self.index_of(item_id)
        if index is None:
            return False
        self.select(index)
        return True

    def scroll_to_highlight(self) -> None:
        index = self._highlighted
        if index is None or not self.is_mounted:
            return
        self.scroll_to_region(
            Region(0, index * CARD_LINES, self.scrollable_content_region.width, CARD_LINES),
            force=True,
            animate=False,
            immediate=True,
        )

    def action_cursor_down(self) -> None:
        self.highlighted = 0 if self._highlighted is None else self._highlighted + 1

    def action_cursor_up(self) -> None:
        self.highlighted = 0 if self._highlighted is None else self._highlighted - 1

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self._shown) - 1

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height // CARD_LINES)
        self.highlighted = (self._highlighted or 0) + direction * page

    # -- changing ----------------------------------------------------------------------------

    def set_cards(self, items: Iterable[ActionItem], visible: Callable[[ActionItem], bool] | None = None) -> None:
        """Replace every card (the slow path: first show, a new day, many outside changes)."""
        keep = self.current_id
        self.rebuilds += 1
        self._all = sorted(items, key=self._sort_key)
        self._held = {item.id: item for item in self._all}
        self._renders.clear()
        self._filter(visible, keep, redraw=True)

    def show_only(self, visible: Callable[[ActionItem], bool] | None, narrowing: bool = False) -> None:
        """Show the cards ``visible`` accepts (None: all), keeping their order: no sort, no drawing.
        ``narrowing``: ``visible`` accepts only cards shown now, so only those are tested."""
        self._filter(visible, self.current_id, narrowing=narrowing)

    def _filter(self, visible: Callable[[ActionItem], bool] | None, keep: int | None, redraw: bool = False,
                narrowing: bool = False) -> None:
        self._visible = visible
        before = self._shown
        pool = before if narrowing else self._all
        self._shown = self._all if visible is None else [item for item in pool if visible(item)]
        # One more letter, the same matches: the same card objects, which list equality checks
        # by identity first (in C), so this costs next to nothing.
        if not redraw and self._shown == before:
            return
        self._hover = None
        index = self.index_of(keep) if keep is not None else None
        self._highlighted = None
        self._changed()
        if self._shown:
            self.highlighted = index if index is not None else 0

    def put(self, item: ActionItem) -> int | None:
        """Add or update one card in sort order; returns where it is shown (None: hidden).

        A card that keeps its place is redrawn in place; one that moves is taken out and put
        back where it now belongs. The highlight stays on the card it was on.
        """
        old = self._held.get(item.id)
        visible = self._visible
        if old is not None and self._sort_key(old) == self._sort_key(item):
            position = self._find(self._all, old)
            index = position if self._shown is self._all else self._find(self._shown, old)
            if position is not None and (index is not None) == (visible is None or visible(item)):
                self._all[position] = item
                self._held[item.id] = item
                if index is not None:
                    self._shown[index] = item
                    self._refresh_card(index)
                return index
        if old is not None:
            self.discard(item.id)
        self._held[item.id] = item
        sort_key = self._sort_key
        key = sort_key(item)
        index = bisect_left(self._all, key, key=sort_key)
        self._all.insert(index, item)
        if self._shown is not self._all:
            if visible is None or not visible(item):
                return None
            index = bisect_left(self._shown, key, key=sort_key)
            self._shown.insert(index, item)
        highlighted = self._highlighted
        if highlighted is None:
            self._highlighted = index
        elif index <= highlighted:
            self._highlighted = highlighted + 1
        self._changed(index)
        self.scroll_to_highlight()
        return index

    def discard(self, item_id: int) -> int | None:
        """Take one card out; returns where it was shown (the highlight keeps its row)."""
        old = self._held.pop(item_id, None)
        if old is None:
            return None
        position = self._find(self._all, old)
        if position is not None:
            del self._all[position]
        if self._shown is self._all:
            index = position
        else:
            index = self._find(self._shown, old)
            if index is not None:
                del self._shown[index]
        if index is None:
            return None
        highlighted = self._highlighted
        if not self._shown:
            self._highlighted = None
        elif highlighted is not None and (index < highlighted or highlighted >= len(self._shown)):
            self._highlighted = highlighted - 1
        self._changed(index)
        self.scroll_to_highlight()
        return index

    # -- the border texts ------------------------------------------------------------------------

    def set_border_texts(self, title: str, subtitle: str) -> None:
        """Set the title and subtitle in the border, only when they changed (each set repaints
        the column: a tick changes the counts of two columns, not of the third)."""
        if self._border_texts == (title, subtitle):
            return
        self._border_texts = (title, subtitle)
        self.border_title, self.border_subtitle = title, subtitle

    # -- drawing -------------------------------------------------------------------------------

    def _changed(self, from_index: int = 0) -> None:
        """Cards from ``from_index`` on moved: redraw from there, and resize the scroll range."""
        self._hover = None
        self._update_virtual_size()
        top = from_index * CARD_LINES - self.scroll_offset.y
        height = self.scrollable_content_region.height
        if top < height:
            self.refresh(Region(0, max(0, top), self.size.width, height - max(0, top)))

    def _refresh_card(self, index: int | None) -> None:
        if index is None:
            return
        top = index * CARD_LINES - self.scroll_offset.y
        if -CARD_LINES < top < self.scrollable_content_region.height:
            self.refresh(Region(0, top, self.size.width, CARD_LINES))

    def _update_virtual_size(self) -> None:
        """Give the column its new scroll range after cards came or went.

        Setting ``virtual_size`` lays out the whole screen again (every column redrawn: 20-30 ms
        of a tick on the large store). Unless the scrollbar has to appear or go, only this
        column's range and its scrollbar's numbers change, so set just those (public reactives).
        """
        virtual_size = Size(self.scrollable_content_region.width, CARD_LINES * len(self._shown))
        old = self.virtual_size
        if virtual_size == old:
            return
        window = self.container_size.height
        scrolls_before, scrolls_after = old.height > window, virtual_size.height > window
        if not self.is_mounted or old.width != virtual_size.width or scrolls_before != scrolls_after:
            self.virtual_size = virtual_size  # a layout: the scrollbar appears, goes or resizes
            return
        self.set_reactive(BoardColumn.virtual_size, virtual_size)
        if scrolls_after and self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = virtual_size.height
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self.scroll_to_highlight()

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._begin_pass()
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def render_line(self, y: int) -> Strip:
        if self._pass is not None:
            return self._line(y)
        self._begin_pass()  # drawn on its own, not through ``render_lines``
        try:
            return self._line(y)
        finally:
            self._pass = None

    def _begin_pass(self) -> None:
        """Look up once what every line of a drawing pass needs (not once per line)."""
        width = self.scrollable_content_region.width
        card = self.get_visual_style(CARD)
        self._pass = _Pass(
            self.scroll_offset.y,
            card,
            self.get_visual_style(CARD, CARD_HIGHLIGHTED),
            self.get_visual_style(CARD, CARD_HOVER),
            self._blank_line(width, card.rich_style),
            (self.get_component_styles(CARD).padding, width, self.app.theme),
        )

    def _blank_line(self, width: int, style: RichStyle) -> Strip:
        """The line below the last card: made once while it looks the same."""
        key = (width, style)
        if self._blank is None or self._blank[0] != key:
            self._blank = (key, Strip.blank(width, style))
        return self._blank[1]

    def _line(self, y: int) -> Strip:
        frame = self._pass
        assert frame is not None
        index, line = divmod(frame.scroll_y + y, CARD_LINES)
        if not 0 <= index < len(self._shown):
            return frame.blank
        if index == self._highlighted:
            style = frame.highlighted
        elif index == self._hover:
            style = frame.hover
        else:
            style = frame.card
        strips = self._render_card(self._shown[index], style, frame)
        return strips[line] if line < len(strips) else frame.blank

    def _render_card(self, item: ActionItem, style: Style, frame: _Pass) -> list[Strip]:
        # Keyed by the item's identity: hashing an item hashes its datetimes, which asks the time
        # zone for its offset (slow with dateutil zones). Items are immutable and the cache
        # holds on to each item it keys, so an id is never reused while its entry exists.
        key = (id(item), style, frame.layout)
        cached = self._renders.get(key)
        if cached is not None and cached[0] is item:
            return cached[1]
        padding, width, _theme = frame.layout
        visual: Visual = card_lines(self._card(item), width - padding.width)
        if padding:
            visual = Padding(visual, padding)
        rendered = Visual.to_strips(self, visual, width, CARD_LINES, style)
        strips = [strip.extend_cell_length(width, style.rich_style) for strip in rendered]
        self._renders[key] = (item, strips)
        return strips

    # -- mouse ---------------------------------------------------------------------------------

    def _index_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = (offset.y + self.scroll_offset.y) // CARD_LINES
        return index if 0 <= index < len(self._shown) else None

    def on_click(self, event: events.Click) -> None:
        index = self._index_at(event)
        if index is not None:
            self.highlighted = index

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._index_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            old, self._hover = self._hover, index
            self._refresh_card(old)
            self._refresh_card(index)
