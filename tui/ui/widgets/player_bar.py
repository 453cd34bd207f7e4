"""The player bar: what plays, where it is, how fast and how loud.

The bar is built from small widgets so that a clock tick repaints only the cells that
changed: over SSH every repaint is bytes on the wire. While an episode plays the bar reads
the player's position twice a second; the elapsed time is repainted at most once a second
(when its text changes), the progress bar only when its number of filled cells changes,
and the rest only when the episode, the state, the speed or the volume change. While
paused or stopped the bar does not poll at all, so it writes nothing.

The bar never commands the player: :class:`tui.ui.playback.Playback` tells it what to show
(:meth:`PlayerBar.show_episode`, :meth:`PlayerBar.show_state`, ...) and it reads the
player's properties.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer

from tui.core.models import PlayerState, SleepMode
from tui.core.text import clean_line, format_duration, whole_seconds
from tui.ui.keys import key_for
from tui.ui.widgets.bar_parts import BarText, ProgressCells, ProgressSlice
from tui.ui.widgets.visibility import covered

if TYPE_CHECKING:
    from textual.app import App

    from tui.core.feeds.chapters import Chapter
    from tui.player.base import Player

POLL_INTERVAL = 0.5  # seconds: the position is read at most twice a second
TIME_WIDTH = 7  # "1:02:03"

STATE_LABELS: dict[PlayerState, str] = {
    PlayerState.BUFFERING: "◌ Loading",
    PlayerState.PLAYING: "▶ Playing",
    PlayerState.PAUSED: "‖ Paused",
    PlayerState.STOPPED: "■ Stopped",
    PlayerState.ENDED: "■ Finished",
    PlayerState.ERROR: "✗ Error",
}


def idle_title(app: App | None) -> str:
    """The bar's title when nothing plays."""
    return f"Nothing playing: {key_for(app, 'episodes.select')} plays the highlighted episode"


def time_text(seconds: float | None) -> str:
    """Elapsed or total time as shown in the bar (``--:--`` when unknown)."""
    if seconds is None or seconds < 0:
        return "--:--"
    return format_duration(seconds)


def state_text(state: PlayerState) -> str:
    return f" {STATE_LABELS[state]}"


def elapsed_text(seconds: float | None) -> str:
    return f" {time_text(seconds)} "


def total_text(seconds: float | None) -> str:
    return f" {time_text(seconds)} "


def sleep_text(mode: SleepMode, left: float | None) -> str:
    """The sleep timer as the bar shows it: whole minutes while more than one is left
    (so it changes once a minute), then seconds; empty when it is off."""
    if mode is SleepMode.END:
        return "☾ end"
    if mode is SleepMode.OFF or left is None:
        return ""
    if left > 60:
        return f"☾ {math.ceil(left / 60)}m"
    seconds = math.ceil(max(0.0, left))
    return f"☾ {seconds // 60}:{seconds % 60:02d}"


def rate_text(rate: float) -> str:
    return f"{rate:>5.1f}×"


def volume_text(volume: int) -> str:
    return f"{f'vol {volume}%':>10}"


