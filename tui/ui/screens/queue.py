"""The play queue in the app: the keys of the episode list that queue episodes, the service
that changes the queue, and the queue view.

The queue lives in the library (SQLite), so it survives quitting, crashes and refreshes.
:class:`PlayQueue` (the app's ``queue``) makes every change in a thread, one at a time and
in the order asked, then marks the episode table's status column (``≡``) and updates the
queue view. Playing and auto-advancing belong to the playback controller: the view's Enter
calls ``Playback.play_episode``, and the app calls :meth:`PlayQueue.changed` when playback
took a finished episode out of the queue.

The queue view and the downloads view are :class:`ViewScreen` s: ordinary screens over a
translucent background (the episode list and the player bar stay in sight), so every app
key (play/pause, seek, volume, help, quit) keeps working while they are open.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from tui.core.models import Episode, PlayerState
from tui.core.text import clean_line, format_duration, format_span, whole_seconds
from tui.ui.downloading import show_status
from tui.ui.keys import binding, key_for
from tui.ui.screens import ReportsWorkerErrors
from tui.ui.screens.view_columns import needed, share
from tui.ui.widgets.episode_table import fit

if TYPE_CHECKING:
    from textual.app import App

    from tui.core.library import Library

QUEUE_BINDINGS: list[Binding] = [
    binding("queue.append", "queue_append", show=False),
    binding("queue.next", "queue_next", show=False),
    binding("queue.show", "show_queue", show=False),
    binding("queue.clear", "clear_queue", show=False),
]  # fmt: skip

_PLAYING = (PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED)


def empty_queue_text(app: App[Any]) -> str:
    append, play_next = key_for(app, "queue.append"), key_for(app, "queue.next")
    return (
        f"The queue is empty. In the episode list, {append} adds the highlighted episode "
        f"to the end of the queue, and {play_next} puts it next."
    )


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def time_left(episode: Episode) -> int | None:
    """Seconds of the episode still to hear (None when its length is unknown)."""
    if episode.duration is None or episode.duration <= 0:
        return None
    heard = 0.0 if episode.played else episode.position
    return max(0, whole_seconds(episode.duration - heard))


def queue_total(episodes: Sequence[Episode], app: App | None = None) -> str:
    """``5 episodes, 3 h 12 min left`` (and how many are of unknown length)."""
    if not episodes:
        append, after = key_for(app, "queue.append"), key_for(app, "queue.next")
        return f"The queue is empty: {append} adds the highlighted episode, {after} plays it next"
    lefts = [time_left(episode) for episode in episodes]
    known = sum(left for left in lefts if left is not None)
    text = f"{_plural(len(episodes), 'episode')}, {format_span(known)} left"
    unknown = lefts.count(None)
    if unknown:
        text += f" (and {unknown:,} of unknown length)"
    return text


def next_place(order: Sequence[int], playing: int | None, episode_id: int) -> int:
    """Where "play next" puts ``episode_id``: right after the playing episode when that is
    queued, else at the front (an index into the queue without ``episode_id``)."""
    rest = [queued for queued in order if queued != episode_id]
    if playing is not None and playing in rest:
        return rest.index(playing) + 1
    return 0


# -- the service -------------------------------------------------------------------------------


class PlayQueue:
    """The app's side of the play queue (see the module docstring)."""

    def __init__(self, app: App[Any], library: Library) -> None:
        self.app = app
        self.library = library
        self._lock = asyncio.Lock()

    @property
    def playing_id(self) -> int | None:
        """The episode loaded in the player (playing, paused or buffering), if any."""
        playback = getattr(self.app, "playback", None)
        if playback is None or playback.episode is None or playback.state not in _PLAYING:
            return None
        return playback.episode.id

    async def _change(self, change: Callable[[], list[int]]) -> list[int]:
        """Run ``change`` (a library call returning the new order) in a thread after the
        changes asked before it; then the table's marks and the views follow."""
        library = self.library

        def run() -> tuple[list[int], list[int]]:
            before = library.queue_ids()
            return before, change()

        async with self._lock:
            before, after = await asyncio.to_thread(run)
        self._marks(before, after)
        self.changed()
        return after

    def _marks(self, before: Iterable[int], after: Iterable[int]) -> None:
        old, new = set(before), set(after)
        for episode_id in old - new:
            show_status(self.app, episode_id, queued=False)
        for episode_id in new - old:
            show_status(self.app, episode_id, queued=True)

    async def append(self, episode_id: int) -> list[int]:
        """Put an episode at the end of the queue (moving it there if it was queued)."""
        return await self._change(lambda: self.library.queue_add([episode_id]))

    async def play_next(self, episode_id: int) -> list[int]:
        """Put an episode right after what is playing (see :func:`next_place`)."""
        playing = self.playing_id

        def change() -> list[int]:
            at = next_place(self.library.queue_ids(), playing, episode_id)
            return self.library.queue_add([episode_id], at=at)

        return await self._change(change)

    async def remove(self, episode_id: int) -> list[int]:
        return await self._change(lambda: self.library.queue_remove([episode_id]))

    async def move_by(self, episode_id: int, delta: int) -> list[int]:
        """Move a queued episode ``delta`` places (negative: towards the front)."""

        def change() -> list[int]:
            order = self.library.queue_ids()
            if episode_id not in order:
                return order
            return self.library.queue_move(episode_id, max(0, order.index(episode_id) + delta))

        return await self._change(change)

    async def clear(self) -> list[int]:
        def change() -> list[int]:
            self.library.queue_clear()
            return []

        return await self._change(change)

    async def episodes(self) -> list[Episode]:
        """The queued episodes, in order."""
        async with self._lock:
            return await asyncio.to_thread(self.library.queue)

    def changed(self) -> None:
        """The queue changed (here, or in playback): the open queue views read it again."""
        for screen in self.app.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.reload()

    def run(self, work: Any, name: str = "queue") -> None:
        """Run a change in a worker of the app (failures become notifications)."""
        self.app.run_worker(work, name=name, group="queue", exit_on_error=False)

    def confirm_clear(self) -> None:
        """Ask, then empty the queue."""
        from tui.ui.screens.dialogs import ConfirmDialog

        def answered(clear: bool | None) -> None:
            if clear:
                self.run(self.clear(), "queue-clear")

        question = "Take every episode out of the queue? (The episodes stay in the library.)"
        self.app.push_screen(ConfirmDialog("Clear the queue", question, confirm="Clear"), answered)


