"""The sleep timer of the listening session: real libVLC playing tones from a loopback
server, the fade heard in what the ALSA output wrote (afile ignores the volume), the place
in a real library; the timer's bookkeeping with the in-memory player."""

from __future__ import annotations

import asyncio
import time
from array import array
from collections.abc import Callable
from itertools import pairwise

import pytest

from tests.audio import make_tone, peak, read_wav
from tests.player.conftest import alsa_output, libvlc, loopback_server  # noqa: F401
from tests.shows import episode, make_library
from tests.shows import ids as guids
from tui.core.config import Config
from tui.core.feeds.fetch import Fetcher
from tui.core.library import Library
from tui.core.models import PlayerState, SleepMode
from tui.player.base import Player
from tui.player.memory import InMemoryPlayer
from tui.session import ListeningSession
from tui.session import events as ev
from tui.session.sleep import PRESETS, next_choice

AFILE = ("--aout=afile", "--audiofile-format=s16", "--file-caching=100", "--network-caching=100")


class Run:
    """A session over ``library`` and ``player``, recording every event."""

    def __init__(self, library: Library, player: Player, config: Config | None = None) -> None:
        self.library = library
        self.player = player
        self.fetcher = Fetcher()
        self.session = ListeningSession(library, config or Config(), player, lambda: self.fetcher)
        self.events: list[ev.SessionEvent] = []
        self.session.subscribe(self.events.append)
        self.session.start()

    def of(self, kind: type) -> list:
        return [event for event in self.events if isinstance(event, kind)]

    async def until(self, predicate: Callable[[], object], what: str, timeout=15.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            await asyncio.sleep(0.02)

    def fired(self) -> bool:
        return any(event.fired for event in self.of(ev.SleepTimerChanged))

    async def close(self) -> None:
        self.session.shutdown()
        await self.fetcher.aclose()


def sound_peaks(samples, size: int, gap: int = 16) -> list[int]:
    """The peak of each ``size`` samples of sound, once every run of ``gap`` or more zeros
    (where the output ran dry) is taken out."""
    sound = array("h")
    zeros = 0
    for sample in samples:
        if sample:
            if 0 < zeros < gap:
                sound.extend([0] * zeros)
            zeros = 0
            sound.append(sample)
        else:
            zeros += 1
    return [peak(sound[at : at + size]) for at in range(0, len(sound) - size + 1, size)]


@pytest.mark.vlc
async def test_the_timer_fades_out_pauses_and_keeps_the_place(
    tmp_path,
    loopback_server,  # noqa: F811
    alsa_output,  # noqa: F811
):
    from tui.player.vlc import VlcPlayer

    url = loopback_server.add_file("/ep1.wav", make_tone(tmp_path / "ep1.wav", 440, 6.0))
    library = make_library(tmp_path / "data", [episode(1, enclosure_url=url, duration=6)])
    first = guids(library)["ep-1"]
    out = tmp_path / "alsa.wav"
    player = VlcPlayer(
        ["--aout=alsa,none", f"--alsa-audio-device=file:FILE={out},FORMAT=wav"],
        log_file=tmp_path / "vlc.log",
    )
    run = Run(library, player)
    try:
        assert run.session.play_episode(first)
        await run.until(lambda: player.state is PlayerState.PLAYING, "playing")
        await run.until(lambda: player.position > 0.5, "the position to move")
        run.session.set_sleep(SleepMode.TIMER, 3.0)  # shorter than the fade: fades it all
        set_to = run.of(ev.SleepTimerChanged)[-1]
        assert (set_to.mode, set_to.length, set_to.running) == (SleepMode.TIMER, 3.0, True)
        assert run.session.snapshot().sleep is SleepMode.TIMER
        lowest = 100
        while not run.fired():
            lowest = min(lowest, player.volume)
            assert run.session.snapshot().volume == 100  # the listener's setting is shown
            await asyncio.sleep(0.05)
        assert lowest < 30
        await run.until(lambda: player.state is PlayerState.PAUSED, "paused")
        await run.until(lambda: player.volume == 100, "the volume put back")
        kept = library.episode(first)
        assert not kept.played
        assert kept.position == pytest.approx(player.position, abs=0.5)  # as any pause
        assert 3.0 < kept.position < 5.0
        assert run.session.snapshot().sleep is SleepMode.OFF
        fired = run.of(ev.SleepTimerChanged)[-1]
        assert (fired.mode, fired.fired) == (SleepMode.OFF, True)

        run.session.toggle_pause()  # a new play after the timer: at the usual volume
        await run.until(lambda: player.state is PlayerState.PLAYING, "playing again")
        await run.until(lambda: library.episode(first).played, "the end of the episode")
    finally:
        await run.close()
        library.close_search()
        library.close()
    # ALSA's file plugin writes the stream as libVLC hands it over, with runs of zeros
    # where the null device ran dry: once those are taken out, the peaks of 50 ms windows
    # are the sound as it was played.
    wav = read_wav(out)
    peaks = sound_peaks(wav.samples, round(wav.rate * 0.05))
    full = max(peaks)
    assert full > 0.5 * 32767 * 0.5, peaks
    first = next(i for i, p in enumerate(peaks) if p > full * 0.95)
    low = min(range(first, len(peaks)), key=peaks.__getitem__)
    assert max(peaks[low:]) > full * 0.9, peaks  # resumed at the listener's volume
    start = max(i for i in range(first, low) if peaks[i] > full * 0.95)
    fade = peaks[start : low + 1]
    # It fell step by step over the timer's 3 s (the fade's steps are a quarter second).
    assert all(later <= earlier * 1.05 for earlier, later in pairwise(fade)), peaks
    assert len(set(fade)) >= 6 and len(fade) * 0.05 > 2.0, peaks
    assert fade[-1] < full * 0.05, peaks


@pytest.mark.vlc
async def test_end_of_episode_stops_there_and_the_queue_waits(
    tmp_path,
    libvlc,  # noqa: F811
    loopback_server,  # noqa: F811
):
    from tui.player.vlc import VlcPlayer

    urls = [
        loopback_server.add_file(f"/ep{n}.wav", make_tone(tmp_path / f"ep{n}.wav", 440, 1.5))
        for n in (1, 2)
    ]
    library = make_library(
        tmp_path / "data",
        [episode(n, enclosure_url=url, duration=1.5) for n, url in enumerate(urls, 1)],
    )
    found = guids(library)
    first, second = found["ep-1"], found["ep-2"]
    library.queue_add([first, second])
    out = tmp_path / "out.wav"
    player = VlcPlayer([*AFILE, f"--audiofile-file={out}"], log_file=tmp_path / "vlc.log")
    run = Run(library, player, Config(auto_advance=True))
    try:
        run.session.set_sleep(SleepMode.END)  # set before playing: it waits for it
        assert not run.of(ev.SleepTimerChanged)[-1].running
        assert run.session.play_episode(first)
        await run.until(run.fired, "the timer to go off at the end")
        await asyncio.sleep(0.5)
        assert library.episode(first).played  # finished by the usual rule
        assert library.queue_ids() == [second]
        assert run.session.episode.id == first  # the next one was not started
        assert player.state is PlayerState.ENDED
        assert not any(isinstance(e, ev.NowPlaying) and e.episode_id == second for e in run.events)
        assert run.session.snapshot().sleep is SleepMode.OFF
        assert player.volume == 100

        run.session.toggle_pause()  # play again: the queue carries on
        await run.until(lambda: run.session.episode.id == second, "the next episode")
        await run.until(lambda: player.state is PlayerState.PLAYING, "playing it")
    finally:
        await run.close()
        library.close_search()
        library.close()


@pytest.fixture
def library(tmp_path):
    lib = make_library(tmp_path / "data", [episode(n) for n in (1, 2)])
    yield lib
    lib.close_search()
    lib.close()


async def test_the_timer_counts_only_while_playing_and_off_cancels_it(library):
    player = InMemoryPlayer(default_duration=600.0)
    run = Run(library, player)
    try:
        run.session.set_sleep(SleepMode.TIMER, 900)
        held = run.of(ev.SleepTimerChanged)[-1]
        assert (held.mode, held.remaining, held.running) == (SleepMode.TIMER, 900, False)
        run.session.play_episode(guids(library)["ep-1"])
        await run.until(lambda: run.of(ev.SleepTimerChanged)[-1].running, "running")
        snapshot = run.session.snapshot()
        assert snapshot.sleep is SleepMode.TIMER and snapshot.sleep_length == 900
        assert 899 < snapshot.sleep_remaining <= 900
        run.session.toggle_pause()
        await run.until(lambda: not run.of(ev.SleepTimerChanged)[-1].running, "held")
        left = run.of(ev.SleepTimerChanged)[-1].remaining
        await asyncio.sleep(0.2)
        assert run.session.snapshot().sleep_remaining == left  # a pause holds it
        run.session.set_sleep(SleepMode.OFF)
        assert run.of(ev.SleepTimerChanged)[-1] == ev.SleepTimerChanged(SleepMode.OFF)
        assert run.session.snapshot().sleep_remaining is None
        with pytest.raises(ValueError):
            run.session.set_sleep(SleepMode.TIMER, 0)
    finally:
        await run.close()


async def test_a_volume_change_during_the_fade_is_the_one_put_back(library):
    player = InMemoryPlayer(default_duration=600.0)
    run = Run(library, player)
    try:
        run.session.play_episode(guids(library)["ep-1"])
        await run.until(lambda: player.state is PlayerState.PLAYING, "playing")
        run.session.set_sleep(SleepMode.TIMER, 1.0)
        await run.until(lambda: player.volume < 100, "the fade")
        assert run.session.change_volume(10) == 110
        assert run.session.snapshot().volume == 110
        await run.until(run.fired, "the timer to go off")
        await run.until(lambda: player.state is PlayerState.PAUSED, "paused")
        await run.until(lambda: player.volume == 110, "the volume put back")
    finally:
        await run.close()


def test_the_key_cycles_through_the_choices():
    seen = []
    mode, length = SleepMode.OFF, None
    for _ in range(7):
        mode, length = next_choice(mode, length)
        seen.append((mode, length))
    minutes = [(SleepMode.TIMER, p) for p in PRESETS]
    assert seen == [*minutes, (SleepMode.END, None), (SleepMode.OFF, None), minutes[0]]
    assert next_choice(SleepMode.TIMER, 5.0) == (SleepMode.TIMER, PRESETS[0])  # podtui sleep 5s
