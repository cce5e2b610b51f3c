"""Issue 13: unfinished text is never silent (`epn print --allow-placeholders`, the
placeholder warnings of `epn check`) and rendering is bounded (a hostile body gets one
`path:line: message` and exit 1 in bounded time and memory; HTML keeps only
http/https/mailto links)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from epn_tui.cli import main
from tests.conftest import REPO, VALID, MakeWorkspace

TODAY = "2026-11-22"
CONV = "ecole-jules-ferry-2025"
DRAFT = "college-causses-ent-familles"
ADDED = "Montant : [montant] € versé le [date].\n\nVoir [annexe 2] pour le détail.\n"


def epn(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["-w", str(root), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def add_placeholders(root: Path, rel: str) -> tuple[int, int]:
    """ADDED after the line `{{ duree_et_renouvellement }}` (or at the end); the file
    lines of its two placeholder lines."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next((i + 1 for i, line in enumerate(lines)
               if line.strip() == "{{ duree_et_renouvellement }}"), len(lines))
    lines[at:at] = ["\n", ADDED, "\n"]
    path.write_text("".join(lines), encoding="utf-8")
    return at + 2, at + 4


# Unfinished text ------------------------------------------------------------------------
def test_a_signed_convention_with_placeholders_is_not_printed(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = add_placeholders(demo, f"education/{CONV}.md")
    target = tmp_path / "out.pdf"
    code, out, err = epn(capsys, demo, "print", CONV, "-o", str(target))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"education/{CONV}.md:{first}: « [montant] », « [date] » restent à compléter",
        f"education/{CONV}.md:{second}: « [annexe 2] » reste à compléter",
        f"epn: {CONV} : non imprimée : la convention n'est pas un projet et il reste du "
        "texte à compléter (lignes ci-dessus) ; complétez-le, ou imprimez quand même avec "
        "--allow-placeholders",
    ]
    assert not target.exists()
    # The same in every format, and to a printer nothing is sent.
    assert epn(capsys, demo, "print", CONV, "-o", str(tmp_path / "x.md"))[0] == 1
    assert not (tmp_path / "x.md").exists()


