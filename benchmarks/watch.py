"""What noticing other processes' writes costs the app at 100,000 episodes.

Run: ``.venv/bin/python benchmarks/watch.py [--keep DIR]`` (``DIR`` as ``benchmarks/ui.py
--keep`` builds it: 100,000 episodes, 40 podcasts).

Measures, on that library:

- the poll: ``Library.data_version(wait=False)``, what the app runs on its main thread once
  a second (mean over 20,000 calls);
- ``read_changes`` (in a thread in the app) when another connection changed nothing, one
  episode's played mark, or added a 250-episode podcast; against a full rebuild
  (``EpisodeIndex.from_library`` + ``Library.podcasts``);
- in the real app (``App.run_test``, 160x48): the frames handed to the driver over 5 s
  with nothing changing, and the time from a real ``podtui add`` process's exit until
  the new podcast is in the sidebar and its episodes are counted in the table, with the
  main thread's share (applying the changes) and the frames that showed it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load, machine
from ui import MIGRATIONS, build_library, library_state

from tests.httpserver import HTTPTestServer
from tui.core.library import Library
from tui.core.search import EpisodeIndex
from tui.core.watch import read_changes

ROOT = Path(__file__).resolve().parents[1]


def rss(name: str, items: int) -> bytes:
    body = "".join(
        f"<item><title>{name} {n}</title><guid>{name}-{n}</guid>"
        f"<pubDate>Mon, 0{n % 9 + 1} Jun 2026 06:00:00 +0000</pubDate>"
        f"<description>notes of {name} {n}</description>"
        f'<enclosure url="http://127.0.0.1:9/{n}.mp3" type="audio/mpeg"/></item>'
        for n in range(items)
    )
    return f"<rss version='2.0'><channel><title>{name}</title>{body}</channel></rss>".encode()


def best_of(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def measure_core(data_dir: Path, server: HTTPTestServer) -> None:
    app = Library.open(data_dir)
    index = EpisodeIndex.from_library(app)
    shown = {podcast.id: podcast for podcast in app.podcasts()}
    calls = 20_000
    started = time.perf_counter()
    for _ in range(calls):
        app.data_version(wait=False)
    poll = (time.perf_counter() - started) / calls
    print(f"poll (data_version, nothing changed): {poll * 1e6:.1f} µs per call")
    same = best_of(lambda: read_changes(app, index, shown))
    print(f"read_changes, nothing changed: {same * 1000:.0f} ms")
    other = Library.open(data_dir)
    first = index.ids[0]
    played = bool(index.played[0])
    other.set_played([first], not played)
    status = best_of(lambda: read_changes(app, index, shown))
    other.set_played([first], played)
    print(f"read_changes, one played mark: {status * 1000:.0f} ms (statuses updated in place)")
    podcast = other.subscribe(server.url("/bench-added.xml"))
    from tui.core.feeds.parse import parse_feed

    other.store_feed(podcast.id, parse_feed(rss("Added", 250), server.url("/bench-added.xml")))
    added = best_of(lambda: read_changes(app, index, shown))
    other.remove_podcast(podcast.id)
    other.close()
    print(f"read_changes, a 250-episode podcast added: {added * 1000:.0f} ms (index merged)")
    full = best_of(lambda: (EpisodeIndex.from_library(app), app.podcasts()))
    print(f"full rebuild for comparison (from_library + podcasts): {full * 1000:.0f} ms")
    app.close()


async def measure_app(data_dir: Path, server: HTTPTestServer, adds: int) -> None:
    from tui.ui.app import PodtuiApp
    from tui.ui.screens.main import MainScreen

    app = PodtuiApp(data_dir)
    frames: list[float] = []
    display = app._display

    def counted(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = counted  # type: ignore[method-assign]
    applied: list[float] = []
    apply_delta = MainScreen._apply_delta

    def timed_apply(self: MainScreen, delta: Any) -> None:
        started = time.perf_counter()
        apply_delta(self, delta)
        applied.append(time.perf_counter() - started)

    MainScreen._apply_delta = timed_apply  # type: ignore[method-assign]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    async with app.run_test(size=(160, 48)) as pilot:
        while not (app.library is not None and app.main_screen.ready):
            await asyncio.sleep(0.05)
        await asyncio.sleep(3)  # the first frames, the notes indexing settled
        frames.clear()
        await asyncio.sleep(5)
        print(f"app idle 5 s with the poll running: {len(frames)} frames written")
        main = app.main_screen
        latencies = []
        for n in range(adds):
            name = f"Added {n}"
            server.route(f"/added{n}.xml", rss(name, 250))
            before = len(main.browser.index)
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tui", "--data-dir", str(data_dir), "add",
                server.url(f"/added{n}.xml"), env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            await proc.wait()
            exited = time.perf_counter()
            applied.clear()
            frames.clear()
            while not (
                any(p.title == name for p in main.podcast_list.podcasts)
                and len(main.browser.index) == before + 250
            ):
                await asyncio.sleep(0.005)
            await pilot.pause()
            shown = frames[0] if frames else time.perf_counter()
            latencies.append(shown - exited)
            print(
                f"  podtui add #{n + 1}: shown {shown - exited:.2f} s after the process exited"
                f" (main thread {sum(applied) * 1000:.0f} ms applying it)"
            )
        print(
            f"podtui add -> shown: median {statistics.median(latencies):.2f} s,"
            f" max {max(latencies):.2f} s over {adds} adds"
        )
    MainScreen._apply_delta = apply_delta  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--keep", type=Path, help="the library dir (built if missing)")
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--adds", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine()}, load {load()}")
    with tempfile.TemporaryDirectory() as scratch, HTTPTestServer() as server:
        data_dir = args.keep or Path(scratch) / "data"
        if library_state(data_dir) != (len(MIGRATIONS), args.episodes):
            print(f"building a {args.episodes:,}-episode library ...")
            build_library(data_dir, args.episodes, 40)
        # The app's adds are kept out of a reused library: work on a copy.
        work = Path(scratch) / "work"
        work.mkdir()
        library = Library.open(data_dir)
        library.checkpoint()
        library.close()
        for path in data_dir.iterdir():
            if path.name.startswith("library.db"):
                (work / path.name).write_bytes(path.read_bytes())
        measure_core(work, server)
        asyncio.run(measure_app(work, server, args.adds))
    print(f"load average at the end: {load()}")


if __name__ == "__main__":
    main()
