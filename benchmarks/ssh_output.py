"""How many bytes per second podtui writes to the terminal while an episode plays.

Over SSH every repaint is bytes on the wire: a player bar that redraws a clock twice a
second costs hundreds of bytes a second, forever. This benchmark runs the real app in a
real terminal and measures what it writes:

- a library in a temporary data dir with the fixture podcast (93 episodes) and one newest
  episode whose enclosure is a long 440 Hz tone (Ogg/Opus made by ffmpeg, or a WAV made
  in Python) served by a loopback HTTP server with byte ranges;
- ``podtui --data-dir D --vlc-option=--aout=afile --vlc-option=--audiofile-file=OUT.wav``
  inside ``script -q -f -c '...' term.log`` inside a detached tmux session
  (``tmux new -d -s bench -x 120 -y 40``, on a private tmux socket);
- Enter plays the highlighted (newest) episode; once the decoded audio file grows, the
  view to measure is opened (see VIEWS), the growth of term.log is measured over 20 s of
  playback, then Space pauses and it is measured over 10 s while paused. Before that,
  with nothing played yet, the view is opened and measured idle over the same 10 s. Each
  view is measured in a fresh run of the app.

Run: ``.venv/bin/python benchmarks/ssh_output.py [--lengths 60,1800] [--views table,filter]
[--play 20] [--pause 10] [--sleep 30]``

``--lengths`` are the episode lengths to measure (seconds): a short episode moves the
progress bar and the table's "▶ 42%" more often than a long one. ``--sleep 30`` sets the
sleep timer once playback has started (its time left is on the bar while measured). The terminal is
``xterm-256color`` with ``COLORTERM=truecolor`` (24-bit colour escapes, the longest);
``--colors-256`` leaves COLORTERM out, as ssh does unless told to forward it.
"""

from __future__ import annotations

import argparse
import calendar
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from array import array
from dataclasses import dataclass
from math import pi, sin
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.httpserver import HTTPTestServer  # noqa: E402
from tui.core.feeds.parse import parse_feed  # noqa: E402
from tui.core.library import Library  # noqa: E402
from tui.core.models import ParsedEpisode, ParsedFeed  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "datascienceathome.rss"
SESSION = "bench"
SOCKET = f"podtui-bench-{os.getpid()}"  # private: runs side by side do not meet
START_SETTLE = 8.0  # seconds of playback before measuring
CUE_SECONDS = 2.0  # the tone's transcript has a cue this often


@dataclass(frozen=True)
class View:
    """How to reach a view from the table, and how to pause there."""

    name: str
    open: tuple[str, ...]  # tmux keys that open it (the table has focus before)
    close: tuple[str, ...] = ("Escape",)  # keys that go back to the table
    pause: tuple[str, ...] = ("Space",)  # keys that pause with the view shown


VIEWS = {
    view.name: view
    for view in (
        View("table", (), close=()),
        # Space would be typed into the filter: leave it, pause, come back.
        View("filter", ("/",), close=("Enter",), pause=("Enter", "Space", "/")),
        View("notes", ("n",)),
        View("queue", ("Q",)),
        View("downloads", ("W",)),
        # The help takes Space for itself: close it, pause, open it again.
        View("help", ("?",), pause=("Escape", "Space", "?")),
        # The tone's transcript: a cue every CUE_SECONDS, the cue spoken marked.
        View("transcript", ("T",)),
    )
}


@dataclass
class Result:
    length: int
    view: str
    playing: float  # bytes per second
    paused: float
    idle: float
    audio_grew_while_paused: bool


