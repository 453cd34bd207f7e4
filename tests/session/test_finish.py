"""The finished rule: only a real end finishes an episode."""

from __future__ import annotations

from tui.session.finish import Ending, best_length, judge_end, tolerance


def test_tolerance_grows_with_the_length_within_bounds():
    assert tolerance(6) == 1.0
    assert tolerance(120) == 2.4
    assert tolerance(3600) == 5.0
    assert tolerance(0) == 1.0


def test_played_through_finishes_whatever_the_feed_says():
    # The feed's durations are often wrong: a stream read to its end is the end.
    ending = Ending(position=45.0, reported=45.0, length=45.0, played_through=True)
    assert judge_end(ending, feed_duration=3600).finished


def test_an_end_near_the_feeds_duration_finishes():
    ending = Ending(position=118.5, reported=68.0, length=68.0)
    assert judge_end(ending, feed_duration=120).finished


def test_an_end_at_the_length_guess_is_a_stream_failure():
    # Resumed at 1:28, libVLC guessed 1:08.6 and ended there at once.
    verdict = judge_end(Ending(position=88.0, reported=68.6, length=68.6), feed_duration=120)
    assert not verdict.finished
    assert verdict.reason == "the stream ended at 1:09 of 2:00"


def test_a_guessed_length_alone_never_finishes():
    # Position at libVLC's own (guessed) length, but not played through and no feed length.
    verdict = judge_end(Ending(position=68.6, reported=68.6, length=68.6))
    assert not verdict.finished
    assert verdict.reason == "the stream ended at 1:09 of 1:09"


def test_a_completed_downloads_length_comes_first():
    ending = Ending(position=99.0, reported=99.0, length=68.0)
    assert judge_end(ending, feed_duration=200, file_length=100).finished
    assert not judge_end(ending, feed_duration=200).finished
    assert best_length(ending, feed_duration=200, file_length=100) == 100


def test_best_length_trusts_the_player_only_once_it_read_to_the_end():
    guessed = Ending(position=10.0, reported=68.0, length=68.0)
    assert best_length(guessed, feed_duration=120) == 120
    read = Ending(position=119.0, reported=119.0, length=119.0, played_through=True)
    assert best_length(read, feed_duration=120) == 119
    assert best_length(Ending(position=3.0), feed_duration=None) is None
    assert judge_end(Ending(position=3.0)).reason == "the stream ended at 0:03"
