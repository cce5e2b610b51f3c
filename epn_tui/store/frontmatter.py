"""Split a convention file into front matter and body, and read the front matter safely.

The front matter sits between a first line `---` and the next line that is exactly
`---`; a later `---` is a thematic break of the body. YAML is read with PyYAML's C safe
loader (the fast one) with the timestamp resolver removed, so dates stay strings and
are validated strictly (`2025-02-30` is a clear problem, not a loader crash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from epn_tui.i18n import N_, _

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterLoader(_BaseLoader):
    """Safe loading; ISO dates stay text so the validator reads them strictly."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers)
    for first, resolvers in FrontMatterLoader.yaml_implicit_resolvers.items()
}
assert None not in _IMPLICIT  # no wildcard resolvers, so the fast path below is exact


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """PyYAML's Resolver.resolve without path resolvers (we register none): the same
    tags, for a fraction of the cost on 10,000 front matters."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return "tag:yaml.org,2002:str"
    if kind is yaml.SequenceNode:
        return "tag:yaml.org,2002:seq"
    return "tag:yaml.org,2002:map"


FrontMatterLoader.resolve = _resolve

_CLOSE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
# `<<<<<<<` and `>>>>>>>` lines only: a line `=======` alone is a Markdown heading
# underline, and a real conflict always has the other two.
_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |\r?$)", re.MULTILINE)
BOM = "\ufeff"


# libyaml's words for the usual mistakes, translated; rarer ones are shown as it says them.
YAML_PROBLEMS = frozenset({
    N_("mapping values are not allowed in this context"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("could not find expected ':'"),
    N_("found character that cannot start any token"),
    N_("found unknown escape character"),
    N_("found undefined alias"),
    N_("found unexpected end of stream"),
    N_("found duplicate %YAML directive"),
})


# libyaml's own nesting limit (1,000 levels, in PyYAML 6.0.4's wheels): past ours, so
# it is said in our words, with our limit, whatever libyaml version reads the text.
LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def yaml_problem(text: str | None) -> str:
    """libyaml's description of an error, in the interface language when known."""
    if not text:
        return _("syntax error")
    if text == LIBYAML_TOO_DEEP:
        return _too_deep()
    return _(text) if text in YAML_PROBLEMS else text


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Split:
    """Offsets are indices into the decoded text (BOM included)."""

    fm_start: int  # first character of the front matter's first line
    fm_end: int  # index of the closing `---` line
    body_start: int
    fm_line: int  # 1-based line number of the front matter's first line (2)
    body_line: int

    def front_matter(self, text: str) -> str:
        return text[self.fm_start:self.fm_end]


