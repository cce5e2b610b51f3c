"""Key names as the interface shows them (`Ctrl+S`, `Échap`, `F1`): the key bar and
the help say the same thing."""

from __future__ import annotations

from epn_tui.i18n import N_, _

# Named keys, translated when shown (after the language is chosen).
_NAMED = {
    "question_mark": "?", "slash": "/", "escape": N_("Esc"), "enter": N_("Enter"),
    "delete": N_("Del"), "space": N_("Space"), "ctrl": "Ctrl", "shift": N_("Shift"),
    "tab": "Tab", "up": "↑", "down": "↓", "left": "←", "right": "→",
    "home": N_("Home"), "end": N_("End"), "pageup": N_("PgUp"), "pagedown": N_("PgDn"),
}


def key_name(key: str) -> str:
    """One key: `ctrl+s` → `Ctrl+S`, `escape` → `Échap`, `f1` → `F1`, `n` → `n` (a
    letter alone stays small: `N` would read as Shift+N)."""
    *modifiers, last = key.split("+")
    parts = [_(_NAMED.get(m, m.capitalize())) for m in modifiers]
    named = _NAMED.get(last)
    if named is not None:
        parts.append(_(named) if named.isalpha() else named)
    elif len(last) == 1:
        parts.append(last.upper() if modifiers else last)
    else:
        parts.append(last.upper() if last[:1] == "f" and last[1:].isdigit() else last)
    return "+".join(parts)


def key_text(keys: str) -> str:
    """Keys of one binding (`slash,ctrl+f`): `/, Ctrl+F`."""
    return ", ".join(key_name(key) for key in keys.split(","))
