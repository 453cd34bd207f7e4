"""Resuming and ending with the real libVLC player, over a loopback server (with and
without byte ranges) and from a downloaded file.

The episode is a 22.05 kHz mono 32 kbit/s MP3 with ffmpeg's "Info" header: libVLC first
takes its length to be about 57% of the real one, so a resume point near the end lies past
that guess. Where the decoded output (libVLC's ``afile``) is 440 Hz or 880 Hz tells where
playback really was.
"""

from __future__ import annotations

import pytest

from tests.audio import frequency_track, make_low_bitrate_mp3, make_tone, read_wav, seconds_near
from tests.player.conftest import Route, libvlc, loopback_server  # noqa: F401
from tests.shows import BASE, episode, ids, make_library
from tests.ui.test_playback import (
    AFILE,
    Host,
    audio_seconds,
    bar_text,
    notes,
    vlc_player,
    wait_for,
)
from tui.core.config import Config
from tui.core.models import PlayerState
from tui.player.memory import InMemoryPlayer
from tui.session import RESUME_REWIND

LENGTH = 20.0  # 10 s of 440 Hz, then 10 s of 880 Hz
SAVED = 18.0  # resumed 5 s earlier, at 13 s: past libVLC's first guess (about 11.4 s)


@pytest.mark.vlc
@pytest.mark.parametrize("where", ["ranges", "no-ranges", "download"])
async def test_a_resume_past_the_length_guess_keeps_the_place(
    libvlc,  # noqa: F811
    loopback_server,  # noqa: F811
    tmp_path,
    where,
):
    mp3 = make_low_bitrate_mp3(tmp_path / "long.mp3", [(440.0, 10.0), (880.0, 10.0)])
    url = loopback_server.add(
        "/long.mp3",
        Route(body=mp3.read_bytes(), content_type="audio/mpeg", ranges=where == "ranges"),
    )
    other = loopback_server.add_file("/other.wav", make_tone(tmp_path / "other.wav", 660, 1.0))
    lib = make_library(
        tmp_path / "data",
        [episode(1, enclosure_url=url, duration=20), episode(2, enclosure_url=other, duration=1)],
    )
    found = ids(lib)
    first, second = found["ep-1"], found["ep-2"]
    if where == "download":
        lib.set_download(first, str(mp3))
    lib.save_position(first, SAVED)
    lib.queue_add([second])
    out = tmp_path / "out.wav"
    player = vlc_player(out, tmp_path / "vlc.log")
    app = Host(lib, Config(auto_advance=True), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            assert app.playback.play_episode(first)

            def settled() -> bool:
                return audio_seconds(out) > 2.0 or player.state not in (
                    PlayerState.BUFFERING,
                    PlayerState.PLAYING,
                )

            await wait_for(pilot, settled, what="a second of audio or the end")
            assert app.playback.episode.id == first, "playback jumped to the queue"
            assert not lib.episode(first).played
            assert lib.queue_ids() == [second]
            assert player.state is PlayerState.PLAYING, notes(app)
            assert bar_text(app, "state") == "▶ Playing"
            assert player.position > SAVED - 5.5
            wav = read_wav(out)
            track = frequency_track(wav.samples, wav.rate)
            assert seconds_near(track, 880.0) > 1.0, "not resumed in the second half"
            assert seconds_near(track, 440.0) < 0.8
        saved = lib.episode(first).position
        assert SAVED - 5.5 < saved < LENGTH - 4
        assert not lib.episode(first).played
    finally:
        lib.close()


async def test_an_early_end_keeps_the_place_the_mark_and_the_queue(tmp_path):
    lib = make_library(tmp_path / "data", [episode(n, duration=120) for n in (1, 2)])
    found = ids(lib)
    first, second = found["ep-1"], found["ep-2"]
    lib.save_position(first, 93.0)
    lib.queue_add([second])
    player = InMemoryPlayer(default_duration=120.0)
    app = Host(lib, Config(auto_advance=True), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            assert app.playback.play_episode(first)
            player.advance(1)
            await pilot.pause()
            player.cut(68.6)  # the input ended at libVLC's guess of the length
            await pilot.pause()
            assert app.playback.episode.id == first
            assert player.state is PlayerState.STOPPED
            assert "the stream ended at 1:09 of 2:00" in notes(app, "error")[-1]
            assert "the stream ended at 1:09 of 2:00" in bar_text(app, "message")
            assert bar_text(app, "state") == "■ Stopped"
            assert app.playback.save_position() is False
        kept = lib.episode(first)
        assert not kept.played and kept.position == 93.0
        assert lib.queue_ids() == [second]
    finally:
        lib.close()


@pytest.mark.vlc
async def test_a_restart_the_server_cannot_seek_keeps_the_place(libvlc, loopback_server, tmp_path):  # noqa: F811
    from tui.player.vlc import VlcPlayer

    # No byte ranges, and a prefetch buffer smaller than what was played (as after half an
    # hour of a long episode): libVLC cannot go back to the start ("[prefetch] cannot seek").
    mp3 = make_low_bitrate_mp3(tmp_path / "long.mp3", [(440.0, 10.0), (880.0, 10.0)])
    url = loopback_server.add(
        "/long.mp3", Route(body=mp3.read_bytes(), content_type="audio/mpeg", ranges=False)
    )
    other = loopback_server.add_file("/other.wav", make_tone(tmp_path / "other.wav", 660, 1.0))
    lib = make_library(
        tmp_path / "data",
        [episode(1, enclosure_url=url, duration=20), episode(2, enclosure_url=other, duration=1)],
    )
    found = ids(lib)
    first, second = found["ep-1"], found["ep-2"]
    lib.queue_add([second])
    options = [*AFILE, f"--audiofile-file={tmp_path / 'out.wav'}", "--prefetch-buffer-size=4"]
    player = VlcPlayer(options, log_file=tmp_path / "vlc.log")
    app = Host(lib, Config(auto_advance=True), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            assert app.playback.play_episode(first)
            await wait_for(pilot, lambda: player.position > 1.5, what="playing")
            await pilot.press("0")
            await wait_for(pilot, lambda: notes(app, "error"), what="the failed seek explained")
            await pilot.pause(0.5)
            assert len(notes(app, "error")) == 1
            assert notes(app, "error")[0].startswith("Cannot seek")
            assert app.playback.episode.id == first, "playback jumped to the queue"
            assert player.state is not PlayerState.ENDED
            assert bar_text(app, "state") != "■ Finished"
            kept = lib.episode(first)
            assert not kept.played
            assert 1.0 < kept.position < 4.0
            assert lib.queue_ids() == [second]
        assert 1.0 < lib.episode(first).position < 4.0
    finally:
        lib.close()


async def test_after_a_restart_space_resumes_the_last_episode(tmp_path):
    lib = make_library(tmp_path / "data", [episode(n, duration=3720) for n in (1, 2)])
    found = ids(lib)
    first, second = found["ep-1"], found["ep-2"]
    lib.queue_add([first])
    lib.save_position(second, 2472.0)  # 41:12, when the app last closed
    player = InMemoryPlayer(default_duration=3720.0)
    app = Host(lib, Config(), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            assert bar_text(app, "state") == "‖ Paused"
            assert bar_text(app, "title") == "The Show — Episode 2"
            assert (bar_text(app, "elapsed"), bar_text(app, "total")) == ("41:12", "1:02:00")
            assert player.source is None
            await pilot.press("space")
            player.advance(1)
            await pilot.pause()
            assert app.playback.episode.id == second
            assert player.source == f"{BASE}/ep2.mp3"
            assert player.state is PlayerState.PLAYING
            assert player.position >= 2472.0 - RESUME_REWIND
            assert bar_text(app, "state") == "▶ Playing"
            assert lib.queue_ids() == [first]
    finally:
        lib.close()


@pytest.mark.vlc
async def test_a_resume_before_the_length_guess_plays_from_the_right_place(
    libvlc,  # noqa: F811
    loopback_server,  # noqa: F811
    tmp_path,
):
    # Resumed at 8 s, inside libVLC's first guess (about 11.4 s) but located with the
    # bitrate of that guess: without care it plays from about 14 s (880 Hz) saying 8 s.
    mp3 = make_low_bitrate_mp3(tmp_path / "long.mp3", [(440.0, 10.0), (880.0, 10.0)])
    url = loopback_server.add("/long.mp3", Route(body=mp3.read_bytes(), content_type="audio/mpeg"))
    lib = make_library(tmp_path / "data", [episode(1, enclosure_url=url, duration=20)])
    first = ids(lib)["ep-1"]
    lib.save_position(first, 13.0)
    out = tmp_path / "out.wav"
    player = vlc_player(out, tmp_path / "vlc.log")
    app = Host(lib, Config(), player)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            assert app.playback.play_episode(first)
            await wait_for(pilot, lambda: audio_seconds(out) > 2.6, what="audio output")
            wav = read_wav(out)
            track = frequency_track(wav.samples, wav.rate)
            assert seconds_near(track, 440.0) > 1.2, "not resumed at 8 s"
            assert 9.0 < player.position < 11.5
    finally:
        lib.close()
