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
    parser.add_argument("--against", type=Path, metavar="DIR", action="append", default=[],
                        help="another copy of the package to time alongside, interleaved "
                        "(a folder holding epn_tui/, e.g. made before a change with "
                        "`git archive HEAD epn_tui | tar -x -C DIR`); may be repeated")
    parser.add_argument("--big-only", action="store_true",
                        help="time only the workspace of n conventions (not the demo)")
    parser.add_argument("--start-only", action="store_true",
                        help="bench_tui: time the start-up only (not filtering)")
    args = parser.parse_args()
    args.against = [folder.resolve() for folder in args.against]
    for folder in args.against:
        compileall.compile_dir(str(folder / "epn_tui"), quiet=1)
    # Byte-code for our modules, as pip writes it when it installs the wheel: with
    # PYTHONDONTWRITEBYTECODE set (as here), every run would otherwise compile them
    # from source, while Textual's and PyYAML's come compiled.
    compileall.compile_dir(str(HERE.parent / "epn_tui"), quiet=1)
    ws = HERE / "out" / f"ws-{args.n}"
    if not (ws / "epn.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.n), str(ws)],  # noqa: S603
                       check=True)
    return args, ws