def play_queue(app: App[Any]) -> PlayQueue | None:
    return getattr(app, "queue", None)


# -- the keys of the episode list ------------------------------------------------------------


class QueueActions:
    """Mixed into the main screen: the actions of :data:`QUEUE_BINDINGS`."""

    app: App[Any]

    def _queue_target(self) -> tuple[PlayQueue, int, str] | None:
        queue = play_queue(self.app)
        browser = cast("Any", self).browser
        episode_id = browser.highlighted_episode_id
        index = browser.index
        row = index.row_of(episode_id) if index is not None and episode_id is not None else None
        if queue is None or row is None:
            return None
        return queue, episode_id, index.titles[row]

    def action_queue_append(self) -> None:
        found = self._queue_target()
        if found is not None:
            queue, episode_id, title = found
            queue.run(self._queued(queue.append(episode_id), episode_id, title, next=False))

    def action_queue_next(self) -> None:
        found = self._queue_target()
        if found is not None:
            queue, episode_id, title = found
            queue.run(self._queued(queue.play_next(episode_id), episode_id, title, next=True))

    async def _queued(self, change: Any, episode_id: int, title: str, *, next: bool) -> None:
        order: list[int] = await change
        place = order.index(episode_id) + 1 if episode_id in order else 0
        where = "next" if next else f"at {place} of {len(order)}"
        if next:
            kind, merged = "queue.next", lambda count: f"Queued {count} episodes to play next"
        else:
            kind, merged = "queue.add", lambda count: f"Added {count} episodes to the queue"
        notify = cast("Any", self.app).notify
        notify(
            f"Queued {where}: {clean_line(title)}",
            markup=False,
            kind=kind,
            merged=merged,
            item=episode_id,
        )

    def action_show_queue(self) -> None:
        if play_queue(self.app) is not None:
            show_view(self.app, QueueScreen)

    def action_clear_queue(self) -> None:
        queue = play_queue(self.app)
        if queue is not None:
            queue.confirm_clear()


# -- the views -------------------------------------------------------------------------------


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


def show_view(app: App[Any], view: type[ViewScreen]) -> None:
    """Open a view (the queue, the downloads); one of them replaces the other."""
    current = app.screen
    if isinstance(current, view):
        return
    if isinstance(current, ViewScreen):
        app.switch_screen(view())
    else:
        app.push_screen(view())


