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

from tui.core import paths
from tui.core.config import Config
from tui.core.errors import PodtuiError
from tui.core.keynames import keymap_problems, theme_problem
from tui.core.models import PlayerState
from tui.player.base import EndReached, PlayerError, PlayerEvent, StateChanged
from tui.player.sound_check import SILENT_OUTPUTS, diagnose, suggestion
from tui.player.vlc import (
    NO_AUDIO_OUTPUT,
    VlcPlayer,
    audio_outputs,
    libvlc_location,
    libvlc_plugin_path,
    libvlc_version,
    python_vlc_version,
    redirect_stderr,
)

Row = tuple[str, str, bool | None]  # ok, failed, or None for advice

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


def _config_rows(path: Path, config: Config | None, error: str | None) -> list[Row]:
    """The config file, then its theme and keymap as the app would understand them."""
    if error:
        return [("config file", f"{error}; defaults in use", False)]
    if path.is_file():
        ok = os.access(path, os.R_OK)
        rows: list[Row] = [("config file", f"{path} ({'readable' if ok else 'NOT readable'})", ok)]
    elif path.exists():
        return [("config file", f"{path} (exists but is not a file)", False)]
    else:
        return [("config file", f"{path} (not present; defaults in use)", True)]
    if config is None:
        return rows
    problem = theme_problem(config.theme)
    if config.theme:
        rows.append(("theme", problem or config.theme, problem is None))
    if config.keymap:
        problems = keymap_problems(config.keymap)
        count = len(config.keymap)
        summary = f"{count} binding{'s' if count != 1 else ''} remapped"
        rows.append(("keymap", "; ".join(problems) if problems else summary, not problems))
    return rows


def play_test_tone(
    vlc_options: Sequence[str], *, timeout: float = TEST_TIMEOUT, log_file: Path | None = None
) -> tuple[bool, str]:
    """Play a generated half-second tone through ``vlc_options``; (ok, what happened)."""
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
        options = list(vlc_options)
        if not any(option.startswith("--audiofile-file=") for option in options):
            # The afile output would write audiofile.wav into the current directory.
            options.append(f"--audiofile-file={Path(tmp) / 'afile.wav'}")
        try:
            player = VlcPlayer(options, log_file=log_file, stall_timeout=timeout)
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


def doctor_report(
    data_dir: Path,
    config_file: Path,
    vlc_options: Sequence[str],
    *,
    config: Config | None = None,
    config_error: str | None = None,
) -> list[Row]:
    """Rows for libVLC, audio outputs, a test tone (and, when it fails, why each output
    failed and what to try), the data dir, the config file, its theme and keymap."""
    rows: list[Row] = []
    libvlc_ok = True
    try:
        rows.append(
            (
                "libVLC",
                f"{libvlc_version()} (python-vlc {python_vlc_version()})",
                True,
            )
        )
        plugins = libvlc_plugin_path()
        where = libvlc_location() + (f", plugins {plugins}" if plugins else "")
        rows.append(("libVLC location", where, True))
    except PodtuiError as exc:
        libvlc_ok = False
        rows.append(("libVLC", exc.message, False))

    if libvlc_ok:
        rows.extend(_sound_rows(list(vlc_options), Path(data_dir)))

    rows.append(_dir_row(Path(data_dir)))
    rows.extend(_config_rows(Path(config_file), config, config_error))
    return rows


def _quiet_tone(options: Sequence[str], log_file: Path | None = None) -> tuple[bool, str]:
    # Native libraries (ALSA, PulseAudio) may print on fd 2 while probing devices.
    with (
        tempfile.NamedTemporaryFile(prefix="podtui-doctor-", suffix=".log") as noise,
        redirect_stderr(noise.name),
    ):
        return play_test_tone(options, log_file=log_file)


def _sound_rows(vlc_options: list[str], data_dir: Path) -> list[Row]:
    rows: list[Row] = []
    try:
        names = [name for name, _ in audio_outputs()]
        rows.append(("audio outputs", ", ".join(names) or "none", bool(names)))
    except PodtuiError as exc:
        names = []
        rows.append(("audio outputs", exc.message, False))
    chosen = [o.split("=", 1)[1] for o in vlc_options if o.startswith("--aout=")]
    rows.append(("libVLC options", " ".join(vlc_options) or "(none)", True))
    unknown = [
        n for n in (chosen[-1].split(",") if chosen else []) if n not in (*names, "any", "none")
    ]
    if names and unknown:
        detail = f"unknown audio output {unknown[0]!r} (libVLC has {', '.join(names)})"
        rows.append(("playback", detail, False))
    else:
        ok, detail = _quiet_tone(vlc_options)
        if detail.startswith(NO_AUDIO_OUTPUT):
            detail = "no working audio output; each output tried alone below"
        if chosen:
            detail = f"{detail} (output {chosen[-1]})"
        rows.append(("playback", detail, ok))
        if ok:
            return rows

    attempts, devices = diagnose(_quiet_tone, names, vlc_options)
    for attempt in attempts:
        rows.append(
            (f"output {attempt.label}", attempt.reason or "the test tone played", attempt.ok)
        )
    if "alsa" in names:
        found = ", ".join(f"{d.hw} ({d.name})" for d in devices)
        found = found or "none (no sound card listed in /proc/asound/pcm)"
        rows.append(("ALSA devices", found, None))
    working = [attempt for attempt in attempts if attempt.ok]
    if working:
        rows.append(("try", suggestion(working[0]), None))
    elif "adummy" in names:
        rows.append(("try", "podtui --audio-output adummy (the app without sound)", None))
    if not working and not [n for n in names if n not in SILENT_OUTPUTS]:
        rows.append(("try", "install an audio output plugin (Debian: vlc-plugin-base)", None))
    rows.append(("log", f"libVLC's messages while the app runs: {paths.log_path(data_dir)}", None))
    return rows
