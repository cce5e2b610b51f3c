"""`epn network`: the partner network as text, Mermaid, Graphviz DOT or SVG."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from epn_tui.commands.common import EXIT_OK, CommandError, open_workspace, say, today
from epn_tui.core.model import FILTER_STATES
from epn_tui.i18n import N_, _

if TYPE_CHECKING:  # the graph module is imported when the command runs
    from epn_tui.core.network import Network

NAME = "network"
HELP = N_("the partner network: who the EPN works with, under which convention, through whom")
FORMATS = ("text", "mermaid", "dot", "svg")
# `-o network.svg` alone is enough: the suffix tells the format.
SUFFIXES = {".txt": "text", ".mmd": "mermaid", ".mermaid": "mermaid", ".dot": "dot",
            ".gv": "dot", ".svg": "svg"}
TEXT_WIDTH = 100  # when not writing to a terminal


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS,
                        help=_("output format (default: text, or from the file suffix)"))
    parser.add_argument("-o", "--output", metavar=_("FILE"), type=Path,
                        help=_("write to this file instead of the standard output"))
    parser.add_argument("--theme", action="append", default=[], metavar=_("THEME"),
                        help=_("only conventions or partners with this theme (repeatable)"))
    parser.add_argument("--state", action="append", default=[], choices=FILTER_STATES,
                        help=_("only conventions in this state; `unwritten`: partners with no "
                               "written convention (repeatable)"))
    parser.add_argument("--kind", action="append", default=[], metavar=_("KIND"),
                        help=_("only partners of this kind (ASSO, MUNI…) or group (social, "
                               "education…) (repeatable)"))


def network_of(args: argparse.Namespace) -> Network:
    from epn_tui.core.network import NetworkFilter, build_network

    ws = open_workspace(args)
    wanted = NetworkFilter(themes=tuple(args.theme), states=tuple(args.state),
                           kinds=tuple(args.kind))
    return build_network(*ws.records(), today(args), wanted)


def render(net: Network, fmt: str, width: int = TEXT_WIDTH, colour: bool = False) -> str:
    if fmt == "mermaid":
        from epn_tui.render.mermaid import to_mermaid

        return to_mermaid(net)
    if fmt == "dot":
        from epn_tui.render.dot import to_dot

        return to_dot(net)
    if fmt == "svg":
        from epn_tui.render.svg import to_svg

        return to_svg(net)
    from rich.console import Console

    from epn_tui.render.network_text import overview

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=colour, no_color=not colour,
                      highlight=False, emoji=False, color_system="standard" if colour else None)
    console.print(overview(net))
    # Rich pads wrapped lines to the width: trailing blanks would litter files and diffs.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def run(args: argparse.Namespace) -> int:
    fmt = args.format
    if fmt is None:
        fmt = SUFFIXES.get(args.output.suffix.lower(), "text") if args.output else "text"
    net = network_of(args)
    if args.output is not None:
        from epn_tui.store.atomic import atomic_write

        text = render(net, fmt)
        try:
            atomic_write(args.output, text.encode("utf-8"))
        except OSError as exc:
            raise CommandError(_("cannot write {path}: {error}").format(
                path=args.output, error=exc.strerror or exc), 1) from None
        say(_("Network written to {path} ({format}).").format(path=args.output, format=fmt))
        return EXIT_OK
    if fmt == "text" and sys.stdout.isatty():
        import shutil

        width = shutil.get_terminal_size((TEXT_WIDTH, 30)).columns
        sys.stdout.write(render(net, fmt, width=width, colour=True))
        return EXIT_OK
    sys.stdout.write(render(net, fmt))
    return EXIT_OK
