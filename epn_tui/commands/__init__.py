"""One module per `epn` sub-command: NAME, HELP, configure(parser), run(args) -> int.

Each module imports what it needs inside `run`, so `epn due` never pays for PDF or UI
imports. `epn_tui.cli.COMMANDS` lists them in `--help` order.
"""
