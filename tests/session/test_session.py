"""The listening session without Textual: an in-memory player, a real SQLite library and
a loopback HTTP server for chapters; what subscribers hear."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.shows import BASE, episode, make_library
from tests.shows import ids as guids
from tui.core.config import Config
from tui.core.feeds.fetch import Fetcher
from tui.core.library import Library
from tui.core.models import PlayerState
from tui.player.memory import InMemoryPlayer
from tui.session import RESUME_REWIND, ListeningSession, Snapshot
from tui.session import events as ev


class Harness:
    """A session over ``library`` and an in-memory player, recording every event."""

    def __init__(self, library: Library, config: Config | None = None, **player) -> None:
        self.library = library
        self.player = InMemoryPlayer(default_duration=600.0, **player)
        self.fetcher = Fetcher()
        self.session = ListeningSession(
            library, config or Config(), self.player, lambda: self.fetcher
        )
        self.events: list[ev.SessionEvent] = []
        self.session.subscribe(self.events.append)
        self.session.start()

    def of(self, kind: type) -> list:
        return [event for event in self.events if isinstance(event, kind)]

    async def settle(self) -> None:
        """Let the player's events (handed over with call_soon_threadsafe) arrive."""
        for _ in range(5):
            await asyncio.sleep(0)

    async def close(self) -> None:
        self.session.shutdown()
        await self.fetcher.aclose()


@pytest.fixture
def library(tmp_path):
    lib = make_library(tmp_path / "data", [episode(n) for n in (1, 2, 3, 4)])
    yield lib
    lib.close_search()
    lib.close()


async def test_plays_resumes_a_little_before_and_saves_on_pause(library):
    ids = guids(library)
    library.save_position(ids["ep-2"], 100.0)
    h = Harness(library)
    assert h.session.play_episode(ids["ep-2"])
    await h.settle()
    assert h.player.source == f"{BASE}/ep2.mp3"
    assert h.player.position == pytest.approx(100.0 - RESUME_REWIND)
    now = h.of(ev.NowPlaying)[-1]
    assert (now.episode_id, now.title, now.podcast, now.parked) == (
        ids["ep-2"],
        "Episode 2",
        "The Show",
        False,
    )
    assert h.of(ev.StateChanged)[-1].state is PlayerState.PLAYING
    h.player.advance(20)
    h.session.toggle_pause()
    await h.settle()
    assert library.episode(ids["ep-2"]).position == pytest.approx(115.0)
    assert h.of(ev.PositionSaved)[-1] == ev.PositionSaved(ids["ep-2"], 115.0, False)
    await h.close()


async def test_the_timer_saves_while_playing_and_stops_when_paused(library):
    ids = guids(library)
    h = Harness(library)
    h.session.play_episode(ids["ep-1"])
    await h.settle()
    assert h.session._saver is not None
    h.player.advance(7)
    assert h.session.save_position(periodic=True)
    assert h.of(ev.PositionSaved)[-1].periodic
    assert not h.session.save_position()  # nothing moved: nothing written
    h.session.stop()
    await h.settle()
    assert h.session._saver is None
    await h.close()


async def test_the_end_finishes_and_the_queue_advances(library):
    ids = guids(library)
    h = Harness(library)
    await h.session.queue.append(ids["ep-1"])
    await h.session.queue.append(ids["ep-3"])
    assert h.of(ev.QueueChanged)[-1] == ev.QueueChanged((ids["ep-1"],), (ids["ep-1"], ids["ep-3"]))
    h.session.toggle_pause()  # nothing loaded: the head of the queue
    await h.settle()
    assert h.session.episode is not None and h.session.episode.id == ids["ep-1"]
    h.player.advance(600)
    await h.settle()
    assert library.episode(ids["ep-1"]).played
    assert library.queue_ids() == [ids["ep-3"]]
    assert ev.EpisodeFinished(ids["ep-1"], ids["ep-3"]) in h.events
    assert ev.EpisodeStatusChanged(ids["ep-1"], played=True, queued=False) in h.events
    assert h.session.episode.id == ids["ep-3"]
    snapshot = h.session.snapshot()
    assert isinstance(snapshot, Snapshot)
    assert (snapshot.episode_id, snapshot.title, snapshot.queue) == (
        ids["ep-3"],
        "Episode 3",
        (ids["ep-3"],),
    )
    await h.close()


