"""Hostile and unusual workspaces through the real command line: no traceback, one line
on stderr, the contract's exit statuses, user files left as they were.

Each test pins one problem found by attacking the product from the outside (see
docs/testing.md); the workspaces are small and dated, the day is always given.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from epn_tui.cli import main
from epn_tui.core.terms import deadlines, next_deadline
from epn_tui.store.parsing import parse_convention
from tests.conftest import VALID, MakeWorkspace

TODAY = "2026-11-22"
DAILY = VALID.replace("notice: 3 mois\n", (
    "notice: 3 mois\nfollow_up:\n  - what: Pointage\n    every: 1 jour\n    from: 2025-09-01\n"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert err.count("\n") <= 1, err
    return code, out, err


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".epn" not in p.parts}


# Dates at the edges of the calendar -------------------------------------------------------
@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-30", "9999-12-31"])
def test_health_on_the_first_and_last_days(make_workspace: MakeWorkspace,
                                           capsys: pytest.CaptureFixture[str],
                                           today: str) -> None:
    """`today - silence` before year 1 and `today + horizon` after 9999 used to raise."""
    root = make_workspace({"a.md": VALID})
    code, out, _err = run(capsys, "-w", str(root), "--today", today, "health", "--json")
    assert code == 0 and out.startswith("[")


def test_health_with_a_silence_longer_than_the_calendar(
        make_workspace: MakeWorkspace, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_workspace({"a.md": VALID}, settings="epn: epn-test\nsilence: 99999 ans\n")
    code, _out, _err = run(capsys, "-w", str(root), "--today", TODAY, "health")
    assert code == 0


def test_ics_with_a_deadline_on_9999_12_31(make_workspace: MakeWorkspace,
                                           capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    """An all-day event's DTEND is the next day, which does not exist after 9999-12-31:
    the event is written without it (RFC 5545: it then lasts one day)."""
    root = make_workspace({"a.md": VALID.replace("duration: 1 an\nrenewal: tacit\n",
                                                 "end: 9999-12-31\n")})
    ics = tmp_path / "due.ics"
    code, _out, _err = run(capsys, "-w", str(root), "--today", "9999-12-01", "due",
                           "--ics", str(ics))
    assert code == 0
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert [(e.decoded("dtstart").isoformat(), "DTEND" in e) for e in events] == [
        ("9999-12-31", False)]


def test_a_horizon_of_thousands_of_years_is_capped(make_workspace: MakeWorkspace,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A daily follow-up under `horizon: 9000 ans` was 2.5 million deadlines: `epn due`
    and the dashboard froze for a minute. The horizon stops at 10 years, with a warning."""
    root = make_workspace({"a.md": DAILY},
                          settings="epn: epn-test\nlanguage: en\nhorizon: 9000 ans\n")
    code, out, _err = run(capsys, "-w", str(root), "--today", TODAY, "check")
    assert code == 0
    assert "epn.yaml:3: " in out and "10 years" in out
    code, out, _err = run(capsys, "-w", str(root), "--today", TODAY, "due")
    assert code == 0
    lines = out.splitlines()
    assert lines[-1].startswith("2036-11-22 ")  # today + 3653 days, not year 11026
    assert sum("follow-up" in line for line in lines) == 3654


# Templates in convention bodies ---------------------------------------------------------
def _print(capsys: pytest.CaptureFixture[str], root: Path, out: Path) -> tuple[int, str]:
    before = snapshot(root)
    code, _out, err = run(capsys, "-w", str(root), "--today", TODAY, "print", "a",
                          "-o", str(out))
    assert snapshot(root) == before
    return code, err


@pytest.mark.parametrize(("body", "says"), [
    ('{{ "x" * 10**10 }}', "`*`"),            # 10 GB of memory
    ("{{ [0] * 10**9 }}", "`*`"),
    ("{{ 7 ** (10 ** 9) }}", "`**`"),            # hours of arithmetic
    ("{{ ''.__class__ }}", "__class__"),       # the sandbox itself
])
def test_a_body_cannot_exhaust_the_machine(make_workspace: MakeWorkspace,
                                           capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path, body: str, says: str) -> None:
    root = make_workspace({"a.md": VALID + body + "\n"})
    code, err = _print(capsys, root, tmp_path / "a.md")
    assert code == 1 and err.startswith("epn: a.md:19: ") and says in err
    assert not (tmp_path / "a.md").exists()


