"""English and internal words that reached the French interface."""

from __future__ import annotations

import pytest

from epn_tui.cli import main


def test_the_help_of_version_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--version             afficher la version et quitter" in out
    assert "show program" not in out
