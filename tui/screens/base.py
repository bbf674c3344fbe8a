"""What every data screen shares: access to the app's services and a cheap redraw check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.screen import Screen

from ..messages import DataChanged

if TYPE_CHECKING:
    from ..app import NextRoundApp


class DataScreen(Screen[None]):
    """A screen that shows store data: reloads when the data changed since it last looked."""

    # The store's tables this screen shows (``Store`` attribute names); None = all of them.
    # A change elsewhere (a tick on the board, for the applications list) then costs nothing here.
    WATCHES: ClassVar[tuple[str, ...] | None] = None
    _seen_version: tuple[Any, ...] | None = None

    @property
    def nr_app(self) -> NextRoundApp:
        return cast("NextRoundApp", self.app)

    def on_mount(self) -> None:
        # Styled from the current stylesheet as it mounted: without this, Textual re-parses all
        # CSS the next time this screen is switched to (the start screen is mounted after
        # Textual's first CSS pass, which only marks mounted screens). See tui.app._styled_now.
        self._css_update_count = self.app._css_update_count  # noqa: SLF001
        self.reload_if_changed()

    def on_screen_resume(self) -> None:
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
