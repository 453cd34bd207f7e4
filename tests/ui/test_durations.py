"""One way of writing a length, one rounding: the table, the player bar, the queue view and
the notes agree on what an episode lasts."""

from __future__ import annotations

import calendar
import time

from textual.widgets import DataTable

from tests.ui.conftest import wait_for, wait_ready
from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed, PlayerState
from tui.player.memory import InMemoryPlayer
from tui.ui.widgets.bar_parts import BarText

AUDIO = "http://127.0.0.1:9/clip.mp3"


def short_episode_library(root) -> None:
    """The newest episode lasts 6 s by its feed; its audio is 5.6 s long."""
    library = Library.open(root)
    try:
        show = library.subscribe("http://127.0.0.1:9/short.xml")
        clip = ParsedEpisode(
            title="A short clip",
            guid="clip",
            published=calendar.timegm(time.gmtime()) + 86400,
            duration=6,
            enclosure_url=AUDIO,
            enclosure_type="audio/mpeg",
        )
        library.store_feed(show.id, ParsedFeed(title="Short Radio", episodes=[clip]))
    finally:
        library.close()


async def test_the_table_and_the_player_write_a_length_alike(tmp_path, make_app):
    root = tmp_path / "library"
    short_episode_library(root)
    player = InMemoryPlayer(durations={AUDIO: 5.6})
    app = make_app(root, player=player)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_ready(pilot)
        table = app.main_screen.browser.table
        row = table.render_line(1).text
        assert "A short clip" in row
        assert " 0:06 " in row and "0:00:06" not in row
        await pilot.press("a", "Q")
        await wait_for(pilot, lambda: app.screen.query(DataTable))
        view = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: view.row_count == 1)
        assert str(view.get_row_at(0)[3]).strip() == "0:06"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        app.main_screen.player_bar.sync()
        await pilot.pause()
        assert app.query_one("#player-total", BarText).text.strip() == "0:06"
        player.advance(5.5)
        app.main_screen.player_bar.sync()
        assert app.query_one("#player-elapsed", BarText).text.strip() == "0:06"
