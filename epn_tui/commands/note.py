"""`epn note [-o FILE] [--format pdf|html|md]`: the élu's one-page note."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from epn_tui.commands.common import EXIT_OK, CommandError, open_workspace, say, today
from epn_tui.i18n import N_, _

NAME = "note"
HELP = N_("the élu's one-page note: referents, partnerships in numbers, decisions of the "
          "next six months, steering committee, three actions, the network")
EXIT_FAILED = 1


def default_name(day: date, fmt: str) -> str:
    """`note-elu-2026-11-22.pdf`: the day in the name, so that notes do not replace
    each other."""
    return f"note-elu-{day.isoformat()}.{fmt}"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar=_("FILE"), type=Path,
                        help=_("where to write (the extension .pdf, .html or .md decides "
                               "the format); default: note-elu-DATE.pdf in the current "
                               "folder"))
    parser.add_argument("--format", choices=("pdf", "html", "md"),
                        help=_("output format (overrides the extension)"))


def run(args: argparse.Namespace) -> int:
    from epn_tui.core.note import build_note
    from epn_tui.render.note import NoteError, render
    from epn_tui.render.printing import FormatError, format_for
    from epn_tui.store.atomic import atomic_write

    try:
        fmt = format_for(args.output, args.format)
    except FormatError as exc:
        raise CommandError(str(exc)) from None
    ws = open_workspace(args)
    day = today(args)
    target: Path = args.output if args.output is not None else (
        Path.cwd() / default_name(day, fmt))
    if ws.reads_file(target):
        raise CommandError(_("not written to {path}: inside the workspace, it would replace "
                             "or add a file the workspace reads; choose another place with -o")
                           .format(path=target))
    try:
        data = render(build_note(*ws.records(), day), fmt)
    except NoteError as exc:
        raise CommandError(str(exc), EXIT_FAILED) from None
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise CommandError(_("cannot write {path}: {error}").format(
            path=target, error=exc.strerror or exc), EXIT_FAILED) from None
    say(_("Note for the élu written to {path}").format(path=target.resolve()))
    return EXIT_OK
