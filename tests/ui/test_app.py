"""The app over real libraries: start state, panes, notes, dialogs, refresh, keys, palette."""

from __future__ import annotations

import os
import signal
import time

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Label, Markdown, Static

from tests.conftest import FIXTURE_RSS
from tests.ui.conftest import (
    FEED_PATH,
    SECOND_FEED,
    build_library,
    record_notifications,
    wait_for,
    wait_ready,
)
from tui.core.config import Config
from tui.core.library import Library
from tui.core.models import PlayerState
from tui.player.memory import InMemoryPlayer
from tui.ui.app import PodtuiApp, styles_dir, stylesheets
from tui.ui.commands import class_bindings
from tui.ui.screens.dialogs import AddFeedDialog, ConfirmDialog, LinkPicker
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.notes import NotesScreen
from tui.ui.widgets.episode_table import EpisodeTable
from tui.ui.widgets.notes_view import NotesView
from tui.ui.widgets.podcast_list import ALL_ID, PodcastList


def count_text(app: PodtuiApp) -> str:
    return str(app.main_screen.query_one("#episode-filter-count", Label).content)


def library_episodes(data_dir):
    library = Library.open(data_dir)
    try:
        return library.episodes()
    finally:
        library.close()


def test_styles_are_found():
    sheets = stylesheets()
    assert sheets[0].name == "app.tcss"
    assert {path.name for path in sheets} >= {"app.tcss", "main.tcss", "dialogs.tcss"}
    assert all(path.parent == styles_dir() and path.is_file() for path in sheets)


async def test_start_state(library_dir, make_app, fixture_episodes):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        table = main.browser.table
        assert isinstance(app.focused, EpisodeTable)
        assert table.row_count == 93
        assert count_text(app) == "93 of 93"
        newest = library_episodes(library_dir)[0]
        assert newest.title == fixture_episodes[0]["title"]
        assert table.highlighted_episode_id == newest.id
        podcasts = main.podcast_list
        assert podcasts.highlighted_option.id == ALL_ID
        assert [p.unplayed_count for p in podcasts.podcasts] == [93]
        assert app.playback is not None


async def test_choosing_a_podcast_filters_the_episodes(tmp_path, make_app):
    root = tmp_path / "two"
    build_library(root, extra=SECOND_FEED)
    app = make_app(root)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        podcasts = main.podcast_list
        assert count_text(app) == "99 of 99"
        await pilot.press("p")
        assert app.focused is podcasts
        titles = {p.title: p for p in podcasts.podcasts}
        order = [option.id for option in podcasts.options]
        second = titles["Namespace Party"]
        await pilot.press(*["down"] * order.index(str(second.id)))
        await wait_for(pilot, lambda: main.browser.podcast_id == second.id)
        assert main.browser.table.row_count == second.episode_count == 6
        assert count_text(app) == "6 of 6"
        await pilot.press("enter")
        assert isinstance(app.focused, EpisodeTable)
        index = main.browser.index
        assert {index.podcast_ids[row] for row in main.browser.table.rows} == {second.id}
        await pilot.press("p", "home")
        await wait_for(pilot, lambda: main.browser.podcast_id is None)
        assert count_text(app) == "99 of 99"


async def test_notes_pane_follows_the_highlight(library_dir, make_app, fixture_episodes):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        view = app.main_screen.notes_view

        def shown() -> tuple[str, str, str]:
            return tuple(
                str(view.query_one(f"#notes-{part}", Label).content)
                for part in ("podcast", "title", "meta")
            )

        podcast, title, meta = shown()
        first = fixture_episodes[0]
        assert podcast == "Data Science at Home"
        assert title == first["title"]
        assert meta == f"{first['date']} · {first['duration']}"
        body = view.query_one("#notes-body", Markdown).source
        assert body.startswith("In 2017 a research group at the University of Washington")
        # Long notes: the pane shows their start (n shows everything).
        more = str(view.query_one("#notes-more", Label).content)
        assert more.endswith("more characters: n shows them all")
        assert len(body) < len(view.notes.markdown)
        # Bare URLs are numbered in the notes and all listed.
        assert "\\[1\\]" in view.notes.markdown
        assert view.links and all(link.startswith("http") for link in view.links)
        listed = str(view.query_one("#notes-links", Static).content)
        assert f"1  {view.links[0]}" in listed
        await pilot.press("down", "down")
        second = app.main_screen.browser.highlighted_episode_id
        await wait_for(pilot, lambda: view.episode_id == second)
        assert shown()[1] == fixture_episodes[2]["title"]


