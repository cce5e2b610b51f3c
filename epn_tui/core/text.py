"""User text on its way to a terminal: data, never control sequences."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (ESC, CSI… would drive the terminal),
# and the bidi overrides that can make text read differently from what it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile(r"[\r\n\t]+")


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", str(text))


def one_line(text: str) -> str:
    """Control characters removed and line breaks folded to spaces."""
    return _CONTROL.sub("", _NEWLINES.sub(" ", str(text)))
