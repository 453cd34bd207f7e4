"""Concurrent first opens: many podtui processes on one fresh data dir, round after round.

Each round starts 4 ``podtui add`` (one feed each, served over loopback), a ``podtui
refresh`` and a ``podtui podcasts`` at the same moment on an empty data dir (see
tests/crowd.py), then checks that every process exited 0 without a word on stderr and
that the library holds the 4 podcasts and their 12 episodes.

    .venv/bin/python benchmarks/concurrency.py --rounds 100
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import load, machine  # noqa: E402

from tests.crowd import crowd_round, mixed_commands, small_feed  # noqa: E402
from tests.httpserver import HTTPTestServer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    print(machine(), f"load {load()}")
    errors = lost = 0
    started = time.perf_counter()
    with HTTPTestServer() as server, tempfile.TemporaryDirectory() as tmp:
        urls = []
        for n in range(4):
            server.route(f"/f{n}.xml", small_feed(f"Feed {n}"))
            urls.append(server.url(f"/f{n}.xml"))
        commands = mixed_commands(urls)
        for number in range(args.rounds):
            result = crowd_round(Path(tmp) / f"data{number}", commands)
            errors += len(result.failures)
            for failure in result.failures:
                print(f"round {number + 1}: {failure}")
            if (result.podcasts, result.episodes) != (4, 12):
                lost += 1
                print(f"round {number + 1}: {result.podcasts} podcasts, {result.episodes} episodes")
    runs = args.rounds * len(commands)
    print(
        f"{args.rounds} rounds x {len(commands)} processes: {errors} errors in {runs} runs,"
        f" {lost} rounds with a lost write ({time.perf_counter() - started:.0f} s)"
    )
    return 1 if errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())
