"""Workspace core timings beside a PyYAML CSafeLoader baseline, in one run.

    python bench/bench_core.py [N]          (default 10000; generates bench/out/ws-N)

Every figure is the best of `--repeat` runs of a fresh process (interpreter start
included on both sides):
- baseline: read every convention file and parse its front matter with CSafeLoader;
- cold `epn check` (no .epn/ cache: it is built and written), warm `epn check`
  (cache hit), warm `epn due --json`.
Targets (issue 2): cold check ≤ 1.3× baseline, warm due ≤ 0.15× baseline.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

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


def timed(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL,  # noqa: S603
                       stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def timed_cold(cmd: list[str], ws: Path, repeat: int) -> float:
    """A cold start: no cache at all (it is written during the run, as for a user)."""
    best = float("inf")
    for _ in range(repeat):
        shutil.rmtree(ws / ".epn", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL,  # noqa: S603
                       stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ws = HERE / "out" / f"ws-{args.n}"
    if not (ws / "epn.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.n), str(ws)],  # noqa: S603
                       check=True)
    epn = [sys.executable, "-m", "epn_tui.cli", "-w", str(ws), "--today", "2026-11-22"]
    shutil.rmtree(ws / ".epn", ignore_errors=True)
    baseline = timed([sys.executable, "-c", BASELINE, str(ws)], args.repeat)
    cold = timed_cold(epn + ["check"], ws, args.repeat)
    subprocess.run(epn + ["check"], check=False, stdout=subprocess.DEVNULL)  # noqa: S603
    warm_check = timed(epn + ["check"], args.repeat)
    warm_due = timed(epn + ["due", "--json"], args.repeat)
    startup = timed([sys.executable, "-c", "pass"], args.repeat)
    print(f"conventions: {args.n}  (python start-up alone: {startup:.3f} s)")
    print(f"baseline CSafeLoader     {baseline:7.3f} s")
    print(f"cold epn check           {cold:7.3f} s   {cold / baseline:5.2f}× baseline "
          f"(target ≤ 1.30×)")
    print(f"warm epn check           {warm_check:7.3f} s   {warm_check / baseline:5.2f}× baseline")
    print(f"warm epn due --json      {warm_due:7.3f} s   {warm_due / baseline:5.2f}× baseline "
          f"(target ≤ 0.15×)")


if __name__ == "__main__":
    main()