def make_tone(path: Path, seconds: int) -> tuple[Path, str]:
    """A 440 Hz tone: Ogg/Opus through ffmpeg when available, else a small WAV."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg:
        out = path.with_suffix(".opus")
        subprocess.run(
            [
                ffmpeg,
                "-nostdin",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                f"sine=frequency=440:duration={seconds}:sample_rate=48000",
                "-c:a",
                "libopus",
                "-b:a",
                "24k",
                "-f",
                "ogg",
                str(out),
            ],
            check=True,
            timeout=300,
        )
        return out, "audio/ogg"
    out = path.with_suffix(".wav")
    rate = 8000
    samples = array("h", (int(12000 * sin(2 * pi * 440 * i / rate)) for i in range(rate)))
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        for _ in range(seconds):
            wav.writeframes(samples.tobytes())
    return out, "audio/wav"


def make_transcript(seconds: int) -> bytes:
    """A WebVTT transcript of the tone: a cue every CUE_SECONDS."""

    def stamp(at: float) -> str:
        whole = int(at)
        return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.000"

    lines = ["WEBVTT", ""]
    for n in range(int(seconds / CUE_SECONDS)):
        start = n * CUE_SECONDS
        lines += [
            f"{stamp(start)} --> {stamp(start + CUE_SECONDS)}",
            f"<v Tone>Cue {n + 1}: still the same 440 hertz tone, second {int(start)}.",
            "",
        ]
    return "\n".join(lines).encode()


def make_library(data_dir: Path, url: str, seconds: int, transcript: str | None = None) -> None:
    library = Library.open(data_dir)
    try:
        if FIXTURE.is_file():
            science = library.subscribe("https://example.com/datascienceathome.rss")
            library.store_feed(science.id, parse_feed(FIXTURE.read_bytes()))
        show = library.subscribe("https://example.com/tone.xml")
        now = time.gmtime()
        tone = ParsedEpisode(
            title="A long tone",
            guid="tone",
            published=calendar.timegm(now) + 86400,  # the newest: highlighted at start
            duration=seconds,
            enclosure_url=url,
            enclosure_type="audio/ogg",
            transcript_url=transcript,
            transcript_type="text/vtt" if transcript else None,
        )
        library.store_feed(show.id, ParsedFeed(title="Tone Radio", episodes=[tone]))
    finally:
        library.close()


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], check=check, capture_output=True, text=True, timeout=30
    )


def wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.1)


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def settled(path: Path, quiet: float = 1.5, timeout: float = 20.0) -> None:
    """Wait until ``path`` has not grown for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    last, since = size(path), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = size(path)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def measure(log: Path, seconds: float) -> float:
    """Bytes per second written to ``log`` over ``seconds``."""
    start = size(log)
    time.sleep(seconds)
    return (size(log) - start) / seconds


def keys(*names: str) -> None:
    for name in names:
        tmux("send-keys", "-t", SESSION, name)
        time.sleep(0.3)


