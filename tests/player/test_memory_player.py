"""The in-memory player: the same interface, states and events as the libVLC one, on a manual
clock. Plus the event dataclasses' round trip through JSON."""

from __future__ import annotations

import json

import pytest

from tui.core.models import PlayerState
from tui.player.base import (
    DurationChanged,
    EndReached,
    Player,
    PlayerError,
    PlayerUnavailable,
    StateChanged,
    event_from_dict,
    event_to_dict,
)
from tui.player.memory import InMemoryPlayer

URL = "http://127.0.0.1/episode.mp3"


@pytest.fixture
def player() -> InMemoryPlayer:
    p = InMemoryPlayer(durations={URL: 10.0})
    p.got = []  # type: ignore[attr-defined]
    p.set_listener(p.got.append)  # type: ignore[attr-defined]
    return p


def test_is_a_player():
    assert isinstance(InMemoryPlayer(), Player)


def test_play_to_the_end(player):
    player.play(URL, title="One")
    assert player.state is PlayerState.PLAYING
    assert (player.source, player.title, player.duration, player.position) == (URL, "One", 10, 0)
    player.advance(4)
    assert player.position == 4
    player.advance(100)
    assert player.position == 10
    assert player.state is PlayerState.ENDED
    assert player.got == [
        StateChanged(PlayerState.BUFFERING),
        DurationChanged(10.0),
        StateChanged(PlayerState.PLAYING),
        StateChanged(PlayerState.ENDED),
        EndReached(URL, position=10.0, reported=10.0, length=10.0, played_through=True),
    ]
    player.advance(5)  # nothing more happens after the end
    assert len(player.got) == 5


def test_start_offset_and_rate(player):
    player.play(URL, start=3)
    assert player.position == 3
    player.set_rate(2)
    player.advance(1)
    assert player.position == 5
    player.set_rate(9)
    assert player.rate == 3.0
    player.set_rate(0)
    assert player.rate == 0.5


def test_pause_resume_and_toggle(player):
    player.play(URL)
    player.advance(2)
    player.toggle_pause()
    assert player.state is PlayerState.PAUSED
    player.advance(5)
    assert player.position == 2  # the clock does not move a paused player
    player.toggle_pause()
    assert player.state is PlayerState.PLAYING
    player.advance(1)
    assert player.position == 3
    player.pause()
    player.pause()  # no duplicate event
    states = [e.state for e in player.got if isinstance(e, StateChanged)]
    assert states == [
        PlayerState.BUFFERING,
        PlayerState.PLAYING,
        PlayerState.PAUSED,
        PlayerState.PLAYING,
        PlayerState.PAUSED,
    ]


def test_seek_is_clamped(player):
    player.play(URL)
    player.seek(7.5)
    assert player.position == 7.5
    player.seek_by(-10)
    assert player.position == 0
    player.seek(99)
    assert player.position == 10
    player.seek_by(-4)
    assert player.position == 6


def test_volume_is_clamped(player):
    assert player.volume == 100
    player.set_volume(180)
    assert player.volume == 150
    player.set_volume(-1)
    assert player.volume == 0


def test_stop_keeps_the_place_and_resume_restarts_there(player):
    player.play(URL, title="T")
    player.advance(6)
    player.stop()
    assert player.state is PlayerState.STOPPED
    assert player.position == 6
    player.resume()
    assert player.state is PlayerState.PLAYING
    assert player.calls[-2:] == [("resume",), ("play", URL, 6, "T")]
    assert player.position == 6


def test_resume_after_the_end_starts_over(player):
    player.play(URL)
    player.advance(11)
    assert player.state is PlayerState.ENDED
    player.stop()  # stopping an ended player keeps ENDED
    assert player.state is PlayerState.ENDED
    player.resume()
    assert player.state is PlayerState.PLAYING
    assert player.position == 0


def test_seek_after_the_end_leaves_the_ended_state(player):
    player.play(URL)
    player.advance(11)
    player.seek(4)
    assert player.state is PlayerState.STOPPED
    assert player.position == 4
    player.resume()
    assert player.position == 4 and player.state is PlayerState.PLAYING


def test_errors_go_error_then_stopped():
    p = InMemoryPlayer(errors={URL: "HTTP 404 error"})
    got = []
    p.set_listener(got.append)
    p.play(URL)
    assert p.state is PlayerState.STOPPED
    assert got == [
        StateChanged(PlayerState.BUFFERING),
        StateChanged(PlayerState.ERROR, "HTTP 404 error"),
        PlayerError(URL, "HTTP 404 error"),
        StateChanged(PlayerState.STOPPED),
    ]


def test_fail_while_playing(player):
    player.play(URL)
    player.advance(1)
    player.fail("stream stalled: no data for 20 s")
    assert player.state is PlayerState.STOPPED
    assert player.got[-2] == PlayerError(URL, "stream stalled: no data for 20 s")
    player.fail("ignored when nothing plays")
    assert not [e for e in player.got[-1:] if isinstance(e, PlayerError)]


def test_buffering_then_playing_and_pause_while_buffering():
    p = InMemoryPlayer(default_duration=None, startup=1.0)
    got = []
    p.set_listener(got.append)
    p.play(URL)
    assert p.state is PlayerState.BUFFERING
    assert p.duration is None
    p.pause()
    assert p.state is PlayerState.PAUSED
    p.seek(3)  # remembered until the stream is open
    p.advance(2)
    assert p.state is PlayerState.PAUSED  # opened, still paused
    assert p.position == 3
    p.resume()
    p.advance(1)
    assert p.state is PlayerState.PLAYING
    assert p.position == 4  # unknown duration: no end
    p.advance(1000)
    assert p.state is PlayerState.PLAYING
    assert not [e for e in got if isinstance(e, DurationChanged)]


def test_buffering_time_counts_before_playing():
    p = InMemoryPlayer(durations={URL: 5}, startup=0.5)
    p.play(URL)
    p.advance(0.25)
    assert p.state is PlayerState.BUFFERING and p.position == 0
    p.advance(0.75)
    assert p.state is PlayerState.PLAYING
    assert p.position == pytest.approx(0.5)


def test_new_play_replaces_the_current_one(player):
    player.play(URL)
    player.advance(3)
    other = "http://127.0.0.1/other.mp3"
    player.play(other, start=1)
    assert player.source == other
    assert player.position == 1
    assert player.duration == 60.0  # the default for unknown sources


def test_closed_player_refuses_commands(player):
    player.play(URL)
    player.close()
    assert player.state is PlayerState.STOPPED
    assert player.closed
    with pytest.raises(PlayerUnavailable):
        player.play(URL)
    player.close()  # twice is fine


def test_context_manager_closes():
    with InMemoryPlayer() as p:
        p.play(URL)
    assert p.closed


@pytest.mark.parametrize(
    "event",
    [
        StateChanged(PlayerState.PLAYING),
        StateChanged(PlayerState.ERROR, "HTTP 404 error"),
        EndReached(URL),
        PlayerError(URL, "stream stalled: no data for 20 s"),
        PlayerError(None, "libVLC not found"),
        DurationChanged(1234.5),
    ],
)
def test_events_round_trip_through_json(event):
    data = json.loads(json.dumps(event_to_dict(event)))
    assert data["type"] == type(event).__name__
    assert event_from_dict(data) == event
