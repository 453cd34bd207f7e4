"""The base of the queue and downloads views: a titled list over the main screen.

Views are ordinary screens over a translucent background (the episode list and the player
bar stay in sight), so every app key (play/pause, seek, volume, help, quit) keeps working
while they are open. One view replaces another (:func:`show_view`).
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Label

from tui.ui.errors import ReportsWorkerErrors
from tui.ui.keys import binding
from tui.ui.screens.coverable import CoverableScreen
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.table_rows import fit


class ViewTable(DataTable):
    """A table with a row cursor whose columns always fit: left and right are not used,
    so they reach the app (seek back and forward); Home and End go to the first and last
    row, as in the episode list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("view.play", "select_cursor"),
        binding("view.first", "scroll_top", show=False),
        binding("view.last", "scroll_bottom", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cursor_left", "cursor_right"):
            return False  # the key goes on to the app
        return super().check_action(action, parameters)


VIEWS: dict[str, type[ViewScreen]] = {}  # VIEW_NAME -> the view, filled as views are defined


def show_view(app: App[Any], view: type[ViewScreen]) -> None:
    """Open a view (the queue, the downloads); one of them replaces the other."""
    current = app.screen
    if isinstance(current, view):
        return
    if isinstance(current, ViewScreen):
        app.switch_screen(view())
    else:
        app.push_screen(view())


class ViewScreen(ReportsWorkerErrors, CoverableScreen):
    """A titled list over the main screen, with a summary line and the footer."""

    TITLE_TEXT = ""
    VIEW_NAME = ""  # how the other views open this one ("queue", "downloads")
    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()  # (key, label)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.VIEW_NAME:
            VIEWS[cls.VIEW_NAME] = cls

    def __init__(self) -> None:
        super().__init__()
        self._widths: tuple[int, ...] = ()
        self._shown: list[tuple[str, list[Text]]] = []  # the rows in the table: key, cells

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-panel"):
            yield Label(Content(self.TITLE_TEXT), classes="view-title")
            yield ViewTable(
                cursor_type="row", zebra_stripes=True, show_row_labels=False, classes="view-table"
            )
            yield Label("", classes="view-empty", markup=False)
            yield Label("", classes="view-summary", markup=False)
        yield KeyFooter(compact=True)

    @property
    def table(self) -> ViewTable:
        return self.query_one(ViewTable)

    def column_widths(self, width: int) -> tuple[int, ...]:
        """The columns' widths for a table ``width`` cells wide."""
        raise NotImplementedError

    def cells(self, key: str, widths: tuple[int, ...]) -> list[Text]:
        """The row of ``key`` (an episode id as text), fitted to ``widths``."""
        raise NotImplementedError

    def row_keys(self) -> list[str]:
        raise NotImplementedError

    def show_rows(self, keep: str | None = None) -> None:
        """Fill the table again (the cursor stays on ``keep``, else on its line). When the
        same rows come back in the same columns, only the cells that changed are redrawn:
        a view read again each time the player saves its place costs nothing on the
        terminal while what it shows stays the same."""
        table = self.table
        # Room for a vertical scrollbar is always kept, so rows never go under it.
        width = (table.size.width or 80) - table.styles.scrollbar_size_vertical - 1
        widths = self.column_widths(max(20, width))
        rows = [(key, self.cells(key, widths)) for key in self.row_keys()]
        if widths == self._widths and [k for k, _ in rows] == [k for k, _ in self._shown]:
            for (key, cells), (_, before) in zip(rows, self._shown, strict=True):
                for (column_key, _), cell, old in zip(self.COLUMNS, cells, before, strict=True):
                    if cell != old:
                        table.update_cell(key, column_key, cell)
            self._shown = rows
            return
        if keep is None:
            keep = self.highlighted_key
        line = table.cursor_row
        table.clear(columns=widths != self._widths)
        if widths != self._widths:
            self._widths = widths
            for (key, label), column in zip(self.COLUMNS, widths, strict=True):
                table.add_column(Text(fit(label, column)), width=column, key=key)
        for key, cells in rows:
            table.add_row(*cells, key=key)
        self._shown = rows
        keys = [key for key, _ in rows]
        if keep in keys:
            line = keys.index(keep)
        if keys:
            table.move_cursor(row=max(0, min(line, len(keys) - 1)), animate=False)

    def set_cell(self, key: str, column: int, cell: Text) -> None:
        """Show ``cell`` in column ``column`` of row ``key`` (between two fillings)."""
        self.table.update_cell(key, self.COLUMNS[column][0], cell)
        for shown_key, cells in self._shown:
            if shown_key == key:
                cells[column] = cell
                break

    @property
    def highlighted_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            return cast(str, table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:  # the cursor is off the rows
            return None

    @property
    def highlighted_id(self) -> int | None:
        key = self.highlighted_key
        return int(key) if key is not None else None

    def set_empty(self, text: str | None) -> None:
        """Say ``text`` in place of the table (None: show the table)."""
        label = self.query_one(".view-empty", Label)
        if str(label.content) != (text or ""):
            label.update(Content(text or ""))
        label.display = text is not None
        table = self.table
        if table.display != (text is None):
            table.display = text is None
            if text is None:
                table.focus()

    def set_summary(self, text: str) -> None:
        label = self.query_one(".view-summary", Label)
        if str(label.content) != text:  # the same words again: nothing to lay out anew
            label.update(Content(text))

    def on_resize(self, event: events.Resize) -> None:
        if self._widths:
            self.call_after_refresh(self.show_rows)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor(self, delta: int) -> None:
        table = self.table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + delta, table.row_count - 1)))

    def action_show_queue(self) -> None:
        show_view(self.app, VIEWS["queue"])

    def action_show_downloads(self) -> None:
        show_view(self.app, VIEWS["downloads"])
