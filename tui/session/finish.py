"""When an episode is finished, and what to say when a stream ends anywhere else.

A player's "end" event only says that the input stopped delivering audio. libVLC sends it at
the real end of an episode, but also when a seek or a resume jumped past a length it had
guessed too short (the length of a low-bitrate MP3 read from its first frames), or when a
server that cannot seek made it give up. Only the first finishes the episode: the others
keep the listener's place, leave the episode unplayed and the queue where it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.text import format_duration

MIN_TOLERANCE = 1.0  # seconds: how close to the end counts as the end, for short clips
MAX_TOLERANCE = 5.0  # seconds: ... and for long episodes
TOLERANCE_SHARE = 0.02  # of the length, between the two


def tolerance(length: float) -> float:
    """How far before ``length`` a stream may stop and still count as having reached its end."""
    return min(MAX_TOLERANCE, max(MIN_TOLERANCE, TOLERANCE_SHARE * max(0.0, length)))


@dataclass(frozen=True, slots=True)
class Ending:
    """What the player knew when the stream ended.

    ``position``: where playback really was (its last reported time reached by playing, or
    the place it was asked to start from when nothing played since). ``reported``: where the
    player's clock stood at the end, which may be a length it guessed. ``length``: the length
    the player gave at the end. ``played_through``: the stream was read to its end by
    continuous playback, without an error and without a seek that failed.
    """

    position: float
    reported: float | None = None
    length: float | None = None
    played_through: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    finished: bool
    reason: str = ""  # one line when not finished: "the stream ended at 1:08 of 2:00"


def _usable(seconds: float | None) -> float | None:
    return seconds if seconds is not None and seconds > 0 else None


def best_length(
    ending: Ending, *, feed_duration: float | None = None, file_length: float | None = None
) -> float | None:
    """The most trustworthy length known: a completed download's own length, what the
    player reports once it has read to the end, then the feed's duration."""
    if _usable(file_length):
        return file_length
    if ending.played_through and _usable(ending.length):
        return ending.length
    return _usable(feed_duration) or _usable(ending.length)


def judge_end(
    ending: Ending, *, feed_duration: float | None = None, file_length: float | None = None
) -> Verdict:
    """Finished only when playback really reached the end: the whole stream was played
    through, or the position is within :func:`tolerance` of a trusted length (the feed's
    duration or a completed download's length; a length the player only guessed counts
    only once it has played through). Anything else is a stream failure."""
    if ending.played_through:
        return Verdict(True)
    position = max(0.0, ending.position)
    for length in (_usable(file_length), _usable(feed_duration)):
        if length is not None and position >= length - tolerance(length):
            return Verdict(True)
    at = ending.reported if ending.reported is not None else position
    length = best_length(ending, feed_duration=feed_duration, file_length=file_length)
    where = format_duration(max(0.0, at))
    if length is not None:
        return Verdict(False, f"the stream ended at {where} of {format_duration(length)}")
    return Verdict(False, f"the stream ended at {where}")
