"""Playback in the app: the keys, and the app's view of the listening session.

The session (:mod:`tui.session`) plays, saves, finishes and advances; it knows nothing of
Textual. :class:`SessionView` is its subscriber in the app: it shows what the session says
in the player bar, publishes status changes through the app's :class:`EpisodeStatus`,
turns notices into toasts and posts :class:`EpisodeUpdated` and :class:`QueueUpdated`.
The app mixes in :class:`PlaybackActions` (the actions of :data:`PLAYBACK_BINDINGS`).
"""

from __future__ import annotations

import contextlib
import math
import time
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches

from tui.core.models import SleepMode
from tui.core.text import clean_line
from tui.session import ListeningSession
from tui.session import events as ev
from tui.session.sleep import next_choice
from tui.ui.keys import binding, key_for
from tui.ui.messages import EpisodeUpdated, PlaybackFailed, QueueUpdated
from tui.ui.status import EpisodeStatus

if TYPE_CHECKING:
    from tui.player.base import Player
    from tui.service.remote import RemoteSession
    from tui.ui.widgets.player_bar import PlayerBar

ROW_REFRESH_INTERVAL = 60.0  # while playing, the table's "▶ 42%" is repainted this often
RATE_STEP = 0.1
VOLUME_STEP = 5

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
    binding("player.sleep", "player_sleep", show=False),
]


class SessionView:
    """The session's subscriber in the app (call :meth:`attach` with the bar once it is
    mounted, then ``session.start()``)."""

    def __init__(
        self, app: App[Any], session: ListeningSession | RemoteSession, status: EpisodeStatus
    ) -> None:
        self.app = app
        self.session = session
        self.status = status
        self.bar: PlayerBar | None = None
        self._player: Player | None = None
        self._row_repainted = -math.inf  # when the episode's table row was last repainted
        self.sleep = ev.SleepTimerChanged(SleepMode.OFF)  # what the sleep timer said last
        session.subscribe(self)

    def attach(self, bar: PlayerBar | None) -> None:
        self.bar = bar
        self._player = self.session.current_player
        if bar is not None:
            bar.attach(self._player)

    def _follow_player(self) -> None:
        player = self.session.current_player
        if player is not self._player:
            self._player = player
            if self.bar is not None:
                self.bar.attach(player)

    def __call__(self, event: ev.SessionEvent) -> None:
        with contextlib.suppress(NoMatches):  # the app is closing: the bar's parts are gone
            self._show(event)

    def _show(self, event: ev.SessionEvent) -> None:
        self._follow_player()  # made on first use (a play, or a rate or volume key)
        bar = self.bar
        if isinstance(event, ev.NowPlaying):
            self._row_repainted = -math.inf
            if bar is not None:
                bar.show_episode(event.podcast, event.title)
                if event.parked:
                    bar.show_parked(event.position, event.duration)
        elif isinstance(event, ev.StateChanged):
            if bar is not None:
                bar.show_state(event.state, event.message)
        elif isinstance(event, ev.PlayerUpdated):
            if bar is not None:
                bar.sync()
        elif isinstance(event, ev.PositionSaved):
            now = time.monotonic()
            repaint = not event.periodic or now - self._row_repainted >= ROW_REFRESH_INTERVAL
            if self.status.show(event.episode_id, repaint=repaint, position=event.position):
                self._row_repainted = now
        elif isinstance(event, ev.EpisodeStatusChanged):
            self._status(event)
        elif isinstance(event, ev.EpisodeFinished):
            self.app.post_message(EpisodeUpdated(event.episode_id))
        elif isinstance(event, ev.QueueChanged):
            self._queue_changed(event)
        elif isinstance(event, ev.ChaptersLoaded):
            if bar is not None:
                bar.show_chapters(event.chapters)
        elif isinstance(event, ev.PlaceKept):
            if bar is not None:
                bar.show_message(event.short)
        elif isinstance(event, ev.PlaybackFailed):
            self.app.post_message(PlaybackFailed(event.message))
        elif isinstance(event, ev.SleepTimerChanged):
            self._sleep(event)
        elif isinstance(event, ev.NothingToPlay):
            play = key_for(self.app, "episodes.select")
            self._notify(f"Nothing to play: {play} plays the highlighted episode")
        elif isinstance(event, ev.Notice):
            self._notify(event.message, error=event.error)

    def _status(self, event: ev.EpisodeStatusChanged) -> None:
        changes: dict[str, Any] = {
            name: value
            for name, value in (
                ("played", event.played),
                ("queued", event.queued),
                ("position", event.position),
            )
            if value is not None
        }
        self.status.show(event.episode_id, **changes)

    def _sleep(self, event: ev.SleepTimerChanged) -> None:
        before, self.sleep = self.sleep, event
        if self.bar is not None:
            self.bar.show_sleep(event.mode, event.remaining, event.running)
        if event.fired and before.mode is SleepMode.END:
            self._notify("Sleep timer: stopped at the end of the episode")
        elif event.fired:
            self._notify("Sleep timer: paused; your place is kept")

    def _queue_changed(self, event: ev.QueueChanged) -> None:
        old, new = set(event.before), set(event.after)
        for episode_id in old - new:
            self.status.show(episode_id, queued=False)
        for episode_id in new - old:
            self.status.show(episode_id, queued=True)
        self.app.post_message(QueueUpdated())

    def _notify(self, message: str, *, error: bool = False) -> None:
        self.app.notify(
            clean_line(message), severity="error" if error else "information", markup=False
        )


