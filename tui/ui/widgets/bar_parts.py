"""The parts of the player bar that repaint as little as they can: a line of text sent only
up to its last changed cell, and a progress bar repainted only where cells fill."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Region
from textual.reactive import reactive
from textual.widget import Widget

from tui.ui.widgets.visibility import covered


def filled_cells(position: float, duration: float | None, width: int) -> int:
    """How many of ``width`` cells a progress bar fills at ``position``."""
    if not duration or duration <= 0 or width <= 0:
        return 0
    fraction = min(1.0, max(0.0, position / duration))
    return int(fraction * width)


def changed_cells(old: str, new: str) -> tuple[int, int] | None:
    """The cells ``[start, end)`` that differ between two one-line texts, None if none."""
    if old == new:
        return None
    shortest = min(len(old), len(new))
    same = 0
    while same < shortest and old[same] == new[same]:
        same += 1
    start = cell_len(new[:same])
    if len(old) == len(new) and cell_len(old) == cell_len(new):
        tail = 0
        while tail < shortest - same and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        end = cell_len(new[: len(new) - tail])
    else:
        end = max(cell_len(old), cell_len(new))
    return start, end


class BarText(Widget):
    """One line of plain text (never markup) repainted only when it changes, and then
    only up to the last cell that changed: the terminal is sent the widget's line from its
    left edge to there ("0:05" becoming "0:06" sends four cells, not the whole widget).
    A change of length lays the widget out again (its width may be ``auto``)."""

    DEFAULT_CSS = """
    BarText {
        height: 1;
        width: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    text: reactive[str] = reactive("", repaint=False)

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(BarText.text, text)

    def show(self, text: str) -> bool:
        """Set the text if it differs from what is shown; True if it changed."""
        if text == self.text:
            return False
        self.text = text
        return True

    def watch_text(self, old: str, new: str) -> None:
        span = changed_cells(old, new)
        if span is None or covered(self):
            return
        if cell_len(old) != cell_len(new):
            self.refresh(layout=True)
        else:
            self.refresh(Region(span[0], 0, span[1] - span[0], 1))

    def render(self) -> Content:
        return Content(self.text)


class ProgressSlice(Widget):
    """A few cells of the progress bar."""

    DEFAULT_CSS = """
    ProgressSlice {
        height: 1;
        width: 1fr;
    }
    """

    filled: reactive[int] = reactive(0, repaint=False)

    def watch_filled(self, old: int, new: int) -> None:
        # Up to the last cell that changed: the unfilled rest is not sent again.
        if covered(self):
            return
        low, high = sorted((old, new))
        self.refresh(Region(low, 0, high - low, 1))

    def render(self) -> Content:
        width = self.size.width
        filled = min(self.filled, width)
        return Content.assemble(
            (ProgressCells.DONE * filled, "$accent"),
            (ProgressCells.LEFT * (width - filled), "$foreground 25%"),
        )


class ProgressCells(Horizontal):
    """A one-line progress bar that repaints only when its filled cell count changes.

    The bar is cut into :data:`SLICES` widgets: the terminal is sent a widget's cells from
    its left edge, so when one more cell fills only the few cells of its slice are sent,
    not the whole filled part of the bar."""

    DEFAULT_CSS = """
    ProgressCells {
        height: 1;
        width: 1fr;
    }
    """

    SLICES = 16
    DONE = "━"
    LEFT = "─"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._position = 0.0
        self._duration: float | None = None
        self.filled = 0

    def compose(self) -> ComposeResult:
        for _ in range(self.SLICES):
            yield ProgressSlice()

    def show(self, position: float, duration: float | None) -> bool:
        """Show ``position`` of ``duration``; True if the filled cell count changed."""
        self._position, self._duration = position, duration
        cells = filled_cells(position, duration, self.size.width)
        if cells == self.filled:
            return False
        self.filled = cells
        self._fill()
        return True

    def on_resize(self) -> None:
        self.filled = filled_cells(self._position, self._duration, self.size.width)
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        left = self.region.x
        for piece in self.query_children(ProgressSlice):
            start = piece.region.x - left
            piece.filled = min(piece.size.width, max(0, self.filled - start))
