"""`epn note` from the command line at 200 partners, as a user runs it.

    python bench/bench_note.py [--partners N] [--repeat N]

Makes the seeded workspace of the note's tests (tests/note_ws.py: 200 partners, about
480 conventions, 400 journal entries, hostile names) in a temporary folder, then times
fresh `epn note -o note.pdf` processes (interpreter start, workspace load, the note,
the typst compile and the atomic write all included; the first run, which fills the
parse cache, is timed apart). Then the in-process parts, to show where the time goes.
Target (issue 13): at most 1.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EPN = Path(sys.executable).parent / "epn"
TARGET_S = 1.5
TODAY = date(2026, 11, 22)


def best_of(fn: object, runs: int = 5) -> float:
    assert callable(fn)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from tests.note_ws import make_big

    with tempfile.TemporaryDirectory(prefix="epn-bench-note-") as tmp:
        ws = make_big(Path(tmp) / "ws", args.partners)
        out = Path(tmp) / "note.pdf"
        cmd = [str(EPN) if EPN.exists() else "epn", "-w", str(ws), "--today",
               TODAY.isoformat(), "note", "-o", str(out)]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)  # noqa: S603 - fills the cache
        cold = time.perf_counter() - start
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)  # noqa: S603
            times.append(time.perf_counter() - start)

        from epn_tui.core.note import build_note
        from epn_tui.i18n import set_language
        from epn_tui.render import note as render
        from epn_tui.store.workspace import Workspace

        set_language("fr")
        workspace = Workspace.open(ws)
        records = workspace.records()
        note = build_note(*records, TODAY)
        svg = render.network_svg(note)
        source = render.to_typst(note)
        rows = [
            ("open the workspace (cache warm)", best_of(lambda: Workspace.open(ws))),
            ("build_note (summary, health, network, decisions)",
             best_of(lambda: build_note(*records, TODAY))),
            ("network SVG + Typst source", best_of(lambda: (render.network_svg(note),
                                                            render.to_typst(note)))),
            ("typst compile", best_of(lambda: render._compile(source, svg))),  # noqa: SLF001
        ]
        print(f"workspace: {len(records.partners) - 1} partners, {len(records.contacts)} "
              f"contacts, {len(records.interactions)} journal entries, "
              f"{len(records.conventions)} conventions; PDF {out.stat().st_size // 1024} KiB, "
              f"{render.page_count(out.read_bytes())} page")
        print(f"epn note, first run (fills the parse cache)  {cold * 1000:8.0f} ms")
        print(f"epn note, fresh process: best {min(times) * 1000:.0f} ms, median "
              f"{statistics.median(times) * 1000:.0f} ms over {args.repeat} runs "
              f"(target ≤ {TARGET_S} s: {'yes' if max(times) <= TARGET_S else 'NO'})")
        for label, seconds in rows:
            print(f"  {label:<52} {seconds * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