async def test_holding_down_loads_only_the_notes_where_the_cursor_rests(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        loaded: list[int] = []
        show = main.notes_view.show

        async def counting(notes):
            loaded.append(notes.episode.id)
            await show(notes)

        main.notes_view.show = counting  # type: ignore[method-assign]
        # A held key: moves much closer together than the delay before notes load.
        main.notes_delay = 0.5
        table = main.browser.table
        for _ in range(30):
            table.action_cursor_down()
            await pilot.pause(0.02)
        assert loaded == []
        target = main.browser.highlighted_episode_id
        await wait_for(pilot, lambda: main.notes_view.episode_id == target)
        assert loaded == [target]


async def test_full_screen_notes_toggle(library_dir, make_app, fixture_episodes):
    app = make_app(library_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NotesScreen)
        view = app.screen.query_one(NotesView)
        await wait_for(pilot, lambda: view.notes is not None)
        assert view.notes.episode.title == fixture_episodes[0]["title"]
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen)
        assert isinstance(app.focused, EpisodeTable)


async def test_links_are_copied(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        links = app.main_screen.notes_view.links
        await pilot.press("l")
        assert isinstance(app.screen, LinkPicker)
        await pilot.press("2")
        assert isinstance(app.screen, MainScreen)
        assert app.clipboard == links[1]
        assert notes[-1][0] == f"Link 2 copied: {links[1]}"


async def test_help_lists_every_binding(library_dir, make_app):
    config = Config(keymap={"episodes.toggle_played": "x"})
    app = make_app(library_dir, config)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(static.content) for static in app.screen.query(".help-keys"))
        sections = [str(label.content) for label in app.screen.query(".help-section")]
        assert sections[:4] == ["Everywhere", "Library", "Episode list", "Podcast list"]
        assert "Queue" in sections and "Notes" in sections and "Filter" in sections
        lines = {line.strip() for line in text.splitlines()}
        for cls in (PodtuiApp, MainScreen, EpisodeTable, PodcastList, NotesScreen):
            for binding in class_bindings(cls):
                if binding.id != "episodes.toggle_played" and binding.id != "view.play":
                    assert any(line.endswith(binding.tooltip) for line in lines), binding
        # The keymap is applied: m is now x.
        assert "x  Mark the highlighted episode played (or unplayed again)" in lines
        assert "m  Mark the highlighted episode played (or unplayed again)" not in lines
        assert "←  Seek back (10 s by default)" in lines
        filter_help = app.screen.query_one("#help-filter", Markdown).source
        assert "podcast:NAME" in filter_help and "is:new" in filter_help
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        # And the remapped key works.
        episode_id = app.main_screen.browser.highlighted_episode_id
        await pilot.press("x")
        await wait_for(pilot, lambda: app.main_screen.browser.index.status(episode_id) == "played")


async def test_command_palette_offers_the_actions(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"refresh all")

        def prompts() -> list[str]:
            options = app.screen.query_one("CommandList").options
            return [str(option.prompt).split("\n")[0] for option in options]

        await wait_for(pilot, lambda: "Podcast: refresh all" in prompts())
        await pilot.press(*["backspace"] * len("refresh all"), *"mark played")
        await wait_for(pilot, lambda: prompts() and prompts()[0] == "Episode: mark played")
        episode_id = app.main_screen.browser.highlighted_episode_id
        await pilot.press("enter")
        index = app.main_screen.browser.index
        await wait_for(pilot, lambda: index.status(episode_id) == "played")


