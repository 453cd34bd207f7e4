"""Feed parsing speed: podtui's parser against feedparser and podcastparser on the same bytes.

Also times parse + store into a fresh SQLite library. The whole ``podtui add`` of a feed
served over loopback HTTP, process start to exit, is benchmarks/ingest.py.

    .venv/bin/python benchmarks/parse.py                  # 10,000 items (~24 MB)
    .venv/bin/python benchmarks/parse.py --items 1000 --repeat 7
    .venv/bin/python benchmarks/parse.py --feed some.rss  # any feed file
"""

from __future__ import annotations

import argparse
import gc
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import machine, timed  # noqa: E402
from gen_feed import make_feed  # noqa: E402

from tui.core.feeds.parse import parse_feed  # noqa: E402

FEED_URL = "https://podcast.example.com/feed.xml"


def line(name: str, times: list[float], reference: float | None = None, note: str = "") -> float:
    best, median = min(times), statistics.median(times)
    ratio = f"{median / reference:8.1f}x" if reference else " " * 9
    print(
        f"  {name:<24} best {best * 1000:9.1f} ms   median {median * 1000:9.1f} ms {ratio} {note}"
    )
    return median


def store_runs(data: bytes, repeat: int) -> None:
    try:
        from tui.core.library import Library
    except ImportError:
        print("  store: library not available")
        return
    parse_times: list[float] = []
    store_times: list[float] = []
    total_times: list[float] = []
    for _ in range(repeat):
        root = Path(tempfile.mkdtemp(prefix="podtui-bench-"))
        try:
            library = Library.open(root)
            gc.collect()
            start = time.perf_counter()
            feed = parse_feed(data, FEED_URL)
            parsed = time.perf_counter()
            podcast = library.subscribe(FEED_URL)
            result = library.store_feed(podcast.id, feed)
            stored = time.perf_counter()
            library.close()
            assert result.total == len(feed.episodes)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        parse_times.append(parsed - start)
        store_times.append(stored - parsed)
        total_times.append(stored - start)
    print("parse + store into a fresh SQLite library:")
    line("parse", parse_times)
    line("store", store_times)
    line("parse + store", total_times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items in the generated feed")
    parser.add_argument("--feed", type=Path, help="benchmark this feed file instead")
    parser.add_argument("--repeat", type=int, default=5, help="runs per parser (best/median)")
    parser.add_argument(
        "--feedparser-repeat", type=int, default=2, help="runs of feedparser (it is slow)"
    )
    parser.add_argument("--no-store", action="store_true", help="skip parse + store")
    args = parser.parse_args(argv)

    data = args.feed.read_bytes() if args.feed else make_feed(args.items)
    source = str(args.feed) if args.feed else f"gen_feed.make_feed({args.items})"
    print(f"machine: {machine()}")
    print(f"feed: {source}, {len(data) / 1e6:.1f} MB")

    times, feed = timed(lambda: parse_feed(data, FEED_URL), args.repeat)
    print(f"parse ({len(feed.episodes)} episodes; ratio = median / podtui median):")
    reference = line("podtui parse_feed", times)
    try:
        import podcastparser
    except ImportError:
        print("  podcastparser            not installed")
    else:
        times, result = timed(lambda: podcastparser.parse(FEED_URL, io.BytesIO(data)), args.repeat)
        line("podcastparser.parse", times, reference, f"({len(result['episodes'])} episodes)")
    try:
        import feedparser
    except ImportError:
        print("  feedparser               not installed")
    else:
        times, result = timed(lambda: feedparser.parse(data), args.feedparser_repeat)
        line("feedparser.parse", times, reference, f"({len(result.entries)} entries)")
    if not args.no_store:
        store_runs(data, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
