"""What bench_core and bench_tui share: their arguments, compiled byte-code, and the
generated workspace of N conventions."""

from __future__ import annotations

import argparse
import compileall
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def prepare(description: str) -> tuple[argparse.Namespace, Path]:
    """(arguments `n` and `--repeat`, the workspace of n conventions, generated if
    missing)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    # Byte-code for our modules, as pip writes it when it installs the wheel: with
    # PYTHONDONTWRITEBYTECODE set (as here), every run would otherwise compile them
    # from source, while Textual's and PyYAML's come compiled.
    compileall.compile_dir(str(HERE.parent / "epn_tui"), quiet=1)
    ws = HERE / "out" / f"ws-{args.n}"
    if not (ws / "epn.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.n), str(ws)],  # noqa: S603
                       check=True)
    return args, ws
