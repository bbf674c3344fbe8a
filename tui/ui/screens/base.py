"""What every data screen shares: access to the app's services and a cheap redraw check."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual import events, on
from textual.screen import Screen

from ..host import AppHost
from ..messages import DataChanged


class DataScreen(Screen[None]):
    """A screen that shows store data: reloads when the data changed since it last looked."""

    # The store's tables this screen shows (``Store`` attribute names); None = all of them.
    # A change elsewhere (a tick on the board, for the applications list) then costs nothing here.
    WATCHES: ClassVar[tuple[str, ...] | None] = None
    _seen_version: tuple[Any, ...] | None = None
    _left_in: tuple[Any, ...] | None = None  # what styles depend on, as it was when we left

    def _style_context(self) -> tuple[Any, ...]:
        """Everything outside this screen that its styles depend on: the theme (and the
        terminal's ANSI colours it may map to), the stylesheet's sources (a screen visited
        for the first time adds its own), and the app's classes and pseudo-classes
        (dark/light, focus/blur of the terminal window)."""
        app = self.app
        return (app.theme, app.ansi_theme, len(app.stylesheet.source), app.classes, app.pseudo_classes)

    def on_screen_suspend(self) -> None:
        self._left_in = self._style_context()

    @property
    def nr_app(self) -> AppHost:
        """The app's services (``NextRoundApp``), through the interface screens may use."""
        return cast(AppHost, self.app)

    def on_mount(self) -> None:
        self.reload_if_changed()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Reload if the data moved on; restyle only if something the styles depend on changed.

        Runs before Textual's own handler (Textual calls each class's handler in MRO order;
        a class gets one: its ``_on_`` handler if it has one, else its ``on_`` handler).
        Textual restyles every node of a screen each time it comes back (a fifth to a third
        of a mode switch's time here), though nodes that change while away restyle
        themselves, and a focus change restyles the widgets it concerns.
        """
        if self._left_in is not None and self._left_in == self._style_context():
            event.refresh_styles = False
        self.reload_if_changed()

    def data_version(self) -> tuple[Any, ...]:
        """Changes whenever what this screen shows may have changed."""
        store = self.nr_app.store
        if self.WATCHES is None:
            return store.version
        # Another process's write re-reads the file (a new load generation): look again then.
        return (store.storage.load_generation, *(getattr(store, name).revision for name in self.WATCHES))

    def reload_if_changed(self) -> None:
        version = self.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self.reload()

    @on(DataChanged)
    def _on_data_changed(self, message: DataChanged) -> None:
        self.reload_if_changed()

    def reload(self) -> None:
        """Re-read what this screen shows from the store. Override."""
