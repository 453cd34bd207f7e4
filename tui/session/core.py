"""The session's state: its player, loaded episode, subscribers, saved positions and snapshot.

Threads: the player reports from its own thread; :meth:`ListeningSession.player_listener`
hands each event to the session's loop (``call_soon_threadsafe``) and returns. Everything
else (the library, the player's commands, the subscribers) runs on that loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.core.config import Config
from tui.core.downloads import playable_source
from tui.core.errors import PodtuiError
from tui.core.feeds.chapters import Chapter
from tui.core.library import Library
from tui.core.models import Episode, PlayerState, SleepMode
from tui.player import base
from tui.player.base import Player
from tui.session import events as ev
from tui.session.chapters import ChapterCache
from tui.session.queue import PlayQueue
from tui.session.sleep import SleepTimer

RESUME_REWIND = 5.0  # seconds replayed when resuming an episode
SAVE_INTERVAL = 5.0  # seconds between position saves while playing
SAVE_MIN_MOVE = 0.5  # seconds the position must have moved to be written again

ACTIVE = (PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED)

Subscriber = Callable[[ev.SessionEvent], None]

if TYPE_CHECKING:
    from tui.core.feeds.fetch import Fetcher


class SessionCore:
    """What plays, where it is, and what happens when it ends (see the module docstring).

    ``player`` is a Player, or a function making one on first use (a failure to make one
    is told as a :class:`Notice`, once per attempt). The session owns the player:
    :meth:`shutdown` closes it. ``fetcher`` gives the shared HTTP fetcher for chapters.
    """

    def __init__(
        self,
        library: Library,
        config: Config,
        player: Player | Callable[[], Player],
        fetcher: Callable[[], Fetcher],
        *,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        self.library = library
        self.config = config
        self._player: Player | None = player if isinstance(player, Player) else None
        self._make_player = None if isinstance(player, Player) else player
        self._loop = loop
        self._subscribers: list[Subscriber] = []
        self.queue = PlayQueue(library, self._playing_id, self._publish)
        self.chapter_cache = ChapterCache(fetcher)
        self.episode: Episode | None = None
        self._source: str | None = None
        self._saved = 0.0  # the position last written for the current episode
        self._reached_playing = False  # the current episode has really played
        self._finished = False  # the current episode ended (and was marked played)
        self._held = False  # the stream ended early: its place stays as saved
        self._seek_refused = False  # the player could not seek: the end that follows says so
        self._saver: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._pending_jump: tuple[int, int] | None = None  # (episode id, direction)
        self._closed = False
        self._context: contextvars.Context | None = None
        self._after_sleep: int | None = None  # the queue's next when the timer ended one
        self.sleep = SleepTimer(
            lambda: self._player,
            self._publish,
            self._sleep_now,
            lambda delay, callback: self.loop.call_later(delay, callback, context=self._context),
            lambda: self.loop.time(),
        )

    # -- subscribers and lifecycle --------------------------------------------------------

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` with every event from now on; returns the unsubscribe."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    def _publish(self, event: ev.SessionEvent) -> None:
        for subscriber in list(self._subscribers):
            subscriber(event)

    def _notify(self, message: str, *, error: bool = False) -> None:
        self._publish(ev.Notice(message, error))

    def start(self) -> None:
        """Listen to the player (if made) and offer the last episode listened to."""
        self.loop  # noqa: B018 - bind the loop now, from its own thread
        # Player events and timers run in the context the session was started in (an
        # app's context variables stay set for what subscribers do).
        self._context = contextvars.copy_context()
        if self._player is not None:
            self._player.set_listener(self.player_listener)
        self._offer_last()

    def _offer_last(self) -> None:
        """Load the episode that was playing when the session last closed, paused at its
        place: :meth:`toggle_pause` resumes it."""
        if self.episode is not None:
            return
        try:
            episode_id = self.library.last_listened()
            if episode_id is None:
                return
            episode = self.library.episode(episode_id, with_notes=False)
        except PodtuiError:
            return
        source = playable_source(episode)
        if not source:
            return
        self.episode, self._source, self._saved = episode, source, episode.position
        duration = float(episode.duration or 0) or None
        self._publish(
            ev.NowPlaying(
                episode.id, episode.title, episode.podcast, episode.position, duration, True
            )
        )

    def shutdown(self) -> None:
        """Save the position and close the player."""
        if self._closed:
            return
        self._closed = True
        self._run_saver(False)
        self.sleep.shutdown()
        self.chapter_cache.cancel()
        for task in list(self._tasks):
            task.cancel()
        player = self._player
        if player is None:
            return
        player.set_listener(None)
        try:
            self.save_position()
        finally:
            player.close()

    @property
    def player(self) -> Player | None:
        """The player, made on first use; None (and the reason told) if it cannot be."""
        if self._player is None and self._make_player is not None and not self._closed:
            try:
                self._player = self._make_player()
            except base.PlayerUnavailable as exc:
                self._notify(f"Cannot play: {exc.message}", error=True)
                return None
            self._player.set_listener(self.player_listener)
        return self._player

    @property
    def current_player(self) -> Player | None:
        """The player if it was made (never makes one)."""
        return self._player

    @property
    def state(self) -> PlayerState:
        return self._player.state if self._player is not None else PlayerState.STOPPED

    def _playing_id(self) -> int | None:
        if self.episode is None or self.state not in ACTIVE:
            return None
        return self.episode.id

    @property
    def playing_id(self) -> int | None:
        """The episode playing, paused or loading (None when stopped or ended)."""
        return self._playing_id()

    @property
    def chapters(self) -> list[Chapter] | None:
        """The current episode's chapters once fetched (None: none, or not yet)."""
        found = self.chapter_cache.get(self.episode.id) if self.episode else None
        return found if isinstance(found, list) else None

    def snapshot(self) -> ev.Snapshot:
        player, episode = self._player, self.episode
        position = player.position if player is not None and player.source else None
        if position is None:
            position = episode.position if episode is not None else 0.0
        duration = player.duration if player is not None and player.source else None
        if duration is None and episode is not None:
            duration = float(episode.duration or 0) or None
        try:
            queue = tuple(self.library.queue_ids())
        except PodtuiError:
            queue = ()
        return ev.Snapshot(
            state=self.state,
            episode_id=episode.id if episode is not None else None,
            title=episode.title if episode is not None else "",
            podcast=episode.podcast if episode is not None else "",
            position=position,
            duration=duration,
            rate=player.rate if player is not None else 1.0,
            volume=self.sleep.volume(player) if player is not None else 100,
            queue=queue,
            sleep=self.sleep.mode,
            sleep_remaining=self.sleep.remaining(),
            sleep_length=self.sleep.length,
        )

    # -- the sleep timer ------------------------------------------------------------------

    def set_sleep(self, mode: SleepMode, seconds: float | None = None) -> None:
        """Pause after ``seconds`` of listening (TIMER), at the episode's end (END), or
        never (OFF). A ValueError for a length that is not a few seconds to a day."""
        self.sleep.set(mode, seconds, playing=self.state is PlayerState.PLAYING)

    def _sleep_now(self) -> None:
        """The sleep timer went off: pause where it is (the place is saved)."""
        player = self._player
        if player is not None and player.state in (PlayerState.PLAYING, PlayerState.BUFFERING):
            self.save_position()
            player.pause()
            self._publish(ev.PlayerUpdated())

    def handle_event(self, event: base.PlayerEvent) -> None:
        """Act on a player event (on the loop's thread)."""
        raise NotImplementedError

    def player_listener(self, event: base.PlayerEvent) -> None:
        """The player's listener (any thread): hand the event to the loop and return."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody listens
            self.loop.call_soon_threadsafe(self.handle_event, event, context=self._context)

    # -- positions ------------------------------------------------------------------------

    def save_position(self, *, periodic: bool = False) -> bool:
        """Write the current episode's position if it moved; True if written."""
        player, episode = self._player, self.episode
        if player is None or episode is None or self._finished or not self._reached_playing:
            return False
        if self._held or player.source != self._source:
            return False
        position = player.position
        if abs(position - self._saved) < SAVE_MIN_MOVE:
            return False
        try:
            self.library.save_position(episode.id, position)
        except PodtuiError as exc:
            self._notify(f"Cannot save the position: {exc.message}", error=True)
            return False
        self._saved = episode.position = position
        if not self._closed:
            self._publish(ev.PositionSaved(episode.id, position, periodic))
        return True

    def _save_periodically(self) -> None:
        self._saver = None
        self.save_position(periodic=True)
        self._run_saver(self.state is PlayerState.PLAYING)

    def _run_saver(self, playing: bool) -> None:
        if playing and self._saver is None and not self._closed:
            self._saver = self.loop.call_later(
                SAVE_INTERVAL, self._save_periodically, context=self._context
            )
        elif not playing and self._saver is not None:
            self._saver.cancel()
            self._saver = None
