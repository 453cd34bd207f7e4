"""UI benchmark: the real podtui app over a 100,000-episode library, headless.

Run: ``.venv/bin/python benchmarks/ui.py [--episodes 100000] [--podcasts 40] [--keep DIR]``

Builds a library of synthetic feeds in a child process (stored through
``Library.store_feed``, notes indexed for search, a third of the episodes played, some
started and queued; ``--keep DIR`` builds it once and reuses it), then runs
``tui.ui.app.PodtuiApp`` on it with ``App.run_test`` (160x48) and measures:

- time to the first table: from the app's construction until a frame holding the episode
  table's rows from the library is out. The app paints its first frame with an empty table,
  then opens the library and builds the episode index in a thread; only a frame whose
  table shows rows of that index counts;
- per-keystroke filter latency (p50/p95/max) over a typed query sequence (``/``, words,
  ``podcast:``, ``is:unplayed``, ``after:``, ``-is:played``, ``longer:``, backspaces,
  Escape): from the key press until the frame in which the table shows the state that key
  produced (its rows, cursor and scroll position). Keys go one at a time through
  ``Pilot.press``, the next once the app is idle again (about ten keys a second); the full
  garbage collections that fell inside those waits are counted and shown;
- page-down latency, the same way;
- peak memory of this process (VmHWM), which only ever ran the app.

A frame counts when the app hands it to its driver. The headless driver writes nothing, so
the benchmark also turns each frame into the terminal's escape sequences, as the real
driver does, to count that cost too.

In the same run, in another child process, Textual's stock ``DataTable`` is timed on the
same rows (title, podcast, date, length as the episode table shows them): from a minimal
app's construction (rows read and formatted beforehand) until its first frame with rows,
given at most ``--stock-limit`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import contextlib
import gc
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load, machine

from tui.core.library import Library
from tui.core.library.schema import MIGRATIONS
from tui.core.models import ParsedEpisode, ParsedFeed

EPOCH = calendar.timegm((2026, 11, 1, 0, 0, 0))
"""The newest episode's date, so that the library (and the after: filters) do not drift."""

TOPICS = [
    "neural",
    "network",
    "training",
    "data",
    "science",
    "machine",
    "learning",
    "deep",
    "model",
    "inference",
    "graph",
    "python",
    "rust",
    "database",
    "privacy",
    "security",
    "cloud",
    "edge",
    "compute",
    "statistics",
    "bayesian",
    "regression",
    "vision",
    "language",
    "transformer",
    "attention",
    "quantum",
    "biology",
    "climate",
    "energy",
    "economics",
    "startup",
    "product",
    "design",
    "ethics",
    "fairness",
    "robotics",
    "sensor",
    "audio",
    "music",
    "history",
]
ACCENTED = ["café", "naïve", "résumé", "Zürich", "señor", "façade", "über", "coöperation"]
WIDE = ["数据科学", "機械学習", "🎙️", "🚀", "📊", "データ"]
PODCAST_NAMES = [
    "Data Science at Home",
    "Talking Machines",
    "Linear Digressions",
    "The Changelog",
    "Café Science",
    "Lex Fridman",
    "Practical AI",
    "Software Engineering Daily",
    "Hanselminutes",
    "Syntax",
    "Python Bytes",
    "Talk Python",
    "Rustacean Station",
    "Security Now",
    "Darknet Diaries",
    "Planet Money",
    "Freakonomics",
    "Radiolab",
    "99% Invisible",
    "Hidden Brain",
    "Science Vs",
    "The Daily",
    "Reply All",
    "Startup",
    "Song Exploder",
    "Twenty Thousand Hertz",
    "StarTalk",
    "Ologies",
    "Stuff You Should Know",
    "Revisionist History",
    "Cortex",
    "Accidental Tech Podcast",
    "The Vergecast",
    "Hard Fork",
    "Decoder",
    "Search Engine",
    "Acquired",
    "Invest Like the Best",
    "Dwarkesh Podcast",
    "Machine Learning Street Talk",
]


