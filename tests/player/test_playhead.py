"""The playhead: where playback really is, apart from libVLC's clock, and what an end means.

Plain state fed with libVLC's reports and explicit ``now`` readings; no libVLC, no clock.
"""

from __future__ import annotations

import pytest

from tui.player.vlc.playhead import END_LAG, Playhead, Reopen, StreamEnd, end_slack


def played(head: Playhead, *times: float, now: float = 100.0) -> None:
    for seconds in times:
        head.on_time(int(seconds * 1000), now)


def test_a_start_past_the_length_guess_is_reopened_once():
    head = Playhead()
    head.open(18.0)
    head.on_length(11.4)
    assert head.on_end(False, 100.0) == Reopen(18.0)
    assert isinstance(head.on_end(False, 100.0), StreamEnd), "a second end: no second reopen"
    head.open(0.0, resume_to=18.0)  # reopened from the start to seek to 18 s
    head.on_length(11.4)
    end = head.on_end(False, 100.0)
    assert isinstance(end, StreamEnd) and not end.played_through


def test_a_reopened_stream_seeks_to_the_resume_point_once_it_has_played_a_little():
    head = Playhead()
    head.open(0.0, resume_to=18.0)
    assert head.on_time(0, 100.0) is False
    assert head.on_time(100, 100.1) is False
    assert head.on_time(250, 100.25) is True
    assert head.pos == 18.0, "the clock of the muted start is not where playback is"
    assert head.take_resume() == 18.0
    assert head.take_resume() is None
    played(head, 18.0, 19.5)
    assert head.real_pos == 19.5


def test_a_stream_played_to_its_end_is_played_through_at_its_length():
    head = Playhead()
    head.open(0.0)
    head.on_length(3.0)
    played(head, 0.0, 0.5, 1.0, 1.4)  # libVLC's clock trails the input at the end
    end = head.on_end(True, 100.0)
    assert end == StreamEnd(position=3.0, reported=3.0, length=3.0, played_through=True)


def test_an_end_far_short_of_the_length_is_no_read_through():
    head = Playhead()
    head.open(93.0)
    head.on_length(120.0)
    played(head, 93.0, 94.0, 100.0)
    end = head.on_end(False, 100.0)
    assert end == StreamEnd(position=100.0, reported=120.0, length=120.0, played_through=False)


def test_a_seek_past_the_length_guess_keeps_the_place_sought():
    head = Playhead()
    head.open(0.0)
    head.on_length(3.0)
    played(head, 0.0, 1.0)
    head.seek(99.0, None)
    end = head.on_end(False, 100.0)
    assert isinstance(end, StreamEnd)
    assert end.position == 99.0 and not end.played_through


def test_a_refused_seek_goes_back_to_where_playback_was():
    head = Playhead()
    head.open(0.0)
    head.on_length(600.0)
    played(head, 0.0, 4.0, 5.0)
    head.seek(300.0, 100.0)
    assert head.on_seek_refused() == 5.0
    assert head.on_seek_refused() is None, "said once"
    played(head, 300.5)  # libVLC's clock says it went there: it did not
    assert head.position(False, 100.0) == 5.0
    end = head.on_end(False, 100.0)
    assert isinstance(end, StreamEnd) and not end.played_through and end.position == 5.0


def test_a_corrected_length_right_after_a_start_seeks_to_the_start_again_once():
    head = Playhead()
    head.open(13.0)
    assert head.on_length(11.4).reseek is False  # the first guess
    played(head, 13.0, 13.3)
    news = head.on_length(20.0)
    assert news.changed and news.reseek
    assert head.take_reseek() == 13.0
    assert head.on_length(20.5).reseek is False


def test_a_corrected_length_after_playing_on_is_no_reason_to_seek():
    head = Playhead()
    head.open(13.0)
    head.on_length(11.4)
    played(head, 13.0, 14.0, 15.0)
    assert head.on_length(20.0).reseek is False
    head.seek(2.0, None)
    assert head.take_reseek() is None, "the listener sought elsewhere meanwhile"


def test_the_clock_runs_on_between_reports_but_not_by_itself_past_the_length():
    head = Playhead()
    head.open(0.0)
    head.on_length(10.0)
    head.on_time(9_500, 100.0)
    assert head.position(True, 100.4) == pytest.approx(9.9)
    assert head.position(True, 100.9) == 10.0
    assert head.position(False, 100.9) == 9.5
    head.rate = 2.0
    head.on_time(2_000, 200.0)
    assert head.position(True, 200.25) == pytest.approx(2.5)
    assert head.position(True, 205.0) == pytest.approx(4.0), "at most a second on its own"


def test_the_end_allowance_grows_with_the_length_within_bounds():
    assert end_slack(3.0) == END_LAG + 1.0
    assert end_slack(100.0) == pytest.approx(END_LAG + 2.0)
    assert end_slack(3600.0) == END_LAG + 5.0
