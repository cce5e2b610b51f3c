"""Ids and file names made from titles and names (core.slug): cut between words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from epn_tui.core.slug import slugify, unique_slug

TITLE = ("Convention de mise à disposition de locaux – Commune de Sorges pass "
         "numérique")


def test_a_long_title_is_cut_after_a_whole_word() -> None:
    # Was `…-commune-de-sorges-pass-n`.
    assert slugify(TITLE) == "convention-de-mise-a-disposition-de-locaux-commune-de-sorges"
    assert slugify("Partenariat " + "très " * 30 + "long", 20) == "partenariat-tres"


def test_a_first_word_longer_than_the_room_is_cut() -> None:
    assert slugify("x" * 80) == "x" * 60
    assert slugify("ab " + "y" * 80) == ("ab-" + "y" * 80)[:60]  # a boundary too early


def test_short_texts_and_the_numbered_twins_are_unchanged() -> None:
    assert slugify("École Jules-Ferry (CM2)") == "ecole-jules-ferry-cm2"
    assert slugify("  ") == "sans-titre"
    assert unique_slug(TITLE, {slugify(TITLE)}) == slugify(TITLE) + "-2"


@given(st.text(max_size=200), st.integers(min_value=1, max_value=80))
def test_cut_between_words_within_the_limit(text: str, limit: int) -> None:
    slug = slugify(text, limit)
    whole = slugify(text, 10**6)
    assert slug and not slug.startswith("-") and not slug.endswith("-")
    if whole == "sans-titre":
        return
    assert len(slug) <= limit
    if slug != whole:
        words_kept = whole.startswith(slug + "-")
        cut_inside_a_long_word = whole.find("-") < 0 or whole.rfind("-", 0, limit + 1) \
            <= limit // 2
        assert words_kept or cut_inside_a_long_word, (whole, slug)
