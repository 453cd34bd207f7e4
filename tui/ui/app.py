"""The podtui application: owns the services (library, player, fetcher) and the screens.

The library opens in a thread once the first frame is up; the player is made when first
needed (unless one is given, as the tests do); the fetcher's HTTP client on first use.
All three are closed when the app unmounts.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, InvalidThemeError, SystemCommand
from textual.binding import BindingType, Keymap
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input, TextArea

import tui
from tui.core import paths
from tui.core.config import Config
from tui.core.errors import PodtuiError
from tui.core.library import Library
from tui.core.models import PlayerState
from tui.core.search import EpisodeIndex
from tui.core.sync.account import account_path
from tui.core.text import format_duration
from tui.player.base import Player
from tui.service.remote import Leaving, RemoteSession
from tui.session import ListeningSession, PlayQueue
from tui.session import events as ev
from tui.ui.commands import PodtuiCommands
from tui.ui.downloading import Downloads
from tui.ui.errors import ReportsWorkerErrors
from tui.ui.keys import binding
from tui.ui.messages import (
    EpisodeUpdated,
    LibraryChanged,
    LibraryFailed,
    LibraryOpened,
    QueueUpdated,
    RefreshFinished,
    TranscriptKept,
)
from tui.ui.notices import Notices
from tui.ui.playback import PLAYBACK_BINDINGS, PlaybackActions, SessionView
from tui.ui.screens.dialogs import pick_link
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.help import HelpScreen, key_sections
from tui.ui.screens.main import MainScreen
from tui.ui.screens.queue import QueueScreen, reload_queue_views
from tui.ui.services import ServicesApp
from tui.ui.status import EpisodeStatus
from tui.ui.syncing import AppSync
from tui.ui.widgets.notes_view import NotesView

if TYPE_CHECKING:
    from tui.core.feeds.fetch import Fetcher
    from tui.service.client import ServiceClient


# The views (each opens the others by name, see tui.ui.screens.view.show_view).
VIEW_SCREENS = (QueueScreen, DownloadsScreen)
ACTIVE = (PlayerState.PLAYING, PlayerState.BUFFERING, PlayerState.PAUSED)
WATCH_INTERVAL = 1.0  # seconds between looks for what other processes wrote to the library


def styles_dir() -> Path:
    """The stylesheets: inside the package when installed from a wheel, else the
    repository's top-level ``styles/``."""
    package = Path(tui.__file__).resolve().parent
    installed = package / "styles"
    return installed if installed.is_dir() else package.parent / "styles"


def stylesheets() -> list[str | PurePath]:
    """Every ``*.tcss`` of the styles dir, ``app.tcss`` (the base) first."""
    found = sorted(styles_dir().glob("*.tcss"))
    ordered: list[Path] = sorted(found, key=lambda path: path.name != "app.tcss")
    return list[str | PurePath](ordered)