class ViewScreen(ReportsWorkerErrors, Screen[None]):
    """A titled list over the main screen, with a summary line and the footer."""

    TITLE_TEXT = ""
    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()  # (key, label)

    def __init__(self) -> None:
        super().__init__()
        self._widths: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-panel"):
            yield Label(Content(self.TITLE_TEXT), classes="view-title")
            yield ViewTable(
                cursor_type="row", zebra_stripes=True, show_row_labels=False, classes="view-table"
            )
            yield Label("", classes="view-empty", markup=False)
            yield Label("", classes="view-summary", markup=False)
        yield Footer(compact=True)

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
        """Fill the table again (the cursor stays on ``keep``, else on its line)."""
        table = self.table
        if keep is None:
            keep = self.highlighted_key
        line = table.cursor_row
        # Room for a vertical scrollbar is always kept, so rows never go under it.
        width = (table.size.width or 80) - table.styles.scrollbar_size_vertical - 1
        widths = self.column_widths(max(20, width))
        table.clear(columns=widths != self._widths)
        if widths != self._widths:
            self._widths = widths
            for (key, label), column in zip(self.COLUMNS, widths, strict=True):
                table.add_column(Text(fit(label, column)), width=column, key=key)
        keys = self.row_keys()
        for key in keys:
            table.add_row(*self.cells(key, widths), key=key)
        if keep in keys:
            line = keys.index(keep)
        if keys:
            table.move_cursor(row=max(0, min(line, len(keys) - 1)), animate=False)

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
        label.update(Content(text or ""))
        label.display = text is not None
        table = self.table
        if table.display != (text is None):
            table.display = text is None
            if text is None:
                table.focus()

    def set_summary(self, text: str) -> None:
        self.query_one(".view-summary", Label).update(Content(text))

    def on_resize(self, event: events.Resize) -> None:
        # Narrow footers keep their room for keys.
        self.query_one(Footer).show_command_palette = event.size.width >= 100
        if self._widths:
            self.call_after_refresh(self.show_rows)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor(self, delta: int) -> None:
        table = self.table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + delta, table.row_count - 1)))

    def action_show_queue(self) -> None:
        show_view(self.app, QueueScreen)

    def action_show_downloads(self) -> None:
        from tui.ui.screens.downloads import DownloadsScreen

        show_view(self.app, DownloadsScreen)


class QueueScreen(ViewScreen):
    """The queue: place, podcast, title and time left of each episode, and the total."""

    HELP_TITLE = "Queue"
    TITLE_TEXT = "Queue"
    COLUMNS = (("place", "#"), ("podcast", "Podcast"), ("title", "Title"), ("left", "Left"))
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("queue.close", "close", show=False),
        binding("queue.show", "close", label="Close", show=False),
        binding("queue.play", "play"),
        binding("queue.remove", "remove"),
        binding("queue.move_up", "move(-1)"),
        binding("queue.move_down", "move(1)"),
        binding("queue.clear", "clear", label="Clear"),
        binding("queue.cursor_up", "cursor(-1)", show=False),
        binding("queue.cursor_down", "cursor(1)", show=False),
        binding("downloads.show", "show_downloads", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.episodes: list[Episode] = []
        self._by_id: dict[int, Episode] = {}
        self.loaded = False
        """True once the queue was read (the view shows it)."""

    @property
    def queue(self) -> PlayQueue:
        queue = play_queue(self.app)
        assert queue is not None, "the queue view needs the library"
        return queue

    def on_mount(self) -> None:
        self.set_summary("Reading the queue…")
        self.table.focus()
        self.reload()

    def reload(self) -> None:
        """Read the queue again (in a worker) and show it."""
        self.run_worker(self._reload(), group="queue-view", exclusive=True, exit_on_error=False)

    async def _reload(self) -> None:
        self.show(await self.queue.episodes())

    def show(self, episodes: list[Episode]) -> None:
        self.episodes = episodes
        self._by_id = {episode.id: episode for episode in episodes}
        self.show_rows()
        self.set_empty(None if episodes else empty_queue_text(self.app))
        self.set_summary(queue_total(episodes, self.app) if episodes else "No episodes queued")
        self.loaded = True

    @property
    def total_text(self) -> str:
        return str(self.query_one(".view-summary", Label).content)

    def row_keys(self) -> list[str]:
        return [str(episode.id) for episode in self.episodes]

    def column_widths(self, width: int) -> tuple[int, ...]:
        # Each column has one cell of padding on either side; the title comes first.
        podcasts = [clean_line(episode.podcast) for episode in self.episodes]
        titles = [clean_line(episode.title) for episode in self.episodes]
        podcast, title = share(width - 8 - (4 + 8), needed("Podcast", podcasts), needed("", titles))
        return (4, podcast, title, 8)

    def cells(self, key: str, widths: tuple[int, ...]) -> list[Text]:
        episode = self._by_id[int(key)]
        place = self.episodes.index(episode) + 1
        playing = self.queue.playing_id == episode.id
        left = time_left(episode)
        texts = (
            ("▶" if playing else "") + str(place),
            clean_line(episode.podcast),
            clean_line(episode.title),
            format_duration(left) if left is not None else "?",
        )
        return [
            Text(fit(text, width, right=column in (0, 3)))
            for column, (text, width) in enumerate(zip(texts, widths, strict=True))
        ]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_play()

    def action_play(self) -> None:
        episode_id = self.highlighted_id
        playback = getattr(self.app, "playback", None)
        if episode_id is not None and playback is not None and playback.play_episode(episode_id):
            self.show_rows()

    def action_remove(self) -> None:
        episode_id = self.highlighted_id
        if episode_id is not None:
            self.queue.run(self.queue.remove(episode_id), "queue-remove")

    def action_move(self, delta: int) -> None:
        episode_id = self.highlighted_id
        if episode_id is not None:
            self.queue.run(self.queue.move_by(episode_id, delta), "queue-move")

    def action_clear(self) -> None:
        if self.episodes:
            self.queue.confirm_clear()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "remove", "move", "clear"):
            return True if self.episodes else None
        return True