def test_allow_placeholders_prints_and_says_so(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = add_placeholders(demo, f"education/{CONV}.md")
    target = tmp_path / "out.md"
    code, out, err = epn(capsys, demo, "print", CONV, "-o", str(target),
                         "--allow-placeholders")
    assert code == 0 and out == f"{CONV} : écrit dans {target}\n"
    assert err.splitlines() == [
        f"education/{CONV}.md:{first}: « [montant] », « [date] » restent à compléter",
        f"education/{CONV}.md:{second}: « [annexe 2] » reste à compléter",
        f"epn: {CONV} : imprimée quand même (--allow-placeholders) ; 2 lignes restent à "
        "compléter",
    ]
    assert "[montant] € versé le [date]" in target.read_text(encoding="utf-8")


def test_a_draft_prints_and_names_the_lines_to_fill(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, _second = add_placeholders(demo, f"education/{DRAFT}.md")
    target = tmp_path / "projet.pdf"
    code, out, err = epn(capsys, demo, "print", DRAFT, "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")
    assert out == f"{DRAFT} : écrit dans {target}\n"
    lines = err.splitlines()
    assert lines[0] == (f"education/{DRAFT}.md:{first}: « [montant] », « [date] » restent "
                        "à compléter")
    assert lines[-1] == f"epn: {DRAFT} : imprimée comme projet ; 2 lignes restent à compléter"


def test_check_warns_once_per_line_to_fill_and_never_fails(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = add_placeholders(demo, f"education/{CONV}.md")
    draft_first, _ = add_placeholders(demo, f"education/{DRAFT}.md")
    code, out, err = epn(capsys, demo, "check")
    assert code == 0 and err == ""
    assert out.splitlines() == [
        f"education/{DRAFT}.md:{draft_first}: attention : « [montant] », « [date] » "
        "restent à compléter",
        f"education/{DRAFT}.md:{draft_first + 2}: attention : « [annexe 2] » reste à "
        "compléter",
        f"education/{CONV}.md:{first}: attention : « [montant] », « [date] » restent à "
        "compléter",
        f"education/{CONV}.md:{second}: attention : « [annexe 2] » reste à compléter",
    ]
    # With an error elsewhere, the exit status is the error's, the warnings still said.
    (demo / "casse.md").write_text(VALID.replace("start: 2025-09-01", "start: 2025-02-30"),
                                   encoding="utf-8")
    code, out, _err = epn(capsys, demo, "check")
    assert code == 1 and len(out.splitlines()) == 5


def test_check_ignores_links_code_and_jinja(make_workspace: MakeWorkspace,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    body = ("Voir [le site](https://example.org), `[code]`, {{ '[pas compté]' }}.\n\n"
            "```\n[dans du code]\n```\n\n![image](x.png)\n")
    root = make_workspace({"a.md": VALID + body})
    assert epn(capsys, root, "check") == (0, "", "")


def test_every_demo_convention_prints_and_none_says_bon_pere_de_famille(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo is finished text: each convention prints as it is (drafts included),
    without a word on stderr; `epn check` has nothing to say about placeholders."""
    ids = [p.stem for p in demo.rglob("*.md") if p.name != "README.md"]
    assert len(ids) >= 10
    for conv_id in ids:
        target = tmp_path / f"{conv_id}.md"
        code, _out, err = epn(capsys, demo, "print", conv_id, "-o", str(target))
        assert (code, err) == (0, ""), conv_id
        assert "bon père de famille" not in target.read_text(encoding="utf-8")
    templates = REPO / "epn_tui" / "templates"
    for path in [*demo.rglob("*.md"), *templates.glob("*.md")]:
        assert "père de famille" not in path.read_text(encoding="utf-8"), path
    premises = (demo / "commune-sorges-mise-a-disposition.md").read_text(encoding="utf-8")
    assert "raisonnablement" in premises
    # A subsidy to an association: its amount in words, the contrat d'engagement
    # républicain (loi n° 2021-1109), the instalments' article named right.
    for conv_id, words in (("cc-causses-rivieres-financement-2026", "douze mille euros"),
                           ("cc-causses-rivieres-financement-2025", "dix mille euros")):
        printed = " ".join((tmp_path / f"{conv_id}.md").read_text(encoding="utf-8").split())
        assert f"({words})" in printed and "contrat d'engagement républicain" in printed
        assert "prévue à l'article 4" not in printed and "prévues à l'article 4" not in printed


def test_help_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["print", "--help"])
    out = capsys.readouterr().out
    assert "--allow-placeholders" in out


# Bounded rendering ----------------------------------------------------------------------
# Each case runs `epn print` in a fresh interpreter (so its peak memory, and its
# rendering child's, are this case's alone), with limits patched where a case needs the
# child's limits rather than the template's caps.
RUNNER = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
patches = json.loads(sys.argv[1])
import epn_tui.render.bounded as bounded, epn_tui.render.compose as compose
import epn_tui.render.template_limits as limits
for name, value in patches.items():
    module, attr = name.split(".")
    setattr({{"bounded": bounded, "compose": compose, "limits": limits}}[module], attr, value)
from epn_tui.cli import main
start = time.monotonic()
code = main(sys.argv[3:])
with open(sys.argv[2], "w") as out:
    json.dump({{"code": code, "seconds": time.monotonic() - start,
               "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}},
              out)
"""

GUARD_MB = 400  # caught before Python computes it: no process ever grows much


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX: resource limits in a child")
@pytest.mark.parametrize(("body", "says", "line", "patches", "most_mb"), [
    ("{{ range(200)|join('x' * 999999) }}", "`join` : le résultat serait trop long",
     19, {}, GUARD_MB),
    ("{{ ''|center(200000000) }}", "`center` : la largeur est trop grande", 19, {}, GUARD_MB),
    ("{{ '%200000000s'|format(1) }}", "`%` : la largeur est trop grande", 19, {}, GUARD_MB),
    ("{{ '{:>200000000}'.format(1) }}", "`format` : la largeur est trop grande", 19, {},
     GUARD_MB),
    ("{{ '{:{}}'.format(1, 200000000) }}", "`format` : la largeur est trop grande", 19, {},
     GUARD_MB),
    ("{{ 'x'|indent(200000000) }}", "`indent` : la largeur est trop grande", 19, {},
     GUARD_MB),
    ("{{ 'a b'|wordwrap(1, wrapstring='x' * 999999) }}", "`wordwrap` : le résultat", 19,
     {}, GUARD_MB),
    ("{{ 'x'.ljust(200000000) }}", "`ljust` : la largeur est trop grande", 19, {}, GUARD_MB),
    ("{{ 'ab'.replace('', 'x' * 999999) }}", "`replace` : le résultat", 19, {}, GUARD_MB),
    ("{{ '%*s' % (200000000, 'x') }}", "`%` : la largeur est trop grande", 19, {}, GUARD_MB),
    ("{{ range(9)|batch(200000000, 'x')|list }}", "`batch` : la largeur", 19, {}, GUARD_MB),
    ("{{ lipsum(100000) }}", "`lipsum` : le résultat serait trop long", 19, {}, GUARD_MB),
    ("{{ ('x' * 999999) + ('y' * 999999) }}", "`+` : le résultat serait trop long", 19, {},
     GUARD_MB),
    # A long line a hundred thousand times: stopped as the document passes its size.
    ("{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}",
     "le texte produit par le modèle est trop long (plus de 500000 caractères)", 16, {},
     GUARD_MB),
    # Doubling a string forty times (2**40 characters).
    ("{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% else %}{{ s|length }}"
     "{% endif %}{% endmacro %}{{ f('x', 40) }}",
     "`~` : le résultat serait trop long", 19, {}, GUARD_MB),
    # A list nested forty times in itself: 2**40 items once printed.
    ("{% set ns = namespace(l=[]) %}{% for i in range(40) %}{% set ns.l = [ns.l, ns.l] %}"
     "{% endfor %}{{ ns.l|string|length }}", "`print` : le résultat serait trop long", 19,
     {}, GUARD_MB),
    # Each string allowed, a hundred thousand of them kept: the rendering's budget…
    ("{% set ns = namespace(l=[]) %}{% for i in range(100000) %}"
     "{% set ns.l = ns.l + ['x' * 999999] %}{% endfor %}{{ ns.l|length }}",
     "le modèle produit trop de texte (plus de 20000000 caractères en tout)", 19, {},
     GUARD_MB),
    # … and past it (raised here), the child's memory limit.
    ("{% set ns = namespace(l=[]) %}{% for i in range(100000) %}"
     "{% set ns.l = ns.l + ['x' * 999999] %}{% endfor %}{{ ns.l|length }}",
     "le rendu dépasse la limite de mémoire", 16,
     {"limits.MAX_BUDGET": 10**13, "bounded.MEMORY_MB": 256}, 256 + 200),
    # 20 MB of text with no template at all: refused before typst sees it.
    ("mot " * 5_000_000, "le texte produit par le modèle est trop long", 16, {}, GUARD_MB),
    # Past the document cap (raised here), typst itself is stopped by the child's limits.
    ("mot " * 2_000_000, "le rendu dépasse la limite de temps (2 secondes)", 16,
     {"compose.MAX_DOCUMENT_CHARS": 10**9, "bounded.CPU_SECONDS": 2}, 1200),
    ("mot " * 2_000_000, "le rendu dépasse la limite de mémoire (150 Mo)", 16,
     {"compose.MAX_DOCUMENT_CHARS": 10**9, "bounded.MEMORY_MB": 150}, 150 + 200),
], ids=["join", "center", "format-filter", "str-format", "nested-format", "indent",
        "wordwrap", "ljust", "replace", "percent-star", "batch", "lipsum", "plus",
        "long-loop", "doubling", "nested-list", "budget", "memory", "20MB-body",
        "typst-time", "typst-memory"])
def test_a_hostile_body_is_bounded(make_workspace: MakeWorkspace, tmp_path: Path,
                                   body: str, says: str, line: int,
                                   patches: dict[str, int], most_mb: int) -> None:
    root = make_workspace({"a.md": VALID + body + "\n"})
    target = tmp_path / "a.pdf"
    report = tmp_path / "report.json"
    start = time.monotonic()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", RUNNER.format(repo=str(REPO)), json.dumps(patches),
         str(report), "-w", str(root), "--today", TODAY, "print", "a", "-o", str(target)],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "EPN_LANG": "fr"})
    elapsed = time.monotonic() - start
    measured = json.loads(report.read_text(encoding="utf-8"))
    assert measured["code"] == 1, done.stderr
    assert done.stderr.startswith(f"epn: a.md:{line}: ") and says in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr  # one line, nothing from typst
    assert not target.exists()
    assert elapsed < 15
    assert measured["self_mb"] < GUARD_MB, measured
    assert measured["child_mb"] < most_mb, measured


def test_ordinary_methods_and_filters_still_work(make_workspace: MakeWorkspace,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    body = ("{{ 'a' + 'b' }} {{ '%03d' % 7 }} {{ '{:>4}'.format(1)|trim }} "
            "{{ 'x'|center(5)|trim }} {{ [1, 2]|join(', ') }} {{ 'abc'.replace('b', 'B') }} "
            "{{ 'le texte'|wordwrap(3)|length }} {{ 'a\nb'|indent(2)|length }} "
            "{{ range(5)|batch(2)|list|length }} {{ lipsum(1)|length > 10 }}\n")
    root = make_workspace({"a.md": VALID + body})
    target = tmp_path / "a.md"
    assert epn(capsys, root, "print", "a", "-o", str(target))[0] == 0
    assert "ab 007 1 x 1, 2 aBc 10 5 3 True" in target.read_text(encoding="utf-8")


def test_bounded_child_returns_values_and_exceptions(monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    from epn_tui.render import bounded
    from epn_tui.render.compose import UnfilledError

    # (a fork: this work runs no typst, whatever threads earlier tests left behind)
    monkeypatch.setattr(bounded, "native_threads", lambda: 0)
    assert bounded.run_bounded(lambda: os.getpid()) != os.getpid()
    assert bounded.run_bounded(lambda: b"x" * 10) == b"x" * 10

    def refuse() -> bytes:
        raise UnfilledError(["a.md:3: « [x] » reste à compléter"])

    with pytest.raises(UnfilledError) as caught:
        bounded.run_bounded(refuse)
    assert caught.value.lines == ["a.md:3: « [x] » reste à compléter"]
    # A child that does not answer is killed at the wall-clock limit.
    monkeypatch.setattr(bounded, "WALL_SECONDS", 0.5)
    start = time.monotonic()
    with pytest.raises(bounded.LimitError) as limit:
        bounded.run_bounded(lambda: time.sleep(30))
    assert limit.value.kind == "time" and time.monotonic() - start < 5
    from epn_tui.render.printing import limit_message

    # The message names the limit that was met: the clock's, not the CPU's 8 seconds.
    assert limit_message(limit.value).startswith("le rendu n'a pas abouti en 0.5 secondes")
    # Without fork (Windows), the work runs here, with the template's own caps only.
    monkeypatch.setattr(bounded, "available", lambda: False)
    assert bounded.run_bounded(lambda: os.getpid()) == os.getpid()


# HTML links -----------------------------------------------------------------------------
def test_html_keeps_only_http_https_and_mailto_links() -> None:
    from epn_tui.render.html import markdown_to_html

    html = markdown_to_html(
        "[a](/etc/passwd) [b](java&#x09;script:alert(1)) [c](https://x.org) "
        "[d](mailto:a@b.fr) [e](#frag) [f](ftp://x) <http://auto.org> [g](../x.pdf) "
        "[h](HTTPS://Y.ORG) [i](file:///etc/passwd) [j](<java\tscript:x>)")
    hrefs = [part.split('"', 1)[0] for part in html.split('href="')[1:]]
    assert hrefs == ["https://x.org", "mailto:a@b.fr", "http://auto.org", "HTTPS://Y.ORG"]
    assert "passwd" not in html.replace("[i](file:///etc/passwd)", "")
    assert "script" not in html.lower()
    # The text of a refused link is kept, as in the PDF.
    assert "<p>a b " in html and " e f " in html and " g " in html


def test_html_print_of_a_hostile_link(make_workspace: MakeWorkspace, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    body = "[mot de passe](/etc/passwd) et [clic](java&#x09;script:alert(1)).\n"
    root = make_workspace({"a.md": VALID + body})
    target = tmp_path / "a.html"
    assert epn(capsys, root, "print", "a", "-o", str(target))[0] == 0
    html = target.read_text(encoding="utf-8")
    assert "mot de passe et clic" in html
    assert "/etc/passwd" not in html and "script:" not in html


def test_a_process_with_native_threads_renders_in_a_new_interpreter(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork would not copy typst's worker threads (once typst has compiled in this
    process) nor the UI's watcher: the work then runs in a new interpreter, under the
    same limits, with the same outcomes."""
    from epn_tui.render import bounded

    monkeypatch.setattr(bounded, "native_threads", lambda: 2)
    forks: list[int] = []
    monkeypatch.setattr("epn_tui.store.forked.spawn", lambda *a: forks.append(1))
    target = tmp_path / "a.pdf"
    assert epn(capsys, demo, "print", CONV, "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"%PDF-")
    first, _second = add_placeholders(demo, f"education/{CONV}.md")
    code, _out, err = epn(capsys, demo, "print", CONV, "-o", str(tmp_path / "b.pdf"))
    assert code == 1 and err.startswith(f"education/{CONV}.md:{first}: « [montant] »")
    path = demo / f"education/{CONV}.md"
    path.write_text(path.read_text(encoding="utf-8") + "{{ ''|center(200000000) }}\n",
                    encoding="utf-8")
    code, _out, err = epn(capsys, demo, "print", CONV, "-o", str(tmp_path / "c.pdf"),
                          "--allow-placeholders")
    assert code == 1 and "`center` : la largeur est trop grande" in err
    assert forks == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX: resource limits in a child")
def test_the_new_interpreter_has_the_same_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    from epn_tui.render import bounded

    assert bounded._run_fresh(("builtins", "len", ("abc",), ())) == 3
    with pytest.raises(ValueError, match="invalid literal"):
        bounded._run_fresh(("builtins", "int", ("x",), ()))
    # 4 GiB asked for, 1 GiB allowed: the memory limit, said as such.
    with pytest.raises(bounded.LimitError) as memory:
        bounded._run_fresh(("builtins", "bytearray", (4 << 30,), ()))
    assert memory.value.kind == "memory"
    with pytest.raises(bounded.LimitError) as broken:
        bounded._run_fresh(("no_such_module", "f", (), ()))
    assert broken.value.kind == "crash" and "no_such_module" in broken.value.detail
    monkeypatch.setattr(bounded, "WALL_SECONDS", 1.0)
    start = time.monotonic()
    with pytest.raises(bounded.LimitError) as slow:
        bounded._run_fresh(("time", "sleep", (30,), ()))
    assert slow.value.kind == "time" and time.monotonic() - start < 5


def test_check_keeps_what_each_body_holds(demo: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    """A warm check reads no body: `.epn/placeholders.json` by mtime and size; a changed
    file is read again."""
    from tests.conftest import age

    first, _second = add_placeholders(demo, f"education/{CONV}.md")
    age(demo)
    expected = epn(capsys, demo, "check")
    cache = demo / ".epn" / "placeholders.json"
    stored = json.loads(cache.read_text(encoding="utf-8"))["files"]
    assert stored[f"education/{CONV}.md"][2][0] == [first, "[montant]"]
    written = cache.stat().st_mtime_ns
    assert epn(capsys, demo, "check") == expected  # the same, from the cache
    assert cache.stat().st_mtime_ns == written  # nothing changed: not rewritten
    path = demo / "education" / f"{CONV}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("[annexe 2]", "l'annexe deux"),
                    encoding="utf-8")
    age(demo)
    code, out, _err = epn(capsys, demo, "check")
    assert code == 0 and "annexe" not in out and "[montant]" in out
