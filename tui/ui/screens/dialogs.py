"""Small modal dialogs: add a feed, confirm, pick a link of the notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, LoadingIndicator, OptionList
from textual.widgets.option_list import Option

from tui.core.errors import PodtuiError
from tui.core.models import SourceStatus
from tui.core.subscriptions import SourceResult, looks_like_words
from tui.core.text import clean_line
from tui.ui.keys import binding, key_for
from tui.ui.screens.find import AddFunction, DirectoryResults, FeedPicker, SearchFunction
from tui.ui.widgets.notes_view import share_link


def added_line(result: SourceResult) -> str:
    """``Added <title>: N episodes`` (or what happened instead), one line."""
    title = clean_line(result.podcast.title) if result.podcast else result.source
    if result.status == SourceStatus.ADDED:
        return f"Added {title}: {result.total:,} episode{'s' if result.total != 1 else ''}"
    if result.status == SourceStatus.FAILED:
        return f"Cannot add {clean_line(result.source)}: {result.error}"
    new = f"{result.new:,} new episode{'s' if result.new != 1 else ''}"
    return f"Already subscribed to {title}: refreshed, {new}"


class AddFeedDialog(ModalScreen[SourceResult | None]):
    """Asks for a feed URL, a file, a web page or words and adds the podcast (words search
    the podcast directories first); an error stays in the dialog."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("dialog.cancel", "cancel"),
    ]

    def __init__(
        self, add: AddFunction, source: str = "", search: SearchFunction | None = None
    ) -> None:
        super().__init__()
        self._add_source = add
        self._source = source
        self._search = search

    def compose(self) -> ComposeResult:
        with Vertical(id="add-feed", classes="dialog"):
            yield Label("Add a podcast", classes="dialog-title")
            yield Label(
                "Words to search the podcast directories, or a feed URL, a web page,"
                " an Apple Podcasts link or a feed file",
                classes="dialog-help",
            )
            yield Input(
                self._source,
                placeholder="data science, or https://example.com/feed.xml",
                id="add-source",
            )
            with Horizontal(id="add-progress"):
                yield LoadingIndicator()
                yield Label("Adding…")
            yield Label("", id="add-error", markup=False)
            yield Label(
                f"Enter: add or search   {key_for(self.app, 'dialog.cancel')}: cancel",
                classes="dialog-keys",
            )

    @property
    def busy(self) -> bool:
        return self.has_class("-busy")

    @property
    def error(self) -> str:
        """The error shown (empty when none)."""
        label = self.query_one("#add-error", Label)
        return str(label.content) if self.has_class("-failed") else ""

    @on(Input.Submitted, "#add-source")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        source = event.value.strip()
        if self.busy:
            return
        if not source:
            self._fail("Type words to search for, a feed URL or the path of a feed file")
            return
        if self._search is not None and looks_like_words(source):
            self.set_class(False, "-failed")
            self.app.push_screen(
                DirectoryResults(source, self._search, self._add_source), self._found
            )
            return
        self._run(source)

    def _found(self, result: SourceResult | None) -> None:
        """Back from the directories' results: subscribed (done) or not (edit the words)."""
        if result is not None:
            self.dismiss(result)
        else:
            self.query_one("#add-source", Input).focus()

    def _choose(self, result: SourceResult) -> None:
        def picked(url: str | None) -> None:
            if url:
                self._run(url)
            else:
                self.query_one("#add-source", Input).focus()

        self.app.push_screen(FeedPicker(result.source, result.choices), picked)

    @work(exclusive=True, group="add-feed", exit_on_error=False)
    async def _run(self, source: str) -> None:
        self.set_class(False, "-failed")
        self.set_class(True, "-busy")
        self.query_one("#add-source", Input).disabled = True
        try:
            result = await self._add_source(source)
        except PodtuiError as exc:
            result = SourceResult(source, SourceStatus.FAILED, error=exc.message)
        # (Cancelled with Esc: the dialog is gone and nothing here runs.)
        self.set_class(False, "-busy")
        self.query_one("#add-source", Input).disabled = False
        if result.ok:
            self.dismiss(result)
        elif result.status == SourceStatus.CHOOSE:
            self._choose(result)
        else:
            self._fail(added_line(result))

    def _fail(self, message: str) -> None:
        self.query_one("#add-error", Label).update(Content(clean_line(message)))
        self.set_class(True, "-failed")
        self.query_one("#add-source", Input).focus()

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "add-feed")
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A question with a confirming and a cancelling button (Cancel has the focus)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("dialog.yes", "answer(True)"),
        binding("dialog.no", "answer(False)"),
    ]

    def __init__(self, title: str, question: str, *, confirm: str = "OK") -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Label(Content(self._title), classes="dialog-title")
            yield Label(Content(self._question), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._confirm, variant="error", id="confirm-yes")
                yield Button("Cancel", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class LinkPicker(ModalScreen[int | None]):
    """The links of the notes, numbered; Enter (or the link's digit) picks one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("links.close", "cancel"),
        *(
            Binding(str(digit), f"pick({digit})", f"Link {digit}", show=False, id=f"links.{digit}")
            for digit in range(1, 10)
        ),
    ]

    def __init__(self, links: Sequence[str]) -> None:
        super().__init__()
        self._links = list(links)

    def compose(self) -> ComposeResult:
        with Vertical(id="links", classes="dialog"):
            yield Label(
                "Links: Enter copies (and opens, when a browser is here)", classes="dialog-title"
            )
            yield OptionList(
                *(
                    Option(Content.assemble((f"{number:>2} ", "bold"), url), id=str(number))
                    for number, url in enumerate(self._links, 1)
                ),
                id="links-list",
            )

    @on(OptionList.OptionSelected, "#links-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0) or None)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self._links):
            self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)


def pick_link(app: App, links: tuple[str, ...]) -> None:
    """Show an episode's links; the one picked is copied (and opened where possible)."""
    if not links:
        app.notify("This episode has no links")
        return

    def picked(number: int | None) -> None:
        if number:
            share_link(app, number, links[number - 1])

    app.push_screen(LinkPicker(links), picked)
