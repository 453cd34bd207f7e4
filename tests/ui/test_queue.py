"""The play queue in the app, over a real library file: the keys of the episode list
(a, A), the queue view (d, K/J, Shift+Up/Down, x with its confirmation, Enter, Q), the
total line, the status column's marks, persistence across runs, auto-advance."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import DataTable

from tests.ui.conftest import wait_for, wait_ready
from tui.core.library import Library
from tui.core.models import PlayerState
from tui.core.text import format_duration, format_span
from tui.player.memory import InMemoryPlayer
from tui.session import next_place
from tui.ui.app import PodtuiApp
from tui.ui.screens.dialogs import ConfirmDialog
from tui.ui.screens.main import MainScreen
from tui.ui.screens.queue import QueueScreen, queue_total, time_left

SIZE = (120, 36)


def record_notifications(app: PodtuiApp) -> list[str]:
    seen: list[str] = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        seen.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return seen


def queued(app: PodtuiApp) -> list[int]:
    assert app.library is not None
    return app.library.queue_ids()


def marked(app: PodtuiApp, episode_id: int) -> bool:
    """The status column shows the episode as queued."""
    return "≡" in app.main_screen.browser.index.status(episode_id)


def newest_ids(app: PodtuiApp, count: int) -> list[int]:
    """The first ``count`` episodes of the table (newest first)."""
    index = app.main_screen.browser.index
    return [index.ids[row] for row in app.main_screen.browser.table.rows[:count]]


async def open_queue(pilot) -> QueueScreen:
    await pilot.press("Q")
    screen = await wait_for(pilot, lambda: isinstance(pilot.app.screen, QueueScreen))
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.loaded)
    return screen


def shown_ids(screen: QueueScreen) -> list[int]:
    table = screen.query_one(DataTable)
    return [
        int(table.coordinate_to_cell_key((row, 0)).row_key.value) for row in range(table.row_count)
    ]


# -- pure parts ---------------------------------------------------------------------------------


def test_next_place():
    assert next_place([], None, 5) == 0
    assert next_place([1, 2, 3], None, 5) == 0  # nothing playing: at the front
    assert next_place([1, 2, 3], 9, 5) == 0  # playing, not queued: at the front
    assert next_place([1, 2, 3], 2, 5) == 2  # right after the playing episode
    assert next_place([1, 2, 3], 3, 1) == 2  # the episode itself leaves its place first


def test_queue_total_words(library_dir):
    library = Library.open(library_dir)
    try:
        episodes = library.episodes(limit=3)
    finally:
        library.close()
    assert queue_total([]).startswith("The queue is empty")
    one = episodes[0]
    assert queue_total([one]) == f"1 episode, {format_span(one.duration)} left"
    one.duration = None
    assert time_left(one) is None
    total = sum(e.duration for e in episodes[1:])
    assert queue_total(episodes) == (
        f"3 episodes, {format_span(total)} left (and 1 of unknown length)"
    )


# -- the episode list's keys ------------------------------------------------------------------


async def test_a_appends_and_A_puts_next(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        first, second, third, fourth, fifth = newest_ids(app, 5)
        assert not marked(app, first)
        await pilot.press("a")
        await wait_for(pilot, lambda: queued(app) == [first])
        await wait_for(pilot, lambda: marked(app, first))
        assert notes[-1].startswith("Queued at 1 of 1: ")
        await pilot.press("down", "a")
        await wait_for(pilot, lambda: queued(app) == [first, second])
        # Nothing plays: A puts the episode at the front.
        await pilot.press("down", "A")
        await wait_for(pilot, lambda: queued(app) == [third, first, second])
        assert notes[-1].startswith("Queued next: ")
        assert all(marked(app, i) for i in (first, second, third))
        assert not marked(app, fourth)
        # Playing an episode from the table leaves the queue as it is.
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: app.playback.state is PlayerState.PLAYING)
        assert app.playback.episode.id == first
        assert queued(app) == [third, first, second]
        # A now puts the episode right after the playing (queued) one.
        await pilot.press("down", "down", "down", "A")
        await wait_for(pilot, lambda: queued(app) == [third, first, fourth, second])
        # Playing an episode that is not queued: A puts the next one at the front.
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.playback.episode.id == fifth)
        await pilot.press("up", "up", "A")
        await wait_for(pilot, lambda: queued(app) == [third, first, fourth, second])
        await pilot.press("up", "A")
        await wait_for(pilot, lambda: queued(app) == [second, third, first, fourth])
        # a on a queued episode moves it to the end.
        await pilot.press("a")
        await wait_for(pilot, lambda: queued(app) == [third, first, fourth, second])


# -- the queue view -------------------------------------------------------------------------


async def test_queue_view_keys(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        ids = newest_ids(app, 4)
        await pilot.press("a", "down", "a", "down", "a", "down", "a")
        await wait_for(pilot, lambda: queued(app) == ids)
        screen = await open_queue(pilot)
        assert shown_ids(screen) == ids
        assert screen.highlighted_id == ids[0]
        # K/J, Shift+Up/Down move the highlighted episode; the cursor stays on it.
        await pilot.press("J")
        await wait_for(pilot, lambda: queued(app) == [ids[1], ids[0], ids[2], ids[3]])
        await wait_for(pilot, lambda: shown_ids(screen) == queued(app))
        assert screen.highlighted_id == ids[0]
        await pilot.press("shift+down")
        await wait_for(pilot, lambda: queued(app) == [ids[1], ids[2], ids[0], ids[3]])
        await pilot.press("K")
        await wait_for(pilot, lambda: queued(app) == [ids[1], ids[0], ids[2], ids[3]])
        await pilot.press("shift+up")
        await wait_for(pilot, lambda: queued(app) == ids)
        await pilot.press("K")  # already first: stays
        await pilot.pause()
        await wait_for(pilot, lambda: shown_ids(screen) == ids)
        assert screen.highlighted_id == ids[0]
        # d removes the highlighted episode; its mark goes.
        await pilot.press("down", "d")
        await wait_for(pilot, lambda: queued(app) == [ids[0], ids[2], ids[3]])
        await wait_for(pilot, lambda: shown_ids(screen) == [ids[0], ids[2], ids[3]])
        assert not marked(app, ids[1]) and marked(app, ids[2])
        assert screen.highlighted_id == ids[2]
        # X (as on the main screen) asks first: No keeps the queue, Yes empties it.
        await pilot.press("x")  # not a key here
        assert app.screen is screen
        await pilot.press("X")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert app.screen is screen
        assert queued(app) == [ids[0], ids[2], ids[3]]
        await pilot.press("X")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait_for(pilot, lambda: queued(app) == [])
        await wait_for(pilot, lambda: shown_ids(screen) == [])
        assert screen.total_text == "No episodes queued"
        assert str(screen.query_one(".view-empty").render()).startswith("The queue is empty.")
        assert not any(marked(app, i) for i in ids)
        # Q closes the view again.
        await pilot.press("Q")
        assert isinstance(app.screen, MainScreen)


async def test_total_line(library_dir, make_app):
    library = Library.open(library_dir)
    try:
        episodes = library.episodes(limit=5)
        library.queue_add([e.id for e in episodes])
        library.save_position(episodes[1].id, 100.0)
        library.set_played([episodes[2].id])
    finally:
        library.close()
    left = sum(e.duration for e in episodes) - 100
    app = make_app(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_queue(pilot)
        assert screen.total_text == f"5 episodes, {format_span(left)} left"
        table = screen.query_one(DataTable)
        row = [str(cell).strip() for cell in table.get_row_at(1)]
        assert row[0] == "2"
        assert row[1] == episodes[1].podcast
        assert row[3] == format_duration(episodes[1].duration - 100)


async def test_enter_plays_now_and_the_queue_stays(library_dir, make_app):
    player = InMemoryPlayer()
    app = make_app(library_dir, player=player)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        ids = newest_ids(app, 3)
        app.library.queue_add(ids)
        screen = await open_queue(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        assert app.playback.episode.id == ids[1]
        assert player.source == app.library.episode(ids[1]).enclosure_url
        assert queued(app) == ids
        assert app.screen is screen
        # The playing episode is marked in the view.
        table = screen.query_one(DataTable)
        await wait_for(pilot, lambda: str(table.get_row_at(1)[0]).strip() == "▶2")
        # The app's keys work from here: right seeks, space pauses.
        before = player.position
        await pilot.press("right")
        assert player.position == before + app.config.seek_forward
        await pilot.press("space")
        assert player.state is PlayerState.PAUSED


async def test_auto_advance_updates_the_view(library_dir, make_app):
    player = InMemoryPlayer(default_duration=2.0)
    app = make_app(library_dir, player=player)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        ids = newest_ids(app, 3)
        app.library.queue_add(ids)
        screen = await open_queue(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        player.advance(3.0)  # the end: played, out of the queue, the next one starts
        await wait_for(pilot, lambda: app.playback.episode.id == ids[1])
        await wait_for(pilot, lambda: shown_ids(screen) == ids[1:])
        assert queued(app) == ids[1:]
        assert not marked(app, ids[0])


async def test_queue_survives_quitting(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        ids = newest_ids(app, 3)
        await pilot.press("a", "down", "a", "down", "A")
        order = [ids[2], ids[0], ids[1]]
        await wait_for(pilot, lambda: queued(app) == order)
    again = make_app(library_dir)
    async with again.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert all(marked(again, i) for i in order)
        screen = await open_queue(pilot)
        assert shown_ids(screen) == order


async def test_palette_commands(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        ids = newest_ids(app, 2)
        app.library.queue_add(ids)

        def prompts() -> list[str]:
            options = app.screen.query_one("CommandList").options
            return [str(option.prompt).split("\n")[0] for option in options]

        def search(text: str) -> None:
            app.screen.query_one("#--input Input").value = text

        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        search("downloads")
        await wait_for(pilot, lambda: "Downloads: show" in prompts())
        search("queue: clear")
        await wait_for(pilot, lambda: prompts() and prompts()[0] == "Queue: clear")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: queued(app) == [])
        await pilot.press("ctrl+p")
        search("queue: show")
        await wait_for(pilot, lambda: prompts() and prompts()[0] == "Queue: show")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen))
        # W switches to the downloads view, Q back; Escape closes.
        await pilot.press("W")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DownloadsScreen")
        await pilot.press("Q")
        await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen))
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
