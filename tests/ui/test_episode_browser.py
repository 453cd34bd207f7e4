"""The episode browser (filter bar + virtual table) in a small Textual app over a real library."""

from __future__ import annotations

import calendar
import sqlite3
from contextlib import closing

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Input, Label

from tests.conftest import FIXTURE_RSS
from tui.core.feeds.parse import parse_feed
from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.core.search import EpisodeIndex
from tui.core.text import fold
from tui.ui.widgets.episode_browser import EpisodeBrowser
from tui.ui.widgets.episode_table import EpisodeTable

WIDE_TITLE = "数据科学 🎙️ weekly: a very long title with wide characters " * 3


def espresso(number: int) -> ParsedEpisode:
    return ParsedEpisode(
        title=f"Espresso basics part {number}",
        guid=f"espresso-{number}",
        published=calendar.timegm((2024, 1, number, 8, 0, 0, 0, 0, 0)),
        duration=600 * number,
        enclosure_url=f"https://example.com/espresso-{number}.mp3",
        notes="<p>All about <b>crema</b> and grind size</p>",
    )


def make_library(root, *, index_notes: bool = True) -> Library:
    library = Library.open(root)
    science = library.subscribe("https://example.com/datascienceathome.rss")
    library.store_feed(science.id, parse_feed(FIXTURE_RSS.read_bytes()))
    cafe = library.subscribe("https://example.com/cafe.xml")
    wide = ParsedEpisode(
        title=WIDE_TITLE.strip(),
        guid="wide",
        published=calendar.timegm((2023, 6, 1, 0, 0, 0, 0, 0, 0)),
        duration=60,
    )
    episodes = [espresso(number) for number in range(1, 6)] + [wide]
    library.store_feed(cafe.id, ParsedFeed(title="Café Chats", episodes=episodes))
    while index_notes and library.index_notes():
        pass
    return library


@pytest.fixture
def library(tmp_path):
    lib = make_library(tmp_path / "data")
    yield lib
    lib.close_search()
    lib.close()


class Host(App):
    def __init__(self, index: EpisodeIndex) -> None:
        super().__init__()
        self.index = index
        self.events: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield EpisodeBrowser(self.index)

    def on_episode_table_highlighted(self, message: EpisodeTable.Highlighted) -> None:
        self.events.append(("highlighted", message.episode_id))

    def on_episode_table_selected(self, message: EpisodeTable.Selected) -> None:
        self.events.append(("selected", message.episode_id))

    def on_episode_table_sort_changed(self, message: EpisodeTable.SortChanged) -> None:
        self.events.append(("sort", message.key, message.reverse))


def parts(app: Host) -> tuple[EpisodeBrowser, EpisodeTable, Input]:
    browser = app.query_one(EpisodeBrowser)
    return browser, browser.table, browser.filter_input


def count_text(app: Host) -> str:
    return str(app.query_one("#episode-filter-count", Label).render())


def shown_titles(table: EpisodeTable) -> list[str]:
    assert table.index is not None
    return [table.index.titles[row] for row in table.rows]


def line(table: EpisodeTable, y: int) -> str:
    return table.render_line(y).text


def newest_first(library: Library) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(library.path)) as db:
        rows = db.execute("SELECT id, title FROM episodes ORDER BY published DESC, id DESC")
        return [(row[0], row[1]) for row in rows]


async def test_loads_newest_first_with_the_table_focused(library):
    index = EpisodeIndex.from_library(library)
    app = Host(index)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        browser, table, _ = parts(app)
        episodes = newest_first(library)
        assert app.focused is table
        assert table.cursor == 0
        assert browser.highlighted_episode_id == episodes[0][0]
        assert app.events[0] == ("highlighted", episodes[0][0])
        total = library.episode_count()
        assert count_text(app) == f"{total} of {total}"
        assert "Title" in line(table, 0) and "Date ▼" in line(table, 0)
        assert episodes[0][1][:30] in line(table, 1)
        assert episodes[1][1][:30] in line(table, 2)


async def test_keyboard_navigation_and_enter(library):
    app = Host(EpisodeIndex.from_library(library))
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, _ = parts(app)
        episodes = newest_first(library)
        await pilot.press("j", "down")
        assert table.cursor == 2
        await pilot.press("k")
        assert table.cursor == 1
        await pilot.press("end")
        assert table.cursor == len(episodes) - 1
        assert browser.highlighted_episode_id == episodes[-1][0]
        assert int(table.scroll_y) > 0  # the cursor was scrolled into view
        await pilot.press("home")
        assert table.cursor == 0 and int(table.scroll_y) == 0
        await pilot.press("pagedown")
        page = table.cursor
        assert page > 5
        await pilot.press("pageup")
        assert table.cursor == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert ("selected", episodes[1][0]) in app.events
        highlighted = [event[1] for event in app.events if event[0] == "highlighted"]
        assert highlighted[:3] == [episodes[0][0], episodes[1][0], episodes[2][0]]


