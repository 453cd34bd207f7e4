"""A virtual episode table: renders only the rows on screen, so 100,000 episodes cost nothing.

The table shows rows of an :class:`~tui.core.search.EpisodeIndex` (``set_rows``) with a
fixed header line. It never sorts or filters by itself: clicking a header or pressing the
sort keys posts :class:`EpisodeTable.SortChanged`, and its owner (the episode browser)
re-sorts and calls ``set_rows``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.search import SORT_KEYS, UNKNOWN_TIME, EpisodeIndex
from tui.core.text import format_duration
from tui.ui.keys import binding
from tui.ui.widgets.visibility import covered

# Sortable columns in the order the sort key cycles through them.
SORT_CYCLE = ("date", "title", "podcast", "duration", "relevance")
_ASCENDING = {"title", "podcast", "duration"}  # natural direction of each key
_LABELS = {
    "title": "Title",
    "podcast": "Podcast",
    "date": "Date",
    "duration": "Length",
    "status": "Status",
    "relevance": "Best match",
}
_DATE_WIDTH = 10
_DURATION_WIDTH = 8
_STATUS_WIDTH = 14  # ▶ 42% ≡ ↓ 37%


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    x: int  # first cell
    width: int
    right: bool = False  # right-aligned


def column_layout(width: int, podcast_need: int = 30) -> tuple[Column, ...]:
    """The columns for a table ``width`` cells wide: the title flexes, the podcast takes
    what its longest name needs (``podcast_need``) up to 40% of what is left (10..30
    cells), and narrow tables drop the podcast, then the date, then the length."""
    keys = ["title", "podcast", "date", "duration", "status"]
    if width < 64:
        keys.remove("podcast")
    if width < 46:
        keys.remove("date")
    if width < 34:
        keys.remove("duration")
    status = _STATUS_WIDTH if width >= 100 else _STATUS_WIDTH - 2
    fixed = {"date": _DATE_WIDTH, "duration": _DURATION_WIDTH, "status": status}
    # One cell of margin at each end and one between columns.
    free = width - 2 - (len(keys) - 1) - sum(fixed.get(key, 0) for key in keys)
    widths = dict(fixed)
    if "podcast" in keys:
        widths["podcast"] = min(
            max(podcast_need, len("Podcast ▲")), max(10, min(30, free * 2 // 5))
        )
        free -= widths["podcast"]
    widths["title"] = max(1, free)
    columns = []
    x = 1
    for key in keys:
        columns.append(Column(key, x, widths[key], right=key == "duration"))
        x += widths[key] + 1
    return tuple(columns)


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, padded with spaces."""
    if width <= 0:
        return ""
    length = len(text) if text.isascii() else cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    if right:
        return " " * (width - length) + text
    return text + " " * (width - length)


