"""Many podtui processes on one fresh data dir at the same moment, round after round.

Each process imports podtui, waits for a shared start signal (a file appearing), then runs
one CLI command through ``tui.cli.main``: the same code as ``podtui ...``, started together
more tightly than a shell could. Used by the tests and by ``benchmarks/concurrency.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_RUNNER = """
import os, sys, time
import tui.cli
go = sys.argv[1]
while not os.path.exists(go):
    time.sleep(0.001)
sys.exit(tui.cli.main(sys.argv[2:]))
"""


def small_feed(title: str, items: int = 3) -> bytes:
    body = "".join(
        f"<item><title>{title} {n}</title><guid>{title}-{n}</guid>"
        f"<pubDate>Mon, 0{n + 1} Jan 2024 06:00:00 +0000</pubDate>"
        f"<description>notes {n}</description>"
        f'<enclosure url="http://127.0.0.1:9/{n}.mp3" type="audio/mpeg"/></item>'
        for n in range(items)
    )
    return f"<rss version='2.0'><channel><title>{title}</title>{body}</channel></rss>".encode()


@dataclass
class RoundResult:
    failures: list[str] = field(default_factory=list)  # "command: exit N: stderr"
    podcasts: int = 0
    episodes: int = 0


def crowd_round(
    data_dir: Path, commands: Sequence[Sequence[str]], timeout: float = 60
) -> RoundResult:
    """Run every command at once on ``data_dir``; what failed and what the library holds."""
    go = data_dir.parent / f"{data_dir.name}.go"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RUNNER, str(go), "--data-dir", str(data_dir), *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for command in commands
    ]
    time.sleep(0.3)  # every interpreter up and waiting (they poll the signal)
    go.touch()
    result = RoundResult()
    for command, proc in zip(commands, procs, strict=True):
        _out, err = proc.communicate(timeout=timeout)
        # A note such as "no subscriptions yet" is what a command racing the first add may
        # rightly say; an error, a traceback or a non-zero exit is a failure.
        if proc.returncode != 0 or "error" in err.lower() or "Traceback" in err:
            result.failures.append(f"{' '.join(command)}: exit {proc.returncode}: {err.strip()}")
    listing = subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(data_dir), "podcasts", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    if listing.returncode == 0:
        podcasts = json.loads(listing.stdout)
        result.podcasts = len(podcasts)
        result.episodes = sum(p["episodes"] for p in podcasts)
    else:
        result.failures.append(f"podcasts --json: {listing.stderr.strip()}")
    return result


def mixed_commands(feed_urls: Sequence[str]) -> list[list[str]]:
    """An ``add`` per feed, then a ``refresh`` and a ``podcasts``."""
    return [["add", url] for url in feed_urls] + [["refresh"], ["podcasts"]]
