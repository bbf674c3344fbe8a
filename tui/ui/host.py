"""What screens and the reminder loop need from the app, as a Protocol: they depend on this
small interface, not on ``tui.ui.app`` (which imports them), so the layers import one way.

``NextRoundApp`` is the one implementation; tests can hand in anything with these members.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

from ..domain.clock import Clock
from ..services.dashboard_data import DueItem
from ..services.editor import Editor
from ..store import Store

T = TypeVar("T")


class AppServices(Protocol):
    """The store, clock and editor, and the app's way of running work off the event loop."""

    store: Store
    clock: Clock
    editor: Editor
    delivery_status: str | None  # how desktop notifications fare (the dashboard's Reminders panel)

    def change(
        self,
        operation: Callable[[Editor], T],
        on_done: Callable[[T], None] | None = None,
        refresh: bool = True,
        after_frame: bool = False,
    ) -> Future[T]:
        """Run a store change on the writer thread, then ``on_done`` on the event loop."""
        ...

    def read(self, operation: Callable[[Store], T], on_done: Callable[[T], None]) -> Future[T]:
        """Compute something from the store on the writer thread, then ``on_done``."""
        ...

    def after_first_frame(self, callback: Callable[[], Any]) -> None:
        """Run ``callback`` once the first frame is on screen."""
        ...

    def post_from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback(*args)`` on the event loop soon (callable from any thread)."""
        ...


class ReminderActions(Protocol):
    """Acting on a due item (the dashboard's enter, s and x)."""

    def open_reminder(self, item: DueItem) -> None: ...

    def snooze_reminder(self, item: DueItem) -> None: ...

    def dismiss_reminder(self, item: DueItem) -> None: ...


class AppHost(AppServices, ReminderActions, Protocol):
    """Everything a data screen may ask of the app."""

    def open_reflection(self, rejection_id: int) -> None:
        """Open the guided reflection on one rejection."""
        ...
