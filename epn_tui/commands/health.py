"""`epn health`: the relationship-health checks of the guide, as advice (exit 0)."""

from __future__ import annotations

import argparse
import json
import sys

from epn_tui.commands.common import EXIT_OK, open_workspace, say, today
from epn_tui.core.labels import label
from epn_tui.core.text import json_escapes, one_line
from epn_tui.i18n import N_, _, ngettext

NAME = "health"
HELP = N_("relationship health: referents, steering committee, written conventions, contact")
ICONS = {"alert": "‼", "warning": "!", "info": "·"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace) -> int:
    from epn_tui.core.health import SEVERITIES, SEVERITY_LABELS, health_checks

    ws = open_workspace(args)
    found = health_checks(*ws.records(), today(args))
    if args.json:
        text = json.dumps([f.as_json() for f in found], ensure_ascii=False, indent=2)
        sys.stdout.write(json_escapes(text) + "\n")
        return EXIT_OK
    if not found:
        say(_("Nothing to report: the relationships look well kept."))
        return EXIT_OK
    for severity in SEVERITIES:
        items = [f for f in found if f.severity == severity]
        if not items:
            continue
        say(f"{label(SEVERITY_LABELS, severity).upper()} ({len(items)})")
        for f in items:
            say(f"  {ICONS[severity]} {one_line(f.message)}")
            say(f"    → {one_line(f.advice)}")
        say()
    say(ngettext("{n} point to look at; these are advice, not errors.",
                 "{n} points to look at; these are advice, not errors.",
                 len(found)).format(n=len(found)))
    return EXIT_OK