async def test_add_feed_dialog(tmp_path, library_dir, make_app, http_server):
    http_server.route("/second.xml", SECOND_FEED.read_bytes())
    http_server.route("/gone.xml", b"not here", status=404, content_type="text/plain")
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        await pilot.press("ctrl+n")
        dialog = app.screen
        assert isinstance(dialog, AddFeedDialog)
        field = dialog.query_one("#add-source", Input)
        # An error stays in the dialog.
        field.value = http_server.url("/gone.xml")
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.error)
        assert "404" in dialog.error
        assert app.screen is dialog
        # Empty input is refused in place.
        field.value = " "
        await pilot.press("enter")
        assert dialog.error == "Type words to search for, a feed URL or the path of a feed file"
        field.value = http_server.url("/second.xml")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert notes[-1] == ("Added Namespace Party: 6 episodes", "information")
        main = app.main_screen
        await wait_for(pilot, lambda: count_text(app) == "6 of 6")
        assert main.podcast_list.podcast(main.podcast_list.selected_podcast_id).title == (
            "Namespace Party"
        )
        assert len(main.podcast_list.podcasts) == 2


async def test_add_feed_dialog_cancels(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+n", *"http", "escape")
        assert isinstance(app.screen, MainScreen)
        assert len(app.main_screen.podcast_list.podcasts) == 1


async def test_remove_asks_first(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#confirm-question", Label).content)
        assert "Data Science at Home" in question and "93 episodes" in question
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen)
        assert len(app.main_screen.podcast_list.podcasts) == 1
        await pilot.press("delete")
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: count_text(app) == "0 of 0")
        assert app.main_screen.podcast_list.podcasts == []
        assert ("Removed Data Science at Home", "information") in notes
        assert library_episodes(library_dir) == []


async def test_refresh_failure_is_a_notification_and_keeps_the_episodes(served, make_app):
    root, server = served
    app = make_app(root)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        server.route(FEED_PATH, b"oops", status=500, content_type="text/plain")
        await pilot.press("r")
        await wait_for(pilot, lambda: any(severity == "error" for _, severity in notes))
        message = next(text for text, severity in notes if severity == "error")
        assert message.startswith("Cannot refresh Data Science at Home:")
        assert "500" in message and "\n" not in message
        await wait_for(pilot, lambda: not app.main_screen.refreshing)
        assert count_text(app) == "93 of 93"
        assert len(server.requests_to(FEED_PATH)) == 1


async def test_refresh_all_shows_progress_and_a_summary(served, make_app):
    root, server = served
    app = make_app(root)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        server.route(FEED_PATH, FIXTURE_RSS.read_bytes(), delay=0.3)
        await pilot.press("R")
        status = app.main_screen.query_one("#status-line")
        await wait_for(pilot, lambda: status.has_class("-busy"))
        text = str(app.main_screen.query_one("#status-text", Label).content)
        assert text == "Refreshing 1 feed…"
        await pilot.press("R")  # a second request while one runs
        await wait_for(pilot, lambda: not status.has_class("-busy"))
        assert ("A refresh is already running", "information") in notes
        assert notes[-1] == ("Refreshed Data Science at Home: no new episodes", "information")
        assert len(server.requests_to(FEED_PATH)) == 1


