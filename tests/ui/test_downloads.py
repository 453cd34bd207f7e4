"""Downloads in the app over a real loopback HTTP server and a real library file: D
downloads (progress in the status column and in the downloads view, the file on disk with
the right bytes), D again cancels, failures notify and leave nothing at the destination,
deleting asks first, the limit of downloads at once, playing the local file, quitting
with downloads running, auto-download after a refresh."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_RSS
from tests.httpserver import Exchange, HTTPTestServer
from tests.ui.conftest import record_notifications, wait_for, wait_ready
from tui.core.config import Config
from tui.core.downloads import download_path
from tui.core.feeds.parse import parse_feed
from tui.core.library import Library
from tui.core.models import DownloadState, PlayerState
from tui.player.memory import InMemoryPlayer
from tui.ui.app import PodtuiApp
from tui.ui.screens.dialogs import ConfirmDialog
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.main import MainScreen

SIZE = (140, 36)
MEDIA_HOST = b"https://media.datascienceathome.invalid"
FEED = "/feed.rss"


def served_feed(server: HTTPTestServer) -> bytes:
    """The fixture feed with its enclosures on the loopback server."""
    return FIXTURE_RSS.read_bytes().replace(MEDIA_HOST, server.url("").rstrip("/").encode())


@pytest.fixture
def served_dir(tmp_path, http_server) -> Path:
    """A library subscribed to the fixture feed whose enclosures are on the test server."""
    feed = served_feed(http_server)
    http_server.route(FEED, feed, content_type="application/rss+xml")
    root = tmp_path / "served"
    library = Library.open(root)
    try:
        podcast = library.subscribe(http_server.url(FEED))
        library.store_feed(podcast.id, parse_feed(feed, http_server.url(FEED)))
    finally:
        library.close()
    return root


def audio(n: int, size: int = 300_000) -> bytes:
    """Bytes that differ per episode (a hash chain), so a mix-up shows."""
    block = hashlib.sha256(str(n).encode()).digest()
    return (block * (size // len(block) + 1))[:size]


def route_of(app: PodtuiApp, episode_id: int) -> str:
    url = app.library.episode(episode_id).enclosure_url
    return "/" + url.split("/", 3)[3]


def gated(server: HTTPTestServer, path: str, data: bytes, gate: threading.Event) -> None:
    """Serve the first half of ``data`` at once and the rest once ``gate`` is set."""
    half = len(data) // 2

    def answer(exchange: Exchange) -> None:
        exchange.send_headers(200, {"Content-Type": "audio/mpeg"}, length=len(data))
        if not exchange.write(data[:half]):
            return
        while not gate.wait(0.05):
            if exchange.stopping.is_set():
                return
        exchange.write(data[half:])

    server.handle(path, answer)


def status(app: PodtuiApp, episode_id: int) -> str:
    return app.main_screen.browser.index.status(episode_id)


def highlighted(app: PodtuiApp) -> int:
    return app.main_screen.browser.highlighted_episode_id


def destination(app: PodtuiApp, episode_id: int) -> Path:
    return download_path(app.downloads.directory, app.library.episode(episode_id))


async def test_D_downloads_with_progress(served_dir, http_server, make_app):
    player = InMemoryPlayer()
    app = make_app(served_dir, player=player)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        episode_id = highlighted(app)
        data = audio(1)
        gate = threading.Event()
        gated(http_server, route_of(app, episode_id), data, gate)
        await pilot.press("D")
        # Half of it is here: the status column and the downloads view show where it is.
        await wait_for(pilot, lambda: status(app, episode_id) == "new ↓ 50%")
        dest = destination(app, episode_id)
        assert not dest.exists()
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadsScreen))
        view = app.screen
        await wait_for(pilot, lambda: view.loaded)
        texts = view.row_texts(episode_id)
        assert texts is not None
        assert texts[2] == "↓ 50%"
        assert texts[3] == "293 KB"
        assert texts[4].endswith("/s")  # speed
        assert texts[5]  # time left
        assert "1 downloading" in view.query_one(".view-summary").content.plain
        gate.set()
        await wait_for(
            pilot, lambda: app.downloads.progress[episode_id].state == DownloadState.DONE
        )
        await wait_for(pilot, lambda: view.row_texts(episode_id)[2] == "downloaded")
        await wait_for(pilot, lambda: view.row_texts(episode_id)[3] == "293 KB")
        progress = app.downloads.progress[episode_id]
        assert progress.received == progress.total == len(data)
        assert dest.read_bytes() == data
        assert not dest.with_name(dest.name + ".part").exists()
        assert app.library.episode(episode_id).download_path == str(dest)
        assert notes[-1][1] == "information" and notes[-1][0].startswith("Downloaded “")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert status(app, episode_id) == "new ↓"
        # Playing it now plays the file.
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.playback.state is PlayerState.PLAYING)
        assert player.source == str(dest)


async def test_D_again_cancels(served_dir, http_server, make_app):
    app = make_app(served_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        episode_id = highlighted(app)
        http_server.trickle(
            route_of(app, episode_id), interval=0.02, byte=b"x" * 64, length=1_000_000
        )
        await pilot.press("D")
        await wait_for(pilot, lambda: app.downloads.progress[episode_id].received > 0)
        assert app.downloads.progress[episode_id].state == DownloadState.ACTIVE
        await wait_for(pilot, lambda: "↓ 0%" in status(app, episode_id))
        await pilot.press("D")
        await wait_for(
            pilot, lambda: app.downloads.progress[episode_id].state == DownloadState.CANCELLED
        )
        await wait_for(pilot, lambda: status(app, episode_id) == "new")
        assert notes[-1][0].startswith("Download cancelled: “")
        dest = destination(app, episode_id)
        assert not dest.exists()
        assert app.library.episode(episode_id).download_path is None
        assert not app.downloads.is_active(episode_id)


async def test_failure_notifies_and_leaves_no_file(served_dir, http_server, make_app):
    app = make_app(served_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        episode_id = highlighted(app)
        # No route for its enclosure: the server answers 404.
        await pilot.press("D")
        await wait_for(pilot, lambda: notes and notes[-1][1] == "error")
        message = notes[-1][0]
        assert message.startswith("Cannot download “") and "404" in message
        dest = destination(app, episode_id)
        assert not dest.exists()
        assert not dest.with_name(dest.name + ".part").exists()
        assert app.library.episode(episode_id).download_path is None
        assert status(app, episode_id) == "new"
        # The downloads view lists the failure with its reason.
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadsScreen))
        view = app.screen
        await wait_for(pilot, lambda: view.loaded)
        assert view.row_texts(episode_id)[2].startswith("failed: HTTP 404")


async def test_delete_asks_first(served_dir, http_server, make_app):
    app = make_app(served_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        first = highlighted(app)
        http_server.file(route_of(app, first), audio(1))
        await pilot.press("D")
        await wait_for(pilot, lambda: status(app, first) == "new ↓")
        dest = destination(app, first)
        assert dest.is_file()
        # D on a downloaded episode asks; No keeps the file.
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen)
        assert dest.is_file()
        await pilot.press("D")
        await pilot.press("y")
        await wait_for(pilot, lambda: not dest.exists())
        await wait_for(pilot, lambda: status(app, first) == "new")
        assert app.library.episode(first).download_path is None
        # Delete in the downloads view asks too.
        await pilot.press("down")
        second = highlighted(app)
        http_server.file(route_of(app, second), audio(2))
        await pilot.press("D")
        await wait_for(pilot, lambda: status(app, second) == "new ↓")
        other = destination(app, second)
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadsScreen))
        view = app.screen
        await wait_for(pilot, lambda: view.loaded)
        assert view.highlighted_id == second
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert app.screen is view and other.is_file()
        await pilot.press("delete", "y")
        await wait_for(pilot, lambda: not other.exists())
        await wait_for(pilot, lambda: view.row_texts(second) is None)
        assert app.library.episode(second).download_path is None
        assert status(app, second) == "new"


async def test_several_at_once_within_the_limit(served_dir, http_server, make_app):
    app = make_app(served_dir, Config(max_downloads=2))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        gate = threading.Event()
        ids = []
        for n in range(3):
            episode_id = highlighted(app)
            ids.append(episode_id)
            if n < 2:
                gated(http_server, route_of(app, episode_id), audio(n), gate)
            else:
                http_server.file(route_of(app, episode_id), audio(n))
            await pilot.press("D", "down")
        first, second, third = ids
        # Two run at once (half there each), the third waits for its turn.
        await wait_for(pilot, lambda: status(app, first) == "new ↓ 50%")
        await wait_for(pilot, lambda: status(app, second) == "new ↓ 50%")
        assert app.downloads.progress[third].state == DownloadState.QUEUED
        assert status(app, third) == "new ↓ 0%"
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadsScreen))
        view = app.screen
        await wait_for(pilot, lambda: view.loaded)
        assert [view.row_texts(i)[2] for i in ids] == ["↓ 50%", "↓ 50%", "waiting"]
        gate.set()
        await wait_for(pilot, lambda: app.downloads.progress[third].state == DownloadState.DONE)
        for n, episode_id in enumerate(ids):
            assert app.downloads.progress[episode_id].state == DownloadState.DONE
            assert destination(app, episode_id).read_bytes() == audio(n)
        await wait_for(pilot, lambda: [view.row_texts(i)[2] for i in ids] == ["downloaded"] * 3)


async def test_a_waiting_download_cancels_at_once(served_dir, http_server, make_app):
    app = make_app(served_dir, Config(max_downloads=1))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        first = highlighted(app)
        http_server.stall(route_of(app, first), prefix=b"x" * 1000, length=100_000)
        await pilot.press("D", "down")
        second = highlighted(app)
        await pilot.press("D")
        await wait_for(pilot, lambda: app.downloads.progress[first].received == 1000)
        assert app.downloads.progress[second].state == DownloadState.QUEUED
        await pilot.press("D")
        await wait_for(
            pilot, lambda: app.downloads.progress[second].state == DownloadState.CANCELLED
        )
        assert app.downloads.progress[first].state == DownloadState.ACTIVE
        assert status(app, second) == "new"


async def test_quitting_stops_downloads(served_dir, http_server, make_app):
    app = make_app(served_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        episode_id = highlighted(app)
        http_server.stall(route_of(app, episode_id), prefix=b"x" * 5000, length=100_000)
        await pilot.press("D")
        await wait_for(pilot, lambda: app.downloads.progress[episode_id].received == 5000)
        dest = destination(app, episode_id)
    # What arrived waits in the .part file for a later resume; nothing is shown as done.
    assert not dest.exists()
    assert dest.with_name(dest.name + ".part").stat().st_size == 5000
    library = Library.open(served_dir)
    try:
        assert library.episode(episode_id).download_path is None
    finally:
        library.close()


async def test_auto_download_after_refresh(served_dir, http_server):
    library = Library.open(served_dir)
    try:
        newest = library.episodes(limit=4)
        library.set_played([newest[1].id])
        picked = [
            episode_id for episode_id, _ in library.newest_unplayed([newest[0].podcast_id], 2)
        ]
    finally:
        library.close()
    # The newest two unplayed: the first and the third (the second is played).
    assert picked == [newest[0].id, newest[2].id]
    for n, episode in enumerate(newest):
        http_server.file("/" + episode.enclosure_url.split("/", 3)[3], audio(n))
    app = PodtuiApp(served_dir, Config(auto_download=2), player=InMemoryPlayer())
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("r")
        await wait_for(
            pilot,
            lambda: all(status(app, i).endswith(" ↓") for i in picked),
        )
        assert destination(app, newest[0].id).read_bytes() == audio(0)
        assert destination(app, newest[2].id).read_bytes() == audio(2)
        assert not destination(app, newest[1].id).exists()
        assert not destination(app, newest[3].id).exists()
        assert set(app.downloads.progress) == set(picked)
        # A second refresh starts nothing new: those two are there.
        await pilot.press("r")
        await wait_for(pilot, lambda: len(http_server.requests_to(FEED)) == 2)
        await pilot.pause(0.2)
        assert set(app.downloads.progress) == set(picked)


async def test_no_auto_download_by_default(served_dir, http_server, make_app):
    app = make_app(served_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        await pilot.press("r")
        await wait_for(pilot, lambda: notes and notes[-1][0].startswith("Refreshed "))
        await pilot.pause(0.2)
        assert app.downloads.progress == {}
