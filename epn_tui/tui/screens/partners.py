"""Partenaires (placeholder until the directory screen lands)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from epn_tui.tui.screens.base import WorkspaceScreen


class PartnersScreen(WorkspaceScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("…")
        yield Footer()
