"""What every command shares: the workspace, today, messages on stdout/stderr."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from epn_tui.core.text import one_line, strip_controls
from epn_tui.i18n import _, set_language

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """Ends the command with one line on stderr and an exit status."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def today(args: argparse.Namespace) -> date:
    value = getattr(args, "today", None)
    return value if isinstance(value, date) else date.today()


def parse_today(text: str) -> date:
    from epn_tui.core.dates import DateError, parse_user_date

    try:
        return parse_user_date(text)
    except DateError as exc:
        if exc.impossible:
            raise argparse.ArgumentTypeError(str(exc)) from None
        raise argparse.ArgumentTypeError(_("expected a date YYYY-MM-DD, got {value!r}")
                                         .format(value=text)) from None


def add_common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """`-w/--workspace` and `--today`, accepted before or after a command's name."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("-w", "--workspace", metavar=_("DIR"), default=default,
                        help=_("the workspace folder (default: the current folder)"))
    parser.add_argument("--today", type=parse_today, metavar="YYYY-MM-DD", default=default,
                        help=_("plan as if today were this day"))


def workspace_root(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "workspace", None) or ".")


def use_workspace_language(root: Path) -> None:
    """The workspace's language for the messages: from the settings `.epn/` keeps when
    they are current (no heavy import: the UI starts faster), else from epn.yaml."""
    from epn_tui.store.layout import kept_language

    language = kept_language(root)
    if language is None:
        from epn_tui.store.settings import read_settings

        language = read_settings(root)[0].language
    set_language(language)


def open_workspace(args: argparse.Namespace, use_cache: bool = True,
                   schedule_only: bool = False, checks: bool = True) -> Workspace:
    from epn_tui.startup import collector_paused
    from epn_tui.store.workspace import Workspace, WorkspaceError

    # The language was set from this workspace by `cli.main` before parsing (the
    # messages of --help need it too): epn.yaml is not read once more here.
    root = workspace_root(args)
    try:
        # The command line runs no other thread: a cold start may parse on two cores,
        # and the collector may pause while the records are built (epn_tui/startup.py).
        with collector_paused():
            return Workspace.open(root, use_cache=use_cache, schedule_only=schedule_only,
                                  parallel=True, checks=checks)
    except WorkspaceError as exc:
        raise CommandError(str(exc)) from None


def say(text: str = "") -> None:
    """A line of output; user text in it is made safe for the terminal."""
    sys.stdout.write(strip_controls(text) + "\n")


def warn(text: str) -> None:
    sys.stderr.write(one_line(text) + "\n")
