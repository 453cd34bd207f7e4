"""What the config file may name: themes, binding ids and key names, checked without Textual.

``podtui doctor`` uses these to report a theme or a keymap entry the app would not
understand. The lists follow the pinned Textual and the app's bindings; a test compares
them with both.
"""

from __future__ import annotations

import unicodedata

from tui.core.bindings import BINDING_IDS

# Textual's built-in themes (textual.theme.BUILTIN_THEMES).
THEMES = frozenset(
    {
        "ansi-dark",
        "ansi-light",
        "atom-one-dark",
        "atom-one-light",
        "catppuccin-frappe",
        "catppuccin-latte",
        "catppuccin-macchiato",
        "catppuccin-mocha",
        "dracula",
        "flexoki",
        "gruvbox",
        "monokai",
        "nord",
        "rose-pine",
        "rose-pine-dawn",
        "rose-pine-moon",
        "solarized-dark",
        "solarized-light",
        "textual-dark",
        "textual-light",
        "tokyo-night",
    }
)

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})

# Keys a terminal sends that are not characters, as Textual names them.
NAMED_KEYS = frozenset(
    {
        "backspace",
        "ctrl-at",  # Textual's name for ctrl+@
        "delete",
        "down",
        "end",
        "enter",
        "escape",
        "home",
        "insert",
        "left",
        "pagedown",
        "pageup",
        "return",
        "right",
        "space",
        "tab",
        "up",
        *(f"f{number}" for number in range(1, 25)),
    }
)

# Textual's shorter names for some characters (textual.keys.KEY_NAME_REPLACEMENTS).
_SHORT_NAMES = frozenset({"slash", "backslash", "at", "minus", "plus", "underscore"})


def key_problem(key: str) -> str | None:
    """Why one key (``ctrl+s``, ``question_mark``, ``G``) is not a key, or None."""
    parts = key.split("+")
    if len(parts) > 1 and parts[-1] == "" and parts[-2] == "":
        parts = [*parts[:-2], "+"]  # "ctrl++"
    *modifiers, base = parts
    for modifier in modifiers:
        if modifier.lower() not in MODIFIERS:
            return f"unknown modifier {modifier!r} in {key!r}"
    if len(base) == 1 and base.isprintable():
        return None
    if base.lower() in NAMED_KEYS or base in _SHORT_NAMES:
        return None
    try:
        unicodedata.lookup(base.replace("_", " "))
    except KeyError:
        return f"unknown key {base!r}" + (f" in {key!r}" if modifiers else "")
    return None


def keys_problem(keys: str) -> str | None:
    """Why a keymap value (keys separated by commas) names a key that does not exist."""
    names = [name.strip() for name in keys.split(",")]
    if not any(names):
        return "no key given"
    for name in names:
        if not name:
            return f"an empty key in {keys!r}"
        problem = key_problem(name)
        if problem:
            return problem
    return None


def keymap_problems(keymap: dict[str, str]) -> list[str]:
    """One line per keymap entry the app would not understand."""
    problems = []
    for binding_id, keys in keymap.items():
        if binding_id not in BINDING_IDS:
            problems.append(
                f"unknown binding id {binding_id!r}{_did_you_mean(binding_id, BINDING_IDS)}"
            )
            continue
        problem = keys_problem(keys)
        if problem:
            problems.append(f"{binding_id}: {problem}")
    return problems


def theme_problem(theme: str | None) -> str | None:
    if theme is None or theme in THEMES:
        return None
    return f"unknown theme {theme!r}{_did_you_mean(theme, THEMES)}"


def _did_you_mean(name: str, known: frozenset[str]) -> str:
    import difflib  # lazy: needed only for a misspelt name

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""
