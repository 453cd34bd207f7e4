"""The libVLC player against real libVLC, a real loopback HTTP server and real audio.

Audio goes to libVLC's ``afile`` output (a WAV file) and is analysed afterwards: how long it
is, which frequency it carries, how loud it is. Without libVLC these tests skip, and fail when
the ``CI`` environment variable is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.audio import (
    frequency_track,
    make_tone,
    make_tones,
    peak,
    read_wav,
    seconds_near,
    sound_seconds,
    sound_span,
)
from tests.player.conftest import TONE_FREQ, TONE_SECONDS, Recorder, Route
from tui import USER_AGENT
from tui.core.models import PlayerState
from tui.player.base import DurationChanged, EndReached, PlayerError, StateChanged
from tui.player.vlc import MISSING_LIBVLC

pytestmark = pytest.mark.vlc

DONE = (EndReached, PlayerError)


def is_state(state: PlayerState):
    return lambda e: isinstance(e, StateChanged) and e.state is state


def states(rec: Recorder) -> list[PlayerState]:
    return [e.state for e in rec.of(StateChanged)]


def wait_until(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@pytest.mark.parametrize("fmt", ["wav", "mp3", "opus"])
def test_plays_over_http_to_the_end(fmt, tones, loopback_server, make_vlc_player, recorder):
    url = loopback_server.add_file(f"/episode.{fmt}", tones[fmt])
    made = make_vlc_player(name=fmt)
    player = made.player
    player.set_listener(recorder)

    player.play(url, title="Episode")
    assert player.state is PlayerState.BUFFERING
    assert player.source == url and player.title == "Episode"
    end = recorder.wait_for(DONE, timeout=15)

    assert isinstance(end, EndReached), end
    assert end.source == url
    assert end.played_through
    assert end.length == pytest.approx(TONE_SECONDS, abs=0.1)
    assert player.state is PlayerState.ENDED
    assert states(recorder)[:2] == [PlayerState.BUFFERING, PlayerState.PLAYING]
    assert states(recorder)[-1] is PlayerState.ENDED
    assert abs(recorder.of(DurationChanged)[-1].seconds - TONE_SECONDS) < 0.1
    assert abs(player.duration - TONE_SECONDS) < 0.1
    assert player.position == player.duration
    player.close()  # finalises the WAV header
    out = read_wav(made.out)
    assert abs(out.seconds - TONE_SECONDS) < 0.15, out.seconds
    assert abs(sound_seconds(out.samples, out.rate) - TONE_SECONDS) < 0.15
    freqs = frequency_track(out.samples, out.rate)
    assert seconds_near(freqs, TONE_FREQ) > TONE_SECONDS - 0.3, freqs


def test_sends_the_podtui_user_agent(tmp_path, loopback_server, make_vlc_player, recorder):
    url = loopback_server.add_file("/short.wav", make_tone(tmp_path / "short.wav", seconds=0.5))
    player = make_vlc_player().player
    player.set_listener(recorder)
    player.play(url)
    recorder.wait_for(DONE)
    gets = loopback_server.requests_for("/short.wav")
    assert gets
    assert {r.headers.get("User-Agent") for r in gets} == {USER_AGENT}


def test_follows_redirects(tmp_path, loopback_server, make_vlc_player, recorder):
    # Podcast enclosures usually go through one or more tracking redirects.
    real = loopback_server.add_file("/cdn/e.wav", make_tone(tmp_path / "e.wav", seconds=0.5))
    hop = loopback_server.add("/hop", Route(status=301, location=real))
    url = loopback_server.add("/track", Route(status=302, location=hop))
    player = make_vlc_player().player
    player.set_listener(recorder)
    player.play(url)
    assert isinstance(recorder.wait_for(DONE), EndReached)
    paths = [r.path for r in loopback_server.requests]
    assert paths[:3] == ["/track", "/hop", "/cdn/e.wav"]
    assert {r.headers.get("User-Agent") for r in loopback_server.requests} == {USER_AGENT}


def test_start_offset_resumes_mid_episode(tones, loopback_server, make_vlc_player, recorder):
    url = loopback_server.add_file("/resume.mp3", tones["mp3"])
    made = make_vlc_player()
    made.player.set_listener(recorder)
    made.player.play(url, start=1.0)
    assert made.player.position == pytest.approx(1.0)
    assert isinstance(recorder.wait_for(DONE), EndReached)
    made.player.close()
    out = read_wav(made.out)
    assert abs(out.seconds - (TONE_SECONDS - 1.0)) < 0.15, out.seconds
    assert seconds_near(frequency_track(out.samples, out.rate), TONE_FREQ) > 0.7


def test_pause_holds_output_and_resume_continues(tones, loopback_server, make_vlc_player, recorder):
    url = loopback_server.add_file("/pause.wav", tones["wav"])
    made = make_vlc_player()
    player = made.player
    player.set_listener(recorder)
    player.play(url)
    recorder.wait_for(is_state(PlayerState.PLAYING))
    time.sleep(0.3)

    player.toggle_pause()
    assert player.state is PlayerState.PAUSED
    time.sleep(0.3)  # let what was already decoded drain into the file
    size = made.out.stat().st_size
    held = player.position
    time.sleep(0.8)
    assert made.out.stat().st_size == size, "output grew while paused"
    assert player.position == held
    assert size < 44 + TONE_SECONDS * 44100 * 2 * 0.9, "the whole clip was out before pausing"

    player.toggle_pause()
    assert player.state is PlayerState.PLAYING
    assert isinstance(recorder.wait_for(DONE), EndReached)
    assert [s for s in states(recorder) if s is not PlayerState.BUFFERING] == [
        PlayerState.PLAYING,
        PlayerState.PAUSED,
        PlayerState.PLAYING,
        PlayerState.ENDED,
    ]
    player.close()
    out = read_wav(made.out)
    # Nothing lost, nothing repeated, no gap written while paused.
    assert abs(out.seconds - TONE_SECONDS) < 0.15, out.seconds
    assert abs(sound_seconds(out.samples, out.rate) - TONE_SECONDS) < 0.15


def test_seek_over_http_uses_a_range_request(tmp_path, loopback_server, make_vlc_player, recorder):
    # 1.5 s of 440 Hz then 1.5 s of 880 Hz, served slower than VLC would read it, so that
    # the seek target is not buffered yet and VLC has to ask the server for it.
    clip = make_tones(tmp_path / "two.wav", [(440.0, 1.5), (880.0, 1.5)])
    body = clip.read_bytes()
    url = loopback_server.add("/two.wav", Route(body, "audio/wav", bytes_per_second=150_000))
    made = make_vlc_player()
    player = made.player
    player.set_listener(recorder)
    player.play(url)
    recorder.wait_for(is_state(PlayerState.PLAYING))
    time.sleep(0.2)

    player.seek(2.0)
    assert player.position == pytest.approx(2.0, abs=0.05)
    assert isinstance(recorder.wait_for(DONE), EndReached)
    player.close()

    ranges = [r.headers.get("Range", "") for r in loopback_server.requests_for("/two.wav")]
    starts = [int(r[6:].split("-")[0]) for r in ranges if r.startswith("bytes=")]
    assert any(s > len(body) // 2 for s in starts), ranges
    out = read_wav(made.out)
    track = frequency_track(out.samples, out.rate)
    assert seconds_near(track, 440.0) < 1.0, track  # the rest of the first half was skipped
    assert abs(seconds_near(track, 880.0) - 1.0) < 0.25, track  # 2.0 s .. 3.0 s was played


def test_seek_is_not_limited_by_the_length(tones, loopback_server, make_vlc_player, recorder):
    url = loopback_server.add_file("/clamp.wav", tones["wav"])
    player = make_vlc_player().player
    player.set_listener(recorder)
    player.play(url)
    recorder.wait_for(is_state(PlayerState.PLAYING))
    player.seek(-5)
    assert player.position < 0.5
    player.seek_by(-100)
    assert player.position < 0.5
    player.seek(99)  # libVLC's length can be a guess short of the real end
    assert player.position == pytest.approx(99, abs=0.5)
    end = recorder.wait_for(DONE)
    assert isinstance(end, EndReached)
    assert end.position == 99 and not end.played_through


def test_faster_rate_is_shorter_with_the_same_pitch(
    tones, loopback_server, make_vlc_player, recorder
):
    url = loopback_server.add_file("/fast.wav", tones["wav"])
    made = make_vlc_player()
    player = made.player
    player.set_listener(recorder)
    player.set_rate(1.5)
    assert player.rate == 1.5
    player.play(url)
    assert isinstance(recorder.wait_for(DONE), EndReached)
    player.close()
    out = read_wav(made.out)
    assert abs(out.seconds - TONE_SECONDS / 1.5) < 0.15, out.seconds
    track = frequency_track(out.samples, out.rate)
    # scaletempo keeps the pitch: still 440 Hz, not 660 Hz.
    assert seconds_near(track, TONE_FREQ, tolerance=0.03) > TONE_SECONDS / 1.5 - 0.3, track
    assert seconds_near(track, TONE_FREQ * 1.5) == 0


def test_rate_and_volume_are_clamped(libvlc, make_vlc_player):
    player = make_vlc_player().player
    player.set_rate(10)
    assert player.rate == 3.0
    player.set_rate(0.1)
    assert player.rate == 0.5
    player.set_volume(400)
    assert player.volume == 150
    player.set_volume(-3)
    assert player.volume == 0


def test_volume_scales_the_output(tmp_path, loopback_server, make_vlc_player, alsa_output):
    # afile ignores the volume; ALSA output applies it in software, so play through ALSA's
    # "file" plugin (a WAV file behind the null device). One after the other: libVLC keeps
    # the last software gain process-wide and starts the next stream with it.
    url = loopback_server.add_file("/vol.wav", make_tone(tmp_path / "vol.wav", seconds=1.0))
    peaks = {}
    for volume in (100, 40, 0):
        out = tmp_path / f"alsa{volume}.wav"
        made = make_vlc_player(
            "--aout=alsa,none",
            f"--alsa-audio-device=file:FILE={out},FORMAT=wav",
            name=f"vol{volume}",
            afile=False,
        )
        rec = Recorder()
        made.player.set_listener(rec)
        made.player.set_volume(volume)
        made.player.play(url)
        assert isinstance(rec.wait_for(DONE), EndReached)
        assert made.player.volume == volume
        made.player.close()
        wav = read_wav(out)
        if volume == 100:
            assert seconds_near(frequency_track(wav.samples, wav.rate), TONE_FREQ) > 0.5
        # The gain is applied as soon as the output stream exists: skip its first moments.
        span = sound_span(wav.samples, wav.rate, threshold=10) or (0.0, 0.0)
        body = wav.samples[round((span[0] + 0.2) * wav.rate) : round(span[1] * wav.rate)]
        peaks[volume] = peak(body)
    full = 0.5 * 32767  # the tone's own peak
    assert abs(peaks[100] - full) < full * 0.05, peaks
    assert 0 < peaks[40] < peaks[100] * 0.25, peaks  # libVLC's volume curve is cubic
    assert peaks[0] == 0, peaks


def test_mislabelled_content_type_still_plays(tones, loopback_server, make_vlc_player, recorder):
    # audio/mpeg makes libVLC insist on its MP3 demuxer; the player retries probing them all.
    url = loopback_server.add("/vorbis", Route(tones["ogg"].read_bytes(), "audio/mpeg"))
    made = make_vlc_player()
    made.player.set_listener(recorder)
    made.player.play(url)
    assert isinstance(recorder.wait_for(DONE), EndReached)
    assert not recorder.of(PlayerError)
    made.player.close()
    out = read_wav(made.out)
    assert abs(out.seconds - TONE_SECONDS) < 0.15
    assert seconds_near(frequency_track(out.samples, out.rate), TONE_FREQ) > TONE_SECONDS - 0.3


def test_http_404_is_a_player_error(loopback_server, make_vlc_player, recorder):
    player = make_vlc_player().player
    player.set_listener(recorder)
    url = loopback_server.url("/missing.mp3")
    player.play(url)
    error = recorder.wait_for(PlayerError)
    assert error.source == url
    assert "404" in error.message
    recorder.wait_for(is_state(PlayerState.STOPPED))
    assert states(recorder) == [PlayerState.BUFFERING, PlayerState.ERROR, PlayerState.STOPPED]
    assert recorder.of(StateChanged)[1].message == error.message
    assert player.state is PlayerState.STOPPED
    assert not recorder.of(EndReached)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://podtui-test.invalid/episode.mp3", "cannot resolve podtui-test.invalid"),
        ("http://127.0.0.1:9/episode.mp3", "cannot connect to 127.0.0.1:9"),
    ],
)
def test_network_failures_are_explained(url, expected, make_vlc_player, recorder):
    player = make_vlc_player().player
    player.set_listener(recorder)
    player.play(url)
    error = recorder.wait_for(PlayerError)
    assert expected in error.message
    recorder.wait_for(is_state(PlayerState.STOPPED))


def test_tls_failure_is_explained(loopback_server, make_vlc_player, recorder):
    # https:// to a plain-HTTP server: the TLS handshake cannot succeed.
    url = loopback_server.url("/episode.mp3").replace("http://", "https://")
    player = make_vlc_player().player
    player.set_listener(recorder)
    player.play(url)
    error = recorder.wait_for(PlayerError)
    assert "TLS" in error.message
    recorder.wait_for(is_state(PlayerState.STOPPED))


def test_html_page_is_not_audio(loopback_server, make_vlc_player, recorder):
    page = b"<!doctype html><html><head><title>Oops</title></head><body>"
    page += b"<p>This episode has moved.</p>" * 100 + b"</body></html>"
    url = loopback_server.add("/page", Route(page, "text/html; charset=utf-8"))
    player = make_vlc_player().player
    player.set_listener(recorder)
    player.play(url)
    error = recorder.wait_for(PlayerError)
    assert error.message == "not an audio stream (the server sent text/html)"
    recorder.wait_for(is_state(PlayerState.STOPPED))
    assert not recorder.of(EndReached)


def test_random_bytes_are_not_audio(loopback_server, make_vlc_player, recorder):
    noise = bytes((i * 7919 + (i >> 3) * 104729) % 251 for i in range(60_000))
    url = loopback_server.add("/noise.mp3", Route(noise, "audio/mpeg"))
    player = make_vlc_player().player
    player.set_listener(recorder)
    player.play(url)
    error = recorder.wait_for(PlayerError)
    assert "no playable audio" in error.message
    recorder.wait_for(is_state(PlayerState.STOPPED))
    assert player.state is PlayerState.STOPPED
    assert not recorder.of(EndReached)


def test_stalled_stream_is_reported_by_the_watchdog(loopback_server, make_vlc_player, recorder):
    url = loopback_server.add("/stall.mp3", Route(b"\0" * 100_000, "audio/mpeg", stall=True))
    player = make_vlc_player(stall_timeout=1.0).player
    player.set_listener(recorder)
    player.play(url)
    error = recorder.wait_for(PlayerError, timeout=8)
    assert error.message == "stream stalled: no data for 1 s"
    recorder.wait_for(is_state(PlayerState.STOPPED))
    assert states(recorder) == [PlayerState.BUFFERING, PlayerState.ERROR, PlayerState.STOPPED]


def test_stream_stalling_mid_episode_is_reported(tones, loopback_server, make_vlc_player, recorder):
    body = tones["mp3"].read_bytes()
    url = loopback_server.add("/half.mp3", Route(body, "audio/mpeg", stall_after=len(body) // 2))
    made = make_vlc_player(stall_timeout=1.0)
    player = made.player
    player.set_listener(recorder)
    player.play(url)
    recorder.wait_for(is_state(PlayerState.PLAYING))
    error = recorder.wait_for(PlayerError, timeout=8)
    assert error.message.startswith("stream stalled")
    recorder.wait_for(is_state(PlayerState.STOPPED))
    assert 0.5 < player.position < TONE_SECONDS
    player.close()
    out = read_wav(made.out)
    assert out.seconds < TONE_SECONDS * 0.75


def test_no_working_audio_output_is_reported(
    capfd, tones, loopback_server, libvlc, tmp_path, recorder
):
    from tui.player.vlc import NO_AUDIO_OUTPUT, VlcPlayer

    url = loopback_server.add_file("/tone.wav", tones["wav"])
    # An ALSA device that does not exist, and no fallback to other outputs.
    options = ["--aout=alsa,none", "--alsa-audio-device=podtui-no-such-device"]
    player = VlcPlayer(options, log_file=tmp_path / "vlc.log")
    try:
        player.set_listener(recorder)
        player.play(url)
        error = recorder.wait_for(PlayerError)
        assert error.message == f"{NO_AUDIO_OUTPUT} (log: {tmp_path / 'vlc.log'})"
        recorder.wait_for(is_state(PlayerState.STOPPED))
    finally:
        player.close()
    # ALSA prints its own errors on stderr unless told not to.
    assert capfd.readouterr() == ("", "")


def test_local_file_and_missing_file(tones, tmp_path, make_vlc_player, recorder):
    made = make_vlc_player()
    player = made.player
    player.set_listener(recorder)
    player.play(str(tones["wav"]), start=1.5)
    assert isinstance(recorder.wait_for(DONE), EndReached)
    player.play(str(tmp_path / "nope.mp3"))
    error = recorder.wait_for(PlayerError)
    assert "nope.mp3" in error.message or "No such file" in error.message


def test_events_come_from_the_player_thread_and_may_call_back(
    tones, loopback_server, make_vlc_player
):
    """The listener runs on the player's own thread, never on libVLC's, so it may touch the
    player (properties and commands) without deadlocking libVLC."""
    url = loopback_server.add_file("/cb.wav", tones["wav"])
    player = make_vlc_player().player
    seen: list[tuple[object, str, float, PlayerState]] = []
    done = threading.Event()

    def listener(event):
        seen.append((event, threading.current_thread().name, player.position, player.state))
        if isinstance(event, StateChanged) and event.state is PlayerState.PLAYING:
            player.set_volume(90)  # a command from inside the listener
            player.seek(1.5)
        if isinstance(event, DONE):
            done.set()

    player.set_listener(listener)
    player.play(url)
    assert done.wait(10), seen
    assert {name for _, name, _, _ in seen} == {"podtui-player"}
    assert threading.main_thread().name not in {name for _, name, _, _ in seen}
    assert isinstance(seen[-1][0], EndReached)
    assert player.volume == 90


def test_nothing_reaches_the_terminal(capfd, tones, loopback_server, make_vlc_player, recorder):
    url = loopback_server.add_file("/quiet.wav", tones["wav"])
    made = make_vlc_player()
    player = made.player
    player.set_listener(recorder)
    player.play(url, start=1.5)
    recorder.wait_for(DONE)
    player.play(loopback_server.url("/missing.wav"))
    recorder.wait_for(PlayerError)
    player.play("http://podtui-test.invalid/x.mp3")
    recorder.wait_for(lambda e: isinstance(e, PlayerError) and "resolve" in e.message)
    player.close()
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    log = made.log.read_text()
    assert "vlc error" in log and "404" in log


def test_unknown_libvlc_option_is_a_clear_error(capfd, libvlc, tmp_path):
    from tui.player import create_player
    from tui.player.base import PlayerUnavailable

    with pytest.raises(PlayerUnavailable, match=r"libVLC failed to start.*--no-such-podtui-option"):
        create_player(["--no-such-podtui-option"], log_file=tmp_path / "vlc.log")
    assert capfd.readouterr().err == ""
    assert "--no-such-podtui-option" in (tmp_path / "vlc.log").read_text()


def test_create_player_plays(tones, libvlc, tmp_path, recorder):
    from tui.player import create_player

    out = tmp_path / "made.wav"
    player = create_player(
        ["--aout=afile", f"--audiofile-file={out}"], log_file=tmp_path / "vlc.log"
    )
    try:
        player.set_listener(recorder)
        player.play(str(tones["wav"]), start=1.5)
        assert isinstance(recorder.wait_for(DONE), EndReached)
    finally:
        player.close()
    assert 0.3 < read_wav(out).seconds < 0.7


def test_doctor_report(capfd, libvlc, tmp_path):
    from tui.player.doctor import doctor_report

    data, config = tmp_path / "data", tmp_path / "config.toml"
    config.write_text("[player]\n")
    rows = doctor_report(data, config, ["--aout=afile", f"--audiofile-file={tmp_path / 'd.wav'}"])
    checks = {check: (detail, ok) for check, detail, ok in rows}
    assert all(ok for _, ok in checks.values()), rows
    assert checks["libVLC"][0].split()[0][:1].isdigit()
    assert "afile" in checks["audio outputs"][0]
    assert "played to the end" in checks["playback"][0]
    assert str(data) in checks["data dir"][0] and "will be created" in checks["data dir"][0]
    assert str(config) in checks["config file"][0] and "readable" in checks["config file"][0]
    assert read_wav(tmp_path / "d.wav").seconds == pytest.approx(0.5, abs=0.1)

    broken = ["--aout=alsa,none", "--alsa-audio-device=podtui-no-such-device"]
    rows = doctor_report(data, tmp_path / "absent.toml", broken)
    checks = {check: (detail, ok) for check, detail, ok in rows}
    assert checks["playback"][1] is False
    assert checks["playback"][0].startswith("no working audio output; each output tried alone")
    assert checks["output alsa"][1] is False
    assert checks["config file"] == (
        f"{tmp_path / 'absent.toml'} (not present; defaults in use)",
        True,
    )
    assert capfd.readouterr() == ("", "")


def test_stop_and_replay(tones, loopback_server, make_vlc_player, recorder):
    url = loopback_server.add_file("/stop.wav", tones["wav"])
    player = make_vlc_player().player
    player.set_listener(recorder)
    player.play(url)
    recorder.wait_for(is_state(PlayerState.PLAYING))
    time.sleep(0.3)
    player.stop()
    assert player.state is PlayerState.STOPPED
    stopped_at = player.position
    assert 0 < stopped_at < TONE_SECONDS
    assert player.source == url
    player.resume()  # starts again where it stopped
    assert player.position == pytest.approx(stopped_at, abs=0.05)
    assert isinstance(recorder.wait_for(DONE), EndReached)
    player.close()
    with pytest.raises(Exception, match="closed"):
        player.play(url)


def test_audio_outputs_and_version(libvlc):
    from tui.player.vlc import audio_outputs, libvlc_location, libvlc_version

    assert libvlc_version()[:1].isdigit()
    assert "vlc" in Path(libvlc_location()).name.lower()
    names = [name for name, _ in audio_outputs()]
    assert "afile" in names and "adummy" in names


def test_redirect_stderr_keeps_python_on_the_terminal(tmp_path):
    """Native writes to fd 2 go to the log; sys.stderr and sys.__stderr__ still reach fd 2's
    original target (Textual draws on sys.__stderr__)."""
    log = tmp_path / "native.log"
    code = (
        "import os, sys\n"
        "from tui.player.vlc import redirect_stderr\n"
        f"r = redirect_stderr({str(log)!r})\n"
        "os.write(2, b'native line\\n')\n"
        "print('python line', file=sys.stderr, flush=True)\n"
        "sys.__stderr__.write('textual line\\n'); sys.__stderr__.flush()\n"
        "r.restore()\n"
        "os.write(2, b'after restore\\n')\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        timeout=30,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        check=True,
    )
    assert log.read_text() == "native line\n"
    assert done.stderr.decode().splitlines() == ["python line", "textual line", "after restore"]


def test_missing_libvlc_is_one_clear_line(tmp_path):
    """Without a loadable libVLC: PlayerUnavailable with the install hint, doctor says so,
    and nothing is printed."""
    code = (
        "from pathlib import Path\n"
        "from tui.player import PlayerUnavailable, create_player\n"
        "from tui.player.doctor import doctor_report\n"
        "try:\n"
        "    create_player()\n"
        "except PlayerUnavailable as exc:\n"
        "    print('error:', exc)\n"
        f"rows = doctor_report(Path({str(tmp_path)!r}), Path({str(tmp_path / 'c.toml')!r}), [])\n"
        "print(rows[0])\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHON_VLC_LIB_PATH": str(tmp_path / "no.so")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=30, cwd=root, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    lines = done.stdout.decode().splitlines()
    assert lines[0] == f"error: {MISSING_LIBVLC}"
    assert lines[1] == repr(("libVLC", MISSING_LIBVLC, False))