def format_date(published: int) -> str:
    if published == UNKNOWN_TIME:
        return ""
    return time.strftime("%Y-%m-%d", time.gmtime(published))


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

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "episode-table--header",
        "episode-table--header-sorted",
        "episode-table--cursor",
        "episode-table--even-row",
        "episode-table--muted",
        "episode-table--played",
        "episode-table--new",
        "episode-table--active",
        "episode-table--placeholder",
    }

    DEFAULT_CSS = """
    EpisodeTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .episode-table--header {
            background: $panel;
            color: $foreground;
            text-style: bold;
        }
        & > .episode-table--header-sorted {
            color: $text-accent;
        }
        & > .episode-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .episode-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .episode-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .episode-table--muted {
            color: $text-muted;
        }
        & > .episode-table--played {
            color: $text-disabled;
        }
        & > .episode-table--new {
            color: $text-success;
        }
        & > .episode-table--active {
            color: $text-accent;
        }
        & > .episode-table--placeholder {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

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
        self._columns: tuple[Column, ...] = ()
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
                try:
                    cursor = rows.index(row)
                except ValueError:
                    cursor = 0
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
        if self.index is None:
            return
        row = self.index.row_of(episode_id)
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
        visible = self._visible_rows()
        top = int(self.scroll_y)
        if center:
            top = self._cursor - visible // 2
        elif self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + visible:
            top = self._cursor - visible + 1
        top = max(0, min(top, len(self._rows) + 1 - visible - 1))
        if top != int(self.scroll_y):
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
        """The orders the sort key cycles through: the columns shown, and best match only
        while a filter with words is in force."""
        shown = {column.key for column in self._columns} or set(SORT_CYCLE)
        if self.best_match_available:
            shown.add("relevance")
        return tuple(key for key in SORT_CYCLE if key in shown)

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
            for column in self._columns:
                if column.x - 1 <= offset.x < column.x + column.width and column.key in SORT_KEYS:
                    if column.key == self.sort_key or (
                        column.key == "title" and self.sort_key == "relevance"
                    ):
                        self.request_sort(self.sort_key, not self.sort_reverse)
                    else:
                        self.request_sort(column.key)
                    break
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
            found = self.rich_style
            for name in names:
                # The partial style says what the component sets; the full one has its
                # colours resolved (translucent ones blended onto the background).
                partial = self.get_component_rich_style(name, partial=True)
                full = self.get_component_rich_style(name)
                found += partial.without_color + Style.from_color(
                    full.color if partial.color else None,
                    full.bgcolor if partial.bgcolor else None,
                )
            self._styles[names] = found
        return found

    def _check_layout(self, width: int) -> None:
        # Columns fit the width left of the scrollbar; lines still fill the whole width.
        layout = (min(width, self.scrollable_content_region.width), width, self._podcast_need)
        if layout != self._layout:
            self._layout = layout
            self._columns = column_layout(layout[0], self._podcast_need)
            self._row_cache.clear()
            self._header = None

    @property
    def columns(self) -> tuple[Column, ...]:
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
                text = fit(" " + self.placeholder, width)
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
        base = self._style("episode-table--header")
        sorted_style = self._style("episode-table--header", "episode-table--header-sorted")
        sort_key = self.sort_key
        shown = {column.key for column in self._columns}
        # An order by a column not shown (the table got narrower) is marked on the title.
        marked = sort_key if sort_key in shown else "title"
        descending = self.sort_reverse == (sort_key in _ASCENDING)
        arrow = "▼" if descending else "▲"
        segments = [Segment(" ", base)]
        for column in self._columns:
            label = _LABELS[column.key]
            active = column.key == marked
            if active:
                if sort_key == "relevance":
                    label = f"{label} (best match) {arrow}"
                elif sort_key != column.key:
                    label = f"{label} (by {_LABELS[sort_key].lower()}) {arrow}"
                else:
                    label = f"{label} {arrow}"
            if active and cell_len(label) > column.width > 2:
                label = fit(label[:-2], column.width - 2) + " " + arrow  # the mark stays
            segments.append(
                Segment(fit(label, column.width, column.right), sorted_style if active else base)
            )
            segments.append(Segment(" ", base))
        used = sum(column.width + 1 for column in self._columns) + 1
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)

    def _render_row(self, row: int, cursor: bool, even: bool, width: int) -> Strip:
        index = self.index
        assert index is not None
        played = bool(index.played[row])
        if cursor:
            base = muted = status_style = self._style("episode-table--cursor")
        else:
            stripe = ("episode-table--even-row",) if even else ()
            if played:
                base = muted = status_style = self._style(*stripe, "episode-table--played")
            else:
                base = self._style(*stripe)
                muted = self._style(*stripe, "episode-table--muted")
                status_style = muted
        status = index.row_status(row)
        if not cursor and not played:
            if status.startswith("new"):
                status_style = self._style(
                    *(("episode-table--even-row",) if even else ()), "episode-table--new"
                )
            elif status.startswith("▶") or "%" in status:
                status_style = self._style(
                    *(("episode-table--even-row",) if even else ()), "episode-table--active"
                )
        segments = [Segment(" ", base)]
        for column in self._columns:
            key = column.key
            if key == "title":
                text, style = index.titles[row], base
            elif key == "podcast":
                text, style = index.podcast_title(row), muted
            elif key == "date":
                text, style = format_date(index.published[row]), muted
            elif key == "duration":
                text, style = format_duration(index.durations[row]), muted
            else:
                text, style = status, status_style
            segments.append(Segment(fit(text, column.width, column.right), style))
            segments.append(Segment(" ", base))
        used = sum(column.width + 1 for column in self._columns) + 1
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)
