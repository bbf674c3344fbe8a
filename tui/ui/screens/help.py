"""The help screen: every key, screen by screen, from the one keymap."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keymap import KEYMAP


class HelpScreen(ModalScreen[None]):
    """A modal over the current screen; any of escape, q or ? closes it."""

    CSS_PATH = "../styles/help.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
        # The same moves as in every list (tui/ui/keymap.py): the keys are a long read at 80x24.
        Binding("j", "scroll_keys(1)", "Down", show=False),
        Binding("k", "scroll_keys(-1)", "Up", show=False),
        Binding("g", "keys_edge(False)", "First", show=False),
        Binding("G", "keys_edge(True)", "Last", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-panel") as panel:
            panel.border_title = "Keys"
            panel.border_subtitle = "esc to close"
            yield Static(self._keys_table(), id="help-keys")
            status = getattr(self.app, "delivery_status", None)
            if status:
                yield Static(Text(f"Desktop reminders: {status}", style="dim"), id="help-delivery")

    def _keys_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        for section, keys in KEYMAP:
            table.add_row(Text(section, style="bold underline"), "")
            for key, what in keys:
                table.add_row(Text(key), Text(what))
            table.add_row("", "")
        return table

    def action_scroll_keys(self, lines: int) -> None:
        panel = self.query_one("#help-panel", VerticalScroll)
        panel.scroll_relative(y=lines, animate=False)

    def action_keys_edge(self, end: bool) -> None:
        panel = self.query_one("#help-panel", VerticalScroll)
        if end:
            panel.scroll_end(animate=False)
        else:
            panel.scroll_home(animate=False)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
