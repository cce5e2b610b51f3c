"""`epn print` from the command line: one convention to PDF, as a user runs it.

    python bench/bench_print.py [--repeat N] [--id CONVENTION] [--against DIR]

Each run is a fresh `epn print` process on a private copy of the demo workspace
(interpreter start, workspace load, composing and typst compile in the limited child
process, the atomic write all included). `--against DIR` times another copy of the
package alongside, interleaved (a folder holding epn_tui/, e.g. made before a change
with `git archive HEAD epn_tui | tar -x -C DIR`). Also times the in-process parts
(compose, Markdown → Typst, typst compile) and the limited child itself (a fork, or a
new interpreter when the process has native threads, as in the UI), to show where the
time goes. Target (issue 13): at most 1 s per print, child process included.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEMO = REPO / "conventions"
TARGET_S = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--id", default="commune-sorges-mise-a-disposition")
    parser.add_argument("--against", type=Path, metavar="DIR", action="append", default=[])
    args = parser.parse_args()
    versions = {"": REPO, **{f" ({d.name})": d.resolve() for d in args.against}}
    for folder in versions.values():
        compileall.compile_dir(str(folder / "epn_tui"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="epn-bench-print-") as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns(".epn"))
        out = Path(tmp) / "out.pdf"

        def cmd(folder: Path) -> list[str]:
            # `-m` from the folder: that copy of epn_tui, not the installed one.
            return [sys.executable, "-m", "epn_tui.cli", "-w", str(ws), "--today",
                    "2026-11-22", "print", args.id, "-o", str(out)]

        for folder in versions.values():  # warms the cache, checks it works
            subprocess.run(cmd(folder), check=True, capture_output=True, cwd=folder)  # noqa: S603
        times: dict[str, list[float]] = {tag: [] for tag in versions}
        for _ in range(args.repeat):  # interleaved: the machine's drift hits all alike
            for tag, folder in versions.items():
                start = time.perf_counter()
                subprocess.run(cmd(folder), check=True, capture_output=True, cwd=folder)  # noqa: S603
                times[tag].append(time.perf_counter() - start)
        size = out.stat().st_size
        parts = _in_process(ws, args.id)

    print(f"epn print {args.id} → PDF ({size} bytes), {args.repeat} runs of a fresh process")
    ok = True
    for tag, runs in times.items():
        best, median = min(runs), statistics.median(runs)
        ok = ok and (tag != "" or median <= TARGET_S)
        print(f"  this checkout{tag:<14} best {best * 1000:6.0f} ms   median "
              f"{median * 1000:6.0f} ms   (target ≤ {TARGET_S * 1000:.0f} ms: "
              f"{median / TARGET_S:.2f}× the budget)")
    print("in process (this checkout):")
    for label, seconds in parts:
        print(f"  {label:<44}{seconds * 1000:7.1f} ms")
    return 0 if ok else 1


def _in_process(ws: Path, conv_id: str) -> list[tuple[str, float]]:
    sys.path.insert(0, str(REPO))
    from epn_tui.i18n import set_language
    from epn_tui.render import bounded
    from epn_tui.render.compose import compose
    from epn_tui.render.pdf import render_pdf, to_typst
    from epn_tui.render.printing import render_convention
    from epn_tui.store.workspace import Workspace

    set_language("fr")
    today = date(2026, 11, 22)
    workspace = Workspace.open(ws)
    out: list[tuple[str, float]] = []
    # First the limited child while this process has run no typst (a fork)…
    render_convention(workspace, conv_id, "pdf", today)
    t0 = time.perf_counter()
    render_convention(workspace, conv_id, "pdf", today)
    out.append(("print in a limited fork (compose + typst)", time.perf_counter() - t0))
    t0 = time.perf_counter()
    bounded.run_bounded(lambda: b"")
    out.append(("  of which fork, pipe and reaping", time.perf_counter() - t0))
    t0 = time.perf_counter()
    doc = compose(workspace, conv_id, today)
    t1 = time.perf_counter()
    to_typst(doc)
    t2 = time.perf_counter()
    render_pdf(doc)  # first compile in this process (loads the embedded fonts)
    t3 = time.perf_counter()
    render_pdf(doc)
    t4 = time.perf_counter()
    out += [("compose (git, Jinja2, clauses)", t1 - t0), ("Markdown → Typst", t2 - t1),
            ("typst compile, first", t3 - t2), ("typst compile, again", t4 - t3)]
    # … then, typst's threads now running here, a new interpreter (as in the UI).
    t0 = time.perf_counter()
    render_convention(workspace, conv_id, "pdf", today)
    out.append(("print in a limited new interpreter (UI)", time.perf_counter() - t0))
    return out


if __name__ == "__main__":
    sys.exit(main())
