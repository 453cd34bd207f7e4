"""``kill -9`` during a refresh: the library stays intact and no feed is half stored."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from tests.crowd import ROOT, small_feed
from tui.core.feeds.parse import parse_feed
from tui.core.library import Library

FEEDS = 12
NEW_ITEMS = 400
KILLS = 8


def edited_feed(n: int) -> bytes:
    """Version 2 of feed ``n``: a new title and ``NEW_ITEMS`` more items."""
    return small_feed(f"Show {n}", 3 + NEW_ITEMS).replace(b"<title>Show", b"<title>v2 Show", 1)


def refresh(data_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "--data-dir", str(data_dir), "refresh"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


def test_kill_during_a_refresh_leaves_every_feed_whole(http_server, tmp_path):
    template = tmp_path / "template"
    library = Library.open(template)
    for n in range(FEEDS):
        url = http_server.url(f"/k{n}.xml")
        podcast = library.subscribe(url)
        library.store_feed(podcast.id, parse_feed(small_feed(f"Show {n}"), url))
        http_server.route(f"/k{n}.xml", edited_feed(n))
    library.close()

    whole = tmp_path / "whole"
    shutil.copytree(template, whole)
    started = time.monotonic()
    assert refresh(whole).wait(timeout=120) == 0
    took = time.monotonic() - started

    killed = 0
    for number in range(KILLS):
        data_dir = tmp_path / f"kill{number}"
        shutil.copytree(template, data_dir)
        proc = refresh(data_dir)
        # Most of the run is the interpreter starting: the kills fall in its second half.
        time.sleep(took * (0.4 + 0.6 * (number + 0.5) / KILLS))
        proc.send_signal(signal.SIGKILL)
        killed += proc.wait(timeout=60) == -signal.SIGKILL
        with sqlite3.connect(data_dir / "library.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            rows = db.execute(
                "SELECT p.title, COUNT(e.id) FROM podcasts p"
                " LEFT JOIN episodes e ON e.podcast_id = p.id GROUP BY p.id"
            ).fetchall()
        assert len(rows) == FEEDS
        for title, count in rows:
            # Either the old feed or the whole new one, its title and episodes together.
            assert (title.startswith("v2 "), count) in ((False, 3), (True, 3 + NEW_ITEMS))
    assert killed  # at least one refresh was really cut short
