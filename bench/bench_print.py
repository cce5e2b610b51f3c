"""`epn print` from the command line: one convention to PDF, as a user runs it.

    python bench/bench_print.py [--repeat N] [--id CONVENTION]

Each run is a fresh `epn print` process on a private copy of the demo workspace
(interpreter start, workspace load, composing, typst compile and the atomic write all
included). Also times the in-process parts (compose, Markdown → Typst, typst compile)
to show where the time goes. Target (issue 4): at most 2 s per print.
"""

from __future__ import annotations

import argparse
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
EPN = Path(sys.executable).parent / "epn"
TARGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--id", default="commune-sorges-mise-a-disposition")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="epn-bench-print-") as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns(".epn"))
        out = Path(tmp) / "out.pdf"
        cmd = [str(EPN) if EPN.exists() else "epn", "-w", str(ws), "--today", "2026-11-22",
               "print", args.id, "-o", str(out)]
        subprocess.run(cmd, check=True, capture_output=True)  # noqa: S603 - warms the cache
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)  # noqa: S603
            times.append(time.perf_counter() - start)
        size = out.stat().st_size

        sys.path.insert(0, str(REPO))
        from epn_tui.i18n import set_language
        from epn_tui.render.compose import compose
        from epn_tui.render.pdf import render_pdf, to_typst
        from epn_tui.store.workspace import Workspace

        set_language("fr")
        workspace = Workspace.open(ws)
        t0 = time.perf_counter()
        doc = compose(workspace, args.id, date(2026, 11, 22))
        t1 = time.perf_counter()
        to_typst(doc)
        t2 = time.perf_counter()
        render_pdf(doc)  # first compile in this process (loads the embedded fonts)
        t3 = time.perf_counter()
        render_pdf(doc)
        t4 = time.perf_counter()

    best, median = min(times), statistics.median(times)
    print(f"epn print {args.id} → PDF ({size} bytes), {args.repeat} runs of a fresh process")
    print(f"  best   {best * 1000:7.0f} ms")
    print(f"  median {median * 1000:7.0f} ms   (target ≤ {TARGET_S * 1000:.0f} ms: "
          f"{median / TARGET_S:.2f}× the budget)")
    print("in process:")
    print(f"  compose (git, Jinja2, clauses)   {(t1 - t0) * 1000:6.1f} ms")
    print(f"  Markdown → Typst                 {(t2 - t1) * 1000:6.1f} ms")
    print(f"  typst compile, first / again     {(t3 - t2) * 1000:6.1f} / "
          f"{(t4 - t3) * 1000:.1f} ms")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
