"""Whole-process ``podtui add`` of a big feed over loopback, against castero's import of it.

Times ``python -m tui --data-dir D add http://127.0.0.1:PORT/feed.xml`` in a fresh process and
a fresh data dir each run (interpreter start, imports, fetch, parse, store, exit), and, in the
same run, alternating with it, castero's ``castero --import FEEDS.opml`` of the same feed with
``HOME`` pointed at a fresh temporary directory (its whole process too: fetch, parse, store).
After every run both databases are read: each must hold every episode of the feed. Then
``podcastparser.parse`` and ``feedparser.parse`` of the same bytes in this process (parse
only: no fetch, no storage, no interpreter start). Best and median of N runs each, of the
time from start to exit and of the CPU time each process used (user + system, all threads:
less sensitive than the elapsed time to what else runs on the machine).

    .venv/bin/python benchmarks/ingest.py                  # 10,000 items (~24 MB), 9 runs
    .venv/bin/python benchmarks/ingest.py --repeat 15 --feedparser-repeat 0
    .venv/bin/python benchmarks/ingest.py --feed some.rss  # any feed file
    .venv/bin/python benchmarks/ingest.py --phases         # plus where the time goes
    .venv/bin/python benchmarks/ingest.py --castero ~/.local/bin/castero  # another castero
    .venv/bin/python benchmarks/ingest.py --no-castero
    .venv/bin/python benchmarks/ingest.py --baseline ../old  # another checkout, alternated too

castero (PyPI, 0.9.5) pulls in gevent, requests and python-mpv, so it lives in a virtual
environment of its own: ``benchmarks/out/castero-venv``, made with pip on the first run
unless ``--castero`` names a ``castero`` executable.

The feed is served from memory by a threaded HTTP/1.1 server in this process, with a
Content-Length. podtui runs from this checkout with its bytecode cached (as an installed
package has it): the subprocesses write and read .pyc files under a temporary
PYTHONPYCACHEPREFIX, after one untimed warm-up run; ``--no-bytecode`` compiles every module
from source in every run instead.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import load, machine, timed  # noqa: E402
from gen_feed import make_feed  # noqa: E402

FEED_PATH = "/feed.xml"
CASTERO = "castero==0.9.5"
CASTERO_VENV = ROOT / "benchmarks" / "out" / "castero-venv"
OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>ingest</title></head>
<body><outline type="rss" text="ingest" xmlUrl="{url}"/></body></opml>
"""

# Run inside one podtui process by --phases: the steps of `podtui add`, one after another.
PHASES = r"""
import sys, time
start = time.perf_counter()
import asyncio
from pathlib import Path
from tui.cli import run_async
from tui.core.library import Library
imported = time.perf_counter()
library = Library.open(Path(sys.argv[2]))
opened = time.perf_counter()

async def fetch():
    from tui.core.feeds.light import LightFetcher

    async with LightFetcher() as fetcher:
        return (await fetcher.fetch_feed(sys.argv[1])).content

data = run_async(fetch())
fetched = time.perf_counter()
from tui.core.feeds.parse import parse_feed
feed = parse_feed(data, sys.argv[1])
parsed = time.perf_counter()
podcast = library.subscribe(sys.argv[1])
library.store_feed(podcast.id, feed)
stored = time.perf_counter()
library.close()
closed = time.perf_counter()
print(imported - start, opened - imported, fetched - opened, parsed - fetched,
      stored - parsed, closed - stored)
"""
PHASE_NAMES = (
    "imports (asyncio, cli, library)",
    "open the library",
    "fetch (+ the HTTP imports)",
    "parse (+ the parser imports)",
    "subscribe + store",
    "close",
)


