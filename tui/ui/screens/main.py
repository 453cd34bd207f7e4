"""The main screen: podcasts on the left, the episode browser, the notes of the highlighted
episode (beside it on wide terminals, below it on narrow ones), the player bar.

Everything slow runs in a worker: reading notes (debounced while the cursor moves),
marking played, adding, removing and refreshing podcasts, rebuilding the episode index.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Label, LoadingIndicator

from tui.core.errors import PodtuiError
from tui.core.search import EpisodeIndex
from tui.core.watch import LibraryDelta, read_changes
from tui.ui.errors import ReportsWorkerErrors
from tui.ui.keys import binding, key_for
from tui.ui.messages import EpisodeChanged, IndexRebuilt, LibraryChanged
from tui.ui.screens.coverable import CoverableScreen
from tui.ui.screens.download_keys import DOWNLOAD_BINDINGS, DownloadActions
from tui.ui.screens.notes_keys import NotesActions
from tui.ui.screens.opml import OpmlActions
from tui.ui.screens.queue import QUEUE_BINDINGS, QueueActions, reload_queue_views
from tui.ui.screens.subscription_keys import SubscriptionActions
from tui.ui.widgets.episode_browser import EpisodeBrowser
from tui.ui.widgets.episode_table import EpisodeTable
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.notes_view import NotesView, load_notes
from tui.ui.widgets.player_bar import PlayerBar
from tui.ui.widgets.podcast_list import PodcastList, PodcastListHeader

if TYPE_CHECKING:
    from tui.core.models import Podcast

NOTES_DELAY = 0.08  # seconds the cursor must rest on an episode before its notes load
NOTES_PREVIEW = 2000  # characters of notes the pane shows (n shows them all)
MEDIUM = 100  # columns from which the podcast list gets wider
WIDE = 160  # columns from which the notes sit beside the episodes rather than below
TALL = 20  # rows from which the notes pane is shown at all


class MainScreen(
    QueueActions,
    DownloadActions,
    OpmlActions,
    NotesActions,
    SubscriptionActions,
    ReportsWorkerErrors,
    CoverableScreen,
):
    HELP_TITLE = "Library"
    AUTO_FOCUS = "#episode-table"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [  # type: ignore[misc]
        (0, "-narrow"),
        (MEDIUM, "-medium"),
        (WIDE, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (TALL, "-tall")]  # type: ignore[misc]

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("podcasts.add", "add_feed"),
        binding("podcasts.refresh", "refresh_podcast"),
        binding("podcasts.refresh_all", "refresh_all", show=False),
        binding("podcasts.remove", "remove_podcast", show=False),
        binding("episodes.toggle_played", "toggle_played"),
        binding("view.notes", "notes", show=False),
        binding("notes.links", "links", show=False),
        binding("notes.chapters", "chapters", show=False),
        binding("view.transcript", "transcript", show=False),
        binding("view.podcasts", "focus_podcasts", show=False),
        binding("view.episodes", "focus_episodes", show=False),
        *QUEUE_BINDINGS,
        *DOWNLOAD_BINDINGS,
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__(id="main")
        self._ready = False
        self._notes_timer: Timer | None = None
        self._wanted_notes: int | None = None
        self._shown_keys_for: int | None = None  # an episode was highlighted at the last refresh
        self._refreshing = False
        self.notes_delay = NOTES_DELAY

    def compose(self) -> ComposeResult:
        with Horizontal(id="main-body"):
            with Vertical(id="podcast-pane"):
                yield PodcastListHeader(id="podcasts-header")
                yield PodcastList(id="podcasts")
            with Vertical(id="main-center"):
                yield EpisodeBrowser(id="browser")
                yield NotesView(
                    id="notes",
                    empty="Opening the library…",
                    preview=NOTES_PREVIEW,
                    chapters=self.chapters_of,
                )
        with Horizontal(id="status-line"):
            yield LoadingIndicator(id="status-spinner")
            yield Label("", id="status-text", markup=False)
        yield PlayerBar(id="player-bar")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.browser.table.placeholder = "Opening the library…"

    def on_screen_resume(self) -> None:
        # Back on top: what changed while another screen covered this one (the player's
        # clock, an episode's "▶ 42%") was kept from the terminal until now.
        for bar in self.query(PlayerBar):
            bar.uncovered()
        if self.ready:
            self.browser.table.refresh()

    # -- parts ----------------------------------------------------------------------------

    @property
    def browser(self) -> EpisodeBrowser:
        return self.query_one("#browser", EpisodeBrowser)

    @property
    def podcast_list(self) -> PodcastList:
        return self.query_one("#podcasts", PodcastList)

    @property
    def notes_view(self) -> NotesView:
        return self.query_one("#notes", NotesView)

    @property
    def player_bar(self) -> PlayerBar:
        return self.query_one("#player-bar", PlayerBar)

    @property
    def ready(self) -> bool:
        """True once the library is shown."""
        return self._ready

    # -- the library ----------------------------------------------------------------------

    def show_library(self, index: EpisodeIndex, podcasts: list[Podcast]) -> None:
        """The library opened: show it, newest episode highlighted, table focused."""
        self._ready = True
        self._set_podcasts(podcasts)
        if not len(index):
            self.notes_view.show_message(
                f"No episodes yet: press {key_for(self.app, 'podcasts.add')} to add a podcast"
            )
        self._load_index(index)
        self.browser.table.focus()

    def _set_podcasts(self, podcasts: list[Podcast], select: int | None = None) -> None:
        """The podcast list, as wide as its longest line needs (within the breakpoint's
        bounds: episode titles keep the most room), plus its border."""
        podcast_list = self.podcast_list
        podcast_list.set_podcasts(podcasts, select=select)
        self._fit_podcast_pane()

    def _fit_podcast_pane(self) -> None:
        pane = self.query_one("#podcast-pane")
        width = self.podcast_list.wanted_width + 1
        if pane.styles.width is None or pane.styles.width.value != width:
            pane.styles.width = width  # a layout only when the width changes

    def show_failure(self, error: str) -> None:
        self.browser.table.placeholder = f"Cannot open the library: {error}"
        self.browser.table.refresh()
        self.notes_view.show_message("")

    def _load_index(self, index: EpisodeIndex) -> None:
        browser = self.browser
        browser.load(index, keep_cursor=True)
        browser.index_notes_in_background(self.library)

    @on(LibraryChanged)
    def _library_changed(self, message: LibraryChanged) -> None:
        self._rebuild_index(message.select)

    @work(exclusive=True, group="index", exit_on_error=False)
    async def _rebuild_index(self, select: int | None) -> None:
        library = self.library

        def build() -> IndexRebuilt:
            return IndexRebuilt(EpisodeIndex.from_library(library), library.podcasts(), select)

        self.post_message(await asyncio.to_thread(build))

    @on(IndexRebuilt)
    def _index_rebuilt(self, message: IndexRebuilt) -> None:
        self._load_index(message.index)
        self._set_podcasts(message.podcasts, select=message.select)
        self.browser.show_podcast(self.podcast_list.selected_podcast_id)
        if message.select is not None:  # a new podcast: show all of it
            self.browser.clear_filter()

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def sync_library(self) -> None:
        """Another process changed the library: read what changed and show it."""
        index = self.browser.index
        if not self._ready or index is None:
            return
        shown = {podcast.id: podcast for podcast in self.podcast_list.podcasts}
        delta = await asyncio.to_thread(read_changes, self.library, index, shown)
        if self.browser.index is not delta.base:  # rebuilt meanwhile: compare again
            self.call_later(self.sync_library)
            return
        self._apply_delta(delta)

    def _apply_delta(self, delta: LibraryDelta) -> None:
        browser = self.browser
        if delta.index is not None:
            self._load_index(delta.index)
            self.podcast_list.set_podcasts(delta.podcasts)
            browser.show_podcast(self.podcast_list.selected_podcast_id)
        else:
            index = delta.base
            for episode_id, (played, position, queued, downloaded) in delta.statuses.items():
                index.update(
                    episode_id,
                    played=bool(played),
                    position=position,
                    queued=bool(queued),
                    downloaded=bool(downloaded),
                )
                browser.refresh_episode(episode_id)
            self.podcast_list.update_counts(delta.podcasts)
        shown = self.notes_view.episode_id
        current = browser.index
        if (
            shown is not None
            and current is not None
            and current.row_of(shown) is not None
            and (delta.index is not None or shown in delta.statuses)
        ):
            self._reread_episode(shown)
        reload_queue_views(self.app)

    @work(exclusive=True, group="counts", exit_on_error=False)
    async def recount(self) -> None:
        """Read the unplayed counts again."""
        podcasts = await asyncio.to_thread(self.library.podcasts)
        self.podcast_list.update_counts(podcasts)
        self._fit_podcast_pane()

    # -- podcasts and episodes ------------------------------------------------------------

    @on(PodcastList.PodcastHighlighted)
    def _podcast_highlighted(self, event: PodcastList.PodcastHighlighted) -> None:
        self.browser.show_podcast(event.podcast_id)

    @on(PodcastList.PodcastChosen)
    def _podcast_chosen(self, event: PodcastList.PodcastChosen) -> None:
        self.browser.table.focus()

    @on(EpisodeTable.Selected)
    def _episode_selected(self, event: EpisodeTable.Selected) -> None:
        playback = self.podtui.playback
        if playback is not None:
            playback.play_episode(event.episode_id)

    @on(EpisodeTable.Highlighted)
    def _episode_highlighted(self, event: EpisodeTable.Highlighted) -> None:
        """Load the notes once the cursor rests (holding a key down loads nothing)."""
        self._wanted_notes = event.episode_id
        if self._notes_timer is not None:
            self._notes_timer.stop()
            self._notes_timer = None
        if (event.episode_id is None) != (self._shown_keys_for is None):
            # The footer's episode keys come or go (refreshing it costs a layout).
            self._shown_keys_for = event.episode_id
            self.refresh_bindings()
        if event.episode_id is None:
            if self._ready and self.browser.index is not None and len(self.browser.index):
                self.notes_view.show_message("No episode matches")
            return
        self._shown_keys_for = event.episode_id
        self._notes_timer = self.set_timer(self.notes_delay, self._load_wanted_notes)

    def _load_wanted_notes(self) -> None:
        self._notes_timer = None
        if self._wanted_notes is not None:
            self._load_notes(self._wanted_notes)

    @work(exclusive=True, group="notes", exit_on_error=False)
    async def _load_notes(self, episode_id: int) -> None:
        try:
            notes = await asyncio.to_thread(load_notes, self.library, episode_id)
        except PodtuiError as exc:
            self.notes_view.show_message(exc.message)
            return
        if episode_id == self._wanted_notes:
            await self.notes_view.show(notes)

    @on(EpisodeChanged)
    def _episode_changed(self, message: EpisodeChanged) -> None:
        for episode_id in message.episode_ids:
            self.podtui.status.show(episode_id, played=message.played)
        self.episode_updated(message.episode_ids)

    def episode_updated(self, episode_ids: list[int]) -> None:
        """Episodes changed in the library: counts and the notes header follow."""
        self.recount()
        shown = self.notes_view.episode_id
        if shown is not None and shown in episode_ids:
            self._reread_episode(shown)

    @work(group="episode", exit_on_error=False)
    async def _reread_episode(self, episode_id: int) -> None:
        episode = await asyncio.to_thread(self.library.episode, episode_id, with_notes=False)
        self.notes_view.update_episode(episode)

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_feed", "refresh_all", "import_opml", "export_opml"):
            return True if self._ready else None
        if action in ("refresh_podcast", "remove_podcast"):
            return True if self._ready and self._target_podcast() is not None else None
        if action in (
            "toggle_played",
            "notes",
            "chapters",
            "queue_append",
            "queue_next",
            "download",
        ):
            return True if self._highlighted() is not None else None
        if action in ("show_queue", "clear_queue", "show_downloads"):
            return True if self._ready else None
        if action == "links":
            return True if self._highlighted() is not None else None
        return True

    def _highlighted(self) -> int | None:
        return self.browser.highlighted_episode_id if self._ready else None

    def _target_podcast(self) -> Podcast | None:
        """The podcast picked in the list, else the highlighted episode's."""
        podcasts = self.podcast_list
        podcast_id = podcasts.selected_podcast_id
        if podcast_id is None:
            episode_id, index = self._highlighted(), self.browser.index
            row = index.row_of(episode_id) if index is not None and episode_id else None
            if row is None:
                return None
            podcast_id = index.podcast_ids[row]  # type: ignore[union-attr]
        return podcasts.podcast(podcast_id)

    def action_focus_podcasts(self) -> None:
        self.podcast_list.focus()

    def action_focus_episodes(self) -> None:
        self.browser.table.focus()

    def action_toggle_played(self) -> None:
        episode_id, index = self._highlighted(), self.browser.index
        row = index.row_of(episode_id) if index is not None and episode_id else None
        if row is not None:
            self._set_played(episode_id, not index.played[row])  # type: ignore[union-attr]

    @work(group="played", exit_on_error=False)
    async def _set_played(self, episode_id: int, played: bool) -> None:
        await asyncio.to_thread(self.library.set_played, [episode_id], played)
        self.post_message(EpisodeChanged([episode_id], played))
