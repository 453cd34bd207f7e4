"""What an 80x24 terminal shows: every text whole or cut between words, podcast names
whole, the counts beside them explained."""

from __future__ import annotations

from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import Input, Label

from tests.ui.conftest import wait_for, wait_ready
from tui.core.config import Config
from tui.core.library import Library
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.queue import QueueScreen
from tui.ui.widgets.episode_browser import PLACEHOLDER, fit_list, fit_words
from tui.ui.widgets.player_bar import idle_title

SMALL = (80, 24)


def lines(widget, count: int) -> list[str]:
    """The first ``count`` lines of ``widget`` as drawn."""
    width = widget.size.width
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, count))]


def test_fit_list_and_fit_words():
    assert fit_list("a: b, c, d", 7) == "a: b, c"
    assert fit_list("a: b, c, d", 2) == "a: b"  # the head stays, whatever the room
    assert fit_words("unknown is: value 'bogus' (new, played)", 30) == "unknown is: value 'bogus'…"
    assert fit_words("short", 30) == "short"


async def test_filter_placeholder_fits_between_examples(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        field = app.main_screen.query_one("#episode-filter", Input)
        shown = field.placeholder
        assert cell_len(shown) <= field.content_size.width
        assert PLACEHOLDER.startswith(shown)
        assert PLACEHOLDER[len(shown) :] == "" or PLACEHOLDER[len(shown) :].startswith(", ")
        assert "podcast:" in shown  # room is not wasted


async def test_filter_hint_is_one_line_cut_between_words(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        await pilot.press("slash", *"is:bogus")
        main = app.main_screen
        await wait_for(pilot, lambda: main.browser.query_text == "is:bogus")
        await pilot.pause()
        hint = main.query_one("#episode-filter-hint", Label)
        full = "; ".join(main.browser.current_query.hints)
        shown = str(hint.render())
        assert hint.size.height == 1
        assert cell_len(shown) <= hint.content_size.width
        assert shown == full or (shown.endswith("…") and full.startswith(shown[:-1] + " "))
        assert hint.tooltip == full
        # The table's header stays right under the filter bar.
        assert main.browser.table.region.y == hint.region.y + 1


async def test_player_bar_idle_line_is_whole(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        title = app.main_screen.query_one("#player-title")
        assert title.content_size.width >= cell_len(idle_title(app))


async def test_podcast_names_whole_and_counts_explained(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        shown = lines(main.podcast_list, 2)
        assert shown[1].split() == ["Data", "Science", "at", "Home", "93"], shown
        header = main.query_one("#podcasts-header")
        assert lines(header, 1)[0].split() == ["Podcasts", "unplayed"]
        assert header.tooltip == "Unplayed episodes of each podcast"
        # The episode titles keep most of the width.
        title = next(c for c in main.browser.table.columns if c.key == "title")
        assert title.width >= 19


async def test_empty_queue_says_how_to_fill_it_with_the_keys_in_force(library_dir, make_app):
    keymap = {"queue.append": "b", "queue.next": "ctrl+b"}
    app = make_app(library_dir, Config(keymap=keymap))
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        await pilot.press("Q")
        await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen.loaded)
        empty = app.screen.query_one(".view-empty", Label)
        text = str(empty.render())
        assert empty.display and not app.screen.table.display
        assert "b adds the highlighted episode" in text and "Ctrl+B puts it next" in text
        # The keys it names do what it says.
        await pilot.press("escape", "b")
        await wait_for(pilot, lambda: len(app.library.queue_ids()) == 1)
        await pilot.press("Q")
        await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen.loaded)
        assert app.screen.table.display and not app.screen.query_one(".view-empty").display


async def test_downloads_view_gives_titles_the_room(tmp_path, library_dir, make_app):
    library = Library.open(library_dir)
    try:
        for episode_id in [episode.id for episode in library.episodes(limit=3)]:
            path = tmp_path / f"{episode_id}.mp3"
            path.write_bytes(b"\\0" * 1_234_567)
            library.set_download(episode_id, str(path))
    finally:
        library.close()
    app = make_app(library_dir)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadsScreen) and app.screen.loaded)
        await pilot.pause()
        table = app.screen.table
        widths = {column.key.value: column.width for column in table.columns.values()}
        # Nothing runs: Size, Speed and ETA take what their texts need, no more.
        assert widths["size"] == len("1.2 MB")
        assert widths["speed"] == len("Speed") and widths["eta"] == len("ETA")
        assert widths["title"] >= 26 and widths["podcast"] >= 12


async def test_podcast_column_takes_what_the_names_need(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        table = app.main_screen.browser.table
        podcast = next(c for c in table.columns if c.key == "podcast")
        title = next(c for c in table.columns if c.key == "title")
        assert podcast.width == len("Data Science at Home")
        assert "Data Science at Home " in table.render_line(1).text
        assert title.width >= podcast.width * 3 // 2  # the titles keep the most room