def _syllable_words(rng: random.Random, count: int) -> list[str]:
    syllables = [
        "ka",
        "lo",
        "mi",
        "ne",
        "ra",
        "to",
        "su",
        "vi",
        "de",
        "pa",
        "ri",
        "zo",
        "ta",
        "fe",
        "gu",
        "ni",
        "bo",
        "le",
        "ma",
        "co",
    ]
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_feeds(episodes: int, podcasts: int, seed: int = 7) -> list[ParsedFeed]:
    """Synthetic feeds: titles mixing topic words, filler, accents and some wide chars."""
    rng = random.Random(seed)
    filler = _syllable_words(rng, 3000)
    vocabulary = TOPICS * 8 + filler  # topic words are common
    per = episodes // podcasts
    now = EPOCH
    feeds = []
    for p in range(podcasts):
        name = PODCAST_NAMES[p % len(PODCAST_NAMES)] + (
            f" {p // len(PODCAST_NAMES) + 1}" if p >= len(PODCAST_NAMES) else ""
        )
        items = []
        count = per + (1 if p < episodes % podcasts else 0)
        for i in range(count):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(3, 8))]
            if rng.random() < 0.05:
                words.insert(rng.randint(0, len(words)), rng.choice(ACCENTED))
            if rng.random() < 0.02:
                words.append(rng.choice(WIDE))
            title = f"{i + 1}: " + " ".join(words).capitalize()
            body = " ".join(rng.choice(vocabulary) for _ in range(70))
            notes = (
                f"<p>{body[:250]}</p><p>Links: <a href='https://example.com/{p}/{i}'>show"
                f" page</a> &amp; {body[250:420]}</p>"
            )
            items.append(
                ParsedEpisode(
                    title=title,
                    guid=f"urn:bench:{p}:{i}",
                    published=now - (count - i) * 86400 // 3 - p * 3600,
                    duration=rng.randint(300, 3 * 3600) if rng.random() > 0.02 else None,
                    enclosure_url=f"https://media.example.com/{p}/{i}.mp3",
                    enclosure_type="audio/mpeg",
                    notes=notes,
                )
            )
        items.reverse()  # feeds list newest first
        feeds.append(ParsedFeed(title=name, link=f"https://example.com/{p}", episodes=items))
    return feeds


