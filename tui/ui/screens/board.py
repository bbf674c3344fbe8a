"""The action board: To do, Doing and Done, fully from the keyboard, instant with 10,000 items.

The screen keeps every action item in memory (``_items``); each column keeps its items in sort
order and builds a card's text only when it draws it (see ``BoardColumn``). A keystroke changes
the item in memory, moves or redraws that one card, and only then hands the write to the app's
writer thread (``app.change(..., refresh=False, after_frame=True)``: started once the frame that
shows the change is drawn), so the screen never waits for the disk.

``reload`` (undo, coming back to the board, outside changes) asks the store which records
changed since the board last looked (``changes_since``) and re-places only those; every item is
compared only when the store cannot say (another process wrote, a write failed). Columns are
sorted from scratch only on first show, on a new day, or when very many items changed at once;
the filter and the archive toggle pick cards out of the sorted columns without sorting again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input

from ..dialogs.action_detail import ActionDetailDialog
from ..dialogs.action_form import ActionFormDialog
from ..dialogs.confirm import ConfirmDialog
from ...domain.action_links import reads_like_follow_up
from ...domain.models import ActionItem, ActionStatus
from ..messages import DataChanged
from ...services.editor import Editor
from ...domain.text import flat
from ..widgets.board_column import BoardColumn, card_content
from ..widgets.keys_footer import KeysFooter
from .base import DataScreen

COLUMNS: tuple[ActionStatus, ...] = (ActionStatus.TODO, ActionStatus.DOING, ActionStatus.DONE)
# Done shows what was finished in the last 14 days; older done items are archived (z shows them).
ARCHIVE_AFTER_DAYS = 14
# Above this many differences, a reload redraws the columns instead of moving cards one by one.
DIFF_LIMIT = 400
# Boards bigger than this wait for a pause in typing before filtering. Below it every letter
# filters at once: with the search texts kept (``SearchTexts``) and a longer word looking only
# among the cards already shown, a letter costs a few ms on 10,000 items (bench: filter row).
INSTANT_FILTER_LIMIT = 20_000
FILTER_DELAY = 0.15


def search_text(item: ActionItem) -> str:
    """What the filter looks in: title, origin and notes, casefolded."""
    return f"{item.title}\n{item.origin}\n{item.notes}".casefold()


class SearchTexts:
    """``search_text`` kept per item until the item changes: a filter of 10,000 items then
    costs a substring test per item per letter, not a string build and a casefold."""

    def __init__(self) -> None:
        self.entries: dict[int, tuple[ActionItem, str]] = {}  # id -> (the item, its text)

    def __call__(self, item: ActionItem) -> str:
        entry = self.entries.get(item.id)
        if entry is not None and entry[0] is item:  # items are immutable: same object, same text
            return entry[1]
        text = search_text(item)
        self.entries[item.id] = (item, text)
        return text

    def forget(self, item_id: int) -> None:
        self.entries.pop(item_id, None)


def narrows(old: list[str], new: list[str]) -> bool:
    """True if every item ``new`` matches also matches ``old``: each old word is inside a new one
    (typing on at the end of a word, or adding a word). Then only the cards shown need a test."""
    return bool(old) and all(any(word in longer for longer in new) for word in old)


def matcher(words: list[str], text_of: Callable[[ActionItem], str] = search_text) -> Callable[[ActionItem], bool] | None:
    """The filter's test: every word (casefolded) is in the title, origin or notes."""
    if not words:
        return None
    if len(words) == 1 and isinstance(text_of, SearchTexts):
        # The common case, run on every shown card per letter: the kept text looked up inline
        # (``SearchTexts.__call__`` without the call, which halves the test).
        word, lookup = words[0], text_of.entries.get

        def contains(item: ActionItem) -> bool:
            entry = lookup(item.id)
            return word in (entry[1] if entry is not None and entry[0] is item else text_of(item))

        return contains
    if len(words) == 1:
        word = words[0]
        return lambda item: word in text_of(item)

    def matches(item: ActionItem) -> bool:
        text = text_of(item)
        return all(word in text for word in words)

    return matches


