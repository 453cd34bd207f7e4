"""Timing a first sync of 500 subscriptions and 20,000 episode actions, both ways.

Runs a real gpodder API server (``.venv-gpodder``, as the tests do) on 127.0.0.1 and
syncs a podtui library with it through ``tui.core.sync.engine.sync``:

* down: another device has 500 subscriptions and 20,000 play actions (a third of them
  under https or a tracking-redirect URL); the library has the same 500 podcasts with
  40 episodes each and syncs for the first time;
* up: a library with 20,000 kept places and 500 subscriptions syncs for the first time
  with an empty account (20 uploads of 1,000 actions);
* again: a second sync with nothing new (round trips and time);
* new: an empty library takes the 500 subscriptions (without fetching the feeds) and
  keeps the 20,000 actions until the episodes come in.

Usage: ``.venv/bin/python benchmarks/sync.py [--podcasts 500] [--per-podcast 40]``
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import load, machine
from tests.sync.conftest import GpodderServer, iso
from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.core.sync.account import Account
from tui.core.sync.client import GpodderClient
from tui.core.sync.engine import SyncSummary, sync


def feed_url(n: int) -> str:
    return f"http://feeds.example.org/show{n}.xml"


def episode_url(n: int, k: int) -> str:
    return f"http://cdn.example.org/show{n}/episode{k}.mp3"


def remote_url(n: int, k: int) -> str:
    """How the other device knows the episode: as is, under https, or tracked."""
    url = episode_url(n, k)
    if k % 3 == 1:
        return url.replace("http://", "https://")
    if k % 3 == 2:
        return "https://dts.podtrac.com/redirect.mp3/" + url.removeprefix("http://")
    return url


def fill(library: Library, podcasts: int, per_podcast: int) -> None:
    for n in range(podcasts):
        podcast = library.subscribe(feed_url(n))
        episodes = [
            ParsedEpisode(
                title=f"Episode {k}",
                guid=f"s{n}e{k}",
                enclosure_url=episode_url(n, k),
                duration=3600,
            )
            for k in range(per_podcast)
        ]
        library.store_feed(podcast.id, ParsedFeed(title=f"Show {n}", episodes=episodes))


def phone_upload(server: str, user: str, password: str, podcasts: int, per_podcast: int) -> None:
    auth = (user, password)
    with httpx.Client(base_url=server, auth=auth, timeout=300) as client:
        client.post(f"/api/2/devices/{user}/phone.json", json={"type": "mobile"}).raise_for_status()
        urls = [feed_url(n) for n in range(podcasts)]
        answer = client.post(
            f"/api/2/subscriptions/{user}/phone.json", json={"add": urls, "remove": []}
        )
        answer.raise_for_status()
        when = time.time() - 3600
        actions = [
            {
                "podcast": feed_url(n),
                "episode": remote_url(n, k),
                "device": "phone",
                "action": "play",
                "timestamp": iso(when + k),
                "started": 0,
                "position": 60 + k,
                "total": 3600,
            }
            for n in range(podcasts)
            for k in range(per_podcast)
        ]
        for start in range(0, len(actions), 2000):
            client.post(
                f"/api/2/episodes/{user}.json", json=actions[start : start + 2000]
            ).raise_for_status()


def timed_sync(library: Library, account: Account) -> tuple[float, SyncSummary]:
    async def run() -> SyncSummary:
        async with GpodderClient(account.server, account.username, account.password) as client:
            return await sync(library, account, client=client)

    start = time.perf_counter()
    summary = asyncio.run(run())
    return time.perf_counter() - start, summary


def enable(library: Library, account: Account) -> None:
    """What ``podtui sync login`` does: register the device, start recording."""

    async def register() -> None:
        async with GpodderClient(account.server, account.username, account.password) as client:
            await client.register_device(account.device, "podtui", "laptop")

    asyncio.run(register())
    library.sync_enable(
        {"device": account.device, "server": account.server, "username": account.username}
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--podcasts", type=int, default=500)
    parser.add_argument("--per-podcast", type=int, default=40)
    args = parser.parse_args()
    total = args.podcasts * args.per_podcast
    print(machine(f"httpx {httpx.__version__}"))
    print(f"load average at start: {load()}")
    with tempfile.TemporaryDirectory(prefix="podtui-sync-bench-") as folder:
        root = Path(folder)
        server = GpodderServer(root).start()
        try:
            user, password = server.register()
            start = time.perf_counter()
            phone_upload(server.url, user, password, args.podcasts, args.per_podcast)
            took = time.perf_counter() - start
            print(f"setup: the other device uploaded {total} actions in {took:.1f} s")
            account = Account(server.url, user, password, "podtui-bench")

            library = Library.open(root / "down")
            fill(library, args.podcasts, args.per_podcast)
            enable(library, account)
            seconds, summary = timed_sync(library, account)
            print(f"down: {seconds:.2f} s, {summary.requests} requests: {summary.line()}")
            seconds, summary = timed_sync(library, account)
            print(f"again: {seconds:.2f} s, {summary.requests} requests: {summary.line()}")
            library.close()

            user2, password2 = server.register()
            account2 = Account(server.url, user2, password2, "podtui-bench")
            library = Library.open(root / "up")
            fill(library, args.podcasts, args.per_podcast)
            for episode_id in library.episode_ids():
                library.save_position(episode_id, 120)
            enable(library, account2)
            seconds, summary = timed_sync(library, account2)
            print(f"up: {seconds:.2f} s, {summary.requests} requests: {summary.line()}")
            seconds, summary = timed_sync(library, account2)
            print(f"again: {seconds:.2f} s, {summary.requests} requests: {summary.line()}")
            library.close()

            library = Library.open(root / "new")
            enable(library, account)
            seconds, summary = timed_sync(library, account)
            print(
                f"new: {seconds:.2f} s, {summary.requests} requests: {summary.line()},"
                f" {summary.waiting} actions kept for episodes to come"
            )
            library.close()
        finally:
            server.stop()
    print(f"load average at end: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
