"""Versioning at scale: a save and its commit, and `epn history ID`.

    python bench/bench_git.py [N] [--commits C]      (default 10000 conventions, 2000 commits)

On a copy of the workspace of N conventions (bench/out/ws-N) made a git repository with
one first commit, C changes are saved through the write path, each committed (store.
autocommit): their median time is the save + commit figure. Then `epn history ID` runs
as a fresh process (interpreter start included) on a convention with several versions,
and the history is also read in process. Targets (issue 11): save + commit ≤ 150 ms,
`epn history ID` ≤ 150 ms.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchkit import prepare  # bench/benchkit.py (the script's folder is on sys.path)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from epn_tui.store.git import Repo  # noqa: E402
from epn_tui.store.history import convention_history  # noqa: E402
from epn_tui.store.workspace import Workspace  # noqa: E402


def main() -> None:
    commits = 2000
    if "--commits" in sys.argv:
        at = sys.argv.index("--commits")
        commits = int(sys.argv[at + 1])
        del sys.argv[at:at + 2]
    args, source = prepare(__doc__ or "")
    keep = os.environ.get("EPN_BENCH_KEEP")  # a folder: the repository is left there
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(keep) if keep else Path(tmp) / "ws"
        if keep:
            shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(source, root, ignore=shutil.ignore_patterns(".epn"))
        env = {"GIT_CONFIG_GLOBAL": str(Path(tmp) / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
        if keep:
            env["GIT_CONFIG_GLOBAL"] = str(root.parent / "bench-gitconfig")
        Path(env["GIT_CONFIG_GLOBAL"]).write_text(
            "[user]\n\tname = Banc d'essai\n\temail = banc@example.fr\n", "utf-8")
        os.environ.update(env)
        start = time.perf_counter()
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)  # noqa: S603,S607
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)  # noqa: S603,S607
        subprocess.run(["git", "commit", "-q", "-m", "Départ"], cwd=root,  # noqa: S603,S607
                       check=True)
        print(f"repository of {args.n} conventions: first commit in "
              f"{time.perf_counter() - start:.1f} s")
        ws = Workspace.open(root)
        ids = sorted(ws.conventions)
        hot = ids[len(ids) // 2]  # a convention changed every 20 changes
        samples = []
        for i in range(commits):
            conv_id = hot if i % 20 == 0 else ids[(i * 7919) % len(ids)]
            t0 = time.perf_counter()
            saved = ws.update_fields(conv_id, {"bench_note": f"passage {i}"})
            samples.append(time.perf_counter() - t0)
            assert saved.committed is not None and saved.committed.state == "committed", \
                saved.committed
        samples.sort()
        print(f"save + commit, {commits} changes at {args.n} conventions: median "
              f"{statistics.median(samples) * 1000:.0f} ms, 90th percentile "
              f"{samples[int(len(samples) * 0.9)] * 1000:.0f} ms (target ≤ 150 ms)")
        repo = Repo(root)
        rel = ws.conventions[hot].path
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            versions = convention_history(repo, rel)
            times.append(time.perf_counter() - t0)
        print(f"history of one convention ({len(versions)} versions among "
              f"{commits + 1} commits), in process: {min(times) * 1000:.0f} ms")
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            subprocess.run([str(Path(sys.executable).parent / "epn"), "-w", str(root),  # noqa: S603
                            "history", hot], check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        print(f"`epn history {hot}` as a fresh process: best {min(times) * 1000:.0f} ms, "
              f"median {statistics.median(times) * 1000:.0f} ms (target ≤ 150 ms)")
        bare = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            subprocess.run([str(Path(sys.executable).parent / "epn"), "--version"],  # noqa: S603
                           check=True, capture_output=True)
            bare.append(time.perf_counter() - t0)
        print(f"`epn --version` (the interpreter and epn starting, for scale): best "
              f"{min(bare) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
