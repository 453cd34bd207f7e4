"""Feed parsing speed: podtui's parser against feedparser and podcastparser on the same bytes.

Also times parse + store into a fresh SQLite library, and (``--add``) the whole
``podtui add`` of the feed served over HTTP from 127.0.0.1, as a user would run it.

    .venv/bin/python benchmarks/parse.py                  # 10,000 items (~24 MB)
    .venv/bin/python benchmarks/parse.py --items 1000 --repeat 7
    .venv/bin/python benchmarks/parse.py --feed some.rss  # any feed file
    .venv/bin/python benchmarks/parse.py --add            # plus end-to-end `podtui add`
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


class _Feed(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def add_runs(data: bytes, repeat: int) -> None:
    """Wall time of `python -m tui add <url>`: start, fetch, parse, store."""
    _Feed.body = data
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    times: list[float] = []
    try:
        for _ in range(repeat):
            home = Path(tempfile.mkdtemp(prefix="podtui-bench-"))
            env = dict(
                os.environ,
                PODTUI_DATA_DIR=str(home / "data"),
                PODTUI_CONFIG=str(home / "config.toml"),
            )
            try:
                start = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-m", "tui", "add", url],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                times.append(time.perf_counter() - start)
            finally:
                shutil.rmtree(home, ignore_errors=True)
            if done.returncode != 0:
                print(f"  add failed: {(done.stderr or done.stdout).strip()}")
                return
    finally:
        server.shutdown()
        server.server_close()
    print(f"end to end: `python -m tui add {url}`:")
    line("podtui add", times, note=done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items in the generated feed")
    parser.add_argument("--feed", type=Path, help="benchmark this feed file instead")
    parser.add_argument("--repeat", type=int, default=5, help="runs per parser (best/median)")
    parser.add_argument(
        "--feedparser-repeat", type=int, default=2, help="runs of feedparser (it is slow)"
    )
    parser.add_argument("--no-store", action="store_true", help="skip parse + store")
    parser.add_argument("--add", action="store_true", help="also time `podtui add` end to end")
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
    if args.add:
        add_runs(data, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
