"""Every text stays readable in a 16-colour terminal (``TERM=xterm``, no ``COLORTERM``)
with every built-in theme: no text is drawn in its own background's colour once colours
are brought down to the 16 standard ones, on the main screen, the filtered one and the
empty queue."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.theme import BUILTIN_THEMES

from tests.ui.conftest import wait_for, wait_ready
from tests.ui.standard_colours import SixteenColourApp, standard_style, unreadable
from tui.core.config import Config
from tui.player.memory import InMemoryPlayer
from tui.ui.screens.queue import QueueScreen


async def _filtered(pilot, text: str = "GAN") -> None:
    await pilot.press("slash", *text)
    main = pilot.app.main_screen
    await wait_for(pilot, lambda: main.browser.query_text == text)
    await wait_for(pilot, lambda: main.notes_view.episode_id == main.browser.highlighted_episode_id)


@pytest.mark.parametrize("theme", sorted(BUILTIN_THEMES))
async def test_every_text_readable_in_16_colours(library_dir, theme):
    app = SixteenColourApp(library_dir, Config(theme=theme), player=InMemoryPlayer())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        assert app.theme == theme
        for severity in ("information", "warning", "error"):  # toasts of every kind
            app.notify(f"A notice: {severity}", severity=severity)
        await wait_for(pilot, lambda: len(app.screen.query("Toast")) == 3)
        await _filtered(pilot, "GAN is:bogus")  # a filter with a hint
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # the empty filter shows its placeholder again
        await pilot.pause()
        assert sorted(app.colours.problems) == []
        # The empty queue's words, on the view's panel (the main screen behind the view is
        # tinted on purpose, and not checked here).
        await pilot.press("Q")
        await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen.loaded)
        empty = app.screen.query_one(".view-empty")
        assert unreadable(Segment("The queue is empty", standard_style(empty.rich_style))) is None


def _sixteen(library_dir) -> SixteenColourApp:
    return SixteenColourApp(library_dir, Config(), player=InMemoryPlayer())


def test_main_screen_16_colours(snap_compare, library_dir):
    assert snap_compare(_sixteen(library_dir), terminal_size=(80, 24), run_before=wait_ready)


def test_filtered_16_colours(snap_compare, library_dir):
    async def filtered(pilot):
        await wait_ready(pilot)
        await _filtered(pilot)

    assert snap_compare(_sixteen(library_dir), terminal_size=(80, 24), run_before=filtered)
