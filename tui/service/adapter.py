"""The listening session as the service drives it: :class:`SessionControls` turns the
commands of :class:`~tui.service.control.Controls` into the session's own, and the
session's events into what the server and MPRIS push.

The session tells failures as events (a Notice); a command that fails while it runs
raises them as a PodtuiError, so a remote command can say why it did nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.core.errors import PodtuiError
from tui.core.models import PlayerState, SleepMode
from tui.core.text import clean_line
from tui.service.control import (
    ACTIVE,
    AlreadyTold,
    Changed,
    Forwarded,
    Notice,
    Seeked,
    SessionEvent,
    Snapshot,
    Subscriber,
)
from tui.service.events import to_wire
from tui.session import ListeningSession
from tui.session import events as ev

NOTHING_TO_PLAY = "nothing to play: the queue is empty (podtui queue add ID)"


def _starts_afresh(event: ev.SessionEvent) -> bool:
    """An episode starts, or playback really began: an earlier failure is over."""
    if isinstance(event, ev.StateChanged):
        return event.state is PlayerState.PLAYING
    return isinstance(event, ev.NowPlaying) and not event.parked


class SessionControls:
    """Drives ``session`` (started by the caller, on the service's loop)."""

    def __init__(self, session: ListeningSession) -> None:
        self.session = session
        self._subscribers: list[Subscriber] = []
        self._message: str | None = None
        self._failures: list[str] | None = None  # collected while a command runs
        session.subscribe(self._on_event)

    # -- the session's events -------------------------------------------------------------

    def _on_event(self, event: ev.SessionEvent) -> None:
        if isinstance(event, ev.PlaybackFailed):
            self._message = event.message
        elif isinstance(event, ev.PlaceKept):
            self._message = event.short
        elif _starts_afresh(event):
            self._message = None
        if self._failures is not None:
            if isinstance(event, ev.Notice) and event.error:
                self._failures.append(event.message)
            elif isinstance(event, ev.NothingToPlay):
                self._failures.append(NOTHING_TO_PLAY)
        self._emit(Forwarded(to_wire(event)))
        if isinstance(event, ev.Notice):
            self._emit(Notice(event.message, event.error))
        elif not isinstance(event, ev.PositionSaved):
            self._emit(Changed())

    def _emit(self, event: SessionEvent) -> None:
        for subscriber in list(self._subscribers):
            subscriber(event)

    def _run(self, command: Callable[[], object]) -> None:
        """Run a session command; what it said went wrong, as a PodtuiError."""
        self._failures = []
        try:
            result = command()
        finally:
            failures, self._failures = self._failures, None
        if failures:
            raise AlreadyTold(clean_line(failures[0]))
        if result is False:
            raise PodtuiError("cannot play that episode")

    # -- Controls -------------------------------------------------------------------------

    @property
    def state(self) -> PlayerState:
        return self.session.state

    def play(self, episode_id: int | None = None) -> None:
        session = self.session
        if episode_id is not None:
            self._run(lambda: session.play_episode(episode_id))
        elif self.state is PlayerState.PAUSED or self.state not in ACTIVE:
            self._run(session.toggle_pause)

    def play_from(self, episode_id: int, start: float) -> None:
        self._run(lambda: self.session.play_from(episode_id, max(0.0, start)))
        self._seeked()

    def pause(self) -> None:
        if self.state in (PlayerState.PLAYING, PlayerState.BUFFERING):
            self._run(self.session.toggle_pause)

    def toggle(self) -> None:
        self._run(self.session.toggle_pause)

    def stop(self) -> None:
        self._run(self.session.stop)

    def next(self) -> None:
        queue = self.session.library.queue_ids()
        episode = self.session.episode
        current = episode.id if episode is not None else None
        following = queue[queue.index(current) + 1 :] if current in queue else queue
        if not following:
            raise PodtuiError("nothing next: the queue has no episode after this one")
        self.session.save_position()
        self.play(following[0])

    def restart(self) -> None:
        self._run(self.session.restart)
        self._seeked()

    def seek(self, seconds: float, *, relative: bool = False) -> None:
        player = self.session.current_player
        if player is None or player.source is None or self.state not in ACTIVE:
            raise PodtuiError("nothing is playing")
        delta = seconds if relative else max(0.0, seconds) - player.position
        self._run(lambda: self.session.seek_by(delta))
        self._seeked()

    def chapter(self, direction: int) -> None:
        session = self.session
        self._run(session.next_chapter if direction > 0 else session.previous_chapter)
        self._seeked()

    def set_rate(self, rate: float, *, relative: bool = False) -> None:
        current = self.snapshot().rate
        self._run(lambda: self.session.change_rate(rate if relative else rate - current))

    def set_volume(self, volume: int, *, relative: bool = False) -> None:
        current = self.snapshot().volume
        self._run(lambda: self.session.change_volume(volume if relative else volume - current))

    def set_sleep(self, mode: SleepMode, seconds: float | None = None) -> None:
        try:
            self.session.set_sleep(mode, seconds)
        except ValueError:
            raise PodtuiError("a sleep timer runs from a second to a day") from None

    def snapshot(self) -> Snapshot:
        now = self.session.snapshot()
        episode = self.session.episode
        return Snapshot(
            state=now.state,
            episode_id=now.episode_id,
            title=clean_line(now.title),
            podcast=clean_line(now.podcast),
            position=now.position,
            duration=now.duration,
            rate=now.rate,
            volume=now.volume,
            queue_length=len(now.queue),
            url=episode.enclosure_url if episode is not None else None,
            message=self._message,
            sleep=now.sleep,
            sleep_remaining=now.sleep_remaining,
            sleep_length=now.sleep_length,
        )

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def save(self) -> None:
        """The service's extra saves (kill -9 loses less) count as the periodic ones: the
        apps repaint the episode's row for them only now and then."""
        self.session.save_position(periodic=True)

    def shutdown(self) -> None:
        self.session.shutdown()

    def _seeked(self) -> None:
        player = self.session.current_player
        if player is not None and player.source is not None:
            self._emit(Seeked(player.position))