def build_library(root: Path, episodes: int, podcasts: int) -> dict[str, float]:
    """Create the library in ``root``; returns timings."""
    feeds = make_feeds(episodes, podcasts)
    library = Library.open(root)
    started = time.perf_counter()
    for p, feed in enumerate(feeds):
        podcast = library.subscribe(f"https://feeds.example.com/{p}.xml")
        library.store_feed(podcast.id, feed)
    stored = time.perf_counter() - started
    started = time.perf_counter()
    while library.index_notes(2000):
        pass
    indexed = time.perf_counter() - started
    rng = random.Random(3)
    ids = library.episode_ids()
    library.set_played(rng.sample(ids, len(ids) // 3))
    for episode_id in rng.sample(ids, min(200, len(ids))):
        library.save_position(episode_id, rng.randint(10, 600))
    library.queue_add(rng.sample(ids, min(30, len(ids))))
    library.close()
    return {"store": stored, "index_notes": indexed}


def library_state(data_dir: Path) -> tuple[int, int] | None:
    """(schema version, episodes) of the library in ``data_dir``; None if there is none."""
    from tui.core.paths import database_path

    path = database_path(data_dir)
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            count = db.execute("SELECT COUNT(*) FROM episodes").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return (-1, -1)
    return version, count


# -- measuring frames ---------------------------------------------------------------------


@dataclass
class Probe:
    """The frames an app handed to its driver in which a table painted rows."""

    frames: list[tuple[float, tuple]] = field(default_factory=list)
    pending: tuple | None = None  # the table state last painted, not yet in a frame
    first: float | None = None  # when the first frame went out
    encode_seconds: float = 0.0
    encoded_bytes: int = 0

    def frame_since(self, start: float, wanted: Callable[[tuple], bool]) -> float | None:
        """When the first frame after ``start`` showing a ``wanted`` table state went out."""
        found = None
        for when, shown in reversed(self.frames):
            if when < start:
                break
            if wanted(shown):
                found = when
        return found


def instrument(app: Any, table_class: type, state: Callable[[Any], tuple | None]) -> Probe:
    """Record, for every frame of ``app``, the state of ``table_class`` it painted: ``state``
    of the table when it rendered a line below its header (None: nothing to record)."""
    from textual._compositor import CompositorUpdate

    probe = Probe()
    render_line = table_class.render_line

    def probed_render_line(self: Any, y: int) -> Any:
        strip = render_line(self, y)
        if y >= 1:
            shown = state(self)
            if shown is not None:
                probe.pending = shown
        return strip

    table_class.render_line = probed_render_line
    display = app._display

    def probed_display(screen: Any, renderable: Any) -> None:
        held = app._batch_count  # a frame inside a batch is dropped
        display(screen, renderable)
        if renderable is None or held:
            return
        if probe.first is None:
            probe.first = time.perf_counter()
        if app.is_headless and isinstance(renderable, CompositorUpdate):
            # What the terminal driver would do with the frame (the headless one skips it).
            started = time.perf_counter()
            probe.encoded_bytes += len(renderable.render_segments(app.console).encode())
            probe.encode_seconds += time.perf_counter() - started
        if probe.pending is not None:
            probe.frames.append((time.perf_counter(), probe.pending))
            probe.pending = None

    app._display = probed_display
    return probe


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# -- the real app -------------------------------------------------------------------------


def typed(text: str) -> list[str]:
    return list(text)


# Typed one key at a time, as a user would: words, then filter tokens (each shows its
# intermediate states: "p", "po", ... "podcast:", "podcast:d", ...), corrections, Escape.
TYPED: list[str] = [
    "slash",
    *typed("neural"),
    *typed(" network"),
    *typed(" podcast:data"),
    *typed(" is:unplayed"),
    *["backspace"] * 12,  # back to "neural network podcast:data"
    *typed(" after:2025"),
    *["backspace"] * 25,  # back to "neural network"
    *["backspace"] * 8,  # back to "neural"
    "escape",
    "slash",
    *typed("café"),
    *typed(" -is:played"),
    "escape",
    "slash",
    *typed("machine learning"),
    *typed(" longer:1h"),
    "escape",
]


async def measure_app(
    data_dir: Path, width: int, height: int, service: str = "off"
) -> dict[str, Any]:
    started = time.perf_counter()
    from tui.core.search import EpisodeIndex
    from tui.ui.app import PodtuiApp
    from tui.ui.screens.main import MainScreen
    from tui.ui.widgets.episode_browser import EpisodeBrowser
    from tui.ui.widgets.episode_table import EpisodeTable

    result: dict[str, Any] = {"imports": time.perf_counter() - started}
    marks: dict[str, float] = {}

    open_library = Library.open.__func__  # type: ignore[attr-defined]

    def timed_open(cls: type, root: Path) -> Library:
        marks.setdefault("open_start", time.perf_counter())
        return open_library(cls, root)

    Library.open = classmethod(timed_open)  # type: ignore[method-assign, assignment]
    from_library = EpisodeIndex.from_library.__func__  # type: ignore[attr-defined]

    def timed_from_library(cls: type, library: Library) -> EpisodeIndex:
        marks.setdefault("index_start", time.perf_counter())
        index = from_library(cls, library)
        marks.setdefault("index_built", time.perf_counter())
        return index

    EpisodeIndex.from_library = classmethod(timed_from_library)  # type: ignore[method-assign]
    show_library = MainScreen.show_library

    def timed_show_library(self: MainScreen, *args: Any) -> None:
        marks.setdefault("shown_start", time.perf_counter())
        show_library(self, *args)
        marks.setdefault("shown", time.perf_counter())

    MainScreen.show_library = timed_show_library  # type: ignore[method-assign]

    def table_state(table: EpisodeTable) -> tuple | None:
        if table.index is None:  # the library is not open yet
            return None
        return (table.rows, table.cursor, int(table.scroll_y))

    collections: list[tuple[float, float]] = []  # full (generation 2) garbage collections

    def collected(phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                collections.append((time.perf_counter(), 0.0))
            elif collections:
                collections[-1] = (collections[-1][0], time.perf_counter())

    gc.collect()
    gc.callbacks.append(collected)
    started = time.perf_counter()
    app = PodtuiApp(data_dir, service=_connector(data_dir) if service != "off" else None)
    probe = instrument(app, EpisodeTable, table_state)
    timeout = 60.0
    async with app.run_test(size=(width, height)) as pilot:
        # The first frame with the library's rows.
        while True:
            first_rows = probe.frame_since(started, lambda shown: len(shown[0]) > 0)
            if first_rows is not None:
                break
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"the episode table showed no rows within {timeout:.0f} s")
            await asyncio.sleep(0.001)
        result["first_table"] = first_rows - started
        assert probe.first is not None
        marks["first_frame"] = probe.first
        result["marks"] = {name: when - started for name, when in marks.items()}
        browser = app.query_one(EpisodeBrowser)
        table = browser.table
        result["episodes"] = table.row_count
        await pilot.pause()

        async def press(key: str) -> float:
            """Seconds from the key press until a frame showed what it did to the table."""
            before = time.perf_counter()
            await pilot.press(key)
            after = table_state(table)

            def wanted(shown: tuple) -> bool:
                return after is not None and shown[0] is after[0] and shown[1:] == after[1:]

            deadline = before + 2.0
            while (when := probe.frame_since(before, wanted)) is None:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"no frame showed the result of {key!r} within 2 s")
                await asyncio.sleep(0.001)
            return when - before

        keys: list[tuple[str, str, int, float, float]] = []  # key, text, rows, seconds, when
        for key in TYPED:
            when = time.perf_counter()
            seconds = await press(key)
            keys.append((key, browser.query_text, table.row_count, seconds, when))
        result["keys"] = keys
        typing = (keys[0][4], keys[-1][4] + keys[-1][3])
        table.focus()
        await pilot.pause()
        scrolls = []
        for _ in range(50):
            scrolls.append(await press("pagedown"))
        result["pages"] = scrolls
        result["collections"] = [
            (begin, end) for begin, end in collections if typing[0] <= begin <= typing[1]
        ]
        result["cursor"] = table.cursor
        result["encode"] = (probe.encode_seconds, probe.encoded_bytes)
        result["rss_mb"] = current_rss_mb()
    gc.callbacks.remove(collected)
    gc.collect()
    result["vmhwm_mb"] = peak_rss_mb()
    return result


# -- Textual's DataTable, for comparison ---------------------------------------------------

STOCK_COLUMNS = ("Title", "Podcast", "Date", "Length")


def stock_rows(data_dir: Path) -> list[tuple[str, str, str, str]]:
    """The library's episodes as the episode table shows them: title, podcast, date, length."""
    from tui.core.search import UNKNOWN_TIME
    from tui.core.text import format_duration
    from tui.ui.widgets.table_rows import format_date

    library = Library.open(data_dir)
    try:
        names = library.podcast_titles()
        return [
            (title, names.get(podcast_id, ""), format_date(published), format_duration(duration))
            for _, podcast_id, title, published, duration, *_ in library.episode_rows(
                unknown_time=UNKNOWN_TIME
            )
        ]
    finally:
        library.close()


async def measure_stock(data_dir: Path, width: int, height: int, limit: float) -> dict:
    """A minimal app with a stock DataTable filled with the library's rows in ``on_mount``:
    from construction to the first frame with rows (the process ends at ``limit`` s)."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    rows = stock_rows(data_dir)
    result: dict[str, Any] = {"rows": len(rows), "rss_before_mb": current_rss_mb()}
    marks: dict[str, float] = {}

    class StockTable(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            marks["add_start"] = time.perf_counter()
            table.add_columns(*STOCK_COLUMNS)
            table.add_rows(rows)
            marks["added"] = time.perf_counter()

    def report(**more: Any) -> None:
        result.update(more)
        result["marks"] = {name: when - started for name, when in marks.items()}
        result["vmhwm_mb"] = peak_rss_mb()
        print(json.dumps(result), flush=True)

    def watchdog() -> None:
        time.sleep(limit)
        report(timeout=limit)
        os._exit(0)

    gc.collect()
    started = time.perf_counter()
    threading.Thread(target=watchdog, daemon=True).start()
    app = StockTable()
    probe = instrument(app, DataTable, lambda table: (table.row_count,))
    async with app.run_test(size=(width, height)):
        while (when := probe.frame_since(started, lambda shown: shown[0] > 0)) is None:
            await asyncio.sleep(0.001)
        assert probe.first is not None
        marks["first_frame"] = probe.first
        report(first_table=when - started)
        os._exit(0)  # leaving the app costs seconds with 100,000 rows; not measured
    return result


# -- report ---------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def spread(values: list[float]) -> str:
    p95 = statistics.quantiles(values, n=20, method="inclusive")[18]
    return f"p50 {ms(statistics.median(values))}, p95 {ms(p95)}, max {ms(max(values))}"


def show_key(key: str) -> str:
    return {"space": "␣", "backspace": "⌫", "escape": "Esc", "slash": "/"}.get(key, key)


def report_app(result: dict[str, Any], width: int, height: int) -> None:
    marks = result["marks"]
    print(f"podtui (tui.ui.app.PodtuiApp, {width}x{height}, headless):")
    print(f"  imports before construction (not counted)  {ms(result['imports'])}")
    print(f"  first table with rows                      {ms(result['first_table'])}")
    print(f"    first frame (empty table)                {ms(marks['first_frame'])}")
    if "index_start" in marks:
        print(
            f"    Library.open (thread)                    {ms(marks['open_start'])}"
            f" .. {ms(marks['index_start'])}"
        )
        print(
            f"    EpisodeIndex.from_library (thread)       {ms(marks['index_start'])}"
            f" .. {ms(marks['index_built'])}"
        )
    if "shown_start" in marks:
        print(
            f"    table filled (show_library)              {ms(marks['shown_start'])}"
            f" .. {ms(marks['shown'])}"
        )
    print(f"  episodes shown                             {result['episodes']:,}")
    keys = [entry for entry in result["keys"] if entry[0] != "slash"]
    print(f"  filter keystroke, {len(keys)} keys:".ljust(45) + spread([k[3] for k in keys]))
    print("    slowest:")
    for key, text, rows, seconds, _ in sorted(keys, key=lambda entry: -entry[3])[:6]:
        print(f"      {ms(seconds):>9}  {show_key(key):4} -> {text!r} ({rows:,} rows)")
    collections = result["collections"]
    if collections:
        pauses = [end - begin for begin, end in collections]
        waits = [
            sum(end - begin for begin, end in collections if when <= begin <= when + seconds)
            for *_, seconds, when in keys
        ]
        hit = sum(1 for wait in waits if wait)
        print(
            f"    full garbage collections while typing: {len(pauses)},"
            f" {ms(min(pauses))}..{ms(max(pauses))} each; in the wait of {hit} keys"
        )
        print(
            "    the same keys without those pauses     "
            + spread([entry[3] - wait for entry, wait in zip(keys, waits, strict=True)])
        )
    escapes = [entry[3] for entry in keys if entry[0] == "escape"]
    print(f"    Escape (whole list back)                 {', '.join(map(ms, escapes))}")
    focus = [entry[3] for entry in result["keys"] if entry[0] == "slash"]
    print(f"  / (focus the filter; not in the above)     {', '.join(map(ms, focus))}")
    print(f"  page down x{len(result['pages'])}".ljust(45) + spread(result["pages"]))
    encode, size = result["encode"]
    print(
        f"  frames encoded for the terminal            {size / 1e6:.2f} MB in {ms(encode)}"
        " over the whole run (included above)"
    )
    print(
        f"  peak memory (VmHWM)                        {result['vmhwm_mb']:.0f} MB"
        f" (RSS at the end {result['rss_mb']:.0f} MB)"
    )


def report_stock(stock: dict[str, Any]) -> None:
    marks = stock.get("marks", {})
    print(f"Textual DataTable, the same {stock['rows']:,} rows ({', '.join(STOCK_COLUMNS)}):")
    if "first_table" in stock:
        print(f"  first table with rows                      {ms(stock['first_table'])}")
    else:
        print(f"  first table with rows                      none within {stock['timeout']:.0f} s")
    if "add_start" in marks:
        done = ms(marks["added"]) if "added" in marks else "not done"
        print(f"    add_columns + add_rows (on_mount)        {ms(marks['add_start'])} .. {done}")
    if "first_frame" in marks:
        print(f"    first frame                              {ms(marks['first_frame'])}")
    print(
        f"  peak memory (VmHWM)                        {stock['vmhwm_mb']:.0f} MB"
        f" ({stock['rss_before_mb']:.0f} MB before the app, rows in memory)"
    )


def _connector(data_dir: Path) -> Callable[[], Any]:
    """The app's way to the data dir's player service (started when none runs)."""
    from tui.service.launcher import ensure_service, service_command

    command = service_command(data_dir, vlc_options=["--aout=adummy"])
    return lambda: ensure_service(data_dir, command)


def _service(data_dir: Path, mode: str) -> None:
    """``running``: a service answers before the app starts; ``absent``: none runs (the
    app starts one); ``off``: the app plays by itself."""
    from tui.service.client import NotRunning, ServiceClient
    from tui.service.launcher import stop_service

    with contextlib.suppress(NotRunning):
        stop_service(ServiceClient.connect(data_dir, check_version=False), data_dir)
    if mode == "running":
        _connector(data_dir)().close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--podcasts", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the library in this dir")
    parser.add_argument("--size", default="160x48", help="terminal size (default 160x48)")
    parser.add_argument(
        "--stock-limit",
        type=float,
        default=60.0,
        help="seconds the stock DataTable gets to show its rows (0: skip it; default 60)",
    )
    parser.add_argument(
        "--service",
        choices=("off", "running", "absent"),
        default="off",
        help="the app plays by itself (off), through a running service, or starts one",
    )
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--stock", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    width, height = map(int, args.size.lower().split("x"))
    if args.build_only:
        timings = build_library(args.keep, args.episodes, args.podcasts)
        print(
            f"  stored in {timings['store']:.1f} s, notes indexed in {timings['index_notes']:.1f} s"
        )
        return
    if args.stock:
        asyncio.run(measure_stock(args.keep, width, height, args.stock_limit))
        return
    print(f"machine: {machine('Textual ' + version('textual'))}")
    print(f"load average at the start: {load()}")
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.keep or Path(scratch) / "data"
        state = library_state(data_dir)
        if state is not None and state != (len(MIGRATIONS), args.episodes):
            print(
                f"the library in {data_dir} has schema {state[0]} and {state[1]:,} episodes"
                f" (wanted {len(MIGRATIONS)} and {args.episodes:,}): building it again"
            )
            from tui.core.paths import database_path

            for suffix in ("", "-wal", "-shm"):
                Path(f"{database_path(data_dir)}{suffix}").unlink(missing_ok=True)
            state = None
        if state is None:
            print(f"building a {args.episodes:,}-episode library ({args.podcasts} podcasts) ...")
            # In a child process, so that building does not count in this one's memory.
            command = [sys.executable, __file__, "--build-only", "--keep", str(data_dir)]
            command += ["--episodes", str(args.episodes), "--podcasts", str(args.podcasts)]
            subprocess.run(command, check=True)
        print(f"library: {args.episodes:,} episodes, {args.podcasts} podcasts")
        print()
        _service(data_dir, args.service)
        print(f"player service: {args.service}")
        result = asyncio.run(measure_app(data_dir, width, height, args.service))
        _service(data_dir, "off")
        report_app(result, width, height)
        if args.stock_limit > 0:
            command = [sys.executable, __file__, "--stock", "--keep", str(data_dir)]
            command += ["--size", args.size, "--stock-limit", str(args.stock_limit)]
            done = subprocess.run(
                command, check=True, capture_output=True, text=True, timeout=args.stock_limit + 300
            )
            print()
            report_stock(json.loads(done.stdout.strip().splitlines()[-1]))
    print()
    print(f"load average at the end: {load()}")


if __name__ == "__main__":
    main()
