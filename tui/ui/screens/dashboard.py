"""Dashboard: what is due now, the actions that need you, the pipeline and your momentum."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import date

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...services import dashboard_cache, dashboard_data
from ...services.dashboard_data import DashboardData, DueItem
from ...domain.dates import format_day, format_moment
from ...domain.models import ActionItem, ActionStatus, Stage
from ...domain.stats import sparkline
from ..messages import DataChanged
from ...domain.text import one_line
from ..keymap import list_bindings
from ..widgets.keys_footer import KeysFooter
from .base import DataScreen


MAX_DUE_SHOWN = 40
LABEL_WIDTH = 10  # "Follow up " and the like, then the title
SHORT_HEIGHT = 30  # below this many lines the pipeline shows two stages a row
ACTION_DAY_WIDTH = 10  # "Mon 30 Nov", "tomorrow"


def _ignore(_: object) -> None:
    """For background work whose result nothing waits for."""


class DueList(OptionList):
    """The due list (a class of its own, so tests and styles can find it)."""

    BINDINGS = list_bindings()


class ActionsList(OptionList):
    """"Actions that need you": space ticks the highlighted one done, enter opens it."""

    BINDINGS = [
        *list_bindings(),
        Binding("space", "screen.tick_action", "Tick done"),
        Binding("enter", "select", "Open"),
    ]


def moved_on_line(days: int) -> str:
    """When the person last closed a chapter and moved on: a step forward, not a count of rejections."""
    when = "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"Last turned the page: {when}"


def notification_line(status: str | None) -> str:
    """The reminder loop's delivery status as one plain line (its technical reason goes to the
    tooltip, the help screen and the log)."""
    if status is None:
        return "Desktop reminders: checking…"
    if status == "working":
        return "Desktop reminders are on."
    if status.startswith("not checked"):
        return "Reminders are off in this window."
    return "Desktop reminders are off here: no notification service found. They appear in this window instead."


class DashboardScreen(DataScreen):
    """The first screen: calm, one glance, everything due answerable with Enter."""

    # Its styles (styles/dashboard.tcss) load with the app's CSS_PATH: the first screen shown.
    AUTO_FOCUS = "#due-list"
    BINDINGS = [
        Binding("enter", "open_due", "Open"),
        Binding("s", "snooze_due", "Snooze"),
        Binding("x", "dismiss_due", "Dismiss"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._due: list[DueItem] = []
        self._actions: list[ActionItem] = []  # what "Actions that need you" lists, in its order
        self._last: DashboardData | None = None
        self._building = False
        self._build_again = False
        # What each panel was last drawn from: a rebuild that changed nothing a panel shows
        # leaves it alone (each visit rebuilds, and redrawing every panel cost a full frame).
        self._drawn_from: dict[str, object] = {}
        self._frozen_with: object = None  # the store load and decoded tables last frozen

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before DataScreen's and Textual's own handlers (Textual calls each class's
        handler in MRO order, so no ``super()`` call here): tells Textual not to restyle the
        start screen again."""
        if self._left_in is None:
            # Never left yet, so this is the start: every node was styled from this stylesheet
            # as it mounted, a moment ago. (Later returns: DataScreen.on_screen_resume.)
            event.refresh_styles = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="dash-columns"):
            with Vertical(id="dash-left"):
                due = DueList(id="due-list")
                due.border_title = "Due now"
                yield due
                actions = ActionsList(id="dash-actions")
                actions.border_title = "Actions that need you"
                yield actions
            with VerticalScroll(id="dash-right"):
                pipe = Static(id="dash-pipeline")
                pipe.border_title = "Pipeline"
                yield pipe
                momentum = Static(id="dash-momentum")
                momentum.border_title = "Momentum"
                yield momentum
                reminders = Static(id="dash-reminders")
                reminders.border_title = "Reminders"
                yield reminders
        yield KeysFooter()

    # -- data -------------------------------------------------------------------------------

    def reload(self) -> None:
        """First frame: the saved dashboard if it still holds, else built here (content first).
        After that, every rebuild runs on the writer thread and redraws when it is ready."""
        app = self.nr_app
        if self._last is not None:  # shown before: rebuild off the loop
            self._build_in_background()
            return
        now, zone = app.clock.now(), app.clock.tz
        cached = dashboard_cache.load(app.store.path, app.store.fingerprint, now, zone)
        if cached is not None:
            self.show(cached)
            # The truth, a moment later (the same unless time moved on): after the first frame,
            # so decoding the store does not compete with drawing it.
            app.after_first_frame(self._build_in_background)
            return
        data = dashboard_data.build(app.store, now, zone)
        self.show(data)
        content = app.store.trusted_content()
        if content is not None:
            app.after_first_frame(lambda: app.read(lambda _: dashboard_cache.save(app.store.path, content, data, now, zone), _ignore))

    def _build_in_background(self) -> None:
        if self._building:
            self._build_again = True  # one more when this one is in: the data moved on meanwhile
            return
        self._building = True
        app = self.nr_app
        now, zone = app.clock.now(), app.clock.tz
        app.read(lambda store: dashboard_cache.build_and_save(store, now, zone), on_done=self._built)

    def _built(self, data: DashboardData) -> None:
        self._building = False
        if self._build_again:
            self._build_again = False
            self._build_in_background()
        if self.is_attached:
            self.show(data)
        # Freshly decoded records live as long as the app: keep them out of GC scans. Only when
        # something new was decoded (a reload, a table another screen decoded): a freeze also
        # keeps any cyclic garbage not yet collected, so freezing on every visit would pile
        # that up over a long day.
        store = self.nr_app.store
        decoded = (store.storage.load_generation, store.decoded_tables())
        if decoded != self._frozen_with:
            self._frozen_with = decoded
            gc.freeze()

    @on(DataChanged)
    def _external_change(self, message: DataChanged) -> None:
        """Another process wrote, a write failed, or the notification status is known."""
        if not message.external:
            return
        if self._last is not None and self.data_version() == self._seen_version:
            self._show_reminders(self._last)  # only the delivery status can be new: no rebuild
        else:
            self._seen_version = None  # the base handler (after this one) rebuilds

    def _unchanged(self, panel: str, source: object) -> bool:
        """True if ``panel`` already shows ``source``; else remember it (the caller redraws)."""
        if self._drawn_from.get(panel) == source:
            return True
        self._drawn_from[panel] = source
        return False

    def show(self, data: DashboardData) -> None:
        self._last = data
        self._show_due(data)
        self._show_actions(data)
        self._show_pipeline(data)
        self._show_momentum(data)
        self._show_reminders(data)

    def _show_due(self, data: DashboardData) -> None:
        # What the list draws: the first MAX_DUE_SHOWN and the count. Comparing every due item
        # (665 on the large demo) cost a millisecond per visit, growing with the store.
        if self._unchanged("due", (data.due[:MAX_DUE_SHOWN], len(data.due))):
            return
        due_list = self.query_one("#due-list", OptionList)
        highlighted = due_list.highlighted
        self._due = data.due
        due_list.clear_options()
        if not data.due:
            due_list.add_option(Option(Text("Nothing is due. A good moment for one small step on the board.", style="italic"), disabled=True))
        else:
            # A calm list, and a fast one: past the first few dozen, a count says the rest.
            self._due = data.due[:MAX_DUE_SHOWN]
            due_list.add_options(Option(self._due_prompt(item)) for item in self._due)
            hidden = len(data.due) - len(self._due)
            if hidden > 0:
                due_list.add_option(
                    Option(Text(f"… and {hidden} more. Snooze or settle some of these first.", style="italic"), disabled=True)
                )
            due_list.highlighted = min(highlighted or 0, len(self._due) - 1)
        due_list.border_subtitle = f"{len(data.due)} item{'s' if len(data.due) != 1 else ''}"

    def _due_prompt(self, item: DueItem) -> Content:
        """Two lines: what kind and what about, then the detail, each cut to the width (CSS).

        ``Content`` rather than a Rich table: the list measures its options often, and tables
        made that the largest cost of the first frame. User text goes in as plain strings,
        never parsed as markup.
        """
        label = dashboard_data.due_label(item.kind)[:LABEL_WIDTH].ljust(LABEL_WIDTH)
        return Content.assemble(
            (label, "bold"),
            (one_line(item.title, limit=200), "bold"),
            "\n" + " " * LABEL_WIDTH,
            (one_line(item.detail, limit=200), "dim"),
        )

    def _show_actions(self, data: DashboardData) -> None:
        today = self.nr_app.clock.now().astimezone(self.nr_app.clock.tz).date()
        source = (data.overdue_actions, data.week_actions, data.overdue_count, data.week_count, today)
        if self._unchanged("actions", source):
            return
        listing = self.query_one("#dash-actions", OptionList)
        highlighted = listing.highlighted
        self._actions = [*data.overdue_actions, *data.week_actions]
        listing.clear_options()
        if not self._actions:
            listing.add_option(Option(Text("Nothing overdue or due this week.", style="italic"), disabled=True))
        else:
            overdue = len(data.overdue_actions)
            listing.add_options(
                Option(self._action_prompt(item, today, overdue=index < overdue)) for index, item in enumerate(self._actions)
            )
            listing.highlighted = min(highlighted or 0, len(self._actions) - 1)
        listing.border_subtitle = f"{data.overdue_count} overdue · {data.week_count} this week"

    @staticmethod
    def _action_prompt(item: ActionItem, today: date, overdue: bool) -> Content:
        """``Mon 30 Nov  Update the portfolio``: the day (red when overdue), then the title as typed."""
        day = format_day(item.due, today)[:ACTION_DAY_WIDTH].ljust(ACTION_DAY_WIDTH)
        return Content.assemble((day, "bold $text-error" if overdue else ""), " ", one_line(item.title, limit=200))

    def _show_pipeline(self, data: DashboardData) -> None:
        pipe = data.pipeline
        short = self._short()
        if self._unchanged("pipeline", (pipe, short)):
            return
        counts = [(stage.label, str(pipe.by_stage.get(stage, 0))) for stage in Stage if pipe.by_stage.get(stage, 0)]
        table = Table.grid(padding=(0, 1), expand=True)
        if short:
            # Two stages a row: on 24 lines the whole right column then fits, Reminders included.
            for _ in range(2):
                table.add_column(ratio=1)
                table.add_column(justify="right")
            for index in range(0, len(counts), 2):
                pair = counts[index : index + 2]
                table.add_row(*(cell for stage_count in pair for cell in stage_count))
        else:
            table.add_column(ratio=1)
            table.add_column(justify="right")
            for label, count in counts:
                table.add_row(label, count)
        rates = Table.grid(padding=(0, 1), expand=True)
        rates.add_column(ratio=1)
        rates.add_column(justify="right")
        rates.add_row(Text("Applications → interview", style="dim"), dashboard_data.rate(pipe.interview_rate))
        rates.add_row(Text("Interviews → offer", style="dim"), dashboard_data.rate(pipe.offer_rate))
        widget = self.query_one("#dash-pipeline", Static)
        wishlist = pipe.by_stage.get(Stage.WISHLIST, 0)
        if pipe.total == 0 and not wishlist:
            widget.update(Text("No applications yet: press 2, then a to add one.", style="italic"))
        else:
            widget.update(Group(table, rates))
        # "sent" counts what was applied for: wishlist entries are not (yet).
        widget.border_subtitle = f"{pipe.total} sent · {pipe.open} open" + (f" · {wishlist} to apply" if wishlist else "")

    def _short(self) -> bool:
        """Too few lines for one stage a row (an 80x24 terminal, a tmux pane)."""
        return 0 < self.size.height < SHORT_HEIGHT

    def on_resize(self) -> None:
        if self._last is not None:
            self._show_pipeline(self._last)

    def _show_momentum(self, data: DashboardData) -> None:
        m = data.momentum
        pipe = data.pipeline
        if self._unchanged("momentum", (m, pipe.interviews)):
            return
        lines = Text()
        if pipe.interviews:
            count = pipe.interviews
            lines.append(f"{count} interview{'s' if count != 1 else ''}", style="bold")
            lines.append(" — each one a shortlist.\n" if count > 1 else " — a shortlist.\n")
        lines.append(f"Actions done: {m.done_this_week} this week, {m.done_last_week} last week\n")
        if m.moods:
            lines.append("Mood: ")
            lines.append(sparkline(m.moods), style="bold")
            lines.append(f"  (latest {m.moods[-1]}/5)\n")
        else:
            lines.append("Mood: answer a check-in to see your trend\n", style="dim")
        if m.days_since_closed is not None:
            lines.append(moved_on_line(m.days_since_closed))
        self.query_one("#dash-momentum", Static).update(lines)

    def _show_reminders(self, data: DashboardData) -> None:
        app = self.nr_app
        text = Text()
        text.append("Next: ")
        now = app.clock.now()
        if data.next_reminder is None:
            text.append("nothing scheduled")
        elif data.next_reminder <= now:
            text.append("due now (see the list)")
        else:
            text.append(format_moment(data.next_reminder, now, app.clock.tz))
        status = getattr(app, "delivery_status", None)
        text.append("\n")
        text.append(notification_line(status), style="dim")
        if self._unchanged("reminders", text):
            return
        panel = self.query_one("#dash-reminders", Static)
        panel.update(text)
        panel.tooltip = f"Desktop reminders, in detail: {status}" if status else None

    # -- actions ------------------------------------------------------------------------------

    def _selected(self) -> DueItem | None:
        index = self.query_one("#due-list", OptionList).highlighted
        if index is None or not (0 <= index < len(self._due)):
            return None
        return self._due[index]

    @on(OptionList.OptionSelected, "#due-list")
    def _on_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_due()

    def action_open_due(self) -> None:
        item = self._selected()
        if item is None:
            return
        if item.kind == "reflection" and item.rejection_id is not None:
            self.nr_app.open_reflection(item.rejection_id)
            return
        self.nr_app.open_reminder(item)

    def action_snooze_due(self) -> None:
        item = self._selected()
        if item is not None and item.kind != "reflection":
            self.nr_app.snooze_reminder(item)

    def action_dismiss_due(self) -> None:
        item = self._selected()
        if item is not None and item.kind != "reflection":
            self.nr_app.dismiss_reminder(item)

    # -- actions that need you ------------------------------------------------------------------

    @property
    def due_items(self) -> list[DueItem]:
        """What the Due now list shows, in its order."""
        return list(self._due)

    def selected_action(self) -> ActionItem | None:
        index = self.query_one("#dash-actions", OptionList).highlighted
        if index is None or not (0 <= index < len(self._actions)):
            return None
        return self._actions[index]

    def action_tick_action(self) -> None:
        """Tick the highlighted action done, as on the board (u undoes it)."""
        item = self.selected_action()
        if item is None:
            return
        title = one_line(item.title, limit=60)

        def done(_: ActionItem) -> None:
            self.notify(f"Ticked “{title}” done. Press u to undo.", timeout=4, markup=False)

        self.nr_app.change(lambda editor: editor.move_action(item, ActionStatus.DONE), on_done=done)

    @on(OptionList.OptionSelected, "#dash-actions")
    def _action_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_action()

    def action_open_action(self) -> None:
        """The highlighted action in full, as on the board (its whole title, notes, application,
        history); ``e`` there opens its form."""
        from ..dialogs.action_detail import ActionDetailDialog

        item = self.selected_action()
        if item is None:
            return
        store, clock = self.nr_app.store, self.nr_app.clock
        application = store.applications.get(item.application_id) if item.application_id else None

        def chosen(choice: str | None) -> None:
            if choice == "edit":
                self._edit_action(item)

        self.app.push_screen(ActionDetailDialog(item, clock.now(), clock.tz, application), chosen)

    def _edit_action(self, item: ActionItem) -> None:
        from ..dialogs.action_form import ActionFormDialog

        today = self.nr_app.clock.now().astimezone(self.nr_app.clock.tz).date()

        def chosen(result: ActionItem | None) -> None:
            if result is not None and result != item:
                self.nr_app.change(lambda editor: editor.save_action(result))

        applications = self.nr_app.store.applications.all()
        self.app.push_screen(ActionFormDialog(item, today=today, applications=applications), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Snooze, dismiss and open belong to the due list: hidden while the actions list has focus."""
        if action in ("snooze_due", "dismiss_due", "open_due") and self.focused is not None and self.focused.id == "dash-actions":
            return False
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Open the selected due item", "Answer the check-in or start the reflection (enter)", self.action_open_due)
        yield SystemCommand("Snooze the selected reminder", "1 hour, tomorrow morning or a time you choose (s)", self.action_snooze_due)
        yield SystemCommand("Dismiss the selected reminder", "It will not come back (x)", self.action_dismiss_due)
        yield SystemCommand("Tick the highlighted action done", "In Actions that need you (space)", self.action_tick_action)
        yield SystemCommand("Open the highlighted action", "In Actions that need you (enter)", self.action_open_action)
