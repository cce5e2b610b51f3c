"""Splitting a file into front matter and body, and reading the YAML safely."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import yaml

from epn_tui.store.frontmatter import (
    LIBYAML_TOO_DEEP,
    MAX_DEPTH,
    FrontMatterError,
    check_depth,
    decode,
    find_conflict,
    load_mapping,
    locator,
    split,
    yaml_problem,
)

pytestmark = pytest.mark.usefixtures("english")


def fm_error(text: str) -> FrontMatterError:
    with pytest.raises(FrontMatterError) as info:
        parts = split(text)
        load_mapping(parts.front_matter(text), parts.fm_line)
    return info.value


def test_split_basic() -> None:
    text = "---\ntitle: T\n---\n# Body\n"
    parts = split(text)
    assert parts.front_matter(text) == "title: T\n"
    assert text[parts.body_start:] == "# Body\n"
    assert (parts.fm_line, parts.body_line) == (2, 4)


def test_split_thematic_break_in_body() -> None:
    text = "---\ntitle: T\n---\nIntro\n\n---\n\nSuite\n---\n"
    parts = split(text)
    assert parts.front_matter(text) == "title: T\n"
    assert text[parts.body_start:] == "Intro\n\n---\n\nSuite\n---\n"


def test_split_bom_and_crlf() -> None:
    text = "\ufeff---\r\ntitle: T\r\n---\r\nBody\r\n"
    parts = split(text)
    assert parts.front_matter(text) == "title: T\r\n"
    assert text[parts.body_start:] == "Body\r\n"
    assert load_mapping(parts.front_matter(text), 2) == {"title": "T"}


def test_split_without_final_newline() -> None:
    text = "---\ntitle: T\n---"
    parts = split(text)
    assert parts.front_matter(text) == "title: T\n"
    assert parts.body_start == len(text)


def test_indented_dashes_do_not_close() -> None:
    text = "---\nnotes: |\n  ---\n  suite\n---\nBody\n"
    parts = split(text)
    assert load_mapping(parts.front_matter(text), 2) == {"notes": "---\nsuite\n"}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("", 1, "empty file"),
    ("  \n\n", 1, "empty file"),
    ("title: T\n", 1, "first line must be `---`"),
    ("# Convention\n---\ntitle: T\n---\n", 1, "first line must be `---`"),
    ("---\ntitle: T\n", 1, "never closed"),
    ("---", 1, "never closed"),
    ("---\ntitle: T\n----\n", 1, "never closed"),
])
def test_split_errors(text: str, line: int, words: str) -> None:
    with pytest.raises(FrontMatterError) as info:
        split(text)
    assert info.value.line == line
    assert words in info.value.message


def test_decode() -> None:
    assert decode("é".encode()) == "é"
    with pytest.raises(FrontMatterError) as info:
        decode(b"---\ntitle: ok\ntitle: caf\xe9\n---\n")
    assert info.value.line == 3 and "UTF-8" in info.value.message
    with pytest.raises(FrontMatterError) as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert info.value.line == 1 and "binary" in info.value.message


def test_conflict_markers() -> None:
    text = "---\ntitle: T\n<<<<<<< HEAD\nstatus: draft\n=======\nstatus: signed\n>>>>>>> b\n---\n"
    assert find_conflict(text) == 3
    assert find_conflict("---\ntitle: T\n---\nok\n") is None


def test_setext_heading_is_not_a_conflict() -> None:
    """`=======` under a line is a Markdown heading; only a real conflict (with its
    `<<<<<<<` / `>>>>>>>` lines) is reported."""
    text = "---\ntitle: T\n---\nArticle\n=======\n\nTexte.\n"
    assert find_conflict(text) is None


@pytest.mark.parametrize(("fm", "line", "words"), [
    ("title: T\nstatus: signed\n  parties: x\n", 4, "mapping values are not allowed"),
    ("title: T\nthemes: [a, b\nstatus: signed\n", 4, "expected ',' or ']'"),
    ("title: T\n\tstatus: x\n", 3, "tab"),
    ("title: T\nstatus: a: b\n", 3, "mapping values are not allowed"),
    ("- a\n- b\n", 2, "not a list"),
    ("just text\n", 2, "`key: value` lines"),
    ("title: !!python/object:os.system ls\n", 2, "YAML error"),
])
def test_yaml_errors_have_lines(fm: str, line: int, words: str) -> None:
    error = fm_error("---\n" + fm + "---\nbody\n")
    assert (error.line, words in error.message) == (line, True), error.message


def test_values_stay_as_written() -> None:
    text = textwrap.dedent("""\
        ---
        start: 2025-09-01
        bad: 2025-02-30
        time: 22:30
        code: 01234
        answer: NO
        nothing: ~
        2025: année
        ---
        """)
    parts = split(text)
    data = load_mapping(parts.front_matter(text), 2)
    # Dates stay text (validated strictly later), other scalars are YAML's.
    assert data["start"] == "2025-09-01" and data["bad"] == "2025-02-30"
    assert data["nothing"] is None
    assert data["2025"] == "année"
    # YAML 1.1: 22:30 is base 60, 01234 is octal, NO is false.
    assert (data["time"], data["code"], data["answer"]) == (1350, 668, False)


def test_locator_lines() -> None:
    fm = "title: T\nparties:\n  - partner: a\n  - partner: b\n    role: x\nend: 1\n"
    locate = locator(fm, 2)
    assert locate(("title",)) == 2
    assert locate(("parties", 1, "partner")) == 5
    assert locate(("parties", 1, "role")) == 6
    assert locate(("end",)) == 7
    assert locate(("missing",)) == 2  # unknown key: the front matter's first line
    assert locate(("parties", 9, "partner")) == 3


BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi",
                          strict=True))


def run_isolated(code: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter: a hang or a crash (segfault) of the YAML
    loader fails this test instead of killing the whole test run."""
    return subprocess.run([sys.executable, "-c", code],  # noqa: S603 - our own code
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.parametrize("use", [
    "notice: *i\n",                       # a known key: its value is formatted in a message
    "extra_key: *i\n",                    # an unknown key: kept and cached
    "MERGE",                              # a merge key must not open another way in
])
def test_billion_laughs(use: str) -> None:
    head = "---\ntitle: T\nstatus: signed\nparties: [ecole]\n"
    if use == "MERGE":
        head, use = head + "merged: {<<: {k: v}}\n", "notice: *i\n"
    text = head + BOMB + use + "---\n"
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from epn_tui.i18n import set_language
        set_language("en")
        from epn_tui.store.parsing import parse_convention
        conv, problems = parse_convention("bomb.md", {text.encode()!r})
        assert conv is None, conv
        print(problems[0].line, problems[0].message)
    """)
    done = run_isolated(code)
    assert done.returncode == 0, done.stderr[-2000:]
    line, message = done.stdout.split(" ", 1)
    assert "alias" in message
    assert int(line) == 2  # the front matter as a whole


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_deeply_nested_yaml(depth: int) -> None:
    """A deeply nested value is a clear problem: never a RecursionError, never a
    segmentation fault of the C parser."""
    code = textwrap.dedent(f"""
        from epn_tui.i18n import set_language
        set_language("en")
        from epn_tui.store.parsing import parse_convention
        from epn_tui.store.splice import set_fields, SpliceError
        depth = {depth}
        text = ("---\\ntitle: T\\nstatus: signed\\nparties: [ecole]\\nx: " + "[" * depth
                + "]" * depth + "\\n---\\n")
        conv, problems = parse_convention("deep.md", text.encode())
        assert conv is None, conv
        print(problems[0].line, problems[0].message)
        try:
            set_fields(text, {{"title": "U"}})
        except (SpliceError, ValueError):
            pass
        else:
            raise AssertionError("a deep front matter was edited")
    """)
    done = run_isolated(code)
    assert done.returncode == 0, done.stderr[-2000:]
    line, message = done.stdout.split(" ", 1)
    assert int(line) == 5
    assert f"values nested more than {MAX_DEPTH} levels deep" in message


_DEEP = 1000  # libyaml's own limit (PyYAML 6.0.4) is 1,000 levels; ours is MAX_DEPTH
DEEP_TEXTS = {
    # On one line libyaml's scanner reads ahead and meets its limit before our count.
    "flow list": "x: " + "[" * _DEEP + "]" * _DEEP + "\n",
    "flow mapping": "x: " + "{a: " * _DEEP + "1" + "}" * _DEEP + "\n",
    "block list": "x:\n" + "".join(" " * i + "-\n" for i in range(1, _DEEP + 1))
                  + " " * (_DEEP + 1) + "1\n",
    "block mapping": "".join(" " * i + "a:\n" for i in range(_DEEP)) + " " * _DEEP + "b: 1\n",
}


@pytest.mark.parametrize("shape", DEEP_TEXTS)
@pytest.mark.parametrize(("language", "words"), [
    ("en", f"values nested more than {MAX_DEPTH} levels deep"),
    ("fr", f"valeurs imbriquées sur plus de {MAX_DEPTH} niveaux"),
])
def test_too_deep_is_our_limit_in_our_words(shape: str, language: str, words: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever libyaml's own nesting limit says (or whether it has one), a front matter
    deeper than ours is reported with our limit, in the interface language."""
    from epn_tui.i18n import set_language

    monkeypatch.setenv("EPN_LANG", language)
    set_language(language)
    with pytest.raises(FrontMatterError) as caught:
        load_mapping(DEEP_TEXTS[shape], 2)
    assert words in caught.value.message
    assert "maximum nesting" not in caught.value.message
    with pytest.raises(yaml.MarkedYAMLError) as raw:
        check_depth(DEEP_TEXTS[shape], force=True)  # what splice.py runs before editing
    assert raw.value.problem is not None and words in raw.value.problem


@pytest.mark.parametrize(("language", "words"), [
    ("en", f"values nested more than {MAX_DEPTH} levels deep"),
    ("fr", f"valeurs imbriquées sur plus de {MAX_DEPTH} niveaux"),
])
def test_libyaml_nesting_message_is_ours(language: str, words: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's « exceeded maximum nesting depth », wherever it comes from (epn.yaml, a
    broken front matter too small to be scanned), is said with our limit."""
    from epn_tui.i18n import set_language

    monkeypatch.setenv("EPN_LANG", language)
    set_language(language)
    assert yaml_problem(LIBYAML_TOO_DEEP) == words


def test_yaml_problems_in_the_interface_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's usual messages are translated; rarer ones are kept as it says them."""
    from epn_tui.i18n import set_language
    from epn_tui.store.frontmatter import FrontMatterError, load_mapping

    def message(text: str) -> str:
        with pytest.raises(FrontMatterError) as caught:
            load_mapping(text, 2)
        return caught.value.message

    monkeypatch.delenv("EPN_LANG", raising=False)
    set_language("fr")
    assert "il manque « , » ou « ] »" in message("title: [brouillon")
    assert "un « : » inattendu" in message("title: Convention: école: 2025")
    assert "!foo" in message("a: !foo x")  # no translation: as libyaml says it
    set_language("en")
    assert "did not find expected ',' or ']'" in message("title: [draft")
