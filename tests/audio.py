"""Real audio for tests: generate tones, read decoded WAV output, measure what is in it.

No numpy: everything here is plain Python and fast enough for clips of a few seconds.
WAV files are written with :mod:`wave`; MP3, Ogg/Vorbis and Ogg/Opus are encoded by ffmpeg
(or sox for MP3/Ogg when ffmpeg is missing). :func:`read_wav` reads 16-bit PCM and 32-bit
float WAV, including WAVE_FORMAT_EXTENSIBLE headers and files whose size fields were never
finalised (a writer still running or killed), which is how libVLC's ``afile`` output can look.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("wav", "mp3", "ogg", "opus")
CONTENT_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
}

_WAVE_FORMAT_PCM = 0x0001
_WAVE_FORMAT_IEEE_FLOAT = 0x0003
_WAVE_FORMAT_EXTENSIBLE = 0xFFFE


@dataclass(slots=True)
class Wav:
    """Decoded audio mixed down to mono 16-bit samples."""

    rate: int
    channels: int  # channels in the file (samples are already mixed to mono)
    samples: array  # array('h')
    source_format: str  # "s16" or "f32"

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


def make_tone(
    path: str | Path,
    freq: float = 440.0,
    seconds: float = 2.0,
    rate: int = 44100,
    fmt: str | None = None,
    *,
    amplitude: float = 0.5,
    channels: int = 1,
) -> Path:
    """Write a sine tone to ``path``; ``fmt`` defaults to the file's suffix (wav/mp3/ogg/opus)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "wav").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unsupported format {fmt!r}; use one of {FORMATS}")
    if fmt == "wav":
        _write_tone_wav(path, freq, seconds, rate, amplitude, channels)
        return path
    with tempfile.TemporaryDirectory(prefix="podtui-tone-") as tmp:
        wav = Path(tmp) / "tone.wav"
        _write_tone_wav(wav, freq, seconds, rate, amplitude, channels)
        encode(wav, path, fmt)
    return path


def make_tones(
    path: str | Path,
    segments: list[tuple[float, float]],
    rate: int = 44100,
    fmt: str | None = None,
    *,
    amplitude: float = 0.5,
) -> Path:
    """Like :func:`make_tone` but with consecutive ``(freq, seconds)`` segments (0 Hz: silence)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "wav").lower()
    target = path if fmt == "wav" else path.with_suffix(".src.wav")
    _write_wav(target, _segments(segments, rate, amplitude), rate, 1)
    if fmt != "wav":
        try:
            encode(target, path, fmt)
        finally:
            target.unlink(missing_ok=True)
    return path


def _segments(segments: list[tuple[float, float]], rate: int, amplitude: float) -> array:
    peak = max(0.0, min(1.0, amplitude)) * 32767
    out = array("h")
    phase = 0.0
    for freq, seconds in segments:
        step = 2 * math.pi * freq / rate
        for _ in range(round(seconds * rate)):
            out.append(round(peak * math.sin(phase)) if freq > 0 else 0)
            phase += step
    return out


def _write_tone_wav(
    path: Path, freq: float, seconds: float, rate: int, amplitude: float, channels: int
) -> None:
    _write_wav(path, _segments([(freq, seconds)], rate, amplitude), rate, channels)


def _write_wav(path: Path, mono: array, rate: int, channels: int) -> None:
    data = array("h", (s for s in mono for _ in range(channels))) if channels > 1 else mono
    if sys.byteorder != "little":
        data.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())


def encode(wav: Path, out: Path, fmt: str) -> None:
    """Encode a WAV file to mp3/ogg (Vorbis)/opus (Ogg Opus) with ffmpeg, else sox."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg:
        codec = {
            "mp3": ["-c:a", "libmp3lame", "-b:a", "128k"],
            "ogg": ["-c:a", "libvorbis", "-q:a", "4"],
            "opus": ["-c:a", "libopus", "-b:a", "96k", "-ar", "48000", "-f", "ogg"],
        }[fmt]
        cmd = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav)]
        _run([*cmd, *codec, str(out)])
        return
    sox = shutil.which("sox")
    if sox and fmt in ("mp3", "ogg"):
        _run([sox, str(wav), "-t", "mp3" if fmt == "mp3" else "vorbis", str(out)])
        return
    raise RuntimeError(f"cannot encode {fmt}: install ffmpeg (or sox for mp3/ogg)")


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace").strip()
        raise RuntimeError(f"{Path(cmd[0]).name} failed ({done.returncode}): {err}")


