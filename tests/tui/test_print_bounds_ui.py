"""The UI's print dialog goes through the same limited child as `epn print` (issue 13,
section 2): a hostile body is one line in the dialog, nothing written, the UI alive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Input

from epn_tui.tui.screens.print_dialog import PrintDialog

from .edit_helpers import SIZE, copy_demo, make_app, open_conventions, settle, shown

CONV = "aines-du-causse-ateliers-seniors"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


async def test_a_hostile_body_is_refused_in_the_dialog(demo: Path,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    from epn_tui.render import bounded

    calls: list[Any] = []
    original = bounded.run_bounded

    def counted(work: Any, call: Any = None) -> Any:
        calls.append(call)
        return original(work, call)

    monkeypatch.setattr(bounded, "run_bounded", counted)
    path = demo / f"{CONV}.md"
    path.write_text(path.read_text(encoding="utf-8")
                    + "\n{{ range(200)|join('x' * 999999) }}\n", encoding="utf-8")
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PrintDialog)
        target = Path(dialog.query_one("#print-path", Input).value)
        button = dialog.query("#print-save").first(Button)
        button.scroll_visible(animate=False)
        await pilot.pause()
        button.press()
        await settle(pilot, 0.1)
        assert app.screen is dialog
        status = shown(app, "#print-status")
        assert "`join` : le résultat serait trop long" in " ".join(status.split())
    assert not target.exists()
    # The dialog's work ran in the limited child, named for a new interpreter too.
    assert calls and calls[0][:2] == ("epn_tui.render.printing", "_render_at")


async def test_the_dialog_names_the_lines_still_to_fill(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    text = path.read_text(encoding="utf-8") + "\nMontant : [montant] €.\n"
    path.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PrintDialog)
        target = Path(dialog.query_one("#print-path", Input).value)
        button = dialog.query("#print-save").first(Button)
        button.scroll_visible(animate=False)
        await pilot.pause()
        button.press()
        await settle(pilot, 0.1)
        assert app.screen is not dialog
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any(f"Reste à compléter (surligné) : ligne {line} de {CONV}.md" in m
                   for m in messages), messages
    assert target.read_bytes().startswith(b"%PDF-")
