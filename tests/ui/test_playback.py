"""Playback in the app: keys, resume, the end of an episode, the queue, chapters, errors.

Most tests drive a small app (episode browser + player bar + the playback bindings) over a
real library with :class:`InMemoryPlayer`, whose clock the test moves. The last tests use
the real libVLC player, a loopback HTTP server and generated tones, and check the decoded
audio libVLC writes to a WAV file.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from tests.audio import frequency_track, make_tone, make_tones, read_wav, seconds_near
from tests.player.conftest import alsa_output, libvlc, loopback_server  # noqa: F401
from tests.shows import BASE, episode, ids, make_library
from tui.core.config import Config
from tui.core.feeds.fetch import Fetcher
from tui.core.library import Library
from tui.core.models import PlayerState
from tui.core.search import EpisodeIndex
from tui.player.base import Player, PlayerUnavailable
from tui.player.memory import InMemoryPlayer
from tui.session import RESUME_REWIND, ListeningSession
from tui.ui.messages import EpisodeUpdated, PlaybackFailed
from tui.ui.playback import PLAYBACK_BINDINGS, PlaybackActions, SessionView
from tui.ui.status import EpisodeStatus
from tui.ui.widgets.bar_parts import BarText
from tui.ui.widgets.episode_browser import EpisodeBrowser
from tui.ui.widgets.episode_table import EpisodeTable
from tui.ui.widgets.player_bar import PlayerBar


class Host(PlaybackActions, App):
    """The playback parts of the app: an episode browser, the player bar, the keys."""

    BINDINGS = PLAYBACK_BINDINGS

    def __init__(self, library: Library, config: Config, player) -> None:
        super().__init__()
        self.library = library
        self.fetcher = Fetcher()
        self.playback = ListeningSession(library, config, player, lambda: self.fetcher)
        self.view = SessionView(self, self.playback, EpisodeStatus(self))
        self.updates: list[int] = []
        self.failures: list[str] = []

    def compose(self) -> ComposeResult:
        yield EpisodeBrowser(EpisodeIndex.from_library(self.library))
        yield PlayerBar(id="player-bar")

    def on_mount(self) -> None:
        self.view.attach(self.query_one(PlayerBar))
        self.playback.start()

    async def on_unmount(self) -> None:
        self.playback.shutdown()
        await self.fetcher.aclose()

    def on_episode_table_selected(self, message: EpisodeTable.Selected) -> None:
        self.playback.play_episode(message.episode_id)

    def on_episode_updated(self, message: EpisodeUpdated) -> None:
        self.updates.append(message.episode_id)

    def on_playback_failed(self, message: PlaybackFailed) -> None:
        self.failures.append(message.error)


@pytest.fixture
def library(tmp_path):
    lib = make_library(tmp_path / "data", [episode(n) for n in (1, 2, 3, 4)])
    yield lib
    lib.close_search()
    lib.close()


def bar_text(app: App, part: str) -> str:
    return app.query_one(f"#player-{part}", BarText).text.strip()


def notes(app: App, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity is None or n.severity == severity]


async def select_row(pilot, app: App, episode_id: int) -> None:
    """Move the table's cursor to ``episode_id`` with the keyboard."""
    table = app.query_one(EpisodeTable)
    for _ in range(50):
        if table.highlighted_episode_id == episode_id:
            return
        await pilot.press("down")
    raise AssertionError(f"episode {episode_id} is not in the table")


# -- pure parts ----------------------------------------------------------------------------


def test_bindings_have_ids_and_descriptions():
    seen = set()
    for binding in PLAYBACK_BINDINGS:
        assert binding.id and binding.id.startswith("player."), binding
        assert binding.description
        assert hasattr(PlaybackActions, f"action_{binding.action}"), binding.action
        for key in binding.key.split(","):
            assert key not in seen, key
            seen.add(key)
    shown = [b.id for b in PLAYBACK_BINDINGS if b.show]
    assert shown == ["player.toggle_pause"]
    # Keys the rest of the app uses.
    taken = {"enter", "a", "A", "d", "D", "m", "slash", "q", "question_mark", "n", "r", "R"}
    taken |= {"Q", "o", "O", "j", "k", "l"}
    assert not seen & taken


