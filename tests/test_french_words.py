"""English and internal words that reached the French interface."""

from __future__ import annotations

from pathlib import Path

import pytest

from epn_tui.cli import main


def test_the_help_of_version_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--version             afficher la version et quitter" in out
    assert "show program" not in out


# A date written right whose day does not exist: say so, not "write it like 15/09/2025".
@pytest.mark.parametrize("typed, said", [
    ("31/11/2026", "31/11/2026 n'existe pas : novembre 2026 compte 30 jours"),
    ("29/02/2027", "29/02/2027 n'existe pas : février 2027 compte 28 jours"),
    ("2026-02-30", "2026-02-30 n'existe pas : février 2026 compte 28 jours"),
    ("12/13/2026", "12/13/2026 n'existe pas : il n'y a pas de mois 13"),
    ("00/01/2026", "00/01/2026 n'existe pas : les jours commencent à 1"),
    ("15-09-2025", "date invalide : écrivez-la comme 15/09/2025 (ou 2025-09-15)"),
])
def test_a_day_that_does_not_exist_is_named(typed: str, said: str) -> None:
    from epn_tui.core.dates import DateError, parse_user_date
    from epn_tui.tui.form_values import field_error

    with pytest.raises(DateError) as raised:
        parse_user_date(typed)
    assert str(raised.value) == said
    assert field_error("start", "", typed) == said  # under the form's date input


def test_29_february_of_a_leap_year_is_a_day() -> None:
    from epn_tui.core.dates import parse_user_date

    assert parse_user_date("29/02/2028").day == 29


def test_epn_set_and_check_name_the_impossible_day(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "education" / "ecole-jules-ferry-2025.md"
    assert main(["-w", str(demo), "set", "ecole-jules-ferry-2025", "start=31/11/2026"]) == 2
    err = capsys.readouterr().err
    assert err == "epn: `start`: 31/11/2026 n'existe pas : novembre 2026 compte 30 jours\n"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "start: 2025-09-01", "start: 2025-09-31"), encoding="utf-8")
    assert main(["-w", str(demo), "check"]) == 1
    out = capsys.readouterr().out
    assert ("ecole-jules-ferry-2025.md:20: `start`: 2025-09-31 n'existe pas : septembre 2025 "
            "compte 30 jours") in out, out


def test_today_that_does_not_exist(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["-w", str(demo), "--today", "2026-02-29", "due"])
    assert "2026-02-29 n'existe pas : février 2026 compte 28 jours" in capsys.readouterr().err
