"""The key bar at the bottom of every screen: one widget drawing one line.

Textual's ``Footer`` mounts a widget per key and mounts them all again whenever the screen's
bindings are updated (on every focus change, and several times while a screen starts); each
new key restyles itself twice. With ten keys that was a tenth of a second of the first frame
and most of the cost of moving between the board's columns. This bar shows the same keys
(the focused widget's and the screen's, one per action, ``ctrl+p`` at the right), in the same
theme colours, and redraws only when they change. Clicking a key presses it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from textual import events
from textual.app import App, RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


# The app's own keys, most useful first: the screen numbers are also in the help (?).
APP_KEY_ORDER = {"undo": 0, "help": 1, "quit": 2, "switch_mode": 3}


def _keeps(key: "_Key") -> bool:
    """The help key stays on the bar however narrow: from it every other key can be found."""
    return key.app_level and key.display == "?"


class _Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    app_level: bool = False  # the app's own keys (undo, help, quit, screens): shown bare when room is short


class KeysFooter(Widget):
    """The screen's keys on one line, docked at the bottom."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[_Key, ...] = ()
        self._palette: _Key | None = None
        self._spans: list[tuple[int, int, _Key]] = []  # x from, x to, key: for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._read_keys()
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def _read_keys(self) -> tuple[tuple[_Key, ...], _Key | None]:
        """The keys to show (``show`` bindings, one per action), the most useful first: the
        screen's own, then the focused widget's, then the app's (undo, help and quit before the
        screen numbers). On a narrow terminal the bar drops keys from the end, so the ones that
        matter on this screen stay."""
        app = self.app
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        shown: dict[str, tuple[tuple[int, int], _Key]] = {}
        palette: _Key | None = None
        for order, (key, active) in enumerate(self.screen.active_bindings.items()):
            binding: Binding = active.binding
            display = _Key(binding.key, app.get_key_display(binding), binding.description, active.enabled)
            if palette_key is not None and key == palette_key:
                palette = display
                continue
            if not binding.show or binding.action in shown:
                continue
            if active.node is self.screen:
                rank = (0, order)
            elif isinstance(active.node, App):
                rank = (2, APP_KEY_ORDER.get(binding.action.split("(")[0], len(APP_KEY_ORDER)) * 1000 + order)
                display = display._replace(app_level=True)
            else:
                rank = (1, order)
            shown[binding.action] = (rank, display)
        return tuple(key for _, key in sorted(shown.values(), key=lambda entry: entry[0])), palette

    def render(self) -> RenderResult:
        room = self.size.width
        palette_parts: list[tuple[str, str]] = []
        if self._palette is not None:
            # The palette key always shows (every action is there); the keys give way to it.
            palette_parts = [("▏", "$text-muted")]
            room -= 1 + self._append(palette_parts, self._palette)
        # Everything with its words if it fits; else the app's own keys bare (" u  ?  q "),
        # their words are in the help; else whole keys dropped from the end ("4 Jou" helps
        # nobody), but never ? (the help lists every key).
        keys = list(self._keys)
        line, spans = self._line(keys, bare_app_keys=False, cut=False)
        if line.cell_length > room:
            line, spans = self._line(keys, bare_app_keys=True, cut=False)
        while line.cell_length > room and any(not _keeps(key) for key in keys):
            drop = max(index for index, key in enumerate(keys) if not _keeps(key))
            del keys[drop]
            line, spans = self._line(keys, bare_app_keys=True, cut=True)
        if palette_parts and room >= 2:
            spans.append((room + 1, self.size.width, self._palette))  # type: ignore[arg-type]
            line = Content.assemble(line, " " * max(room - line.cell_length, 0), *palette_parts)
        self._spans = spans
        return line

    def _line(self, keys: list[_Key], bare_app_keys: bool, cut: bool) -> tuple[Content, list[tuple[int, int, _Key]]]:
        """The keys on one line, `` …`` at the end when some were left out."""
        parts: list[tuple[str, str]] = []
        spans: list[tuple[int, int, _Key]] = []
        x = 0
        for key in keys:
            start = x
            shown = key._replace(description="") if bare_app_keys and key.app_level else key
            x += self._append(parts, shown)
            spans.append((start, x, key))
        if cut:
            parts.append((" …", "$text-muted"))
        return Content.assemble(*parts), spans

    @staticmethod
    def _append(parts: list[tuple[str, str]], key: _Key) -> int:
        """Add `` key description `` (dim when the key does nothing here); returns its width."""
        key_text, description = f" {key.display} ", f"{key.description} " if key.description else ""
        parts.append((key_text, "bold $footer-key-foreground" if key.enabled else "$text-disabled"))
        if description:
            parts.append((description, "$footer-description-foreground" if key.enabled else "$text-disabled"))
        return len(key_text) + len(description)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key.split(",")[0].strip())
                else:
                    self.app.bell()
                return

    @property
    def shown_keys(self) -> list[str]:
        """The keys on the bar, as displayed (for tests)."""
        return [key.display for key in self._keys]
