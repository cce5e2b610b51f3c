"""The palette's « Note pour l'élu »: the PDF written where the UI's prints go, and a
notification that names it (issue 13, section 3)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from epn_tui.tui.app import build_app
from tests.tui.workers import workers_done

TODAY = date(2026, 11, 22)
SIZE = (100, 30)


async def settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await workers_done(pilot.app)
        await pilot.pause(0.05)


async def run_from_palette(pilot: Pilot[None], words: str) -> None:
    await settle(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = words
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.usefixtures("colours")
async def test_note_from_the_palette_writes_one_page_and_says_where(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await run_from_palette(pilot, "note pour l'élu")
        target = demo.resolve() / ".epn" / "print" / "note-elu-2026-11-22.pdf"
        assert target.is_file()
        reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
        assert len(reader.pages) == 1
        assert "Décisions à prendre" in reader.pages[0].extract_text()
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert f"Note pour l'élu écrite dans {target}" in messages


async def test_a_note_that_cannot_be_written_says_so(demo: Path) -> None:
    (demo / ".epn").mkdir(exist_ok=True)
    (demo / ".epn" / "print").write_text("a file where the folder should be")
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await run_from_palette(pilot, "note pour l'élu")
        notes = [n for n in app._notifications  # noqa: SLF001
                 if n.title == "Note non écrite"]
        assert len(notes) == 1 and notes[0].severity == "error"
        assert "impossible d'écrire" in notes[0].message
