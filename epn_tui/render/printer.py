"""Sending a PDF to a printer through CUPS' `lp` (argument list, PDF on stdin)."""

from __future__ import annotations

import shutil
import subprocess

from epn_tui.i18n import _

TIMEOUT_S = 60.0


class PrinterError(RuntimeError):
    """No printing system, or `lp` refused the job; the message says which."""


class NoPrintingSystem(PrinterError):
    """No `lp` here. The message says only that: what to do instead depends on where
    the person is (`-o` on the command line, the file name in the UI's dialog)."""


def send_to_printer(pdf: bytes, printer: str | None, title: str) -> str:
    """Queue the PDF on `printer` (None or "": the default printer); returns what `lp`
    said (usually the request id)."""
    lp = shutil.which("lp")
    if lp is None:
        raise NoPrintingSystem(_("no printing system found (the `lp` command of CUPS is "
                                 "missing)"))
    cmd = [lp, "-t", title]
    if printer:
        if printer.startswith("-"):
            raise PrinterError(_("`{name}` is not a printer name").format(name=printer))
        cmd += ["-d", printer]
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            cmd, input=pdf, capture_output=True, timeout=TIMEOUT_S, check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise PrinterError(_("printing failed: {error}").format(error=exc)) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip() or str(done.returncode)
        raise PrinterError(_("printing failed: {error}").format(error=said))
    return done.stdout.decode("utf-8", "replace").strip()
