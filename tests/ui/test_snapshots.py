"""Snapshots of the key screens at 80x24 and 120x36, over the fixture feed (fixed data,
no dates relative to now). Update with ``pytest tests/ui/test_snapshots.py --snapshot-update``
after checking the new pictures."""

from __future__ import annotations

import pytest

from tests.ui.conftest import wait_for, wait_ready
from tui.core.library import Library
from tui.core.transcripts import Cue, TranscriptFormat
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.notes import NotesScreen
from tui.ui.screens.transcript import TranscriptScreen
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


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_transcript_screen(snap_compare, library_dir, make_app, size):
    library = Library.open(library_dir)
    episode_id = library.episodes()[0].id
    cues = [
        Cue(0.0, 4.0, "Francesco", "Hello and welcome to another episode of Data Science at Home."),
        Cue(4.0, 9.5, "Francesco", "Today we talk about generative adversarial networks, " * 3),
        Cue(9.5, 12.0, "Guest", "Thanks for having me."),
        Cue(75.0, 80.0, "", "A cue without a speaker, later on."),
    ]
    library.store_transcript(episode_id, "https://example.com/t.vtt", TranscriptFormat.VTT, cues)
    library.close()

    async def transcript(pilot):
        await wait_ready(pilot)
        await pilot.app.push_screen(TranscriptScreen(episode_id))
        view = pilot.app.screen.view
        await wait_for(pilot, lambda: len(view.cues) == 4)
        await pilot.press("down", "down")

    assert snap_compare(make_app(library_dir), terminal_size=size, run_before=transcript)
