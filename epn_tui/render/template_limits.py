"""Caps on what one step of a convention's Jinja template may produce (the first line of
defence against a hostile body; the second is render.bounded's limited child).

A template from a shared repository can ask Python for a huge string in one call:
`{{ ''|center(200000000) }}`, `{{ range(200)|join('x' * 999999) }}`,
`{{ '%200000000s'|format(1) }}`, `'{:>200000000}'.format(1)`, `|indent(200000000)`,
`|wordwrap(1, wrapstring=…)`, `'a'.replace('', …)`, `|batch(200000000, 'x')`,
`lipsum(100000)`. Each is checked *before* Python computes it: a width past MAX_WIDTH
(a printed line holds ~100 characters) or a result past MAX_ITEMS characters (or
items) is a `TemplateLimitError`, which the template's file line accompanies.
"""

from __future__ import annotations

import functools
import re
import string
import threading
from collections.abc import Callable
from typing import Any

from epn_tui.i18n import _

MAX_ITEMS = 1_000_000   # characters of a string (or items of a list) one step makes
MAX_WIDTH = 10_000      # a width, an indent, a padding, a precision
MAX_LIPSUM = 100        # paragraphs of lipsum()
# Characters all the checked steps of one rendering may make together: a loop keeping
# each long string (`{% set ns.l = ns.l + ['x' * 999999] %}`) stops at ~20 MB, where
# each step alone is allowed. A real convention makes well under 1 MB.
MAX_BUDGET = 20_000_000

_spent = threading.local()


def start_budget() -> None:
    """A new rendering begins (render_body): nothing spent yet, in this thread."""
    _spent.total = 0


def result(what: str, size: int) -> None:
    """A step is about to make `size` characters (or items): refused past MAX_ITEMS,
    or past MAX_BUDGET for the whole rendering."""
    if size > MAX_ITEMS:
        raise _too_long(what)
    total = getattr(_spent, "total", 0) + max(size, 0)
    _spent.total = total
    if total > MAX_BUDGET:
        raise TemplateLimitError(_("the template makes too much text (over {n} characters "
                                   "in all)").format(n=MAX_BUDGET))


class TemplateLimitError(Exception):
    """A template asked for more than a document needs."""


def _too_long(what: str) -> TemplateLimitError:
    return TemplateLimitError(_("`{what}`: the result would be too long").format(what=what))


def _too_wide(what: str) -> TemplateLimitError:
    return TemplateLimitError(_("`{what}`: the width is too large (at most {n})")
                              .format(what=what, n=MAX_WIDTH))


