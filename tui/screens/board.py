"""Board screen (placeholder until its issue lands)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from .base import DataScreen


class BoardScreen(DataScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Board")
        yield Footer()