class FilterInput(Input):
    """The filter box. Textual's ``Input`` sets its ``virtual_size`` on every letter, and that
    reactive asks for a layout of the whole screen, which redraws every column of the board.
    This box is as wide as the screen whatever it holds (``Input`` lays itself out again when
    its size does depend on its text), so here a letter only repaints the box."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0))


class BoardScreen(DataScreen):
    """Three columns of action item cards; every change is one keystroke and saved at once."""

    CSS_PATH = "../styles/board.tcss"

    # Textual's ``Screen.focused`` repaints the whole screen when the focus moves. Here the focus
    # moves with the card on every > and < (and h, l), and what the move changes is already
    # redrawn on its own: the two columns restyle for ``:focus`` and redraw, the footer
    # refreshes its keys. Repainting everything else too doubled the cost of a move.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    BINDINGS = [
        Binding("space,x", "tick", "Tick", key_display="space"),
        Binding("greater_than_sign,shift+right", "move(1)", "Move →", key_display=">"),
        Binding("less_than_sign,shift+left", "move(-1)", "Move ←", key_display="<"),
        Binding("a", "add", "Add"),
        Binding("enter", "details", "Details", show=False),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("p", "priority", "Priority"),
        # priority: handled as it arrives, so letters typed right after it already go in the box
        Binding("slash", "filter", "Filter", key_display="/", priority=True),
        Binding("z", "archived", "Archived"),
        Binding("h,left", "column(-1)", "Previous column", show=False),
        Binding("l,right", "column(1)", "Next column", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[int, ActionItem] = {}
        self._archived_ids: set[int] = set()  # done long enough ago to be archived (filter or not)
        self._archived: set[int] = set()  # the archived ones that match the filter (the subtitle's count)
        self._today: date | None = None
        self._revision: int | None = None  # the store's ``actions.revision`` the board last showed
        self._look_at_everything = True  # next reload compares every item (another process wrote...)
        self._filter = ""
        self._show_archived = False
        self._pending_writes = 0
        self._reload_deferred = False
        self._last_column: BoardColumn | None = None
        self._filter_words: list[str] = []
        self._matcher: Callable[[ActionItem], bool] | None = None
        self._search_texts = SearchTexts()
        self._filter_timer: Timer | None = None
        self.columns: dict[ActionStatus, BoardColumn] = {
            status: BoardColumn(status, self._card, id=f"column-{status.value}") for status in COLUMNS
        }

    def compose(self) -> ComposeResult:
        yield Header()
        filter_input = FilterInput(placeholder="filter: type a word (esc clears)", id="board-filter")
        filter_input.display = False
        yield filter_input
        with Horizontal(id="board-columns"):
            yield from self.columns.values()
        yield KeysFooter()

    def on_mount(self) -> None:
        # DataScreen.on_mount (the first load) runs after this: Textual calls each class's handler.
        self.columns[ActionStatus.TODO].focus()

    # -- what is shown -----------------------------------------------------------------------

    @property
    def rebuilds(self) -> int:
        """How many times any column was rebuilt from scratch (tests check ticking adds none)."""
        return sum(column.rebuilds for column in self.columns.values())

    def today(self) -> date:
        clock = self.nr_app.clock
        return clock.now().astimezone(clock.tz).date()

    def _is_archived(self, item: ActionItem) -> bool:
        if item.status is not ActionStatus.DONE or item.completed_at is None or self._today is None:
            return False
        done_on = item.completed_at.astimezone(self.nr_app.clock.tz).date()
        return (self._today - done_on).days >= ARCHIVE_AFTER_DAYS

    def _matches(self, item: ActionItem) -> bool:
        return self._matcher is None or self._matcher(item)

    def _visible_in(self, status: ActionStatus) -> Callable[[ActionItem], bool] | None:
        """What a column shows: None when it shows every card it has.

        Done hides archived cards (``_archived_ids`` is read live, so archiving one later needs
        no new predicate). Predicates are plain closures: a filter runs them over 10,000 items.
        """
        matches = self._matcher
        hidden = self._archived_ids if status is ActionStatus.DONE and not self._show_archived else None
        if hidden is None:
            return matches
        if matches is None:
            return lambda item: item.id not in hidden
        return lambda item: item.id not in hidden and matches(item)

    def _card(self, item: ActionItem) -> Content:
        """A card's text: built only when the column draws it (see ``BoardColumn``)."""
        app = self.nr_app.store.applications.get(item.application_id) if item.application_id is not None else None
        company = app.company if app is not None else ""
        return card_content(item, self._today or self.today(), self.nr_app.clock.tz, item.id in self._archived_ids, company)

    def _update_titles(self) -> None:
        """Counts in the column borders; a change repaints only the border line it is on."""
        for status, column in self.columns.items():
            title = f"{status.label} · {column.count:,}"
            subtitle = ""
            if column.count == 0:
                subtitle = "no cards match the filter" if self._filter else "nothing here · a to add"
            if status is ActionStatus.DONE and self._archived:
                verb = "hide" if self._show_archived else "show"
                subtitle = f"{len(self._archived):,} archived · z to {verb}"
            column.set_border_texts(title, subtitle)

    # -- building and re-placing cards -------------------------------------------------------

    def reload(self) -> None:
        """Bring the board in line with the store, moving only the cards that differ.

        After this process's own writes the store says which records changed since the board
        last looked (``changes_since``), so a reload costs the same with 10 or 10,000 items;
        only when that is unknown (another process wrote, a write failed) is every item compared.
        """
        actions = self.nr_app.store.actions
        today = self.today()
        revision = actions.revision  # before reading: a write landing meanwhile shows up next time too
        since = None if self._look_at_everything or self._revision is None else actions.changes_since(self._revision)
        self._revision = revision
        self._look_at_everything = False
        if today != self._today or not any(column.rebuilds for column in self.columns.values()):
            self._today = today
            self._items = {item.id: item for item in actions.all()}
            self._rebuild()
            return
        changed: list[int] = []
        if since is None:
            fresh = {item.id: item for item in actions.all()}
            old = self._items
            changed = [item_id for item_id, item in fresh.items() if old.get(item_id) != item]
            changed += [item_id for item_id in old if item_id not in fresh]
            self._items = fresh
        else:
            for item_id in since:
                item = actions.get(item_id)
                if item == self._items.get(item_id):
                    continue
                changed.append(item_id)
                if item is None:
                    del self._items[item_id]
                    self._search_texts.forget(item_id)
                else:
                    self._items[item_id] = item
        if not changed:
            return
        if len(changed) > DIFF_LIMIT:
            self._rebuild()
            return
        placed = [self._place(item_id) for item_id in changed]
        self._update_titles()
        if len(changed) == 1 and placed[0] is not None:
            self._follow(*placed[0])

    def _rebuild(self) -> None:
        """The slow path: sort whole columns again (first show, a new day, many outside changes)."""
        self._archived_ids.clear()  # the same set: Done's test reads it (see ``_visible_in``)
        self._archived_ids.update(i for i, item in self._items.items() if self._is_archived(item))
        self._archived = self._archived_matching()
        cards: dict[ActionStatus, list[ActionItem]] = {status: [] for status in COLUMNS}
        for item in self._items.values():
            cards[item.status].append(item)
        for status in COLUMNS:
            self.columns[status].set_cards(cards[status], self._visible_in(status))
        self._update_titles()

    def _archived_matching(self, among: set[int] | None = None) -> set[int]:
        """Archived cards the filter lets through, from ``among`` (default: every archived card)."""
        matches, items, pool = self._matcher, self._items, self._archived_ids if among is None else among
        return set(pool) if matches is None else {i for i in pool if matches(items[i])}

    def _refilter(self, narrowing: bool = False) -> None:
        """The filter or the archive toggle changed: pick the shown cards again (no sort).
        ``narrowing``: the new filter only drops cards, so only the cards shown are tested."""
        self._archived = self._archived_matching(among=self._archived if narrowing else None)
        for status, column in self.columns.items():
            column.show_only(self._visible_in(status), narrowing=narrowing)
        self._update_titles()

    def _place(self, item_id: int) -> tuple[BoardColumn, int] | None:
        """Put one item's card where it belongs now (or nowhere); the one fast path for changes."""
        item = self._items.get(item_id)
        self._archived_ids.discard(item_id)
        self._archived.discard(item_id)
        target: BoardColumn | None = None
        if item is not None:
            if self._is_archived(item):
                self._archived_ids.add(item_id)
                if self._matches(item):
                    self._archived.add(item_id)
            target = self.columns[item.status]
        for column in self.columns.values():
            if column is not target:
                column.discard(item_id)
        if target is None or item is None:
            return None
        index = target.put(item)
        return None if index is None else (target, index)

    def _follow(self, column: BoardColumn, index: int) -> None:
        """Move the cursor to a card that just moved."""
        self._focus_column(column)
        column.select(index)

    def _focus_column(self, column: BoardColumn) -> None:
        """Focus now, not on the next loop turn (``Widget.focus`` is deferred), so a second key
        pressed straight after (h h, or l then >) already sees the new column."""
        self.set_focus(column)
        self._last_column = column

    # -- the current card ----------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(self.focused, BoardColumn):
            self._last_column = self.focused

    def current_column(self) -> BoardColumn:
        if isinstance(self.focused, BoardColumn):
            return self.focused
        return self._last_column or self.columns[ActionStatus.TODO]

    def current_item(self) -> ActionItem | None:
        item_id = self.current_column().current_id
        return self._items.get(item_id) if item_id is not None else None

    # -- writing ---------------------------------------------------------------------------------

    def _write(self, operation: Callable[[Editor], Any], on_done: Callable[[Any], None] | None = None) -> None:
        """Save in the background; reloads asked for meanwhile wait until the writes are in."""
        self._pending_writes += 1
        loop = asyncio.get_running_loop()
        future = self.nr_app.change(operation, on_done=on_done, refresh=False, after_frame=True)
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._write_settled))

    def _write_settled(self) -> None:
        self._pending_writes -= 1
        if self._pending_writes == 0 and self._reload_deferred:
            self._reload_deferred = False
            self.reload_if_changed()

    def reload_if_changed(self) -> None:
        if self._pending_writes:
            # The store does not have our latest changes yet: reading it now would undo them on screen.
            self._reload_deferred = True
            return
        super().reload_if_changed()

    def on_data_changed(self, message: DataChanged) -> None:
        if message.external:
            # Another process wrote, or one of our writes failed: look again even if the version
            # matches, and at every item (a failed write left our own change on screen).
            self._seen_version = None
            self._look_at_everything = True

    def _change(self, new: ActionItem, description: str, follow: bool) -> None:
        """Show a changed item at once, then save it."""
        self._items[new.id] = new
        placed = self._place(new.id)
        self._update_titles()
        if follow and placed is not None:
            self._follow(*placed)
        self._write(lambda editor: editor.save_action(new, description))

    # -- actions -----------------------------------------------------------------------------------

    def action_column(self, step: int) -> None:
        index = COLUMNS.index(self.current_column().status)
        self._focus_column(self.columns[COLUMNS[max(0, min(len(COLUMNS) - 1, index + step))]])

    def action_tick(self) -> None:
        """Done, or back to To do if it was done; the cursor stays in its row for the next one."""
        item = self.current_item()
        if item is None:
            return
        done = item.status is ActionStatus.DONE
        target = ActionStatus.TODO if done else ActionStatus.DONE
        title = flat(item.title)
        description = f"unticked “{title}”" if done else f"ticked “{title}” done"
        self._change(item.moved_to(target, self.nr_app.clock.now()), description, follow=False)
        if not done:
            self._offer_follow_up(item)

    def _offer_follow_up(self, item: ActionItem) -> None:
        """A ticked "Email Priya about Brightwave": ask whether to record the follow-up it was."""
        app = self.nr_app.store.applications.get(item.application_id) if item.application_id is not None else None
        if app is None or not app.stage.is_open or not reads_like_follow_up(item.title, app):
            return
        title, company = flat(item.title), flat(app.company)
        question = f"“{title}” sounds like a follow-up to {company}. Record it as one on the application's timeline?"

        def answered(record: bool | None) -> None:
            if not record:
                return

            def done(updated: object) -> None:
                if updated is None:
                    self.notify(f"{company} is no longer there; nothing recorded.", severity="warning", markup=False)
                else:
                    self.notify(f"Recorded a follow-up to {company} — u to undo", markup=False, timeout=4)

            self._write(lambda editor: editor.record_follow_up(app.id, title), on_done=done)

        self.app.push_screen(ConfirmDialog("Was it a follow-up?", question, yes="Record follow-up", no="Not now"), answered)

    def action_move(self, step: int) -> None:
        """Move the card one column along; the cursor follows it."""
        item = self.current_item()
        if item is None:
            return
        index = COLUMNS.index(item.status) + step
        if not 0 <= index < len(COLUMNS):
            self.notify(f"Already in {item.status.label}.", timeout=2)
            return
        target = COLUMNS[index]
        self._change(item.moved_to(target, self.nr_app.clock.now()), f"moved “{flat(item.title)}” to {target.label}", follow=True)

    def action_priority(self) -> None:
        item = self.current_item()
        if item is None:
            return
        priority = item.priority.cycled()
        self._change(item.with_changes(priority=priority), f"set “{flat(item.title)}” to {priority.value} priority", follow=True)

    def action_add(self) -> None:
        status = self.current_column().status

        def added(saved: ActionItem) -> None:
            self._items[saved.id] = saved
            placed = self._place(saved.id)
            self._update_titles()
            if placed is not None:
                self._follow(*placed)
            else:
                self.notify(f"Added “{flat(saved.title)}” (hidden by the filter).", markup=False, timeout=3)

        def chosen(result: ActionItem | None) -> None:
            if result is None:
                return
            now = self.nr_app.clock.now()
            item = replace(result, status=status, completed_at=now if status is ActionStatus.DONE else None)
            self._write(lambda editor: editor.add_action(item), on_done=added)

        applications = self.nr_app.store.applications.all()
        self.app.push_screen(ActionFormDialog(today=self.today(), applications=applications), chosen)

    def action_edit(self) -> None:
        item = self.current_item()
        if item is None:
            return

        def chosen(result: ActionItem | None) -> None:
            if result is not None and result != item:
                self._change(result, f"edited “{flat(result.title)}”", follow=True)

        applications = self.nr_app.store.applications.all()
        self.app.push_screen(ActionFormDialog(item, today=self.today(), applications=applications), chosen)

    def action_details(self) -> None:
        """The whole card in a dialog (a card shows two lines of its title); e there edits it."""
        item = self.current_item()
        if item is None:
            return
        application = self.nr_app.store.applications.get(item.application_id) if item.application_id else None

        def chosen(choice: str | None) -> None:
            if choice == "edit":
                self.action_edit()

        clock = self.nr_app.clock
        self.app.push_screen(ActionDetailDialog(item, clock.now(), clock.tz, application), chosen)

    def action_delete(self) -> None:
        """Delete without asking: u brings it back, and the toast says so."""
        item = self.current_item()
        if item is None:
            return
        self._items.pop(item.id, None)
        self._search_texts.forget(item.id)
        self._place(item.id)
        self._update_titles()
        self._write(lambda editor: editor.delete_action(item.id))
        self.notify(f"Deleted “{flat(item.title)}” — u to undo", markup=False, timeout=4)

    def action_archived(self) -> None:
        self._show_archived = not self._show_archived
        self._refilter()
        if self._show_archived:
            self.notify("Showing archived done items too.", timeout=2)
        else:
            self.notify(f"Done shows the last {ARCHIVE_AFTER_DAYS} days again.", timeout=2)

    # -- filter ----------------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#board-filter", Input)
        box.display = True
        self.set_focus(box)  # now, not next turn: letters typed right after / go in the box

    def action_clear_filter(self) -> None:
        box = self.query_one("#board-filter", Input)
        if not box.display and not self._filter:
            return
        box.value = ""
        box.display = False
        self._set_filter("")
        self._focus_column(self.current_column())

    @on(Input.Changed, "#board-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if len(self._items) <= INSTANT_FILTER_LIMIT:
            self._set_filter(event.value)
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, lambda: self._set_filter(event.value))

    @on(Input.Submitted, "#board-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self._set_filter(event.value)
        if not event.value.strip():
            event.input.display = False
        self._focus_column(self.current_column())

    def _set_filter(self, text: str) -> None:
        text = " ".join(text.split())
        if text != self._filter:
            old_words = self._filter_words
            self._filter = text
            self._filter_words = text.casefold().split()
            self._matcher = matcher(self._filter_words, self._search_texts)
            self._refilter(narrowing=narrows(old_words, self._filter_words))

    # -- command palette ---------------------------------------------------------------------------

    def commands(self) -> Iterable[SystemCommand]:
        archived = "Hide archived done items" if self._show_archived else "Show archived done items"
        return (
            SystemCommand("Add action item", "A new card in the focused column (a)", self.action_add),
            SystemCommand("Show action item", "The selected card in full: notes, application, history (enter)", self.action_details),
            SystemCommand("Edit action item", "Change the selected card (e)", self.action_edit),
            SystemCommand("Delete action item", "Remove the selected card; u brings it back (d)", self.action_delete),
            SystemCommand("Tick action item", "Mark the selected card done, or not done (space)", self.action_tick),
            SystemCommand("Move card right", "To the next column (>)", lambda: self.action_move(1)),
            SystemCommand("Move card left", "To the previous column (<)", lambda: self.action_move(-1)),
            SystemCommand("Cycle priority", "Low, normal, high (p)", self.action_priority),
            SystemCommand("Filter the board", "Show only cards with a word (/)", self.action_filter),
            SystemCommand(archived, f"Done items older than {ARCHIVE_AFTER_DAYS} days (z)", self.action_archived),
        )
