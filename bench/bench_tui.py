"""Terminal UI timings, in one run.

    python bench/bench_tui.py [N]        (default 10000; generates bench/out/ws-N)
    python bench/bench_tui.py --against DIR [--against DIR2…] [--big-only] [--start-only]
        also times the epn_tui in each DIR (a folder holding a copy of the package),
        interleaved with this one, each on its own copies of the workspaces: before and
        after a change, side by side. `--big-only` skips the demo, `--start-only` the
        filtering.

1. Start-up in a real terminal (tmux, 100×30): from launching the process to the first
   painted dashboard *with its data* (the date line the dashboard prints once the
   workspace is read), for the demo and for N conventions with a warm cache, beside
   a bare Textual app that paints one label, measured the same way. Best and median
   of --repeat (5), the runs of all figures interleaved round after round.
   Target (issue 3): N conventions at most 1.5× the bare app.
2. Filtering the conventions list at N conventions: time per keystroke, measured
   with Textual's Pilot (key press until the screen has processed it).
   Target: at most 50 ms per keystroke.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchkit import prepare  # bench/benchkit.py (the script's folder is on sys.path)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BARE_APP = '''
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("bare-ready")
Bare().run()
'''
FRAME_MARKER = "Conventions de l'EPN"  # the header: the dashboard's first frame
DATA_MARKER = "22 novembre 2026"  # the dashboard's title line, shown once data is in


TMUX = ["tmux", "-L", "epn-bench"]  # a server of our own: never touch the user's sessions


def tmux_time(command: str, marker: str, timeout: float = 30.0) -> float:
    session = f"bench{int(time.time() * 1000) % 100000}"
    # A placeholder session keeps the server alive between runs.
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keep", "sleep 3600"],  # noqa: S603
                   check=False, capture_output=True)
    start = time.perf_counter()
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "100", "-y", "30",  # noqa: S603
                    command], check=True)
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run([*TMUX, "capture-pane", "-p", "-t", session],  # noqa: S603
                                    capture_output=True, text=True, check=False).stdout
            if marker in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise TimeoutError(f"{marker!r} never appeared for {command}")
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], check=False,  # noqa: S603
                       capture_output=True)


def warm_up(command: str) -> None:
    """One full run, left alone long enough to read everything and keep its dashboard
    (`.epn/dashboard.json`), as a user's previous session would have."""
    session = "warmup"
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keep", "sleep 3600"],  # noqa: S603
                   check=False, capture_output=True)
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "100", "-y", "30",  # noqa: S603
                    command], check=True)
    time.sleep(6)
    subprocess.run([*TMUX, "kill-session", "-t", session], check=False,  # noqa: S603
                   capture_output=True)


