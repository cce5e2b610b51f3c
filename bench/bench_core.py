"""Workspace core timings beside a PyYAML CSafeLoader baseline, in one run.

    python bench/bench_core.py [N]          (default 10000; generates bench/out/ws-N)
    python bench/bench_core.py --against DIR   (also the epn_tui copied in DIR, side by side)

Every figure is the best of `--repeat` runs of a fresh process (interpreter start
included on both sides), the runs of all figures interleaved round after round:
- baseline: read every convention file and parse its front matter with CSafeLoader;
- cold `epn check` (no .epn/ cache: it is built and written), warm `epn check`
  (cache hit), warm `epn due --json`.
Targets (issue 2): cold check ≤ 1.3× baseline, warm due ≤ 0.15× baseline.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchkit import prepare  # bench/benchkit.py (the script's folder is on sys.path)

HERE = Path(__file__).resolve().parent
BASELINE = r"""
import os, sys, yaml
root = sys.argv[1]
n = 0
for folder, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if not d.startswith('.')]
    for name in files:
        if not name.endswith('.md') or name == 'README.md':
            continue
        with open(os.path.join(folder, name), 'rb') as f:
            text = f.read().decode('utf-8')
        end = text.index('\n---', 3)
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        n += 1
print(n)
"""


def run_once(cmd: list[str], ws: Path | None = None,
             cwd: Path | None = None) -> tuple[float, float]:
    """One fresh process: (wall-clock seconds, CPU seconds of it and its children);
    with `ws`, a cold one (no cache: it is written during the run, as for a user)."""
    if ws is not None:
        shutil.rmtree(ws / ".epn", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL,  # noqa: S603
                   stderr=subprocess.DEVNULL, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    args, ws = prepare(__doc__.splitlines()[0] if __doc__ else "")
    baseline_cmd = [sys.executable, "-c", BASELINE, str(ws)]
    # `-m` runs the epn_tui of the current folder: this checkout's, and with
    # `--against DIR` (repeatable) the copy in DIR too, each on its own copy of the
    # workspace (their caches may differ in shape).
    versions: dict[str, tuple[Path, Path]] = {"": (HERE.parent, ws)}
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.against:
            copy = Path(tmp) / f"ws-{len(versions)}"
            shutil.copytree(ws, copy, ignore=shutil.ignore_patterns(".epn"))
            versions[f" ({folder.name})"] = (folder, copy)
        _measure(args, baseline_cmd, versions)


def _measure(args: argparse.Namespace, baseline_cmd: list[str],
             versions: dict[str, tuple[Path, Path]]) -> None:
    def epn(tag: str, *command: str) -> list[str]:
        return [sys.executable, "-m", "epn_tui.cli", "-w", str(versions[tag][1]),
                "--today", "2026-11-22", *command]

    # The machine's speed drifts within minutes: the runs are interleaved, so that the
    # baseline and each command see the same phases, and the best of each is kept.
    rounds: dict[str, Callable[[], tuple[float, float]]] = {
        "baseline": lambda: run_once(baseline_cmd),
        "startup": lambda: run_once([sys.executable, "-c", "pass"]),
    }
    for tag, (folder, space) in versions.items():
        rounds["cold" + tag] = partial(run_once, epn(tag, "check"), space, folder)
        rounds["warm_check" + tag] = partial(run_once, epn(tag, "check"), None, folder)
        rounds["warm_due" + tag] = partial(run_once, epn(tag, "due", "--json"), None, folder)
    best = dict.fromkeys(rounds, float("inf"))
    cpus: dict[str, list[float]] = {name: [] for name in rounds}
    for _ in range(args.repeat):
        for name, measure in rounds.items():
            wall, cpu = measure()
            best[name] = min(best[name], wall)
            cpus[name].append(cpu)
    # CPU time: what other work on the machine disturbs least (a busy VM moved the
    # wall-clock figures by half within minutes); the median of the runs.
    cpu = {name: sorted(values)[len(values) // 2] for name, values in cpus.items()}
    baseline, startup = best["baseline"], best["startup"]
    print(f"conventions: {args.n}  (python start-up alone: {startup:.3f} s)")
    print(f"baseline CSafeLoader     {baseline:7.3f} s   (CPU, median: {cpu['baseline']:.3f} s)")
    for tag in versions:
        cold, warm_check, warm_due = (best["cold" + tag], best["warm_check" + tag],
                                      best["warm_due" + tag])
        print(f"cold epn check{tag:<11}{cold:7.3f} s   {cold / baseline:5.2f}× baseline "
              f"(target ≤ 1.30×)   CPU {cpu['cold' + tag]:.3f} s")
        print(f"warm epn check{tag:<11}{warm_check:7.3f} s   "
              f"{warm_check / baseline:5.2f}× baseline                  "
              f"CPU {cpu['warm_check' + tag]:.3f} s")
        print(f"warm epn due --json{tag:<6}{warm_due:7.3f} s   "
              f"{warm_due / baseline:5.2f}× baseline (target ≤ 0.15×)   "
              f"CPU {cpu['warm_due' + tag]:.3f} s")


if __name__ == "__main__":
    main()
