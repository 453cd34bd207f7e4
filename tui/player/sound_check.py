"""Why there is no sound, and what to try: each audio output tried alone, its failure read
from libVLC's log, and the ALSA devices of the machine's sound cards tried one by one.

Nothing here prints; ``podtui doctor`` shows the rows.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Outputs that make no sound on a device of this machine: never a diagnosis or a suggestion.
SILENT_OUTPUTS = frozenset({"adummy", "amem", "afile", "dummy", "none"})

_NOISE = (
    "audio output failed",
    "module not functional",
    "failed to create audio output",
    "could not be used",
    "buffer deadlock prevented",
    "your input can't be opened",
)


@dataclass(slots=True, frozen=True)
class AlsaDevice:
    card: int
    device: int
    name: str

    @property
    def hw(self) -> str:
        return f"hw:{self.card},{self.device}"


def alsa_playback_devices(root: Path = Path("/proc/asound")) -> list[AlsaDevice]:
    """The playback devices the kernel's ALSA lists in ``/proc/asound/pcm`` (as ``aplay -l``).

    A line reads ``01-00: USB Audio : USB Audio : playback 1 : capture 1``.
    """
    try:
        text = (root / "pcm").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found: list[AlsaDevice] = []
    for line in text.splitlines():
        m = re.match(r"\s*(\d+)-(\d+):\s*(.*)$", line)
        if not m:
            continue
        fields = [part.strip() for part in m.group(3).split(" : ")]
        if not any(part.startswith("playback") for part in fields[1:]):
            continue
        name = " ".join(fields[0].split())[:60] or "?"
        found.append(AlsaDevice(int(m.group(1)), int(m.group(2)), name))
    return found


def failure_reason(output: str, log_lines: Sequence[str]) -> str:
    """One line: why ``output`` failed, from libVLC's log of the attempt."""
    texts = [" ".join(line.split()) for line in log_lines]
    for text in texts:
        m = re.search(r"PulseAudio server connection failure: (.+)", text)
        if m:
            cause = m.group(1).strip().rstrip(".")
            if "refused" in cause.lower():
                return "PulseAudio refused the connection (no PulseAudio or PipeWire server runs)"
            return f"cannot connect to PulseAudio: {cause}"
    for text in texts:
        m = re.search(r'cannot open ALSA device "([^"]*)": (.+)', text)
        if m:
            device, cause = m.group(1), m.group(2).strip().rstrip(".")
            if cause.lower() == "no such file or directory":
                return f'ALSA has no "{device}" device'
            return f'ALSA cannot open "{device}": {cause}'
    for text in texts:
        low = text.lower()
        if text and not any(noise in low for noise in _NOISE):
            return text[:160]
    return f"{output} did not play (nothing more in libVLC's log)"


@dataclass(slots=True)
class Attempt:
    """One try of the test tone: which options, whether it played, and why not."""

    label: str
    options: list[str]
    ok: bool
    reason: str


PlayTone = Callable[[Sequence[str], Path], tuple[bool, str]]  # (options, log file) -> (ok, detail)


def _try(play: PlayTone, label: str, options: list[str]) -> Attempt:
    with tempfile.TemporaryDirectory(prefix="podtui-sound-") as tmp:
        log = Path(tmp) / "vlc.log"
        ok, detail = play(options, log)
        lines: list[str] = []
        if log.exists():
            for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
                m = re.match(r"\S+ \S+ vlc (?:error|warning) \[[^\]]*\] (.*)$", line)
                if m:
                    lines.append(m.group(1))
    return Attempt(label, options, ok, "" if ok else failure_reason(label, lines) or detail)


def without_output(options: Sequence[str]) -> list[str]:
    """The user's libVLC options without any audio output choice."""
    return [o for o in options if not o.startswith(("--aout=", "--alsa-audio-device="))]


def diagnose(
    play: PlayTone,
    outputs: Sequence[str],
    options: Sequence[str],
    *,
    asound: Path = Path("/proc/asound"),
    max_devices: int = 4,
) -> tuple[list[Attempt], list[AlsaDevice]]:
    """Each audio output alone (``--aout=NAME,none``), then, when ALSA is there, each ALSA
    playback device of the machine (``hw:C,D``, then ``plughw:C,D`` which converts formats),
    until one plays."""
    base = without_output(options)
    attempts = [
        _try(play, name, [*base, f"--aout={name},none"])
        for name in outputs
        if name not in SILENT_OUTPUTS
    ]
    devices = alsa_playback_devices(asound) if "alsa" in outputs else []
    if any(attempt.ok for attempt in attempts):
        return attempts, devices
    for device in devices[:max_devices]:
        for name in (device.hw, "plug" + device.hw):
            option = f"--alsa-audio-device={name}"
            attempt = _try(play, f"alsa {name}", [*base, "--aout=alsa,none", option])
            attempts.append(attempt)
            if attempt.ok:
                return attempts, devices
    return attempts, devices


def suggestion(attempt: Attempt) -> str:
    """The command line that plays, for an attempt that did."""
    parts: list[str] = []
    for option in attempt.options:
        if option.startswith("--aout="):
            parts.append(f"--audio-output {option.split('=', 1)[1].split(',')[0]}")
        elif option.startswith("--alsa-audio-device="):
            parts.append(f"--vlc-option={option}")
    return "podtui " + " ".join(parts)
