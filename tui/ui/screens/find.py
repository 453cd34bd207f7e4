"""Finding a podcast from the add dialog: the directories' results, and a page's feeds.

:class:`DirectoryResults` asks every podcast directory for the words typed in Ctrl+N (in
a worker) and lists what they found, one podcast per two lines; typing narrows the list
as the episode filter does, Enter subscribes to the highlighted podcast's feed, Escape
closes. A directory that failed is one line above the results of the others.
:class:`FeedPicker` lists the feeds a web page links to, for the user to pick one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.core.directories.apple import FeedLink
from tui.core.directories.models import FoundPodcast, SearchOutcome
from tui.core.errors import PodtuiError
from tui.core.models import SourceStatus
from tui.core.subscriptions import SourceResult
from tui.core.text import clean_line, fold
from tui.ui.keys import binding, key_for

SearchFunction = Callable[[str], Awaitable[SearchOutcome]]
AddFunction = Callable[[str], Awaitable[SourceResult]]


def matches(found: FoundPodcast, words: Sequence[str]) -> bool:
    """Whether every filter word is in the podcast's title, author or directories."""
    text = fold(f"{found.title} {found.author} {found.directory_names}")
    return all(word in text for word in words)


def result_prompt(found: FoundPodcast) -> Content:
    """Two lines: the title, then author, episodes and directories (muted)."""
    details = [part for part in (found.author, found.episodes_text()) if part]
    details.append(found.directory_names)
    return Content.assemble(
        (found.title or found.feed_url, "bold"), "\n", (" · ".join(details), "$text-muted")
    )


class DirectoryResults(ModalScreen[SourceResult | None]):
    """The podcasts the directories found for some words; Enter subscribes to one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: they act while the filter has the focus (typing goes to the filter).
        binding("find.subscribe", "subscribe", priority=True),
        binding("find.close", "close", priority=True),
        binding("find.cursor_up", "cursor('cursor_up')", show=False, priority=True),
        binding("find.cursor_down", "cursor('cursor_down')", show=False, priority=True),
        binding("find.page_up", "cursor('page_up')", show=False, priority=True),
        binding("find.page_down", "cursor('page_down')", show=False, priority=True),
    ]

    def __init__(self, words: str, search: SearchFunction, add: AddFunction) -> None:
        super().__init__()
        self.words = clean_line(words)
        self._search = search
        self._add = add
        self.outcome: SearchOutcome | None = None
        self.shown: list[FoundPodcast] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="find", classes="dialog"):
            yield Label(Content(f"Podcasts for “{self.words}”"), classes="dialog-title")
            yield Label(Content("Searching the podcast directories…"), id="find-status")
            yield Label("", id="find-failures", markup=False)
            yield Input(placeholder="type to filter the results", id="find-filter")
            yield OptionList(id="find-results")
            yield Label("", id="find-error", markup=False)
            subscribe, close = key_for(self.app, "find.subscribe"), key_for(self.app, "find.close")
            yield Label(f"{subscribe}: subscribe   {close}: back", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#find-filter", Input).focus()
        self._run_search()

    @property
    def busy(self) -> bool:
        return self.has_class("-busy")

    @property
    def failures(self) -> list[str]:
        """The failure lines shown, one per directory."""
        return [failure.line() for failure in self.outcome.failures] if self.outcome else []

    @property
    def error(self) -> str:
        return str(self.query_one("#find-error", Label).content)

    @work(exclusive=True, group="find-search", exit_on_error=False)
    async def _run_search(self) -> None:
        try:
            outcome = await self._search(self.words)
        except PodtuiError as exc:  # e.g. the HTTP client cannot be set up
            self._status(exc.message)
            return
        self.outcome = outcome
        self.query_one("#find-failures", Label).update(
            Content("\n".join(clean_line(line) for line in self.failures))
        )
        self.set_class(bool(outcome.failures), "-failed")
        self._show()

    def _status(self, text: str) -> None:
        self.query_one("#find-status", Label).update(Content(text))

    def _show(self) -> None:
        if self.outcome is None:
            return
        results = self.outcome.results
        words = [fold(word) for word in self.query_one("#find-filter", Input).value.split()]
        self.shown = [found for found in results if matches(found, words)]
        options = self.query_one("#find-results", OptionList)
        options.set_options(Option(result_prompt(found)) for found in self.shown)
        if self.shown:
            options.highlighted = 0
        answered = ", ".join(directory.label for directory in self.outcome.answered)
        if not results:
            self._status("Nothing found" if not self.outcome.all_failed else "No answer")
        elif len(self.shown) == len(results):
            count = len(results)
            self._status(f"{count} podcast{'s' if count != 1 else ''} from {answered}")
        else:
            self._status(f"{len(self.shown)} of {len(results)} podcasts match the filter")

    @on(Input.Changed, "#find-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.busy:
            self.set_class(False, "-error")
        self._show()

    @on(OptionList.OptionSelected, "#find-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_subscribe()

    @property
    def highlighted(self) -> FoundPodcast | None:
        index = self.query_one("#find-results", OptionList).highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def action_cursor(self, where: str) -> None:
        options = self.query_one("#find-results", OptionList)
        moves = {
            "cursor_up": options.action_cursor_up,
            "cursor_down": options.action_cursor_down,
            "page_up": options.action_page_up,
            "page_down": options.action_page_down,
        }
        moves[where]()

    def action_subscribe(self) -> None:
        found = self.highlighted
        if found is not None and not self.busy:
            self._subscribe(found)

    @work(exclusive=True, group="find-subscribe", exit_on_error=False)
    async def _subscribe(self, found: FoundPodcast) -> None:
        self.set_class(True, "-busy")
        self.set_class(True, "-error")
        self.query_one("#find-error", Label).update(Content(f"Subscribing to {found.title}…"))
        try:
            result = await self._add(found.feed_url)
        except PodtuiError as exc:
            result = SourceResult(found.feed_url, SourceStatus.FAILED, error=exc.message)
        self.set_class(False, "-busy")
        if result.ok:
            self.dismiss(result)
            return
        self.set_class(True, "-error")
        title = found.title or found.feed_url
        self.query_one("#find-error", Label).update(
            Content(clean_line(f"Cannot add {title}: {result.error}"))
        )

    def action_close(self) -> None:
        self.workers.cancel_group(self, "find-search")
        self.workers.cancel_group(self, "find-subscribe")
        self.dismiss(None)


class FeedPicker(ModalScreen[str | None]):
    """The feeds a web page links to; Enter picks one, Escape none."""

    BINDINGS: ClassVar[list[BindingType]] = [binding("dialog.cancel", "cancel")]

    def __init__(self, source: str, links: Sequence[FeedLink]) -> None:
        super().__init__()
        self._source = source
        self._links = list(links)

    def compose(self) -> ComposeResult:
        with Vertical(id="feed-picker", classes="dialog"):
            yield Label(
                Content(f"{clean_line(self._source)} links to {len(self._links)} feeds"),
                classes="dialog-title",
            )
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            (link.title or link.url, "bold"), "\n", (link.url, "$text-muted")
                        )
                    )
                    for link in self._links
                ),
                id="feed-list",
            )
            cancel = key_for(self.app, "dialog.cancel")
            yield Label(f"Enter: subscribe   {cancel}: back", classes="dialog-keys")

    @on(OptionList.OptionSelected, "#feed-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._links[event.option_index].url)

    def action_cancel(self) -> None:
        self.dismiss(None)
