"""The UI-free layers stay UI-free (STYLE.md): importing every module of core, store and
render, and the `epn` command line with all its sub-commands, loads no Textual module."""

from __future__ import annotations

import subprocess
import sys
import textwrap

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