def test_a_body_that_loops_for_ever_is_stopped(make_workspace: MakeWorkspace,
                                              capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("epn_tui.render.compose.RENDER_SECONDS", 0.2)
    root = make_workspace({"a.md": VALID + (
        "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}\n")})
    code, err = _print(capsys, root, tmp_path / "a.md")
    assert code == 1 and err.startswith("epn: a.md:19: ")


def test_ordinary_arithmetic_still_prints(make_workspace: MakeWorkspace,
                                          capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    root = make_workspace({"a.md": VALID + '{{ 2 ** 10 }} {{ "-" * 3 }} {{ 3 * 4 }}\n'})
    code, _err = _print(capsys, root, tmp_path / "a.md")
    assert code == 0 and "1024 \\--- 12" in (tmp_path / "a.md").read_text(encoding="utf-8")


# Many conventions -------------------------------------------------------------------------
def test_next_deadline_is_the_first_of_the_whole_window() -> None:
    """next_deadline looks in short windows first; it must find what the full one does."""
    texts = [VALID, DAILY, VALID.replace("start: 2025-09-01", "start: 2030-01-01"),
             VALID.replace("duration: 1 an", "duration: 10 ans"),
             VALID.replace("renewal: tacit\n", "")]
    for today in (date(2026, 11, 22), date(2026, 5, 31), date(2029, 12, 31)):
        for text in texts:
            conv, problems = parse_convention("a.md", text.encode())
            assert conv is not None and not problems
            full = deadlines(conv, today, 3660)
            assert next_deadline(conv, today) == (full[0] if full else None)


def test_the_network_detail_of_a_partner_in_every_convention_is_short(
        make_workspace: MakeWorkspace) -> None:
    """A partner named in every convention (as the EPN is): its pane shows 200 of them."""
    from rich.console import Console

    from epn_tui.core.network import build_network
    from epn_tui.render.network_text import partner_detail
    from epn_tui.store.workspace import Workspace

    root = make_workspace({f"c{i:03d}.md": VALID for i in range(230)})
    ws = Workspace.open(root)
    net = build_network(ws.settings, ws.conventions, ws.partners(), ws.contacts(), {},
                        date(2026, 11, 22))
    node = next(n for n in net.nodes if n.id == "ecole")
    assert len(node.conventions) == 230
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(partner_detail(node))
    text = console.export_text()
    assert text.count("▸ ") == 200 and "… et 30 autres conventions" in text


# Printing into the workspace --------------------------------------------------------------
@pytest.mark.parametrize("target", ["a.md", "sub/b.md", "epn.yaml", "partners.json",
                                    "notes.md"])
def test_print_never_writes_over_the_workspace(make_workspace: MakeWorkspace,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch,
                                               target: str) -> None:
    """`epn print a --format md` from the workspace folder named `a.md`: the printout
    replaced the convention itself, front matter and all."""
    root = make_workspace({"a.md": VALID, "sub/b.md": VALID})
    monkeypatch.chdir(root)
    before = snapshot(root)
    code, _out, err = run(capsys, "--today", TODAY, "print", "a", "-o", target,
                          "--format", "md")
    assert code == 2 and err.startswith("epn: ")
    assert snapshot(root) == before


def test_print_default_name_in_the_workspace_folder(make_workspace: MakeWorkspace,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_workspace({"a.md": VALID})
    monkeypatch.chdir(root)
    before = snapshot(root)
    code, _out, _err = run(capsys, "--today", TODAY, "print", "a", "--format", "md")
    assert code == 2 and snapshot(root) == before
    code, _out, _err = run(capsys, "--today", TODAY, "print", "a", "--format", "html")
    assert code == 0 and (root / "a.html").read_text(encoding="utf-8").startswith("<!")
