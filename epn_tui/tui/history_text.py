"""What the history screen shows, as Rich text (no Textual): a version in the list, and
what changed between two versions.

Fields read `statut : brouillon → signée`. In the text, the words removed are struck
through (red) and the words added underlined (green); without colours
(`NO_COLOR`) they are also marked the way `git diff --word-diff=plain` writes them,
`[-removed-]{+added+}`, since a terminal may draw neither strike nor colour.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from epn_tui.core.dates import format_short
from epn_tui.core.human_diff import HumanDiff, Piece
from epn_tui.i18n import _
from epn_tui.store.history import Version
from epn_tui.tui.safe import line, plain

REMOVED_STYLE = "strike red"
ADDED_STYLE = "underline green"


def when_text(when: datetime) -> str:
    """`02/12/2026 10:31` (in English `2026-12-02 10:31`), in the commit's own time zone,
    as `git log` shows it."""
    return f"{format_short(when.date())} {when:%H:%M}"


def version_prompt(version: Version, signed: bool = False) -> RenderableType:
    """When and who; under it, indented, the short hash and the commit's message (as
    `git log --oneline` shows them), the signed version marked."""
    head = Text(when_text(version.when), style="bold")
    head.append("  ")
    head.append_text(line(version.author))
    body = Text(version.short, style="dim")
    if signed:
        body.append(" ")
        body.append(_("[signed]"), style="bold reverse")
    body.append(" ")
    body.append_text(line(version.subject))
    return Group(head, Padding(body, (0, 0, 0, 2)))


def pending_prompt() -> RenderableType:
    return Group(Text(_("Now"), style="bold"),
                 Padding(Text(_("changes not committed yet"), style="italic"), (0, 0, 0, 2)))


def _value(value: str | None) -> Text:
    if value is None:
        return Text(_("(empty)"), style="dim italic")
    return line(value)


def diff_text(diff: HumanDiff, marks: bool = False) -> Text:
    """The fields that changed, then the paragraphs of the text that changed."""
    out = Text()
    if diff.empty:
        out.append(_("No difference in the fields or the text."), style="italic")
        return out
    if diff.fields:
        out.append(_("Fields") + "\n", style="bold underline")
        for change in diff.fields:
            out.append_text(line(change.label, "bold"))
            out.append(" : ")
            old = _value(change.old)
            if change.old is not None:
                old.stylize(REMOVED_STYLE)
            new = _value(change.new)
            if change.new is not None:
                new.stylize(ADDED_STYLE)
            out.append_text(_marked(old, "removed", marks and change.old is not None))
            out.append(" → ")
            out.append_text(_marked(new, "added", marks and change.new is not None))
            out.append("\n")
    if diff.paragraphs:
        if diff.fields:
            out.append("\n")
        out.append(_("Text") + "\n", style="bold underline")
        for i, paragraph in enumerate(diff.paragraphs):
            if i:
                out.append("\n")
            previous = "same"
            for piece in _grouped(paragraph):
                if piece.kind == "same":
                    out.append_text(plain(piece.text))
                    previous = piece.kind
                    continue
                if not marks and previous == "removed" and piece.kind == "added":
                    out.append(" ")  # struck words then new ones: not glued together
                style = REMOVED_STYLE if piece.kind == "removed" else ADDED_STYLE
                out.append_text(_marked(plain(piece.text, style), piece.kind, marks))
                previous = piece.kind
            out.append("\n")
    out.rstrip()
    return out


def _grouped(paragraph: list[Piece]) -> list[Piece]:
    """Changes separated by a space only are one change: `[-jeudi après-midi-]{+mardi
    matin+}`, not `[-jeudi-]{+mardi+} [-après-midi-]{+matin+}`, which reads as a jumble.
    The old text (same and removed pieces) and the new one (same and added) stay exact:
    the space, common to both, goes to both sides."""
    out: list[Piece] = []
    removed: list[str] = []
    added: list[str] = []
    space = ""  # after a change, held until we know whether a change follows

    def flush() -> None:
        if removed:
            out.append(Piece("removed", "".join(removed)))
        if added:
            out.append(Piece("added", "".join(added)))
        removed.clear()
        added.clear()

    for piece in paragraph:
        if piece.kind == "same":
            if (removed or added) and not space and piece.text.isspace():
                space = piece.text
                continue
            flush()
            if space:
                out.append(Piece("same", space))
                space = ""
            out.append(piece)
            continue
        if space:
            removed.append(space)
            added.append(space)
            space = ""
        (removed if piece.kind == "removed" else added).append(piece.text)
    flush()
    if space:
        out.append(Piece("same", space))
    return out


def _marked(text: Text, kind: str, marks: bool) -> Text:
    if not marks:
        return text
    opening, closing = ("[-", "-]") if kind == "removed" else ("{+", "+}")
    out = Text(opening, style="bold")
    out.append_text(text)
    out.append(closing, style="bold")
    return out
