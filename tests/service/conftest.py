"""Real service processes over a real library, real libVLC writing to a WAV file (the
``afile`` output), and audio served by a real loopback HTTP server."""

from __future__ import annotations

import calendar
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.audio import make_tone, read_wav
from tests.player.conftest import libvlc, loopback_server  # noqa: F401
from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.service.address import lock_path
from tui.service.lock import holder

ROOT = Path(__file__).resolve().parents[2]
CLIP_SECONDS = 3.0
AFILE = ("--aout=afile", "--audiofile-format=s16", "--file-caching=100", "--network-caching=100")


def audio_seconds(path: Path) -> float:
    try:
        return read_wav(path).seconds
    except (OSError, ValueError):
        return 0.0


def wait_until(predicate: Callable[[], object], timeout: float = 10.0, what: str = "it") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def settled_audio(path: Path, timeout: float = 5.0) -> float:
    """The decoded audio's length once it stops growing: after a pause libVLC still writes
    what it had buffered (later on a busy machine). Fails when it never stops."""
    deadline = time.monotonic() + timeout
    seen = audio_seconds(path)
    while True:
        time.sleep(0.25)
        now = audio_seconds(path)
        if now == seen:
            return now
        if time.monotonic() > deadline:
            raise AssertionError(f"the audio never stopped growing ({seen:.2f} s, {now:.2f} s)")
        seen = now


@dataclass
class Rig:
    """A data dir with a podcast of short clips, and ``podtui`` run against it."""

    data_dir: Path
    out: Path
    config: Path
    episodes: dict[str, int] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def args(self, *args: str) -> list[str]:
        options = [f"--vlc-option={option}" for option in (*AFILE, f"--audiofile-file={self.out}")]
        return [
            sys.executable,
            "-m",
            "tui",
            "--data-dir",
            str(self.data_dir),
            "--config",
            str(self.config),
            *options,
            *args,
        ]

    def run(self, *args: str, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.args(*args), capture_output=True, text=True, timeout=timeout, env=self.env
        )

    @property
    def pid(self) -> int | None:
        return holder(lock_path(self.data_dir)) or None

    def library(self) -> Library:
        return Library.open(self.data_dir)


def episode(number: int, url: str, seconds: float) -> ParsedEpisode:
    return ParsedEpisode(
        title=f"Episode {number}",
        guid=f"ep-{number}",
        published=calendar.timegm((2024, 1, number, 8, 0, 0, 0, 0, 0)),
        duration=round(seconds),
        enclosure_url=url,
    )


@pytest.fixture
def rig(libvlc, loopback_server, tmp_path) -> Iterator[Rig]:  # noqa: F811
    data_dir = tmp_path / "data"
    config = tmp_path / "config.toml"
    config.write_text("[service]\nidle_minutes = 5\n")
    urls = []
    for number, freq in ((1, 440.0), (2, 660.0)):
        tone = make_tone(tmp_path / f"ep{number}.wav", freq, CLIP_SECONDS, rate=8000)
        urls.append(loopback_server.add_file(f"/ep{number}.wav", tone))
    library = Library.open(data_dir)
    podcast = library.subscribe("https://example.com/feed.xml")
    library.store_feed(
        podcast.id,
        ParsedFeed(
            title="The Show",
            episodes=[episode(n, url, CLIP_SECONDS) for n, url in enumerate(urls, 1)],
        ),
    )
    found = {e.guid: e.id for e in library.episodes()}
    library.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    made = Rig(data_dir, tmp_path / "out.wav", config, found, env)
    try:
        yield made
    finally:
        pid = made.pid
        if pid:
            made.run("service", "stop", timeout=15)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def session_bus(tmp_path) -> Iterator[str]:
    """A private D-Bus session bus (a real dbus-daemon): its address."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon gave no address"
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)


def playerctl(bus: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=bus)
    return subprocess.run(
        ["playerctl", "--player=podtui", *args],
        capture_output=True,
        text=True,
        timeout=10,
        env=env,
    )


def start_service(rig: Rig, *extra: str) -> subprocess.Popen[bytes]:
    """``podtui service run`` in the background, once it answers on its socket."""
    from tui.service.client import NotRunning, ServiceClient, ServiceError

    process = subprocess.Popen(
        rig.args("service", "run", *extra),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=rig.env,
    )

    def answers() -> bool:
        try:
            ServiceClient.connect(rig.data_dir, check_version=False).close()
        except NotRunning:
            assert process.poll() is None, "the service exited"
            return False
        except ServiceError:
            return False
        return True

    wait_until(answers, what="the service to answer")
    return process
