"""The app syncs when it starts (logged in): a position set on the phone is where Enter
resumes, and the notice says what came in."""

from __future__ import annotations

import time

import pytest

from tests.shows import BASE, episode, make_library
from tests.sync.conftest import Phone
from tests.sync.helpers import login
from tests.ui.conftest import make_app, record_notifications, wait_for  # noqa: F401
from tui.core.config import Config, ConfigError, load_config
from tui.core.library import Library
from tui.core.models import ParsedFeed
from tui.core.paths import data_dir
from tui.player.memory import InMemoryPlayer
from tui.session import RESUME_REWIND

FEED = "http://127.0.0.1:9/feed.xml"  # refused at once: a refresh fails without waiting


@pytest.fixture
def logged_in_with_a_phone_position(gpodder_server, monkeypatch) -> int:
    """A library of two episodes, logged in; the phone stopped the second at 5:00."""
    library = Library.open(data_dir())
    podcast = library.subscribe(FEED)
    library.store_feed(podcast.id, ParsedFeed(title="The Show", episodes=[episode(1), episode(2)]))
    second = next(e.id for e in library.episodes() if e.guid == "ep-2")
    library.close()
    user, password = gpodder_server.register()
    login(gpodder_server.url, user, password, monkeypatch)
    tracked = "https://dts.podtrac.com/redirect.mp3/" + f"{BASE}/ep2.mp3".split("://", 1)[1]
    Phone(gpodder_server.url, user, password).play(FEED, tracked, 300, 600, when=time.time() - 5)
    return second


async def test_a_position_from_the_phone_is_where_enter_resumes(
    logged_in_with_a_phone_position,
    make_app,  # noqa: F811
):
    second = logged_in_with_a_phone_position
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(data_dir(), Config(), player=player)
    async with app.run_test(size=(120, 30)) as pilot:
        seen = record_notifications(app)
        await wait_for(pilot, lambda: seen, timeout=5)
        assert seen == [("Synced: 1 position updated, 1 change sent", "information")]
        await wait_for(pilot, lambda: app.main_screen.ready)
        await pilot.pause()
        assert app.main_screen.browser.highlighted_episode_id == second  # the newest
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.calls and player.calls[-1][0] == "play")
        assert player.calls[-1][2] == pytest.approx(300 - RESUME_REWIND)


async def test_the_sync_key_says_when_not_logged_in(tmp_path, make_app):  # noqa: F811
    library = make_library(tmp_path / "data", [episode(1)])
    library.close()
    app = make_app(tmp_path / "data", Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.syncing is not None)
        seen = record_notifications(app)
        await pilot.press("S")
        await wait_for(pilot, lambda: seen)
        assert seen == [
            (
                "This library is not logged in to a sync server:"
                " run podtui sync login SERVER USERNAME",
                "warning",
            )
        ]


def test_the_config_can_turn_syncing_in_the_background_off(tmp_path):
    path = tmp_path / "config.toml"
    assert load_config(path).sync_at_start and load_config(path).sync_after_refresh
    path.write_text("[sync]\nat_start = false\nafter_refresh = false\n")
    config = load_config(path)
    assert not config.sync_at_start and not config.sync_after_refresh
    path.write_text('[sync]\nat_start = "yes"\n')
    with pytest.raises(ConfigError, match="at_start must be a bool"):
        load_config(path)


async def test_no_sync_at_start_when_the_config_says_so(
    logged_in_with_a_phone_position,
    make_app,  # noqa: F811
):
    app = make_app(data_dir(), Config(sync_at_start=False))
    async with app.run_test(size=(120, 30)) as pilot:
        seen = record_notifications(app)
        await wait_for(pilot, lambda: app.main_screen.ready and app.syncing is not None)
        await pilot.pause(0.5)
        assert seen == [] and app.library.sync_meta().get("last_sync") is None
        await pilot.press("S")
        await wait_for(pilot, lambda: seen, timeout=10)
        assert seen == [("Synced: 1 position updated, 1 change sent", "information")]


async def test_a_refresh_is_followed_by_a_sync(
    logged_in_with_a_phone_position,
    make_app,  # noqa: F811
):
    app = make_app(data_dir(), Config(sync_at_start=False))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.ready and app.syncing is not None)
        seen = record_notifications(app)
        await pilot.press("R")  # the feed is not served: the refresh fails, the sync runs
        await wait_for(pilot, lambda: any(text.startswith("Synced") for text, _ in seen))
        assert ("Synced: 1 position updated, 1 change sent", "information") in seen
