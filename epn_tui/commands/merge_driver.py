"""`epn merge-driver KIND BASE OURS THEIRS [PATH]`: what git runs to merge workspace
files (set up by `epn git setup`; see store/merge_drivers.py). Writes the result over
OURS; exit 0 when merged, 1 on a conflict (git then reports it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from epn_tui.commands.common import CommandError, warn
from epn_tui.i18n import N_, _

NAME = "merge-driver"
HELP = N_("(run by git) merge two versions of partners.json or of a convention")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=("partners", "convention"))
    parser.add_argument("base", type=Path)
    parser.add_argument("ours", type=Path)
    parser.add_argument("theirs", type=Path)
    parser.add_argument("path", nargs="?", default="")


def run(args: argparse.Namespace) -> int:
    from epn_tui.store.merge_drivers import merge_convention, merge_partners

    try:
        sides = [p.read_bytes() for p in (args.base, args.ours, args.theirs)]
        merge = merge_partners if args.kind == "partners" else merge_convention
        result = merge(*sides)
    except (OSError, ValueError) as exc:
        raise CommandError(_("cannot merge {path}: {error}").format(
            path=args.path or args.ours, error=exc), 1) from None
    args.ours.write_bytes(result.data)  # git's temporary file: git reads it back
    for conflict in result.conflicts:
        warn(_("{path}: {field}: changed on both sides (here « {mine} », there « {theirs} »)")
             .format(path=args.path, field=conflict.field, mine=conflict.describe_mine(),
                     theirs=conflict.describe()))
    return 0 if result.clean else 1
