"""Fixtures for the app's tests: real SQLite libraries holding the shared fixture feed
(parsed by the real parser), an app factory with the in-memory player, and waiting helpers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import FIXTURE_JSON, FIXTURE_RSS
from tui.core.config import Config
from tui.core.feeds.parse import parse_feed
from tui.core.library import Library
from tui.player.memory import InMemoryPlayer
from tui.ui.app import PodtuiApp
from tui.ui.screens.transcript import TranscriptScreen
from tui.ui.widgets.transcript_view import TranscriptView

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
SECOND_FEED = FIXTURES / "podcasting20.rss"
# Never fetched: the snapshot library's feed URL only has to be stable.
STABLE_URL = "http://127.0.0.1:9/datascienceathome.rss"
FEED_PATH = "/datascienceathome.rss"


@pytest.fixture(autouse=True)
def _no_browser(monkeypatch):
    """Links are copied, never opened in a browser, while testing."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "127.0.0.1 1 127.0.0.1 22")


@pytest.fixture(scope="session")
def fixture_episodes() -> list[dict]:
    """The fixture feed's episodes as plain data, newest first."""
    return json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))["episodes"]


def build_library(root: Path, url: str = STABLE_URL, *, extra: Path | None = None) -> None:
    """A library in ``root`` subscribed to the fixture feed at ``url`` (and to ``extra``),
    with the notes search index filled."""
    library = Library.open(root)
    try:
        podcast = library.subscribe(url)
        library.store_feed(podcast.id, parse_feed(FIXTURE_RSS.read_bytes(), url))
        if extra is not None:
            other_url = url.rsplit("/", 1)[0] + "/" + extra.name
            other = library.subscribe(other_url)
            library.store_feed(other.id, parse_feed(extra.read_bytes(), other_url))
        while library.index_notes():
            pass
    finally:
        library.close()


@pytest.fixture
def library_dir(tmp_path) -> Path:
    root = tmp_path / "library"
    build_library(root)
    return root


@pytest.fixture
def served(tmp_path, http_server):
    """(data dir, server): the fixture feed is subscribed at the loopback server's URL."""
    http_server.route(FEED_PATH, FIXTURE_RSS.read_bytes(), content_type="application/rss+xml")
    root = tmp_path / "served"
    build_library(root, http_server.url(FEED_PATH))
    return root, http_server


@pytest.fixture
def make_app() -> Callable[..., PodtuiApp]:
    def make(data_dir: Path, config: Config | None = None, **kwargs) -> PodtuiApp:
        kwargs.setdefault("player", InMemoryPlayer())
        return PodtuiApp(data_dir, config or Config(), **kwargs)

    return make


def record_notifications(app: PodtuiApp) -> list[tuple[str, str]]:
    """(message, severity) of every notification from now on."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        seen.append((str(message), kwargs.get("severity", "information")))
        return notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return seen


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0):
    """Let the app run until ``condition()`` is true (fails after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        await pilot.pause(0.02)


async def wait_ready(pilot: Pilot) -> None:
    """Until the library is shown and the highlighted episode's notes are in the pane."""
    app = pilot.app
    assert isinstance(app, PodtuiApp)

    def ready() -> bool:
        if app.library is None:
            return False
        main = app.main_screen
        wanted = main.browser.highlighted_episode_id
        return main.ready and (wanted is None or main.notes_view.episode_id == wanted)

    await wait_for(pilot, ready)
    await pilot.pause()


async def open_transcript(pilot: Pilot, cues: int | None = None) -> TranscriptView:
    """T, then the transcript view once it holds its cues (``cues`` of them, when given)."""
    app = pilot.app
    await pilot.press("T")
    await wait_for(pilot, lambda: isinstance(app.screen, TranscriptScreen))
    assert isinstance(app.screen, TranscriptScreen)
    view = app.screen.view
    await wait_for(pilot, lambda: len(view.cues) == cues if cues is not None else view.cues)
    await pilot.pause()
    return view


def shown_text(view: TranscriptView) -> str:
    """The lines the transcript view shows, as text."""
    return "\n".join(view.render_line(y).text for y in range(view.size.height))
