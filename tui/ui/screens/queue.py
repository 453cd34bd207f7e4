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

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label

from tui.core.models import Episode, PlayerState
from tui.core.text import clean_line, format_duration, format_span, whole_seconds
from tui.session import PlayQueue
from tui.ui.keys import binding, key_for
from tui.ui.screens.dialogs import ConfirmDialog
from tui.ui.screens.view import ViewScreen, show_view
from tui.ui.screens.view_columns import needed, share
from tui.ui.services import services
from tui.ui.widgets.episode_browser import EpisodeBrowser
from tui.ui.widgets.table_rows import fit

if TYPE_CHECKING:
    from textual.app import App


QUEUE_BINDINGS: list[Binding] = [
    binding("queue.append", "queue_append", show=False),
    binding("queue.next", "queue_next", show=False),
    binding("queue.show", "show_queue", show=False),
    binding("queue.clear", "clear_queue", show=False),
]  # fmt: skip

_PLAYING = (PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED)


def empty_queue_text(app: App[Any] | None) -> str:
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
        return empty_queue_text(app)
    lefts = [time_left(episode) for episode in episodes]
    known = sum(left for left in lefts if left is not None)
    text = f"{_plural(len(episodes), 'episode')}, {format_span(known)} left"
    unknown = lefts.count(None)
    if unknown:
        text += f" (and {unknown:,} of unknown length)"
    return text


def play_queue(app: App[Any]) -> PlayQueue | None:
    """The session's queue (None until the library is open)."""
    found = services(app)
    return found.queue if found is not None else None


def reload_queue_views(app: App[Any]) -> None:
    """The queue changed: the open queue views read it again."""
    for screen in app.screen_stack:
        if isinstance(screen, QueueScreen):
            screen.reload()


def run_change(app: App[Any], work: Any, name: str = "queue") -> None:
    """Run a queue change in a worker of the app (failures become notifications)."""
    app.run_worker(work, name=name, group="queue", exit_on_error=False)


def confirm_clear(app: App[Any], queue: PlayQueue) -> None:
    """Ask, then empty the queue."""

    def answered(clear: bool | None) -> None:
        if clear:
            run_change(app, queue.clear(), "queue-clear")

    question = "Take every episode out of the queue? (The episodes stay in the library.)"
    app.push_screen(ConfirmDialog("Clear the queue", question, confirm="Clear"), answered)


# -- the keys of the episode list ------------------------------------------------------------


class QueueActions:
    """Mixed into the main screen: the actions of :data:`QUEUE_BINDINGS`."""

    app: App[Any]

    @property
    def browser(self) -> EpisodeBrowser:
        raise NotImplementedError

    def _queue_target(self) -> tuple[PlayQueue, int, str] | None:
        queue = play_queue(self.app)
        browser = self.browser
        episode_id = browser.highlighted_episode_id
        index = browser.index
        if queue is None or index is None or episode_id is None:
            return None
        row = index.row_of(episode_id)
        if row is None:
            return None
        return queue, episode_id, index.titles[row]

    def action_queue_append(self) -> None:
        found = self._queue_target()
        if found is not None:
            queue, episode_id, title = found
            run_change(
                self.app, self._queued(queue.append(episode_id), episode_id, title, next=False)
            )

    def action_queue_next(self) -> None:
        found = self._queue_target()
        if found is not None:
            queue, episode_id, title = found
            run_change(
                self.app, self._queued(queue.play_next(episode_id), episode_id, title, next=True)
            )

    async def _queued(self, change: Any, episode_id: int, title: str, *, next: bool) -> None:
        order: list[int] = await change
        place = order.index(episode_id) + 1 if episode_id in order else 0
        where = "next" if next else f"at {place} of {len(order)}"
        if next:
            kind, merged = "queue.next", lambda count: f"Queued {count} episodes to play next"
        else:
            kind, merged = "queue.add", lambda count: f"Added {count} episodes to the queue"
        app = services(self.app)
        if app is None:
            return
        app.notify(
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
            confirm_clear(self.app, queue)


class QueueScreen(ViewScreen):
    """The queue: place, podcast, title and time left of each episode, and the total."""

    HELP_TITLE = "Queue"
    TITLE_TEXT = "Queue"
    VIEW_NAME = "queue"
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
        self._reload_waiting = False
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
        """Read the queue again (in a worker) and show it; a read asked for while another
        has not started yet is the same read."""
        if self._reload_waiting:
            return
        self._reload_waiting = True
        self.run_worker(self._reload(), group="queue-view", exclusive=True, exit_on_error=False)

    async def _reload(self) -> None:
        self._reload_waiting = False
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
        app = services(self.app)
        playback = app.playback if app is not None else None
        if episode_id is not None and playback is not None and playback.play_episode(episode_id):
            self.show_rows()

    def action_remove(self) -> None:
        episode_id = self.highlighted_id
        if episode_id is not None:
            run_change(self.app, self.queue.remove(episode_id), "queue-remove")

    def action_move(self, delta: int) -> None:
        episode_id = self.highlighted_id
        if episode_id is not None:
            run_change(self.app, self.queue.move_by(episode_id, delta), "queue-move")

    def action_clear(self) -> None:
        if self.episodes:
            confirm_clear(self.app, self.queue)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "remove", "move", "clear"):
            return True if self.episodes else None
        return True
