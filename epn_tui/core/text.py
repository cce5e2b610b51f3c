"""User text on its way to a terminal: data, never control sequences.

Three treatments, by what the text is:
- prose (titles, messages): `strip_controls` / `one_line` remove what would drive the
  terminal; `one_line` also folds line breaks, for outputs promised one line per item;
- names the user must find again (paths, ids): `escape_controls` writes each control
  character as an escape (`\\n`, `\\x1b`, `\\u202e`), so `a<newline>b.md` shows as
  `a\\nb.md` on one line, not as two lines where the second could pass for a report;
- JSON: `json_escapes` writes as `\\uXXXX` what `json.dumps` leaves raw.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (ESC, CSI… would drive the terminal),
# and the bidi overrides that can make text read differently from what it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile(r"[\r\n\t]+")
# What a name must not carry raw: every C0 control (tab and line breaks too), DEL, C1,
# the bidi controls (embeddings, overrides, isolates, and the marks LRM, RLM, ALM), the
# Unicode line and paragraph separators, and lone surrogates (a file name that is not
# UTF-8 comes as U+DC80–U+DCFF, written back to the terminal as the raw byte: 0x9B is
# a C1 CSI).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     r"\u2066-\u2069\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw among those (it escapes C0 itself).
_JSON_RAW = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                       r"\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", str(text))


def one_line(text: str) -> str:
    """Control characters removed and line breaks folded to spaces."""
    return _CONTROL.sub("", _NEWLINES.sub(" ", str(text)))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """A path or an id as something to read and type back: each control character
    (line breaks and tabs included), each bidi control and each byte that is not UTF-8
    as an escape, `\\n`, `\\t`, `\\x1b`, `\\u202e`, `\\xff`. Everything else is kept,
    backslashes included (they separate folders on Windows)."""
    text = str(text)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def json_escapes(json_text: str) -> str:
    """JSON text with DEL, the C1 controls, the bidi controls and the line and paragraph
    separators as `\\uXXXX` escapes: the same data once decoded, and nothing on the
    terminal that drives it or reorders the text (`json.dumps(…, ensure_ascii=False)`
    escapes only C0). Such characters only ever occur inside JSON strings."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
