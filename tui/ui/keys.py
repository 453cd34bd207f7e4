"""The app's key bindings, made from the registry (:mod:`tui.core.bindings`).

The ``BINDINGS`` of every screen and widget are made here (:func:`binding`), and every
hint that names a key asks :func:`key_for`, which follows the keymap in force.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from tui.core.bindings import KEYS

if TYPE_CHECKING:
    from textual.app import App


def binding(
    binding_id: str,
    action: str,
    *,
    label: str | None = None,
    show: bool = True,
    priority: bool = False,
    keys: str | None = None,
) -> Binding:
    """The Binding of ``binding_id`` for ``action`` (its default keys from the registry)."""
    key = KEYS[binding_id]
    return Binding(
        keys or key.keys,
        action,
        label or key.label,
        show=show,
        priority=priority,
        id=binding_id,
        tooltip=key.help,
    )


_NAMES = {
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "delete": "Delete",
    "backspace": "Backspace",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "tab": "Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "ctrl": "Ctrl",
    "shift": "Shift",
    "alt": "Alt",
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "minus": "-",
    "plus": "+",
    "equals_sign": "=",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "comma": ",",
    "full_stop": ".",
}


def key_name(key: str) -> str:
    """One key as people write it: ``ctrl+n`` is ``Ctrl+N``, ``escape`` ``Esc``,
    ``left_square_bracket`` ``[``, ``shift+up`` ``Shift+↑``."""
    parts = key.strip().split("+")
    names = [_NAMES.get(part, part) for part in parts]
    if len(parts) > 1 and len(names[-1]) == 1:
        names[-1] = names[-1].upper()
    if len(names[-1]) > 1 and names[-1] == parts[-1]:
        names[-1] = names[-1].capitalize() if not names[-1][1:].isdigit() else names[-1].upper()
    return "+".join(names)


def key_names(keys: str) -> list[str]:
    """The keys of a key list, named; ``shift+x`` is left out beside ``X`` (one key)."""
    given = [key.strip() for key in keys.split(",") if key.strip()]
    shown: list[str] = []
    for key in given:
        if key.startswith("shift+") and len(key) == 7 and key[-1].upper() in given:
            continue
        name = key_name(key)
        if name not in shown:
            shown.append(name)
    return shown


def keys_in_force(app: App | None, binding_id: str) -> str:
    """The key list of ``binding_id``: the app's keymap's, else the default."""
    keymap = getattr(app, "keymap", None) or {}
    return keymap.get(binding_id) or KEYS[binding_id].keys


def key_for(app: App | None, binding_id: str) -> str:
    """The key to name in a hint for ``binding_id`` (the keymap in force followed)."""
    names = key_names(keys_in_force(app, binding_id))
    return names[0] if names else ""


def keys_for(app: App | None, binding_id: str, separator: str = " ") -> str:
    """Every key of ``binding_id`` in force, named (a run of digits as ``1–9``)."""
    names = key_names(keys_in_force(app, binding_id))
    if len(names) > 2 and all(name.isdigit() and len(name) == 1 for name in names):
        return f"{names[0]}–{names[-1]}"
    return separator.join(names)
