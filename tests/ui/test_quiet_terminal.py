"""Over SSH every repaint is bytes on the wire: no input blinks its cursor (each blink
repaints the input's whole line), and a paused player repaints nothing."""

from __future__ import annotations

import pytest
from textual.command import CommandInput
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label

from tests.shows import episode, make_library
from tests.ui.conftest import open_transcript, wait_for, wait_ready
from tui.core.models import PlayerState, SleepMode
from tui.core.text import format_duration
from tui.player.memory import InMemoryPlayer
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.notes import NotesScreen
from tui.ui.screens.queue import QueueScreen
from tui.ui.widgets.bar_parts import BarText
from tui.ui.widgets.player_bar import PlayerBar
from tui.ui.widgets.transcript_lines import GUTTER


async def test_no_input_blinks_its_cursor(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        browser = app.main_screen.browser
        assert browser.filter_input.cursor_blink  # Textual's default, before it has focus
        await pilot.press("slash")
        await wait_for(pilot, lambda: app.focused is browser.filter_input)
        await pilot.pause()
        assert browser.filter_input.cursor_blink is False
        await pilot.press("enter", "ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        await pilot.pause()
        assert app.focused.id == "add-source" and app.focused.cursor_blink is False
        await pilot.press("escape", "ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.focused, CommandInput))
        await pilot.pause()
        assert app.focused.cursor_blink is False


async def test_a_paused_bar_with_the_filter_focused_repaints_nothing(library_dir, make_app):
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(library_dir, player=player)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        player.advance(12)
        await pilot.press("space")
        await wait_for(pilot, lambda: player.state is PlayerState.PAUSED)
        await pilot.press("slash")
        browser = app.main_screen.browser
        await wait_for(pilot, lambda: app.focused is browser.filter_input)
        await pilot.pause()
        bar = app.main_screen.player_bar
        assert not bar.polling
        repaints: list[str] = []
        for widget in (*bar.query(BarText), browser.filter_input):
            refresh = widget.refresh

            def counting(*args, _widget=widget, _refresh=refresh, **kwargs):
                repaints.append(_widget.id or type(_widget).__name__)
                return _refresh(*args, **kwargs)

            widget.refresh = counting  # type: ignore[method-assign]
        for _ in range(3):
            bar.poll()  # a tick, as the timer would give it if it ran
            await pilot.pause()
        await pilot.pause(1.2)  # longer than two blinks of Textual's cursor (0.5 s each)
        assert repaints == []
        assert isinstance(bar, PlayerBar)


async def test_a_screen_over_the_player_is_not_repainted_by_its_clock(library_dir, make_app):
    """Textual hands a repaint under the top screen to that screen, which repaints in full:
    a ticking clock under the notes cost kilobytes a second. What is covered waits."""
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(library_dir, player=player)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        playing = main.browser.highlighted_episode_id
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        bar = main.player_bar
        for key, screen_type in (("n", NotesScreen), ("Q", QueueScreen), ("f1", HelpScreen)):
            await pilot.press(key)
            await wait_for(
                pilot, lambda screen_type=screen_type: isinstance(app.screen, screen_type)
            )
            await pilot.pause(0.1)
            top = app.screen
            repaints: list[tuple] = []
            refresh = top.refresh

            def counting(*args, _refresh=refresh, _seen=repaints, **kwargs):
                _seen.append(args)
                return _refresh(*args, **kwargs)

            top.refresh = counting  # type: ignore[method-assign]
            for _ in range(3):
                player.advance(2)
                bar.poll()
                await pilot.pause(0.05)
            app.playback.save_position()  # the table's "▶ N%" of the playing episode
            await pilot.pause(0.1)
            assert repaints == [], key
            top.refresh = refresh  # type: ignore[method-assign]
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is main)
            await pilot.pause()
            # Back on top, the bar and the row show where the episode is.
            shown = app.query_one("#player-elapsed", BarText).text.strip()
            assert shown == format_duration(player.position)
            table = main.browser.table
            assert "▶" in table.index.status(playing)
            assert any("▶" in table.render_line(y).text for y in range(1, 8))


async def test_the_sleep_timer_is_repainted_once_a_minute_and_not_while_held(library_dir, make_app):
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(library_dir, player=player)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        await pilot.press("z", "z")  # 30 minutes
        await pilot.pause()
        bar = app.main_screen.player_bar
        part = app.query_one("#player-sleep", BarText)
        assert part.text == "☾ 30m"
        repaints: list[str] = []
        refresh = part.refresh

        def counting(*args, **kwargs):
            repaints.append(part.text)
            return refresh(*args, **kwargs)

        part.refresh = counting  # type: ignore[method-assign]
        for _ in range(4):
            bar.poll()  # ticks while it runs: still 30 minutes
            await pilot.pause()
        assert repaints == []
        for half_seconds in range(241):  # two minutes of ticks, as the timer would give
            bar.show_sleep(SleepMode.TIMER, 1800 - half_seconds / 2, running=False)
        await pilot.pause()
        assert repaints == ["☾ 29m", "☾ 28m"]
        repaints.clear()
        await pilot.press("space")  # paused: the timer holds, nothing is repainted
        await wait_for(pilot, lambda: player.state is PlayerState.PAUSED)
        await pilot.pause()
        repaints.clear()
        for _ in range(3):
            bar.poll()
            await pilot.pause()
        await pilot.pause(1.2)
        assert repaints == []
        assert not bar.polling


async def test_following_a_transcript_repaints_only_when_the_cue_changes(
    tmp_path, http_server, make_app
):
    """While the cue spoken stays the same the transcript repaints nothing; when it
    changes, only the gutters of the old and the new cue (a few cells each)."""
    cues = "".join(
        f"00:{2 * n:02d}.000 --> 00:{2 * n + 2:02d}.000\n<v Host>Cue number {n}.\n\n"
        for n in range(8)
    )
    http_server.route("/t.vtt", f"WEBVTT\n\n{cues}".encode(), content_type="text/vtt")
    library = make_library(
        tmp_path / "data",
        [episode(1, transcript_url=http_server.url("/t.vtt"), transcript_type="text/vtt")],
    )
    library.close()
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(tmp_path / "data", player=player)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        view = await open_transcript(pilot, 8)
        screen = app.screen
        await pilot.press("enter")  # plays from the first cue
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING and screen.polling)
        await pilot.pause(0.3)
        repaints: list[tuple] = []
        for widget in (view, screen):
            refresh = widget.refresh

            def counting(*args, _refresh=refresh, **kwargs):
                repaints.append(args)
                return _refresh(*args, **kwargs)

            widget.refresh = counting  # type: ignore[method-assign]
        for _ in range(4):  # the same cue: nothing
            player.advance(0.3)
            screen._tick()
            await pilot.pause(0.05)
        assert repaints == [] and view.current == 0
        player.advance(1.0)  # into the second cue
        screen._tick()
        await pilot.pause(0.05)
        assert view.current == 1
        assert len(repaints) == 2
        for (region,) in repaints:
            assert region.width == GUTTER and region.height == 1


class Nudge(Message):
    """A message for the screen below: any message gives a screen an idle moment after."""


async def hand_ups_while_below_changes(pilot, monkeypatch) -> list[tuple]:
    """The repaints that the screens under the top one hand up to it while they change
    and handle messages (each would make the top screen repaint in full)."""
    app = pilot.app
    top = app.screen
    handed_up: list[tuple] = []
    refresh = Widget.refresh

    def spying(widget, *regions, **kwargs):
        if widget is top and regions:
            handed_up.append(regions)
        return refresh(widget, *regions, **kwargs)

    monkeypatch.setattr(Widget, "refresh", spying)
    below = [screen for screen in app.screen_stack if screen is not top]
    for _ in range(3):
        for screen in below:
            for widget in screen.query("Footer, EpisodeTable"):
                widget.refresh()
            screen.post_message(Nudge())
        await pilot.pause(0.1)
    monkeypatch.setattr(Widget, "refresh", refresh)
    return handed_up


async def test_the_screen_under_the_transcript_never_repaints_it(
    tmp_path, http_server, make_app, monkeypatch
):
    """Textual hands every repaint of the screen below to the top one, which then repaints
    in full; the transcript hides the screen below entirely and takes none of them."""
    http_server.route(
        "/t.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nOnly cue.\n", content_type="text/vtt"
    )
    library = make_library(
        tmp_path / "data",
        [episode(1, transcript_url=http_server.url("/t.vtt"), transcript_type="text/vtt")],
    )
    library.close()
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await open_transcript(pilot, 1)
        await pilot.pause(0.2)
        assert await hand_ups_while_below_changes(pilot, monkeypatch) == []
        main = app.main_screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is main)


