"""`epn list`: conventions with their computed state and final end."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from epn_tui.commands.common import EXIT_OK, open_workspace, say, today
from epn_tui.core.dates import format_short
from epn_tui.core.labels import STATE_LABELS, label
from epn_tui.core.terms import final_end, state
from epn_tui.core.text import escape_controls, json_escapes, one_line
from epn_tui.i18n import N_, _

NAME = "list"
HELP = N_("list conventions with their state and final end")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace) -> int:
    ws = open_workspace(args, schedule_only=True)
    day = today(args)
    rows: list[dict[str, Any]] = []
    for conv in ws.sorted_conventions():
        current, term_k = state(conv, day)
        end = final_end(conv)
        rows.append({
            "id": conv.id, "title": conv.title, "status": conv.status, "state": current,
            "term": term_k, "final_end": end.isoformat() if end else None, "path": conv.path,
        })
    if args.json:
        sys.stdout.write(json_escapes(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
        return EXIT_OK
    ids = [escape_controls(r["id"]) for r in rows]
    width = max((len(i) for i in ids), default=10)
    for row, conv, shown_id in zip(rows, ws.sorted_conventions(), ids, strict=True):
        end = final_end(conv)
        say(f"{shown_id:<{width}}  {label(STATE_LABELS, row['state']):<14}  "
            f"{format_short(end) if end else '—':<10}  {one_line(conv.title)}")
    return EXIT_OK
