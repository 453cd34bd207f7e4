"""Regenerate the demo's audio clips (run by hand; the results are committed).

Usage, from the repository root::

    python -m tui.demo.make_media            # every clip
    python -m tui.demo.make_media pp-sed     # just these slugs (the manifest is updated)

Needs ``espeak-ng`` and ``ffmpeg`` (with libmp3lame) on the PATH. For each episode of
:mod:`tui.demo.content` it speaks the clip's segments (podcast name, episode title, then
the episode's line or parts) with the podcast's espeak-ng voice, trims the silence around
each segment, joins them with short pauses, adds a few seconds of synthesised ambience
for field-recording episodes, and encodes the result as mono MP3 (16 kHz, 16 kbit/s
constant bit rate, about 2 KB a second) into ``tui/demo/media/<slug>.mp3``.

MP3 rather than Ogg: libVLC 3 cannot seek in a small Ogg file streamed over HTTP (a
seek or a start offset ends playback), while constant-bit-rate MP3 seeks exactly, even
in clips of a few kilobytes. That matters here: seeking and chapter jumps must work in
the demo.

``media/manifest.json`` records every clip's real length (measured with ffprobe on the
encoded file) and where each spoken segment starts and ends; the demo server uses it for
``itunes:duration``, chapter start times and transcript cues.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from pathlib import Path

from tui.demo.clips import MANIFEST, MEDIA_DIR
from tui.demo.content import DemoEpisode, DemoPodcast, all_episodes

RATE = 16000  # Hz; the clips are mixed and encoded at this rate (MPEG-2 layer III)
SPEED = 170  # espeak-ng words per minute
GAP = 0.25  # seconds of silence between segments
LEAD = 0.15  # seconds of silence before the first segment
TAIL = 0.25  # seconds of silence after the last sound
AMBIENCE_SECONDS = 2.2
BITRATE = "16k"  # constant; an MPEG-2 rate (8, 16, 24, 32...)
CUTOFF = 5000  # Hz; lowpass: the speech band and the crickets' 4.4 kHz chirps
FFMPEG = ("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y")

# ffmpeg aevalsrc/anoisesrc graphs for the field recordings' ambience (mono, RATE).
_SOURCE = f"duration={AMBIENCE_SECONDS}:sample_rate={RATE}"


def _noise(color: str, amplitude: float) -> str:
    return f"anoisesrc=color={color}:amplitude={amplitude}:seed=7:{_SOURCE}"  # fixed seed


AMBIENCE = {
    "rain": f"{_noise('pink', 0.35)},highpass=f=900,lowpass=f=6000",
    "wind": f"{_noise('brown', 0.9)},lowpass=f=700,tremolo=f=0.6:d=0.7",
    "stream": f"{_noise('white', 0.25)},bandpass=f=1400:width_type=h:w=1200,tremolo=f=3.5:d=0.5",
    "night": (
        "aevalsrc='0.12*sin(2*PI*4400*t)*gt(sin(2*PI*19*t),0)*lt(mod(t,0.9),0.35)"
        "+0.05*sin(2*PI*3700*t)*gt(sin(2*PI*23*t),0)*lt(mod(t+0.4,1.3),0.3)'"
        f":{_SOURCE}"
    ),
    "bells": (
        "aevalsrc='0.3*exp(-2.2*mod(t,1.25))*(sin(2*PI*523.25*t)+0.6*sin(2*PI*1046.5*t)"
        "+0.3*sin(2*PI*1569.8*t)+0.2*sin(2*PI*2637*t))'"
        f":{_SOURCE}"
    ),
}


def _run(cmd: list[str]) -> bytes:
    done = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace").strip()
        raise SystemExit(f"{Path(cmd[0]).name} failed: {err}")
    return done.stdout


def _read(path: Path) -> array:
    with wave.open(str(path), "rb") as wav:
        if wav.getnchannels() != 1 or wav.getsampwidth() != 2 or wav.getframerate() != RATE:
            raise SystemExit(f"{path}: expected mono 16-bit {RATE} Hz")
        samples = array("h")
        samples.frombytes(wav.readframes(wav.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    return samples


def _trim(samples: array, threshold: int = 300) -> array:
    loud = [i for i, s in enumerate(samples) if abs(s) > threshold]
    if not loud:
        return array("h")
    return samples[loud[0] : loud[-1] + 1]


def _speak(text: str, voice: str, work: Path) -> array:
    raw = work / "speech-raw.wav"
    out = work / "speech.wav"
    _run(["espeak-ng", "-v", voice, "-s", str(SPEED), "-w", str(raw), text])
    _run([*FFMPEG, "-i", str(raw), "-ac", "1", "-ar", str(RATE), "-c:a", "pcm_s16le", str(out)])
    return _trim(_read(out))


def _ambience(kind: str, work: Path) -> array:
    out = work / "ambience.wav"
    fade = f"afade=t=in:d=0.4,afade=t=out:st={AMBIENCE_SECONDS - 0.7}:d=0.7"
    _run(
        [
            *FFMPEG,
            *("-f", "lavfi", "-i", f"{AMBIENCE[kind]},{fade}"),
            *("-ac", "1", "-ar", str(RATE), "-c:a", "pcm_s16le", str(out)),
        ]
    )
    return _read(out)


def _silence(seconds: float) -> array:
    return array("h", bytes(2 * round(seconds * RATE)))


def _probe_seconds(path: Path) -> float:
    out = _run(
        [
            *("ffprobe", "-v", "error", "-show_entries", "format=duration"),
            *("-of", "default=noprint_wrappers=1:nokey=1", str(path)),
        ]
    )
    return float(out.decode().strip())


def make_clip(podcast: DemoPodcast, episode: DemoEpisode, work: Path) -> dict:
    """Write media/<slug>.mp3; return its manifest entry."""
    audio = _silence(LEAD)
    segments: list[list[float]] = []
    for number, text in enumerate(episode.segments(podcast)):
        if number:
            audio.extend(_silence(GAP))
        start = len(audio) / RATE
        audio.extend(_speak(text, podcast.voice, work))
        segments.append([round(start, 3), round(len(audio) / RATE, 3)])
    if episode.ambience:
        audio.extend(_silence(GAP))
        audio.extend(_ambience(episode.ambience, work))
    audio.extend(_silence(TAIL))
    wav = work / "clip.wav"
    data = array("h", audio)
    if sys.byteorder != "little":
        data.byteswap()
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())
    target = MEDIA_DIR / f"{episode.slug}.mp3"
    _run(
        [
            *(*FFMPEG, "-i", str(wav)),
            *("-ac", "1", "-ar", str(RATE), "-c:a", "libmp3lame"),
            *("-b:a", BITRATE, "-cutoff", str(CUTOFF)),
            # Bare MPEG frames: no ID3 tag and no LAME/Info frame (with one, libVLC 3
            # first takes a 9.7 s clip for 3.9 s long and clamps early seeks to that), no
            # encoder name: the same input gives the same bytes.
            *("-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0"),
            *("-write_xing", "0"),
            *("-fflags", "+bitexact", "-flags:a", "+bitexact"),
            *("-f", "mp3", str(target)),
        ]
    )
    return {
        "file": target.name,
        "seconds": round(_probe_seconds(target), 3),
        "segments": segments,
        "texts": episode.segments(podcast),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", help="only these episodes (default: all)")
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            print(f"error: {tool} is needed", file=sys.stderr)
            return 1
    episodes = all_episodes()
    known = {episode.slug for _, episode in episodes}
    unknown = sorted(set(args.slugs) - known)
    if unknown:
        print(f"error: no such episode: {', '.join(unknown)}", file=sys.stderr)
        return 1
    MEDIA_DIR.mkdir(parents=True, exist_ok=True)
    clips: dict[str, dict] = {}
    if args.slugs and MANIFEST.exists():
        clips = json.loads(MANIFEST.read_text(encoding="utf-8"))["clips"]
    with tempfile.TemporaryDirectory(prefix="podtui-media-") as tmp:
        for podcast, episode in episodes:
            if args.slugs and episode.slug not in args.slugs:
                continue
            entry = make_clip(podcast, episode, Path(tmp))
            clips[episode.slug] = entry
            size = (MEDIA_DIR / entry["file"]).stat().st_size
            print(f"{entry['file']:<34} {entry['seconds']:6.2f} s {size:7d} bytes")
    # Drop clips of episodes that no longer exist.
    clips = {slug: clips[slug] for slug in sorted(clips) if slug in known}
    for stale in [*MEDIA_DIR.glob("*.mp3"), *MEDIA_DIR.glob("*.opus")]:
        if stale.name != clips.get(stale.stem, {}).get("file"):
            stale.unlink()
    MANIFEST.write_text(
        json.dumps({"version": 1, "clips": clips}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    total = sum(path.stat().st_size for path in MEDIA_DIR.iterdir())
    print(f"{len(clips)} clips, {total / 1024:.0f} KiB in {MEDIA_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