class _Feed(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    body = b""

    def do_GET(self) -> None:
        if self.path != FEED_PATH:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def line(name: str, times: list[float], reference: float | None = None, note: str = "") -> float:
    best, median = min(times), statistics.median(times)
    ratio = f"{median / reference:6.2f}x" if reference else " " * 7
    print(f"  {name:<34} best {best * 1000:8.0f} ms  median {median * 1000:8.0f} ms {ratio} {note}")
    return median


def podtui_env(cache: Path | None, root: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("PYTHONPYCACHEPREFIX", None)
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def cpu_of_children() -> float:
    """User + system CPU seconds of the children waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def add_once(url: str, env: dict[str, str], root: Path = ROOT) -> tuple[float, str, int, float]:
    home = Path(tempfile.mkdtemp(prefix="podtui-ingest-"))
    try:
        env = dict(env, PODTUI_CONFIG=str(home / "config.toml"))
        cpu = cpu_of_children()
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "tui", "--data-dir", str(home / "data"), "add", url],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        cpu = cpu_of_children() - cpu
        if done.returncode != 0:
            raise SystemExit(f"podtui add failed: {(done.stderr or done.stdout).strip()}")
        stored = count_rows(home / "data" / "library.db", "episodes")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return elapsed, done.stdout.strip(), stored, cpu


def count_rows(database: Path, table: str) -> int:
    """The rows of ``table`` in the SQLite file ``database`` (read only)."""
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def castero_command(given: str | None) -> list[str]:
    """The castero executable: ``given``, or the benchmarks' own venv (made when missing)."""
    if given:
        found = shutil.which(given) if os.sep not in given else given
        if found is None or not Path(found).exists():
            raise SystemExit(f"no castero at {given}")
        return [str(Path(found).expanduser().resolve())]
    castero = CASTERO_VENV / "bin" / "castero"
    if not castero.exists():
        print(f"installing {CASTERO} into {CASTERO_VENV} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(CASTERO_VENV)], check=True)
        pip = [str(CASTERO_VENV / "bin" / "python"), "-m", "pip", "install", "-q", CASTERO]
        subprocess.run(pip, check=True)
    return [str(castero)]


def castero_env() -> dict[str, str]:
    # castero puts its files under $XDG_CONFIG_HOME and $XDG_DATA_HOME, else under $HOME
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PYTHON"))}
    return env


def castero_once(
    command: list[str], url: str, env: dict[str, str]
) -> tuple[float, str, int, float]:
    """One ``castero --import`` of ``url`` in a fresh HOME: time, output, episodes, CPU time."""
    home = Path(tempfile.mkdtemp(prefix="castero-ingest-"))
    try:
        opml = home / "feeds.opml"
        opml.write_text(OPML.format(url=url), encoding="utf-8")
        env = dict(env, HOME=str(home))
        cpu = cpu_of_children()
        start = time.perf_counter()
        done = subprocess.run(
            [*command, "--import", str(opml)],
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - start
        cpu = cpu_of_children() - cpu
        output = (done.stdout or "").strip()
        if done.returncode != 0 or "ERROR" in output:
            raise SystemExit(f"castero --import failed: {(done.stderr or output).strip()}")
        stored = count_rows(home / ".local" / "share" / "castero" / "castero.db", "episode")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return elapsed, output.splitlines()[0] if output else "", stored, cpu


def phases_once(url: str, env: dict[str, str]) -> list[float]:
    home = Path(tempfile.mkdtemp(prefix="podtui-ingest-"))
    try:
        done = subprocess.run(
            [sys.executable, "-c", PHASES, url, str(home / "data")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return [float(value) for value in done.stdout.split()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items in the generated feed")
    parser.add_argument("--feed", type=Path, help="serve this feed file instead")
    parser.add_argument("--repeat", type=int, default=9, help="runs of each (best/median)")
    parser.add_argument(
        "--feedparser-repeat", type=int, default=1, help="runs of feedparser (slow; 0 skips it)"
    )
    parser.add_argument(
        "--no-bytecode", action="store_true", help="compile podtui's modules in every run"
    )
    parser.add_argument("--phases", action="store_true", help="also time each step in-process")
    parser.add_argument(
        "--castero", metavar="PATH", help=f"castero executable (default: {CASTERO} in a venv)"
    )
    parser.add_argument("--no-castero", action="store_true", help="leave castero out")
    parser.add_argument(
        "--baseline", metavar="DIR", type=Path, help="another podtui checkout, timed alternately"
    )
    args = parser.parse_args(argv)
    castero = None if args.no_castero else castero_command(args.castero)

    data = args.feed.read_bytes() if args.feed else make_feed(args.items)
    source = str(args.feed) if args.feed else f"gen_feed.make_feed({args.items})"
    print(f"machine: {machine()}")
    print(f"feed: {source}, {len(data) / 1e6:.1f} MB; load average before: {load()}")

    _Feed.body = data
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{FEED_PATH}"
    cache = None if args.no_bytecode else Path(tempfile.mkdtemp(prefix="podtui-pyc-"))
    env = podtui_env(cache)
    baseline = args.baseline.resolve() if args.baseline else None
    base_env = podtui_env(cache, baseline) if baseline else env
    counts: set[int] = set()
    try:
        add_once(url, env)  # warm-up: bytecode written, files in the page cache
        if baseline is not None:
            add_once(url, base_env, baseline)
        if castero is not None:
            castero_once(castero, url, castero_env())
        times: list[float] = []
        ctimes: list[float] = []
        btimes: list[float] = []
        cpus: dict[str, list[float]] = {"podtui": [], "baseline": [], "castero": []}
        output = coutput = ""

        def run_podtui() -> None:
            nonlocal output
            elapsed, output, stored, cpu = add_once(url, env)
            times.append(elapsed)
            cpus["podtui"].append(cpu)
            counts.add(stored)

        def run_baseline() -> None:
            assert baseline is not None
            elapsed, _, stored, cpu = add_once(url, base_env, baseline)
            btimes.append(elapsed)
            cpus["baseline"].append(cpu)
            counts.add(stored)

        def run_castero() -> None:
            nonlocal coutput
            assert castero is not None
            elapsed, coutput, stored, cpu = castero_once(castero, url, castero_env())
            ctimes.append(elapsed)
            cpus["castero"].append(cpu)
            counts.add(stored)

        contestants = [run_podtui]
        contestants += [run_baseline] if baseline is not None else []
        contestants += [run_castero] if castero is not None else []
        for round_number in range(args.repeat):
            # Alternating, so that all see the same load, and each round in another order:
            # a run pays for the disk writes the one before left to the kernel (castero
            # does not fsync its database; podtui's commit does).
            shift = round_number % len(contestants)
            for contestant in contestants[shift:] + contestants[:shift]:
                contestant()
        phases: list[list[float]] = []
        if args.phases:
            phases = [phases_once(url, env) for _ in range(args.repeat)]
    finally:
        server.shutdown()
        server.server_close()
        if cache is not None:
            shutil.rmtree(cache, ignore_errors=True)

    if len(counts) != 1:
        raise SystemExit(f"the runs stored different numbers of episodes: {sorted(counts)}")
    (episodes,) = counts
    bytecode = "compiled every run" if cache is None else "bytecode cached"
    against = "castero --import" if castero is not None else "podtui add"
    print(f"whole process, {bytecode}, {episodes} episodes stored by every run")
    print(f"(ratio = median / {against} median):")
    reference = statistics.median(ctimes) if ctimes else None
    podtui = line("podtui add (start to exit)", times, reference, f"({output})")
    if btimes:
        line("podtui add, baseline checkout", btimes, reference, f"({baseline})")
    if ctimes:
        line("castero --import (start to exit)", ctimes, reference, f"({coutput})")
    print("CPU time of each process (user + system, all its threads):")
    creference = statistics.median(cpus["castero"]) if cpus["castero"] else None
    line("podtui add", cpus["podtui"], creference)
    if cpus["baseline"]:
        line("podtui add, baseline checkout", cpus["baseline"], creference)
    if cpus["castero"]:
        line("castero --import", cpus["castero"], creference)
    reference = reference or podtui
    try:
        import podcastparser
    except ImportError:
        print("  podcastparser                      not installed")
    else:
        parse_url = "https://podcast.example.com/feed.xml"
        ptimes, result = timed(
            lambda: podcastparser.parse(parse_url, io.BytesIO(data)), args.repeat
        )
        line("podcastparser.parse (parse only)", ptimes, reference, f"({len(result['episodes'])})")
    if args.feedparser_repeat > 0:
        try:
            import feedparser
        except ImportError:
            print("  feedparser                         not installed")
        else:
            ftimes, result = timed(lambda: feedparser.parse(data), args.feedparser_repeat)
            line("feedparser.parse (parse only)", ftimes, reference, f"({len(result.entries)})")
    if phases:
        print("inside one podtui process (best / median of each step):")
        for index, name in enumerate(PHASE_NAMES):
            line(name, [run[index] for run in phases])
        line("sum of the steps", [sum(run) for run in phases])
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
