"""The app shows what other processes write to its library while it is open."""

from __future__ import annotations

import asyncio
import os
import sys

from textual.widgets import Label

from tests.crowd import ROOT
from tests.ui.conftest import SECOND_FEED, wait_for, wait_ready
from tui.core.library import Library
from tui.ui.app import PodtuiApp


def count_text(app: PodtuiApp) -> str:
    return str(app.main_screen.query_one("#episode-filter-count", Label).content)


def titles(app: PodtuiApp) -> list[str]:
    return [podcast.title for podcast in app.main_screen.podcast_list.podcasts]


async def podtui(data_dir, *args: str) -> tuple[int, str]:
    """``podtui ARGS`` in another process, the app's loop running meanwhile."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tui", "--data-dir", str(data_dir), *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    _out, err = await proc.communicate()
    return proc.returncode or 0, err.decode()


async def test_a_podcast_added_from_the_cli_appears(library_dir, make_app, http_server):
    http_server.route("/second.xml", SECOND_FEED.read_bytes())
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        assert count_text(app) == "93 of 93"
        code, err = await podtui(library_dir, "add", http_server.url("/second.xml"))
        assert (code, err) == (0, "")
        await wait_for(pilot, lambda: "Namespace Party" in titles(app))
        await wait_for(pilot, lambda: count_text(app) == "99 of 99")
        main = app.main_screen
        added = next(p for p in main.podcast_list.podcasts if p.title == "Namespace Party")
        assert str(added.id) in [option.id for option in main.podcast_list.options]
        code, err = await podtui(library_dir, "remove", "Namespace Party")
        assert (code, err) == (0, "")
        await wait_for(pilot, lambda: count_text(app) == "93 of 93")
        assert titles(app) == ["Data Science at Home"]


async def test_statuses_written_elsewhere_update_in_place(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        index = main.browser.index
        first, second = index.ids[0], index.ids[1]
        other = Library.open(library_dir)  # another connection, as another process has
        try:
            other.set_played([first])
            other.queue_add([second])
            other.save_position(index.ids[2], 42.0)
        finally:
            other.close()
        await wait_for(pilot, lambda: index.status(first) == "played")
        await wait_for(pilot, lambda: index.status(second) == "new ≡")
        assert index.positions[2] == 42.0
        await wait_for(pilot, lambda: main.podcast_list.podcasts[0].unplayed_count == 92)
        assert main.browser.index is index  # updated in place, nothing read again


async def test_nothing_is_read_when_nothing_changed(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        synced = []
        original = main.sync_library
        main.sync_library = lambda: synced.append(1) or original()  # type: ignore[method-assign]
        for _ in range(3):
            app._watch_library()
        await pilot.pause()
        assert synced == []
        other = Library.open(library_dir)
        try:
            other.set_played([main.browser.index.ids[0]])
        finally:
            other.close()
        app._watch_library()
        app._watch_library()
        assert synced == [1]
