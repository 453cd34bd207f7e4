"""A transcript as a virtual list: only the lines on screen are drawn, so 5,000 cues open
as fast as 50.

Each cue is its time (in a gutter), its text wrapped to the width, and the speaker's name
on a line of its own where the speaker changes. The cue being spoken is marked in the
gutter alone, so following playback repaints a few cells per cue and nothing while the
cue does not change; the view scrolls only when that cue leaves the screen. The cursor
(a whole-cue highlight) is what Enter plays from; moving it stops following playback
until Enter or the follow key.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.text import fold, format_duration
from tui.core.transcripts import Cue
from tui.ui.keys import binding
from tui.ui.widgets.transcript_lines import (
    FIRST,
    GUTTER,
    MORE,
    SPEAKER,
    UNTIMED_GUTTER,
    Lines,
    lay_out,
)


class TranscriptView(ScrollView, can_focus=True):
    """The cues of one transcript (see the module docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("transcript.cursor_up", "cursor(-1)", show=False),
        binding("transcript.cursor_down", "cursor(1)", show=False),
        binding("transcript.page_up", "page(-1)", show=False),
        binding("transcript.page_down", "page(1)", show=False),
        binding("view.first", "edge(0)", show=False),
        binding("view.last", "edge(1)", show=False),
        binding("transcript.play", "choose"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript-view--time",
        "transcript-view--speaker",
        "transcript-view--current",
        "transcript-view--cursor",
        "transcript-view--match",
    }
    DEFAULT_CSS = """
    TranscriptView {
        background: $surface;
        & > .transcript-view--time { color: $text-muted; }
        & > .transcript-view--speaker { color: $accent; text-style: bold; }
        & > .transcript-view--current { color: $text-accent; text-style: bold; }
        & > .transcript-view--cursor { background: $block-cursor-blurred-background; }
        & > .transcript-view--match { text-style: reverse; }
    }
    TranscriptView:focus > .transcript-view--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    @dataclass
    class Chosen(Message):
        """Enter on a cue: play from ``start`` seconds."""

        view: TranscriptView
        cue: Cue
        start: float

        @property
        def control(self) -> TranscriptView:
            return self.view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cues: Sequence[Cue] = ()
        self._starts: list[float] = []
        self._gutter = UNTIMED_GUTTER
        self._lines: Lines | None = None
        self._cursor = 0
        self._current = -1  # the cue being spoken, -1: none
        self.following = True
        self._query = ""
        self._folded: list[str] | None = None
        self.matches: list[int] = []

    # -- data -----------------------------------------------------------------------------

    @property
    def timed(self) -> bool:
        return bool(self._starts)

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def current(self) -> int:
        return self._current

    @property
    def lines(self) -> Lines | None:
        return self._lines

    def show(self, cues: Sequence[Cue], position: float | None = None) -> None:
        """Show ``cues``; with ``position`` (the episode plays), its cue is the current
        one and the cursor starts there."""
        self.cues = cues
        timed = bool(cues) and all(cue.start is not None for cue in cues)
        self._starts = [cue.start or 0.0 for cue in cues] if timed else []
        self._gutter = GUTTER if timed else UNTIMED_GUTTER
        self._folded = None
        self.matches = []
        self._current = self._cue_at(position) if position is not None else -1
        self._cursor = max(0, self._current)
        self.following = True
        self._lines = None
        self._relayout()
        if self._current >= 0:
            self._scroll_to_cue(self._current, top=True)

    def _cue_at(self, position: float) -> int:
        if not self._starts:
            return -1
        return bisect_right(self._starts, position + 0.05) - 1

    # -- layout ---------------------------------------------------------------------------

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0:
            return
        if self._lines is not None and self._lines.width == width:
            return
        self._lines = lay_out(self.cues, width, self._gutter)
        self.virtual_size = Size(width, len(self._lines.text))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        cue = self._cursor
        self._relayout()
        if self.cues:
            self._scroll_to_cue(self._current if self.following and self._current >= 0 else cue)

    # -- following playback ---------------------------------------------------------------

    def show_position(self, position: float) -> bool:
        """Where the episode is: the cue spoken there becomes current (the gutters of
        the old and new cue repainted, nothing else); True if it changed."""
        cue = self._cue_at(position)
        if cue == self._current:
            return False
        old, self._current = self._current, cue
        if self.following and cue >= 0 and not self._cue_visible(cue):
            self._scroll_to_cue(cue, top=True)
        else:
            self._refresh_gutter(old)
            self._refresh_gutter(cue)
        return True

    def follow(self) -> None:
        """Follow playback again: the cursor goes to the current cue."""
        self.following = True
        if self._current >= 0:
            self._move_cursor(self._current, top=not self._cue_visible(self._current))

    # -- cursor and scrolling -------------------------------------------------------------

    def _visible_lines(self) -> tuple[int, int]:
        top = round(self.scroll_offset.y)
        return top, top + self.scrollable_content_region.height

    def _cue_visible(self, cue: int) -> bool:
        lines = self._lines
        if lines is None or not 0 <= cue < len(lines.first):
            return False
        top, bottom = self._visible_lines()
        return lines.first[cue] >= top and lines.end[cue] <= bottom

    def _scroll_to_cue(self, cue: int, *, top: bool = False) -> None:
        lines = self._lines
        if lines is None or not 0 <= cue < len(lines.first):
            return
        start, end = lines.first[cue], lines.end[cue]
        view_top, view_bottom = self._visible_lines()
        height = max(1, view_bottom - view_top)
        if top:
            target = max(0, start - 1)  # the line before it stays in view
        elif start < view_top:
            target = start
        elif end > view_bottom:
            target = min(start, end - height)
        else:
            return
        self.scroll_to(y=target, animate=False, force=True, immediate=True)

    def _refresh_lines(self, cue: int, *, gutter_only: bool = False) -> None:
        lines = self._lines
        if lines is None or not 0 <= cue < len(lines.first):
            return
        top, bottom = self._visible_lines()
        first = lines.first[cue]
        if gutter_only and lines.kind[first] == SPEAKER:
            first += 1  # a speaker's line has nothing in the gutter
        start, end = max(first, top), min(lines.end[cue], bottom)
        if start >= end:
            return
        width = self._gutter if gutter_only else self.size.width
        self.refresh(Region(0, start - top, width, end - start))

    def _refresh_gutter(self, cue: int) -> None:
        self._refresh_lines(cue, gutter_only=True)

    def _move_cursor(self, cue: int, *, top: bool = False) -> None:
        if not self.cues:
            return
        cue = max(0, min(len(self.cues) - 1, cue))
        old, self._cursor = self._cursor, cue
        self._refresh_lines(old)
        self._refresh_lines(cue)
        self._scroll_to_cue(cue, top=top)

    def _visible_cursor(self) -> int:
        """The cursor, brought into view first if it is off screen."""
        lines = self._lines
        if lines is None or self._cue_visible(self._cursor):
            return self._cursor
        if self._current >= 0 and self._cue_visible(self._current):
            return self._current
        top, _ = self._visible_lines()
        return lines.cue[min(top, len(lines.cue) - 1)] if lines.cue else 0

    def action_cursor(self, step: int) -> None:
        self.following = False
        self._move_cursor(self._visible_cursor() + step)

    def action_page(self, direction: int) -> None:
        lines = self._lines
        if lines is None or not lines.cue:
            return
        self.following = False
        cursor = self._visible_cursor()
        height = max(1, self.scrollable_content_region.height - 1)
        line = max(0, min(len(lines.cue) - 1, lines.first[cursor] + direction * height))
        self._move_cursor(lines.cue[line])

    def action_edge(self, last: int) -> None:
        self.following = False
        self._move_cursor(len(self.cues) - 1 if last else 0)

    def action_choose(self) -> None:
        if self.cues and self._starts:
            self.following = True
            cue = self.cues[self._cursor]
            self.post_message(self.Chosen(self, cue, self._starts[self._cursor]))
        elif self.cues:
            self.notify("This transcript has no times to play from", markup=False)

    def on_click(self, event: events.Click) -> None:
        lines = self._lines
        if lines is None:
            return
        line = round(self.scroll_offset.y) + event.y
        if 0 <= line < len(lines.cue):
            self.following = False
            self._move_cursor(lines.cue[line])
            if event.chain >= 2:
                self.action_choose()

    # -- searching ------------------------------------------------------------------------

    def search(self, text: str) -> int:
        """Find ``text`` (case and accents ignored); the cursor goes to the first match at
        or after it. The number of cues that match."""
        query = fold(" ".join(text.split()))
        self._query = query
        if not query:
            self.matches = []
            self.refresh()
            return 0
        if self._folded is None:
            self._folded = [fold(cue.text) for cue in self.cues]
        self.matches = [n for n, folded in enumerate(self._folded) if query in folded]
        self.refresh()
        if self.matches:
            self.following = False
            at = bisect_right(self.matches, self._cursor - 1)
            self._move_cursor(self.matches[at % len(self.matches)], top=True)
        return len(self.matches)

    def next_match(self, step: int) -> int | None:
        """To the next (``step`` 1) or previous (-1) match; its place among them."""
        if not self.matches:
            return None
        self.following = False
        if step > 0:
            at = bisect_right(self.matches, self._cursor) % len(self.matches)
        else:
            at = (bisect_right(self.matches, self._cursor - 1) - 1) % len(self.matches)
        self._move_cursor(self.matches[at], top=not self._cue_visible(self.matches[at]))
        return at

    # -- drawing --------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"transcript-view--{name}", partial=True)

    def render_line(self, y: int) -> Strip:
        lines = self._lines
        width = self.size.width
        base = self.rich_style
        line = round(self.scroll_offset.y) + y
        if lines is None or line >= len(lines.text) or width <= 0:
            return Strip.blank(width, base)
        cue, kind, text = lines.cue[line], lines.kind[line], lines.text[line]
        style = base + self._style("cursor") if cue == self._cursor else base
        segments: list[Segment] = []
        gutter = self._gutter
        if gutter == GUTTER:
            current = cue == self._current
            if kind == FIRST:
                start = self._starts[cue]
                mark = "▶" if current else " "
                when = format_duration(start)
                look = style + self._style("current" if current else "time")
                segments.append(Segment(f"{mark}{when:>7}  "[:gutter], look))
            else:
                mark = "▐" if current and kind == MORE else " "
                segments.append(Segment(f"{mark:<{gutter}}", style + self._style("current")))
        else:
            segments.append(Segment(" " * gutter, style))
        if kind == SPEAKER:
            segments.append(Segment(text, style + self._style("speaker")))
        else:
            segments.extend(self._text_segments(text, style))
        strip = Strip(segments)
        return strip.adjust_cell_length(width, style).crop(0, width)

    def _text_segments(self, text: str, style: Style) -> list[Segment]:
        query = self._query
        if not query or not self.matches:
            return [Segment(text, style)]
        folded = fold(text)
        if len(folded) != len(text) or query not in folded:
            return [Segment(text, style)]
        found = style + self._style("match")
        segments: list[Segment] = []
        at = 0
        while True:
            hit = folded.find(query, at)
            if hit < 0:
                break
            segments.append(Segment(text[at:hit], style))
            segments.append(Segment(text[hit : hit + len(query)], found))
            at = hit + len(query)
        segments.append(Segment(text[at:], style))
        return segments
