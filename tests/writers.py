"""A writer process for the concurrency tests: `python writers.py KIND ROOT NAME ROUNDS`.

Each round makes one change through the store's write path and, once it is saved,
prints what it saved (one line): the test then checks that every change reported as
saved is on disk. KIND: `convention` (adds the key `<NAME>_<i>` to convention `c`),
`partner` (adds the field `f<i>` to the partner NAME), `body` (adds a line to the end
of the text of convention `c`, merging with the other writer's lines).
"""

from __future__ import annotations

import sys
from pathlib import Path

from epn_tui.store.frontmatter import split
from epn_tui.store.partners import Directory
from epn_tui.store.workspace import Workspace


def main(kind: str, root: Path, name: str, rounds: int) -> None:
    if kind == "partner":
        directory = Directory(root / "partners.json")
        for i in range(rounds):
            directory.update("partners", name, {f"f{i}": i})
            print(f"f{i}", flush=True)
        return
    ws = Workspace.open(root, use_cache=False, schedule_only=True)
    for i in range(rounds):
        if kind == "convention":
            ws.update_fields("c", {f"{name}_{i}": i})
        else:
            base, _fingerprint = ws.read("c")
            body = base[split(base).body_start:]
            # Each writer keeps its lines in its own section: the two never overlap.
            marker = f"## {name}\n"
            body = body.replace(marker, marker + f"{name} {i}\n", 1)
            ws.replace_body("c", body, base)
        print(f"{name}_{i}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
