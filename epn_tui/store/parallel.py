"""Parse many convention files on two cores: half in a forked child, half here.

A cold start parses every file, and YAML is most of that time. A child process
parses every other file and sends its conventions back encoded by msgspec (10,000
conventions encode in ~10 ms and decode in ~30 ms: far less than the parsing they
save). Whatever the child cannot send exactly (unknown keys JSON cannot hold), or any
failure of the child, is parsed here instead: the result is always the sequential one.

Only for the command line: forking a process that runs other threads (the UI's) can
leave the child stuck on a lock one of them held.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import msgspec

from epn_tui.core.model import Convention, Problem
from epn_tui.core.terms import Plan, remember
from epn_tui.store import cache, forked

if TYPE_CHECKING:
    from epn_tui.store.parsing import Parsed

# Below this many files the fork costs more than it saves.
PARALLEL_MIN = 400

class _Result(msgspec.Struct, array_like=True, gc=False):
    index: int
    convention: Convention | None
    problems: list[Problem]
    plan: Plan | None  # memoised beside the convention, not in it: sent beside it


_RESULTS = msgspec.json.Decoder(list[_Result])


def parse_files(files: Sequence[tuple[str, str]], parallel: bool,
                parse: Callable[[str, str], Parsed] | None = None) -> list[Parsed]:
    """(rel, path) → (convention or None, problems), in order; `parse` defaults to
    store.parsing.parse_file (imported only when there is something to parse)."""
    if not files:
        return []
    if parse is None:
        from epn_tui.store.parsing import parse_file

        parse = parse_file
    if not parallel or len(files) < PARALLEL_MIN or not forked.can_fork() \
            or (os.cpu_count() or 1) < 2:
        return [parse(rel, path) for rel, path in files]

    def child() -> bytes:  # odd indexes
        out = []
        for i in range(1, len(files), 2):
            conv, problems = parse(*files[i])
            if conv is not None and not cache.storable(conv):
                continue  # the parent parses it again: JSON would change it
            out.append(_Result(i, conv, problems, Plan.of(conv) if conv else None))
        return msgspec.json.encode(out)

    read_fd, pid = forked.spawn(child)
    results: list[Parsed | None] = [None] * len(files)
    try:
        for i in range(0, len(files), 2):
            results[i] = parse(*files[i])
    finally:
        data, ok = forked.finish(read_fd, pid)
    if ok:
        try:
            for r in _RESULTS.decode(data):
                if 0 <= r.index < len(files):
                    if r.convention is not None and r.plan is not None:
                        remember(r.convention, r.plan)
                    results[r.index] = (r.convention, r.problems)
        except (msgspec.DecodeError, ValueError):
            pass
    return [r if r is not None else parse(*files[i]) for i, r in enumerate(results)]

