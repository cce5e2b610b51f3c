"""Printing one convention: the entry points the CLI and the UI call.

    print_convention(workspace, conv_id, fmt, today) -> bytes    # "pdf" | "html" | "md"
    write_print(workspace, conv_id, path, fmt=None, today=...) -> Path

Both raise KeyError for an unknown id, `PrintError` (str: `path:line: message`) for a
body that cannot be rendered, and OSError when a file cannot be read or written. They
are synchronous and take ~50–150 ms: the UI runs them in a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from epn_tui.i18n import _

if TYPE_CHECKING:
    from epn_tui.render.bounded import LimitError
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


@dataclass(frozen=True, slots=True)
class Printed:
    """A printed document and what the command says about it."""

    data: bytes
    path: str  # the convention file, relative to the workspace
    draft: bool  # draft or negotiation
    unfilled: tuple[tuple[int, str], ...]  # placeholders left: (file line, text)


def render_convention(workspace: Workspace, conv_id: str, fmt: str, today: date,
                      allow_placeholders: bool = True) -> Printed:
    """The printed document of one convention, in `fmt`, with its placeholders.

    Composing and rendering run in a child process with memory, CPU-time and output
    limits (render.bounded): a body past them raises `PrintError`
    (`path:line: the rendering exceeds …`) in a bounded time.

    A template placeholder left in the body (`[montant]`) is highlighted in the PDF and
    the HTML; with `allow_placeholders=False`, a convention that is not a draft (nor in
    negotiation) is refused while any remain: `UnfilledError`, one
    `path:line: « [montant] » reste à compléter` line per line to fill."""
    from epn_tui.render.bounded import LimitError, run_bounded
    from epn_tui.render.compose import PrintError

    fmt = format_for(None, fmt)
    conv = workspace.conventions[conv_id]
    preload = _preload(fmt)
    call = ("epn_tui.render.printing", "_render_at",
            (str(workspace.root), conv_id, fmt, today, allow_placeholders), preload)
    try:
        return run_bounded(lambda: _render(workspace, conv_id, fmt, today,
                                           allow_placeholders), call)
    except LimitError as exc:
        raise PrintError(f"{conv.path}:{_body_line(workspace, conv_id)}: "
                         + limit_message(exc)) from None


def limit_message(exc: LimitError) -> str:
    from epn_tui.render import bounded

    if exc.kind == "memory":
        return _("the rendering exceeds the memory limit ({n} MB); the template asks for "
                 "too long a text").format(n=bounded.MEMORY_MB)
    if exc.kind == "time" and exc.detail == "wall":
        return _("the rendering did not finish within {n} seconds; the template asks for "
                 "too long a text or loops too long").format(n=bounded.WALL_SECONDS)
    if exc.kind == "time":
        return _("the rendering exceeds the time limit ({n} seconds); the template asks "
                 "for too long a text or loops too long").format(n=bounded.CPU_SECONDS)
    if exc.kind == "output":
        return _("the printed document would exceed {n} MB").format(n=bounded.OUTPUT_MB)
    return _("the rendering stopped unexpectedly ({detail}); please report this with "
             "the convention file").format(detail=exc.detail or exc.kind)


def _body_line(workspace: Workspace, conv_id: str) -> int:
    """The file line of the body's first line (1 when the file cannot be read)."""
    from epn_tui.store.frontmatter import FrontMatterError, split

    try:
        text = workspace.read(conv_id)[0]
        return text.count("\n", 0, split(text).body_start) + 1
    except (OSError, FrontMatterError, ValueError):
        return 1


def _preload(fmt: str) -> tuple[str, ...]:
    """Import what the child needs before forking: once in the parent (a UI prints
    more than once) rather than in every child, and never while the child runs.
    Returns their names, for a new interpreter to import before its limits."""
    import importlib

    names = ["epn_tui.render.compose", "epn_tui.store.workspace"]
    if fmt == "html":
        names.append("epn_tui.render.html")
    elif fmt == "pdf":
        names += ["typst", "epn_tui.render.pdf"]
    for name in names:
        importlib.import_module(name)
    return tuple(names)


def _render_at(root: str, conv_id: str, fmt: str, today: date,
               allow_placeholders: bool) -> Printed:
    """`_render` in a new interpreter (render.bounded): the workspace read there."""
    from epn_tui.store.workspace import Workspace

    workspace = Workspace.open(Path(root))
    return _render(workspace, conv_id, fmt, today, allow_placeholders)


def _render(workspace: Workspace, conv_id: str, fmt: str, today: date,
            allow_placeholders: bool) -> Printed:
    from epn_tui.render.compose import UnfilledError, compose
    from epn_tui.render.unfilled import messages

    path = workspace.conventions[conv_id].path
    doc = compose(workspace, conv_id, today)
    if not allow_placeholders and not doc.draft and doc.unfilled:
        raise UnfilledError(messages(path, doc.unfilled))
    if fmt == "md":
        data = doc.markdown().encode("utf-8")
    elif fmt == "html":
        from epn_tui.render.html import render_html

        data = render_html(doc)
    else:
        from epn_tui.render.pdf import render_pdf

        data = render_pdf(doc)
    return Printed(data=data, path=path, draft=doc.draft, unfilled=doc.unfilled)


def print_convention(workspace: Workspace, conv_id: str, fmt: str, today: date,
                     allow_placeholders: bool = True) -> bytes:
    """The printed document of one convention, in `fmt` (see `render_convention`)."""
    return render_convention(workspace, conv_id, fmt, today, allow_placeholders).data


def write_print(workspace: Workspace, conv_id: str, path: Path, fmt: str | None = None,
                today: date | None = None) -> Path:
    """Write the document to `path` atomically (format from `fmt` or the extension);
    returns the absolute path written."""
    from epn_tui.store.atomic import atomic_write

    chosen = format_for(path, fmt)
    data = print_convention(workspace, conv_id, chosen, today or date.today())
    atomic_write(path, data)
    return path.resolve()
