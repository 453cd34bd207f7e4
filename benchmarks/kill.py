"""``kill -9`` at any moment: what a listener and a refresh lose.

Run: ``.venv/bin/python benchmarks/kill.py [--play-rounds 8] [--refresh-rounds 20]``

- While playing: the real app (headless, ``App.run_test``) in a child process plays a
  60 s MP3 from a loopback server through real libVLC into its ``afile`` output; after a
  random 6-20 s of audio the child gets SIGKILL. The position lost is the audio written
  (the WAV's data size over its byte rate) minus the position saved in the library.
- During a refresh: ``podtui refresh`` of 60 feeds (each gaining 400 items and a new title)
  is killed at moments spread over its run. Every feed must be either old or wholly new.

Each library must pass ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import load, machine  # noqa: E402

from tests.audio import make_tone  # noqa: E402
from tests.core.test_kill import edited_feed, refresh  # noqa: E402
from tests.crowd import small_feed  # noqa: E402
from tests.httpserver import HTTPTestServer  # noqa: E402
from tui.core.feeds.parse import parse_feed  # noqa: E402
from tui.core.library import Library  # noqa: E402
from tui.core.models import ParsedEpisode, ParsedFeed  # noqa: E402

AFILE = ("--aout=afile", "--audiofile-format=s16", "--file-caching=100", "--network-caching=100")


def written_seconds(wav: Path) -> float:
    """Seconds of audio in a WAV that its writer never closed (sizes in the header unset)."""
    data = wav.read_bytes() if wav.exists() else b""
    offset, rate, channels, bits = 12, 0, 0, 16
    while offset + 8 <= len(data):
        chunk, size = (
            data[offset : offset + 4],
            struct.unpack("<I", data[offset + 4 : offset + 8])[0],
        )
        if chunk == b"fmt ":
            channels, rate = struct.unpack("<HI", data[offset + 10 : offset + 16])
            bits = struct.unpack("<H", data[offset + 22 : offset + 24])[0]
        elif chunk == b"data":
            return (len(data) - offset - 8) / (rate * channels * bits // 8) if rate else 0.0
        offset += 8 + size
    return 0.0


def integrity(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "library.db") as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


async def child_play(data_dir: Path, out: Path) -> None:
    from tui.ui.app import PodtuiApp

    app = PodtuiApp(data_dir, vlc_options=[*AFILE, f"--audiofile-file={out}"])
    async with app.run_test(size=(120, 36)) as pilot:
        while not (app.library is not None and app.main_screen.ready):
            await asyncio.sleep(0.05)
        await pilot.press("enter")
        await asyncio.sleep(3600)  # until killed


def play_rounds(rounds: int, tmp: Path, server: HTTPTestServer) -> list[str]:
    tone = make_tone(tmp / "tone.mp3", 440.0, 60.0, rate=22050)
    url = server.url("/tone.mp3")
    server.file("/tone.mp3", tone.read_bytes())
    template = tmp / "play-template"
    library = Library.open(template)
    podcast = library.subscribe(server.url("/play.xml"))
    episode = ParsedEpisode(
        title="Tone", guid="tone", published=1, duration=60, enclosure_url=url,
        enclosure_type="audio/mpeg",
    )  # fmt: skip
    library.store_feed(podcast.id, ParsedFeed(title="Play", episodes=[episode]))
    library.close()
    rng = random.Random(11)
    losses: list[float] = []
    problems: list[str] = []
    for number in range(rounds):
        data_dir = tmp / f"play{number}"
        shutil.copytree(template, data_dir)
        out = tmp / f"play{number}.wav"
        child = subprocess.Popen(
            [sys.executable, __file__, "--play-child", str(data_dir), str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        target = rng.uniform(6.0, 20.0)
        deadline = time.monotonic() + 60
        while written_seconds(out) < target and time.monotonic() < deadline:
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait()
        played = written_seconds(out)
        check = integrity(data_dir)
        with sqlite3.connect(data_dir / "library.db") as db:
            saved = db.execute("SELECT position FROM episodes").fetchone()[0]
        loss = played - saved
        losses.append(loss)
        print(
            f"  playing, killed at {played:5.2f} s of audio: saved {saved:5.2f} s,"
            f" lost {loss:4.2f} s, integrity {check}"
        )
        if check != "ok":
            problems.append(f"play round {number + 1}: integrity {check}")
    print(
        f"kill -9 while playing, {rounds} rounds: position lost median"
        f" {statistics.median(losses):.2f} s, max {max(losses):.2f} s"
    )
    return problems


def refresh_rounds(rounds: int, tmp: Path, server: HTTPTestServer) -> list[str]:
    feeds = 60
    template = tmp / "refresh-template"
    library = Library.open(template)
    for n in range(feeds):
        url = server.url(f"/k{n}.xml")
        podcast = library.subscribe(url)
        library.store_feed(podcast.id, parse_feed(small_feed(f"Show {n}"), url))
        server.route(f"/k{n}.xml", edited_feed(n))
    library.close()
    whole = tmp / "refresh-whole"
    shutil.copytree(template, whole)
    started = time.monotonic()
    refresh(whole).wait()
    took = time.monotonic() - started
    problems: list[str] = []
    partial = 0
    for number in range(rounds):
        data_dir = tmp / f"refresh{number}"
        shutil.copytree(template, data_dir)
        proc = refresh(data_dir)
        time.sleep(took * (number + 0.5) / rounds)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        check = integrity(data_dir)
        with sqlite3.connect(data_dir / "library.db") as db:
            rows = db.execute(
                "SELECT p.title, COUNT(e.id) FROM podcasts p"
                " LEFT JOIN episodes e ON e.podcast_id = p.id GROUP BY p.id"
            ).fetchall()
        new = sum(title.startswith("v2 ") for title, _count in rows)
        half = [t for t, c in rows if (t.startswith("v2 "), c) not in ((False, 3), (True, 403))]
        partial += 0 < new < feeds
        if check != "ok" or half:
            problems.append(f"refresh round {number + 1}: integrity {check}, half stored {half}")
    print(
        f"kill -9 during a refresh of {feeds} feeds ({took:.1f} s unkilled), {rounds} rounds:"
        f" {partial} cut mid-refresh, {len(problems)} with a problem"
    )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--play-rounds", type=int, default=8)
    parser.add_argument("--refresh-rounds", type=int, default=20)
    parser.add_argument("--play-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.play_child:
        asyncio.run(child_play(*args.play_child))
        return 0
    print(f"machine: {machine()}, load {load()}")
    with tempfile.TemporaryDirectory() as scratch, HTTPTestServer() as server:
        tmp = Path(scratch)
        problems = refresh_rounds(args.refresh_rounds, tmp, server)
        problems += play_rounds(args.play_rounds, tmp, server)
    for problem in problems:
        print(problem)
    print(f"load average at the end: {load()}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
