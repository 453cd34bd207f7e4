"""Playback in the app: the keys, the controller between player, library and screen, chapters.

Threads: the player reports from its own thread. :meth:`Playback.listener` only wraps each
event in a Message and posts it to the app (``post_message`` is thread-safe and does not
wait); the app hands the messages back to :meth:`Playback.handle_event` on its own thread,
where the library, the screen and the player are touched.

The app mixes in :class:`PlaybackActions` (the actions of :data:`PLAYBACK_BINDINGS` and the
handlers of the player messages), creates a :class:`Playback` as ``self.playback``, calls
:meth:`Playback.start` once mounted and :meth:`Playback.shutdown` when unmounting.
"""

from __future__ import annotations

import json
import math
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.timer import Timer

from tui.core.downloads import playable_source
from tui.core.errors import PodtuiError
from tui.core.models import Episode, PlayerState
from tui.core.text import clean_line, format_duration
from tui.player.base import (
    MAX_RATE,
    MAX_VOLUME,
    MIN_RATE,
    MIN_VOLUME,
    DurationChanged,
    EndReached,
    Player,
    PlayerError,
    PlayerEvent,
    PlayerUnavailable,
    SeekFailed,
    StateChanged,
)
from tui.session.finish import Ending, judge_end
from tui.ui.keys import binding, key_for
from tui.ui.messages import (
    EpisodeUpdated,
    PlayerDurationChanged,
    PlayerEndReached,
    PlayerFailed,
    PlayerMessage,
    PlayerSeekFailed,
    PlayerStateChanged,
)

if TYPE_CHECKING:
    from textual.app import App

    from tui.core.config import Config
    from tui.core.library import Library
    from tui.ui.widgets.episode_browser import EpisodeBrowser
    from tui.ui.widgets.player_bar import PlayerBar

RESUME_REWIND = 5.0  # seconds replayed when resuming an episode
SAVE_INTERVAL = 5.0  # seconds between position saves while playing
SAVE_MIN_MOVE = 0.5  # seconds the position must have moved to be written again
ROW_REFRESH_INTERVAL = 60.0  # while playing, the table's "▶ 42%" is repainted this often
RATE_STEP = 0.1
VOLUME_STEP = 5
CHAPTER_RESTART = 3.0  # "previous chapter" further than this into a chapter restarts it
CHAPTERS_MAX_BYTES = 1024 * 1024
MAX_CHAPTERS = 2000
MAX_CHAPTER_TITLE = 200

_ACTIVE = (PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED)

PLAYBACK_BINDINGS: list[Binding] = [
    binding("player.toggle_pause", "player_toggle_pause"),
    binding("player.stop", "player_stop", show=False),
    binding("player.seek_back", "player_seek_back", show=False),
    binding("player.seek_forward", "player_seek_forward", show=False),
    binding("player.seek_back_long", "player_seek_back_long", show=False),
    binding("player.seek_forward_long", "player_seek_forward_long", show=False),
    binding("player.restart", "player_restart", show=False),
    binding("player.slower", "player_slower", show=False),
    binding("player.faster", "player_faster", show=False),
    binding("player.volume_down", "player_volume_down", show=False),
    binding("player.volume_up", "player_volume_up", show=False),
    binding("player.previous_chapter", "player_previous_chapter", show=False),
    binding("player.next_chapter", "player_next_chapter", show=False),
]


__all__ = [  # the messages are defined with the app's other messages
    "PLAYBACK_BINDINGS",
    "Chapter",
    "ChaptersError",
    "EpisodeUpdated",
    "Playback",
    "PlaybackActions",
    "PlayerDurationChanged",
    "PlayerEndReached",
    "PlayerFailed",
    "PlayerMessage",
    "PlayerSeekFailed",
    "PlayerStateChanged",
    "chapter_target",
    "fetch_chapters",
    "parse_chapters",
]

_MESSAGES: dict[type, type[PlayerMessage]] = {
    StateChanged: PlayerStateChanged,
    EndReached: PlayerEndReached,
    PlayerError: PlayerFailed,
    DurationChanged: PlayerDurationChanged,
    SeekFailed: PlayerSeekFailed,
}


# -- chapters -------------------------------------------------------------------------------


