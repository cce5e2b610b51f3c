"""What the history screen and the title bar say, without Textual: the word difference
as shown (changes next to each other read as one), the git state's words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from epn_tui.core.human_diff import FieldChange, HumanDiff, Piece, word_diff
from epn_tui.tui.git_state import GitState, _count_status
from epn_tui.tui.history_text import _grouped, diff_text

WORDS = st.lists(st.sampled_from(["le", "mardi", "jeudi", "matin.", "après-midi.", "a", "\n"]),
                 max_size=10).map(" ".join)


def _old(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces if p.kind != "added")


def _new(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces if p.kind != "removed")


@given(WORDS, WORDS)
def test_grouping_keeps_both_texts_exactly(old: str, new: str) -> None:
    for paragraph in word_diff(old, new):
        grouped = _grouped(paragraph)
        assert _old(grouped) == _old(paragraph)
        assert _new(grouped) == _new(paragraph)


def test_changes_separated_by_a_space_read_as_one() -> None:
    paragraph = word_diff("le jeudi après-midi.", "le mardi matin.")[0]
    assert _grouped(paragraph) == [Piece("same", "le "), Piece("removed", "jeudi après-midi."),
                                   Piece("added", "mardi matin.")]


def test_without_colour_the_changes_are_marked() -> None:
    diff = HumanDiff([FieldChange("status", "statut", "brouillon", "signée"),
                      FieldChange("notice", "préavis", None, "3 mois")],
                     word_diff("le jeudi après-midi.", "le mardi matin."))
    marked = diff_text(diff, marks=True).plain
    assert "statut : [-brouillon-] → {+signée+}" in marked
    assert "préavis : (vide) → {+3 mois+}" in marked
    assert "le [-jeudi après-midi.-]{+mardi matin.+}" in marked
    coloured = diff_text(diff)
    assert "le jeudi après-midi. mardi matin." in coloured.plain
    styles = {str(span.style) for span in coloured.spans}
    assert {"strike red", "underline green"} <= styles


def test_git_state_words() -> None:
    assert GitState(False).text() == ""
    assert GitState(True).text() == "git ✓ tout est versionné"
    assert GitState(True).text(short=True) == "git ✓"
    state = GitState(True, pending=2, ahead=1, behind=3, upstream="origin/main")
    assert state.text() == ("git : 2 fichiers non versionnés · 1 à envoyer ↑ · "
                            "3 à recevoir ↓")
    assert state.text(short=True) == "git : 2 non versionnés · ↑1 ↓3"


def test_a_rename_counts_once() -> None:
    assert _count_status("R  new.md\0old.md\0 M partners.json\0?? notes.txt\0") == 3
    assert _count_status("") == 0