async def test_the_screen_under_the_notes_never_repaints_them(library_dir, make_app, monkeypatch):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen))
        await pilot.pause(0.2)
        assert await hand_ups_while_below_changes(pilot, monkeypatch) == []


@pytest.mark.parametrize(
    ("keys", "screen_name"),
    [
        (("Q",), "QueueScreen"),
        (("W",), "DownloadsScreen"),
        (("f1",), "HelpScreen"),
        (("ctrl+p",), "CommandPalette"),
        (("ctrl+n",), "AddFeedDialog"),
        (("Q", "f1"), "HelpScreen"),  # over a view, itself over the main screen
    ],
)
async def test_no_screen_below_hands_its_repaints_up(
    library_dir, make_app, monkeypatch, keys, screen_name
):
    """A screen over others (translucent ones too) takes no repaint from below: the main
    screen and the views keep theirs while covered, as their widgets wait."""
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.1)
        await wait_for(pilot, lambda: type(app.screen).__name__ == screen_name)
        await pilot.pause(0.2)
        assert await hand_ups_while_below_changes(pilot, monkeypatch) == []


async def test_a_view_read_again_unchanged_repaints_nothing(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("a", "down", "a")
        await wait_for(pilot, lambda: len(app.library.queue_ids()) == 2)
        await pilot.press("Q")
        await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen))
        view = app.screen
        await wait_for(pilot, lambda: view.loaded and view.table.row_count == 2)
        await pilot.pause(0.2)
        repaints: list[str] = []
        for widget in (view.table, *view.query(Label)):
            original, name = widget.refresh, type(widget).__name__

            def counting(*args, _original=original, _name=name, **kwargs):
                repaints.append(_name)
                return _original(*args, **kwargs)

            widget.refresh = counting  # type: ignore[method-assign]
        for _ in range(3):  # as when the player service saves a place
            view.reload()
            await pilot.pause(0.2)
        assert repaints == []
