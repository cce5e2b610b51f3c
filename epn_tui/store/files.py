"""Which files are conventions: the one walk of the workspace, with the standard library
only (the UI's look-up child walks it before anything else is imported)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from epn_tui.store.layout import TMP_SUFFIX

TEMPLATES_DIR = "templates"


class FoundFile(NamedTuple):
    rel: str
    path: str  # a plain string: 10,000 Path objects cost more than the stat calls
    mtime_ns: int
    size: int


def is_convention_path(rel: str) -> bool:
    """Would `find_files` take this path (relative, `/`-separated) as a convention?"""
    parts = rel.split("/")
    return (parts[-1].endswith(".md") and parts[-1].lower() != "readme.md"
            and not any(p.startswith(".") for p in parts[:-1])
            and not (len(parts) > 1 and parts[0] == TEMPLATES_DIR))


def find_files(root: Path) -> tuple[list[FoundFile], list[Path]]:
    """Convention files (FORMAT.md: every `*.md` but README.md, `templates/` and hidden
    folders) and stale temp files. Folder symlinks are not followed (no loops)."""
    found: list[FoundFile] = []
    stale: list[Path] = []
    stack = [(str(root), "")]
    is_regular = stat.S_ISREG
    # Runs for each of 10,000 files at every start: the common case (a `.md` file)
    # is tested first and costs one stat call.
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if name[-3:] == ".md":
                    st = entry.stat()
                    if is_regular(st.st_mode):
                        if name.lower() != "readme.md":
                            found.append(FoundFile(prefix + name, entry.path, st.st_mtime_ns,
                                                   st.st_size))
                        continue
                    # Not a regular file: a FIFO or a device would block or never end;
                    # a folder named `*.md` is walked like any folder.
                if name.endswith(TMP_SUFFIX):
                    from epn_tui.store.atomic import is_stale_temp  # rare: a crashed save

                    if is_stale_temp(name):
                        stale.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False) and not name.startswith(".") \
                        and (prefix or name != TEMPLATES_DIR):
                    stack.append((entry.path, prefix + name + "/"))
            except OSError:
                continue
    found.sort(key=lambda f: f.rel)
    return found, stale


def read_head(path: str | Path, limit: int) -> tuple[str, int]:
    """The first `limit` bytes of a text file, decoded (a character cut at the end is
    left out, a byte that is not UTF-8 shown as U+FFFD), and the file's size: the start
    of a 200 MB file without reading the rest."""
    import codecs

    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(limit)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    return decoder.decode(data, final=len(data) >= size), size
