"""One convention file → a Convention and its own problems (no cross-file checks).

Its own module so that YAML and the validator are imported once, when the first file
has to be parsed, and never on a warm start served from the cache (`store.workspace`
and `store.parallel` import it where they need it, not per file).
"""

from __future__ import annotations

from datetime import date

from epn_tui.core.model import Convention, Problem
from epn_tui.core.terms import quiet
from epn_tui.core.validate import build_convention
from epn_tui.i18n import _
from epn_tui.store.frontmatter import (
    FrontMatterError,
    decode,
    find_conflict,
    load_mapping,
    locator,
    split,
)

Parsed = tuple[Convention | None, list[Problem]]


def parse_convention(rel: str, data: bytes) -> Parsed:
    """One file's bytes → a Convention and its own problems."""
    conv_id = rel.rsplit("/", 1)[-1][:-3]
    try:
        text = decode(data)
        conflict = find_conflict(text)
        if conflict is not None:
            raise FrontMatterError(conflict, _("git conflict marker: finish the merge (keep "
                                               "one version) and remove the markers"))
        parts = split(text)
        fm = parts.front_matter(text)
        mapping = load_mapping(fm, parts.fm_line)
    except FrontMatterError as exc:
        return None, [Problem(rel, exc.line, exc.message)]
    return build_convention(conv_id, rel, mapping, locator(fm, parts.fm_line))


def parse_file(rel: str, path: str) -> Parsed:
    """One file for the bulk load, with the quiet span of its plan (terms.quiet), which
    the cache keeps: later starts list deadlines without date arithmetic."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, [Problem(rel, 0, _("cannot read: {error}").format(error=exc.strerror or exc))]
    conv, problems = parse_convention(rel, data)
    if conv is not None:
        quiet(conv, date.today())
    return conv, problems
