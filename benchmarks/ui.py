"""UI benchmark: the episode table and filter with a 100,000-episode library.

Run: ``.venv/bin/python benchmarks/ui.py [--episodes 100000] [--podcasts 40] [--keep DIR]``

Builds a library of synthetic feeds in a temporary data dir (stored through
``Library.store_feed``; notes are ~500 bytes of HTML each, much shorter than real show
notes but enough for the search index), indexes the notes, then measures headless with
``App.run_test``:

- time to the first rendered table: from the app's construction (which opens the library
  and builds the episode index) until the table has painted its first rows;
- per-keystroke filter latency (p50/p95/max) over a typed query sequence;
- 50 page-downs;
- peak memory (VmHWM from /proc/self/status).

It also times storing a 10,000-episode feed with and without the notes-search triggers.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed

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
    now = int(time.time())
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
    ids = [row[0] for row in library.execute("SELECT id FROM episodes")]
    library.set_played(rng.sample(ids, len(ids) // 3))
    for episode_id in rng.sample(ids, min(200, len(ids))):
        library.save_position(episode_id, rng.randint(10, 600))
    library.queue_add(rng.sample(ids, min(30, len(ids))))
    library.close()
    return {"store": stored, "index_notes": indexed}


def ten_thousand_episode_feed() -> tuple[ParsedFeed, str]:
    """A realistic 10,000-episode feed (benchmarks/gen_feed.py through the real parser,
    ~1.5 KB of notes per episode), or the synthetic one if those are missing."""
    try:
        from gen_feed import make_feed

        from tui.core.feeds.parse import parse_feed
    except ImportError:
        return make_feeds(10_000, 1, seed=11)[0], "synthetic feed, ~500 B notes"
    data = make_feed(10_000)
    started = time.perf_counter()
    feed = parse_feed(data)
    took = time.perf_counter() - started
    return feed, f"gen_feed.make_feed(10000), {len(data) / 1e6:.0f} MB, parsed in {took:.2f} s"


def store_costs(feed: ParsedFeed, rounds: int = 5) -> dict[str, float]:
    """Seconds to store ``feed`` into a fresh library (best of ``rounds``): as is, without
    the notes triggers, and without the triggers and the listing index; and the time to
    index its notes afterwards."""
    triggers = [f"DROP TRIGGER episodes_notes_{n}" for n in ("added", "changed", "removed")]
    variants = {
        "schema 2": [],
        "no notes triggers": triggers,
        "no triggers, no listing index": [*triggers, "DROP INDEX episodes_listing"],
    }
    results = {}
    for name, drops in variants.items():
        best = float("inf")
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as folder:
                library = Library.open(Path(folder))
                for statement in drops:
                    library.execute(statement)
                podcast = library.subscribe("https://feeds.example.com/big.xml")
                started = time.perf_counter()
                library.store_feed(podcast.id, feed)
                best = min(best, time.perf_counter() - started)
                if name == "schema 2" and "index_notes" not in results:
                    started = time.perf_counter()
                    while library.index_notes(500):
                        pass
                    results["index_notes"] = time.perf_counter() - started
                library.close()
        results[name] = best
    return results


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def host_app(data_dir: Path):
    """The real app if it can be built with a data dir, else a minimal host; and its name."""
    try:
        from tui.ui.app import PodtuiApp  # type: ignore[import-not-found]

        return PodtuiApp(data_dir=data_dir), "tui.ui.app.PodtuiApp"
    except Exception:
        pass
    from textual.app import App, ComposeResult

    from tui.core.search import EpisodeIndex
    from tui.ui.widgets.episode_browser import EpisodeBrowser

    class Host(App):
        def compose(self) -> ComposeResult:
            library = Library.open(data_dir)
            index = EpisodeIndex.from_library(library)
            yield EpisodeBrowser(index)

    return Host(), "minimal host app (EpisodeBrowser over Library + EpisodeIndex)"


TYPED = [
    *"neural network",
    *" podcast:data",
    *" is:unplayed",
    *["backspace"] * 12,  # back to "neural network podcast:data"
    *["backspace"] * 13,  # back to "neural network"
    "escape",
    "slash",
    *"café",
    "escape",
]


async def measure_ui(data_dir: Path, width: int = 160, height: int = 48) -> dict:
    from tui.ui.widgets.episode_table import EpisodeTable

    started = time.perf_counter()
    app, kind = host_app(data_dir)
    result: dict = {"app": kind}
    async with app.run_test(size=(width, height)) as pilot:
        table = app.query_one(EpisodeTable)
        while not table.painted:
            await asyncio.sleep(0.001)
        result["first_table"] = time.perf_counter() - started
        result["episodes"] = table.row_count

        painted = [0.0]
        render_line = table.render_line

        def timed_render_line(y: int):
            painted[0] = time.perf_counter()
            return render_line(y)

        table.render_line = timed_render_line  # type: ignore[method-assign]

        async def press(key: str) -> float:
            before = time.perf_counter()
            await pilot.press(key)
            deadline = before + 2.0
            while painted[0] < before and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            return max(painted[0], time.perf_counter() if painted[0] < before else 0) - before

        await pilot.press("slash")
        latencies = []
        for key in TYPED:
            latencies.append(await press(key))
        result["keys"] = len(latencies)
        result["key_p50"] = statistics.median(latencies)
        result["key_p95"] = statistics.quantiles(latencies, n=20)[18]
        result["key_max"] = max(latencies)
        table.focus()
        await pilot.pause()
        scrolls = []
        for _ in range(50):
            scrolls.append(await press("pagedown"))
        result["pgdn_p50"] = statistics.median(scrolls)
        result["pgdn_p95"] = statistics.quantiles(scrolls, n=20)[18]
        result["pgdn_sum"] = sum(scrolls)
        result["cursor"] = table.cursor
    gc.collect()
    result["vmhwm_mb"] = peak_rss_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--podcasts", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the library in this dir")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        timings = build_library(args.keep, args.episodes, args.podcasts)
        print(
            f"  stored in {timings['store']:.1f} s, notes indexed in {timings['index_notes']:.1f} s"
        )
        return
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.keep or Path(scratch) / "data"
        if not (data_dir / "library.db").exists():
            print(f"building a {args.episodes:,}-episode library ({args.podcasts} podcasts) ...")
            # In a child process, so that building does not count in this one's memory.
            command = [sys.executable, __file__, "--build-only", "--keep", str(data_dir)]
            command += ["--episodes", str(args.episodes), "--podcasts", str(args.podcasts)]
            subprocess.run(command, check=True)
        result = asyncio.run(measure_ui(data_dir))
    print(f"app: {result['app']}")
    print(f"episodes shown:            {result['episodes']:,}")
    print(f"first table rendered:      {result['first_table'] * 1000:.0f} ms")
    print(
        f"filter keystroke latency:  p50 {result['key_p50'] * 1000:.1f} ms, "
        f"p95 {result['key_p95'] * 1000:.1f} ms, max {result['key_max'] * 1000:.1f} ms"
        f" ({result['keys']} keys)"
    )
    print(
        f"page down (x50):           p50 {result['pgdn_p50'] * 1000:.1f} ms, "
        f"p95 {result['pgdn_p95'] * 1000:.1f} ms, total {result['pgdn_sum'] * 1000:.0f} ms"
        f" (cursor on row {result['cursor']:,})"
    )
    print(f"peak memory (VmHWM):       {result['vmhwm_mb']:.0f} MB")
    feed, what = ten_thousand_episode_feed()
    costs = store_costs(feed)
    print(f"store_feed of one 10,000-episode feed ({what}), best of 5:")
    for name in ("schema 2", "no notes triggers", "no triggers, no listing index"):
        print(f"  {name:30} {costs[name] * 1000:.0f} ms")
    print(f"  then index_notes (background) {costs['index_notes'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
