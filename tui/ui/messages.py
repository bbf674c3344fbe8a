"""Messages that carry intents and news between the app and its screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message


class DataChanged(Message):
    """The store changed: by our own write (``external`` False) or another process (True)."""

    def __init__(self, external: bool = False) -> None:
        super().__init__()
        self.external = external


class StartReflection(Message):
    """Open the guided reflection for a rejection (resuming it if it was begun)."""

    def __init__(self, rejection_id: int) -> None:
        super().__init__()
        self.rejection_id = rejection_id


class RunOnLoop(Message):
    """A callback handed from a worker thread to the event loop (see ``NextRoundApp.post_from_thread``)."""

    def __init__(self, callback: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__()
        self.callback = callback
        self.args = args