# -- keys ----------------------------------------------------------------------------------


async def test_every_key_reaches_the_player(library):
    player = InMemoryPlayer(default_duration=600.0)
    config = Config(seek_back=10, seek_forward=30, seek_long=60)
    app = Host(library, config, player)
    newest = ids(library)["ep-4"]
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")  # the newest episode is highlighted
        await pilot.pause()
        assert player.state is PlayerState.PLAYING
        assert player.source == f"{BASE}/ep4.mp3"
        assert app.playback.episode.id == newest
        assert bar_text(app, "state") == "▶ Playing"
        assert bar_text(app, "title") == "The Show — Episode 4"

        player.advance(100)
        await pilot.press("left")
        assert player.position == pytest.approx(90)
        await pilot.press("right")
        assert player.position == pytest.approx(120)
        await pilot.press("shift+left")
        assert player.position == pytest.approx(60)
        await pilot.press("shift+right", "shift+right")
        assert player.position == pytest.approx(180)
        assert bar_text(app, "elapsed") == "3:00"
        await pilot.press("0")  # restarts (Home goes to the first row)
        assert player.position == 0

        await pilot.press("right_square_bracket")
        assert player.rate == pytest.approx(1.1)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert player.rate == pytest.approx(0.9)
        assert bar_text(app, "rate") == "0.9×"
        assert app.playback.change_rate(5) == pytest.approx(3.0)  # clamped
        assert app.playback.change_rate(-5) == pytest.approx(0.5)

        await pilot.press("minus")
        assert player.volume == 95
        await pilot.press("plus", "equals_sign")
        assert player.volume == 105
        assert bar_text(app, "volume") == "vol 105%"
        assert app.playback.change_volume(100) == 150  # clamped
        assert app.playback.change_volume(-200) == 0

        await pilot.press("space")
        await pilot.pause()
        assert player.state is PlayerState.PAUSED
        assert bar_text(app, "state") == "‖ Paused"
        await pilot.press("space")
        await pilot.pause()
        assert player.state is PlayerState.PLAYING

        await pilot.press("s")
        await pilot.pause()
        assert player.state is PlayerState.STOPPED
        assert bar_text(app, "state") == "■ Stopped"
        assert bar_text(app, "title") == "The Show — Episode 4"
        # Space after a stop plays the same episode again.
        await pilot.press("space")
        await pilot.pause()
        assert player.state is PlayerState.PLAYING
        assert player.source == f"{BASE}/ep4.mp3"


async def test_a_player_made_by_a_speed_key_shows_in_the_bar(library):
    player = InMemoryPlayer(default_duration=600.0)
    app = Host(library, Config(), lambda: player)  # made on first use
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("right_square_bracket")  # nothing played yet
        await pilot.pause()
        assert player.rate == pytest.approx(1.1)
        assert bar_text(app, "rate") == "1.1×"


async def test_space_with_nothing_loaded_starts_the_queue(library):
    found = ids(library)
    library.queue_add([found["ep-2"], found["ep-1"]])
    player = InMemoryPlayer()
    app = Host(library, Config(), player)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert player.state is PlayerState.PLAYING
        assert player.source == f"{BASE}/ep2.mp3"
        assert library.queue_ids() == [found["ep-2"], found["ep-1"]]


async def test_space_with_nothing_to_play_says_so(library):
    app = Host(library, Config(), InMemoryPlayer())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert any("Nothing to play" in text for text in notes(app))


async def test_playback_keys_are_text_in_the_filter(library):
    player = InMemoryPlayer()
    app = Host(library, Config(), player)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("slash", "s", "space", "minus", "0")
        await pilot.pause()
        assert app.query_one(EpisodeBrowser).query_text == "s -0"
        assert player.state is PlayerState.PLAYING
        assert player.volume == 100


# -- resume and positions ------------------------------------------------------------------


