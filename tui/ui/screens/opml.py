"""OPML import and export from the app: a dialog asks for the file, a worker reads or
writes it (with :mod:`tui.core.feeds.opml`) and subscribes to what it lists."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.core.errors import PodtuiError
from tui.core.feeds.opml import export_opml, parse_opml
from tui.core.models import SourceStatus
from tui.core.subscriptions import add_sources
from tui.core.text import clean_line
from tui.ui.keys import binding, key_for
from tui.ui.messages import LibraryChanged
from tui.ui.services import ServicesScreen

if TYPE_CHECKING:
    pass

EXPORT_NAME = "podtui-subscriptions.opml"


def default_export_path() -> Path:
    """Where an export goes unless the user says otherwise: the home directory."""
    return Path.home() / EXPORT_NAME


class PathDialog(ModalScreen[Path | None]):
    """Asks for a file path. For a file to write, an existing file is only replaced after
    a second Enter on the same path."""

    BINDINGS: ClassVar[list[BindingType]] = [binding("dialog.cancel", "cancel")]

    def __init__(self, title: str, help_text: str, value: str = "", *, writing: bool = False):
        super().__init__()
        self._title = title
        self._help = help_text
        self._value = value
        self._writing = writing
        self._replace: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield Label(self._help, classes="dialog-help")
            yield Input(self._value, placeholder="~/subscriptions.opml", id="path-input")
            yield Label("", id="path-error", markup=False)
            cancel = key_for(self.app, "dialog.cancel")
            yield Label(f"Enter: {'write' if self._writing else 'read'}   {cancel}: cancel",
                        classes="dialog-keys")  # fmt: skip

    @property
    def error(self) -> str:
        """The error shown (empty when none)."""
        label = self.query_one("#path-error", Label)
        return str(label.content) if self.has_class("-failed") else ""

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._fail("Type the path of a file")
            return
        path = Path(text).expanduser()
        if self._writing:
            if path.is_dir():
                path = path / EXPORT_NAME
            if path.exists() and path != self._replace:
                self._replace = path
                self._fail(f"{path} exists: Enter again replaces it")
                return
        elif not path.is_file():
            self._fail(f"No file {path}")
            return
        self.dismiss(path)

    def _fail(self, message: str) -> None:
        self.query_one("#path-error", Label).update(Content(clean_line(message)))
        self.set_class(True, "-failed")

    def action_cancel(self) -> None:
        self.dismiss(None)


class OpmlActions(ServicesScreen):
    """Mixed into the main screen: the OPML import and export commands."""

    def action_import_opml(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self._import_opml(path)

        dialog = PathDialog(
            "Import OPML", "The path of an OPML file: every feed it lists is subscribed to"
        )
        self.app.push_screen(dialog, chosen)

    def action_export_opml(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export_opml(path)

        dialog = PathDialog(
            "Export OPML",
            "The file to write every subscription to (OPML 2.0)",
            str(default_export_path()),
            writing=True,
        )
        self.app.push_screen(dialog, chosen)

    @work(exclusive=True, group="opml", exit_on_error=False)
    async def _import_opml(self, path: Path) -> None:
        app = self.podtui
        try:
            data = await asyncio.to_thread(path.read_bytes)
            feeds = parse_opml(data)
        except OSError as exc:
            app.notify(f"Cannot read {path}: {exc.strerror or exc}", severity="error", markup=False)
            return
        except PodtuiError as exc:
            app.notify(f"Cannot import {path}: {exc.message}", severity="error", markup=False)
            return
        if not feeds:
            app.notify(f"{path}: no feeds found", severity="warning", markup=False)
            return
        app.notify(f"Importing {len(feeds)} feeds from {path}…", markup=False)
        results = await add_sources(self.library, [url for url, _ in feeds], app.fetcher)
        added = sum(result.status == SourceStatus.ADDED for result in results)
        failed = [result for result in results if result.status == SourceStatus.FAILED]
        known = len(results) - added - len(failed)
        line = f"Imported {path}: {added} added, {known} already there, {len(failed)} failed"
        app.notify(line, severity="warning" if failed else "information", markup=False)
        for result in failed[:3]:
            app.notify(
                f"{clean_line(result.source)}: {result.error}", severity="error", markup=False
            )
        if added or known:
            self.post_message(LibraryChanged())

    @work(exclusive=True, group="opml", exit_on_error=False)
    async def _export_opml(self, path: Path) -> None:
        app = self.app
        podcasts = await asyncio.to_thread(self.library.podcasts)
        text = export_opml([(p.title or p.url, p.url, p.link) for p in podcasts])
        try:
            await asyncio.to_thread(path.write_text, text, encoding="utf-8")
        except OSError as exc:
            app.notify(
                f"Cannot write {path}: {exc.strerror or exc}", severity="error", markup=False
            )
            return
        count = f"{len(podcasts)} subscription{'' if len(podcasts) == 1 else 's'}"
        app.notify(f"Exported {count} to {path}", markup=False)
