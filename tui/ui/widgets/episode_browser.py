"""The episode browser: a filter bar over the virtual episode table.

Typing in the filter narrows the table on every keystroke (the filter language is in
:mod:`tui.core.search`); Enter goes back to the table, Escape clears the filter.
The table's messages (``EpisodeTable.Highlighted`` / ``Selected`` / ``SortChanged``)
bubble up to the app.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from tui.core.search import EpisodeIndex, Query, parse_query
from tui.ui.keys import binding, key_for
from tui.ui.widgets.episode_table import EpisodeTable

if TYPE_CHECKING:
    from tui.core.library import Library

PLACEHOLDER = "filter: words, podcast:, is:new, after:2019, longer:30m"


def fit_list(text: str, width: int) -> str:
    """The longest head of the ``, `` separated ``text`` that fits ``width`` cells."""
    parts = text.split(", ")
    while len(parts) > 1 and cell_len(", ".join(parts)) > width:
        parts.pop()
    return ", ".join(parts)


def fit_words(text: str, width: int) -> str:
    """``text`` in ``width`` cells, cut between words with an ellipsis when too long."""
    if cell_len(text) <= width:
        return text
    words, kept = text.split(" "), ""
    for word in words:
        longer = f"{kept} {word}" if kept else word
        if cell_len(longer) + 1 > width:
            break
        kept = longer
    return (kept.rstrip(",;:(") if kept else text[: max(0, width - 1)]) + "…"


class EpisodeBrowser(Vertical):
    """Filter bar + episode table over an :class:`EpisodeIndex`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority bindings act when the key arrives, before the keys typed after it are
        # handed to the focused widget: `/GAN` typed in one go (or by a script) all lands
        # in the filter, and keys after Enter reach the table.
        binding("episodes.filter", "focus_filter", priority=True),
        binding("episodes.clear_filter", "clear_filter", show=False, priority=True),
        binding("episodes.submit_filter", "leave_filter", show=False, priority=True),
        binding("episodes.leave_filter", "leave_filter", show=False),
    ]

    DEFAULT_CSS = """
    EpisodeBrowser {
        height: 1fr;
        & > #episode-filter-bar {
            dock: top;
            height: auto;
            background: $panel;
        }
        & #episode-filter {
            width: 1fr;
            border: none;
            height: 1;
            padding: 0 1;
            background: $panel;
        }
        & #episode-filter:focus {
            background: $surface;
        }
        /* Not $text-disabled: in 16 colours it is the panel's own colour. */
        & #episode-filter > .input--placeholder {
            color: $text-muted;
        }
        & #episode-filter-hint {
            color: $text-warning;
            padding: 0 1;
            height: 1;
            text-wrap: nowrap;
            display: none;
        }
        & #episode-filter-hint.-shown {
            display: block;
        }
        & #episode-filter-count {
            color: $text-muted;
            padding: 0 1;
        }
    }
    """

    def __init__(
        self,
        index: EpisodeIndex | None = None,
        *,
        zebra_stripes: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._index = index
        self._zebra = zebra_stripes
        self._podcast_id: int | None = None
        self._query: Query = parse_query("")
        self._hints = ""
        self._ready = False

    def compose(self) -> ComposeResult:
        # The table comes first so that it is the first to get focus; the bar docks on top.
        yield EpisodeTable(zebra_stripes=self._zebra, id="episode-table")
        with Horizontal(id="episode-filter-bar"):
            yield Input(
                placeholder=f"{key_for(self.app, 'episodes.filter')} {PLACEHOLDER}",
                id="episode-filter",
                compact=True,
                select_on_focus=False,
            )
            yield Label("", id="episode-filter-hint")
            yield Label("", id="episode-filter-count")

    def on_mount(self) -> None:
        # Filter from a watcher rather than on Input.Changed: the watcher runs inside the
        # keystroke's handling, so the narrowed table is painted in the same frame as the
        # typed character (a message would be handled after that frame, a frame later).
        self.watch(self.filter_input, "value", self._value_changed, init=False)
        self._ready = True
        if self._index is not None:
            self.load(self._index)

    # -- parts ----------------------------------------------------------------------------

    @property
    def table(self) -> EpisodeTable:
        return self.query_one("#episode-table", EpisodeTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#episode-filter", Input)

    @property
    def index(self) -> EpisodeIndex | None:
        return self._index

    @property
    def query_text(self) -> str:
        return self.filter_input.value

    @property
    def current_query(self) -> Query:
        return self._query

    @property
    def podcast_id(self) -> int | None:
        return self._podcast_id

    @property
    def highlighted_episode_id(self) -> int | None:
        return self.table.highlighted_episode_id

    # -- API ------------------------------------------------------------------------------

    def load(self, index: EpisodeIndex, *, keep_cursor: bool = False) -> None:
        """Show ``index`` (with the current filter); the cursor goes to the first row, or
        stays on the highlighted episode with ``keep_cursor``."""
        if not self._ready:
            self._index = index  # loaded on mount
            return
        keep = self.highlighted_episode_id if keep_cursor else None
        self._index = index
        table = self.table
        index.sort(table.sort_key, table.sort_reverse)
        self._apply(keep_episode=keep)
        # Fold the titles for matching now that the table is up, not on the first keystroke.
        self.call_after_refresh(index.prepare)

    def show_podcast(self, podcast_id: int | None) -> None:
        """Only episodes of ``podcast_id`` (None: every podcast)."""
        if podcast_id != self._podcast_id:
            self._podcast_id = podcast_id
            self._apply()

    @property
    def _filter_focused(self) -> bool:
        # The screen's focus, which _focus_now moves at once (has_focus follows a message later).
        return self.screen.focused is self.filter_input

    def _focus_now(self, widget: Widget) -> None:
        """Move focus at once: keys typed right after ``/`` or Enter (a fast typist, a
        paste, a script) already wait in the queue and must reach the new widget."""
        try:
            self.screen.set_focus(widget)
        except NoScreen:
            widget.focus()

    def focus_filter(self) -> None:
        self._focus_now(self.filter_input)

    def clear_filter(self) -> None:
        """Empty the filter, show every episode (of the podcast) and focus the table."""
        keep = self.highlighted_episode_id
        field = self.filter_input
        if field.value:
            self._query = parse_query("")
            field.value = ""
            self._apply(keep_episode=keep)
        self._focus_now(self.table)

    def set_filter(self, text: str) -> None:
        """Replace the filter text (and apply it)."""
        self._query = parse_query(text)
        self.filter_input.value = text
        self._apply()

    def refresh_episode(self, episode_id: int) -> None:
        """Repaint an episode after ``index.update`` (a status filter is not re-run)."""
        self.table.refresh_episode(episode_id)

    def refilter(self) -> None:
        """Run the filter again (after statuses changed), keeping the highlighted episode."""
        self._apply(keep_episode=self.highlighted_episode_id)

    # -- behaviour ------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        if self._filter_focused:
            raise SkipAction()  # a "/" typed in the filter
        self.focus_filter()

    def action_clear_filter(self) -> None:
        if not self.filter_input.value and not self._filter_focused:
            raise SkipAction()  # nothing to clear: let the app have Escape
        self.clear_filter()

    def action_leave_filter(self) -> None:
        if not self._filter_focused:
            raise SkipAction()
        self._focus_now(self.table)

    def _value_changed(self, value: str) -> None:
        if value != self._query.text:
            self._query = parse_query(value)
            self._apply()

    @on(Input.Changed, "#episode-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()  # handled by _value_changed

    @on(Input.Submitted, "#episode-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._focus_now(self.table)

    @on(EpisodeTable.SortChanged)
    def _sort_changed(self, event: EpisodeTable.SortChanged) -> None:
        # Not stopped: the app may want to remember the order.
        if self._index is not None:
            self._index.sort(event.key, event.reverse)
            self._apply(keep_episode=self.highlighted_episode_id)

    def _apply(self, keep_episode: int | None = None) -> None:
        index = self._index
        if index is None:
            return
        query = self._query
        table = self.table
        table.best_match_available = bool(query.words)
        if table.sort_key == "relevance" and not query.words:
            # Best match means nothing without words: back to the newest first.
            table.set_sort("date", False)
            index.sort("date", False)
        rows = index.filter(query, self._podcast_id)
        if query.is_empty:
            table.placeholder = "No episodes" if self._podcast_id is None else "No episodes here"
        else:
            table.placeholder = "No episodes match the filter"
        table.set_rows(index, rows, keep_episode=keep_episode)
        total = index.count(self._podcast_id)
        # Label updates without a screen layout unless their size has to change.
        count = self.query_one("#episode-filter-count", Label)
        width = len(f"{total:,} of {total:,}") + 2
        if count.styles.width is None or count.styles.width.value != width:
            count.styles.width = width
            self._fit_bar()
        count.update(f"{len(rows):,} of {total:,}", layout=False)
        hints = "; ".join(query.hints)
        changed = hints != self._hints
        if changed:
            self._hints = hints
            hint = self.query_one("#episode-filter-hint", Label)
            hint.tooltip = hints or None
            hint.set_class(bool(hints), "-shown")
        if changed or hints:
            self._fit_bar()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_bar()

    def _fit_bar(self) -> None:
        """One line for the filter bar: the hint cut between words (whole in its tooltip),
        the placeholder cut between examples, never mid-word."""
        width = self.size.width
        if not width:
            return
        count = self.query_one("#episode-filter-count", Label).styles.width
        width -= int(count.value) if count is not None else 0
        hint_width = 0
        if self._hints:
            # The hint gets what the typed text leaves (the field keeps a few cells more).
            typed = cell_len(self.filter_input.value) + 4
            shown = fit_words(self._hints, max(8, width - max(typed, 14) - 2))
            hint = self.query_one("#episode-filter-hint", Label)
            if str(hint.render()) != shown:
                hint.update(shown)
            hint_width = cell_len(shown) + 2
        room = width - hint_width - 2
        placeholder = fit_list(PLACEHOLDER, room)
        if self.filter_input.placeholder != placeholder:
            self.filter_input.placeholder = placeholder

    # -- notes indexing -------------------------------------------------------------------

    def index_notes_in_background(self, library: Library, batch: int = 500) -> None:
        """Fill the library's notes search index in a thread; matches for the current
        filter are refreshed as it goes (at most once a second) and when it is done."""
        self._index_notes(library, batch)

    @work(thread=True, exclusive=True, group="episode-notes-index", exit_on_error=False)
    def _index_notes(self, library: Library, batch: int) -> None:
        worker = get_current_worker()
        last = time.monotonic()
        indexed = 0
        while not worker.is_cancelled:
            done = library.index_notes(batch)
            indexed += done
            if not done:
                break
            if time.monotonic() - last >= 1.0:
                last = time.monotonic()
                self.app.call_from_thread(self._notes_indexed)
        if indexed and not worker.is_cancelled:
            self.app.call_from_thread(self._notes_indexed)

    def search_text_changed(self) -> None:
        """More text can be searched (a transcript was kept): the filter asks again."""
        self._notes_indexed()

    def _notes_indexed(self) -> None:
        if self._index is None:
            return
        self._index.invalidate_notes()
        if self._query.words or self._query.has:
            self._apply(keep_episode=self.highlighted_episode_id)
