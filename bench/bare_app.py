"""The baseline: a bare Textual app (Header, one Static, Footer), started the way Next Round is."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

MARKER = "Bare Textual app ready"


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER)
        yield Footer()


class _BareScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER)
        yield Footer()


class BareModesApp(App[None]):
    """The same, with two modes: the baseline for switching screens with a key."""

    MODES = {"one": _BareScreen, "two": _BareScreen}
    BINDINGS = [("1", "switch_mode('one')", "One"), ("2", "switch_mode('two')", "Two"), ("q", "quit", "Quit")]

    def on_mount(self) -> None:
        self.switch_mode("one")


class _Pane(Static, can_focus=True):
    """A bordered pane whose border shows focus, as a board column's does."""

    DEFAULT_CSS = """
    _Pane { width: 1fr; height: 1fr; border: round $panel-lighten-2; background: $panel; }
    _Pane:focus { border: round $accent; border-title-style: bold; }
    """


class BareFocusApp(App[None]):
    """Three bordered panes and a key that moves the focus: the baseline for a key that moves it
    from one board column to another. Nothing else on screen (Textual's ``Footer`` would redraw
    its keys on every focus change, which the board's footer does not)."""

    BINDINGS = [("l", "app.focus_next", "Next"), ("h", "app.focus_previous", "Previous"), ("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Horizontal():
            for number in range(1, 4):
                pane = _Pane(f"Pane {number}")
                pane.border_title = f"Pane {number}"
                yield pane


if __name__ == "__main__":
    BareApp().run()
