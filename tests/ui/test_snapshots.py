"""Snapshots of the key screens at 80x24 and 120x36, over the fixture feed (fixed data,
no dates relative to now). Update with ``pytest tests/ui/test_snapshots.py --snapshot-update``
after checking the new pictures."""

from __future__ import annotations

import pytest

from tests.ui.conftest import wait_for, wait_ready
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.notes import NotesScreen
from tui.ui.widgets.notes_view import NotesView

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_main_screen(snap_compare, library_dir, make_app, size):
    assert snap_compare(make_app(library_dir), terminal_size=size, run_before=wait_ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_filtered(snap_compare, library_dir, make_app, size):
    async def filtered(pilot):
        await wait_ready(pilot)
        await pilot.press("slash", *"GAN")
        main = pilot.app.main_screen
        await wait_for(
            pilot, lambda: main.notes_view.episode_id == main.browser.highlighted_episode_id
        )

    assert snap_compare(make_app(library_dir), terminal_size=size, run_before=filtered)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_notes_screen(snap_compare, library_dir, make_app, size):
    async def notes(pilot):
        await wait_ready(pilot)
        await pilot.press("down", "n")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, NotesScreen))
        view = pilot.app.screen.query_one(NotesView)
        await wait_for(pilot, lambda: view.notes is not None)

    assert snap_compare(make_app(library_dir), terminal_size=size, run_before=notes)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_help_screen(snap_compare, library_dir, make_app, size):
    async def help_screen(pilot):
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(make_app(library_dir), terminal_size=size, run_before=help_screen)
