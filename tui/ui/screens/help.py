"""The keys: generated from the bindings in force (the keymap applied), then the filter
language, taken from :mod:`tui.core.search` itself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType, Keymap
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Markdown, Static

import tui.core.search

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

# Titles for nodes that do not name themselves with HELP_TITLE.
_TITLES = {
    "EpisodeTable": "Episode list",
    "EpisodeBrowser": "Episode filter",
    "Input": "Text field",
    "OptionList": "List",
}
KEY_WIDTH = 14


@dataclass(slots=True)
class KeySection:
    """A titled list of (keys, description) rows."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


def help_title(node_or_class: object) -> str:
    cls = node_or_class if isinstance(node_or_class, type) else type(node_or_class)
    title = getattr(cls, "HELP_TITLE", None)
    if title:
        return title
    for base in cls.__mro__:
        if base.__name__ in _TITLES:
            return _TITLES[base.__name__]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls.__name__).capitalize()


def class_bindings(cls: type) -> list[Binding]:
    """The bindings a class declares itself (not those of its base classes)."""
    declared: list[BindingType] = list(cls.__dict__.get("BINDINGS", []))
    return list(Binding.make_bindings(declared))


def hierarchy_bindings(cls: type, keymap: Keymap) -> list[Binding]:
    """Every binding of a class as its hierarchy declares them, the keymap applied; a key
    bound again by a subclass keeps only the subclass's binding."""
    merged = BindingsMap()
    for base in reversed(cls.__mro__):
        for binding in class_bindings(base):
            merged.key_to_bindings[binding.key] = [binding]
    if keymap:
        merged.apply_keymap(keymap)
    return [binding for _, binding in merged]


_HORIZONTAL = {"scroll_left", "scroll_right", "page_left", "page_right"}
_VERTICAL = {"scroll_up", "scroll_down", "page_up", "page_down", "scroll_home", "scroll_end"}


def _inert(node: DOMNode, action: str) -> bool:
    """A scroll binding of a widget that cannot scroll that way passes the key on."""
    if action in _HORIZONTAL:
        return not getattr(node, "allow_horizontal_scroll", True)
    if action in _VERTICAL:
        return not getattr(node, "allow_vertical_scroll", True)
    return False


def _rows(app: App, bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """One row per action: every key bound to it, then its description."""
    keys: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        shown = app.get_key_display(binding)
        found = keys.setdefault((binding.action, binding.description), [])
        if shown not in found:
            found.append(shown)
    return [(" ".join(shown), description) for (_, description), shown in keys.items()]


def key_sections(screen: Screen, extra: Iterable[type] = ()) -> list[KeySection]:
    """What each key does on ``screen`` now: a section per node of the focused widget's
    chain (innermost first, each key where it takes effect), then the keys of the
    ``extra`` classes that are not in that chain (the other panes)."""
    app = screen.app
    keymap: Keymap = getattr(app, "keymap", {})
    focused = screen.focused
    chain: list[DOMNode] = list(focused.ancestors_with_self) if focused else [screen, app]
    taken: set[str] = set()
    found: list[tuple[DOMNode, list[Binding]]] = []
    for depth, node in enumerate(chain):
        inner = chain[:depth]
        usable = []
        for binding in hierarchy_bindings(type(node), keymap):
            key = binding.key
            if not binding.description or binding.system or _inert(node, binding.action):
                continue
            if key in taken and not binding.priority:
                continue
            if any(n.check_consume_key(key, key_to_character(key)) for n in inner):
                continue
            if node.check_action(binding.action.split("(", 1)[0], ()) is False:
                continue
            usable.append(binding)
        taken.update(binding.key for binding in usable)
        found.append((node, usable))
    sections = [KeySection(help_title(node), _rows(app, bindings)) for node, bindings in found]
    present = {type(node) for node in chain}
    for cls in extra:
        if cls not in present:
            usable = [
                binding
                for binding in hierarchy_bindings(cls, keymap)
                if binding.description
                and not binding.system
                and binding.action not in _HORIZONTAL | _VERTICAL
                and binding.key not in ("tab", "shift+tab")
            ]
            sections.append(KeySection(help_title(cls), _rows(app, usable)))
    return [section for section in sections if section.rows]


def filter_language() -> str:
    """The filter language summary of :mod:`tui.core.search`, as Markdown."""
    doc = tui.core.search.__doc__ or ""
    start = doc.find("Filter language")
    end = doc.find("\n\nA token")
    text = doc[start : end if end > start else None].strip()
    text = re.sub(r"``(.+?)``", r"`\1`", text)
    return re.sub(r"^Filter language \((.*?)\):", r"Press / and type a filter (\1):", text)


def section_content(section: KeySection) -> Content:
    lines = []
    for keys, description in section.rows:
        lines.append(
            Content.assemble((f"{keys:>{KEY_WIDTH}}", "bold $text-accent"), "  ", description)
        )
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key in force where ``?`` was pressed, other panes' keys, the filter language."""

    HELP_TITLE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[KeySection]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label("podtui keys   (Esc closes; Ctrl+P lists every command)", id="help-title")
            with VerticalScroll(id="help-body"):
                for section in self._sections:
                    yield Label(Content(section.title), classes="help-section")
                    yield Static(section_content(section), classes="help-keys")
                yield Label("Filter", classes="help-section")
                yield Markdown(filter_language(), id="help-filter")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
