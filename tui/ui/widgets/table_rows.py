"""The episode table's columns and lines: the layout for a width, fitting text to cells,
and the header and row strips (styles come from the table, through ``style_of``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from tui.core.search import SORT_KEYS, UNKNOWN_TIME, EpisodeIndex
from tui.core.text import format_duration

StyleOf = Callable[..., Style]  # component class names -> the style they give

# Sortable columns in the order the sort key cycles through them.
SORT_CYCLE = ("date", "title", "podcast", "duration", "relevance")

TABLE_COMPONENTS: set[str] = {
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

TABLE_CSS = """
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


def header_strip(
    columns: Sequence[Column], sort_key: str, sort_reverse: bool, width: int, style: StyleOf
) -> Strip:
    """The header line: each column's label, the sorted one marked with its direction."""
    base = style("episode-table--header")
    sorted_style = style("episode-table--header", "episode-table--header-sorted")
    shown = {column.key for column in columns}
    # An order by a column not shown (the table got narrower) is marked on the title.
    marked = sort_key if sort_key in shown else "title"
    descending = sort_reverse == (sort_key in _ASCENDING)
    arrow = "▼" if descending else "▲"
    segments = [Segment(" ", base)]
    for column in columns:
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
    used = sum(column.width + 1 for column in columns) + 1
    if used < width:
        segments.append(Segment(" " * (width - used), base))
    return Strip(segments, width)


def row_strip(
    index: EpisodeIndex,
    row: int,
    columns: Sequence[Column],
    look: tuple[bool, bool],
    width: int,
    style_of: StyleOf,
) -> Strip:
    """One episode's line; ``look`` is (under the cursor, an even row)."""
    cursor, even = look
    played = bool(index.played[row])
    if cursor:
        base = muted = status_style = style_of("episode-table--cursor")
    else:
        stripe = ("episode-table--even-row",) if even else ()
        if played:
            base = muted = status_style = style_of(*stripe, "episode-table--played")
        else:
            base = style_of(*stripe)
            muted = style_of(*stripe, "episode-table--muted")
            status_style = muted
    status = index.row_status(row)
    if not cursor and not played:
        if status.startswith("new"):
            status_style = style_of(
                *(("episode-table--even-row",) if even else ()), "episode-table--new"
            )
        elif status.startswith("▶") or "%" in status:
            status_style = style_of(
                *(("episode-table--even-row",) if even else ()), "episode-table--active"
            )
    segments = [Segment(" ", base)]
    for column in columns:
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
    used = sum(column.width + 1 for column in columns) + 1
    if used < width:
        segments.append(Segment(" " * (width - used), base))
    return Strip(segments, width)


def sort_choices(columns: Sequence[Column], best_match: bool) -> tuple[str, ...]:
    """The orders the sort key cycles through: the columns shown, and best match only
    while a filter with words is in force (``best_match``)."""
    shown = {column.key for column in columns} or set(SORT_CYCLE)
    if best_match:
        shown.add("relevance")
    return tuple(key for key in SORT_CYCLE if key in shown)


def clicked_sort(
    columns: Sequence[Column], x: int, sort_key: str, sort_reverse: bool
) -> tuple[str, bool] | None:
    """The order a click at ``x`` on the header asks for: the column's order, or the
    current order reversed when it is that column's already (None: not a sortable one)."""
    for column in columns:
        if column.x - 1 <= x < column.x + column.width and column.key in SORT_KEYS:
            if column.key == sort_key or (column.key == "title" and sort_key == "relevance"):
                return sort_key, not sort_reverse
            return column.key, False
    return None


def component_style(widget: Widget, names: tuple[str, ...]) -> Style:
    """``widget``'s style plus its component classes ``names``."""
    found = widget.rich_style
    for name in names:
        # The partial style says what the component sets; the full one has its
        # colours resolved (translucent ones blended onto the background).
        partial = widget.get_component_rich_style(name, partial=True)
        full = widget.get_component_rich_style(name)
        found += partial.without_color + Style.from_color(
            full.color if partial.color else None,
            full.bgcolor if partial.bgcolor else None,
        )
    return found


def scroll_top(cursor: int, top: int, visible: int, rows: int, *, center: bool = False) -> int:
    """The first line to show so the cursor is in view (centred if ``center``)."""
    if center:
        top = cursor - visible // 2
    elif cursor < top:
        top = cursor
    elif cursor >= top + visible:
        top = cursor - visible + 1
    return max(0, min(top, rows + 1 - visible - 1))
