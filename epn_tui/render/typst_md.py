"""Markdown → Typst markup, from markdown-it's syntax tree.

Every piece of user text becomes a Typst *string literal* in code mode
(`#"text";`), where only `\\` and `"` are special: whatever a body holds
(`# $ * _ @ < > \\ [ ] //`, `#import`, `#read(...)`) is shown as text and can never
become Typst code, so any Markdown compiles. Structure uses Typst functions with
content blocks (`#strong[…]`, `#list(…)`), never markup shorthands that depend on
line starts.

Typst refuses content nested deeper than a few dozen levels, so past `MAX_DEPTH`
nested containers the wrappers are dropped and the text stays (flattened).
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from epn_tui.core.text import strip_controls
from epn_tui.i18n import _

MAX_DEPTH = 12
LINK_SCHEMES = ("http://", "https://", "mailto:")
# A run of this many characters without a break opportunity gets zero-width spaces, so
# a 300-letter "word" or URL wraps instead of running off the page.
LONG_RUN = 30
_LONG = re.compile(r"[^\s\u200b\-/]{" + str(LONG_RUN) + ",}")
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def typst_string(text: str) -> str:
    """A Typst string literal holding `text` exactly (control characters removed)."""
    text = strip_controls(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "").replace("\n", "\\n").replace("\t", "\\t") + '"'


def _breakable(text: str) -> str:
    def cut(match: re.Match[str]) -> str:
        run = match.group(0)
        return "\u200b".join(run[i:i + 20] for i in range(0, len(run), 20))

    return _LONG.sub(cut, text)


def text(value: str) -> str:
    """User text as Typst markup."""
    if not value:
        return ""
    return "#" + typst_string(_breakable(value)) + ";"


TODO_FILL = "rgb(255, 222, 100)"


def text_marked(value: str, french: bool) -> str:
    """User text as Typst markup, French ordinals raised (`1#super("er");`) and a
    placeholder still to fill in (`[montant]`) highlighted, so it cannot go unseen."""
    from epn_tui.render.typo import split_marks

    out = []
    for piece, kind in split_marks(value, french):
        if kind == "sup":
            out.append(f"#super({typst_string(piece)});")
        elif kind == "todo":
            out.append(f"#highlight(fill: {TODO_FILL})[" + text_marked_inner(piece, french)
                       + "]")
        else:
            out.append(text(piece))
    return "".join(out)


def text_marked_inner(value: str, french: bool) -> str:
    from epn_tui.render.typo import split_ordinals

    if not french:
        return text(value)
    return "".join(f"#super({typst_string(piece)});" if raised else text(piece)
                   for piece, raised in split_ordinals(value))


class _Writer:
    def __init__(self, french: bool = False) -> None:
        self.depth = 0
        self.french = french

    def wrap(self, head: str, inner: str) -> str:
        """`head[inner]` while nesting is shallow enough, else just the inner content."""
        if self.depth >= MAX_DEPTH:
            return inner
        return f"{head}[{inner}]"

    # Blocks ------------------------------------------------------------------------------
    def blocks(self, nodes: list[SyntaxTreeNode]) -> str:
        return "".join(self.block(n) for n in nodes)

    def block(self, node: SyntaxTreeNode) -> str:
        kind = node.type
        if kind == "paragraph":
            return self.inlines(node.children) + ("\n" if node.hidden else "\n\n")
        if kind == "heading":
            level = int(node.tag[1]) if node.tag[1:].isdigit() else 1
            return f"#heading(level: {level})[{self.inlines(node.children)}]\n\n"
        if kind in ("bullet_list", "ordered_list"):
            return self.list_block(node) + "\n\n"
        if kind == "blockquote":
            self.depth += 1
            inner = self.blocks(node.children).strip()
            self.depth -= 1
            return self.wrap("#quote(block: true)", inner) + "\n\n"
        if kind in ("code_block", "fence"):
            return f"#raw(block: true, {typst_string(node.content.rstrip(chr(10)))})\n\n"
        if kind == "hr":
            return "#line(length: 100%, stroke: 0.5pt + luma(60%))\n\n"
        if kind == "table":
            return self.table(node) + "\n\n"
        if kind in ("html_block", "html_inline"):
            return text(node.content) + "\n\n"
        if kind == "inline":
            return self.inlines(node.children)
        # Anything else a plugin may add: its text, never its structure.
        return self.blocks(node.children) if node.children else text(node.content)

    def list_block(self, node: SyntaxTreeNode) -> str:
        self.depth += 1
        items = []
        for item in node.children:
            items.append(self.blocks(item.children).strip())
        self.depth -= 1
        if self.depth >= MAX_DEPTH:
            return "\n\n".join(text("– ") + item for item in items)
        # markdown-it hides the paragraphs of a tight list.
        tight = "true" if all(c.hidden for i in node.children for c in i.children
                              if c.type == "paragraph") else "false"
        body = ", ".join(f"[{item}]" for item in items)
        if node.type == "ordered_list":
            start = node.attrs.get("start", 1)
            return f"#enum(tight: {tight}, start: {int(start)}, {body})"
        return f"#list(tight: {tight}, {body})"

    def table(self, node: SyntaxTreeNode) -> str:
        rows: list[tuple[bool, list[SyntaxTreeNode]]] = []
        for section in node.children:
            for row in section.children:
                rows.append((section.type == "thead", list(row.children)))
        if not rows:
            return ""
        columns = max(len(cells) for _h, cells in rows)
        aligns = []
        for cell in rows[0][1]:
            found = _ALIGN.search(str(cell.attrs.get("style", "")))
            aligns.append(found.group(1) if found else "left")
        aligns += ["left"] * (columns - len(aligns))
        out = [f"#table(columns: {columns}, align: ({', '.join(aligns)},), "
               "stroke: 0.5pt + luma(55%), inset: 5pt"]
        for header, cells in rows:
            rendered = [self.inlines(c.children) for c in cells]
            rendered += [""] * (columns - len(rendered))
            if header:
                out.append("table.header(" + ", ".join(f"[#strong[{r}]]" for r in rendered)
                           + ")")
            else:
                out.extend(f"[{r}]" for r in rendered)
        return ", ".join(out) + ")"

    # Inlines -----------------------------------------------------------------------------
    def inlines(self, nodes: list[SyntaxTreeNode]) -> str:
        out = []
        for node in nodes:
            if node.type == "inline":
                out.append(self.inlines(node.children))
            else:
                out.append(self.inline(node))
        return "".join(out)

    def inline(self, node: SyntaxTreeNode) -> str:
        kind = node.type
        if kind == "text":
            # (A softbreak joined into the text by mdparse prints as a space.)
            return text_marked(node.content.replace("\n", " "), self.french)
        if kind == "softbreak":
            return " "
        if kind == "hardbreak":
            return "#linebreak()"
        if kind == "code_inline":
            return f"#raw({typst_string(node.content)});"
        if kind == "image":
            alt = "".join(c.content for c in node.walk() if c.type == "text") or \
                str(node.attrs.get("src", ""))
            return "#emph[" + text(_("[image: {alt}]").format(alt=alt)) + "]"
        head = {"strong": "#strong", "em": "#emph", "s": "#strike"}.get(kind)
        self.depth += 1
        inner = self.inlines(node.children)
        self.depth -= 1
        if head is not None:
            return self.wrap(head, inner)
        if kind == "link":
            href = str(node.attrs.get("href", ""))
            if href.lower().startswith(LINK_SCHEMES):
                return self.wrap(f"#link({typst_string(href)})", inner)
            return inner
        if node.children:
            return inner
        return text(node.content)


def markdown_to_typst(source: str, french: bool = True) -> str:
    from epn_tui.render.mdparse import parse, parser

    tree = SyntaxTreeNode(parse(parser(french), source))
    return _Writer(french).blocks(tree.children)