def read_wav(path: str | Path) -> Wav:
    """Read a RIFF/WAVE file (s16 or f32, any channel count) and mix it down to mono s16."""
    data = Path(path).read_bytes()
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a RIFF/WAVE file")
    pos = 12
    fmt: tuple[int, int, int, int] | None = None  # (tag, channels, rate, bits)
    payload = b""
    while pos + 8 <= len(data):
        cid = data[pos : pos + 4]
        size = struct.unpack_from("<I", data, pos + 4)[0]
        body_start = pos + 8
        if cid == b"fmt ":
            tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", data, body_start)
            if tag == _WAVE_FORMAT_EXTENSIBLE and size >= 40:
                tag = struct.unpack_from("<H", data, body_start + 24)[0]
            fmt = (tag, channels, rate, bits)
        elif cid == b"data":
            end = body_start + size
            if size in (0, 0xFFFFFFFF) or end > len(data):
                end = len(data)  # size never finalised: take what is there
            payload = data[body_start:end]
            break
        pos = body_start + size + (size & 1)
    if fmt is None:
        raise ValueError(f"{path}: no fmt chunk")
    tag, channels, rate, bits = fmt
    channels = max(1, channels)
    if tag == _WAVE_FORMAT_PCM and bits == 16:
        frame = array("h")
        frame.frombytes(payload[: len(payload) - len(payload) % 2])
        if sys.byteorder != "little":
            frame.byteswap()
        values: list[float] | array = frame
        scale = 1.0
        kind = "s16"
    elif tag == _WAVE_FORMAT_IEEE_FLOAT and bits == 32:
        floats = array("f")
        floats.frombytes(payload[: len(payload) - len(payload) % 4])
        if sys.byteorder != "little":
            floats.byteswap()
        values = floats
        scale = 32767.0
        kind = "f32"
    else:
        raise ValueError(f"{path}: unsupported WAV format tag {tag:#x} with {bits} bits")
    if kind == "s16" and channels == 1:
        return Wav(rate=rate, channels=1, samples=frame, source_format=kind)
    n = len(values) // channels
    mono = array("h", bytes(2 * n))
    for i in range(n):
        base = i * channels
        acc = 0.0
        for c in range(channels):
            acc += values[base + c]
        v = round(acc / channels * scale)
        mono[i] = 32767 if v > 32767 else -32768 if v < -32768 else v
    return Wav(rate=rate, channels=channels, samples=mono, source_format=kind)


