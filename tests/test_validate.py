"""One file → a typed Convention or precise problems (`path:line: message`).

The base file below has its keys on known lines; each case adds or replaces lines and
asserts the exact line of the problem.
"""

from __future__ import annotations

from datetime import date

import pytest

from epn_tui.core.durations import Duration
from epn_tui.core.model import Convention, FollowUp, Party
from epn_tui.core.terms import final_end, state
from epn_tui.i18n import set_language
from epn_tui.store.parsing import parse_convention

pytestmark = pytest.mark.usefixtures("english")

BASE = """\
---
title: T
status: signed
parties:
  - partner: ecole
    role: partenaire
start: 2025-09-01
duration: 1 an
{extra}---
Le texte.
"""
# line:  1 ---, 2 title, 3 status, 4 parties, 5 - partner, 6 role, 7 start, 8 duration,
#        9 the first extra line


def check(extra: str = "", replace: dict[str, str] | None = None
          ) -> tuple[Convention | None, list[tuple[int, str, str]]]:
    text = BASE.format(extra=extra)
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    conv, problems = parse_convention("dir/x.md", text.encode())
    for p in problems:
        assert p.path == "dir/x.md"
    return conv, [(p.line, p.severity, p.message) for p in problems]


def one_error(extra: str = "", replace: dict[str, str] | None = None) -> tuple[int, str]:
    conv, problems = check(extra, replace)
    assert conv is None
    errors = [(line, message) for line, severity, message in problems if severity == "error"]
    assert len(errors) == 1, problems
    return errors[0]


def test_valid_and_typed() -> None:
    conv, problems = check(
        "renewal: tacite\nrenewal_period: 6 mois\nmax_renewals: 2\nnotice: 1 mois\n"
        "amount: 1500.5\nthemes: [éducation, emploi]\nsigned: 2025-08-28\n"
        "follow_up:\n  - what: Comité\n    every: 6 mois\n    from: 2025-10-15\n"
        "deliberation: n° 2024-003\nlocal:\n  salle: B\n  jours: [mardi]\n")
    assert problems == []
    assert conv is not None
    assert conv.id == "x" and conv.path == "dir/x.md"
    assert conv.start == date(2025, 9, 1) and conv.signed == date(2025, 8, 28)
    assert conv.duration == Duration(1, 0, 0) and conv.renewal_period == Duration(0, 6, 0)
    assert conv.renewal == "tacit" and conv.max_renewals == 2
    assert conv.notice == Duration(0, 1, 0) and conv.amount == 1500.5
    assert conv.themes == ("éducation", "emploi")
    assert conv.parties == (Party("ecole", "partenaire"),)
    assert conv.follow_up == (FollowUp("Comité", Duration(0, 6, 0), date(2025, 10, 15)),)
    # Unknown keys are kept as the loader gave them.
    assert conv.extra == {"deliberation": "n° 2024-003", "local": {"salle": "B",
                                                                    "jours": ["mardi"]}}


def test_synonyms() -> None:
    conv, _ = check(replace={"status: signed": "status: Signée"}, extra="renewal: no\n")
    assert conv is not None and conv.status == "signed" and conv.renewal == "none"


@pytest.mark.parametrize(("value", "words"), [
    ("2025-9-1", "`start: 2025-9-1` is not a valid date"),
    ("01/09/2025", "`start: 01/09/2025` is not a valid date"),
    ("2025-09-01T10:00", "not a valid date"),
    ("20250901", "not a valid date"),
])
def test_bad_dates(value: str, words: str) -> None:
    line, message = one_error(replace={"start: 2025-09-01": f"start: {value}"})
    assert line == 7 and words in message and "YYYY-MM-DD" in message


def test_a_day_that_does_not_exist_is_named() -> None:
    """Written as it should be: what is wrong is the day itself."""
    line, message = one_error(replace={"start: 2025-09-01": "start: 2025-02-30"})
    assert (line, message) == (7, "`start`: 2025-02-30 does not exist: February 2025 has "
                                  "28 days")