async def test_mouse_click_selects_and_double_click_chooses(library):
    app = Host(EpisodeIndex.from_library(library))
    async with app.run_test(size=(120, 30)) as pilot:
        _, table, _ = parts(app)
        episodes = newest_first(library)
        await pilot.click(EpisodeTable, offset=(10, 4))  # line 4 = the fourth episode
        await pilot.pause()
        assert table.cursor == 3
        assert ("selected", episodes[3][0]) not in app.events
        await pilot.double_click(EpisodeTable, offset=(10, 5))
        await pilot.pause()
        assert table.cursor == 4
        assert ("selected", episodes[4][0]) in app.events


async def test_typing_narrows_enter_returns_escape_restores(library):
    index = EpisodeIndex.from_library(library)
    app = Host(index)
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, field = parts(app)
        total = library.episode_count()
        await pilot.press("down", "down", "down", "down")
        before = browser.highlighted_episode_id
        assert shown_titles(table)[table.cursor] == "Espresso basics part 1"
        await pilot.press("slash")
        assert app.focused is field
        await pilot.press(*"Espr")
        assert count_text(app) == f"5 of {total}"
        assert shown_titles(table) == [f"Espresso basics part {n}" for n in range(5, 0, -1)]
        assert table.cursor == 0
        await pilot.press(*"esso part 3")
        assert count_text(app) == f"1 of {total}"
        assert shown_titles(table) == ["Espresso basics part 3"]
        await pilot.press("enter")
        assert app.focused is table
        assert field.value == "Espresso part 3"
        await pilot.press("escape")
        assert field.value == ""
        assert count_text(app) == f"{total} of {total}"
        assert app.focused is table
        # The episode found stays highlighted in the full list.
        assert shown_titles(table)[table.cursor] == "Espresso basics part 3"
        assert browser.highlighted_episode_id != before


async def test_escape_in_the_filter_and_no_matches(library):
    app = Host(EpisodeIndex.from_library(library))
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, field = parts(app)
        total = library.episode_count()
        await pilot.press("slash", *"xyzzy")
        assert count_text(app) == f"0 of {total}"
        assert "No episodes match the filter" in line(table, 1)
        assert browser.highlighted_episode_id is None
        await pilot.press("escape")
        assert field.value == "" and app.focused is table
        assert table.row_count == total
        # With nothing to clear, Escape is left to the app.
        await pilot.press("escape")
        assert table.row_count == total


async def test_tokens_podcast_status_and_hints(library):
    index = EpisodeIndex.from_library(library)
    ids = {title: index.episode_id(row) for row, title in enumerate(index.titles)}
    for number in (2, 4):
        index.update(ids[f"Espresso basics part {number}"], played=True)
    app = Host(index)
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, _ = parts(app)
        total = library.episode_count()
        await pilot.press("slash", *'podcast:"café chats" is:played')
        assert count_text(app) == f"2 of {total}"
        assert shown_titles(table) == ["Espresso basics part 4", "Espresso basics part 2"]
        await pilot.press(*" longer:35m")
        assert shown_titles(table) == ["Espresso basics part 4"]
        hint = app.query_one("#episode-filter-hint", Label)
        assert not hint.display
        await pilot.press(*" is:foo")
        assert hint.display
        assert "unknown is: value 'foo'" in str(hint.render())
        assert shown_titles(table) == ["Espresso basics part 4"]  # the bad token is ignored
        browser.set_filter("crema")  # notes only
        await pilot.pause()
        assert count_text(app) == f"5 of {total}"
        assert not hint.display


async def test_sort_by_key_and_by_header_click(library):
    index = EpisodeIndex.from_library(library)
    app = Host(index)
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, _ = parts(app)
        kept = browser.highlighted_episode_id
        await pilot.press("o")
        await pilot.pause()
        assert ("sort", "title", False) in app.events
        assert "Title ▲" in line(table, 0)
        shown = shown_titles(table)
        assert [fold(t) for t in shown] == sorted(fold(t) for t in shown)
        assert browser.highlighted_episode_id == kept  # sorting keeps the episode
        await pilot.press("O")
        await pilot.pause()
        assert "Title ▼" in line(table, 0)
        assert [fold(t) for t in shown_titles(table)] == sorted(
            (fold(t) for t in shown), reverse=True
        )
        length = next(column for column in table.columns if column.key == "duration")
        await pilot.click(EpisodeTable, offset=(length.x + 1, 0))
        await pilot.pause()
        assert ("sort", "duration", False) in app.events
        durations = [index.durations[row] for row in table.rows if index.durations[row] >= 0]
        assert durations == sorted(durations)
        assert "Length ▲" in line(table, 0)
        await pilot.click(EpisodeTable, offset=(length.x + 1, 0))
        await pilot.pause()
        assert ("sort", "duration", True) in app.events
        durations = [index.durations[row] for row in table.rows if index.durations[row] >= 0]
        assert durations == sorted(durations, reverse=True)
        assert "Length ▼" in line(table, 0)


