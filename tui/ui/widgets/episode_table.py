"""A virtual episode table: renders only the rows on screen, so 100,000 episodes cost nothing.

The table shows rows of an :class:`~tui.core.search.EpisodeIndex` (``set_rows``) with a
fixed header line. It never sorts or filters by itself: clicking a header or pressing the
sort keys posts :class:`EpisodeTable.SortChanged`, and its owner (the episode browser)
re-sorts and calls ``set_rows``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.search import SORT_KEYS, EpisodeIndex
from tui.ui.keys import binding
from tui.ui.widgets import table_rows as lines
from tui.ui.widgets.visibility import covered


class EpisodeTable(ScrollView, can_focus=True):
    """The episode list: a header line, then one line per episode, only visible ones drawn."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("episodes.cursor_up", "cursor_up", show=False),
        binding("episodes.cursor_down", "cursor_down", show=False),
        binding("episodes.page_up", "page_up", show=False),
        binding("episodes.page_down", "page_down", show=False),
        binding("episodes.first", "first", show=False),
        binding("episodes.last", "last", show=False),
        binding("episodes.select", "select", show=False),
        binding("episodes.sort", "cycle_sort"),
        binding("episodes.sort_reverse", "reverse_sort", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = lines.TABLE_COMPONENTS
    DEFAULT_CSS = lines.TABLE_CSS

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another episode (None: the table is empty)."""

        table: EpisodeTable
        episode_id: int | None

        @property
        def control(self) -> EpisodeTable:
            return self.table

    @dataclass
    class Selected(Message):
        """An episode was chosen (Enter or double click)."""

        table: EpisodeTable
        episode_id: int

        @property
        def control(self) -> EpisodeTable:
            return self.table

    @dataclass
    class SortChanged(Message):
        """The user asked for another order; the owner re-sorts and calls ``set_rows``."""

        table: EpisodeTable
        key: str
        reverse: bool

        @property
        def control(self) -> EpisodeTable:
            return self.table

    def __init__(
        self,
        *,
        zebra_stripes: bool = False,
        placeholder: str = "No episodes",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.index: EpisodeIndex | None = None
        self._rows: Sequence[int] = ()
        self._cursor = 0
        self._announced: int | bool | None = False  # episode id last posted as Highlighted
        self._announce_pending = False
        self.sort_key = "date"
        self.sort_reverse = False
        self.best_match_available = False
        """True while a filter with words is in force (the owner says so)."""
        self._zebra = zebra_stripes
        self.placeholder = placeholder
        self._layout = (-1, -1, -1)
        self._podcast_need = 30  # cells the longest podcast name needs
        self._columns: tuple[lines.Column, ...] = ()
        self._row_cache: LRUCache[tuple[int, bool, bool], Strip] = LRUCache(512)
        self._header: Strip | None = None
        self._styles: dict[tuple, Style] = {}
        self.painted = False
        """True once rows (or the placeholder) have been rendered."""

    # -- data -----------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[int]:
        """The index rows shown, top to bottom."""
        return self._rows

    @property
    def zebra_stripes(self) -> bool:
        """Alternate row backgrounds."""
        return self._zebra

    @zebra_stripes.setter
    def zebra_stripes(self, value: bool) -> None:
        self._zebra = value
        self._row_cache.clear()
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor(self) -> int:
        """The highlighted line (0-based position in ``rows``)."""
        return self._cursor

    @property
    def highlighted_episode_id(self) -> int | None:
        if self.index is None or not self._rows:
            return None
        return self.index.ids[self._rows[self._cursor]]

    def set_rows(
        self,
        index: EpisodeIndex,
        rows: Sequence[int],
        *,
        keep_episode: int | None = None,
    ) -> None:
        """Show ``rows`` of ``index``; the cursor goes to ``keep_episode`` if shown, else to
        the top."""
        if index is not self.index:
            self.index = index
            self._row_cache.clear()
            names = index.podcast_names.values()
            self._podcast_need = max(map(cell_len, names), default=0)
        self._rows = rows
        cursor = 0
        if keep_episode is not None:
            row = index.row_of(keep_episode)
            if row is not None:
                with contextlib.suppress(ValueError):  # not among the rows shown
                    cursor = rows.index(row)
        self._cursor = cursor
        self._set_line_count(len(rows) + 1)
        if keep_episode is not None and cursor:
            self._scroll_to_cursor(center=True)
        else:
            self.scroll_to(y=0, animate=False, force=True)
        self.refresh()
        self._announce()

    def _set_line_count(self, lines: int) -> None:
        """Resize the scrollable area, avoiding a screen layout when the scrollbar stays."""
        size = Size(max(self.size.width, 1), lines)
        if size == self.virtual_size:
            return
        container = self.container_size.height
        if (
            not self.is_mounted
            or not container
            or (lines > container) != self.show_vertical_scrollbar
        ):
            self.virtual_size = size  # the scrollbar comes or goes: lay out again
            return
        # What a layout would do for us, minus the layout.
        self.set_reactive(EpisodeTable.virtual_size, size)
        if self.show_vertical_scrollbar:
            scrollbar = self.vertical_scrollbar
            scrollbar.window_virtual_size = lines
            scrollbar.window_size = container
        self.scroll_y = self.validate_scroll_y(self.scroll_y)
        self.refresh()

    def set_sort(self, key: str, reverse: bool) -> None:
        """Show ``key``/``reverse`` as the current order (the header's indicator)."""
        if key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {key!r}")
        self.sort_key, self.sort_reverse = key, reverse
        self._header = None
        self.refresh_line(0)

    def refresh_episode(self, episode_id: int) -> None:
        """Repaint an episode's line after its status changed in the index."""
        row = self.index.row_of(episode_id) if self.index is not None else None
        if row is None:
            return
        for cursor in (False, True):
            for even in (False, True):
                self._row_cache.discard((row, cursor, even))
        if covered(self):  # drawn when the screen is back (see MainScreen)
            return
        top = int(self.scroll_y)
        for position in range(top, min(len(self._rows), top + self._visible_rows() + 1)):
            if self._rows[position] == row:
                self.refresh_line(position + 1)

    def move_cursor(self, position: int, *, scroll: bool = True) -> None:
        """Put the cursor on line ``position`` (clamped) and scroll it into view."""
        count = len(self._rows)
        position = max(0, min(position, count - 1)) if count else 0
        previous = self._cursor
        self._cursor = position
        if previous != position:
            self.refresh_line(previous + 1)
            self.refresh_line(position + 1)
        if scroll:
            self._scroll_to_cursor()
        self._announce()

    def _announce(self) -> None:
        """Post Highlighted (once the current handler is done) if the episode changed."""
        if not self._announce_pending:
            self._announce_pending = True
            self.call_next(self._post_highlighted)

    def _post_highlighted(self) -> None:
        self._announce_pending = False
        episode_id = self.highlighted_episode_id
        if episode_id != self._announced:
            self._announced = episode_id
            self.post_message(self.Highlighted(self, episode_id))

    def _post(self, make: Callable[[], Message]) -> None:
        # Messages are built in the table's own context: one posted while the parent is
        # the active message pump would stop at the parent instead of reaching the app.
        self.call_next(lambda: self.post_message(make()))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        visible, now = self._visible_rows(), int(self.scroll_y)
        top = lines.scroll_top(self._cursor, now, visible, len(self._rows), center=center)
        if top != now:
            self.scroll_to(y=top, animate=False, force=True)

    # -- actions --------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        visible = self._visible_rows()
        self.scroll_to(y=max(0, int(self.scroll_y) - visible), animate=False, force=True)
        self.move_cursor(self._cursor - visible)

    def action_page_down(self) -> None:
        visible = self._visible_rows()
        bottom = max(0, len(self._rows) - visible)
        self.scroll_to(y=min(bottom, int(self.scroll_y) + visible), animate=False, force=True)
        self.move_cursor(self._cursor + visible)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_select(self) -> None:
        episode_id = self.highlighted_episode_id
        if episode_id is not None:
            self._post(lambda: self.Selected(self, episode_id))

    def sort_choices(self) -> tuple[str, ...]:
        """The orders the sort key cycles through (see :func:`sort_choices`)."""
        return lines.sort_choices(self._columns, self.best_match_available)

    def action_cycle_sort(self) -> None:
        choices = self.sort_choices()
        position = choices.index(self.sort_key) if self.sort_key in choices else -1
        self.request_sort(choices[(position + 1) % len(choices)])

    def action_reverse_sort(self) -> None:
        self.request_sort(self.sort_key, not self.sort_reverse)

    def request_sort(self, key: str, reverse: bool = False) -> None:
        """Show the new order in the header and ask the owner for it (SortChanged)."""
        self.set_sort(key, reverse)
        self._post(lambda: self.SortChanged(self, key, reverse))

    # -- mouse ----------------------------------------------------------------------------

    def _on_click(self, event: events.Click) -> None:  # type: ignore[override]
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y == 0:
            wanted = lines.clicked_sort(self._columns, offset.x, self.sort_key, self.sort_reverse)
            if wanted is not None:
                self.request_sort(*wanted)
            return
        position = int(self.scroll_y) + offset.y - 1
        if position < len(self._rows):
            self.move_cursor(position, scroll=False)
            if event.chain >= 2:
                self.action_select()

    # -- rendering ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._row_cache.clear()
        self._header = None

    def _on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(max(self.size.width, 1), len(self._rows) + 1)
        self._scroll_to_cursor()

    def _style(self, *names: str) -> Style:
        """The widget's style plus component ``names`` (cached until styles change)."""
        found = self._styles.get(names)
        if found is None:
            found = self._styles[names] = lines.component_style(self, names)
        return found

    def _check_layout(self, width: int) -> None:
        # Columns fit the width left of the scrollbar; lines still fill the whole width.
        layout = (min(width, self.scrollable_content_region.width), width, self._podcast_need)
        if layout != self._layout:
            self._layout = layout
            self._columns = lines.column_layout(layout[0], self._podcast_need)
            self._row_cache.clear()
            self._header = None

    @property
    def columns(self) -> tuple[lines.Column, ...]:
        """The columns as last laid out."""
        return self._columns

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        self._check_layout(width)
        if y == 0:
            if self._header is None:
                self._header = self._render_header(width)
            return self._header
        position = int(self.scroll_y) + y - 1
        if position >= len(self._rows) or self.index is None:
            if position == 0:  # nothing to show
                self.painted = True
                text = lines.fit(" " + self.placeholder, width)
                return Strip([Segment(text, self._style("episode-table--placeholder"))], width)
            return Strip.blank(width, self.rich_style)
        self.painted = True
        row = self._rows[position]
        key = (row, position == self._cursor, self._zebra and position % 2 == 1)
        strip = self._row_cache.get(key)
        if strip is None:
            strip = self._render_row(row, key[1], key[2], width)
            self._row_cache[key] = strip
        return strip

    def _render_header(self, width: int) -> Strip:
        return lines.header_strip(
            self._columns, self.sort_key, self.sort_reverse, width, self._style
        )

    def _render_row(self, row: int, cursor: bool, even: bool, width: int) -> Strip:
        assert self.index is not None
        return lines.row_strip(self.index, row, self._columns, (cursor, even), width, self._style)
