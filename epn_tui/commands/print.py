"""`epn print ID [-o FILE] [--format pdf|html|md] [--printer [NAME]] [--allow-placeholders]`:
a draft to sign."""

from __future__ import annotations

import argparse
from pathlib import Path

from epn_tui.commands.common import EXIT_OK, CommandError, open_workspace, say, today, warn
from epn_tui.i18n import N_, _, ngettext

NAME = "print"
HELP = N_("print a convention: PDF, HTML or Markdown ready to sign, or to a printer")
EXIT_FAILED = 1


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help=_("convention id (its file name without .md)"))
    parser.add_argument("-o", "--output", metavar=_("FILE"), type=Path,
                        help=_("where to write (the extension .pdf, .html or .md decides "
                               "the format); default: ID.pdf in the current folder"))
    parser.add_argument("--format", choices=("pdf", "html", "md"),
                        help=_("output format (overrides the extension)"))
    parser.add_argument("--printer", nargs="?", const="", default=None, metavar=_("NAME"),
                        help=_("send the PDF to a printer through CUPS (`lp`); without a "
                               "name, the default printer"))
    parser.add_argument("--allow-placeholders", action="store_true",
                        help=_("print a convention that is not a draft even though template "
                               "placeholders ([montant]…) are left in its text"))


def run(args: argparse.Namespace) -> int:
    from epn_tui.core.slug import slugify
    from epn_tui.render.compose import PrintError, UnfilledError
    from epn_tui.render.printing import FormatError, format_for, render_convention
    from epn_tui.store.atomic import atomic_write

    to_printer = args.printer is not None
    if to_printer and args.format not in (None, "pdf"):
        raise CommandError(_("--printer sends a PDF; leave out --format or use --format pdf"))
    try:
        fmt = format_for(args.output, "pdf" if to_printer and args.output is None
                         else args.format)
    except FormatError as exc:
        raise CommandError(str(exc)) from None
    if to_printer and fmt != "pdf":
        raise CommandError(_("--printer sends a PDF; name the -o file .pdf"))

    ws = open_workspace(args)
    if args.id not in ws.conventions:
        raise CommandError(_("no valid convention with id `{id}` (see `epn list` and "
                             "`epn check`)").format(id=args.id))
    try:
        printed = render_convention(ws, args.id, fmt, today(args),
                                    allow_placeholders=args.allow_placeholders)
    except UnfilledError as exc:
        # One `path:line: …` per line to fill (an editor jumps to each), then why.
        for line in exc.lines:
            warn(line)
        raise CommandError(_("{id}: not printed: the convention is not a draft and text "
                             "is still to be filled in (the lines above); fill it in, or "
                             "print it anyway with --allow-placeholders").format(id=args.id),
                           EXIT_FAILED) from None
    except PrintError as exc:
        raise CommandError(str(exc), EXIT_FAILED) from None
    except OSError as exc:
        raise CommandError(_("cannot read {path}: {error}").format(
            path=ws.conventions[args.id].path, error=exc.strerror or exc), EXIT_FAILED
        ) from None

    data = printed.data
    target: Path | None = args.output
    if target is None and not to_printer:
        # The id is a file name already; slugged anyway so it can never be a path.
        target = Path.cwd() / f"{slugify(args.id, 120)}.{fmt}"
    if target is not None and ws.reads_file(target):
        raise CommandError(_("not written to {path}: inside the workspace, it would replace "
                             "or add a file the workspace reads; choose another place with -o")
                           .format(path=target))
    if target is not None:
        try:
            atomic_write(target, data)
        except OSError as exc:
            raise CommandError(_("cannot write {path}: {error}").format(
                path=target, error=exc.strerror or exc), EXIT_FAILED) from None
        say(_("{id}: written to {path}").format(id=args.id, path=target.resolve()))
    if to_printer:
        from epn_tui.render.printer import NoPrintingSystem, PrinterError, send_to_printer

        try:
            said = send_to_printer(data, args.printer or None, args.id)
        except NoPrintingSystem:
            raise CommandError(_("no printing system found (the `lp` command of CUPS is "
                                 "missing); write a PDF with -o and print it from your PDF "
                                 "viewer"), EXIT_FAILED) from None
        except PrinterError as exc:
            raise CommandError(str(exc), EXIT_FAILED) from None
        printer = args.printer or _("the default printer")
        say(_("{id}: sent to {printer}").format(id=args.id, printer=printer)
            + (f" ({said})" if said else ""))
    if printed.unfilled:
        _say_unfilled(args.id, printed.path, printed.unfilled, printed.draft)
    return EXIT_OK


def _say_unfilled(conv_id: str, path: str, unfilled: tuple[tuple[int, str], ...],
                  draft: bool) -> None:
    """On stderr: each line still to fill in, then what was done about it."""
    from epn_tui.render.unfilled import by_line, messages

    for line in messages(path, unfilled):
        warn(line)
    n = len(by_line(unfilled))
    if draft:
        warn("epn: " + ngettext("{id}: printed as a draft; {n} line still to be filled in",
                                "{id}: printed as a draft; {n} lines still to be filled in",
                                n).format(id=conv_id, n=n))
    else:
        warn("epn: " + ngettext("{id}: printed anyway (--allow-placeholders); {n} line "
                                "still to be filled in",
                                "{id}: printed anyway (--allow-placeholders); {n} lines "
                                "still to be filled in", n)
             .format(id=conv_id, n=n))