@pytest.mark.parametrize(("value", "words"), [
    ("1 parsec", "cannot read the duration `duration: 1 parsec`"),
    ("12", "needs a unit"),
    ("0 mois", "cannot be zero"),
    ("[1, an]", "needs a unit"),
])
def test_bad_durations(value: str, words: str) -> None:
    line, message = one_error(replace={"duration: 1 an": f"duration: {value}"})
    assert line == 8 and words in message


def test_end_contradicts_duration() -> None:
    line, message = one_error("end: 2026-09-01\n")
    assert line == 9
    assert "contradicts `duration`" in message and "2026-08-31" in message
    conv, problems = check("end: 2026-08-31\n")  # they agree
    assert conv is not None and problems == []


@pytest.mark.parametrize(("start", "duration", "old_end", "end"), [
    ("2024-02-29", "1 an", "2025-02-27", "2025-02-28"),
    ("2025-01-31", "1 mois", "2025-02-27", "2025-02-28"),
    ("2025-08-31", "1 an et 6 mois", "2027-02-27", "2027-02-28"),
])
def test_end_that_agreed_under_the_earlier_rule(start: str, duration: str, old_end: str,
                                                end: str) -> None:
    """Terms run de quantième à quantième: an `end` that matched the earlier rule (clip,
    then − 1 day) is told which end its duration gives."""
    replace = {"start: 2025-09-01": f"start: {start}", "duration: 1 an": f"duration: {duration}"}
    line, message = one_error(f"end: {old_end}\n", replace)
    assert line == 9
    assert message.startswith(f"`end: {old_end}` does not match `duration: {duration}` from "
                              f"{start}: the duration gives {end} (")
    conv, problems = check(f"end: {end}\n", replace)
    assert conv is not None and problems == []


