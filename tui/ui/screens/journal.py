"""The Journal: every rejection with its reflection (finished, in progress or not begun yet).

A list on the left (Enter starts, resumes or reopens the reflection) and, on the right, the
selected reflection's answers and summary. Only the selected entry's detail is built, so a
journal of hundreds of rejections stays instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Static
from textual.widgets.data_table import ColumnKey

from ...domain.dates import format_day, format_moment
from ...domain.models import ActionItem, Application, CheckIn, FeedbackState, Reflection, Rejection
from ..widgets.mood_picker import MOOD_WORDS
from ..widgets.steps.progress import STEP_NAMES
from ..widgets.steps.text import literal, one_line
from ..keymap import list_bindings
from ..widgets.keys_footer import KeysFooter
from .base import DataScreen

IN_PROGRESS, NOT_STARTED, FINISHED = 0, 1, 2
STATUS_WIDTH = 8
WHEN_WIDTH = 10
# Below this table width the date column gives way to the company and role.
WHEN_MIN_TABLE_WIDTH = 48


@dataclass(frozen=True)
class Entry:
    """One rejection and what belongs to it, ready to list and to show."""

    rejection: Rejection
    application: Application | None
    reflection: Reflection | None

    @property
    def group(self) -> int:
        if self.reflection is None:
            return NOT_STARTED
        return FINISHED if self.reflection.is_complete else IN_PROGRESS

    @property
    def title(self) -> str:
        """``Bluefin Labs · Backend Engineer``: the company first, so a narrow list still says
        whose rejection it is (``role at company`` lost the company to the ellipsis at 80 columns)."""
        app = self.application
        if app is None:
            return "(application deleted)"
        return one_line(f"{app.company} · {app.role}" if app.role.strip() else app.company)

    @property
    def status(self) -> str:
        if self.reflection is None:
            return "to start"
        if self.reflection.is_complete:
            return "✓ done"
        return f"step {self.reflection.step}/{len(STEP_NAMES)}"

    def matches(self, needle: str) -> bool:
        app = self.application
        haystack = f"{app.company} {app.role}".lower() if app else ""
        return needle in haystack or needle in self.status or needle in self.group_name

    @property
    def group_name(self) -> str:
        return ("in progress", "not started", "finished")[self.group]


class JournalTable(DataTable[Text]):
    """The list of rejections; Enter opens the reflection (DataTable's own enter, relabelled)."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Start / resume"),
        *list_bindings(first="scroll_top", last="scroll_bottom"),
    ]

    class Resized(Message):
        """The table's width changed: the screen refits the title column."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    @property
    def shows_when(self) -> bool:
        return self.scrollable_content_region.width >= WHEN_MIN_TABLE_WIDTH

    def title_width(self) -> int:
        """Whatever the other columns leave, so nothing scrolls sideways."""
        others = STATUS_WIDTH + (WHEN_WIDTH if self.shows_when else 0)
        columns = 3 if self.shows_when else 2
        return max(self.scrollable_content_region.width - others - columns * 2 * self.cell_padding, 12)


class JournalScreen(DataScreen):
    """Mode ``4``: reflections, finished and in progress, and rejections still waiting for one."""

    CSS_PATH = "../styles/journal.tcss"
    BINDINGS = [
        # priority: handled as it arrives, so letters typed right after it already go in the box
        Binding("slash", "filter", "Filter", key_display="/", priority=True),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._entries: dict[int, Entry] = {}
        self._filter = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="journal"):
            with Vertical(id="journal-list") as listing:
                listing.border_title = "Rejections"
                yield Input(placeholder="Filter by company, role or status", id="journal-filter")
                yield JournalTable(id="journal-table", cursor_type="row", zebra_stripes=False)
                yield Static(
                    "No rejections yet. When one comes, mark it on the Applications screen (2, then r) "
                    "and reflect on it here.",
                    id="journal-empty",
                    classes="empty-hint",
                    markup=False,
                )
            with VerticalScroll(id="journal-detail", can_focus=True) as detail:
                detail.border_title = "Reflection"
                yield Static(id="journal-detail-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        # DataScreen.on_mount (the first load) runs after this: Textual calls each class's handler.
        self.query_one(JournalTable).focus()

    @on(JournalTable.Resized)
    def _table_resized(self) -> None:
        table = self.query_one(JournalTable)
        if table.columns and table.columns[ColumnKey("title")].width != table.title_width():
            self.reload()

    # -- data -------------------------------------------------------------------------------------

    def _read_entries(self) -> list[Entry]:
        store = self.nr_app.store
        apps = {app.id: app for app in store.applications.all()}
        reflections: dict[int, Reflection] = {}
        for reflection in store.reflections.all():
            kept = reflections.get(reflection.rejection_id)
            if kept is None or reflection.id < kept.id:
                reflections[reflection.rejection_id] = reflection
        entries = [
            Entry(rejection, apps.get(rejection.application_id), reflections.get(rejection.id))
            for rejection in store.rejections.all()
        ]
        entries.sort(key=lambda e: (e.group, -e.rejection.on.toordinal(), -e.rejection.id))
        return entries

    def reload(self) -> None:
        entries = self._read_entries()
        self._entries = {entry.rejection.id: entry for entry in entries}
        today = self.nr_app.clock.now().astimezone(self.nr_app.clock.tz).date()
        table = self.query_one(JournalTable)
        keep = self.selected_rejection_id
        needle = self._filter.lower()
        shown = [e for e in entries if not needle or e.matches(needle)]
        table.clear(columns=True)
        table.add_column("Status", key="status", width=STATUS_WIDTH)
        with_when = table.shows_when
        if with_when:
            table.add_column("When", key="when", width=WHEN_WIDTH)
        table.add_column("Company · role", key="title", width=table.title_width())
        for entry in shown:
            style = "dim" if entry.group == FINISHED else ("bold" if entry.group == IN_PROGRESS else "")
            cells = [Text(entry.status, style=style)]
            if with_when:
                cells.append(Text(format_day(entry.rejection.on, today)))
            cells.append(Text(entry.title, style=style, overflow="ellipsis", no_wrap=True))
            table.add_row(*cells, key=str(entry.rejection.id))
        counts = [sum(1 for e in entries if e.group == g) for g in (IN_PROGRESS, NOT_STARTED, FINISHED)]
        listing = self.query_one("#journal-list")
        listing.border_subtitle = f"{counts[0]} in progress · {counts[1]} to start · {counts[2]} done"
        self.query_one("#journal-empty").display = not entries
        table.display = bool(entries)
        if keep is not None and str(keep) in {str(e.rejection.id) for e in shown}:
            table.move_cursor(row=table.get_row_index(str(keep)), animate=False)
        self._show_detail()

    @property
    def selected_rejection_id(self) -> int | None:
        table = self.query_one(JournalTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - an empty or stale cursor means "nothing selected"
            return None
        return int(key.value) if key.value is not None else None

    # -- the detail pane -----------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#journal-table")
    def _row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        rejection_id = self.selected_rejection_id
        entry = self._entries.get(rejection_id) if rejection_id is not None else None
        body = self.query_one("#journal-detail-body", Static)
        if entry is None:
            body.update(Text("Pick a rejection on the left to see its reflection.", style="dim"))
            return
        body.update(self._detail_text(entry))
        self.query_one("#journal-detail").scroll_home(animate=False)

    def _detail_text(self, entry: Entry) -> Text:
        clock = self.nr_app.clock
        now, zone = clock.now(), clock.tz
        today = now.astimezone(zone).date()
        rejection, reflection = entry.rejection, entry.reflection
        text = Text()
        heading = one_line(entry.application.title) if entry.application else entry.title
        text.append(heading + "\n", style="bold")
        text.append(f"Turned down {format_day(rejection.on, today)} at the {rejection.stage.label.lower()} stage", style="dim")
        if rejection.reason.strip():
            text.append(" · ", style="dim")
            text.append(one_line(rejection.reason), style="dim")
        text.append("\n")
        text.append(f"Feedback: {_feedback_line(rejection, today)}\n", style="dim")
        if rejection.feedback_text.strip():
            _section(text, "What they said", literal(rejection.feedback_text))
        if reflection is None:
            text.append(
                "\nNo reflection yet. Press Enter when you're ready: it takes about ten minutes, "
                "and you can stop at any step and come back.",
                style="italic",
            )
            return text
        if reflection.is_complete:
            text.append(f"\nFinished {format_moment(reflection.completed_at, now, zone)}\n", style="bold")
        else:
            name = STEP_NAMES[min(max(reflection.step, 1), len(STEP_NAMES)) - 1]
            text.append(f"\nIn progress: step {reflection.step} of {len(STEP_NAMES)} ({name}). Enter resumes.\n", style="bold")
        if reflection.mood_before is not None:
            mood = f"{reflection.mood_before} ({MOOD_WORDS[reflection.mood_before]})"
            if reflection.mood_after is not None:
                mood += f" → {reflection.mood_after} ({MOOD_WORDS[reflection.mood_after]})"
            text.append(f"Mood: {mood}\n")
        factors = list(reflection.outside_factors) + ([reflection.other_factors] if reflection.other_factors.strip() else [])
        if factors:
            _section(text, "Outside your control", "\n".join(f"• {one_line(f)}" for f in factors))
        if reflection.harsh_thought.strip():
            _section(text, "The harsh thought", literal(reflection.harsh_thought))
        if reflection.reframe.strip():
            _section(text, "A fairer view", literal(reflection.reframe))
        if reflection.went_well.strip():
            _section(text, "What went well", literal(reflection.went_well))
        if reflection.lessons:
            _section(text, "Lessons", self._lessons_text(reflection, today))
        if reflection.next_opportunities:
            apps = self.nr_app.store.applications
            names = [one_line(a.title) for a in (apps.get(i) for i in reflection.next_opportunities) if a is not None]
            if names:
                _section(text, "Next opportunities", "\n".join(f"• {n}" for n in names))
        if reflection.closing_note.strip():
            _section(text, "Closing note", literal(reflection.closing_note))
        checkin = self._next_checkin(rejection.id)
        if checkin is not None:
            when = "due now (on your dashboard)" if checkin.effective_due <= now else format_moment(checkin.effective_due, now, zone)
            text.append(f"\nNext check-in: {when}\n", style="dim")
        return text

    def _lessons_text(self, reflection: Reflection, today: date) -> str:
        actions = self.nr_app.store.actions
        lines: list[str] = []
        for lesson in reflection.lessons:
            lines.append(f"• {one_line(lesson.text)}")
            for item in (actions.get(i) for i in lesson.action_ids):
                if item is not None:
                    lines.append(f"    → {one_line(item.title)} ({_action_state(item, today)})")
        return "\n".join(lines)

    def _next_checkin(self, rejection_id: int) -> CheckIn | None:
        waiting = [
            c for c in self.nr_app.store.checkins.all() if c.rejection_id == rejection_id and c.state.is_open and c.topic == "ladder"
        ]
        return min(waiting, key=lambda c: c.effective_due) if waiting else None

    # -- actions --------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#journal-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_selected()

    def action_open_selected(self) -> None:
        """Start, resume or reopen the selected rejection's reflection."""
        rejection_id = self.selected_rejection_id
        if rejection_id is not None:
            self.nr_app.open_reflection(rejection_id)

    def action_filter(self) -> None:
        box = self.query_one("#journal-filter", Input)
        box.add_class("-shown")
        self.set_focus(box)  # now: letters typed right after / go in the box

    def action_clear_filter(self) -> None:
        box = self.query_one("#journal-filter", Input)
        if box.has_class("-shown") or self._filter:
            box.value = ""
            box.remove_class("-shown")
            self.query_one(JournalTable).focus()

    @on(Input.Changed, "#journal-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#journal-filter")
    def _filter_submitted(self) -> None:
        self.query_one(JournalTable).focus()

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Journal: start or resume the selected reflection", "Enter on the list", self.action_open_selected)
        yield SystemCommand("Journal: filter", "By company, role or status (/)", self.action_filter)
        for entry in self._entries.values():
            if entry.group != FINISHED:
                verb = "Resume" if entry.group == IN_PROGRESS else "Start"
                yield SystemCommand(
                    f"{verb} reflection: {entry.title}",
                    entry.status,
                    lambda rid=entry.rejection.id: self.nr_app.open_reflection(rid),
                )


def _feedback_line(rejection: Rejection, today: date) -> str:
    state = rejection.feedback_state
    if state is FeedbackState.ASKED and rejection.feedback_asked_on:
        return f"asked {format_day(rejection.feedback_asked_on, today)}"
    if state is FeedbackState.RECEIVED and rejection.feedback_received_on:
        return f"received {format_day(rejection.feedback_received_on, today)}"
    return state.label


def _section(text: Text, heading: str, body: str) -> None:
    text.append(f"\n{heading}\n", style="bold underline")
    text.append(body)
    text.append("\n")


def _action_state(item: ActionItem, today: date) -> str:
    due = format_day(item.due, today) if item.due is not None else ""
    status = item.status.label.lower()
    return f"{status}, due {due}" if due and item.status.value != "done" else status