async def test_resumes_a_little_before_the_saved_position(library):
    found = ids(library)
    library.save_position(found["ep-4"], 100.0)
    library.save_position(found["ep-3"], 3.0)
    library.save_position(found["ep-2"], 200.0)
    library.set_played([found["ep-2"]])
    player = InMemoryPlayer(default_duration=600.0)
    app = Host(library, Config(), player)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert player.calls[-1][0] == "play"
        assert player.calls[-1][2] == pytest.approx(100.0 - RESUME_REWIND)
        assert player.position == pytest.approx(100.0 - RESUME_REWIND)
        assert bar_text(app, "elapsed") == "1:35"
        assert app.playback.play_episode(found["ep-3"])
        assert player.calls[-1][2] == 0.0  # 3 s in: rewinding 5 s starts over
        assert app.playback.play_episode(found["ep-2"])
        assert player.calls[-1][2] == 0.0  # played: from the start


async def test_positions_are_saved_at_pause_stop_switch_and_quit(library):
    found = ids(library)
    player = InMemoryPlayer(default_duration=600.0)
    app = Host(library, Config(), player)
    playback = app.playback
    async with app.run_test(size=(120, 30)) as pilot:
        browser = app.query_one(EpisodeBrowser)
        index = browser.index
        repaints: list[int] = []
        original = browser.refresh_episode

        def refresh_episode(episode_id: int) -> None:
            repaints.append(episode_id)
            original(episode_id)

        browser.refresh_episode = refresh_episode
        await pilot.press("enter")
        await pilot.pause()
        assert playback._saver is not None  # the 5 s saver runs while playing
        player.advance(120)
        assert playback.save_position()  # what the saver does every 5 s
        assert library.episode(found["ep-4"]).position == pytest.approx(120)
        assert index.status(found["ep-4"]) == "▶ 20%"
        assert repaints == [found["ep-4"]]
        assert not playback.save_position()  # nothing moved: nothing written
        player.advance(0.2)
        assert not playback.save_position()
        assert repaints == [found["ep-4"]]
        # The 5 s saves while playing repaint the row at most once a minute.
        player.advance(12)
        assert playback.save_position(periodic=True)
        assert library.episode(found["ep-4"]).position == pytest.approx(132.2)
        assert index.status(found["ep-4"]) == "▶ 22%"
        assert repaints == [found["ep-4"]]

        player.advance(60)
        await pilot.press("space")
        await pilot.pause()
        assert player.state is PlayerState.PAUSED
        assert playback._saver is None
        assert library.episode(found["ep-4"]).position == pytest.approx(192.2)
        assert index.status(found["ep-4"]) == "▶ 32%"
        assert repaints == [found["ep-4"]] * 2  # the pause repainted the row

        await pilot.press("space")
        player.advance(5)
        await pilot.press("s")
        await pilot.pause()
        assert library.episode(found["ep-4"]).position == pytest.approx(197.2)

        await pilot.press("space")  # plays again from 192.2 (5 s back)
        await pilot.pause()
        player.advance(10)
        await select_row(pilot, app, found["ep-3"])
        await pilot.press("enter")
        await pilot.pause()
        assert player.source == f"{BASE}/ep3.mp3"
        assert library.episode(found["ep-4"]).position == pytest.approx(202.2)
        player.advance(7)
    # The app is gone: quitting saved the position and closed the player.
    assert library.episode(found["ep-3"]).position == pytest.approx(7)
    assert player.closed


async def test_nothing_is_saved_before_the_episode_really_plays(library):
    found = ids(library)
    library.save_position(found["ep-4"], 100.0)
    player = InMemoryPlayer(startup=5.0)  # stays BUFFERING until advanced
    app = Host(library, Config(), player)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert player.state is PlayerState.BUFFERING
        assert bar_text(app, "state") == "◌ Loading"
        await pilot.press("s")
        await pilot.pause()
    assert library.episode(found["ep-4"]).position == pytest.approx(100.0)


# -- the end of an episode and the queue -----------------------------------------------------


