"""Every user-facing string is translated and the compiled catalog is up to date.

When this fails: run `python scripts/i18n.py --missing`, add the French of YOUR strings
to your part file `epn_tui/locale/fr/parts/<area>.po`, then `python scripts/i18n.py`
(it rebuilds `epn.mo`) and commit both.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from epn_tui.i18n import ngettext, set_language

pytest.importorskip("babel", reason="scripts/i18n.py needs Babel (test extra)")
from babel.messages.catalog import Catalog  # noqa: E402 - after the skip

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "i18n.py"


def test_catalog_is_complete_and_compiled() -> None:
    """Every string of the sources is translated, and epn.mo gives the part files'
    translations when gettext reads it (meaning, not the bytes a Babel version writes)."""
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"],  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=False)
    report = (done.stdout + done.stderr).strip()
    assert done.returncode == 0, (
        "French catalog incomplete or epn.mo stale: run `python scripts/i18n.py --missing`, "
        "translate in epn_tui/locale/fr/parts/<area>.po, then `python scripts/i18n.py`.\n"
        + report)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("epn_i18n_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("n", "french"), [
    (0, "0 jour"), (1, "1 jour"), (2, "2 jours"), (21, "21 jours"), (1_000_000, "1000000 jours"),
])
def test_french_plurals_as_users_read_them(n: int, french: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped epn.mo, read by the app: French singular for 0 and 1, plural from 2
    (and for a million too, whatever CLDR's « many » form says)."""
    monkeypatch.setenv("EPN_LANG", "fr")
    set_language("fr")
    assert ngettext("{n} day", "{n} days", n).format(n=n) == french


def test_check_sees_what_users_would_see() -> None:
    """The check compares meaning: a compiled catalog that reads differently under gettext
    (a plural rule with a third, empty form, as Babel 2.19 derives from CLDR; a lost
    translation) is caught; one that differs only in its header is not."""
    script = _script()
    catalog = script.merged()
    good = script.compiled(catalog)
    assert script.differences(good, catalog) == []

    reheaded = Catalog(locale="fr", domain="epn", project="another tool", version="9")
    reheaded.mime_headers = [("Plural-Forms", script.PLURAL_FORMS)]
    for message in catalog:
        if message.id:
            reheaded.add(message.id, message.string)
    assert script.differences(script.compiled(reheaded), catalog) == []

    three_forms = Catalog(locale="fr", domain="epn")
    three_forms.mime_headers = [("Plural-Forms", "nplurals=3; plural=(n == 0 || n == 1) ? 0 "
                                 ": n != 0 && n % 1000000 == 0 ? 1 : 2;")]
    for message in catalog:
        if message.id:
            string = message.string
            three_forms.add(message.id, string if isinstance(string, str)
                            else (*string, ""))
    assert any("n=2" in problem or "n=1000000" in problem
               for problem in script.differences(script.compiled(three_forms), catalog))

    lost = Catalog(locale="fr", domain="epn")
    lost.mime_headers = [("Plural-Forms", script.PLURAL_FORMS)]
    for message in catalog:
        if message.id and message.id != "positional arguments":
            lost.add(message.id, message.string)
    assert any("'positional arguments'" in problem
               for problem in script.differences(script.compiled(lost), catalog))