class ChaptersError(PodtuiError):
    """An episode's chapters cannot be fetched or read."""


@dataclass(frozen=True, slots=True)
class Chapter:
    start: float  # seconds
    title: str


def _is_chapters_type(kind: str | None) -> bool:
    return kind is None or "json" in kind.lower()


def parse_chapters(data: bytes) -> list[Chapter]:
    """Podcasting 2.0 JSON chapters (``{"chapters": [{"startTime": 0, "title": ...}]}``).

    Chapters without a usable start time and those hidden from the table of contents
    (``"toc": false``) are left out; titles are cleaned; the result is sorted by start.
    """
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        raise ChaptersError("the chapters are not valid JSON") from None
    items = document.get("chapters") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise ChaptersError("the chapters file has no chapter list")
    found: dict[float, Chapter] = {}
    for item in items:
        if not isinstance(item, dict) or item.get("toc") is False:
            continue
        start = item.get("startTime")
        if isinstance(start, bool) or not isinstance(start, int | float):
            continue
        start = float(start)
        if not math.isfinite(start) or start < 0:
            continue
        title = item.get("title")
        text = clean_line(title if isinstance(title, str) else "")[:MAX_CHAPTER_TITLE]
        found.setdefault(start, Chapter(start, text))
        if len(found) >= MAX_CHAPTERS:
            break
    return sorted(found.values(), key=lambda chapter: chapter.start)


async def fetch_chapters(url: str) -> list[Chapter]:
    """Fetch and parse a chapters file (timeouts, an overall deadline, a 1 MiB cap)."""
    from tui.core.feeds.fetch import Fetcher

    async with Fetcher(
        connect_timeout=5.0, read_timeout=10.0, deadline=15.0, max_bytes=CHAPTERS_MAX_BYTES
    ) as fetcher:
        try:
            result = await fetcher.fetch_feed(url)
        except PodtuiError as exc:
            raise ChaptersError(f"cannot fetch the chapters: {exc.message}") from None
    return parse_chapters(result.content or b"")


def chapter_target(chapters: list[Chapter], position: float, direction: int) -> float | None:
    """Where "next" (``direction`` > 0) or "previous" chapter goes from ``position``;
    None when there is no chapter that way. "Previous" well into a chapter restarts it."""
    starts = [chapter.start for chapter in chapters]
    if direction > 0:
        index = bisect_right(starts, position + 0.5)
        return starts[index] if index < len(starts) else None
    current = bisect_right(starts, position) - 1
    if current >= 0 and position - starts[current] > CHAPTER_RESTART:
        return starts[current]
    if current >= 1:
        return starts[current - 1]
    return 0.0 if position > 0.5 else None


# -- the controller -------------------------------------------------------------------------