async def test_status_column_and_refresh_episode(library):
    index = EpisodeIndex.from_library(library)
    app = Host(index)
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, _ = parts(app)
        first, second = (index.episode_id(row) for row in table.rows[:2])
        assert line(table, 1).rstrip().endswith("new")
        index.update(first, played=True)
        browser.refresh_episode(first)
        duration = index.durations[index.row_of(second)]
        index.update(second, position=duration * 0.5, queued=True)
        index.set_progress(second, 0.25)
        browser.refresh_episode(second)
        await pilot.pause()
        assert line(table, 1).rstrip().endswith("played")
        assert line(table, 2).rstrip().endswith("▶ 50% ≡ ↓ 25%")


async def test_podcast_scope(library):
    index = EpisodeIndex.from_library(library)
    cafe = library.find_podcast("Café Chats").id
    app = Host(index)
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, _ = parts(app)
        browser.show_podcast(cafe)
        await pilot.pause()
        assert count_text(app) == "6 of 6"
        assert {index.podcast_ids[row] for row in table.rows} == {cafe}
        await pilot.press("slash", *"espresso")
        assert count_text(app) == "5 of 6"
        browser.show_podcast(None)
        await pilot.pause()
        assert count_text(app) == f"5 of {library.episode_count()}"


@pytest.mark.parametrize("width", [80, 200])
async def test_layout_fits_the_width(library, width):
    index = EpisodeIndex.from_library(library)
    app = Host(index)
    async with app.run_test(size=(width, 30)) as pilot:
        browser, table, _ = parts(app)
        browser.set_filter("weekly")
        await pilot.pause()
        rendered = line(table, 1)
        usable = table.scrollable_content_region.width
        assert cell_len(rendered) == table.size.width
        assert "数据科学 🎙️" in rendered
        title = next(column for column in table.columns if column.key == "title")
        assert title.width == usable - sum(c.width + 1 for c in table.columns if c is not title) - 2
        assert rendered.rstrip().endswith("new")
        assert "…" in rendered  # the long title is cut with an ellipsis
        assert "2023-06-01" in rendered and " 1:00 " in rendered
        if width >= 100:
            assert "Café Chats" in rendered
        browser.clear_filter()
        await pilot.pause()
        for y in range(1, 6):
            assert cell_len(line(table, y)) == table.size.width


async def test_notes_indexed_in_the_background(tmp_path):
    library = make_library(tmp_path / "data", index_notes=False)
    index = EpisodeIndex.from_library(library)
    app = Host(index)
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, _ = parts(app)
        browser.set_filter("crema")
        await pilot.pause()
        assert table.row_count == 0
        browser.index_notes_in_background(library, batch=20)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert library.pending_notes() == 0
        assert shown_titles(table) == [f"Espresso basics part {n}" for n in range(5, 0, -1)]
    library.close_search()
    library.close()


async def test_sort_key_cycles_through_shown_columns_only(library):
    app = Host(EpisodeIndex.from_library(library))
    async with app.run_test(size=(60, 30)) as pilot:  # too narrow for the Podcast column
        _, table, _ = parts(app)
        shown = {column.key for column in table.columns}
        assert "podcast" not in shown
        seen = []
        for _ in range(6):
            await pilot.press("o")
            await pilot.pause()
            seen.append(table.sort_key)
            header = line(table, 0)
            assert "▲" in header or "▼" in header, header
        assert set(seen) == {"date", "title", "duration"}  # no hidden column, no best match


async def test_best_match_offered_only_while_filtering_by_words(library):
    app = Host(EpisodeIndex.from_library(library))
    async with app.run_test(size=(120, 30)) as pilot:
        browser, table, _ = parts(app)
        browser.set_filter("crema")
        await pilot.pause()
        seen = []
        for _ in range(5):
            await pilot.press("o")
            await pilot.pause()
            seen.append(table.sort_key)
        assert "relevance" in seen
        while table.sort_key != "relevance":
            await pilot.press("o")
            await pilot.pause()
        assert "Title (best match) ▼" in line(table, 0)
        browser.clear_filter()
        await pilot.pause()
        assert table.sort_key == "date"
        assert "best match" not in line(table, 0) and "Date ▼" in line(table, 0)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
async def test_header_marks_the_order_at_every_width(library, width):
    app = Host(EpisodeIndex.from_library(library))
    async with app.run_test(size=(width, 20)) as pilot:
        _, table, _ = parts(app)
        for key in ("date", "title", "podcast", "duration"):
            for reverse in (False, True):
                table.set_sort(key, reverse)
                await pilot.pause()
                header = line(table, 0)
                assert ("▼" in header) != ("▲" in header), (key, reverse, header)
