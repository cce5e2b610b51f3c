"""The UI-free layers stay UI-free (STYLE.md): importing every module of core, store and
render, and the `epn` command line with all its sub-commands, loads no Textual module."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

CODE = textwrap.dedent("""
    import importlib, pkgutil, sys
    import epn_tui.core, epn_tui.store, epn_tui.render
    names = []
    for package in (epn_tui.core, epn_tui.store, epn_tui.render):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
            names.append(info.name)
    import epn_tui.cli
    epn_tui.cli.build_parser()  # imports every sub-command module
    assert "epn_tui.core.terms" in names and "epn_tui.store.workspace" in names
    assert "epn_tui.commands.due" in sys.modules
    loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print(len(names), loaded)
""")


def test_core_store_render_and_cli_do_not_import_textual() -> None:
    done = subprocess.run([sys.executable, "-c", CODE],  # noqa: S603 - our own code
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) >= 20
    assert loaded.strip() == "[]", f"Textual imported by a UI-free module: {loaded}"


WARM = textwrap.dedent("""
    import io, contextlib, sys
    from epn_tui import cli
    with contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["-w", sys.argv[1], "--today", "2026-11-22", "due", "--json"])
    heavy = ("yaml", "epn_tui.store.frontmatter", "epn_tui.core.validate",
             "epn_tui.store.splice", "epn_tui.commands.print", "hashlib", "tinydb")
    print(status, sorted(m for m in heavy if m in sys.modules))
""")


def test_warm_due_reads_no_yaml(demo: Path) -> None:
    """Served from `.epn/`, `epn due` needs neither YAML, nor the validator, nor the
    modules of other commands: that is most of its start-up time."""
    runs = [subprocess.run([sys.executable, "-c", WARM, str(demo)],  # noqa: S603
                           capture_output=True, text=True, timeout=120, check=False)
            for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    assert runs[0].stdout.split(" ", 1)[1].strip() != "[]"  # the cold run parses
    assert runs[1].stdout.strip() == "0 []"
