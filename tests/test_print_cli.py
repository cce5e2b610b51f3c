"""`epn print`: formats, output files, errors, the printer."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from epn_tui.cli import main
from tests.conftest import DEMO, REPO

CONV = "ecole-jules-ferry-2025"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".epn"))
    return root


def run(ws: Path, *args: str) -> int:
    return main(["-w", str(ws), "--today", "2026-11-22", "print", *args])


def test_default_is_a_pdf_in_the_current_folder(ws: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    assert run(ws, CONV) == 0
    target = out / f"{CONV}.pdf"
    assert target.read_bytes().startswith(b"%PDF-")
    assert capsys.readouterr().out == f"{CONV} : écrit dans {target}\n"
    assert sorted(p.name for p in out.iterdir()) == [f"{CONV}.pdf"]  # no temp file left


@pytest.mark.parametrize(("name", "fmt", "start"), [
    ("a.pdf", None, b"%PDF-"), ("a.html", None, b"<!DOCTYPE html>"), ("a.md", None, b"# "),
    ("a.HTM", None, b"<!DOCTYPE html>"), ("a.txt", "md", b"# "), ("a.pdf", "html", b"<!DOC"),
])
def test_output_format_from_extension_or_option(ws: Path, tmp_path: Path, name: str,
                                                fmt: str | None, start: bytes) -> None:
    target = tmp_path / name
    assert run(ws, CONV, "-o", str(target), *(["--format", fmt] if fmt else [])) == 0
    assert target.read_bytes().startswith(start)


def test_unknown_extension_and_unknown_id(ws: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(ws, CONV, "-o", str(tmp_path / "a.docx")) == 2
    assert "impossible de déduire le format de `a.docx`" in capsys.readouterr().err
    assert run(ws, "inconnue") == 2
    assert "aucune convention valide d'identifiant `inconnue`" in capsys.readouterr().err
    assert not (tmp_path / "a.docx").exists()


def test_template_error_is_one_line_with_file_and_line(ws: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    path = ws / "education" / f"{CONV}.md"
    text = path.read_text(encoding="utf-8").replace("{{ duree_et_renouvellement }}",
                                                    "{{ duree_et_renouvelement }}")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("{{ duree_et_renouvelement }}") + 1
    assert run(ws, CONV, "-o", str(tmp_path / "a.pdf")) == 1
    err = capsys.readouterr().err
    assert err == (f"epn: education/{CONV}.md:{line}: champ inconnu : "
                   "'duree_et_renouvelement' is undefined\n")
    assert not (tmp_path / "a.pdf").exists()


def test_printer_missing_is_a_clear_message(ws: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert run(ws, CONV, "--printer") == 1
    err = capsys.readouterr().err
    assert err.startswith("epn: aucun système d'impression trouvé (la commande `lp` de CUPS")


def fake_lp(folder: Path, status: int = 0) -> Path:
    """An `lp` that records its arguments and the bytes it was given."""
    folder.mkdir()
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/args"\n'
        f'cat > "{folder}/stdin"\n'
        + ("echo 'request id is Bureau-7 (1 file(s))'\n" if status == 0 else
           "echo 'lp: The printer or class does not exist.' >&2\n")
        + f"exit {status}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder


def test_printer_sends_the_pdf_to_lp(ws: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    bin_dir = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(tmp_path)
    assert run(ws, CONV, "--printer", "Bureau") == 0
    assert (bin_dir / "args").read_text().splitlines() == ["-t", CONV, "-d", "Bureau"]
    assert (bin_dir / "stdin").read_bytes().startswith(b"%PDF-")
    assert capsys.readouterr().out == (
        f"{CONV} : envoyé à Bureau (request id is Bureau-7 (1 file(s)))\n")
    assert not (tmp_path / f"{CONV}.pdf").exists()  # printing alone writes no file
    assert run(ws, CONV, "--printer") == 0
    assert (bin_dir / "args").read_text().splitlines() == ["-t", CONV]


def test_printer_errors_and_format_conflicts(ws: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bin_dir = fake_lp(tmp_path / "bin", status=1)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert run(ws, CONV, "--printer", "Nulle") == 1
    assert capsys.readouterr().err == (
        "epn: l'impression a échoué : lp: The printer or class does not exist.\n")
    assert run(ws, CONV, "--printer", "--format", "html") == 2
    assert run(ws, CONV, "--printer", "-o", str(tmp_path / "a.md")) == 2
    assert not (tmp_path / "a.md").exists()


def test_print_module_imports_nothing_heavy_before_running() -> None:
    import subprocess
    import sys

    code = ("import sys, epn_tui.cli as c; c.build_parser(); "
            "print(sorted(m for m in ('typst', 'jinja2', 'markdown_it', 'textual') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          check=True, cwd=REPO)
    assert done.stdout.strip() == "[]"
