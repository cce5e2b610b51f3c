"""`epn network` and `epn health` from the command line, on the demo workspace."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from epn_tui.cli import main
from tests.conftest import DEMO

GOLDEN = Path(__file__).resolve().parent / "golden" / "network"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".epn"))
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_text_overview(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "-w", str(demo), "network", "--today", "2026-11-22")
    assert status == 0
    assert out == (GOLDEN / "demo.txt").read_text("utf-8")
    assert "⚠ Médiathèque municipale de Sorges" in out
    assert all(line == line.rstrip() for line in out.splitlines())


def test_filters_on_the_command_line(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "-w", str(demo), "network", "--today", "2026-11-22",
                            "--theme", "seniors", "--state", "active", "--kind", "ASSO")
    assert status == 0
    assert "Les Aînés du Causse" in out
    assert "Commune de Sorges" not in out and "1 partenaire (sur 12)" in out


def test_bad_state_is_a_usage_error(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["-w", str(demo), "network", "--state", "bientôt"])
    assert exc.value.code == 2


@pytest.mark.parametrize(("option", "suffix", "golden"), [
    ([], ".svg", "demo.svg"), ([], ".mmd", "demo.mmd"), ([], ".dot", "demo.dot"),
    (["--format", "mermaid"], ".md", "demo.mmd"),
])
def test_output_file(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                     option: list[str], suffix: str, golden: str) -> None:
    target = tmp_path / f"reseau{suffix}"
    status, out, _err = run(capsys, "-w", str(demo), "network", "--today", "2026-11-22",
                            "-o", str(target), *option)
    assert status == 0 and str(target) in out
    assert target.read_bytes() == (GOLDEN / golden).read_bytes()


def test_format_to_stdout(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "-w", str(demo), "network", "--today", "2026-11-22",
                            "--format", "dot")
    assert status == 0 and out == (GOLDEN / "demo.dot").read_text("utf-8")


def test_unwritable_output_is_one_line(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, "-w", str(demo), "network", "-o",
                            str(demo / "missing" / "x.svg"))
    assert status == 1 and err.startswith("epn: ") and err.count("\n") == 1


def test_health_text_and_json(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "-w", str(demo), "health", "--today", "2026-11-22")
    assert status == 0  # advice, not errors
    # The renewal and the journal's two overdue next steps (issue 12).
    assert "ALERTE (3)" in out and "pas d’agent référent" in out
    assert "Alain Roche" in out
    status, out, _err = run(capsys, "-w", str(demo), "health", "--today", "2026-11-22",
                            "--json")
    assert status == 0
    data = json.loads(out)
    assert data[0] == {
        "kind": "renewal", "severity": "alert",
        "subject": "cc-causses-rivieres-financement-2026", "subject_type": "convention",
        "message": data[0]["message"], "advice": data[0]["advice"],
    }
    assert {d["kind"] for d in data} == {"renewal", "next-step", "agent-referent", "unwritten",
                                         "election", "silence"}


def test_health_on_an_empty_workspace(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "vide"
    assert main(["init", str(root)]) == 0
    capsys.readouterr()
    status, out, _err = run(capsys, "-w", str(root), "health", "--today", "2026-11-22")
    assert status == 0 and "collectivité" in out


def test_core_and_render_do_not_import_textual() -> None:
    code = ("import sys\n"
            "import epn_tui.core.network, epn_tui.core.health, epn_tui.render.svg\n"
            "import epn_tui.render.mermaid, epn_tui.render.dot, epn_tui.render.network_text\n"
            "import epn_tui.commands.network, epn_tui.commands.health\n"
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          check=True)
    assert done.stdout.strip() == "False"
