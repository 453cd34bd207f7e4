"""Transcripts with the real libVLC player: a WebVTT, an SRT, a JSON and an HTML
transcript each show their cues, follow playback and seek on Enter; a fetched transcript
opens with its server gone.

The clip is 1 s of 440 Hz then 2 s of 880 Hz, with a cue on each: what libVLC writes to
its afile output tells where playback really went.
"""

from __future__ import annotations

import json

import pytest

from tests.audio import frequency_track, make_tones, read_wav, seconds_near
from tests.player.conftest import Route, libvlc, loopback_server  # noqa: F401
from tests.shows import episode, ids, make_library
from tests.ui.conftest import open_transcript, shown_text, wait_for, wait_ready
from tui.core.models import PlayerState
from tui.player.memory import InMemoryPlayer

LOW, HIGH = "A low tone to start.", "Then a high one."
TRANSCRIPTS = {
    "vtt": (
        "text/vtt",
        f"WEBVTT\n\nlow\n00:00.000 --> 00:01.000\n<v Ada>{LOW}\n\n"
        f"high\n00:01.000 --> 00:03.000 align:start\n<v Grace>{HIGH}\n",
    ),
    "srt": (
        "application/x-subrip",
        f"1\n00:00:00,000 --> 00:00:01,000\nAda: {LOW}\n\n"
        f"2\n00:00:01,000 --> 00:00:03,000\nGrace: {HIGH}\n",
    ),
    "json": (
        "application/json",
        json.dumps(
            {
                "version": "1.0.0",
                "segments": [
                    {"speaker": "Ada", "startTime": 0.0, "endTime": 1.0, "body": LOW},
                    {"speaker": "Grace", "startTime": 1.0, "endTime": 3.0, "body": HIGH},
                ],
            }
        ),
    ),
    "html": (
        "text/html",
        f"<cite>Ada:</cite><time>0:00</time><p>{LOW}</p>"
        f"<cite>Grace:</cite><time>0:01</time><p>{HIGH}</p>",
    ),
}
AFILE = ("--aout=afile", "--audiofile-format=s16", "--file-caching=100", "--network-caching=100")


def vlc_player(out, log):
    from tui.player.vlc import VlcPlayer

    return VlcPlayer([*AFILE, f"--audiofile-file={out}"], log_file=log)


def audio_seconds(path) -> float:
    try:
        return read_wav(path).seconds
    except (OSError, ValueError):
        return 0.0


def seconds_of(path, freq: float) -> float:
    wav = read_wav(path)
    return seconds_near(frequency_track(wav.samples, wav.rate), freq)


@pytest.mark.vlc
@pytest.mark.parametrize("kind", list(TRANSCRIPTS))
async def test_each_format_shows_follows_and_seeks_with_libvlc(
    kind,
    libvlc,  # noqa: F811
    loopback_server,  # noqa: F811
    tmp_path,
    make_app,
):
    mime, body = TRANSCRIPTS[kind]
    clip = make_tones(tmp_path / "clip.wav", [(440.0, 1.0), (880.0, 2.0)], rate=16000)
    audio = loopback_server.add_file("/clip.wav", clip)
    transcript = loopback_server.add(
        f"/t.{kind}", Route(body=body.encode(), content_type=f"{mime}; charset=utf-8")
    )
    library = make_library(
        tmp_path / "data",
        [
            episode(
                1, enclosure_url=audio, duration=3, transcript_url=transcript, transcript_type=mime
            )
        ],
    )
    episode_id = ids(library)["ep-1"]
    library.close()
    out = tmp_path / "out.wav"
    player = vlc_player(out, tmp_path / "vlc.log")
    app = make_app(tmp_path / "data", player=player)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        view = await open_transcript(pilot, 2)
        text = shown_text(view)
        assert LOW in text and HIGH in text
        assert "Ada" in text and "Grace" in text
        assert "0:00" in text and "0:01" in text

        # Enter on the second cue: the episode plays from 1 s, in the 880 Hz part.
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING, timeout=15)
        assert app.playback.playing_id == episode_id
        await wait_for(pilot, lambda: audio_seconds(out) > 0.6, timeout=15)
        assert player.position >= 1.0
        assert seconds_of(out, 880.0) > 0.3
        assert seconds_of(out, 440.0) < 0.1
        assert view.current == 1
        assert "▶   0:01" in shown_text(view)

        # Enter on the first cue of the episode playing (or just ended): back to 0 s,
        # the view marks the first cue, then follows the voice into the second.
        await pilot.press("up", "enter")
        await wait_for(pilot, lambda: view.current == 0, timeout=15)
        assert player.position < 1.0
        await wait_for(pilot, lambda: view.current == 1, timeout=15)
        await wait_for(pilot, lambda: seconds_of(out, 440.0) > 0.5, timeout=15)
        await pilot.press("s")
        await wait_for(pilot, lambda: player.state is PlayerState.STOPPED, timeout=15)


async def test_a_fetched_transcript_opens_with_its_server_gone(tmp_path, http_server, make_app):
    mime, body = TRANSCRIPTS["vtt"]
    http_server.route("/t.vtt", body.encode(), content_type=mime)
    url = http_server.url("/t.vtt")
    library = make_library(
        tmp_path / "data",
        [episode(1, transcript_url=url, transcript_type=mime)],
    )
    library.close()
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await open_transcript(pilot, 2)
    http_server.stop()

    app = make_app(tmp_path / "data", player=InMemoryPlayer(default_duration=3.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        view = await open_transcript(pilot, 2)
        assert HIGH in shown_text(view)
        status = str(app.screen.query_one("#transcript-status").render())
        assert "plays from the highlighted cue" in status
