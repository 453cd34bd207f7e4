"""The sleep timer: playback pauses after a length of listening, or stops at the end of
the episode, the last seconds fading out.

It counts only while an episode plays (a pause holds it), so a timer set while nothing
plays starts with the next playback. In its last :data:`FADE_SECONDS` (over the whole of
a shorter timer) the volume falls step by step through the Player interface; when it goes
off the session pauses, which saves the place, and the volume is put back as the listener
had set it once the player has paused, so the next play sounds as it did before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tui.core.models import SleepMode
from tui.player.base import Player
from tui.session import events as ev

FADE_SECONDS = 10.0
FADE_STEP = 0.25  # seconds between two volume steps of the fade
END_POLL = 1.0  # seconds between reads of the position before the end's fade
RESTORE_AFTER = 2.0  # the volume is put back this long after firing in any case
PRESETS = (15 * 60.0, 30 * 60.0, 45 * 60.0, 60 * 60.0)  # what the key cycles through
SHORTEST, LONGEST = 1.0, 24 * 3600.0  # the lengths a timer may have


def next_choice(mode: SleepMode, length: float | None) -> tuple[SleepMode, float | None]:
    """The key's cycle: off, 15, 30, 45, 60 minutes, the end of the episode, off."""
    if mode is SleepMode.END:
        return SleepMode.OFF, None
    if mode is SleepMode.TIMER:
        for preset in PRESETS:
            if length is not None and preset > length + 0.5:
                return SleepMode.TIMER, preset
        return SleepMode.END, None
    return SleepMode.TIMER, PRESETS[0]


class SleepTimer:
    """The session's sleep timer. ``player`` gives the player if there is one; ``fire``
    pauses playback; ``schedule(delay, callback)`` and ``now()`` are the session's loop."""

    def __init__(
        self,
        player: Callable[[], Player | None],
        publish: Callable[[ev.SessionEvent], None],
        fire: Callable[[], None],
        schedule: Callable[[float, Callable[[], None]], asyncio.TimerHandle],
        now: Callable[[], float],
    ) -> None:
        self._player = player
        self._publish = publish
        self._fire = fire
        self._schedule = schedule
        self._now = now
        self.mode = SleepMode.OFF
        self.length: float | None = None
        self._left = 0.0  # seconds left while held (TIMER)
        self._deadline = 0.0  # the loop's time it goes off while running (TIMER)
        self.running = False
        self._tick_handle: asyncio.TimerHandle | None = None
        self._restore_handle: asyncio.TimerHandle | None = None
        self._base: int | None = None  # the listener's volume while the fade lowers it

    # -- what the session calls ---------------------------------------------------------

    def set(self, mode: SleepMode, seconds: float | None = None, *, playing: bool) -> None:
        """Set (or with OFF cancel) the timer; it runs at once if ``playing``."""
        if mode is SleepMode.TIMER and (seconds is None or not SHORTEST <= seconds <= LONGEST):
            raise ValueError(f"a sleep timer of {seconds} s")
        self._stop_ticking()
        self.restore()
        self.mode = mode
        self.length = seconds if mode is SleepMode.TIMER else None
        self._left = seconds or 0.0
        if playing and mode is not SleepMode.OFF:
            self._run()
        self._announce()

    def playing(self, playing: bool) -> None:
        """The player started or stopped playing: the timer runs or holds."""
        if self.mode is SleepMode.OFF:
            if not playing:
                self.restore()  # it went off: the player has paused
            return
        if playing and not self.running:
            self._run()
            self._announce()
        elif not playing and self.running:
            if self.mode is SleepMode.TIMER:
                self._left = self.remaining() or 0.0
            self._stop_ticking()
            self.restore()
            self._announce()

    def episode_ended(self) -> bool:
        """The episode played to its end: True if the timer waited for it (it is off
        now, and nothing else should start)."""
        if self.mode is not SleepMode.END:
            return False
        self._stop_ticking()
        self.restore()
        self.mode = SleepMode.OFF
        self._announce(fired=True)
        return True

    def remaining(self) -> float | None:
        """Seconds of listening left (TIMER only)."""
        if self.mode is not SleepMode.TIMER:
            return None
        if self.running:
            return max(0.0, self._deadline - self._now())
        return self._left

    def volume(self, player: Player) -> int:
        """The listener's volume: the one the fade started from while it fades."""
        return self._base if self._base is not None else player.volume

    def set_volume(self, volume: int) -> bool:
        """The listener changed the volume: True if the fade takes it (it is the level
        it fades from, applied by the next step)."""
        if self._base is None:
            return False
        self._base = volume
        return True

    def restore(self, *, tell: bool = True) -> None:
        """Put the listener's volume back if the fade lowered it."""
        if self._restore_handle is not None:
            self._restore_handle.cancel()
            self._restore_handle = None
        base, self._base = self._base, None
        player = self._player()
        if base is not None and player is not None:
            player.set_volume(base)
            if tell:
                self._publish(ev.PlayerUpdated())

    def shutdown(self) -> None:
        self._stop_ticking()
        self.restore(tell=False)

    # -- counting down ------------------------------------------------------------------

    def _run(self) -> None:
        self.running = True
        if self.mode is SleepMode.TIMER:
            self._deadline = self._now() + self._left
        self._tick()

    def _stop_ticking(self) -> None:
        self.running = False
        if self._tick_handle is not None:
            self._tick_handle.cancel()
            self._tick_handle = None

    def _tick(self) -> None:
        self._tick_handle = None
        if not self.running:
            return
        if self.mode is SleepMode.TIMER:
            left = self.remaining() or 0.0
            fade = min(FADE_SECONDS, self.length or FADE_SECONDS)
            if left <= 0:
                self._went_off()
                return
            if left <= fade:
                self._fade(left / fade)
                delay = min(FADE_STEP, left)
            else:
                delay = left - fade
        else:
            end = self._end_left()
            if end is not None and end <= FADE_SECONDS:
                self._fade(max(0.0, end) / FADE_SECONDS)
                delay = FADE_STEP
            else:
                self.restore()  # a seek back out of the fade
                delay = END_POLL if end is None else min(END_POLL, end - FADE_SECONDS)
        self._tick_handle = self._schedule(max(0.01, delay), self._tick)

    def _end_left(self) -> float | None:
        """Seconds to the end of the episode as the player knows its length."""
        player = self._player()
        if player is None or player.source is None or not player.duration:
            return None
        return (player.duration - player.position) / max(player.rate, 0.1)

    def _fade(self, fraction: float) -> None:
        player = self._player()
        if player is None:
            return
        if self._base is None:
            self._base = player.volume
        target = round(self._base * min(1.0, fraction))
        if player.volume != target:
            player.set_volume(target)

    def _went_off(self) -> None:
        self._stop_ticking()
        self.mode, self.length, self._left = SleepMode.OFF, None, 0.0
        self._fire()
        self._announce(fired=True)
        if self._base is not None:  # in case the player never says it paused
            self._restore_handle = self._schedule(RESTORE_AFTER, self.restore)

    def _announce(self, *, fired: bool = False) -> None:
        self._publish(
            ev.SleepTimerChanged(self.mode, self.remaining(), self.length, self.running, fired)
        )