def test_end_that_agreed_under_the_earlier_rule_in_french(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EPN_LANG", "fr")
    set_language("fr")
    _line, message = one_error("end: 2025-02-27\n", {"start: 2025-09-01": "start: 2024-02-29"})
    assert message.startswith("`end: 2025-02-27` ne correspond pas à `duration: 1 an` à partir "
                              "du 29/02/2024 : la durée donne le 28/02/2025 (")


def test_end_before_start() -> None:
    conv, problems = check(replace={"duration: 1 an": "end: 2025-08-01"})
    assert conv is None and problems == [
        (8, "error", "`end` (2025-08-01) is before `start` (2025-09-01)")]


@pytest.mark.parametrize(("extra", "replace", "line", "words"), [
    ("", {"status: signed": "status: bogus"}, 3, "unknown status `bogus`"),
    ("", {"title: T\n": ""}, 2, "missing `title:`"),
    ("", {"title: T": "title: '  '"}, 2, "`title` is empty"),
    ("", {"title: T": "title: [a, b]"}, 2, "must be text"),
    ("", {"start: 2025-09-01\n": ""}, 3, "needs `start:`"),
    ("", {"duration: 1 an\n": ""}, 3, "needs `duration:` or `end:`"),
    ("", {"  - partner: ecole\n    role: partenaire\n": "  - [a, b]\n"}, 5,
     "party 1 must be a mapping"),
    ("", {"  - partner: ecole\n": "  - signatory: x\n"}, 5, "party 1 has no `partner:`"),
    ("", {"parties:\n  - partner: ecole\n    role: partenaire\n": "parties: ecole\n"}, 4,
     "`parties` must be a list"),
    ("", {"parties:\n  - partner: ecole\n    role: partenaire\n": ""}, 2,
     "missing `parties:`"),
    ("renewal: sometimes\n", None, 9, "unknown renewal `sometimes`"),
    ("max_renewals: -1\n", None, 9, "`max_renewals` must be a whole number"),
    ("max_renewals: deux\n", None, 9, "`max_renewals` must be a whole number"),
    ("amount: 1 500 €\n", None, 9, "`amount` must be a number of euros"),
    ("themes: {a: b}\n", None, 9, "`themes` must be a list"),
    ("notice: bientôt\n", None, 9, "cannot read the duration `notice: bientôt`"),
    ("follow_up: tous les mois\n", None, 9, "`follow_up` must be a list"),
    ("follow_up:\n  - what: X\n    every: 6 mois\n", None, 10,
     "follow-up 1 needs `what`, `every` and `from`"),
    ("follow_up:\n  - what: X\n    every: jamais\n    from: 2025-01-01\n", None, 11,
     "cannot read the duration `every: jamais`"),
    ("follow_up:\n  - what: X\n    every: 1 an\n    from: 2025-13-01\n", None, 12,
     "`from`: 2025-13-01 does not exist: there is no month 13"),
    ("follow_up:\n  - what: X\n    every: indéterminée\n    from: 2025-01-01\n", None, 11,
     "`every` must be a period"),
    ("signed: hier\n", None, 9, "`signed: hier` is not a valid date"),
    ("renewal: tacit\n", {"duration: 1 an": "end: 2026-08-31"}, 9,
     "needs `renewal_period:`"),
    ("end: 2026-08-31\n", {"duration: 1 an": "duration: indéterminée"}, 9,
     "contradicts `duration: indéterminée`"),
])
def test_field_errors(extra: str, replace: dict[str, str] | None, line: int, words: str
                      ) -> None:
    found_line, message = one_error(extra, replace)
    assert (found_line, words in message) == (line, True), message


def test_empty_start_or_duration_of_a_signed_convention() -> None:
    """`start:` or `duration:` written but left empty is as good as missing."""
    line, message = one_error(replace={"start: 2025-09-01": "start:"})
    assert line == 3 and "needs `start:`" in message
    line, message = one_error(replace={"duration: 1 an": "duration:"})
    assert line == 3 and "needs `duration:` or `end:`" in message


def test_duplicate_key_is_an_error() -> None:
    """YAML would keep the later value silently (a merge resolved too fast)."""
    line, message = one_error("start: 2025-10-01\n")
    assert line == 9 and "`start` appears twice" in message
    line, message = one_error(replace={"    role: partenaire\n": "    role: a\n    role: b\n"})
    assert line == 7 and "`role` appears twice" in message


@pytest.mark.parametrize(("extra", "replace", "line"), [
    ("end: 2026-08-31\n", {"duration: 1 an": "duration: 100000 ans"}, 8),
    ("", {"duration: 1 an": "duration: 100000 ans"}, 8),
    ("renewal: tacit\nmax_renewals: 100000\n", None, 10),
    ("renewal: tacit\nrenewal_period: 9000 ans\nmax_renewals: 2\n", None, 10),
])
def test_dates_beyond_year_9999(extra: str, replace: dict[str, str] | None, line: int
                                 ) -> None:
    """A duration or a number of renewals that runs past year 9999 is a problem of the
    file, not a crash of the loader or of `epn list`."""
    found_line, message = one_error(extra, replace)
    assert found_line == line and "9999" in message


def test_huge_notice_does_not_break_the_engine() -> None:
    conv, problems = check("renewal: express\nnotice: 5000 ans\n")
    if conv is not None:
        from epn_tui.core.terms import deadlines

        assert [d.kind for d in deadlines(conv, date(2026, 1, 1), 365)] == ["end"]
    else:
        assert problems[0][0] == 10


@pytest.mark.parametrize(("extra", "replace", "line", "words"), [
    ("type: convention\n", None, 9, "unusual type `convention`"),
    ("max_renewals: 2\n", None, 9, "only applies to `renewal: tacit`"),
    ("", {"status: signed": "status: terminated"}, 3, "should say when"),
    ("", {"parties:\n  - partner: ecole\n    role: partenaire\n": "parties: []\n"}, 4,
     "no party yet"),
])
def test_warnings_keep_the_convention(extra: str, replace: dict[str, str] | None, line: int,
                                      words: str) -> None:
    conv, problems = check(extra, replace)
    assert conv is not None
    assert [(p[0], p[1]) for p in problems] == [(line, "warning")]
    assert words in problems[0][2]


def test_terminated_convention() -> None:
    conv, problems = check("terminated: 2026-01-31\n",
                           {"status: signed": "status: terminated"})
    assert conv is not None and problems == []
    assert final_end(conv) == date(2026, 1, 31)
    assert state(conv, date(2025, 10, 1)) == ("terminated", None)
