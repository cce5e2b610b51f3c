"""Golden files for the network exports (Mermaid, DOT, SVG, text), escaping, determinism.

Regenerate after an intended change with `EPN_REGEN_GOLDEN=1 pytest tests/test_network_exports.py`
and read the diff before committing it.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from epn_tui.commands.network import render
from epn_tui.core.network import Network, NetworkFilter, build_network
from epn_tui.render.dot import to_dot
from epn_tui.render.mermaid import escape, to_mermaid
from epn_tui.render.svg import to_svg
from epn_tui.store.workspace import Workspace
from tests.conftest import DEMO
from tests.network_ws import EPN, convention, make

GOLDEN = Path(__file__).resolve().parent / "golden" / "network"
TODAY = date(2026, 11, 22)
REGENERATE = os.environ.get("EPN_REGEN_GOLDEN") == "1"
NASTY = 'Asso "Clic" <script>alert(1)</script> & #1 `x` \\l a|b [c] {d} *e* _f_ ~g~\x1b[31m'


def build(ws: Workspace, wanted: NetworkFilter | None = None) -> Network:
    assert ws.directory is not None
    return build_network(ws.settings, ws.conventions, ws.partners(), ws.contacts(),
                         ws.directory.interactions(), TODAY, wanted)


@pytest.fixture
def demo_ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".epn"))
    return Workspace.open(root, use_cache=False)


@pytest.fixture
def nasty_ws(tmp_path: Path) -> Workspace:
    partners = {
        **EPN,
        "clic": {"name": NASTY, "kind": "ASSO", "commune": "Saint-\"Quote\" & <Co>"},
        "ligne": {"name": "Deux\nlignes\r\net\ttab", "kind": 'BIB"]; evil [x="'},
    }
    contacts = {"p": {"name": "Zoé </text><svg>", "partner": "clic",
                      "role": "présidente \\n \"vraiment\"", "committee": True}}
    conventions = {"clic-conv": convention("Convention <b>&amp;</b>", ["clic", "epn-test"])}
    return make(tmp_path / "nasty", partners, contacts, conventions=conventions)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        if not REGENERATE:
            pytest.fail(f"{path} was missing and has been written; check it and commit it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if intended, run with EPN_REGEN_GOLDEN=1")


EXPORTS: dict[str, Callable[[Network], str]] = {"mmd": to_mermaid, "dot": to_dot,
                                                "svg": to_svg}


@pytest.mark.parametrize("suffix", sorted(EXPORTS))
def test_demo_golden(demo_ws: Workspace, suffix: str) -> None:
    check_golden(f"demo.{suffix}", EXPORTS[suffix](build(demo_ws)))


@pytest.mark.parametrize("suffix", sorted(EXPORTS))
def test_escaping_golden(nasty_ws: Workspace, suffix: str) -> None:
    check_golden(f"escaping.{suffix}", EXPORTS[suffix](build(nasty_ws)))


def test_demo_text_golden(demo_ws: Workspace) -> None:
    check_golden("demo.txt", render(build(demo_ws), "text", width=100))


def test_filtered_text_golden(demo_ws: Workspace) -> None:
    wanted = NetworkFilter(states=("active", "unwritten"), kinds=("ASSO", "BIB", "epn"))
    check_golden("demo-filtered.txt", render(build(demo_ws, wanted), "text", width=80))


def test_svg_is_well_formed_xml(demo_ws: Workspace, nasty_ws: Workspace) -> None:
    for ws in (demo_ws, nasty_ws):
        root = ET.fromstring(to_svg(build(ws)).encode("utf-8"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = "".join(ET.fromstring(to_svg(build(nasty_ws)).encode()).itertext())
    assert "<script>" in texts  # shown as text, not parsed as an element
    assert "\x1b" not in texts


def test_svg_has_no_foreign_elements(nasty_ws: Workspace) -> None:
    root = ET.fromstring(to_svg(build(nasty_ws)).encode("utf-8"))
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert tags <= {"svg", "title", "rect", "text", "tspan", "g", "circle", "path", "line"}


def test_mermaid_labels_stay_inside_their_quotes(nasty_ws: Workspace) -> None:
    text = to_mermaid(build(nasty_ws))
    for line in text.splitlines():
        if line.lstrip().startswith("%%"):
            continue
        # Every label is one quoted string: an even number of quotes, none escaped away.
        assert line.count('"') % 2 == 0, line
        assert "<script" not in line and "\x1b" not in line
    assert escape('a"b<c>#d') == "a#quot;b#lt;c#gt;#35;d"


def test_dot_strings_are_quoted(nasty_ws: Workspace) -> None:
    text = to_dot(build(nasty_ws))
    # Strip every quoted string: what is left must hold no user text.
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert "Clic" not in outside and "evil" not in outside and "script" not in outside
    assert '\\\\l' in text  # the user's backslash is doubled, not a DOT escape


def test_same_workspace_same_bytes(demo_ws: Workspace) -> None:
    net = build(demo_ws)
    assert demo_ws.directory is not None
    convs = list(demo_ws.conventions.values())
    partners = list(demo_ws.partners().values())
    contacts = list(demo_ws.contacts().values())
    interactions = list(demo_ws.directory.interactions().values())
    random.Random(7).shuffle(convs)
    random.Random(8).shuffle(partners)
    random.Random(9).shuffle(contacts)
    again = build_network(demo_ws.settings, convs, partners, contacts, interactions, TODAY)
    for export in EXPORTS.values():
        assert export(net) == export(again)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot_exports(tmp_path: Path, demo_ws: Workspace,
                                        nasty_ws: Workspace) -> None:
    import subprocess

    dot = shutil.which("dot")
    assert dot is not None
    for name, ws in (("demo", demo_ws), ("nasty", nasty_ws)):
        source = tmp_path / f"{name}.dot"
        source.write_text(to_dot(build(ws)), encoding="utf-8")
        done = subprocess.run([dot, "-Tsvg", str(source)],  # noqa: S603
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "Clic" in done.stdout or name == "demo"
