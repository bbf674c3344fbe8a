"""Guided reflection (placeholder)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from .base import DataScreen


class ReflectionScreen(DataScreen):
    def __init__(self, rejection_id: int) -> None:
        super().__init__()
        self.rejection_id = rejection_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reflection")
        yield Footer()
