"""The `epn` command: parses arguments, runs one command module, maps errors to exits.

Exit status: 0 success, 1 problems found by `check` or a failed write/conflict, 2 bad
usage (unknown id, bad value, not a workspace). Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import keyword
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from epn_tui import __version__
from epn_tui.commands.common import EXIT_USAGE, CommandError, add_common_options, warn
from epn_tui.i18n import _, ngettext

# Sub-commands in --help order; each is a module of epn_tui.commands.
COMMANDS = ("ui", "demo", "init", "check", "list", "due", "remind", "set", "partner", "contact",
            "journal", "import", "export", "history", "diff", "restore", "sync", "git",
            "print", "network", "health", "note", "merge-driver")


def _modules(names: Sequence[str] = COMMANDS) -> list[ModuleType]:
    found = []
    for name in names:
        try:
            module = name.replace("-", "_")
            if keyword.iskeyword(module):  # `import`: the module is import_.py
                module += "_"
            found.append(importlib.import_module(f"epn_tui.commands.{module}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"epn_tui.commands.{module}":
                raise
    return found


class Parser(argparse.ArgumentParser):
    """argparse with FORMAT.md's error contract: one line on stderr, exit status 2
    (argparse prints the whole usage block first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _("{prog}: {message} (see `{prog} --help`)")
                  .format(prog=self.prog, message=message) + "\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with `only` one sub-command: `epn due` need not import the
    modules of printing, the network or the UI to parse its arguments."""
    parser = Parser(
        prog="epn",
        description=_("Partnership conventions and partner directory of a public digital "
                      "space (EPN)."),
    )
    # argparse's own help for it is not looked up in a catalog (3.11): given here.
    parser.add_argument("--version", action="version", version=f"epn-tui {__version__}",
                        help=_("show program's version number and exit"))
    add_common_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for module in _modules((only,) if only else COMMANDS):
        child = sub.add_parser(module.NAME, help=_(module.HELP), description=_(module.HELP))
        add_common_options(child, suppress=True)
        module.configure(child)
        child.set_defaults(module=module)
    return parser


class _Prescan(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ValueError(message)  # silently: the real parser reports it


def _prescan(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """(workspace, command) as far as a quick look can tell, before the real parser
    exists: the language of its messages comes from the workspace, and only the
    command given needs its module imported."""
    pre = _Prescan(add_help=False)
    pre.add_argument("-w", "--workspace")
    pre.add_argument("--today")
    pre.add_argument("command", nargs="?")
    try:
        known, _rest = pre.parse_known_args(list(argv))
    except ValueError:  # `-w` without its value…
        return None, None
    return known.workspace, known.command


def _language_from(workspace: str | None) -> None:
    """Pick the language before building --help: EPN_LANG, else the workspace's."""
    from pathlib import Path

    from epn_tui.commands.common import use_workspace_language

    use_workspace_language(Path(workspace or "."))


def _only(command: str | None, argv: Sequence[str]) -> str | None:
    """The one sub-command to build, or None for all of them (for `--help`, `--version`
    and mistakes, whose messages list every command)."""
    if command in COMMANDS:
        return command
    if command is None and not {"-h", "--help", "--version"} & set(argv):
        return "ui"  # `epn` alone, or with options only, opens the UI
    return None


def _localize_argparse() -> None:
    """argparse's own words (`usage:`, `options`, its error messages) through our
    catalog: it looks up its module-level `_` and `ngettext` at call time."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    workspace, command = _prescan(args_list)
    only = _only(command, args_list)
    _language_from(workspace)
    _localize_argparse()
    parser = build_parser(only)
    args = parser.parse_args(args_list)
    module = getattr(args, "module", None)
    if module is None:
        module = importlib.import_module("epn_tui.commands.ui")
    try:
        return int(module.run(args))
    except CommandError as exc:
        warn(f"epn: {exc}")
        return exc.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        warn(f"epn: {exc}")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