async def test_end_marks_played_and_the_next_queued_episode_plays(library):
    found = ids(library)
    library.queue_add([found["ep-1"], found["ep-3"], found["ep-2"]])
    player = InMemoryPlayer(default_duration=60.0)
    app = Host(library, Config(auto_advance=True), player)
    async with app.run_test(size=(120, 30)) as pilot:
        index = app.query_one(EpisodeBrowser).index
        await select_row(pilot, app, found["ep-3"])
        await pilot.press("enter")  # from the table: the queue stays as it is
        await pilot.pause()
        assert player.source == f"{BASE}/ep3.mp3"
        assert library.queue_ids() == [found["ep-1"], found["ep-3"], found["ep-2"]]
        player.advance(30)
        app.playback.save_position()
        player.advance(31)  # past the end
        await pilot.pause()
        finished = library.episode(found["ep-3"])
        assert finished.played and finished.position == 0 and not finished.queued
        assert index.status(found["ep-3"]) == "played"
        assert app.updates == [found["ep-3"]]
        # The episode after it in the queue plays.
        assert player.source == f"{BASE}/ep2.mp3"
        assert player.state is PlayerState.PLAYING
        assert app.playback.episode.id == found["ep-2"]
        assert library.queue_ids() == [found["ep-1"], found["ep-2"]]
        assert bar_text(app, "title") == "The Show — Episode 2"

        player.advance(60)  # the last queued episode ends: nothing follows it
        await pilot.pause()
        assert library.episode(found["ep-2"]).played
        assert library.queue_ids() == [found["ep-1"]]
        assert player.state is PlayerState.ENDED
        assert app.playback.episode.id == found["ep-2"]
        assert bar_text(app, "state") == "■ Finished"


async def test_an_unqueued_episode_is_followed_by_the_head_of_the_queue(library):
    found = ids(library)
    library.queue_add([found["ep-1"], found["ep-2"]])
    player = InMemoryPlayer(default_duration=10.0)
    app = Host(library, Config(), player)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")  # episode 4, not queued
        await pilot.pause()
        player.advance(11)
        await pilot.pause()
        assert library.episode(found["ep-4"]).played
        assert player.source == f"{BASE}/ep1.mp3"
        assert library.queue_ids() == [found["ep-1"], found["ep-2"]]


async def test_without_auto_advance_the_player_stops_at_the_end(library):
    found = ids(library)
    library.queue_add([found["ep-4"], found["ep-1"]])
    player = InMemoryPlayer(default_duration=10.0)
    app = Host(library, Config(auto_advance=False), player)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        player.advance(11)
        await pilot.pause()
        assert library.episode(found["ep-4"]).played
        assert library.queue_ids() == [found["ep-1"]]
        assert player.state is PlayerState.ENDED
        assert player.source == f"{BASE}/ep4.mp3"
        assert [c[0] for c in player.calls].count("play") == 1


# -- errors --------------------------------------------------------------------------------


async def test_a_player_error_is_notified_and_shown(library):
    player = InMemoryPlayer(errors={f"{BASE}/ep4.mp3": "HTTP 404 error"})
    app = Host(library, Config(), player)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.failures == ["HTTP 404 error"]
        errors = notes(app, "error")
        assert errors == ["Cannot play “Episode 4”: HTTP 404 error"]
        assert bar_text(app, "state") == "■ Stopped"
        assert bar_text(app, "message") == "HTTP 404 error"
        assert not app.query_one(PlayerBar).polling


async def test_no_player_is_explained(library):
    def no_libvlc() -> Player:
        raise PlayerUnavailable("libVLC not found: install VLC")

    app = Host(library, Config(), no_libvlc)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert notes(app, "error") == ["Cannot play: libVLC not found: install VLC"]
        await pilot.press("right", "space", "s", "minus")  # nothing breaks
        await pilot.pause()


