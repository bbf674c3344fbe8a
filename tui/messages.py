"""Messages that carry intents and news between the app and its screens."""

from __future__ import annotations

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
