"""Transcript benchmark: how long a 3-hour transcript (5,000 cues) takes to open.

Run: ``.venv/bin/python benchmarks/transcript.py [--cues 5000] [--repeat 7]``

A WebVTT transcript of ``--cues`` cues (three speakers taking turns, 8 to 30 words a cue,
2.16 s apart: 5,000 cues are 3 hours) is served by a loopback HTTP server for one episode
of a fresh library. The real podtui app runs headless (``App.run_test``, 80x24 and
160x48, in-memory player) and the benchmark measures, from the key press (``T``) until
the app hands its driver the first frame showing the transcript's cues:

- the first open, when the transcript is fetched over loopback HTTP, parsed and kept;
- every later open, from the library (what a user has each time after the first).

It also times the parts alone: parsing the file, storing the cues, reading them back,
and laying them out in lines for an 80-column view. Best and median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.httpserver import HTTPTestServer  # noqa: E402
from tui.core.config import Config  # noqa: E402
from tui.core.library import Library  # noqa: E402
from tui.core.models import ParsedEpisode, ParsedFeed  # noqa: E402
from tui.core.transcripts.parse import parse_transcript  # noqa: E402
from tui.player.memory import InMemoryPlayer  # noqa: E402
from tui.ui.app import PodtuiApp  # noqa: E402
from tui.ui.screens.transcript import TranscriptScreen  # noqa: E402
from tui.ui.widgets.transcript_lines import GUTTER, lay_out  # noqa: E402

WORDS = tuple(
    " ".join(
        (
            "the a podcast episode listener microphone story question answer we you they",
            "think really maybe because about interesting people data science terminal",
            "sound voice recording studio coffee morning evening history future never",
        )
    ).split(" ")
)
SPEAKERS = ("Ada Lovelace", "Grace Hopper", "Katherine Johnson")


def stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def make_vtt(cues: int) -> bytes:
    lines = ["WEBVTT", ""]
    for n in range(cues):
        start = n * 2.16
        count = 8 + (n * 7) % 23
        text = " ".join(WORDS[(n * 13 + i * 5) % len(WORDS)] for i in range(count))
        lines += [
            str(n + 1),
            f"{stamp(start)} --> {stamp(start + 2.1)}",
            f"<v {SPEAKERS[(n // 3) % 3]}>{text.capitalize()}.",
            "",
        ]
    return "\n".join(lines).encode()


def make_library(root: Path, url: str) -> None:
    library = Library.open(root)
    try:
        show = library.subscribe("https://example.com/feed.xml")
        episode = ParsedEpisode(
            title="A three-hour conversation",
            guid="long",
            published=calendar.timegm((2024, 1, 1, 0, 0, 0, 0, 0, 0)),
            duration=3 * 3600,
            enclosure_url="https://example.com/long.mp3",
            transcript_url=url,
            transcript_type="text/vtt",
        )
        library.store_feed(show.id, ParsedFeed(title="Long talks", episodes=[episode]))
    finally:
        library.close()


def timed(step: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return times


async def open_times(root: Path, size: tuple[int, int], repeat: int, cues: int) -> list[float]:
    """Milliseconds from T until the first frame showing the cues, ``repeat`` times in
    one app (the first may fetch)."""
    app = PodtuiApp(root, Config(), player=InMemoryPlayer())
    frames: list[float] = []
    display = app._display

    def probed(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        shown = app.screen
        view = shown.view if isinstance(shown, TranscriptScreen) else None
        if view is not None and len(view.cues) == cues and view.lines is not None:
            frames.append(time.perf_counter())

    app._display = probed  # type: ignore[method-assign]
    results: list[float] = []
    async with app.run_test(size=size) as pilot:
        while not (app.library is not None and app.main_screen.ready):
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        for _ in range(repeat):
            frames.clear()
            start = time.perf_counter()
            await pilot.press("T")
            while not frames:
                await asyncio.sleep(0.001)
            results.append((frames[0] - start) * 1000)
            await pilot.press("escape")
            while isinstance(app.screen, TranscriptScreen):
                await pilot.pause(0.01)
            await pilot.pause(0.1)
    return results


def summary(name: str, times: list[float]) -> str:
    return f"| {name:<46} | {min(times):7.1f} ms | {statistics.median(times):7.1f} ms |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cues", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    body = make_vtt(args.cues)
    print(
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"{args.cues} cues, {len(body) / 1024:.0f} KB of WebVTT\n")
    rows = []
    found, cues = parse_transcript(body, "text/vtt")
    assert len(cues) == args.cues, len(cues)
    rows.append(
        summary("parse the WebVTT file", timed(lambda: parse_transcript(body), args.repeat))
    )
    with (
        tempfile.TemporaryDirectory(prefix="podtui-transcript-bench-") as tmp,
        HTTPTestServer() as server,
    ):
        server.route("/long.vtt", body, content_type="text/vtt")
        scratch = Path(tmp) / "scratch"
        make_library(scratch, server.url("/long.vtt"))
        library = Library.open(scratch)
        episode_id = library.episodes()[0].id
        url = server.url("/long.vtt")
        rows.append(
            summary(
                "store the cues (one transaction)",
                timed(lambda: library.store_transcript(episode_id, url, found, cues), args.repeat),
            )
        )
        rows.append(
            summary(
                "read the cues back", timed(lambda: library.transcript(episode_id), args.repeat)
            )
        )
        library.close()
        rows.append(
            summary(
                "lay them out for 80 columns",
                timed(lambda: lay_out(cues, 80, GUTTER), args.repeat),
            )
        )
        for size in ((80, 24), (160, 48)):
            root = Path(tmp) / f"app-{size[0]}"
            make_library(root, url)
            times = asyncio.run(open_times(root, size, args.repeat + 1, args.cues))
            label = f"{size[0]}x{size[1]}"
            rows.append(summary(f"T to cues on screen, fetched ({label}, once)", times[:1]))
            rows.append(summary(f"T to cues on screen, from the library ({label})", times[1:]))
    print(f"| {'step':<46} | {'best':>10} | {'median':>10} |")
    print(f"|{'-' * 48}|{'-' * 12}|{'-' * 12}|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
