"""Template placeholders still in a convention's text (`[montant]`, `[nom de l'école]`,
`[ ]`): found in the body's source with their file lines.

Light on purpose (no Jinja2, no Markdown parser): `epn check` scans every body with it
and `epn print` reports what still needs filling, line by line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epn_tui.core.model import Problem
from epn_tui.i18n import _

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace

_FENCE = ("```", "~~~")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")


def find_unfilled(body: str, first_line: int) -> list[tuple[int, str]]:
    """The template placeholders (`[montant]`, `[nom de l'école]`, `[ ]`) still in a
    body's source, with their file lines; Jinja tags, code and links are not counted."""
    from epn_tui.render.typo import bracket_spans

    if "[" not in body:
        return []
    source = _JINJA.sub(lambda m: " " * len(m.group(0)) if "\n" not in m.group(0)
                        else "\n" * m.group(0).count("\n"), body)
    # Code (fenced blocks, spans) blanked out, line breaks kept, so offsets give lines.
    kept = []
    fenced = False
    for line in source.split("\n"):
        if line.lstrip().startswith(_FENCE):
            fenced = not fenced
            kept.append("")
            continue
        kept.append("" if fenced else _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line))
    source = "\n".join(kept)
    found = []
    for start, end in bracket_spans(source):
        if start > 0 and source[start - 1] == "!":
            continue
        snippet = " ".join(source[start:end].split())
        found.append((first_line + source.count("\n", 0, start), snippet))
    return found


def by_line(unfilled: Iterable[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """The placeholders grouped by file line, in order."""
    lines: dict[int, list[str]] = {}
    for line, text in unfilled:
        lines.setdefault(line, []).append(text)
    return sorted(lines.items())


def line_messages(unfilled: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line, « [montant] » is still to be filled in) — one per line that needs filling."""
    out = []
    for line, texts in by_line(unfilled):
        if len(texts) == 1:
            out.append((line, _("“{text}” is still to be filled in").format(text=texts[0])))
        else:
            quoted = ", ".join(_("“{text}”").format(text=t) for t in texts)
            out.append((line, _("{texts} are still to be filled in").format(texts=quoted)))
    return out


def messages(path: str, unfilled: Iterable[tuple[int, str]]) -> list[str]:
    """`path:line: « [montant] » is still to be filled in`, one per line."""
    return [f"{path}:{line}: {message}" for line, message in line_messages(unfilled)]


def body_unfilled(data: bytes) -> list[tuple[int, str]]:
    """The placeholders of one convention file's bytes ([] when it cannot be split)."""
    from epn_tui.store.frontmatter import FrontMatterError, decode, split

    try:
        text = decode(data)
        parts = split(text)
    except (FrontMatterError, ValueError):
        return []
    body = text[parts.body_start:]
    return find_unfilled(body, text.count("\n", 0, parts.body_start) + 1)


CACHE_FILE = "placeholders.json"  # in .epn/: what each body holds, by mtime and size
_CACHE_VERSION = 1


def placeholder_problems(workspace: Workspace) -> list[Problem]:
    """`epn check`'s warnings: one per line of a convention that still holds a template
    placeholder (drafts included: unfinished text is never silent).

    What each file holds is kept in `.epn/placeholders.json` by modification time and
    size, as the workspace cache keeps the front matter: a warm check reads no body."""
    import json
    import time

    from epn_tui.store.layout import CACHE_DIR, RACY_NS

    cache_path = workspace.root / CACHE_DIR / CACHE_FILE
    try:
        stored = json.loads(cache_path.read_bytes())
        old: dict[str, list[Any]] = stored["files"] if stored.get("version") == \
            _CACHE_VERSION else {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        old = {}
    new: dict[str, list[Any]] = {}
    now = time.time_ns()
    problems = []
    root = str(workspace.root) + os.sep
    for conv in workspace.conventions.values():
        path = root + conv.path  # (strings: pathlib took half the time at 10,000 files)
        try:
            stat = os.stat(path)
        except OSError:
            continue
        hit = old.get(conv.path)
        if isinstance(hit, list) and len(hit) == 3 and hit[:2] == [stat.st_mtime_ns,
                                                                   stat.st_size]:
            found = [(int(line), str(text)) for line, text in hit[2]]
        else:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            found = _file_unfilled(data)
        if now - stat.st_mtime_ns > RACY_NS:  # not a file that may change this instant
            new[conv.path] = [stat.st_mtime_ns, stat.st_size, [list(f) for f in found]]
        for line, message in line_messages(found):
            problems.append(Problem(conv.path, line, message, "warning"))
    if new != old:
        _save(workspace.root, cache_path, new)
    return problems


def _file_unfilled(data: bytes) -> list[tuple[int, str]]:
    # Cheap first: no `[` after the first `---` line past the opening one (the body is
    # within that tail) means nothing to report, without decoding the file.
    close = data.find(b"\n---", 3)
    if b"[" not in (data[close:] if close >= 0 else data):
        return []
    return body_unfilled(data)


def _save(root: Path, cache_path: Path, files: dict[str, list[Any]]) -> None:
    import json

    from epn_tui.store.atomic import atomic_write
    from epn_tui.store.cache import make_folder

    try:
        make_folder(root)
        # ASCII: a file name that is not UTF-8 (surrogate escapes) is kept as `\udce9`.
        atomic_write(cache_path, json.dumps({"version": _CACHE_VERSION, "files": files})
                     .encode("ascii"), durable=False)
    except (OSError, ValueError):
        pass  # a read-only workspace goes without
