"""The in-app reminder scheduler (placeholder until the reminders issue lands)."""

from __future__ import annotations

from typing import Any


class ReminderLoop:
    def __init__(self, app: Any) -> None:
        self.app = app

    def start(self) -> None:
        pass