class Playback:
    """What the playback keys do, and what happens when the player reports.

    ``player`` is a Player, or a function making one on first use (the failure to make one
    is shown to the user, once per attempt). Playback owns the player: :meth:`shutdown`
    closes it.
    """

    def __init__(
        self,
        app: App[Any],
        library: Library,
        config: Config,
        player: Player | Callable[[], Player],
    ) -> None:
        self.app = app
        self.library = library
        self.config = config
        if isinstance(player, Player):
            self._player: Player | None = player
            self._make_player: Callable[[], Player] | None = None
        else:
            self._player = None
            self._make_player = player
        self.bar: PlayerBar | None = None
        self.episode: Episode | None = None
        self._source: str | None = None
        self._saved = 0.0  # the position last written for the current episode
        self._reached_playing = False  # the current episode has really played
        self._finished = False  # the current episode ended (and was marked played)
        self._held = False  # the stream ended early: its place stays as saved
        self._seek_refused = False  # the player could not seek: the end that follows says so
        self._saver: Timer | None = None
        self._row_repainted = -math.inf  # when the episode's table row was last repainted
        self._row_status: dict[tuple[int, int], str] = {}  # (index, episode) -> status shown
        self._chapters: dict[int, list[Chapter] | ChaptersError] = {}
        self._pending_jump: tuple[int, int] | None = None  # (episode id, direction)
        self._closed = False

    # -- lifecycle ----------------------------------------------------------------------

    def start(self, bar: PlayerBar | None = None) -> None:
        """Connect to the bar (call from the app's ``on_mount``)."""
        self.bar = bar
        if self._player is not None:
            self._player.set_listener(self.listener)
        if bar is not None:
            bar.attach(self._player)
        self._offer_last()

    def _offer_last(self) -> None:
        """Show the episode that was playing when the app last closed, paused at its place:
        Space resumes it."""
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
        self.episode, self._source = episode, source
        self._saved = episode.position
        if self.bar is not None:
            self.bar.show_episode(episode.podcast, episode.title)
            self.bar.show_parked(episode.position, float(episode.duration or 0) or None)

    def shutdown(self) -> None:
        """Save the position and close the player (call from the app's ``on_unmount``)."""
        if self._closed:
            return
        self._closed = True
        self._run_saver(False)
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
        """The player, made on first use; None (and the reason shown) if it cannot be."""
        if self._player is None and self._make_player is not None and not self._closed:
            try:
                self._player = self._make_player()
            except PlayerUnavailable as exc:
                self._notify(f"Cannot play: {exc.message}", error=True)
                return None
            self._player.set_listener(self.listener)
            if self.bar is not None:
                self.bar.attach(self._player)
        return self._player

    @property
    def state(self) -> PlayerState:
        return self._player.state if self._player is not None else PlayerState.STOPPED

    @property
    def chapters(self) -> list[Chapter] | None:
        """The current episode's chapters once fetched (None: none, or not yet)."""
        found = self._chapters.get(self.episode.id) if self.episode else None
        return found if isinstance(found, list) else None

    def listener(self, event: PlayerEvent) -> None:
        """The player's listener (any thread): hand the event to the app and return."""
        message = _MESSAGES.get(type(event))
        if message is not None:
            self.app.post_message(message(event))

    # -- commands -----------------------------------------------------------------------

    def play_episode(self, episode_id: int) -> bool:
        """Play an episode, resuming a little before where it was left. The queue is
        not touched. False (and the reason shown) if it cannot start."""
        try:
            episode = self.library.episode(episode_id, with_notes=False)
        except PodtuiError as exc:
            self._notify(exc.message, error=True)
            return False
        source = playable_source(episode)
        if not source:
            self._notify(f"“{episode.title}” has no audio to play", error=True)
            return False
        player = self._player
        if (
            player is not None
            and self.episode is not None
            and self.episode.id == episode_id
            and player.source == source
            and player.state in _ACTIVE
        ):
            if player.state is PlayerState.PAUSED:  # already loaded: carry on
                player.resume()
                self._sync_bar()
            return True
        start = max(0.0, episode.position - RESUME_REWIND) if episode.in_progress else 0.0
        return self._start(episode, source, start)

    def _start(self, episode: Episode, source: str, start: float) -> bool:
        player = self.player
        if player is None:
            return False
        if self.episode is not None and self.episode.id != episode.id:
            self.save_position()
        self.episode, self._source = episode, source
        self._saved = episode.position
        self._reached_playing = self._finished = self._held = self._seek_refused = False
        self._pending_jump = None
        self._row_repainted = -math.inf
        if self.bar is not None:
            self.bar.show_episode(episode.podcast, episode.title)
        try:
            player.play(source, start=start, title=episode.title)
        except PodtuiError as exc:
            self._notify(f"Cannot play “{episode.title}”: {exc.message}", error=True)
            return False
        self._load_chapters(episode)
        self._sync_bar()
        return True

    def toggle_pause(self) -> None:
        """Pause or resume; when nothing is loaded, play again (or start the queue)."""
        player = self._player
        if player is not None and player.state in _ACTIVE:
            if player.state is not PlayerState.PAUSED:
                self.save_position()
            player.toggle_pause()
            self._sync_bar()
        elif self.episode is not None:
            self.play_episode(self.episode.id)
        else:
            queue = self.library.queue_ids()
            if queue:
                self.play_episode(queue[0])
            else:
                play = key_for(self.app, "episodes.select")
                self._notify(f"Nothing to play: {play} plays the highlighted episode")

    def stop(self) -> None:
        player = self._player
        if player is None or player.state not in _ACTIVE:
            return
        self.save_position()
        player.stop()
        self._sync_bar()

    def seek_by(self, delta: float) -> None:
        player = self._player
        if player is None or player.source is None:
            return
        player.seek_by(delta)
        self._finished = False
        self._sync_bar()

    def restart(self) -> None:
        """Back to the start of the episode (playing it again if it had stopped)."""
        player = self._player
        if player is None or self.episode is None or self._source is None:
            return
        if player.state in _ACTIVE:
            player.seek(0.0)
            self._sync_bar()
        else:
            self._start(self.episode, self._source, 0.0)

    def change_rate(self, delta: float) -> float | None:
        player = self.player
        if player is None:
            return None
        rate = min(MAX_RATE, max(MIN_RATE, round(player.rate + delta, 2)))
        player.set_rate(rate)
        self._sync_bar()
        return player.rate

    def change_volume(self, delta: int) -> int | None:
        player = self.player
        if player is None:
            return None
        player.set_volume(min(MAX_VOLUME, max(MIN_VOLUME, player.volume + delta)))
        self._sync_bar()
        return player.volume

    def play_from(self, episode_id: int, start: float) -> bool:
        """Play an episode from ``start`` seconds (a chapter's start, picked in its notes):
        a seek when it is the episode loaded (resumed if paused), else it starts there."""
        player = self._player
        episode = self.episode
        if (
            player is not None
            and episode is not None
            and episode.id == episode_id
            and player.source == self._source
            and player.state in _ACTIVE
        ):
            player.seek(start)
            if player.state is PlayerState.PAUSED:
                player.resume()
            self._finished = False
            self._sync_bar()
            return True
        try:
            episode = self.library.episode(episode_id, with_notes=False)
        except PodtuiError as exc:
            self._notify(exc.message, error=True)
            return False
        source = playable_source(episode)
        if not source:
            self._notify(f"“{episode.title}” has no audio to play", error=True)
            return False
        return self._start(episode, source, start)

    async def chapters_of(self, episode: Episode) -> list[Chapter] | ChaptersError | None:
        """An episode's chapters, fetched once and kept for playing it (None: it has
        none). For its notes; the chapter keys use the same fetch."""
        url = episode.chapters_url
        if not url or not _is_chapters_type(episode.chapters_type):
            return None
        found = self._chapters.get(episode.id)
        if found is None:
            try:
                found = await fetch_chapters(url)
            except ChaptersError as exc:
                found = exc
            self._chapters[episode.id] = found
            if self.episode is not None and self.episode.id == episode.id:
                self._show_chapters(episode.id)
        return found

    def next_chapter(self) -> None:
        self._chapter_jump(1)

    def previous_chapter(self) -> None:
        self._chapter_jump(-1)

    # -- positions ----------------------------------------------------------------------

    def save_position(self, *, periodic: bool = False) -> bool:
        """Write the current episode's position if it moved; True if written.

        ``periodic`` saves (the 5 s timer) repaint the episode's row in the table at most
        every ROW_REFRESH_INTERVAL seconds: each repaint is a whole line sent to the terminal.
        """
        player, episode = self._player, self.episode
        if player is None or episode is None or self._finished or not self._reached_playing:
            return False
        if self._held:
            return False
        if player.source != self._source:
            return False
        position = player.position
        if abs(position - self._saved) < SAVE_MIN_MOVE:
            return False
        try:
            self.library.save_position(episode.id, position)
        except PodtuiError as exc:
            self._notify(f"Cannot save the position: {exc.message}", error=True)
            return False
        self._saved = position
        episode.position = position
        if self._closed:  # quitting: the screen is going away
            return True
        now = time.monotonic()
        repaint = not periodic or now - self._row_repainted >= ROW_REFRESH_INTERVAL
        if self._show_status(episode.id, repaint=repaint, position=position):
            self._row_repainted = now
        return True

    def _save_periodically(self) -> None:
        self.save_position(periodic=True)

    def _run_saver(self, playing: bool) -> None:
        if playing and self._saver is None and not self._closed:
            self._saver = self.app.set_interval(
                SAVE_INTERVAL, self._save_periodically, name="player-save-position"
            )
        elif not playing and self._saver is not None:
            self._saver.stop()
            self._saver = None

    # -- events (the app's thread) ------------------------------------------------------

    def handle_event(self, event: PlayerEvent) -> None:
        if self._closed:
            return
        if isinstance(event, StateChanged):
            self._state_changed(event)
        elif isinstance(event, EndReached):
            self._end_reached(event)
        elif isinstance(event, PlayerError):
            self._failed(event)
        elif isinstance(event, DurationChanged):
            self._sync_bar()
        elif isinstance(event, SeekFailed):
            self._seek_failed(event)

    def _state_changed(self, event: StateChanged) -> None:
        state = event.state
        if state is PlayerState.PLAYING:
            self._reached_playing = True
        elif state in (PlayerState.PAUSED, PlayerState.STOPPED):
            self.save_position()
        if self.bar is not None:
            self.bar.show_state(state, event.message if state is PlayerState.ERROR else None)
        player = self._player
        self._run_saver(player is not None and player.state is PlayerState.PLAYING)

    def _end_reached(self, event: EndReached) -> None:
        episode = self.episode
        if episode is None or event.source != self._source or self._finished or self._held:
            return
        player = self._player
        position = event.position
        if position is None:
            position = player.position if player is not None else 0.0
        ending = Ending(position, event.reported, event.length, event.played_through)
        verdict = judge_end(ending, feed_duration=episode.duration)
        if not verdict.finished:
            self._stream_failed(episode, verdict.reason)
            return
        self._finished = True
        try:
            finished = self.library.finish(episode.id)
        except PodtuiError as exc:
            self._notify(exc.message, error=True)
            return
        episode.played, episode.position, episode.queue_position = True, 0.0, None
        self._show_status(episode.id, played=True, queued=False)
        self.app.post_message(EpisodeUpdated(episode.id))
        if self.config.auto_advance and finished.following is not None:
            self.play_episode(finished.following)

    def _stream_failed(self, episode: Episode, reason: str) -> None:
        """The stream ended before the episode did: the place, the played mark and the
        queue stay as they were."""
        self._held = True
        self._run_saver(False)
        if self._seek_refused:  # already said
            return
        if self.bar is not None:
            self.bar.show_message(reason)
        self._notify(f"“{episode.title}” stopped: {reason}; your place is kept", error=True)

    def _seek_failed(self, event: SeekFailed) -> None:
        """The player kept the place it was at: save that (it was reached by playing)."""
        if event.source != self._source or self._held:
            return
        self.save_position()
        self._seek_refused = True
        self._held = True
        where = format_duration(event.position)
        message = f"Cannot seek: {event.message}; the place is kept at {where}"
        if self.bar is not None:
            self.bar.show_message(f"cannot seek: kept {where}")
        self._notify(message, error=True)
        self._sync_bar()

    def _failed(self, event: PlayerError) -> None:
        if event.source is not None and event.source != self._source:
            return
        title = self.episode.title if self.episode is not None else "the episode"
        self._notify(f"Cannot play “{title}”: {event.message}", error=True)

    # -- chapters -----------------------------------------------------------------------

    def _load_chapters(self, episode: Episode) -> None:
        if episode.id in self._chapters:
            self._show_chapters(episode.id)
            return
        url = episode.chapters_url
        if not url or not _is_chapters_type(episode.chapters_type):
            return
        self.app.run_worker(
            self._fetch_chapters(episode.id, url),
            name=f"chapters-{episode.id}",
            group="player-chapters",
            exit_on_error=False,
        )

    async def _fetch_chapters(self, episode_id: int, url: str) -> None:
        try:
            found: list[Chapter] | ChaptersError = await fetch_chapters(url)
        except ChaptersError as exc:
            found = exc
        self._chapters[episode_id] = found
        if self.episode is None or self.episode.id != episode_id:
            return
        self._show_chapters(episode_id)
        pending, self._pending_jump = self._pending_jump, None
        if pending is not None and pending[0] == episode_id:
            self._chapter_jump(pending[1])

    def _show_chapters(self, episode_id: int) -> None:
        found = self._chapters.get(episode_id)
        if self.bar is not None and isinstance(found, list):
            self.bar.show_chapters(found)

    def _chapter_jump(self, direction: int) -> None:
        episode, player = self.episode, self._player
        if episode is None or player is None or player.source != self._source:
            return
        if not episode.chapters_url or not _is_chapters_type(episode.chapters_type):
            self._notify("This episode has no chapters")
            return
        found = self._chapters.get(episode.id)
        if found is None:  # still being fetched: jump once it is here
            self._pending_jump = (episode.id, direction)
            return
        if isinstance(found, ChaptersError):
            self._notify(found.message, error=True)
            return
        if not found:
            self._notify("This episode has no chapters")
            return
        target = chapter_target(found, player.position, direction)
        if target is None:
            self._notify("No next chapter" if direction > 0 else "Already at the start")
            return
        player.seek(target)
        self._sync_bar()

    # -- the screen ---------------------------------------------------------------------

    def _sync_bar(self) -> None:
        if self.bar is not None:
            self.bar.sync()

    def _notify(self, message: str, *, error: bool = False) -> None:
        self.app.notify(
            clean_line(message), severity="error" if error else "information", markup=False
        )

    def _browsers(self) -> Iterator[EpisodeBrowser]:
        from tui.ui.widgets.episode_browser import EpisodeBrowser

        for screen in self.app.screen_stack:
            yield from screen.query(EpisodeBrowser)

    def _show_status(self, episode_id: int, *, repaint: bool = True, **changes: Any) -> bool:
        """Update the episode's status in the episode index and repaint its row where the
        status text changed (unless not ``repaint``: the row catches up on a later call).
        True if a row was repainted."""
        dirty: dict[int, bool] = {}
        repainted = False
        for browser in self._browsers():
            index = browser.index
            if index is None:
                continue
            key = id(index)
            if key not in dirty:
                row = (key, episode_id)
                shown = self._row_status.get(row)
                if shown is None:
                    shown = index.status(episode_id)
                index.update(episode_id, **changes)
                now = index.status(episode_id)
                dirty[key] = now != shown
                if repaint:
                    self._row_status[row] = now
                elif dirty[key]:
                    self._row_status.setdefault(row, shown)
            if repaint and dirty[key]:
                browser.refresh_episode(episode_id)
                repainted = True
        return repainted


