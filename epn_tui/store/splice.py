"""Surgical front-matter edits: change the bytes of one value, keep every other byte.

Round-trip YAML libraries re-indent lists, re-wrap long lines and rewrite `~`; here
the YAML is composed once to find where a top-level value starts and ends, and only
that slice of the text is replaced. Comments, quoting, key order, CRLF, a BOM, a
missing final newline all stay as they were. The result is re-read and compared with
what was asked before anyone writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml

from epn_tui.i18n import _
from epn_tui.store.frontmatter import (
    FrontMatterError,
    FrontMatterLoader,
    check_depth,
    load_mapping,
    split,
)

DELETE = object()  # a change value that removes the key


class SpliceError(ValueError):
    pass


_LINE_BREAKS = "\n\r\x85\u2028\u2029"


def yaml_scalar(value: Any) -> str:
    """One value as YAML text that reads back as the same value."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if value is None:
        return "null"
    text = str(value)
    # Line breaks (YAML also counts NEL, LS and PS) only survive escaped, on one line.
    style = '"' if any(c in text for c in _LINE_BREAKS) else None
    dumped: str = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_style=style)
    if dumped.endswith("\n...\n"):
        dumped = dumped[: -len("\n...\n")]
    return dumped.rstrip("\n")


def as_loaded(value: Any) -> Any:
    """Values as the front-matter loader reads them back (dates are text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [as_loaded(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): as_loaded(v) for k, v in value.items()}
    return value


def _is_flat(value: Any) -> bool:
    return not isinstance(value, (list, tuple, Mapping)) or (
        isinstance(value, (list, tuple))
        and all(not isinstance(v, (list, tuple, Mapping)) for v in value)
    )


class _BlockDumper(yaml.SafeDumper):
    """Nested lists indented under their key (`commitments:` then `  - …`), the way
    people write them and the demo files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Text with line breaks on one escaped line: PyYAML would otherwise fold it over
    # several lines, and leave NEL/LS/PS raw, which YAML then reads as line breaks.
    style = '"' if any(c in data for c in _LINE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_BlockDumper.add_representer(str, _represent_str)


def _dumpable(value: Any) -> Any:
    """Lists and mappings PyYAML's safe dumper knows; dates stay dates so they are
    written bare (`from: 2025-10-15`), not quoted like text that looks like a date."""
    if isinstance(value, (list, tuple)):
        return [_dumpable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _dumpable(v) for k, v in value.items()}
    return value


def _flow_item(value: Any) -> str:
    """One item of a flow list: `,`, `[`, `]`, `{`, `}` end a plain scalar there, so
    PyYAML (which knows the flow rules) decides the quoting."""
    if not isinstance(value, str) or any(c in value for c in _LINE_BREAKS):
        return yaml_scalar(value)
    dumped: str = yaml.safe_dump([value], allow_unicode=True, width=1_000_000,
                                 default_flow_style=True)
    return dumped.rstrip("\n")[1:-1]


def _render_value(value: Any, newline: str) -> str:
    """Text that follows `key:` — ` scalar`, ` [a, b]` or a block on the next lines."""
    if isinstance(value, (list, tuple)) and _is_flat(value):
        return " [" + ", ".join(_flow_item(v) for v in value) + "]"
    if isinstance(value, (list, tuple, Mapping)):
        block = yaml.dump(_dumpable(value), Dumper=_BlockDumper, allow_unicode=True,
                          width=1_000_000, default_flow_style=False, sort_keys=False,
                          indent=2)
        lines = block.rstrip("\n").split("\n")
        return newline + newline.join("  " + line for line in lines)
    return " " + yaml_scalar(value)


def _trim_trailing_comments(text: str, start: int, end: int) -> int:
    """Move `end` back over whole comment or blank lines that YAML attached to a block."""
    while end > start:
        prev_nl = text.rfind("\n", start, end - 1)
        line_start = prev_nl + 1 if prev_nl >= 0 else start
        line = text[line_start:end].strip()
        if line and not line.startswith("#"):
            break
        if line_start <= start:
            break
        end = line_start
    return end


def set_fields(text: str, changes: Mapping[str, Any]) -> str:
    """Return `text` with the top-level front-matter keys in `changes` set (or removed
    with DELETE); every other character is kept."""
    for key in changes:
        if not key or not isinstance(key, str) or any(c in key for c in ":#\n\r{}[],&*!|>'\"%@`"):
            raise SpliceError(_("invalid key `{key}`").format(key=key))
    parts = split(text)
    fm = parts.front_matter(text)
    newline = "\r\n" if text[: parts.fm_start].endswith("\r\n") else "\n"
    try:
        check_depth(fm)  # a deep text would crash the C composer below
        root = yaml.compose(fm, Loader=FrontMatterLoader)  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        raise SpliceError(_("the front matter cannot be read: {error}").format(error=exc)) from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise SpliceError(_("the front matter is not a mapping"))
    nodes = {k.value: (k, v) for k, v in (root.value if root is not None else [])}
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in fm offsets
    additions: list[str] = []
    for key, value in changes.items():
        if key in nodes:
            knode, vnode = nodes[key]
            if value is DELETE:
                line_start = fm.rfind("\n", 0, knode.start_mark.index) + 1
                end = _trim_trailing_comments(fm, vnode.start_mark.index, vnode.end_mark.index)
                line_end = fm.find("\n", end - 1 if end > line_start and fm[end - 1] == "\n"
                                   else end)
                edits.append((line_start, len(fm) if line_end < 0 else line_end + 1, ""))
                continue
            simple_old = isinstance(vnode, yaml.ScalarNode) and vnode.style in (None, "", "'", '"')
            if simple_old and _is_flat(value) and not isinstance(value, (list, tuple)):
                if vnode.start_mark.index == vnode.end_mark.index:  # `key:` with no value
                    edits.append((vnode.start_mark.index, vnode.end_mark.index,
                                  (" " if fm[vnode.start_mark.index - 1] == ":" else "")
                                  + yaml_scalar(value)))
                else:
                    edits.append((vnode.start_mark.index, vnode.end_mark.index,
                                  yaml_scalar(value)))
            elif isinstance(vnode, yaml.SequenceNode) and vnode.flow_style and _is_flat(value):
                edits.append((vnode.start_mark.index, vnode.end_mark.index,
                              _render_value(value, newline).lstrip(" ")))
            else:
                # Replace from just after `key` (the colon included) to the value's end.
                colon = fm.find(":", knode.end_mark.index)
                end = _trim_trailing_comments(fm, vnode.start_mark.index, vnode.end_mark.index)
                if end > 0 and fm[end - 1] == "\n":
                    end -= 1
                    if end > 0 and fm[end - 1] == "\r":
                        end -= 1
                edits.append((colon + 1, end, _render_value(value, newline)))
        elif value is not DELETE:
            additions.append(key + ":" + _render_value(value, newline) + newline)
    new_fm = fm
    for start, end, replacement in sorted(edits, reverse=True):
        new_fm = new_fm[:start] + replacement + new_fm[end:]
    new_fm += "".join(additions)
    result = text[: parts.fm_start] + new_fm + text[parts.fm_end:]
    _verify(fm, new_fm, changes)
    return result


def _verify(old_fm: str, new_fm: str, changes: Mapping[str, Any]) -> None:
    """Re-read the edited front matter: asked keys hold the new values, others are equal."""
    try:
        before = load_mapping(old_fm, 2)
        after = load_mapping(new_fm, 2)
    except FrontMatterError as exc:
        raise SpliceError(_("the edit would break the front matter: {error}")
                          .format(error=exc.message)) from None
    for key in set(before) | set(after):
        if key in changes:
            wanted = changes[key]
            if wanted is DELETE:
                ok = key not in after
            else:
                ok = after.get(key) == as_loaded(wanted)
        else:
            ok = before.get(key) == after.get(key)
        if not ok:
            raise SpliceError(_("the edit of `{key}` did not read back as intended; nothing "
                                "was written").format(key=key))
