"""Printing one convention: the entry points the CLI and the UI call.

    print_convention(workspace, conv_id, fmt, today) -> bytes    # "pdf" | "html" | "md"
    write_print(workspace, conv_id, path, fmt=None, today=...) -> Path

Both raise KeyError for an unknown id, `PrintError` (str: `path:line: message`) for a
body that cannot be rendered, and OSError when a file cannot be read or written. They
are synchronous and take ~50–150 ms: the UI runs them in a thread worker.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from epn_tui.i18n import _

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace

FORMATS = ("pdf", "html", "md")
EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md",
              ".markdown": "md"}


class FormatError(ValueError):
    """No format given and none to guess from the file name."""


def format_for(path: Path | None, fmt: str | None) -> str:
    """The output format: `fmt` when given, else from the extension, else PDF."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise FormatError(_("unknown format `{fmt}`; use one of: {choices}")
                              .format(fmt=fmt, choices=", ".join(FORMATS)))
        return fmt
    if path is None:
        return "pdf"
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise FormatError(_("cannot tell the format from `{name}`; end the name with .pdf, "
                            ".html or .md, or give --format").format(name=path.name))
    return found


def print_convention(workspace: Workspace, conv_id: str, fmt: str, today: date,
                     allow_placeholders: bool = True) -> bytes:
    """The printed document of one convention, in `fmt`.

    A template placeholder left in the body (`[montant]`) is highlighted in the PDF and
    the HTML; with `allow_placeholders=False`, a convention that is not a draft (nor in
    negotiation) is refused while any remain: `PrintError` with one
    `path:line: « [montant] » reste à compléter` line each."""
    from epn_tui.render.compose import PrintError, compose, unfilled_messages

    fmt = format_for(None, fmt)
    doc = compose(workspace, conv_id, today)
    if not allow_placeholders and not doc.draft and doc.unfilled:
        path = workspace.conventions[conv_id].path
        raise PrintError("\n".join(unfilled_messages(doc, path)))
    if fmt == "md":
        return doc.markdown().encode("utf-8")
    if fmt == "html":
        from epn_tui.render.html import render_html

        return render_html(doc)
    from epn_tui.render.pdf import render_pdf

    return render_pdf(doc)


def write_print(workspace: Workspace, conv_id: str, path: Path, fmt: str | None = None,
                today: date | None = None) -> Path:
    """Write the document to `path` atomically (format from `fmt` or the extension);
    returns the absolute path written."""
    from epn_tui.store.atomic import atomic_write

    chosen = format_for(path, fmt)
    data = print_convention(workspace, conv_id, chosen, today or date.today())
    atomic_write(path, data)
    return path.resolve()
