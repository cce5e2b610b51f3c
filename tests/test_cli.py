"""The `epn` command line (FORMAT.md "Command line"), in temporary folders, with a fixed
`--today`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from epn_tui.cli import main
from tests.conftest import VALID

TODAY = "2026-11-22"
# The demo's deadlines in the default horizon (epn.yaml: `horizon: 90 jours`).
DEMO_DUE = [
    ("2026-12-15", "follow-up", "cc-causses-rivieres-financement-2026", 23),
    ("2026-12-28", "notice", "ccas-sorges-demarches-en-ligne", 36),
    ("2026-12-31", "end", "cc-causses-rivieres-financement-2026", 39),
    ("2027-01-31", "follow-up", "departement-dordogne-conseiller-numerique", 70),
]
# …and the journal's next steps not done yet (FORMAT.md: kind `next-step`, their
# convention null when the entry names none).
DEMO_STEPS = 5


def conventions_only(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in found if d["kind"] != "next-step"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Bad usage: exit status 2 and exactly one line on stderr."""
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    out, err = capsys.readouterr()
    assert info.value.code == 2
    assert out == "" and err.count("\n") == 1 and err.startswith("epn"), err
    return err


def one_line_error(code: int, out: str, err: str, status: int = 2) -> str:
    assert code == status
    assert err.count("\n") == 1 and err.startswith("epn: "), err
    assert "Traceback" not in err
    return err


# init -----------------------------------------------------------------------------------

def test_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mon-epn"
    code, out, err = run(capsys, "init", str(target))
    assert code == 0 and str(target) in out
    assert {p.name for p in target.iterdir()} >= {"epn.yaml", "partners.json", ".gitignore"}
    if shutil.which("git"):
        assert (target / ".git").is_dir()
    assert ".epn/" in (target / ".gitignore").read_text()
    assert json.loads((target / "partners.json").read_text("utf-8")) == {
        "contacts": {}, "interactions": {}, "partners": {}}
    code, out, err = run(capsys, "-w", str(target), "check")
    assert code == 0  # a warning (the EPN is not in the directory yet) never fails
    assert all(": attention : " in line for line in out.splitlines())
    code, out, err = run(capsys, "init", str(target))
    assert "déjà" in one_line_error(code, out, err)