def duration_of(path: str | Path) -> float:
    """Seconds of audio in ``path``: WAV read directly, other formats through ffprobe."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(12)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return read_wav(path).seconds
    ffprobe = shutil.which("ffprobe")
    if not ffprobe:
        raise RuntimeError("ffprobe is needed to measure non-WAV files")
    done = subprocess.run(
        [
            ffprobe,
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "default=noprint_wrappers=1:nokey=1",
            str(path),
        ],
        capture_output=True,
        timeout=30,
        check=True,
    )
    return float(done.stdout.decode().strip())


def rms(samples: array | list[int], start: int = 0, end: int | None = None) -> float:
    """Root mean square of ``samples[start:end]`` (0 for an empty range)."""
    end = len(samples) if end is None else min(end, len(samples))
    n = end - start
    if n <= 0:
        return 0.0
    return math.sqrt(sum(s * s for s in samples[start:end]) / n)


def peak(samples: array | list[int]) -> int:
    return max((abs(s) for s in samples), default=0)


def sound_windows(
    samples: array, rate: int, *, window: float = 0.02, threshold: float = 300.0
) -> list[bool]:
    """One flag per ``window`` seconds: is the RMS of that window above ``threshold``?"""
    step = max(1, round(rate * window))
    return [rms(samples, i, i + step) > threshold for i in range(0, len(samples), step)]


def sound_seconds(
    samples: array, rate: int, *, window: float = 0.02, threshold: float = 300.0
) -> float:
    """Seconds of non-silent audio (windows above ``threshold`` RMS)."""
    return sum(sound_windows(samples, rate, window=window, threshold=threshold)) * window


def sound_span(
    samples: array, rate: int, *, window: float = 0.02, threshold: float = 300.0
) -> tuple[float, float] | None:
    """(start, end) in seconds of the first and last non-silent window, or None if silent."""
    flags = sound_windows(samples, rate, window=window, threshold=threshold)
    hits = [i for i, f in enumerate(flags) if f]
    if not hits:
        return None
    return hits[0] * window, (hits[-1] + 1) * window


def non_silent(samples: array, rate: int, *, threshold: float = 300.0) -> array:
    """The samples between the first and last non-silent window."""
    span = sound_span(samples, rate, threshold=threshold)
    if span is None:
        return array("h")
    return samples[round(span[0] * rate) : round(span[1] * rate)]


def frequency_track(
    samples: array, rate: int, *, window: float = 0.1, threshold: float = 300.0
) -> list[float]:
    """The tone frequency of each ``window`` seconds (0.0 where silent)."""
    step = max(1, round(rate * window))
    track = []
    for i in range(0, len(samples), step):
        part = samples[i : i + step]
        track.append(dominant_frequency(part, rate, threshold=threshold) if len(part) else 0.0)
    return track


def seconds_near(
    track: list[float], freq: float, *, window: float = 0.1, tolerance: float = 0.05
) -> float:
    """How many seconds of a :func:`frequency_track` are within ``tolerance`` of ``freq``."""
    return sum(window for f in track if f and abs(f - freq) <= freq * tolerance)


def dominant_frequency(samples: array | list[int], rate: int, *, threshold: float = 300.0) -> float:
    """Frequency in Hz of a (mostly) pure tone, from its rising zero crossings.

    Only the non-silent part counts; a hysteresis of a tenth of the RMS ignores codec noise
    around zero. Returns 0.0 for silence.
    """
    if not isinstance(samples, array):
        samples = array("h", samples)
    body = non_silent(samples, rate, threshold=threshold)
    if len(body) < rate // 100:
        return 0.0
    hyst = max(50.0, rms(body) * 0.1)
    armed = False
    first = last = -1
    count = 0
    for i, s in enumerate(body):
        if s < -hyst:
            armed = True
        elif armed and s > hyst:
            armed = False
            if first < 0:
                first = i
            else:
                count += 1
            last = i
    if count == 0 or last <= first:
        return 0.0
    return count * rate / (last - first)


def goertzel_power(samples: array | list[int], rate: int, freq: float) -> float:
    """Normalised power of ``freq`` in ``samples`` (Goertzel), for checking one frequency."""
    n = len(samples)
    if n == 0:
        return 0.0
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s0 = x + coeff * s1 - s2
        s2, s1 = s1, s0
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return power / (n * n)


def make_low_bitrate_mp3(path: str | Path, segments: list[tuple[float, float]]) -> Path:
    """Consecutive ``(freq, seconds)`` tones as a 22.05 kHz mono 32 kbit/s MP3 with the
    "Info" header ffmpeg writes. libVLC's first length for such a file is about 57% of the
    real one (read from that header) until it has decoded a little of it."""
    path = Path(path)
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        raise RuntimeError("cannot encode a low-bitrate MP3: install ffmpeg")
    wav = path.with_suffix(".src.wav")
    _write_wav(wav, _segments(segments, 22050, 0.5), 22050, 1)
    try:
        cmd = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav)]
        _run([*cmd, "-c:a", "libmp3lame", "-ar", "22050", "-ac", "1", "-b:a", "32k", str(path)])
    finally:
        wav.unlink(missing_ok=True)
    return path
