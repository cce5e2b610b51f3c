"""The Markdown parser shared by the PDF and HTML renderers.

markdown-it-py's `js-default` preset: CommonMark plus tables and strikethrough, raw
HTML *off* (`<script>` in a body is text, never markup), no linkify, no typographer.
A core rule applies French typography to the text tokens only, so code spans and
URLs keep what the user wrote.

Cost: importing markdown_it takes ~15 ms; only the print path imports this module.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from epn_tui.render.typo import french_typography


def _typography(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type == "text":
                child.content = french_typography(child.content)


def parser(french: bool = True) -> MarkdownIt:
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    if french:
        md.core.ruler.push("french_typography", _typography)
    return md