def test_init_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "demo"
    assert run(capsys, "init", "--demo", str(target))[0] == 0
    assert len(list(target.rglob("*.md"))) == 14  # 13 conventions and the README
    assert not (target / ".epn").exists()
    code, out, _err = run(capsys, "-w", str(target), "--today", TODAY, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 13
    assert run(capsys, "-w", str(target), "check")[0] == 0


# check --------------------------------------------------------------------------------

def test_check_demo_is_silent(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "-w", str(demo), "check") == (0, "", "")
    assert run(capsys, "-w", str(demo), "check", "--no-cache") == (0, "", "")


def test_check_broken_workspace(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "casse.md").write_text(VALID.replace("start: 2025-09-01", "start: 2025-02-30"),
                                   "utf-8")
    (demo / "inconnu.md").write_text(VALID.replace("    signatory: claire\n", "").replace(
        "epn-test", "epn-sorges"), "utf-8")  # the demo has no partner `ecole`
    (demo / "vide.md").write_text("", "utf-8")
    (demo / "sub").mkdir()
    (demo / "sub" / "yaml.md").write_text("---\ntitle: [a\n---\n", "utf-8")
    code, out, err = run(capsys, "-w", str(demo), "check")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [
        "casse.md:11:", "inconnu.md:4:", "inconnu.md:6:", "sub/yaml.md:3:", "vide.md:1:"]
    assert "2025-02-30 n'existe pas : février 2025 compte 28 jours" in lines[0]  # French
    assert "aucune partie n'indique son signataire" in lines[1]  # a warning (issue 12)
    assert "`ecole`" in lines[2]


def test_check_warnings_do_not_fail(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "atelier-reboot-reemploi.md"
    path.write_text(path.read_text("utf-8").replace("type: partenariat", "type: atelier"),
                    "utf-8")
    code, out, _err = run(capsys, "-w", str(demo), "check")
    assert code == 0
    assert out.startswith("atelier-reboot-reemploi.md:3: attention : ")


# list --------------------------------------------------------------------------------

def test_list_json(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "-w", str(demo), "--today", TODAY, "list", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert len(rows) == 13
    for row in rows.values():
        assert {"id", "title", "status", "state", "final_end"} <= set(row)
    assert {k: (r["status"], r["state"], r["final_end"]) for k, r in rows.items() if k in (
        "ecole-jules-ferry-2025", "college-causses-ent-familles",
        "pole-emploi-ateliers-numeriques-2022", "cc-causses-rivieres-financement-2025",
        "atelier-reboot-reemploi")} == {
        "ecole-jules-ferry-2025": ("signed", "active", "2028-08-31"),
        "college-causses-ent-familles": ("draft", "project", "2028-01-03"),
        "pole-emploi-ateliers-numeriques-2022": ("terminated", "terminated", "2024-06-30"),
        "cc-causses-rivieres-financement-2025": ("signed", "expired", "2025-12-31"),
        "atelier-reboot-reemploi": ("signed", "active", None),
    }
    assert rows["ecole-jules-ferry-2025"]["title"] == \
        "Partenariat EPN – École élémentaire Jules-Ferry"
    code, out, _err = run(capsys, "-w", str(demo), "--today", "2025-08-01", "list", "--json")
    assert {r["id"]: r["state"] for r in json.loads(out)}["ecole-jules-ferry-2025"] == \
        "upcoming"


def test_list_text(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "-w", str(demo), "--today", TODAY, "list")
    assert code == 0 and len(out.splitlines()) == 13
    assert "en cours" in out and "31/08/2028" in out


# due ---------------------------------------------------------------------------------

def due_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, *argv)
    assert code == 0 and err == ""
    found: list[dict[str, Any]] = json.loads(out)
    return found


def test_due_json_default_horizon(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    every = due_json(capsys, "-w", str(demo), "--today", TODAY, "due", "--json")
    found = conventions_only(every)
    assert [(d["date"], d["kind"], d["convention"], d["days"]) for d in found] == DEMO_DUE
    assert len(every) - len(found) == DEMO_STEPS
    for d in every:
        assert {"date", "kind", "convention", "title", "days"} <= set(d)
    assert found[0]["title"].startswith("Convention de financement 2026")
    keys = [(d["date"], d["convention"] or "", d["kind"]) for d in every]
    assert keys == sorted(keys)


def test_due_json_text(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Indented by two spaces, accents as they are, no empty `term`/`what`: the output
    scripts and diffs have seen since the first version."""
    code, out, _err = run(capsys, "-w", str(demo), "--today", TODAY, "due", "--json")
    found = json.loads(out)
    assert out == json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    assert "é" in out and "\\u00e9" not in out
    assert all(d.get("term", 0) is not None and d.get("what", "") is not None for d in found)
    assert any("what" in d for d in found) and any("term" in d for d in found)


def test_due_within(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["-w", str(demo), "--today", TODAY, "due", "--json", "--within"]
    assert len(conventions_only(due_json(capsys, *base, "35"))) == 1
    # the window includes its last day
    assert len(conventions_only(due_json(capsys, *base, "36"))) == 2
    assert due_json(capsys, *base, "0") == []
    long = due_json(capsys, *base, "800")
    assert len(long) > len(DEMO_DUE) and long[-1]["date"] <= "2029-01-31"
    assert due_json(capsys, *base, "3 mois") == due_json(capsys, *base, "91")
    huge = due_json(capsys, *base, "100000000")
    assert huge and all(d["date"] <= "9999-12-31" for d in huge)


def test_due_ics(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "echeances.ics"
    code, out, _err = run(capsys, "-w", str(demo), "--today", TODAY, "due", "--ics",
                          str(target))
    assert code == 0 and str(len(DEMO_DUE) + DEMO_STEPS) in out
    calendar = Calendar.from_ical(target.read_bytes())
    events = [e for e in calendar.walk("VEVENT") if "next-step" not in str(
        e.get("categories").to_ical())]
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in events] == [
        (date.fromisoformat(d), date.fromordinal(date.fromisoformat(d).toordinal() + 1))
        for d, *_rest in DEMO_DUE]
    assert len({str(e["uid"]) for e in events}) == 4
    assert "Convention de financement 2026" in str(events[0]["summary"])
    notice = events[1]
    assert [a.get("action") for a in notice.walk("VALARM")] == ["DISPLAY"]
    # Same inputs, same bytes: the file can live in git.
    first = target.read_bytes()
    run(capsys, "-w", str(demo), "--today", TODAY, "due", "--ics", str(target))
    assert target.read_bytes() == first


def test_due_text_french_and_english(demo: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _err = run(capsys, "-w", str(demo), "--today", TODAY, "due")
    assert code == 0
    assert "15/12/2026" in out and "dans 23 jours" in out and "dernier jour pour dénoncer" in out
    monkeypatch.setenv("EPN_LANG", "en")
    code, out, _err = run(capsys, "-w", str(demo), "--today", TODAY, "due")
    assert "2026-12-15" in out and "in 23 days" in out and "last day to give notice" in out
    code, out, _err = run(capsys, "-w", str(demo), "--today", "2030-01-01", "due",
                          "--within", "1")
    assert out == "No deadline in the next 1 day.\n"


def test_due_express_notice_is_a_request_deadline(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """France Travail's convention is `renewal: express` with 3 mois of notice: its
    notice date is the last day to ask for a renewal — kind `notice`, `"express": true`
    in JSON, and never « dénoncer » in the text or the calendar. The CCAS's tacit
    renewal takes effect on 1 March 2027, the renewed term's first day, listed that day."""
    argv = ["-w", str(demo), "--today", "2027-03-01", "due", "--within", "30"]
    found = due_json(capsys, *argv, "--json")
    assert [(d["date"], d["kind"], d["convention"], d.get("term"), d.get("express"))
            for d in found[:2]] == [
        ("2027-03-01", "renewal", "ccas-sorges-demarches-en-ligne", 3, None),
        ("2027-03-30", "notice", "france-travail-ateliers-emploi-2024", 0, True)]
    code, out, _err = run(capsys, *argv)
    assert code == 0
    lines = out.splitlines()
    assert "aujourd'hui" in lines[0] and "tacite reconduction" in lines[0]
    assert "dernier jour pour demander le renouvellement" in lines[1]
    assert "dénoncer" not in out
    target = tmp_path / "echeances.ics"
    run(capsys, *argv, "--ics", str(target))
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    request = next(e for e in events if "France Travail" in str(e["summary"]))
    assert str(request["summary"]).startswith("dernier jour pour demander le renouvellement")
    assert [str(a["description"]) for a in request.walk("VALARM")] == [
        "dernier jour pour demander le renouvellement"]
    monkeypatch.setenv("EPN_LANG", "en")
    code, out, _err = run(capsys, *argv)
    assert "last day to ask for renewal" in out and "give notice" not in out


@pytest.mark.parametrize("argv", [
    ["-w", "{ws}", "--today", TODAY, "due", "--json"],
    ["due", "--json", "-w", "{ws}", "--today", TODAY],
    ["-w", "{ws}", "due", "--today", TODAY, "--json"],
    ["--today", TODAY, "due", "--workspace", "{ws}", "--json"],
    ["--today", "2020-01-01", "-w", "/nonexistent", "due", "--json", "-w", "{ws}",
     "--today", TODAY],
])
def test_common_options_before_or_after_the_command(
        demo: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    found = conventions_only(due_json(capsys, *[a.replace("{ws}", str(demo)) for a in argv]))
    assert [(d["date"], d["kind"], d["convention"], d["days"]) for d in found] == DEMO_DUE


# set ---------------------------------------------------------------------------------

def test_set_is_surgical(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "education" / "ecole-jules-ferry-2025.md"
    before = path.read_text("utf-8").split("\n")
    code, out, err = run(capsys, "-w", str(demo), "set", "ecole-jules-ferry-2025",
                         "notice=2 mois", "max_renewals=", "start=15/09/2025",
                         "budget=1 200")
    assert code == 0 and err == "" and "education/ecole-jules-ferry-2025.md" in out
    after = path.read_text("utf-8").split("\n")
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    assert removed == ["start: 2025-09-01", "max_renewals: 2", "notice: 3 mois"]
    assert added == ["start: 2025-09-15", "notice: 2 mois", "budget: 1 200"]
    code, out, _err = run(capsys, "-w", str(demo), "--today", TODAY, "list", "--json")
    row = next(r for r in json.loads(out) if r["id"] == "ecole-jules-ferry-2025")
    assert row["final_end"] is None  # unlimited tacit renewal now


def test_set_bad_values(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "education" / "ecole-jules-ferry-2025.md"
    before = path.read_bytes()
    ws = ["-w", str(demo), "set"]
    for argv in (["ecole-jules-ferry-2025", "start=31/02/2025"],
                 ["ecole-jules-ferry-2025", "status=peut-être"],
                 ["ecole-jules-ferry-2025", "duration=longtemps"],
                 ["ecole-jules-ferry-2025", "max_renewals=deux"],
                 ["ecole-jules-ferry-2025", "start="],  # a signed convention needs it
                 ["ecole-jules-ferry-2025", "a:b=c"],
                 ["ecole-jules-ferry-2025", "sans-egal"],
                 ["inconnue", "title=x"]):
        one_line_error(*run(capsys, *ws, *argv))
    assert path.read_bytes() == before


def _racing(monkeypatch: pytest.MonkeyPatch, path: Path, theirs: str) -> None:
    """Another writer that ignores our lock replaces the file while `epn set` splices."""
    import epn_tui.store.splice as splice_module  # the workspace imports it when saving

    real = splice_module.set_fields

    def racing(text: str, changes: Any) -> str:
        path.write_text(theirs, "utf-8")
        return real(text, changes)

    monkeypatch.setattr(splice_module, "set_fields", racing)


def test_set_merges_a_change_made_meanwhile(demo: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = demo / "education" / "ecole-jules-ferry-2025.md"
    theirs = path.read_text("utf-8") + "\nAjouté pendant l'enregistrement.\n"
    _racing(monkeypatch, path, theirs)
    code, out, err = run(capsys, "-w", str(demo), "set", "ecole-jules-ferry-2025",
                         "notice=1 mois")
    assert (code, err) == (0, "")
    assert out == "education/ecole-jules-ferry-2025.md : enregistré\n"
    assert path.read_text("utf-8") == theirs.replace("notice: 3 mois", "notice: 1 mois")


def test_set_conflict(demo: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = demo / "education" / "ecole-jules-ferry-2025.md"
    theirs = path.read_text("utf-8").replace("notice: 3 mois", "notice: 2 mois")
    _racing(monkeypatch, path, theirs)
    err = one_line_error(*run(capsys, "-w", str(demo), "set", "ecole-jules-ferry-2025",
                              "notice=1 mois"), status=1)
    assert err == ("epn: education/ecole-jules-ferry-2025.md : notice : modifié par quelqu'un "
                   "d'autre (désormais « 2 mois ») ; rien n'a été écrit\n")
    assert path.read_text("utf-8") == theirs


# errors ------------------------------------------------------------------------------

def test_errors_are_one_line(tmp_path: Path, demo: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    one_line_error(*run(capsys, "-w", "/nonexistent", "list"))
    one_line_error(*run(capsys, "-w", str(demo / "epn.yaml"), "list"))  # a file
    one_line_error(*run(capsys, "-w", str(demo), "--today", TODAY, "due", "--ics",
                        str(tmp_path / "missing" / "x.ics")), status=1)
    one_line_error(*run(capsys, "-w", str(tmp_path), "due"))  # not a workspace
    one_line_error(*run(capsys, "-w", str(tmp_path), "check"))
    assert "2026-13-45" in usage_error(capsys, "-w", str(demo), "--today", "2026-13-45", "due")
    usage_error(capsys, "-w", str(demo), "due", "--today", "demain")
    usage_error(capsys, "-w", str(demo), "due", "--within", "bientôt")
    usage_error(capsys, "-w", str(demo), "due", "--within", "-3")
    usage_error(capsys, "-w", str(demo), "sans-commande")
    usage_error(capsys, "-w", str(demo), "list", "--inconnue")


def test_damaged_workspace_still_serves(demo: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    (demo / "partners.json").write_text("{\n<<<<<<< HEAD\n", "utf-8")
    (demo / "epn.yaml").write_text("horizon: [\n", "utf-8")
    (demo / "casse.md").write_bytes(b"\x00\x01binary")
    found = due_json(capsys, "-w", str(demo), "--today", TODAY, "due", "--json")
    assert [(d["date"], d["kind"], d["convention"], d["days"]) for d in found] == DEMO_DUE
    code, out, _err = run(capsys, "-w", str(demo), "check")
    assert code == 1
    assert {line.split(":")[0] for line in out.splitlines()} == {
        "casse.md", "epn.yaml", "partners.json"}


# Through a real process ---------------------------------------------------------------

def epn_command() -> list[str]:
    script = Path(sys.executable).with_name("epn")
    return [str(script)] if script.exists() else [sys.executable, "-m", "epn_tui.cli"]


def run_epn(*argv: str, cwd: Path, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "EPN_LANG"}
    if lang:
        env["EPN_LANG"] = lang
    return subprocess.run([*epn_command(), *argv], cwd=cwd, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=60, check=False)


def test_subprocess_due_in_the_current_folder(demo: Path) -> None:
    done = run_epn("due", "--json", "--today", TODAY, cwd=demo)
    assert done.returncode == 0 and done.stderr == ""
    found = conventions_only(json.loads(done.stdout))
    assert [(d["date"], d["kind"], d["convention"], d["days"]) for d in found] == DEMO_DUE


def test_subprocess_languages_and_errors(demo: Path, tmp_path: Path) -> None:
    fr = run_epn("--today", TODAY, "due", cwd=demo)
    en = run_epn("--today", TODAY, "due", cwd=demo, lang="en")
    assert "dans 23 jours" in fr.stdout and "in 23 days" in en.stdout
    for argv in (["-w", "/nonexistent", "list"], ["--today", "2026-02-30", "due"],
                 ["set", "inconnue", "title=x"]):
        done = run_epn(*argv, cwd=demo)
        assert done.returncode == 2, done
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    done = run_epn("check", cwd=tmp_path)
    assert done.returncode == 2 and "epn init" in done.stderr