async def test_without_auto_advance_nothing_follows(library):
    ids = guids(library)
    config = Config()
    config.auto_advance = False
    h = Harness(library, config)
    await h.session.queue.append(ids["ep-2"])
    h.session.play_episode(ids["ep-1"])
    await h.settle()
    h.player.advance(600)
    await h.settle()
    assert library.episode(ids["ep-1"]).played
    assert h.session.episode.id == ids["ep-1"]
    assert h.session.state is PlayerState.ENDED
    await h.close()


async def test_an_early_end_keeps_the_place_and_the_queue(library):
    ids = guids(library)
    h = Harness(library)
    await h.session.queue.append(ids["ep-1"])
    h.session.play_episode(ids["ep-1"])
    await h.settle()
    h.player.advance(30)
    h.player.cut(30.0, length=40.0)  # the stream stopped, far from the feed's 600 s
    await h.settle()
    assert not library.episode(ids["ep-1"]).played
    assert library.queue_ids() == [ids["ep-1"]]
    assert h.of(ev.PlaceKept)[-1].episode_id == ids["ep-1"]
    assert any(n.error and "your place is kept" in n.message for n in h.of(ev.Notice))
    await h.close()


async def test_a_player_error_is_told(library):
    ids = guids(library)
    h = Harness(library)
    h.session.play_episode(ids["ep-1"])
    await h.settle()
    h.player.fail("HTTP 404 error")
    await h.settle()
    assert h.of(ev.PlaybackFailed) == [ev.PlaybackFailed("HTTP 404 error")]
    await h.close()


async def test_nothing_to_play_and_the_last_episode_after_a_restart(library):
    ids = guids(library)
    h = Harness(library)
    h.session.toggle_pause()
    assert h.of(ev.NothingToPlay) == [ev.NothingToPlay()]
    h.session.play_episode(ids["ep-2"])
    await h.settle()
    h.player.advance(50)
    await h.close()  # quitting saves the place

    again = Harness(library)
    parked = again.of(ev.NowPlaying)
    assert len(parked) == 1 and parked[0].parked and parked[0].episode_id == ids["ep-2"]
    assert parked[0].position == pytest.approx(50.0)
    again.session.toggle_pause()  # Space resumes it
    await again.settle()
    assert again.player.source == f"{BASE}/ep2.mp3"
    assert again.player.position == pytest.approx(50.0 - RESUME_REWIND)
    await again.close()


async def test_rate_volume_seek_and_restart(library):
    ids = guids(library)
    h = Harness(library)
    h.session.play_episode(ids["ep-1"])
    await h.settle()
    assert h.session.change_rate(5) == pytest.approx(3.0)
    assert h.session.change_volume(-500) == 0
    h.session.seek_by(42)
    assert h.player.position == pytest.approx(42)
    h.session.restart()
    assert h.player.position == 0
    assert h.session.play_from(ids["ep-1"], 120.0)
    assert h.player.position == pytest.approx(120.0)
    assert h.of(ev.PlayerUpdated)
    await h.close()


async def test_queue_changes_are_made_in_the_order_asked(library):
    ids = guids(library)
    h = Harness(library)
    queue = h.session.queue
    order = await asyncio.gather(
        queue.append(ids["ep-1"]),
        queue.append(ids["ep-2"]),
        queue.play_next(ids["ep-3"]),
        queue.move_by(ids["ep-1"], 5),
    )
    assert order[-1] == [ids["ep-3"], ids["ep-2"], ids["ep-1"]]
    assert await queue.remove(ids["ep-2"]) == [ids["ep-3"], ids["ep-1"]]
    assert await queue.clear() == []
    assert h.of(ev.QueueChanged)[-1] == ev.QueueChanged((ids["ep-3"], ids["ep-1"]), ())
    await h.close()


async def test_chapters_come_through_the_shared_fetcher(tmp_path, http_server):
    chapters = {"chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 95.5}]}
    http_server.route("/c.json", json.dumps(chapters).encode())
    url = http_server.url("/c.json")
    lib = make_library(tmp_path / "data", [episode(1, chapters_url=url)])
    h = Harness(lib)
    h.session.play_episode(guids(lib)["ep-1"])
    h.session.next_chapter()  # asked while the chapters load: done once they are here
    for _ in range(200):
        if h.of(ev.ChaptersLoaded):
            break
        await asyncio.sleep(0.01)
    await h.settle()
    assert [c.start for c in h.of(ev.ChaptersLoaded)[0].chapters] == [0.0, 95.5]
    assert h.player.position == pytest.approx(95.5)
    assert len(http_server.requests_to("/c.json")) == 1
    await h.close()
    lib.close()