class PodtuiApp(ReportsWorkerErrors, PlaybackActions, ServicesApp):
    """A terminal podcast player."""

    TITLE = "podtui"
    HELP_TITLE = "Everywhere"
    COMMANDS: ClassVar = App.COMMANDS | {PodtuiCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("app.quit", "quit"),
        binding("app.detach", "detach"),
        binding("help.keys", "help"),
        binding("app.sync", "sync", show=False),
        binding("app.command_palette", "command_palette", show=False, priority=True),
        *PLAYBACK_BINDINGS,
    ]  # fmt: skip

    def __init__(
        self,
        data_dir: Path,
        config: Config | None = None,
        *,
        player: Player | Callable[[], Player] | None = None,
        vlc_options: Sequence[str] = (),
        fetcher: Fetcher | None = None,
        service: Callable[[], ServiceClient] | None = None,
    ) -> None:
        """``service``: play through the data dir's player service (it connects to one,
        starting one when none runs) instead of a player of the app's own."""
        super().__init__(css_path=stylesheets())
        self.data_dir = Path(data_dir)
        self.config = config if config is not None else Config()
        self.vlc_options = list(vlc_options)
        self.keymap: dict[str, str] = dict(self.config.keymap)
        self.library: Library | None = None
        self.playback: ListeningSession | RemoteSession | None = None
        self._service = service
        self.queue: PlayQueue | None = None
        self.session_view: SessionView | None = None
        self.status = EpisodeStatus(self)
        self.downloads: Downloads | None = None
        self.syncing: AppSync | None = None
        self._player = player if player is not None else self._make_player
        self._fetcher = fetcher
        self._own_fetcher = fetcher is None
        self._closing = False
        self._seen_version: int | None = None
        self.notices = Notices(self)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
        kind: str | None = None,
        merged: Callable[[int], str] | None = None,
        item: object = None,
    ) -> None:
        """A toast; repeated notices of one kind merge into one (see :class:`Notices`)."""
        self.notices.post(
            message,
            kind=kind,
            merged=merged,
            item=item,
            title=title,
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- services -------------------------------------------------------------------------

    @property
    def fetcher(self) -> Fetcher:
        """The one HTTP fetcher (made on first use, on the app's loop)."""
        if self._fetcher is None:
            from tui.core.feeds.fetch import Fetcher  # lazy: httpx loads on first network use

            self._fetcher = Fetcher()
        return self._fetcher

    def _make_player(self) -> Player:
        from tui.player import create_player  # lazy: libVLC loads when something first plays

        return create_player(self.vlc_options, log_file=paths.log_path(self.data_dir))

    @property
    def main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise PodtuiError("the main screen is gone")

    def get_default_screen(self) -> Screen:
        return MainScreen()

    def on_mount(self) -> None:
        if self.config.theme:
            try:
                self.theme = self.config.theme
            except InvalidThemeError:
                self.notify(f"Unknown theme {self.config.theme!r}", severity="warning")
        if self.keymap:
            self.set_keymap(self.keymap)
        # After the first frame: the screen is up (and composed) before the disk is read.
        self.call_after_refresh(self._open_library)
        # A closed terminal (a dropped SSH session) or a polite kill: save and leave.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(number, self._hang_up)

    def _hang_up(self) -> None:
        if self.playback is not None:
            self.playback.shutdown()  # the position first: the terminal may be gone already
        self.exit()

    @work(thread=True, group="library", exit_on_error=False)
    def _open_library(self) -> None:
        try:
            library = Library.open(self.data_dir)
            version = library.data_version()  # before the index: later writes are seen
            index = EpisodeIndex.from_library(library)
            podcasts = library.podcasts()
        except PodtuiError as exc:
            self.post_message(LibraryFailed(exc.message))
            return
        self.post_message(LibraryOpened(library, index, podcasts, version))

    def on_library_opened(self, message: LibraryOpened) -> None:
        if self._closing:
            message.library.close()
            return
        self.library = message.library
        main = self.main_screen
        session: ListeningSession | RemoteSession
        if self._service is not None:
            session = RemoteSession(
                message.library, self.config, self._service, lambda: self.fetcher, self.data_dir
            )
        else:
            session = ListeningSession(
                message.library, self.config, self._player, lambda: self.fetcher
            )
        self.playback, self.queue = session, session.queue
        session.subscribe(self._session_event)
        self.session_view = SessionView(self, session, self.status)
        self.session_view.attach(main.player_bar)
        if isinstance(session, RemoteSession):  # after the first table: a socket can wait
            self.call_after_refresh(session.start)
        else:
            session.start()
        self.downloads = Downloads(
            self, message.library, self.config, self.data_dir, lambda: self.fetcher, self.status
        )
        account_file = account_path(self.config.path or paths.config_file())
        self.syncing = AppSync(
            self, message.library, account_file, lambda: main.post_message(LibraryChanged())
        )
        main.show_library(message.index, message.podcasts)
        self._seen_version = message.data_version
        self.set_interval(WATCH_INTERVAL, self._watch_library)
        self.refresh_bindings()
        self.call_after_refresh(_settle_memory)
        if self.config.sync_at_start:
            self.syncing.start()

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        if self.syncing is not None and self.config.sync_after_refresh:
            self.syncing.start()

    def action_sync(self) -> None:
        if self.syncing is not None:
            self.syncing.start(asked=True)

    def _watch_library(self) -> None:
        """Show what another process wrote (a podtui add, a refresh from cron, a mark).

        One pragma on the main thread when nothing changed, skipped while the library is
        busy in a worker; the changes are read in a thread.
        """
        library = self.library
        if library is None or self._closing:
            return
        version = library.data_version(wait=False)
        if version is None or version == self._seen_version:
            return
        self._seen_version = version
        self.main_screen.sync_library()

    def on_library_failed(self, message: LibraryFailed) -> None:
        self.notify(message.error, severity="error", markup=False, timeout=30)
        self.main_screen.show_failure(message.error)

    def on_episode_updated(self, message: EpisodeUpdated) -> None:
        """Playback changed an episode (finished it): counts and notes follow."""
        self.main_screen.episode_updated([message.episode_id])
        reload_queue_views(self)

    def on_transcript_kept(self, message: TranscriptKept) -> None:
        """A transcript was fetched: the filter finds its words from now on."""
        self.main_screen.browser.search_text_changed()

    def on_queue_updated(self, message: QueueUpdated) -> None:
        reload_queue_views(self)

    async def on_unmount(self) -> None:
        self._closing = True
        if self.downloads is not None:
            await self.downloads.shutdown()
        if self.playback is not None:
            self.playback.shutdown()
        elif isinstance(self._player, Player):
            self._player.close()
        self.workers.cancel_all()
        if self.library is not None:
            self.library.close_search()
            self.library.close()
            self.library = None
        if self._fetcher is not None and self._own_fetcher:
            await self._fetcher.aclose()

    def log_unexpected(self, error: BaseException) -> None:
        """Append a bug's traceback to the log file (the user sees one line)."""
        try:
            with paths.log_path(self.data_dir).open("a", encoding="utf-8") as log:
                log.write(time.strftime("%Y-%m-%d %H:%M:%S ") + "unexpected error\n")
                log.writelines(traceback.format_exception(error))
        except OSError:
            pass

    def on_notes_view_chapter_chosen(self, message: NotesView.ChapterChosen) -> None:
        """A chapter picked in an episode's notes: play the episode from there."""
        if self.playback is not None and self.playback.play_from(message.episode_id, message.start):
            where = format_duration(message.start)
            title = f" · {message.title}" if message.title else ""
            self.notify(f"Playing from {where}{title}", markup=False)

    def on_notes_view_links_wanted(self, message: NotesView.LinksWanted) -> None:
        pick_link(self, message.links)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """No blinking cursor anywhere: each blink repaints the input's whole line, which
        over SSH is hundreds of bytes a second for as long as an input has focus."""
        widget = event.widget
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action.startswith("player_") and self.playback is None:
            return None
        if action == "sync" and self.syncing is None:
            return None
        if action == "detach":  # shown only while the service plays something
            playback = self.playback
            return isinstance(playback, RemoteSession) and playback.state in ACTIVE
        return True

    def _session_event(self, event: ev.SessionEvent) -> None:
        if isinstance(event, ev.StateChanged | ev.NowPlaying):
            self.refresh_bindings()

    async def action_quit(self) -> None:
        """Quit; with the player service, stop what plays first (detach leaves it on)."""
        if isinstance(self.playback, RemoteSession):
            self.playback.leaving = Leaving.STOP
        self.exit()

    def action_detach(self) -> None:
        """Quit, leaving the episode playing in the player service."""
        if isinstance(self.playback, RemoteSession):
            self.playback.leaving = Leaving.KEEP
            self.exit()

    def set_keymap(self, keymap: Keymap) -> None:
        super().set_keymap(keymap)
        self.keymap = dict(keymap)  # what hints and the help name

    def update_keymap(self, keymap: Keymap) -> None:
        super().update_keymap(keymap)
        self.keymap = {**self.keymap, **keymap}

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(key_sections(self)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's "Keys" panel is replaced by the help screen (a podtui command).
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command


def _settle_memory() -> None:
    """Take what exists once the library is shown out of the garbage collector's sweeps.

    The episode index and Textual's own objects live as long as the app; without this, the
    collector's full passes walk them all every dozen keystrokes or so (40-60 ms each, felt
    as a stutter while typing a filter over a big library). Reference counting still frees
    them as usual.
    """
    gc.collect()
    gc.freeze()
