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
from markdown_it.token import Token

from epn_tui.render.typo import french_typography


def _typography(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type == "text":
                child.content = french_typography(child.content)


def _join_lines(state: StateCore) -> None:
    """A paragraph's text broken over lines (text, softbreak, text…) as one text token,
    its line breaks kept as "\\n": a placeholder `[…]` typed over two lines is one."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        merged: list[Token] = []
        for child in token.children:
            if child.type in ("text", "softbreak") and merged and merged[-1].type == "text":
                merged[-1].content += "\n" if child.type == "softbreak" else child.content
            else:
                merged.append(child)
        token.children = merged


def parser(french: bool = True) -> MarkdownIt:
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.core.ruler.push("join_lines", _join_lines)
    if french:
        md.core.ruler.push("french_typography", _typography)
    return md


def parse(md: MarkdownIt, source: str) -> list[Token]:
    """Tokens of `source`, losing no text.

    Past `maxNesting` levels markdown-it silently drops the rest of the container; a
    printed agreement must not lose words, so the lines no token covers are added at
    the end as one literal paragraph (flattened, but on paper).
    """
    tokens = md.parse(source)
    limit = int(md.options.get("maxNesting", 100))
    if not tokens or max(t.level for t in tokens) < limit - 4:
        return tokens
    covered: set[int] = set()
    for token in tokens:
        if token.nesting == 0 and token.map:
            covered.update(range(token.map[0], token.map[1]))
    lost = [line.strip() for i, line in enumerate(source.splitlines())
            if line.strip() and i not in covered]
    if lost:
        content = " ".join(lost)
        tokens += [
            Token("paragraph_open", "p", 1, block=True),
            Token("inline", "", 0, content=content, block=True, level=1,
                  children=[Token("text", "", 0, content=content)]),
            Token("paragraph_close", "p", -1, block=True),
        ]
    return tokens
