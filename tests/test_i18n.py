"""Every user-facing string is translated and the compiled catalog is up to date.

When this fails: run `python scripts/i18n.py --missing`, add the French of YOUR strings
to your part file `epn_tui/locale/fr/parts/<area>.po`, then `python scripts/i18n.py`
(it rebuilds `epn.mo`) and commit both.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("babel", reason="scripts/i18n.py needs Babel (test extra)")

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "i18n.py"


def test_catalog_is_complete_and_compiled() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"],  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=False)
    report = (done.stdout + done.stderr).strip()
    assert done.returncode == 0, (
        "French catalog incomplete or epn.mo stale: run `python scripts/i18n.py --missing`, "
        "translate in epn_tui/locale/fr/parts/<area>.po, then `python scripts/i18n.py`.\n"
        + report)
