"""The listening session the service drives: a Player, the library, the finished rule.

:class:`PlayerSession` implements :class:`~tui.service.control.Controls` on its own thread
discipline: the player reports from its threads, :meth:`PlayerSession.listener` only hands
each event to the service's loop (through ``post``), where the library and the player are
touched.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.core.downloads import playable_source
from tui.core.errors import PodtuiError
from tui.core.library import Library
from tui.core.models import Episode, PlayerState
from tui.core.text import clean_line, format_duration
from tui.player.base import (
    DurationChanged,
    EndReached,
    Player,
    PlayerError,
    PlayerEvent,
    SeekFailed,
    StateChanged,
    clamp_rate,
    clamp_volume,
)
from tui.service.control import ACTIVE, Changed, Notice, Seeked, SessionEvent, Snapshot, Subscriber
from tui.session.finish import Ending, judge_end

RESUME_REWIND = 5.0  # seconds replayed when resuming an episode
SAVE_MIN_MOVE = 0.5  # seconds the position must have moved to be written again

Post = Callable[[Callable[[], None]], object]


class PlayerSession:
    """Plays episodes of ``library`` through ``player`` (made on first use)."""

    def __init__(
        self,
        library: Library,
        make_player: Callable[[], Player],
        post: Post,
        *,
        auto_advance: bool = True,
    ) -> None:
        self.library = library
        self._make_player = make_player
        self._player: Player | None = None
        self._post = post
        self.auto_advance = auto_advance
        self.episode: Episode | None = None
        self._source: str | None = None
        self._saved = 0.0
        self._reached_playing = False
        self._done = False  # finished, or the stream ended early: the place stays as saved
        self._message: str | None = None
        self._subscribers: list[Subscriber] = []
        self._closed = False

    # -- Controls -------------------------------------------------------------------------

    def play(self, episode_id: int | None = None) -> None:
        player = self._player
        if episode_id is None:
            if player is not None and player.state is PlayerState.PAUSED:
                player.resume()
                return
            if player is not None and player.state in ACTIVE:
                return
            if self.episode is not None:
                episode_id = self.episode.id
            else:
                episode_id = self.library.last_listened() or next(
                    iter(self.library.queue_ids()), None
                )
            if episode_id is None:
                raise PodtuiError("nothing to play: the queue is empty (podtui queue add ID)")
        episode = self.library.episode(episode_id, with_notes=False)
        source = playable_source(episode)
        if not source:
            raise PodtuiError(f"“{clean_line(episode.title)}” has no audio to play")
        if (
            player is not None
            and self.episode is not None
            and self.episode.id == episode.id
            and player.source == source
            and player.state in ACTIVE
        ):
            if player.state is PlayerState.PAUSED:
                player.resume()
            return
        start = max(0.0, episode.position - RESUME_REWIND) if episode.in_progress else 0.0
        self._start(episode, source, start)

    def pause(self) -> None:
        player = self._player
        if player is not None and player.state in (PlayerState.PLAYING, PlayerState.BUFFERING):
            self.save()
            player.pause()

    def toggle(self) -> None:
        player = self._player
        if player is not None and player.state in ACTIVE:
            if player.state is PlayerState.PAUSED:
                player.resume()
            else:
                self.pause()
        else:
            self.play(None)

    def stop(self) -> None:
        player = self._player
        if player is not None and player.state in ACTIVE:
            self.save()
            player.stop()

    def next(self) -> None:
        queue = self.library.queue_ids()
        current = self.episode.id if self.episode is not None else None
        following = queue[queue.index(current) + 1 :] if current in queue else queue
        if not following:
            raise PodtuiError("nothing next: the queue has no episode after this one")
        self.save()
        self.play(following[0])

    def seek(self, seconds: float, *, relative: bool = False) -> None:
        player = self._player
        if player is None or player.source is None or player.state not in ACTIVE:
            raise PodtuiError("nothing is playing")
        target = player.position + seconds if relative else seconds
        player.seek(max(0.0, target))
        self._done = False
        self._emit(Seeked(player.position))

    def set_rate(self, rate: float) -> None:
        self._player_or_make().set_rate(clamp_rate(rate))
        self._emit(Changed())

    def set_volume(self, volume: int) -> None:
        self._player_or_make().set_volume(clamp_volume(volume))
        self._emit(Changed())

    def snapshot(self) -> Snapshot:
        player, episode = self._player, self.episode
        state = player.state if player is not None else PlayerState.STOPPED
        position = episode.position if episode is not None else 0.0
        duration = float(episode.duration) if episode and episode.duration else None
        if player is not None and player.source is not None and player.source == self._source:
            if state in ACTIVE:
                position = player.position
            duration = player.duration or duration
        try:
            queue_length = len(self.library.queue_ids())
        except PodtuiError:
            queue_length = 0
        return Snapshot(
            state=state,
            episode_id=episode.id if episode else None,
            title=clean_line(episode.title) if episode else "",
            podcast=clean_line(episode.podcast) if episode else "",
            position=position,
            duration=duration,
            rate=player.rate if player is not None else 1.0,
            volume=player.volume if player is not None else 100,
            queue_length=queue_length,
            url=episode.enclosure_url if episode else None,
            message=self._message,
        )

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def save(self) -> None:
        player, episode = self._player, self.episode
        if player is None or episode is None or self._done or not self._reached_playing:
            return
        if player.source != self._source or player.state not in ACTIVE:
            return
        position = player.position
        if abs(position - self._saved) < SAVE_MIN_MOVE:
            return
        try:
            self.library.save_position(episode.id, position)
        except PodtuiError as exc:
            self._emit(Notice(f"cannot save the position: {exc.message}", error=True))
            return
        self._saved = episode.position = position

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        player = self._player
        if player is None:
            return
        player.set_listener(None)
        try:
            self.save()
        finally:
            player.close()

    # -- the player's events ------------------------------------------------------------

    def listener(self, event: PlayerEvent) -> None:
        """The player's listener (any thread): hand the event to the loop and return."""
        self._post(lambda: self.handle_event(event))

    def handle_event(self, event: PlayerEvent) -> None:
        if self._closed:
            return
        if isinstance(event, StateChanged):
            if event.state is PlayerState.PLAYING:
                self._reached_playing = True
                self._message = None
            elif event.state is PlayerState.ERROR:
                self._message = event.message
            elif event.state in (PlayerState.PAUSED, PlayerState.STOPPED):
                self.save()
            self._emit(Changed())
        elif isinstance(event, EndReached):
            self._end_reached(event)
        elif isinstance(event, PlayerError):
            if event.source is None or event.source == self._source:
                self._message = event.message
                title = self.episode.title if self.episode else "the episode"
                self._emit(Notice(f"cannot play “{clean_line(title)}”: {event.message}", True))
                self._emit(Changed())
        elif isinstance(event, DurationChanged):
            self._emit(Changed())
        elif isinstance(event, SeekFailed) and event.source == self._source:
            self.save()
            where = format_duration(event.position)
            self._emit(Notice(f"cannot seek: {event.message}; the place is kept at {where}", True))

    def _end_reached(self, event: EndReached) -> None:
        episode, player = self.episode, self._player
        if episode is None or event.source != self._source or self._done:
            return
        position = event.position
        if position is None:
            position = player.position if player is not None else 0.0
        ending = Ending(position, event.reported, event.length, event.played_through)
        verdict = judge_end(ending, feed_duration=episode.duration)
        self._done = True
        if not verdict.finished:
            self._message = verdict.reason
            self._emit(Notice(f"“{clean_line(episode.title)}” stopped: {verdict.reason}", True))
            self._emit(Changed())
            return
        try:
            finished = self.library.finish(episode.id)
        except PodtuiError as exc:
            self._emit(Notice(exc.message, error=True))
            return
        episode.played, episode.position, episode.queue_position = True, 0.0, None
        self._emit(Changed())
        if self.auto_advance and finished.following is not None:
            try:
                self.play(finished.following)
            except PodtuiError as exc:
                self._emit(Notice(exc.message, error=True))

    # -- helpers ------------------------------------------------------------------------

    def _player_or_make(self) -> Player:
        if self._closed:
            raise PodtuiError("the player is closing")
        if self._player is None:
            self._player = self._make_player()
            self._player.set_listener(self.listener)
        return self._player

    def _start(self, episode: Episode, source: str, start: float) -> None:
        player = self._player_or_make()
        if self.episode is not None and self.episode.id != episode.id:
            self.save()
        self.episode, self._source = episode, source
        self._saved = episode.position
        self._reached_playing = self._done = False
        self._message = None
        player.play(source, start=start, title=episode.title)
        self._emit(Changed())

    def _emit(self, event: SessionEvent) -> None:
        for subscriber in list(self._subscribers):
            subscriber(event)