class PlaybackActions:
    """Mixed into the App (before ``App``): the actions of :data:`PLAYBACK_BINDINGS`, all
    handed to ``self.playback`` (the session)."""

    playback: ListeningSession | RemoteSession | None
    session_view: SessionView | None

    def action_player_sleep(self, choice: str = "") -> None:
        """The sleep timer: the key's next choice, or ``choice`` (minutes, end, off)."""
        playback, view = self.playback, self.session_view
        if playback is None or view is None:
            return
        if not choice:
            mode, length = next_choice(view.sleep.mode, view.sleep.length)
        elif choice in ("end", "off"):
            mode, length = SleepMode(choice), None
        else:
            mode, length = SleepMode.TIMER, float(choice) * 60
        playback.set_sleep(mode, length)

    def action_player_toggle_pause(self) -> None:
        if self.playback is not None:
            self.playback.toggle_pause()

    def action_player_stop(self) -> None:
        if self.playback is not None:
            self.playback.stop()

    def _seek(self, name: str, sign: int) -> None:
        if self.playback is not None:
            self.playback.seek_by(sign * getattr(self.playback.config, name))

    def action_player_seek_back(self) -> None:
        self._seek("seek_back", -1)

    def action_player_seek_forward(self) -> None:
        self._seek("seek_forward", 1)

    def action_player_seek_back_long(self) -> None:
        self._seek("seek_long", -1)

    def action_player_seek_forward_long(self) -> None:
        self._seek("seek_long", 1)

    def action_player_restart(self) -> None:
        if self.playback is not None:
            self.playback.restart()

    def action_player_slower(self) -> None:
        if self.playback is not None:
            self.playback.change_rate(-RATE_STEP)

    def action_player_faster(self) -> None:
        if self.playback is not None:
            self.playback.change_rate(RATE_STEP)

    def action_player_volume_down(self) -> None:
        if self.playback is not None:
            self.playback.change_volume(-VOLUME_STEP)

    def action_player_volume_up(self) -> None:
        if self.playback is not None:
            self.playback.change_volume(VOLUME_STEP)

    def action_player_previous_chapter(self) -> None:
        if self.playback is not None:
            self.playback.previous_chapter()

    def action_player_next_chapter(self) -> None:
        if self.playback is not None:
            self.playback.next_chapter()
