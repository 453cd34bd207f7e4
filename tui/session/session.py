"""The listening session: plays episodes through a Player, keeps their places, finishes
them, follows the queue and loads chapters; subscribers hear plain events.

Threads: the player reports from its own thread; :meth:`ListeningSession.player_listener`
hands each event to the session's loop (``call_soon_threadsafe``) and returns. Everything
else (the library, the player's commands, the subscribers) runs on that loop.
"""

from __future__ import annotations

from tui.core.downloads import playable_source
from tui.core.errors import PodtuiError
from tui.core.feeds.chapters import Chapter, ChaptersError, chapter_target
from tui.core.models import Episode, PlayerState
from tui.core.text import format_duration
from tui.player import base
from tui.player.base import MAX_RATE, MAX_VOLUME, MIN_RATE, MIN_VOLUME
from tui.session import events as ev
from tui.session.chapters import has_chapters
from tui.session.core import ACTIVE, RESUME_REWIND, SessionCore
from tui.session.finish import Ending, judge_end


class ListeningSession(SessionCore):
    """What plays, where it is, and what happens when it ends (see the module docstring)."""

    # -- commands -------------------------------------------------------------------------

    def _load(self, episode_id: int) -> tuple[Episode, str] | None:
        try:
            episode = self.library.episode(episode_id, with_notes=False)
        except PodtuiError as exc:
            self._notify(exc.message, error=True)
            return None
        source = playable_source(episode)
        if not source:
            self._notify(f"“{episode.title}” has no audio to play", error=True)
            return None
        return episode, source

    def _is_loaded(self, episode_id: int) -> bool:
        player, episode = self._player, self.episode
        return (
            player is not None
            and episode is not None
            and episode.id == episode_id
            and player.source == self._source
            and player.state in ACTIVE
        )

    def play_episode(self, episode_id: int) -> bool:
        """Play an episode, resuming a little before where it was left. The queue is not
        touched. False (and the reason told) if it cannot start."""
        loaded = self._load(episode_id)
        if loaded is None:
            return False
        episode, source = loaded
        player = self._player
        if player is not None and self._is_loaded(episode_id) and player.source == source:
            if player.state is PlayerState.PAUSED:  # already loaded: carry on
                self.sleep.restore()
                player.resume()
                self._publish(ev.PlayerUpdated())
            return True
        start = max(0.0, episode.position - RESUME_REWIND) if episode.in_progress else 0.0
        return self._start(episode, source, start)

    def _start(self, episode: Episode, source: str, start: float) -> bool:
        player = self.player
        if player is None:
            return False
        if self.episode is not None and self.episode.id != episode.id:
            self.save_position()
        self.episode, self._source, self._saved = episode, source, episode.position
        self._reached_playing = self._finished = self._held = self._seek_refused = False
        self._pending_jump = self._after_sleep = None
        self.sleep.restore()
        duration = float(episode.duration or 0) or None
        self._publish(ev.NowPlaying(episode.id, episode.title, episode.podcast, start, duration))
        try:
            player.play(source, start=start, title=episode.title)
        except PodtuiError as exc:
            self._notify(f"Cannot play “{episode.title}”: {exc.message}", error=True)
            return False
        self._load_chapters(episode)
        self._publish(ev.PlayerUpdated())
        return True

    def toggle_pause(self) -> None:
        """Pause or resume; when nothing is loaded, play again (or start the queue)."""
        player = self._player
        if player is not None and player.state in ACTIVE:
            if player.state is not PlayerState.PAUSED:
                self.save_position()
            else:
                self.sleep.restore()
            player.toggle_pause()
            self._publish(ev.PlayerUpdated())
        elif self._after_sleep is not None:  # the timer stopped at the end: the next one
            self.play_episode(self._after_sleep)
        elif self.episode is not None:
            self.play_episode(self.episode.id)
        else:
            queue = self.library.queue_ids()
            if queue:
                self.play_episode(queue[0])
            else:
                self._publish(ev.NothingToPlay())

    def stop(self) -> None:
        player = self._player
        if player is None or player.state not in ACTIVE:
            return
        self.save_position()
        player.stop()
        self._publish(ev.PlayerUpdated())

    def seek_by(self, delta: float) -> None:
        player = self._player
        if player is None or player.source is None:
            return
        player.seek_by(delta)
        self._finished = False
        self._publish(ev.PlayerUpdated())

    def restart(self) -> None:
        """Back to the start of the episode (playing it again if it had stopped)."""
        player = self._player
        if player is None or self.episode is None or self._source is None:
            return
        if player.state in ACTIVE:
            player.seek(0.0)
            self._publish(ev.PlayerUpdated())
        else:
            self._start(self.episode, self._source, 0.0)

    def change_rate(self, delta: float) -> float | None:
        player = self.player
        if player is None:
            return None
        player.set_rate(min(MAX_RATE, max(MIN_RATE, round(player.rate + delta, 2))))
        self._publish(ev.PlayerUpdated())
        return player.rate

    def change_volume(self, delta: int) -> int | None:
        player = self.player
        if player is None:
            return None
        volume = min(MAX_VOLUME, max(MIN_VOLUME, self.sleep.volume(player) + delta))
        if not self.sleep.set_volume(volume):  # while the timer fades, its next step sets it
            player.set_volume(volume)
        self._publish(ev.PlayerUpdated())
        return volume

    def play_from(self, episode_id: int, start: float) -> bool:
        """Play an episode from ``start`` seconds (a chapter picked in its notes): a seek
        when it is the episode loaded (resumed if paused), else it starts there."""
        player = self._player
        if player is not None and self._is_loaded(episode_id):
            player.seek(start)
            if player.state is PlayerState.PAUSED:
                player.resume()
            self._finished = False
            self._publish(ev.PlayerUpdated())
            return True
        loaded = self._load(episode_id)
        return loaded is not None and self._start(*loaded, start)

    async def chapters_of(self, episode: Episode) -> list[Chapter] | ChaptersError | None:
        """An episode's chapters, fetched once and kept for playing it (None: it has
        none). For its notes; the chapter keys use the same fetch."""
        known = self.chapter_cache.get(episode.id) is not None
        found = await self.chapter_cache.load(episode)
        if not known and self.episode is not None and self.episode.id == episode.id:
            self._show_chapters(episode.id)
        return found

    def next_chapter(self) -> None:
        self._chapter_jump(1)

    def previous_chapter(self) -> None:
        self._chapter_jump(-1)

    # -- player events (the loop's thread) ------------------------------------------------

    def handle_event(self, event: base.PlayerEvent) -> None:
        if self._closed:
            return
        if isinstance(event, base.StateChanged):
            self._state_changed(event)
        elif isinstance(event, base.EndReached):
            self._end_reached(event)
        elif isinstance(event, base.PlayerError):
            self._failed(event)
        elif isinstance(event, base.DurationChanged):
            self._publish(ev.PlayerUpdated())
        elif isinstance(event, base.SeekFailed):
            self._seek_failed(event)

    def _state_changed(self, event: base.StateChanged) -> None:
        state = event.state
        if state is PlayerState.PLAYING:
            self._reached_playing = True
        elif state in (PlayerState.PAUSED, PlayerState.STOPPED):
            self.save_position()
        self.sleep.playing(state is PlayerState.PLAYING)  # the volume back before it is shown
        message = event.message if state is PlayerState.ERROR else None
        self._publish(ev.StateChanged(state, message))
        self._run_saver(self.state is PlayerState.PLAYING)

    def _end_reached(self, event: base.EndReached) -> None:
        episode = self.episode
        if episode is None or event.source != self._source or self._finished or self._held:
            return
        position = event.position
        if position is None:
            position = self._player.position if self._player is not None else 0.0
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
        self._publish(ev.EpisodeStatusChanged(episode.id, played=True, queued=False))
        self._publish(ev.EpisodeFinished(episode.id, finished.following))
        if finished.was_queued:
            after = tuple(finished.queue)
            self._publish(ev.QueueChanged((episode.id, *after), after))
        if self.sleep.episode_ended():  # the timer waited for this end: nothing follows yet
            if self.config.auto_advance:
                self._after_sleep = finished.following  # what a play then starts
        elif self.config.auto_advance and finished.following is not None:
            self.play_episode(finished.following)

    def _stream_failed(self, episode: Episode, reason: str) -> None:
        """The stream ended before the episode did: the place, the played mark and the
        queue stay as they were."""
        self._held = True
        self._run_saver(False)
        if self._seek_refused:  # already said
            return
        self._publish(ev.PlaceKept(episode.id, reason))
        self._notify(f"“{episode.title}” stopped: {reason}; your place is kept", error=True)

    def _seek_failed(self, event: base.SeekFailed) -> None:
        """The player kept the place it was at: save that (it was reached by playing)."""
        if event.source != self._source or self._held or self.episode is None:
            return
        self.save_position()
        self._seek_refused = self._held = True
        where = format_duration(event.position)
        self._publish(ev.PlaceKept(self.episode.id, f"cannot seek: kept {where}"))
        self._notify(f"Cannot seek: {event.message}; the place is kept at {where}", error=True)
        self._publish(ev.PlayerUpdated())

    def _failed(self, event: base.PlayerError) -> None:
        if event.source is not None and event.source != self._source:
            return
        title = self.episode.title if self.episode is not None else "the episode"
        self._publish(ev.PlaybackFailed(event.message))
        self._notify(f"Cannot play “{title}”: {event.message}", error=True)

    # -- chapters -------------------------------------------------------------------------

    def _load_chapters(self, episode: Episode) -> None:
        if self.chapter_cache.get(episode.id) is not None:
            self._show_chapters(episode.id)
            return
        if not has_chapters(episode):
            return
        task = self.loop.create_task(self._fetch_chapters(episode))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _fetch_chapters(self, episode: Episode) -> None:
        await self.chapter_cache.load(episode)
        if self._closed or self.episode is None or self.episode.id != episode.id:
            return
        self._show_chapters(episode.id)
        pending, self._pending_jump = self._pending_jump, None
        if pending is not None and pending[0] == episode.id:
            self._chapter_jump(pending[1])

    def _show_chapters(self, episode_id: int) -> None:
        found = self.chapter_cache.get(episode_id)
        if isinstance(found, list):
            self._publish(ev.ChaptersLoaded(episode_id, tuple(found)))

    def _chapter_jump(self, direction: int) -> None:
        episode, player = self.episode, self._player
        if episode is None or player is None or player.source != self._source:
            return
        if not has_chapters(episode):
            self._notify("This episode has no chapters")
            return
        found = self.chapter_cache.get(episode.id)
        if found is None:  # still being fetched: jump once it is here
            self._pending_jump = (episode.id, direction)
            return
        if isinstance(found, ChaptersError):
            self._notify(found.message, error=True)
            return
        target = chapter_target(found, player.position, direction) if found else None
        if not found:
            self._notify("This episode has no chapters")
        elif target is None:
            self._notify("No next chapter" if direction > 0 else "Already at the start")
        else:
            player.seek(target)
            self._publish(ev.PlayerUpdated())