async def test_mark_played_toggles(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        episode_id = main.browser.highlighted_episode_id
        index = main.browser.index
        await pilot.press("m")
        await wait_for(pilot, lambda: main.podcast_list.podcasts[0].unplayed_count == 92)
        assert index.status(episode_id) == "played"
        assert main.notes_view.notes.episode.played
        await wait_for(pilot, lambda: "played" in str(main.query_one("#notes-meta").content))
        assert library_episodes(library_dir)[0].played
        await pilot.press("m")
        await wait_for(pilot, lambda: main.podcast_list.podcasts[0].unplayed_count == 93)
        assert index.status(episode_id) == "new"
        assert not library_episodes(library_dir)[0].played


async def test_enter_plays_and_space_pauses(library_dir, make_app):
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(library_dir, player=player)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        newest = library_episodes(library_dir)[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        assert player.calls[0][:2] == ("play", newest.enclosure_url)
        title = str(app.main_screen.query_one("#player-title").text)
        assert title == f"Data Science at Home — {newest.title}"
        await pilot.press("space")
        assert player.state is PlayerState.PAUSED
    assert player.closed


async def test_layout_follows_the_terminal_size(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        notes, browser = main.notes_view, main.browser
        assert notes.display
        assert notes.region.y > browser.region.y and notes.region.x == browser.region.x
        await pilot.resize_terminal(200, 60)
        await wait_for(pilot, lambda: main.has_class("-wide"))
        await pilot.pause()
        assert notes.region.x > browser.region.x and notes.region.y == browser.region.y
        await pilot.resize_terminal(80, 16)
        await wait_for(pilot, lambda: main.has_class("-short"))
        await pilot.pause()
        assert not notes.region  # hidden: n shows the notes over the whole screen


async def test_every_theme_loads(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        table = main.browser.table
        title = main.notes_view.query_one("#notes-title")
        for name in sorted(app.available_themes):
            app.theme = name
            await pilot.pause()
            # The highlighted row and the notes' title stand out in every theme.
            cursor = table.get_component_rich_style("episode-table--cursor")
            assert cursor.bgcolor != table.rich_style.bgcolor, name
            assert title.rich_style.color != title.rich_style.bgcolor, name


async def test_config_theme_is_applied(library_dir, make_app):
    app = make_app(library_dir, Config(theme="nord"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert app.theme == "nord"


async def test_an_unusable_data_dir_is_a_message(tmp_path, make_app):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    app = make_app(blocker / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        notes = record_notifications(app)
        await wait_for(pilot, lambda: notes)
        assert notes[0][1] == "error" and "cannot create data dir" in notes[0][0]
        assert app.library is None
        await pilot.press("a", "enter", "m")  # nothing to act on: nothing happens
        assert isinstance(app.screen, MainScreen)


async def test_an_empty_library_says_how_to_start(tmp_path, make_app):
    app = make_app(tmp_path / "new")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.ready)
        await pilot.pause()
        assert count_text(app) == "0 of 0"
        message = app.main_screen.notes_view.query_one("#notes-empty", Label)
        assert str(message.content) == "No episodes yet: press Ctrl+N to add a podcast"
        assert app.main_screen.browser.highlighted_episode_id is None


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_feed_text_is_never_markup(tmp_path, make_app, size):
    from tui.core.models import ParsedEpisode, ParsedFeed

    root = tmp_path / "hostile"
    library = Library.open(root)
    podcast = library.subscribe("https://example.com/x.xml")
    hostile = ParsedEpisode(
        title="[b]bold[/b] [link=http://x]x[/link]",
        guid="x",
        published=int(time.time()),
        notes="<p>[red]notes[/red]</p>",
    )
    library.store_feed(podcast.id, ParsedFeed(title="[i]Pod[/i]", episodes=[hostile]))
    library.close()
    app = make_app(root)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        view = app.main_screen.notes_view
        assert str(view.query_one("#notes-title", Label).content) == hostile.title
        assert str(view.query_one("#notes-podcast", Label).content) == "[i]Pod[/i]"
        title_line = "".join(s.text for s in view.query_one("#notes-title", Static).render_line(0))
        assert title_line.startswith(hostile.title)


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM])
async def test_a_hang_up_saves_the_position_and_quits(library_dir, make_app, number):
    # A dropped SSH session sends SIGHUP: what was playing keeps its place.
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(library_dir, player=player)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        episode_id = app.playback.episode.id
        player.advance(42)
        os.kill(os.getpid(), number)
        await wait_for(pilot, lambda: player.closed)
    library = Library.open(library_dir)
    try:
        assert library.episode(episode_id).position == pytest.approx(42)
    finally:
        library.close()