def _width(what: str, value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise _too_wide(what)
    if isinstance(value, str) and len(value) > MAX_WIDTH:  # `indent("xxxx…")`
        raise _too_wide(what)
    if isinstance(value, int) and not isinstance(value, bool):
        result(what, abs(value))


def _length(value: Any) -> int:
    """The length of a value's text, without making the text of a container (whose
    items are counted instead: check_printable)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return check_printable(value)
    try:
        return len(str(value))
    except Exception:  # noqa: BLE001 - an odd object: its text is counted by Jinja later
        return 0


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _ints(values: Any) -> list[int]:
    items = values.values() if isinstance(values, dict) else (
        values if isinstance(values, (list, tuple)) else [values])
    return [v for v in items if isinstance(v, int) and not isinstance(v, bool)]


def check_percent(fmt: Any, args: Any) -> None:
    """`'%200000000s' % x`, `'%.99999999f' % x`, `'%*s' % (n, x)`."""
    if not isinstance(fmt, str) or "%" not in fmt:
        return
    _length(args)
    for m in _PERCENT_SPEC.finditer(fmt):
        for group in m.groups():
            if group == "*":
                for n in _ints(args):
                    _width("%", n)
            elif group is not None:
                _width("%", int(group) if len(group) < 12 else MAX_WIDTH + 1)


def check_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """`'{:>200000000}'.format(x)`, `'{:{}}'.format(x, 200000000)`."""
    _length(list(args) + list(kwargs.values()))
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # Python refuses it itself
    for _text, _field, spec, _conv in parsed:
        if not spec:
            continue
        for digits in _DIGITS.findall(spec):
            _width("format", int(digits) if len(digits) < 12 else MAX_WIDTH + 1)
        if "{" in spec:  # a nested field: the width comes from the arguments
            for n in _ints(list(args) + list(kwargs.values())):
                _width("format", n)


def check_join(separator: Any, items: list[Any], what: str = "join") -> None:
    total = sum(_length(item) for item in items)
    total += _length(separator) * max(len(items) - 1, 0)
    result(what, total)


def check_replace(text: Any, old: Any, new: Any, count: Any = None) -> None:
    if not isinstance(text, str):
        text = str(text)
    old, new = str(old), str(new)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    result("replace", len(text) + found * (len(new) - len(old)))


def check_sum(operator: str, left: Any, right: Any) -> None:
    """`+` of two strings or lists."""
    if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        result(operator, len(left) + len(right))


def concat(values: tuple[Any, ...]) -> str:
    """`a ~ b ~ c`, as Jinja does it (each value as text), checked first."""
    for v in values:
        if not isinstance(v, str):
            _length(v)
    texts = [str(v) for v in values]
    result("~", sum(len(t) for t in texts))
    return "".join(texts)


def check_printable(value: Any) -> int:
    """A list or mapping about to be printed (`{{ ns.l }}`): its text could be
    exponential in its size (`[l, l]` nested forty times), so its items are counted
    first, shared ones as often as they print."""
    seen = 0
    stack = [value]
    while stack:
        item = stack.pop()
        seen += 1
        if seen > MAX_ITEMS // 4:
            raise _too_long("print")
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif isinstance(item, str):
            seen += len(item) // 4
    return seen * 4


def check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
               ) -> tuple[Any, ...]:
    """A method called from the template (`'x'.center(n)`): checked; returns the
    arguments to call it with (an iterator given to `join` is read once, here)."""
    # `'{}'.format` reaches here as the sandbox's wrapper of the bound method.
    target = getattr(obj, "__wrapped__", obj)
    owner = getattr(target, "__self__", None)
    if not isinstance(owner, str):
        return args
    name = getattr(target, "__name__", "")
    if name in ("center", "ljust", "rjust", "zfill"):
        _width(name, args[0] if args else kwargs.get("width"))
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        _width(name, size)
        if isinstance(size, int):
            result(name, owner.count("\t") * size + len(owner))
    elif name == "join" and args:
        items = list(args[0]) if not isinstance(args[0], str) else list(args[0])
        check_join(owner, items)
        args = (items, *args[1:])
    elif name == "replace" and len(args) >= 2:
        check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count"))
    elif name in ("format", "format_map"):
        values = args[0] if name == "format_map" and args else kwargs
        check_format(owner, args if name == "format" else (),
                     values if isinstance(values, dict) else {})
    return args


# Jinja's own filters, bounded -------------------------------------------------------------
def _wrap(original: Callable[..., Any], check: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)  # keeps jinja's pass_eval_context/pass_environment mark
    def bounded(*args: Any, **kwargs: Any) -> Any:
        args = check(*args, **kwargs) or args
        return original(*args, **kwargs)

    return bounded


def bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Replacements for the filters that can make a huge text from a small template."""
    out: dict[str, Callable[..., Any]] = {}

    def arg(args: tuple[Any, ...], kwargs: dict[str, Any], i: int, name: str,
            default: Any = None) -> Any:
        return args[i] if len(args) > i else kwargs.get(name, default)

    def center(*args: Any, **kwargs: Any) -> None:
        _width("center", arg(args, kwargs, 1, "width"))

    def indent(*args: Any, **kwargs: Any) -> None:
        text, width = arg(args, kwargs, 0, "s", ""), arg(args, kwargs, 1, "width", 4)
        _width("indent", width)
        step = width if isinstance(width, int) else _length(width)
        result("indent", _length(text) + (str(text).count("\n") + 1) * step)

    def wordwrap(*args: Any, **kwargs: Any) -> None:  # (environment, s, width, …)
        text, width = arg(args, kwargs, 1, "s", ""), arg(args, kwargs, 2, "width", 79)
        wrap = arg(args, kwargs, 4, "wrapstring", "\n") or "\n"
        if isinstance(width, int):
            lines = _length(text) // max(width, 1) + 1
            result("wordwrap", _length(text) + lines * _length(wrap))

    def format_filter(*args: Any, **kwargs: Any) -> None:
        fmt = args[0] if args else ""
        check_percent(str(fmt), kwargs or args[1:])

    def join(*args: Any, **kwargs: Any) -> tuple[Any, ...] | None:  # (eval_ctx, value, d)
        if len(args) < 2:
            return None
        items = list(args[1])
        check_join(arg(args, kwargs, 2, "d", ""), items)
        return (args[0], items, *args[2:])

    def replace(*args: Any, **kwargs: Any) -> None:  # (eval_ctx, s, old, new, count)
        if len(args) >= 4:
            check_replace(args[1], args[2], args[3], arg(args, kwargs, 4, "count"))

    def batch(*args: Any, **kwargs: Any) -> None:
        _width("batch", arg(args, kwargs, 1, "linecount"))

    def slice_filter(*args: Any, **kwargs: Any) -> None:
        _width("slice", arg(args, kwargs, 1, "slices"))

    def tojson(*args: Any, **kwargs: Any) -> None:  # (eval_ctx, value, indent)
        _width("tojson", arg(args, kwargs, 2, "indent"))

    def sum_filter(*args: Any, **kwargs: Any) -> tuple[Any, ...] | None:
        # (environment, iterable, attribute, start): lists or strings added up
        start = arg(args, kwargs, 3, "start", 0)
        if len(args) < 2 or not isinstance(start, (list, tuple, str)):
            return None
        items = list(args[1])
        check_join("", [start, *items], "sum")
        return (args[0], items, *args[2:])

    checks: dict[str, Callable[..., Any]] = {
        "center": center, "indent": indent, "wordwrap": wordwrap, "format": format_filter,
        "join": join, "replace": replace, "batch": batch, "slice": slice_filter,
        "tojson": tojson, "sum": sum_filter,
    }
    for name, check in checks.items():
        if name in filters:
            out[name] = _wrap(filters[name], check)
    for name, original in filters.items():  # `ns.l|string`, `|upper`, `|tojson`…
        out[name] = _wrap(out.get(name, original), _containers)
    return out


def _containers(*args: Any, **kwargs: Any) -> None:
    """Any filter given a list or mapping: its size counted before it becomes text."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, (list, tuple, dict, set, frozenset)):
            check_printable(value)


def bounded_lipsum(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100  # noqa: A002
               ) -> Any:
        for value in (n, min, max):
            if isinstance(value, int) and value > MAX_LIPSUM:
                raise _too_long("lipsum")
        return original(n, html, min, max)

    return lipsum
