"""The podcast list: "All episodes" first, then every podcast with its unplayed count,
under a header that says what the counts are.

Moving the highlight posts :class:`PodcastList.PodcastHighlighted` (the screen narrows the
episode table to that podcast); Enter posts :class:`PodcastList.PodcastChosen`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.models import Podcast
from tui.core.text import clean_line
from tui.ui.keys import binding

ALL_ID = "all"
ALL_LABEL = "All episodes"


def _count(count: int) -> str:
    return f"{count:,}" if count else ""


def _prompt(title: str, count: int | str) -> Table:
    """One line: the title (cut with an ellipsis) and the unplayed count on the right."""
    grid = Table.grid(expand=True, padding=(0, 0, 0, 1))
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", no_wrap=True)
    right = count if isinstance(count, str) else _count(count)
    grid.add_row(Text(title, no_wrap=True, overflow="ellipsis"), Text(right))
    return grid


class PodcastListHeader(Static):
    """The line over the podcast list: it says what the numbers beside the names are."""

    DEFAULT_CSS = """
    PodcastListHeader {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(_prompt("Podcasts", "unplayed"), id=id)
        self.tooltip = "Unplayed episodes of each podcast"


class PodcastList(OptionList):
    """Podcasts with unplayed counts; the first line stands for every podcast."""

    HELP_TITLE = "Podcasts"

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("podcasts.cursor_down", "cursor_down", show=False),
        binding("podcasts.cursor_up", "cursor_up", show=False),
    ]

    DEFAULT_CSS = """
    PodcastList {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        scrollbar-size-vertical: 1;
        &:focus { border: none; }
        & > .option-list--option { padding: 0; }
    }
    """

    @dataclass
    class PodcastHighlighted(Message):
        """The highlight moved: ``podcast_id`` None means every podcast."""

        podcast_list: PodcastList
        podcast_id: int | None

        @property
        def control(self) -> PodcastList:
            return self.podcast_list

    @dataclass
    class PodcastChosen(Message):
        """Enter on a line."""

        podcast_list: PodcastList
        podcast_id: int | None

        @property
        def control(self) -> PodcastList:
            return self.podcast_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._podcasts: dict[int, Podcast] = {}

    def on_mount(self) -> None:
        self.set_podcasts([])

    # -- API ------------------------------------------------------------------------------

    @property
    def wanted_width(self) -> int:
        """Cells that show every line whole: the widest name, a space and its count (the
        pane's border, drawn in the right eighth of its cell, keeps them apart from the
        episodes)."""
        podcasts = self._podcasts.values()
        total = sum(podcast.unplayed_count for podcast in podcasts)
        lines = [(ALL_LABEL, total)] + [(self._title(p), p.unplayed_count) for p in podcasts]
        return max(cell_len(title) + 1 + len(_count(count)) for title, count in lines)

    @property
    def podcasts(self) -> list[Podcast]:
        return list(self._podcasts.values())

    def podcast(self, podcast_id: int) -> Podcast | None:
        return self._podcasts.get(podcast_id)

    @property
    def selected_podcast_id(self) -> int | None:
        """The highlighted podcast (None: "All episodes")."""
        option = self.highlighted_option
        if option is None or option.id in (None, ALL_ID):
            return None
        return int(option.id)

    def set_podcasts(self, podcasts: Sequence[Podcast], select: int | None = None) -> None:
        """Show ``podcasts`` (in the order given); the highlight stays on the same podcast,
        or goes to ``select`` when given, or to "All episodes" if its podcast is gone."""
        previous = self.selected_podcast_id
        keep = select if select is not None else previous
        self._podcasts = {podcast.id: podcast for podcast in podcasts}
        total = sum(podcast.unplayed_count for podcast in podcasts)
        options = [Option(_prompt(ALL_LABEL, total), id=ALL_ID)]
        options.extend(
            Option(_prompt(self._title(podcast), podcast.unplayed_count), id=str(podcast.id))
            for podcast in podcasts
        )
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(options)
            index = 0
            if keep in self._podcasts:
                index = self.get_option_index(str(keep))
            self.highlighted = index
        if self.selected_podcast_id != previous:
            self.post_message(self.PodcastHighlighted(self, self.selected_podcast_id))

    def update_counts(self, podcasts: Sequence[Podcast]) -> None:
        """New unplayed counts for the same podcasts (the lines are repainted in place)."""
        if {podcast.id for podcast in podcasts} != set(self._podcasts):
            self.set_podcasts(podcasts)
            return
        changed = [p for p in podcasts if self._podcasts[p.id].unplayed_count != p.unplayed_count]
        if not changed:
            return
        for podcast in changed:
            self._podcasts[podcast.id] = podcast
            self.replace_option_prompt(
                str(podcast.id), _prompt(self._title(podcast), podcast.unplayed_count)
            )
        total = sum(podcast.unplayed_count for podcast in self._podcasts.values())
        self.replace_option_prompt(ALL_ID, _prompt(ALL_LABEL, total))

    @staticmethod
    def _title(podcast: Podcast) -> str:
        return clean_line(podcast.title) or clean_line(podcast.url) or f"Podcast {podcast.id}"

    # -- events ---------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.PodcastHighlighted(self, self.selected_podcast_id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.PodcastChosen(self, self.selected_podcast_id))
