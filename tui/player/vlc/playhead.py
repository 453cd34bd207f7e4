"""Where playback really is, apart from libVLC's clock.

libVLC's clock can come from a length it guessed (the length of a low-bitrate MP3 read
from its first frames): a start or a seek past that guess ends the stream at once, and a
start inside a wrong guess lands elsewhere than the clock says. The :class:`Playhead`
keeps the place playback was started or sought to and, from there, only the times libVLC
reached by playing; it decides when a resume must be opened again from the start, when a
start must be sought again once libVLC has corrected its length, and whether the stream
was read through when it ends.

It is plain state: no libVLC, no threads, no clock of its own (the caller passes ``now``,
a ``time.monotonic()`` reading, and holds the player's lock).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.player.base import clamp_position

PROGRESS = 0.2  # seconds libVLC's clock must advance by playing to count as real playback
GUESS_CORRECTION = 0.05  # libVLC correcting its first length by more than this share
RESEEK_WINDOW = 1.0  # seconds played since the start within which a corrected start is sought
END_LAG = 2.0  # seconds libVLC's clock can trail the end of the input (audio still buffered)
END_SHARE = 0.02  # ... and, of the length, how far its coarse clock may stop short of it,
END_SHARE_MIN = 1.0  # never less than this
END_SHARE_MAX = 5.0  # nor more than this
INTERPOLATE_MAX = 1.0  # seconds the clock runs on by itself between libVLC's reports


def end_slack(length: float) -> float:
    """How far short of libVLC's ``length`` its clock may stop when the input did run to
    its end: the audio still buffered, and the coarse reports of its clock."""
    share = min(END_SHARE_MAX, max(END_SHARE_MIN, END_SHARE * max(0.0, length)))
    return END_LAG + share


@dataclass(frozen=True, slots=True)
class Reopen:
    """The stream ended at once: ``start`` lies past libVLC's length guess. Open it again
    from its beginning and seek to ``start`` once libVLC has decoded a little."""

    start: float


@dataclass(frozen=True, slots=True)
class StreamEnd:
    """The facts of an end: where playback really was, where libVLC's clock stood (maybe a
    length it guessed), its length, and whether the stream was read through."""

    position: float
    reported: float
    length: float | None
    played_through: bool


@dataclass(frozen=True, slots=True)
class LengthNews:
    changed: bool  # a new length to announce
    reseek: bool  # libVLC corrected its guess right after a start: seek to the start again


class Playhead:
    """Position, length and the resume/seek state of one media at a time."""

    def __init__(self) -> None:
        self.rate = 1.0
        self.pos = 0.0
        self.stamp: float | None = None  # when ``pos`` was last reported while playing
        self.length: float | None = None
        self.clock_ms = -1  # libVLC's last reported time
        self.start = 0.0  # where the media was asked to start
        self.played_from = 0.0  # the place playback was started or sought to
        self.real_pos = 0.0  # ... and the last time reached from there by playing
        self.first_time: float | None = None  # libVLC's first time since played_from
        self.progressed = False  # libVLC's clock moved on by playing since played_from
        self.seek_failed = False
        self.before_seek = 0.0  # where playback was before the last seek
        self.resume_to: float | None = None  # reopened to resume: the place to seek to
        self.retried = False  # already reopened once for this media
        self.resume_checked = False  # already sought again after a corrected length

    # -- commands --------------------------------------------------------------------------

    def open(self, start: float, resume_to: float | None = None) -> None:
        """A new media, started at ``start`` (or from 0 to seek to ``resume_to``)."""
        self.start = start
        self.length = None
        self.resume_to = resume_to
        self.retried = resume_to is not None
        self.resume_checked = False
        self._restart_from(resume_to if resume_to is not None else start)
        self.clock_ms = -1

    def seek(self, target: float, now: float | None) -> None:
        """Sought to ``target``; the clock runs from ``now`` (None while it stands)."""
        self.before_seek = self.real_pos if self.progressed else self.played_from
        self.resume_to = None
        self._restart_from(target)
        self.stamp = now

    def position(self, playing: bool, now: float) -> float:
        # Never clamped to libVLC's length: that may be a guess short of the real end.
        pos = self.pos
        if playing and self.stamp is not None:
            moved = pos + min(now - self.stamp, INTERPOLATE_MAX) * self.rate
            # Between libVLC's reports the clock runs on, but not by itself past its length.
            length = self.length
            pos = min(moved, length) if length is not None and length > pos else moved
        return clamp_position(pos, None)

    def settle(self, playing: bool, now: float) -> None:
        """Fold the interpolated time into the stored position; the clock stands."""
        self.pos = self.position(playing, now)
        self.stamp = None

    def take_resume(self) -> float | None:
        """The place a reopened media is to seek to now (once)."""
        target, self.resume_to = self.resume_to, None
        if target is not None:
            self._restart_from(target)
        return target

    def take_reseek(self) -> float | None:
        """The start to seek to again, unless playback went elsewhere meanwhile."""
        if self.played_from != self.start:
            return None
        self._restart_from(self.start)
        return self.start

    # -- libVLC's reports ------------------------------------------------------------------

    def on_time(self, ms: int, now: float) -> bool:
        """libVLC's clock says ``ms``; True when a pending resume is due."""
        self.clock_ms = ms
        seconds = ms / 1000.0
        if self.first_time is None:
            self.first_time = seconds
        if self.resume_to is not None:
            return seconds >= self.first_time + PROGRESS
        if seconds >= self.played_from + PROGRESS:
            self.progressed = True
        if self.progressed and not self.seek_failed:
            self.real_pos = seconds
        self.pos = self.real_pos if self.seek_failed else seconds
        self.stamp = now
        return False

    def on_length(self, seconds: float) -> LengthNews:
        first = self.length
        changed = first is None or abs(first - seconds) >= 0.001
        if changed:
            self.length = seconds
        reseek = (
            first is not None
            and abs(seconds - first) > GUESS_CORRECTION * seconds
            and self.start > 0
            and self.resume_to is None
            and not self.resume_checked
            and self.real_pos < self.played_from + RESEEK_WINDOW
        )
        if reseek:
            # libVLC opened at the start with the bitrate of a wrong length guess, so it is
            # elsewhere in the stream than its clock says: go there again.
            self.resume_checked = True
        return LengthNews(changed, reseek)

    def on_seek_refused(self) -> float | None:
        """libVLC gave up a seek: the place kept (None if that was already done)."""
        if self.seek_failed:
            return None
        self.seek_failed = True
        self.pos = self.real_pos = self.played_from = self.before_seek
        self.stamp = None
        return self.before_seek

    def on_end(self, playing: bool, now: float) -> Reopen | StreamEnd:
        """The input ended: reopen for a resume past the length guess, or the facts."""
        length = self.length
        start = self.start
        past_guess = length is None or start >= length
        if not self.progressed and start > 0 and past_guess and not self.retried:
            self.retried = True
            return Reopen(start)
        clock = self.clock_ms / 1000.0 if self.clock_ms >= 0 else None
        reported = max(x for x in (clock, length, 0.0) if x is not None)
        # libVLC's clock reports every few hundred ms and can lag at the end: where
        # playback is now, carried on from the last report.
        reached = self.position(playing, now) if self.progressed else self.real_pos
        if not self.progressed and clock is not None and clock >= self.played_from:
            reached = clock  # a short last stretch: libVLC's clock had no time to move
        through = (
            not self.seek_failed
            and length is not None
            and self.played_from < length
            and reached >= length - end_slack(length)
        )
        self.stamp = None
        if through:
            self.pos = max(self.real_pos, length or 0.0)
        else:
            self.pos = reached if self.progressed else self.real_pos
        return StreamEnd(self.pos, reported, length, through)

    def _restart_from(self, place: float) -> None:
        """Playback starts again from ``place``: nothing played from there yet."""
        self.pos = self.played_from = self.real_pos = place
        self.stamp = None
        self.first_time = None
        self.progressed = False
        self.seek_failed = False
