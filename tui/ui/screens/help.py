"""The keys: every view's, from the bindings registry (the keymap in force applied), then
the filter language, taken from :mod:`tui.core.search` itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

import tui.core.search
from tui.core.bindings import KEYS, VIEWS
from tui.ui.keys import binding, key_for, keys_for

if TYPE_CHECKING:
    from textual.app import App


@dataclass(slots=True)
class KeySection:
    """A titled list of (keys, description) rows."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


def key_sections(app: App | None) -> list[KeySection]:
    """Every key of every view, grouped by view, from the bindings registry (the keymap in
    force applied)."""
    sections = {view: KeySection(view) for view in VIEWS}
    for key in KEYS.values():
        if not key.keys:
            continue
        shown = keys_for(app, key.id)
        for view in key.views:
            sections[view].rows.append((shown, key.help))
    return [section for section in sections.values() if section.rows]


def filter_language(key: str = "/") -> str:
    """The filter language summary of :mod:`tui.core.search`, as Markdown."""
    doc = tui.core.search.__doc__ or ""
    start = doc.find("Filter language")
    end = doc.find("\n\nA token")
    text = doc[start : end if end > start else None].strip()
    text = re.sub(r"``(.+?)``", r"`\1`", text)
    return re.sub(r"^Filter language \((.*?)\):", f"Press {key} and type a filter (\\1):", text)


def section_content(section: KeySection, width: int) -> Content:
    """The rows, the keys right-aligned in a column ``width`` cells wide."""
    lines = []
    for keys, description in section.rows:
        lines.append(Content.assemble((f"{keys:>{width}}", "bold $text-accent"), "  ", description))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key of every view, grouped by view, then the filter language."""

    HELP_TITLE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("help.close", "close"),
    ]

    def __init__(self, sections: list[KeySection]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            close, palette = (
                key_for(self.app, "help.close"),
                key_for(self.app, "app.command_palette"),
            )
            yield Label(
                f"podtui keys   ({close} closes; {palette} lists every command)", id="help-title"
            )
            width = max((len(keys) for s in self._sections for keys, _ in s.rows), default=1)
            with VerticalScroll(id="help-body"):
                for section in self._sections:
                    yield Label(Content(section.title), classes="help-section")
                    yield Static(section_content(section, width), classes="help-keys")
                yield Label("Filter", classes="help-section")
                yield Markdown(
                    filter_language(key_for(self.app, "episodes.filter")), id="help-filter"
                )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
