"""The baseline: a bare Textual app (Header, one Static, Footer), started the way Next Round is."""

from __future__ import annotations

from textual.app import App, ComposeResult
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


if __name__ == "__main__":
    BareApp().run()
