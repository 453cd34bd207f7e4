"""Finding a podcast in Ctrl+N: words search the directories (loopback servers answering
in each one's format), Apple Podcasts links and web pages lead to their feeds."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from tests.directories import serve_directories, settings
from tests.ui.conftest import record_notifications, wait_for
from tui.core.config import Config
from tui.core.library import Library
from tui.ui.screens.dialogs import AddFeedDialog
from tui.ui.screens.find import DirectoryResults, FeedPicker
from tui.ui.screens.main import MainScreen


@pytest.fixture
def directories(http_server):
    serve_directories(http_server)
    return http_server


def subscribed(data_dir) -> list[str]:
    library = Library.open(data_dir)
    try:
        return [podcast.url for podcast in library.podcasts()]
    finally:
        library.close()


async def open_add(pilot, app, text: str) -> AddFeedDialog:
    await wait_for(pilot, lambda: app.main_screen.ready)
    await pilot.press("ctrl+n")
    dialog = await wait_for(pilot, lambda: isinstance(app.screen, AddFeedDialog) and app.screen)
    dialog.query_one("#add-source", Input).value = text
    await pilot.press("enter")
    return dialog


async def results_of(pilot, app) -> DirectoryResults:
    screen = await wait_for(pilot, lambda: isinstance(app.screen, DirectoryResults) and app.screen)
    await wait_for(pilot, lambda: screen.outcome is not None)
    await pilot.pause()
    return screen


async def test_words_list_the_directories_results_and_enter_subscribes(
    directories, tmp_path, make_app
):
    data_dir = tmp_path / "data"
    app = make_app(data_dir, Config(directories=settings(directories)))
    async with app.run_test(size=(80, 24)) as pilot:
        notes = record_notifications(app)
        await open_add(pilot, app, "data science")
        screen = await results_of(pilot, app)
        assert [found.title for found in screen.shown] == [
            "Data Science at Home",
            "Vanishing Gradients",
            "Data Engineering Podcast",
            "Data Science Weekly & Friends",
        ]
        assert screen.failures == []
        status = str(screen.query_one("#find-status").content)
        assert status == "4 podcasts from iTunes, gpodder.net"
        options = screen.query_one("#find-results", OptionList)
        first = str(options.get_option_at_index(0).prompt)
        assert first == (
            "Data Science at Home\n"
            "Francesco Gadaleta · 93 episodes, last 2019-12-11 · iTunes, gpodder.net"
        )
        # Typing filters; Down and Enter act on the list while the filter has the focus.
        await pilot.press(*"data")
        assert "Vanishing Gradients" not in [found.title for found in screen.shown]
        assert len(screen.shown) == 3
        await pilot.press("down", "up", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for(pilot, lambda: notes)
        assert notes[-1] == ("Added Data Science at Home: 93 episodes", "information")
    assert subscribed(data_dir) == [directories.url("/feed.xml")]
    assert "term=data+science" in directories.last("/itunes/search").path


async def test_the_filter_narrows_the_results_and_escape_goes_back(directories, tmp_path, make_app):
    app = make_app(tmp_path / "data", Config(directories=settings(directories)))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_add(pilot, app, "data science")
        screen = await results_of(pilot, app)
        await pilot.press(*"engin")
        assert [found.title for found in screen.shown] == ["Data Engineering Podcast"]
        assert str(screen.query_one("#find-status").content) == ("1 of 4 podcasts match the filter")
        await pilot.press("escape")
        assert app.screen is dialog
        assert dialog.query_one("#add-source", Input).value == "data science"
    assert subscribed(tmp_path / "data") == []


@pytest.mark.parametrize(
    ("answer", "line"),
    [
        ({"status": 500}, "gpodder.net: HTTP 500 Internal Server Error"),
        ({"status": 429}, "gpodder.net: HTTP 429 Too Many Requests"),
        ({"body": b"{not json"}, "gpodder.net: malformed answer (not JSON)"),
        ({"stall": True}, "gpodder.net: timed out after 1 s"),
    ],
)
async def test_a_failing_directory_is_one_line_and_the_others_stay(
    directories, tmp_path, make_app, answer, line
):
    if answer.get("stall"):
        directories.stall("/gpodder/search.json", prefix=b"[", headers={"Content-Length": "99"})
    else:
        directories.route(
            "/gpodder/search.json", answer.get("body", b""), status=answer.get("status", 200)
        )
    config = Config(directories=settings(directories, timeout=1.0))
    app = make_app(tmp_path / "data", config)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_add(pilot, app, "data science")
        screen = await results_of(pilot, app)
        assert len(screen.failures) == 1 and screen.failures[0].startswith(line)
        shown = str(screen.query_one("#find-failures").content)
        assert shown == screen.failures[0] and "\n" not in shown
        assert screen.query_one("#find-failures").display
        assert str(screen.query_one("#find-status").content) == "3 podcasts from iTunes"
        assert [found.title for found in screen.shown] == [
            "Data Science at Home",
            "Vanishing Gradients",
            "Data Science Weekly & Friends",
        ]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    assert subscribed(tmp_path / "data") == [directories.url("/feed.xml")]


async def test_podcast_index_joins_with_a_key(directories, tmp_path, make_app):
    config = Config(directories=settings(directories, key=True))
    app = make_app(tmp_path / "data", config)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_add(pilot, app, "data science")
        screen = await results_of(pilot, app)
        assert screen.failures == []
        assert "Practical AI: Machine Learning, Data Science, LLM" in [
            found.title for found in screen.shown
        ]
    assert directories.last("/podcastindex/api/1.0/search/byterm").header("x-auth-key")


async def test_an_apple_podcasts_link_subscribes_to_its_feed(directories, tmp_path, make_app):
    app = make_app(tmp_path / "data", Config(directories=settings(directories)))
    async with app.run_test(size=(80, 24)) as pilot:
        notes = record_notifications(app)
        await open_add(
            pilot, app, "https://podcasts.apple.com/us/podcast/data-science-at-home/id1069871378"
        )
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for(pilot, lambda: notes)
        assert notes[-1] == ("Added Data Science at Home: 93 episodes", "information")
    assert subscribed(tmp_path / "data") == [directories.url("/feed.xml")]


async def test_a_web_page_with_one_feed_subscribes(directories, tmp_path, make_app):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_add(pilot, app, directories.url("/site/"))
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    assert subscribed(tmp_path / "data") == [directories.url("/feed.xml")]


async def test_a_web_page_with_two_feeds_asks_which(directories, tmp_path, make_app):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_add(pilot, app, directories.url("/two/index.html"))
        picker = await wait_for(pilot, lambda: isinstance(app.screen, FeedPicker) and app.screen)
        options = picker.query_one("#feed-list", OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(2)] == [
            f"Data Science at Home (MP3)\n{directories.url('/two/feed.xml')}",
            "Data Science at Home \u2013 Blog\nhttps://datascienceathome.invalid/blog/atom.xml",
        ]
        await pilot.press("escape")  # none: back in the dialog, nothing added
        assert app.screen is dialog
        await pilot.press("enter")
        picker = await wait_for(pilot, lambda: isinstance(app.screen, FeedPicker) and app.screen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    assert subscribed(tmp_path / "data") == [directories.url("/two/feed.xml")]


async def test_a_file_name_or_url_is_not_searched(directories, tmp_path, make_app):
    app = make_app(tmp_path / "data", Config(directories=settings(directories)))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_add(pilot, app, "missing-feed.xml")
        await wait_for(pilot, lambda: dialog.error)
        assert dialog.error == "Cannot add missing-feed.xml: no such file or URL"
    assert directories.requests_to("/itunes/search") == []
