"""The sleep timer in the app: its key, its palette commands, the bar, and what it does
when it goes off (the in-memory player; the real audio is checked in tests/session)."""

from __future__ import annotations

import pytest
from textual.command import CommandInput

from tests.ui.conftest import record_notifications, wait_for, wait_ready
from tests.ui.test_playback import bar_text
from tui.core.models import PlayerState, SleepMode
from tui.player.memory import InMemoryPlayer
from tui.ui.widgets.bar_parts import BarText
from tui.ui.widgets.player_bar import sleep_text


def sleep_shown(app) -> str:
    widget = app.query_one("#player-sleep", BarText)
    return widget.text if widget.display and widget.has_class("-shown") else ""


@pytest.mark.parametrize(
    ("left", "shown"),
    [
        (1800.0, "☾ 30m"),
        (1741.0, "☾ 30m"),
        (1740.0, "☾ 29m"),
        (61.0, "☾ 2m"),
        (60.0, "☾ 1:00"),
        (59.2, "☾ 1:00"),
        (59.0, "☾ 0:59"),
        (0.0, "☾ 0:00"),
    ],
)
def test_minutes_while_more_than_one_is_left_then_seconds(left, shown):
    assert sleep_text(SleepMode.TIMER, left) == shown


def test_the_end_and_off():
    assert sleep_text(SleepMode.END, None) == "☾ end"
    assert sleep_text(SleepMode.OFF, None) == ""


async def test_the_key_cycles_and_the_bar_shows_what_is_left(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert sleep_shown(app) == ""
        shown = []
        for _ in range(6):
            await pilot.press("z")
            await pilot.pause()
            shown.append(sleep_shown(app))
        assert shown == ["☾ 15m", "☾ 30m", "☾ 45m", "☾ 60m", "☾ end", ""]
        assert app.playback.snapshot().sleep is SleepMode.OFF
        # The bar still fits 80 columns: speed and volume stay where they were.
        await pilot.press("z")
        await pilot.pause()
        assert bar_text(app, "volume") == "vol 100%"
        sleep_part = app.query_one("#player-sleep", BarText).region
        rate = app.query_one("#player-rate", BarText).region
        title = app.query_one("#player-title", BarText).region
        assert title.right <= sleep_part.x and sleep_part.right <= rate.x
        assert rate.right <= 80 and title.width > 20


async def test_palette_commands_set_each_choice(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        for words, shown in (
            ("sleep in 45", "☾ 45m"),
            ("sleep at the end", "☾ end"),
            ("sleep timer off", ""),
        ):
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: isinstance(app.focused, CommandInput))
            await pilot.press(*words)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await wait_for(pilot, lambda shown=shown: sleep_shown(app) == shown)


async def test_when_it_goes_off_it_pauses_keeps_the_place_and_says_so(library_dir, make_app):
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(library_dir, player=player)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        told = record_notifications(app)
        playing = app.main_screen.browser.highlighted_episode_id
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        player.advance(42)
        app.playback.set_sleep(SleepMode.TIMER, 1.5)
        await pilot.pause()
        assert sleep_shown(app) == "☾ 0:02"
        await wait_for(pilot, lambda: player.state is PlayerState.PAUSED)
        await wait_for(pilot, lambda: sleep_shown(app) == "")
        assert ("Sleep timer: paused; your place is kept", "information") in told
        assert bar_text(app, "state") == "‖ Paused"
        assert bar_text(app, "volume") == "vol 100%" and player.volume == 100
        kept = app.library.episode(playing)
        assert kept.position == pytest.approx(42.0) and not kept.played
        await pilot.press("space")  # a new play starts as usual
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        assert player.volume == 100 and sleep_shown(app) == ""


async def test_beside_an_error_the_bar_still_shows_speed_and_volume(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        bar = app.main_screen.player_bar
        bar.show_message("Cannot play: no working audio output; podtui doctor says why")
        await pilot.press("z")
        await pilot.pause()
        parts = {
            name: app.query_one(f"#player-{name}", BarText).region
            for name in ("message", "sleep", "rate", "volume")
        }
        assert parts["message"].right <= parts["sleep"].x
        assert parts["sleep"].right <= parts["rate"].x
        assert parts["volume"].right <= 80 and parts["volume"].width == 10