async def test_an_episode_without_audio_is_explained(tmp_path):
    lib = make_library(tmp_path / "data", [episode(1, enclosure_url=None)])
    player = InMemoryPlayer()
    app = Host(lib, Config(), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            assert notes(app, "error") == ["“Episode 1” has no audio to play"]
            assert player.calls == []
    finally:
        lib.close()


# -- chapters ------------------------------------------------------------------------------


async def test_chapter_keys_jump_between_chapters(tmp_path, http_server):
    chapters = {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Intro"},
            {"startTime": 95.5, "title": "The \x1b[1mmain\x1b[0m part"},
            {"startTime": 300, "title": "Outro"},
        ],
    }
    http_server.route(
        "/chapters.json",
        json.dumps(chapters).encode(),
        headers={"Content-Type": "application/json+chapters"},
    )
    url = http_server.url("/chapters.json")
    lib = make_library(
        tmp_path / "data",
        [episode(1, chapters_url=url, chapters_type="application/json+chapters"), episode(2)],
    )
    player = InMemoryPlayer(default_duration=600.0)
    app = Host(lib, Config(), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("down", "enter")  # episode 1
            await pilot.press("greater_than_sign")  # pressed while the chapters load
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert player.position == pytest.approx(95.5)
            assert bar_text(app, "title") == "The Show — Episode 1 · The main part"
            await pilot.press("full_stop")
            assert player.position == pytest.approx(300)
            await pilot.press("greater_than_sign")
            assert player.position == pytest.approx(300)
            assert "No next chapter" in notes(app)
            player.advance(10)
            await pilot.press("less_than_sign")  # 10 s into the outro: its start
            assert player.position == pytest.approx(300)
            await pilot.press("comma")
            assert player.position == pytest.approx(95.5)
            await pilot.press("comma")
            assert player.position == 0
            assert len(http_server.requests_to("/chapters.json")) == 1

            await pilot.press("up", "enter")  # episode 2 has no chapters
            await pilot.pause()
            await pilot.press("greater_than_sign")
            assert player.position == 0
            assert "This episode has no chapters" in notes(app)
    finally:
        lib.close()


async def test_chapters_that_cannot_be_fetched_are_explained(tmp_path, http_server):
    http_server.route("/chapters.json", b"gone", status=404)
    url = http_server.url("/chapters.json")
    lib = make_library(tmp_path / "data", [episode(1, chapters_url=url)])
    player = InMemoryPlayer(default_duration=600.0)
    app = Host(lib, Config(), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.press("greater_than_sign")
            await pilot.pause()
            errors = notes(app, "error")
            assert len(errors) == 1 and errors[0].startswith("cannot fetch the chapters: ")
            assert "404" in errors[0]
            assert player.position == 0
    finally:
        lib.close()


# -- the real libVLC player ------------------------------------------------------------------

AFILE = ("--aout=afile", "--audiofile-format=s16", "--file-caching=100", "--network-caching=100")


def vlc_player(out: Path, log: Path):
    from tui.player.vlc import VlcPlayer

    return VlcPlayer([*AFILE, f"--audiofile-file={out}"], log_file=log)


async def wait_for(pilot, predicate, timeout: float = 10.0, what: str = "condition") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def audio_seconds(path: Path) -> float:
    try:
        return read_wav(path).seconds
    except (OSError, ValueError):
        return 0.0


def main_frequency(path: Path) -> float:
    wav = read_wav(path)
    track = [f for f in frequency_track(wav.samples, wav.rate) if f]
    assert track, "no sound in the output"
    return sorted(track)[len(track) // 2]


@pytest.mark.vlc
async def test_real_player_plays_pauses_saves_and_resumes(libvlc, loopback_server, tmp_path):  # noqa: F811
    # 20 s of 440 Hz then 20 s of 880 Hz: where the output starts tells where playback is.
    tone = make_tones(tmp_path / "long.wav", [(440.0, 20.0), (880.0, 20.0)], rate=16000)
    url = loopback_server.add_file("/long.wav", tone)
    lib = make_library(tmp_path / "data", [episode(1, enclosure_url=url, duration=40)])
    episode_id = ids(lib)["ep-1"]
    try:
        out = tmp_path / "first.wav"
        player = vlc_player(out, tmp_path / "first.log")
        app = Host(lib, Config(seek_forward=30), player)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("enter")
            await wait_for(pilot, lambda: player.state is PlayerState.PLAYING, what="playing")
            await wait_for(pilot, lambda: audio_seconds(out) > 0.6, what="audio output")
            assert bar_text(app, "state") == "▶ Playing"
            assert abs(main_frequency(out) - 440) < 20
            await pilot.press("right")  # +30 s: into the 880 Hz half
            await wait_for(pilot, lambda: player.position > 30.5, what="the seek")
            await pilot.press("space")
            await pilot.pause()
            assert player.state is PlayerState.PAUSED
            assert bar_text(app, "state") == "‖ Paused"
            await pilot.pause(0.4)  # what was decoded before the pause drains
            size = out.stat().st_size
            held = player.position
            await pilot.pause(0.6)
            assert out.stat().st_size == size, "output grew while paused"
            assert player.position == held
            assert not app.query_one(PlayerBar).polling
        with pytest.raises(PlayerUnavailable):  # quitting closed the player
            player.play(url)
        saved = lib.episode(episode_id).position
        assert saved == pytest.approx(held, abs=0.3)
        assert 30 < saved < 40

        out2 = tmp_path / "second.wav"
        player2 = vlc_player(out2, tmp_path / "second.log")
        app2 = Host(lib, Config(), player2)
        async with app2.run_test(size=(120, 30)) as pilot:
            await pilot.press("enter")
            await wait_for(pilot, lambda: player2.state is PlayerState.PLAYING, what="playing")
            assert player2.position >= saved - RESUME_REWIND - 0.1
            await wait_for(pilot, lambda: audio_seconds(out2) > 0.6, what="audio output")
            # Resumed 5 s before the saved point: still in the 880 Hz half, not at the start.
            assert abs(main_frequency(out2) - 880) < 40
            await pilot.press("s")
            await wait_for(pilot, lambda: player2.state is PlayerState.STOPPED, what="stop")
    finally:
        lib.close()


@pytest.mark.vlc
async def test_real_player_advances_through_the_queue(libvlc, loopback_server, tmp_path):  # noqa: F811
    low = make_tone(tmp_path / "low.wav", 440.0, 1.5)
    high = make_tone(tmp_path / "high.wav", 880.0, 1.5)
    episodes = [
        episode(2, enclosure_url=loopback_server.add_file("/low.wav", low), duration=2),
        episode(1, enclosure_url=loopback_server.add_file("/high.wav", high), duration=2),
    ]
    lib = make_library(tmp_path / "data", episodes)
    found = ids(lib)
    first, second = found["ep-2"], found["ep-1"]
    lib.queue_add([first, second])
    out = tmp_path / "out.wav"
    player = vlc_player(out, tmp_path / "vlc.log")
    app = Host(lib, Config(auto_advance=True), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("enter")  # the first queued episode is the newest
            await wait_for(
                pilot,
                lambda: player.state is PlayerState.PLAYING and audio_seconds(out) > 0.6,
                what="the first clip",
            )
            # libVLC's file output starts a new file for each media: this is the first clip.
            assert app.playback.episode.id == first
            assert abs(main_frequency(out) - 440) < 20
            await wait_for(pilot, lambda: lib.episode(second).played, what="the second clip's end")
            assert lib.episode(first).played
            assert lib.queue_ids() == []
            assert app.playback.episode.id == second
            assert player.state is PlayerState.ENDED
            wav = read_wav(out)
            assert seconds_near(frequency_track(wav.samples, wav.rate), 880.0) > 1.0
            assert seconds_near(frequency_track(wav.samples, wav.rate), 440.0) < 0.2
            assert bar_text(app, "state") == "■ Finished"
    finally:
        lib.close()


@pytest.mark.vlc
async def test_real_player_without_audio_output_says_so(alsa_output, loopback_server, tmp_path):  # noqa: F811
    from tui.player.vlc import VlcPlayer

    url = loopback_server.add_file("/tone.wav", make_tone(tmp_path / "tone.wav", seconds=1.0))
    lib = make_library(tmp_path / "data", [episode(1, enclosure_url=url)])
    # An ALSA device that does not exist: what a headless machine without sound looks like.
    player = VlcPlayer(
        ["--aout=alsa", "--alsa-audio-device=podtui-no-such-device"], log_file=tmp_path / "v.log"
    )
    app = Host(lib, Config(), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("enter")
            await wait_for(pilot, lambda: bool(notes(app, "error")), what="the error")
            (error,) = notes(app, "error")
            assert error.startswith("Cannot play “Episode 1”: no working audio output")
            assert "podtui doctor" in error and str(tmp_path / "v.log") in error
            await wait_for(pilot, lambda: player.state is PlayerState.STOPPED, what="stopped")
            await pilot.pause()
            assert bar_text(app, "state") == "■ Stopped"
            assert "podtui doctor" in bar_text(app, "message")
    finally:
        lib.close()