class PlaybackActions:
    """Mixed into the App (before ``App``): the actions of :data:`PLAYBACK_BINDINGS` and the
    handlers of the player messages, all handed to ``self.playback``."""

    playback: Playback

    def action_player_toggle_pause(self) -> None:
        self.playback.toggle_pause()

    def action_player_stop(self) -> None:
        self.playback.stop()

    def action_player_seek_back(self) -> None:
        self.playback.seek_by(-self.playback.config.seek_back)

    def action_player_seek_forward(self) -> None:
        self.playback.seek_by(self.playback.config.seek_forward)

    def action_player_seek_back_long(self) -> None:
        self.playback.seek_by(-self.playback.config.seek_long)

    def action_player_seek_forward_long(self) -> None:
        self.playback.seek_by(self.playback.config.seek_long)

    def action_player_restart(self) -> None:
        self.playback.restart()

    def action_player_slower(self) -> None:
        self.playback.change_rate(-RATE_STEP)

    def action_player_faster(self) -> None:
        self.playback.change_rate(RATE_STEP)

    def action_player_volume_down(self) -> None:
        self.playback.change_volume(-VOLUME_STEP)

    def action_player_volume_up(self) -> None:
        self.playback.change_volume(VOLUME_STEP)

    def action_player_previous_chapter(self) -> None:
        self.playback.previous_chapter()

    def action_player_next_chapter(self) -> None:
        self.playback.next_chapter()

    def on_player_state_changed(self, message: PlayerStateChanged) -> None:
        self.playback.handle_event(message.event)

    def on_player_end_reached(self, message: PlayerEndReached) -> None:
        self.playback.handle_event(message.event)

    def on_player_failed(self, message: PlayerFailed) -> None:
        self.playback.handle_event(message.event)

    def on_player_duration_changed(self, message: PlayerDurationChanged) -> None:
        self.playback.handle_event(message.event)

    def on_player_seek_failed(self, message: PlayerSeekFailed) -> None:
        self.playback.handle_event(message.event)