def run_once(
    length: int,
    view: View,
    play: float,
    pause: float,
    command: str | None,
    keep: bool,
    truecolor: bool,
    sleep: str | None = None,
) -> Result:
    work = Path(tempfile.mkdtemp(prefix="podtui-ssh-bench-"))
    try:
        tone, kind = make_tone(work / "tone", length)
        with HTTPTestServer() as server:
            server.file("/tone" + tone.suffix, tone.read_bytes(), content_type=kind)
            server.route("/tone.vtt", make_transcript(length), content_type="text/vtt")
            data = work / "data"
            make_library(data, server.url("/tone" + tone.suffix), length, server.url("/tone.vtt"))
            out = work / "out.wav"
            log = work / "term.log"
            (work / "config.toml").write_text("", encoding="utf-8")  # the defaults
            app = command or f"{shlex.quote(sys.executable)} -m tui"
            app += (
                f" --data-dir {shlex.quote(str(data))}"
                f" --config {shlex.quote(str(work / 'config.toml'))}"
                " --vlc-option=--aout=afile"
                f" --vlc-option=--audiofile-file={shlex.quote(str(out))}"
            )
            inner = f"script -q -f -c {shlex.quote(app)} {shlex.quote(str(log))}"
            colors = "COLORTERM=truecolor" if truecolor else "-u COLORTERM"
            env = f"cd {shlex.quote(str(ROOT))} && env {colors} TERM=xterm-256color"
            tmux("kill-session", "-t", SESSION, check=False)
            tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", f"{env} {inner}")
            try:
                wait(lambda: size(log) > 2000, 30, "the app to draw")
                settled(log)
                # Nothing played yet: the view alone, idle.
                keys(*view.open)
                settled(log)
                idle = measure(log, pause)
                keys(*view.close)
                settled(log)
                tmux("send-keys", "-t", SESSION, "Enter")
                wait(lambda: size(out) > 48000, 30, "audio output (playback did not start)")
                if sleep:  # the sleep timer runs while it is measured
                    subprocess.run(
                        [sys.executable, "-m", "tui", "--data-dir", str(data), "sleep", sleep],
                        cwd=ROOT,
                        capture_output=True,
                        timeout=30,
                        check=True,
                    )
                keys(*view.open)
                # Past the start (state, title, length, the first "▶ N%" in the table at
                # the first 5 s position save): what is measured is the steady state.
                time.sleep(START_SETTLE)
                playing = measure(log, play)
                keys(*view.pause)
                time.sleep(1.5)
                audio = size(out)
                paused = measure(log, pause)
                grew = size(out) != audio
                tmux("send-keys", "-t", SESSION, "q")
                time.sleep(1.0)
            finally:
                tmux("kill-session", "-t", SESSION, check=False)
                # The app played through the data dir's player service: stop it too.
                subprocess.run(
                    [sys.executable, "-m", "tui", "--data-dir", str(data), "service", "stop"],
                    cwd=ROOT,
                    capture_output=True,
                    timeout=30,
                )
        return Result(length, view.name, playing, paused, idle, grew)
    finally:
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def machine() -> str:
    import platform

    import textual

    from tui.player.vlc import libvlc_version

    cpu = platform.processor() or platform.machine()
    try:
        vlc = libvlc_version()
    except Exception as exc:  # reported, not fatal: the run will say what fails
        vlc = f"unavailable ({exc})"
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, Textual {textual.__version__}, libVLC {vlc}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lengths", default="60,1800", help="episode lengths in seconds")
    parser.add_argument(
        "--views", default=",".join(VIEWS), help=f"views to measure ({', '.join(VIEWS)})"
    )
    parser.add_argument("--play", type=float, default=20.0, help="seconds measured playing")
    parser.add_argument("--pause", type=float, default=10.0, help="seconds measured paused")
    parser.add_argument("--command", help="run this instead of podtui (same arguments)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir (term.log)")
    parser.add_argument(
        "--sleep", metavar="WHEN", help="set the sleep timer (podtui sleep WHEN) once playing"
    )
    parser.add_argument(
        "--colors-256",
        action="store_true",
        help="no COLORTERM (256 colours, as over SSH, which does not forward COLORTERM)",
    )
    args = parser.parse_args()
    for tool in ("tmux", "script"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed")
    lengths = [int(x) for x in re.split(r"[,\s]+", args.lengths.strip()) if x]
    names = [x for x in re.split(r"[,\s]+", args.views.strip()) if x]
    unknown = [name for name in names if name not in VIEWS]
    if unknown:
        raise SystemExit(f"unknown view {unknown[0]!r} (views: {', '.join(VIEWS)})")
    print(machine())
    print(
        f"{'episode':>8}  {'view':<10}  {'playing B/s':>11}  {'paused B/s':>10}  {'idle B/s':>8}",
        flush=True,
    )
    for length in lengths:
        for name in names:
            result = run_once(
                length,
                VIEWS[name],
                args.play,
                args.pause,
                args.command,
                args.keep,
                not args.colors_256,
                args.sleep,
            )
            warning = "  (the audio grew while paused!)" if result.audio_grew_while_paused else ""
            print(
                f"{length:>7}s  {name:<10}  {result.playing:>11.1f}  {result.paused:>10.1f}"
                f"  {result.idle:>8.1f}{warning}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    os.environ.pop("TMUX", None)
    raise SystemExit(main())
