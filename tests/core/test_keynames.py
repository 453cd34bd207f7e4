"""The names the config may use, checked without Textual, agree with Textual and the app."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

from tui.core.keynames import (
    BINDING_IDS,
    THEMES,
    key_problem,
    keymap_problems,
    keys_problem,
    theme_problem,
)


def test_themes_are_textuals_builtin_themes():
    from textual.theme import BUILTIN_THEMES

    assert set(BUILTIN_THEMES) == THEMES


def test_binding_ids_are_the_apps():
    from textual.binding import Binding

    import tui.ui

    declared = set()
    for info in pkgutil.walk_packages(tui.ui.__path__, "tui.ui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and cls.__module__ == module.__name__:
                for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                    if binding.id:
                        declared.add(binding.id)
    assert declared - BINDING_IDS == set(), "add these ids to tui/core/keynames.py"
    assert BINDING_IDS - declared == set(), "remove these ids from tui/core/keynames.py"


def test_every_textual_key_name_is_accepted():
    from textual.keys import Keys

    for key in Keys:
        if not key.value.startswith("<"):
            assert key_problem(key.value) is None, key.value
    for key in ("q", "G", "?", "question_mark", "full_stop", "ctrl+shift+up", "f12", "space"):
        assert key_problem(key) is None, key


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        ("ctrl+nosuchkey", "unknown key 'nosuchkey' in 'ctrl+nosuchkey'"),
        ("enter,wibble", "unknown key 'wibble'"),
        ("hyperdrive+x", "unknown modifier 'hyperdrive' in 'hyperdrive+x'"),
        ("", "no key given"),
        ("a,,b", "an empty key in 'a,,b'"),
    ],
)
def test_keys_that_do_not_exist(keys, problem):
    assert keys_problem(keys) == problem


def test_keymap_and_theme_problems():
    assert keymap_problems({"queue.show": "Q", "nope": "x", "player.stop": "ctrl+zz"}) == [
        "unknown binding id 'nope'",
        "player.stop: unknown key 'zz' in 'ctrl+zz'",
    ]
    assert theme_problem("nord") is None and theme_problem(None) is None
    assert theme_problem("nrod") == "unknown theme 'nrod' (did you mean 'nord'?)"
    assert theme_problem("mine") == "unknown theme 'mine'"
    assert keymap_problems({"queue.shw": "Q"}) == [
        "unknown binding id 'queue.shw' (did you mean 'queue.show'?)"
    ]
