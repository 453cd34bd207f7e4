"""The player bar repaints only what changed, and polls only while playing."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest
from textual.app import App, ComposeResult

from tui.core.feeds.chapters import Chapter
from tui.core.models import PlayerState
from tui.core.text import whole_seconds
from tui.player.memory import InMemoryPlayer
from tui.ui.widgets.bar_parts import (
    BarText,
    ProgressCells,
    ProgressSlice,
    changed_cells,
    filled_cells,
)
from tui.ui.widgets.player_bar import PlayerBar, time_text

PARTS = ("state", "title", "message", "rate", "volume", "elapsed", "total")


class Host(App):
    def __init__(self, player: InMemoryPlayer) -> None:
        super().__init__()
        self.player = player

    def compose(self) -> ComposeResult:
        yield PlayerBar(self.player, id="player-bar")


def texts(bar: PlayerBar) -> dict[str, str]:
    return {part: bar.query_one(f"#player-{part}", BarText).text.strip() for part in PARTS}


def count_renders(bar: PlayerBar) -> Counter:
    """Count render() calls per part of the bar from now on (slices of the progress bar
    count under "progress")."""
    counts: Counter = Counter()
    widgets = [*bar.query(BarText), *bar.query(ProgressSlice)]
    for widget in widgets:
        original = widget.render
        key = widget.id.removeprefix("player-") if widget.id else "progress"

        def render(original=original, key=key):
            counts[key] += 1
            return original()

        widget.render = render
    return counts


def count_regions(widget) -> list[tuple[int, int]]:
    """Record the (x, width) of every partial repaint ``widget`` asks for from now on."""
    regions: list[tuple[int, int]] = []
    original = widget.refresh

    def refresh(*args, **kwargs):
        regions.extend((region.x, region.width) for region in args)
        return original(*args, **kwargs)

    widget.refresh = refresh
    return regions


def test_changed_cells():
    assert changed_cells("0:19", "0:19") is None
    assert changed_cells("   0:19 ", "   0:20 ") == (5, 7)
    assert changed_cells("   0:20 ", "   0:21 ") == (6, 7)
    assert changed_cells("   9:59 ", "  10:00 ") == (2, 7)
    assert changed_cells("abc", "abcdef") == (3, 6)
    assert changed_cells("abcdef", "ab") == (2, 6)  # the old tail is cleared
    assert changed_cells("数据a", "数据b") == (4, 5)  # wide characters count two cells


def test_time_text_and_cells():
    assert time_text(None) == "--:--"
    assert time_text(0) == "0:00"
    assert time_text(61.4) == "1:01"
    assert time_text(61.9) == "1:02"  # the nearest second, as every view rounds
    assert time_text(3723) == "1:02:03"
    assert filled_cells(30, 60, 40) == 20
    assert filled_cells(30, None, 40) == 0
    assert filled_cells(90, 60, 40) == 40
    assert filled_cells(-5, 60, 40) == 0
    assert filled_cells(59.9, 60, 0) == 0


async def test_idle_bar_shows_nothing_playing():
    app = Host(InMemoryPlayer())
    async with app.run_test(size=(100, 10)):
        bar = app.query_one(PlayerBar)
        shown = texts(bar)
        assert shown["state"] == "■ Stopped"
        assert shown["title"] == "Nothing playing: Enter plays the highlighted episode"
        assert shown["rate"] == "1.0×" and shown["volume"] == "vol 100%"
        assert not bar.polling


async def test_ticks_repaint_only_what_changed():
    player = InMemoryPlayer(default_duration=60.0)
    app = Host(player)
    async with app.run_test(size=(100, 10)) as pilot:
        bar = app.query_one(PlayerBar)
        player.play("http://127.0.0.1/e.mp3", title="Episode")
        bar.show_episode("Podcast", "Episode")
        bar.show_state(player.state)
        await pilot.pause()
        assert bar.polling
        assert texts(bar)["title"] == "Podcast — Episode"
        assert texts(bar)["total"] == "1:00"
        counts = count_renders(bar)
        elapsed_regions = count_regions(bar.query_one("#player-elapsed"))
        progress = bar.query_one(ProgressCells)
        width = progress.size.width
        slice_width = max(piece.size.width for piece in progress.query(ProgressSlice))
        assert width > 60 and slice_width <= width // ProgressCells.SLICES + 1
        seconds_shown = set()
        fills = [progress.filled]
        # 20 simulated seconds at 4 ticks a second (twice the bar's own rate).
        for _ in range(80):
            player.advance(0.25)
            bar.poll()
            seconds_shown.add(whole_seconds(player.position))
            fills.append(progress.filled)
            await pilot.pause()
        assert texts(bar)["elapsed"] == "0:20"
        assert progress.filled == filled_cells(20, 60, width)
        # The elapsed time repainted once per new second, never per tick.
        assert counts["elapsed"] == len(seconds_shown) - 1 == 20
        # ... and only up to the last changed digit, not the padding after it.
        assert len(elapsed_regions) == 20
        assert {x + w for x, w in elapsed_regions} == {len(" 0:00")}
        # The progress bar moved with the clock (once a second), repainting one slice (two
        # when the filled cells crossed into the next one), never the whole bar.
        moves = sum(1 for a, b in pairwise(fills) if a != b)
        assert moves == 20
        assert moves <= counts["progress"] <= 2 * moves
        rendered = [piece for piece in progress.query(ProgressSlice) if piece.filled]
        assert sum(piece.filled for piece in rendered) == progress.filled
        for part in ("state", "title", "message", "rate", "volume", "total"):
            assert counts[part] == 0, part

        player.set_rate(1.5)
        bar.sync()
        await pilot.pause()
        assert texts(bar)["rate"] == "1.5×"
        assert counts["rate"] == 1 and counts["volume"] == 0
        player.set_volume(80)
        bar.sync()
        bar.sync()
        await pilot.pause()
        assert texts(bar)["volume"] == "vol 80%"
        assert counts["volume"] == 1


async def test_no_timer_and_no_repaint_while_paused():
    player = InMemoryPlayer(default_duration=120.0)
    app = Host(player)
    async with app.run_test(size=(100, 10)) as pilot:
        bar = app.query_one(PlayerBar)
        player.play("http://127.0.0.1/e.mp3")
        bar.show_episode("Podcast", "Episode")
        bar.show_state(PlayerState.PLAYING)
        assert bar.polling
        player.advance(30)
        player.pause()
        bar.show_state(PlayerState.PAUSED)
        await pilot.pause()
        assert not bar.polling
        assert texts(bar)["state"] == "‖ Paused"
        assert texts(bar)["elapsed"] == "0:30"
        counts = count_renders(bar)
        for _ in range(10):
            await pilot.pause(0.05)
        assert sum(counts.values()) == 0
        bar.show_state(PlayerState.PLAYING)
        assert bar.polling
        bar.show_state(PlayerState.STOPPED)
        assert not bar.polling


async def test_error_message_stays_until_the_next_episode():
    player = InMemoryPlayer(errors={"http://127.0.0.1/bad.mp3": "HTTP 404 error"})
    app = Host(player)
    async with app.run_test(size=(100, 10)) as pilot:
        bar = app.query_one(PlayerBar)
        bar.show_episode("Podcast", "Bad")
        bar.show_state(PlayerState.ERROR, "HTTP 404 error")
        bar.show_state(PlayerState.STOPPED)
        await pilot.pause()
        shown = texts(bar)
        assert shown["state"] == "■ Stopped"
        assert shown["message"] == "HTTP 404 error"
        assert bar.query_one("#player-message").display
        bar.show_episode("Podcast", "Good")
        await pilot.pause()
        assert texts(bar)["message"] == ""
        assert not bar.query_one("#player-message").display


async def test_titles_are_plain_text():
    app = Host(InMemoryPlayer())
    async with app.run_test(size=(100, 10)) as pilot:
        bar = app.query_one(PlayerBar)
        bar.show_episode("[b]Pod[/b]", "Ep\x1b[31m red\x07 [link=x]y[/link]")
        await pilot.pause()
        expected = "[b]Pod[/b] — Ep red [link=x]y[/link]"
        assert texts(bar)["title"] == expected
        painted = "".join(segment.text for segment in bar.query_one("#player-title").render_line(0))
        assert painted.startswith(expected)


@pytest.mark.parametrize(("position", "expected"), [(5, "Intro"), (65, "Main"), (0.5, "")])
async def test_title_names_the_current_chapter(position, expected):
    player = InMemoryPlayer(default_duration=300.0)
    app = Host(player)
    async with app.run_test(size=(120, 10)) as pilot:
        bar = app.query_one(PlayerBar)
        player.play("http://127.0.0.1/e.mp3")
        bar.show_episode("Podcast", "Episode")
        bar.show_chapters([Chapter(1.0, "Intro"), Chapter(60.0, "Main")])
        player.seek(position)
        bar.poll()
        await pilot.pause()
        title = texts(bar)["title"]
        if expected:
            assert title == f"Podcast — Episode · {expected}"
        else:
            assert title == "Podcast — Episode"
