"""What every data screen shares: access to the app's services and a cheap redraw check."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.screen import Screen

from ..messages import DataChanged

if TYPE_CHECKING:
    from ..app import NextRoundApp


class DataScreen(Screen[None]):
    """A screen that shows store data: reloads when the data changed since it last looked."""

    _seen_version: tuple[int, int] | None = None

    @property
    def nr_app(self) -> NextRoundApp:
        return cast("NextRoundApp", self.app)

    def on_mount(self) -> None:
        self.reload_if_changed()

    def on_screen_resume(self) -> None:
        self.reload_if_changed()

    def reload_if_changed(self) -> None:
        version = self.nr_app.store.version
        if version != self._seen_version:
            self._seen_version = version
            self.reload()

    @on(DataChanged)
    def _on_data_changed(self, message: DataChanged) -> None:
        self.reload_if_changed()

    def reload(self) -> None:
        """Re-read what this screen shows from the store. Override."""