async def filter_timings(ws: Path, query: str) -> tuple[list[float], list[float], list[float]]:
    """(Pilot round trip per key in epn, the same in a bare app with one Input, the
    filter's own work per key: narrowing the rows and drawing a screenful)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from epn_tui.tui.app import build_app
    from epn_tui.tui.widgets.row_table import RowTable

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    bare_times: list[float] = []
    async with Bare().run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for char in query:
            start = time.perf_counter()
            await pilot.press(char)
            await pilot.pause()
            bare_times.append(time.perf_counter() - start)

    app = build_app(ws, today=date(2026, 11, 22), watch=False)
    times: list[float] = []
    work: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        table = app.screen.query_one(RowTable)
        for char in query:
            start = time.perf_counter()
            await pilot.press(char)
            await pilot.pause()
            times.append(time.perf_counter() - start)
        assert len(table.shown) <= len(table.rows)
        table.set_filter("")
        for n in range(1, len(query) + 1):
            start = time.perf_counter()
            table.set_filter(query[:n])
            for y in range(table.size.height):
                table.render_line(y)
            work.append(time.perf_counter() - start)
    return times, bare_times, work


def main() -> None:
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark")
    args, big = prepare(__doc__.splitlines()[0] if __doc__ else "")
    # `-m` puts the current folder first on sys.path: it decides which epn_tui runs.
    versions = {"": ROOT}
    for folder in args.against:
        versions[f" ({folder.name})"] = folder
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        # Each version gets its own copies of the workspaces: their caches may differ in
        # shape (CACHE_VERSION), and each would throw the other's away at every run.
        spaces: dict[str, tuple[str, Path, Path]] = {}
        for tag, folder in versions.items():
            epn = f"cd {folder} && {sys.executable} -m epn_tui.cli --today 2026-11-22 -w"
            demo = Path(tmp) / f"demo{len(spaces)}"
            shutil.copytree(ROOT / "conventions", demo, ignore=shutil.ignore_patterns(".epn"))
            ws = big
            if args.against:  # (copy2 keeps the files' mtimes: the cache stays warm)
                ws = Path(tmp) / f"ws{len(spaces)}"
                shutil.copytree(big, ws, ignore=shutil.ignore_patterns(".epn"))
            for space in (ws,) if args.big_only else (demo, ws):
                subprocess.run(f"{epn} {space} check", shell=True,  # noqa: S602
                               check=False, capture_output=True)
                warm_up(f"{epn} {space}")
            spaces[tag] = (epn, demo, ws)
        # The machine's speed drifts within minutes: the runs are interleaved, so that
        # the bare app and each figure see the same phases, and the best of each is kept.
        runs: dict[tuple[str, str], tuple[str, str]] = {
            ("bare", ""): (f"{sys.executable} {bare}", "bare-ready")}
        for tag, (epn, demo, ws) in spaces.items():
            named = [(f"{args.n} conventions", ws)]
            if not args.big_only:
                named.insert(0, ("demo workspace", demo))
            for name, space in named:
                for what, marker in (("first frame", FRAME_MARKER),
                                     ("with data", DATA_MARKER)):
                    runs[name + tag, what] = (f"{epn} {space}", marker)
        times: dict[tuple[str, str], list[float]] = {figure: [] for figure in runs}
        for _ in range(args.repeat):
            for figure, (command, marker) in runs.items():
                try:
                    times[figure].append(tmux_time(command, marker))
                except TimeoutError as exc:  # (a copy being edited meanwhile…): one run lost
                    print(f"  {exc}", file=sys.stderr)
        times = {figure: values or [float("inf")] for figure, values in times.items()}
    best = {figure: min(values) for figure, values in times.items()}
    middle = {figure: sorted(values)[len(values) // 2] for figure, values in times.items()}
    t_bare, m_bare = best.pop(("bare", "")), middle.pop(("bare", ""))
    print(f"start-up in tmux 100×30, best and median of {args.repeat} (first frame: the "
          "dashboard is painted; with data: its deadlines and counts are shown)")
    print(f"  bare Textual app (one label)                     {t_bare:6.3f} s"
          f"              median {m_bare:6.3f} s")
    for (name, what), seconds in best.items():
        median_s = middle[name, what]
        print(f"  epn, {name:<30} {what:<11} {seconds:6.3f} s   {seconds / t_bare:4.2f}× bare"
              f"   median {median_s:6.3f} s   {median_s / m_bare:4.2f}×")
    for folder in args.against:
        print(f"  ({folder.name}: {folder})")
    print("  target: 10,000 conventions (warm cache) at most 1.50× bare")
    subprocess.run([*TMUX, "kill-server"], check=False, capture_output=True)  # noqa: S603
    if args.start_only:
        return
    key_times, bare_times, work = asyncio.run(filter_timings(big, "convention 12"))

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2] * 1000

    print(f"filtering {args.n} conventions, per keystroke:")
    print(f"  filter work (narrow rows + draw a screenful)  median {median(work):6.1f} ms, "
          f"max {max(work) * 1000:6.1f} ms (target ≤ 50 ms)")
    print(f"  Pilot key round trip, epn                     median {median(key_times):6.1f} ms, "
          f"max {max(key_times) * 1000:6.1f} ms")
    print(f"  Pilot key round trip, bare app with an Input  median {median(bare_times):6.1f} ms")


if __name__ == "__main__":
    main()
