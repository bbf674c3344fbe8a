"""The Applications screen: every application in one sortable, filterable table.

Single keys move an application along (s, i, f, o, w, g) or mark it rejected (r). A change
shows at once (the row is updated in place) and is written in the background; rows stay where
they are until the set of rows, the sort or the filter changes, so the cursor never loses the
application it is on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.widgets import DataTable, Header, Input, Label, Static

from ..dialogs.application_form import ApplicationForm
from ..dialogs.reject_dialog import RejectDialog, RejectResult
from ..dialogs.timeline_dialog import TimelineDialog
from ...domain.action_links import open_actions_for
from ...domain.models import Application, Rejection, Stage
from ..messages import DataChanged
from ...services.editor import Editor
from ...store import Store
from ...domain.text import clean, literal
from ..keymap import list_bindings
from ..widgets.keys_footer import KeysFooter
from .application_rows import (
    COLUMN_KEYS,
    COLUMNS,
    MAX_ROW_UPDATES,
    NEWEST_FIRST,
    STAGE_KEYS,
    column_widths,
    keys_hint,
    matches,
    reminder_text,
    row_cells,
    soonest_reminders,
    sort_order_text,
    sort_value,
)
from .base import DataScreen

# Names the tests and other modules used from here before the row helpers moved out.
__all__ = ["ApplicationsScreen", "COLUMNS", "STAGE_KEYS", "matches"]


class ApplicationsTable(DataTable[Text]):
    """The list itself, with the keys every list shares (j / k, g / G)."""

    BINDINGS = list_bindings(first="scroll_top", last="scroll_bottom")


class ApplicationsScreen(DataScreen):
    """The list of applications; every change goes through ``app.change`` (never on the event loop).

    A change the list shows before it is saved (a stage, an edit, a delete) is saved after the
    frame that shows it (``after_frame``), as on the board.
    """

    # Rows show applications and their next reminder (rejections and check-ins drive those).
    WATCHES = ("applications", "rejections", "checkins")
    CSS_PATH = "../styles/applications.tcss"
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("r", "reject", "Rejected"),
        Binding("A", "mark_applied", "Applied (from wishlist)", show=False),
        *(Binding(key, f"stage('{stage.value}')", stage.label, show=False) for key, stage in STAGE_KEYS),
        # priority: handled as it arrives, so letters typed right after it already go in the box
        Binding("slash", "filter", "Filter", key_display="/", priority=True),
        # ctrl+s means save, in every form: sorting has its own key.
        Binding("S", "sort", "Sort"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._apps: dict[int, Application] = {}
        self._next_reminders: dict[int, tuple[str, datetime]] = {}
        self._reminders_loaded = False
        self._row_ids: list[int] = []
        # What each row shows, and the record and day it was drawn from (records from the store
        # are shared until they change, so an identical record on the same day needs no work).
        self._shown_cells: dict[int, tuple[str, ...]] = {}
        self._shown_from: dict[int, Application] = {}
        self._shown_day: date | None = None
        self._sort_key = "last_change"
        self._sort_reverse = True
        self._filter_words: list[str] = []
        self._layout: tuple[bool, int, int] | None = None  # (narrow, company width, role width)

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="apps-body"):
            with Horizontal(id="apps-filter-bar"):
                yield Label("Filter", id="apps-filter-label")
                yield Input(placeholder="company, role or stage words (enter keeps, esc clears)", id="apps-filter", compact=True)
            table: DataTable[Text] = ApplicationsTable(cursor_type="row", zebra_stripes=True, id="apps-table")
            table.border_title = "Applications"
            yield table
            empty = Static("", id="apps-empty")
            empty.border_title = "Applications"
            yield empty
            yield Static("", id="apps-keys")
        yield KeysFooter()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#apps-table", DataTable)

    def on_mount(self) -> None:
        # DataScreen.on_mount runs after this one (Textual calls each class's handler) and loads the rows.
        self._relayout(self.size.width)
        self.table.focus()

    def on_resize(self, event: Resize) -> None:
        self._relayout(event.size.width)

    def _relayout(self, width: int) -> None:
        """Give company and role what the fixed columns leave; rebuild only if that changed."""
        if width <= 0:
            return
        layout = column_widths(width)
        narrow = layout[0]
        if layout == self._layout:
            return
        self._layout = layout
        self._build_columns()
        self._show(force=True)
        self.query_one("#apps-keys", Static).update(keys_hint(narrow))

    def _build_columns(self) -> None:
        assert self._layout is not None
        narrow, company, role = self._layout
        table = self.table
        table.clear(columns=True)
        self._row_ids = []
        for key, wide_label, narrow_label in COLUMNS:
            label = Text(narrow_label if narrow else wide_label)
            if key == self._sort_key:
                label.append(" ▼" if self._sort_reverse else " ▲")
            width = {"company": company, "role": role}.get(key)
            table.add_column(label, key=key, width=width)

    # -- what a row shows ------------------------------------------------------------------------

    def next_reminder_text(self, app: Application) -> str:
        """When this application will next nudge (follow up / move on), from the reminder rules."""
        clock = self.nr_app.clock
        narrow = bool(self._layout and self._layout[0])
        return reminder_text(self._next_reminders.get(app.id), clock.now(), clock.tz, narrow)

    def _soonest_per_application(self, store: Store) -> dict[int, tuple[str, datetime]]:
        return soonest_reminders(store, self.nr_app.clock)

    def _load_next_reminders(self) -> None:
        """On the writer thread (the rules read every check-in; the list is usable meanwhile),
        except the first time: the table is then built once, complete, rather than twice."""
        app = self.nr_app
        if not self._reminders_loaded:
            self._reminders_loaded = True
            self._next_reminders = self._soonest_per_application(app.store)
            return
        app.read(self._soonest_per_application, on_done=self._next_reminders_loaded)

    def _next_reminders_loaded(self, soonest: dict[int, tuple[str, datetime]]) -> None:
        if soonest == self._next_reminders or not self.is_attached:
            return
        self._shown_from = {}  # rows whose record did not change may still show a new reminder
        self._next_reminders = soonest
        self._show()

    def refresh_rows(self) -> None:
        """Recompute every row's text (e.g. when reminders moved on without the data changing)."""
        self._shown_from = {}
        self._show()

    def _today(self) -> date:
        clock = self.nr_app.clock
        return clock.now().astimezone(clock.tz).date()

    def _cells(self, app: Application, today: date) -> tuple[Text, ...]:
        narrow = bool(self._layout and self._layout[0])
        return row_cells(app, today, narrow, self.nr_app.clock.tz, self.next_reminder_text(app))

    # -- showing rows ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the applications; rows that did not change are left alone."""
        self._apps = {app.id: app for app in self.nr_app.store.applications.all()}
        self._load_next_reminders()
        self._show()

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        """A failed write or another process: re-read even if our version counter did not move."""
        if message.external:
            self._seen_version = None

    def _sort_value(self, app: Application) -> Any:
        upcoming = self._next_reminders.get(app.id)
        return sort_value(app, self._sort_key, upcoming[1] if upcoming else None)

    def _visible(self) -> list[Application]:
        apps = [a for a in self._apps.values() if matches(a, self._filter_words)]
        apps.sort(key=lambda a: (a.company.casefold(), a.id))
        apps.sort(key=self._sort_value, reverse=self._sort_reverse)
        return apps

    def _show(self, force: bool = False, select: int | None = None) -> None:
        """Bring the table in line with ``self._apps``: in place if the same rows, else rebuilt."""
        if self._layout is None:
            return
        visible = self._visible()
        ids = [a.id for a in visible]
        today = self._today()
        same_rows = len(ids) == len(self._row_ids) and set(ids) == set(self._row_ids)
        stale = [a for a in visible if self._shown_from.get(a.id) is not a or self._shown_day != today]
        # Many changed rows (the next reminders arriving, a new day): one rebuild is linear, while
        # DataTable re-measures a whole column for each cell that gets narrower.
        if not force and same_rows and len(stale) <= MAX_ROW_UPDATES:
            for app in stale:
                self._update_row(app, today)
            self._shown_day = today
        else:
            self._rebuild(visible, today, select if select is not None else self.current_id())
        if select is not None and select in self._row_ids:
            self.table.move_cursor(row=self._row_ids.index(select), animate=False)
        self._update_chrome()

    def _rebuild(self, visible: list[Application], today: date, keep: int | None) -> None:
        table = self.table
        old_row = table.cursor_row
        table.clear()
        self._shown_cells = {}
        self._shown_from = {}
        self._shown_day = today
        for app in visible:
            cells = self._cells(app, today)
            table.add_row(*cells, key=str(app.id))
            self._shown_cells[app.id] = tuple(c.plain for c in cells)
            self._shown_from[app.id] = app
        self._row_ids = [a.id for a in visible]
        if not self._row_ids:
            return
        row = self._row_ids.index(keep) if keep in self._row_ids else min(max(old_row, 0), len(self._row_ids) - 1)
        table.move_cursor(row=row, animate=False)

    def _update_row(self, app: Application, today: date) -> None:
        """Update only the cells whose text changed (no rebuild for a one-row change)."""
        if self._shown_from.get(app.id) is app and self._shown_day == today:
            return
        self._shown_from[app.id] = app
        cells = self._cells(app, today)
        plain = tuple(c.plain for c in cells)
        old = self._shown_cells.get(app.id)
        if old == plain:
            return
        for index, (key, value) in enumerate(zip(COLUMN_KEYS, cells, strict=True)):
            if old is None or old[index] != plain[index]:
                self.table.update_cell(str(app.id), key, value, update_width=key not in ("company", "role"))
        self._shown_cells[app.id] = plain

    def _update_chrome(self) -> None:
        """The empty/no-match hint, and the count and sort order under the table."""
        table = self.table
        empty = self.query_one("#apps-empty", Static)
        total, shown = len(self._apps), len(self._row_ids)
        if total == 0:
            empty.update(Text.assemble("No applications yet — press ", ("a", "bold"), " to add your first."))
        elif shown == 0:
            words = " ".join(self._filter_words)
            empty.update(Text.assemble("Nothing matches “", literal(words), "”. Press ", ("esc", "bold"), " to clear the filter."))
        table.display = shown > 0
        empty.display = shown == 0
        self.query_one("#apps-keys").display = total > 0
        label = dict((k, w) for k, w, _ in COLUMNS)[self._sort_key].lower()
        order = sort_order_text(self._sort_key, self._sort_reverse)
        count = f"{shown} of {total}" if shown != total else f"{total}"
        table.border_subtitle = Text(f"{count} · by {label}, {order}")

    # -- the selected application -------------------------------------------------------------------

    def current_id(self) -> int | None:
        table = self.table
        if table.row_count == 0 or not self._row_ids:
            return None
        row_key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
        return int(row_key.value) if row_key.value is not None else None

    def current(self) -> Application | None:
        app_id = self.current_id()
        return self._apps.get(app_id) if app_id is not None else None

    def _selected(self) -> Application | None:
        app = self.current()
        if app is None:
            self._toast("No application selected. Press a to add one.", 2)
        return app

    def _toast(self, message: str, timeout: float = 3) -> None:
        """A short note; the message may hold user text, so it is never read as markup."""
        self.notify(clean(message), timeout=timeout, markup=False)

    def _stored(self, saved: Application | None) -> None:
        """A write finished: keep our copy exactly as stored, and work out the reminders again
        (a new stage or date moves its follow-up: the row must not say "due now" until the next
        visit)."""
        if saved is not None:
            self._apps[saved.id] = saved
            self._show()
            self._load_next_reminders()

    # -- actions -----------------------------------------------------------------------------------

    def action_add(self) -> None:
        clock = self.nr_app.clock
        self.app.push_screen(ApplicationForm(clock.now(), clock.tz), self._added)

    def _added(self, app: Application | None) -> None:
        if app is None:
            return
        if not matches(app, self._filter_words):
            self._clear_filter()

        def done(saved: Application) -> None:
            self._apps[saved.id] = saved
            self._show(select=saved.id)
            self._toast(f"Added {saved.title}.", 3)

        self.nr_app.change(lambda editor: editor.add_application(app), on_done=done)

    def action_edit(self) -> None:
        app = self._selected()
        if app is not None:
            clock = self.nr_app.clock
            self.app.push_screen(ApplicationForm(clock.now(), clock.tz, app), self._edited)

    def _edited(self, app: Application | None) -> None:
        if app is None or not app.id:
            return
        self._apps[app.id] = app
        self._show()
        self.nr_app.change(lambda editor: editor.save_application(app), on_done=self._stored, refresh=False,
                           after_frame=True)

    def action_delete(self) -> None:
        """Delete at once, as everywhere: the note names what went, and u brings it back."""
        app = self._selected()
        if app is None:
            return
        kept = " Its rejection and reflection stay in your journal." if self.nr_app.editor.rejection_for(app.id) is not None else ""

        def done(deleted: Application | None) -> None:
            if deleted is None:
                self._toast(f"{app.title} was already gone.", 3)

        # Shown gone at once; the write follows on the writer thread.
        self._apps.pop(app.id, None)
        if app.id in self._row_ids:
            self.table.remove_row(str(app.id))
            self._row_ids.remove(app.id)
            self._shown_cells.pop(app.id, None)
            self._shown_from.pop(app.id, None)
        self._update_chrome()
        self._toast(f"Deleted {app.title}, with its timeline.{kept} Press u to undo.", 5)
        self.nr_app.change(lambda editor: editor.delete_application(app.id), on_done=done, after_frame=True)

    def action_stage(self, value: str) -> None:
        stage = Stage(value)
        app = self._selected()
        if app is None:
            return
        if app.stage is stage:
            self._toast(f"{app.company} is already at {stage.label.lower()}.", 2)
            return
        self._apps[app.id] = app.moved_to(stage, self.nr_app.clock.now())
        self._show()
        self._toast(f"{app.company}: {app.stage.label} → {stage.label}", 2)
        app_id = app.id
        self.nr_app.change(lambda editor: editor.set_stage(app_id, stage), on_done=self._stored, refresh=False,
                           after_frame=True)

    def action_mark_applied(self) -> None:
        """A: a wishlist entry was sent today (applied date, timeline, follow-up clock)."""
        app = self._selected()
        if app is None:
            return
        if app.stage is not Stage.WISHLIST:
            self._toast(f"{app.company} is not on your wishlist: it is at {app.stage.label.lower()}.", 3)
            return
        self._toast(f"{app.company}: applied today. We'll suggest a follow-up if it goes quiet.", 3)
        app_id = app.id
        self.nr_app.change(lambda editor: editor.mark_applied(app_id), on_done=self._stored, after_frame=True)

    def action_reject(self) -> None:
        app = self._selected()
        if app is None:
            return
        if app.stage is Stage.REJECTED and self.nr_app.editor.rejection_for(app.id) is not None:
            self._toast(f"{app.company} is already marked rejected. Enter shows its timeline.", 3)
            return
        self.app.push_screen(RejectDialog(app, self._today()), partial(self._rejected, app))

    def _rejected(self, app: Application, result: RejectResult | None) -> None:
        if result is None:
            return
        self._apps[app.id] = app.moved_to(Stage.REJECTED, self.nr_app.clock.now())
        self._show()

        def operation(editor: Editor) -> Rejection:
            return editor.mark_rejected(app.id, result.on, result.stage, result.reason)

        def done(rejection: Rejection) -> None:
            if result.reflect_now:
                self.nr_app.open_reflection(rejection.id)
            else:
                self._toast("Saved. Your reflection waits on the dashboard whenever you are ready.", 4)

        self.nr_app.change(operation, on_done=done)

    def action_timeline(self) -> None:
        app = self._selected()
        if app is None:
            return
        editor = self.nr_app.editor
        rejection = editor.rejection_for(app.id) if app.stage is Stage.REJECTED else None
        reflection = editor.reflection_for(rejection.id) if rejection is not None else None
        clock = self.nr_app.clock
        actions = open_actions_for(self.nr_app.store.actions.all(), app.id)
        self.app.push_screen(TimelineDialog(app, clock.now(), clock.tz, rejection, reflection, actions))

    @on(DataTable.RowSelected, "#apps-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_timeline()

    # -- sorting and filtering ---------------------------------------------------------------------

    def action_sort(self) -> None:
        """Cycle to the next column, in its natural order."""
        index = (COLUMN_KEYS.index(self._sort_key) + 1) % len(COLUMN_KEYS)
        self._sort_by(COLUMN_KEYS[index], COLUMN_KEYS[index] in NEWEST_FIRST)

    @on(DataTable.HeaderSelected, "#apps-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Click a header to sort by it; click it again to reverse."""
        event.stop()
        key = str(event.column_key.value)
        reverse = (not self._sort_reverse) if key == self._sort_key else key in NEWEST_FIRST
        self._sort_by(key, reverse)

    def _sort_by(self, key: str, reverse: bool) -> None:
        keep = self.current_id()
        self._sort_key, self._sort_reverse = key, reverse
        self._build_columns()
        self._show(force=True, select=keep)

    def action_filter(self) -> None:
        self.query_one("#apps-filter-bar").display = True
        self.set_focus(self.query_one("#apps-filter", Input))  # now: letters typed right after / go in the box

    @on(Input.Changed, "#apps-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter_words = event.value.casefold().split()
        self._show(force=True)

    @on(Input.Submitted, "#apps-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        """Enter keeps the filter and goes back to the list."""
        if not event.value.strip():
            self._clear_filter()
        self.table.focus()

    def action_clear_filter(self) -> None:
        self._clear_filter()
        self.table.focus()

    def _clear_filter(self) -> None:
        box = self.query_one("#apps-filter", Input)
        had_filter = bool(self._filter_words)
        self.query_one("#apps-filter-bar").display = False
        self._filter_words = []
        if box.value:
            with box.prevent(Input.Changed):
                box.value = ""
        if had_filter:
            self._show(force=True)

    # -- the command palette -----------------------------------------------------------------------

    def commands(self) -> Iterable[SystemCommand]:
        """Every action of this screen, by name, for ctrl+p."""
        entries: list[tuple[str, str, Callable[[], Any]]] = [
            ("Add application", "A job you applied to (a)", self.action_add),
            ("Edit application", "Change the selected application (e)", self.action_edit),
            ("Delete application", "Remove the selected application at once; u brings it back (d)", self.action_delete),
            ("Mark rejected", "Record a rejection, then reflect now or later (r)", self.action_reject),
            ("Mark applied", "A wishlist entry sent today: starts its follow-up clock (A)", self.action_mark_applied),
        ]
        for key, stage in STAGE_KEYS:
            entries.append((f"Move to {stage.label.lower()}", f"Move the selected application to {stage.label.lower()} ({key})", partial(self.action_stage, stage.value)))
        entries += [
            ("Show timeline", "Details and dated steps of the selected application (enter)", self.action_timeline),
            ("Filter applications", "By company, role or stage (/)", self.action_filter),
            ("Sort applications", "Sort by the next column (S)", self.action_sort),
        ]
        for title, help_text, callback in entries:
            yield SystemCommand(title, help_text, callback)
