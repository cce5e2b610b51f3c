"""Template placeholders still in a convention's text (`[montant]`, `[nom de l'école]`,
`[ ]`): found in the body's source with their file lines.

Light on purpose (no Jinja2, no Markdown parser): `epn check` scans every body with it
and `epn print` reports what still needs filling, line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

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


def placeholder_problems(workspace: Workspace) -> list[Problem]:
    """`epn check`'s warnings: one per line of a convention that still holds a template
    placeholder (drafts included: unfinished text is never silent)."""
    problems = []
    for conv in workspace.conventions.values():
        try:
            data = (workspace.root / conv.path).read_bytes()
        except OSError:
            continue
        # Cheap first: no `[` after the first `---` line past the opening one (the body
        # is within that tail) means nothing to report, without decoding the file.
        close = data.find(b"\n---", 3)
        if b"[" not in (data[close:] if close >= 0 else data):
            continue
        for line, message in line_messages(body_unfilled(data)):
            problems.append(Problem(conv.path, line, message, "warning"))
    return problems