class PlayerBar(Vertical):
    """Two lines: state, title, speed and volume; then elapsed time, progress and length."""

    DEFAULT_CSS = """
    PlayerBar {
        height: 2;
        & > Horizontal { height: 1; }
        & #player-state { width: 12; }
        & #player-title { width: 1fr; }
        & #player-message { width: auto; max-width: 60%; display: none; padding: 0 1; }
        & #player-message.-shown { display: block; }
        & #player-sleep { width: auto; display: none; padding: 0 0 0 1; }
        & #player-sleep.-shown { display: block; }
        &.-sleep #player-message { max-width: 50%; }
        & #player-rate { width: 6; }
        & #player-volume { width: 10; }
        & #player-elapsed { width: auto; }
        & #player-total { width: auto; }
    }
    """

    STATE_CLASSES: ClassVar[dict[PlayerState, str]] = {
        state: f"-{state.value}" for state in PlayerState
    }

    def __init__(
        self,
        player: Player | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._player = player
        self._timer: Timer | None = None
        self._state = PlayerState.STOPPED
        self._podcast = ""
        self._title = ""
        self._chapters: Sequence[Chapter] = ()
        self._chapter_starts: list[float] = []
        self._chapter = -1
        self._parked: tuple[float, float | None] | None = None  # a place shown with no player
        # The sleep timer: its mode, seconds left, and when that was said if it runs.
        self._sleep: tuple[SleepMode, float | None, float | None] = (SleepMode.OFF, None, None)
        self.add_class(self.STATE_CLASSES[self._state])

    def compose(self) -> ComposeResult:
        with Horizontal(id="player-top"):
            yield BarText(state_text(PlayerState.STOPPED), id="player-state")
            yield BarText(idle_title(self.app), id="player-title")
            yield BarText("", id="player-message")
            yield BarText("", id="player-sleep")
            yield BarText(rate_text(1.0), id="player-rate")
            yield BarText(volume_text(100), id="player-volume")
        with Horizontal(id="player-bottom"):
            yield BarText(elapsed_text(None), id="player-elapsed")
            yield ProgressCells(id="player-progress")
            yield BarText(total_text(None), id="player-total")

    def on_mount(self) -> None:
        self.show_state(self._state)
        self._show_title()

    # -- parts ----------------------------------------------------------------------------

    def _text(self, part: str) -> BarText:
        return self.query_one(f"#player-{part}", BarText)

    @property
    def progress(self) -> ProgressCells:
        return self.query_one("#player-progress", ProgressCells)

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def polling(self) -> bool:
        """True while the bar reads the player's position on a timer (only while playing)."""
        return self._timer is not None

    # -- what the playback controller calls ------------------------------------------------

    def attach(self, player: Player | None) -> None:
        """Show ``player``'s position, speed and volume."""
        self._player = player
        if self.is_mounted:
            self.sync()

    def show_episode(self, podcast: str, title: str) -> None:
        """A new episode: its title (the chapters are forgotten)."""
        self._podcast, self._title = clean_line(podcast), clean_line(title)
        self._chapters, self._chapter_starts, self._chapter = (), [], -1
        self._parked = None
        self.show_message(None)
        self._show_title()

    def show_chapters(self, chapters: Sequence[Chapter]) -> None:
        """The episode's chapters (sorted by start): the title names the current one."""
        self._chapters = chapters
        self._chapter_starts = [chapter.start for chapter in chapters]
        self._chapter = -1
        self.sync()

    def show_parked(self, position: float, duration: float | None) -> None:
        """An episode waiting to be resumed at ``position`` (nothing is loaded yet): shown
        paused, with its place, until it plays or another episode is shown."""
        self._parked = (position, duration)
        self.show_state(PlayerState.PAUSED)

    def show_sleep(self, mode: SleepMode, remaining: float | None, running: bool) -> None:
        """The sleep timer: ``remaining`` seconds (counting down if ``running``)."""
        self._sleep = (mode, remaining, time.monotonic() if running else None)
        self._show_sleep()

    def _show_sleep(self) -> None:
        if not self.is_mounted:
            return
        mode, left, since = self._sleep
        if left is not None and since is not None:
            left -= time.monotonic() - since
        text = sleep_text(mode, left)
        widget = self._text("sleep")
        widget.show(text)
        if widget.has_class("-shown") != bool(text):
            widget.set_class(bool(text), "-shown")
            self.set_class(bool(text), "-sleep")  # room for it beside a message

    def show_state(self, state: PlayerState, message: str | None = None) -> None:
        """The player's state; polling runs only while PLAYING. ``message`` (an error)
        stays on the bar until the next episode or :meth:`show_message`."""
        if state is not self._state:
            self.remove_class(self.STATE_CLASSES[self._state])
            self._state = state
            self.add_class(self.STATE_CLASSES[state])
        if self.is_mounted:
            self._text("state").show(state_text(state))
        if message:
            self.show_message(message)
        self.sync()
        self._poll_while(state is PlayerState.PLAYING and self.is_mounted)

    def show_message(self, message: str | None) -> None:
        """An error (or None to clear it) shown next to the title."""
        if not self.is_mounted:
            return
        widget = self._text("message")
        widget.show(clean_line(message or ""))
        widget.set_class(bool(message), "-shown")

    def sync(self) -> None:
        """Read the player now and repaint whatever changed."""
        if not self.is_mounted:
            return
        self._show_sleep()
        player = self._player
        if self._parked is not None and (player is None or player.source is None):
            self._show_time(*self._parked, force=True)
            return
        if player is None:
            return
        self._show_time(player.position, player.duration, force=True)
        self._text("rate").show(rate_text(player.rate))
        self._text("volume").show(volume_text(player.volume))

    def poll(self) -> None:
        """The timer's tick: only the position can have moved (read while the bar shows)."""
        player = self._player
        if player is None or not self.is_mounted or covered(self):
            return
        self._show_time(player.position, player.duration)
        if self._sleep[2] is not None:
            self._show_sleep()

    def uncovered(self) -> None:
        """The bar's screen is back on top: draw what changed while it was covered."""
        if not self.is_mounted:
            return
        for part in self.query(BarText):
            part.refresh(layout=True)
        for piece in self.query(ProgressSlice):
            piece.refresh()
        self.sync()

    # -- drawing ------------------------------------------------------------------------

    def _poll_while(self, playing: bool) -> None:
        if playing and self._timer is None:
            self._timer = self.set_interval(POLL_INTERVAL, self.poll, name="player-bar-poll")
        elif not playing and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _show_time(self, position: float, duration: float | None, force: bool = False) -> None:
        # The progress bar moves with the clock: at most once a second, in the same frame,
        # and filled as far as the time the clock shows.
        if self._text("elapsed").show(elapsed_text(position)) or force:
            self._text("total").show(total_text(duration))
            self.progress.show(float(whole_seconds(position)), duration)
        if self._chapter_starts:
            chapter = bisect_right(self._chapter_starts, position) - 1
            if chapter != self._chapter:
                self._chapter = chapter
                self._show_title()

    def _show_title(self) -> None:
        if not self.is_mounted:
            return
        if not (self._podcast or self._title):
            self._text("title").show(idle_title(self.app))
            return
        text = f"{self._podcast} — {self._title}" if self._podcast else self._title
        if 0 <= self._chapter < len(self._chapters):
            chapter = self._chapters[self._chapter]
            label = chapter.title or f"Chapter {self._chapter + 1}"
            text += f" · {label}"
        self._text("title").show(text)
