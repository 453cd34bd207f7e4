"""``podtui doctor``: what podtui finds on this machine, as (check, detail, ok) rows.

Nothing here prints; the CLI formats the rows.
"""

from __future__ import annotations

import math
import os
import struct
import tempfile
import threading
import wave
from collections.abc import Sequence
from pathlib import Path

from tui.core.errors import PodtuiError
from tui.core.models import PlayerState
from tui.player.base import EndReached, PlayerError, PlayerEvent, StateChanged

Row = tuple[str, str, bool]

TEST_TONE_SECONDS = 0.5
TEST_TIMEOUT = 5.0


def write_test_tone(path: Path, seconds: float = TEST_TONE_SECONDS, freq: float = 440.0) -> Path:
    """A quiet mono 16-bit 44.1 kHz sine with short fades, as WAV."""
    rate = 44100
    frames = int(seconds * rate)
    fade = int(0.02 * rate)
    samples = []
    for i in range(frames):
        gain = min(1.0, i / fade, (frames - i) / fade) if fade else 1.0
        samples.append(int(0.2 * 32767 * gain * math.sin(2 * math.pi * freq * i / rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{frames}h", *samples))
    return path


def _dir_row(path: Path) -> Row:
    if path.is_dir():
        ok = os.access(path, os.W_OK | os.X_OK)
        return ("data dir", f"{path} ({'writable' if ok else 'NOT writable'})", ok)
    if path.exists():
        return ("data dir", f"{path} (exists but is not a directory)", False)
    parent = next((p for p in path.parents if p.exists()), None)
    ok = parent is not None and parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)
    detail = "will be created" if ok else f"cannot be created under {parent}"
    return ("data dir", f"{path} ({detail})", ok)


def _config_row(path: Path) -> Row:
    if path.is_file():
        ok = os.access(path, os.R_OK)
        return ("config file", f"{path} ({'readable' if ok else 'NOT readable'})", ok)
    if path.exists():
        return ("config file", f"{path} (exists but is not a file)", False)
    return ("config file", f"{path} (not present; defaults in use)", True)


def play_test_tone(
    vlc_options: Sequence[str], *, timeout: float = TEST_TIMEOUT, log_file: Path | None = None
) -> tuple[bool, str]:
    """Play a generated half-second tone through ``vlc_options``; (ok, what happened)."""
    from tui.player.vlc import VlcPlayer

    done = threading.Event()
    outcome: dict[str, str] = {}

    def listen(event: PlayerEvent) -> None:
        if isinstance(event, EndReached):
            outcome.setdefault("end", "played to the end")
            done.set()
        elif isinstance(event, PlayerError):
            outcome.setdefault("error", event.message)
            done.set()
        elif isinstance(event, StateChanged) and event.state is PlayerState.PLAYING:
            outcome.setdefault("playing", "started")

    with tempfile.TemporaryDirectory(prefix="podtui-doctor-") as tmp:
        tone = write_test_tone(Path(tmp) / "tone.wav")
        try:
            player = VlcPlayer(vlc_options, log_file=log_file, stall_timeout=timeout)
        except PodtuiError as exc:
            return False, exc.message
        try:
            player.set_listener(listen)
            player.play(str(tone), title="podtui test tone")
            finished = done.wait(timeout)
        finally:
            player.close()
    if "error" in outcome:
        return False, outcome["error"]
    if finished and "end" in outcome:
        return True, f"a {TEST_TONE_SECONDS:g} s test tone played to the end"
    if "playing" in outcome:
        return False, f"the test tone started but did not finish within {timeout:g} s"
    return False, f"the test tone did not start within {timeout:g} s"


def doctor_report(data_dir: Path, config_file: Path, vlc_options: Sequence[str]) -> list[Row]:
    """Rows for libVLC, audio outputs, the data dir, the config file and a test tone."""
    from tui.player import vlc as vlcmod

    rows: list[Row] = []
    libvlc_ok = True
    try:
        rows.append(
            (
                "libVLC",
                f"{vlcmod.libvlc_version()} (python-vlc {vlcmod.python_vlc_version()})",
                True,
            )
        )
        plugins = vlcmod.libvlc_plugin_path()
        where = vlcmod.libvlc_location() + (f", plugins {plugins}" if plugins else "")
        rows.append(("libVLC location", where, True))
    except PodtuiError as exc:
        libvlc_ok = False
        rows.append(("libVLC", exc.message, False))

    if libvlc_ok:
        try:
            outputs = vlcmod.audio_outputs()
            names = ", ".join(name for name, _ in outputs)
            rows.append(("audio outputs", names or "none", bool(outputs)))
        except PodtuiError as exc:
            rows.append(("audio outputs", exc.message, False))
        chosen = [o.split("=", 1)[1] for o in vlc_options if o.startswith("--aout=")]
        rows.append(("libVLC options", " ".join(vlc_options) or "(none)", True))
        # Native libraries (ALSA, PulseAudio) may print on fd 2 while probing devices.
        with (
            tempfile.NamedTemporaryFile(prefix="podtui-doctor-", suffix=".log") as noise,
            vlcmod.redirect_stderr(noise.name),
        ):
            ok, detail = play_test_tone(vlc_options)
        if chosen:
            detail = f"{detail} (output {chosen[-1]})"
        rows.append(("playback", detail, ok))

    rows.append(_dir_row(Path(data_dir)))
    rows.append(_config_row(Path(config_file)))
    return rows