def decode(data: bytes) -> str:
    """UTF-8 text; raises FrontMatterError with the line of the first bad byte."""
    if b"\x00" in data[:8192]:
        raise FrontMatterError(1, _("binary file, not a Markdown convention; move it out of "
                                    "the workspace or rename it"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FrontMatterError(line, _("not valid UTF-8 text (byte {pos}); save the file as "
                                       "UTF-8").format(pos=exc.start)) from None


def split(text: str) -> Split:
    start = 1 if text.startswith(BOM) else 0
    if not text or text.isspace():  # not strip(): that copies the whole text
        raise FrontMatterError(1, _("empty file; a convention starts with a `---` line, its "
                                    "fields, and another `---` line"))
    first_nl = text.find("\n", start)
    first_line = text[start:first_nl if first_nl >= 0 else len(text)].rstrip("\r").rstrip()
    if first_line != "---":
        raise FrontMatterError(1, _("no front matter: the first line must be `---`"))
    if first_nl < 0:
        raise FrontMatterError(1, _("the front matter is never closed: add a line `---` "
                                    "after the fields"))
    fm_start = first_nl + 1
    close = _find_close(text, fm_start)
    if close is None:
        raise FrontMatterError(1, _("the front matter is never closed: add a line `---` "
                                    "after the fields"))
    fm_end, close_end = close
    nl = text.find("\n", close_end)
    body_start = len(text) if nl < 0 else nl + 1
    fm_lines = text.count("\n", fm_start, fm_end)
    return Split(fm_start, fm_end, body_start, 2, 2 + fm_lines + 1)


def _find_close(text: str, start: int) -> tuple[int, int] | None:
    """(start, end) of the first line at or after `start` that is exactly `---`
    (trailing blanks and CR allowed)."""
    pos = start
    while True:
        if text.startswith("---", pos):
            match = _CLOSE.match(text, pos)
            if match is not None:
                return match.start(), match.end()
        nl = text.find("\n---", pos)
        if nl < 0:
            return None
        pos = nl + 1


def find_conflict(text: str) -> int | None:
    """1-based line of a git conflict marker, if any."""
    # Substring tests are much faster than the multiline regex on every file.
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return None
    match = _CONFLICT.search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# More nodes than any real front matter has: stops alias bombs ("billion laughs").
MAX_NODES = 20_000
# Deeper than any real front matter; libyaml's composer recurses in C and crashes the
# process (no RecursionError) somewhere past 20,000 levels.
MAX_DEPTH = 100
# Each level opens with one of these characters, so a text with fewer of them cannot
# be deeper than that: only big front matters pay for the event scan below.
_LEVEL_CHARS = "[{-:?"
_SCAN_ABOVE = 1000


class _TooBig(Exception):
    pass


def check_depth(text: str, force: bool = False) -> None:
    """Raise a MarkedYAMLError at the first value nested deeper than MAX_DEPTH.

    Reads the event stream (libyaml's parser is iterative, unlike its composer); run it
    before anything composes a text that may be deep.
    """
    if not force and sum(text.count(c) for c in _LEVEL_CHARS) <= _SCAN_ABOVE:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=FrontMatterLoader):  # noqa: S506 - events only
            kind = type(event)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    mark: Any = event.start_mark  # the C parser's Mark, same fields
                    raise yaml.constructor.ConstructorError(None, None, _too_deep(), mark)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml's scanner reads up to 1,024 characters ahead, so on a line of `[[[…`
        # its own limit can stop it before our count sees level 101.
        if exc.problem != LIBYAML_TOO_DEEP:
            raise
        raise yaml.constructor.ConstructorError(
            None, None, _too_deep(), exc.problem_mark) from None


def _too_deep() -> str:
    return _("values nested more than {n} levels deep").format(n=MAX_DEPTH)


def _construct(loader: Any, node: yaml.Node, budget: list[int]) -> Any:
    """Plain Python values from composed nodes.

    PyYAML's generic constructor costs more than parsing itself (it tracks recursion
    and anchors for every node); front matters are plain trees of mappings, lists and
    scalars, so strings are taken as they are and other scalars go through the safe
    constructor. Aliases are expanded, within MAX_NODES.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == _STR_TAG:
            return node.value
        return loader.construct_object(node, deep=True)
    if kind is yaml.MappingNode:
        out: dict[Any, Any] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                _merge_into(merged, loader, value_node, budget)
                continue
            # A key is the text written: `on:`, `no:`, `2025:` or `null:` are names here,
            # not YAML 1.1 booleans, numbers or null.
            key = key_node.value if type(key_node) is yaml.ScalarNode else \
                _construct(loader, key_node, budget)
            if key in out:
                # YAML would keep the later value silently; after a hasty merge
                # resolution the two often disagree (two `end:` dates…).
                raise yaml.constructor.ConstructorError(
                    None, None, _("key `{key}` appears twice; keep only one")
                    .format(key=key), key_node.start_mark)
            out[key] = _construct(loader, value_node, budget)
        return {**merged, **out} if merged else out
    if kind is yaml.SequenceNode:
        return [_construct(loader, item, budget) for item in node.value]
    return loader.construct_object(node, deep=True)


def _merge_into(merged: dict[Any, Any], loader: Any, node: yaml.Node, budget: list[int]
                ) -> None:
    """`<<: *base` or `<<: [*a, *b]`: keys not set yet (the earlier source wins, and
    the mapping's own keys win over all), within the same node budget."""
    sources = node.value if type(node) is yaml.SequenceNode else [node]
    for source in sources:
        value = _construct(loader, source, budget)
        if not isinstance(value, dict):
            raise yaml.constructor.ConstructorError(
                None, None, "`<<` must merge a mapping", source.start_mark)
        for key, item in value.items():
            merged.setdefault(key, item)


def load_yaml(text: str) -> Any:
    """Safe-load one YAML document (front matter or epn.yaml)."""
    check_depth(text)
    loader = FrontMatterLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _construct(loader, node, [MAX_NODES])
        except RecursionError:
            check_depth(text, force=True)  # raises the clear error with its line
            raise
    finally:
        loader.dispose()


def load_mapping(fm_text: str, fm_line: int) -> dict[str, Any]:
    """The front matter as a mapping; FrontMatterError with the file line otherwise."""
    try:
        data = load_yaml(fm_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = fm_line + (mark.line if mark is not None else 0)
        what = yaml_problem(exc.problem or exc.context)
        raise FrontMatterError(line, _("YAML error: {what}; check indentation, `:` and "
                                       "quotes").format(what=what)) from None
    except _TooBig:
        raise FrontMatterError(fm_line, _("the front matter is too large (too many values or "
                                          "aliases)")) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise FrontMatterError(fm_line, _("YAML error: {what}").format(what=exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(fm_line, _(
            "the front matter must be `key: value` lines, not a list")
            if isinstance(data, list) else _(
            "the front matter must be `key: value` lines, not a single value"))
    bad = [k for k in data if not isinstance(k, str)]
    for key in bad:
        # A key merged in with `<<` may still be a number: keep it under its text.
        data[str(key)] = data.pop(key)
    return data


def locator(fm_text: str, fm_line: int):  # type: ignore[no-untyped-def]
    """A function giving the file line of a key path such as ("parties", 1, "partner").

    Composes the YAML (with marks) only the first time it is asked, which only happens
    when a problem is reported.
    """
    cache: dict[str, Any] = {}

    def root() -> yaml.Node | None:
        if "root" not in cache:
            try:
                check_depth(fm_text)
                cache["root"] = yaml.compose(fm_text, Loader=FrontMatterLoader)  # noqa: S506
            except (yaml.YAMLError, ValueError, RecursionError):
                cache["root"] = None
        node: yaml.Node | None = cache["root"]
        return node

    def locate(path: tuple[str | int, ...]) -> int:
        node = root()
        line = 0
        for step in path:
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                # The last one: with a key written twice, YAML keeps the later value.
                found = [(k, v) for k, v in node.value if k.value == step]
                if not found:
                    break
                line = found[-1][0].start_mark.line
                node = found[-1][1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line
            else:
                break
        return fm_line + line

    return locate
