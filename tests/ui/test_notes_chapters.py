"""Chapters in an episode's notes: listed under the notes (the pane and the full screen),
Enter or a click on one plays the episode from its start, a seek when it already plays."""

from __future__ import annotations

import json

from textual.widgets import OptionList

from tests.shows import episode, make_library
from tests.ui.conftest import record_notifications, wait_for, wait_ready
from tui.core.models import PlayerState
from tui.player.memory import InMemoryPlayer
from tui.ui.screens.notes import NotesScreen

CHAPTERS = {
    "version": "1.2.0",
    "chapters": [
        {"startTime": 0, "title": "Intro"},
        {"startTime": 95.5, "title": "The [b]main[/b] part"},
        {"startTime": 300},
    ],
}
AUDIO = "http://127.0.0.1:9/ep{}.mp3"


def library_with_chapters(root, chapters_url: str) -> None:
    chapters = {"chapters_url": chapters_url, "chapters_type": "application/json+chapters"}
    make_library(root, [episode(1), episode(2, **chapters)]).close()


def chapter_texts(option_list: OptionList) -> list[str]:
    return [
        str(option_list.get_option_at_index(i).prompt).strip()
        for i in range(option_list.option_count)
    ]


async def test_a_chapter_picked_in_the_notes_plays_from_its_start(tmp_path, http_server, make_app):
    http_server.route(
        "/chapters.json",
        json.dumps(CHAPTERS).encode(),
        headers={"Content-Type": "application/json+chapters"},
    )
    root = tmp_path / "library"
    library_with_chapters(root, http_server.url("/chapters.json"))
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(root, player=player)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        main = app.main_screen
        pane = main.notes_view
        assert pane.notes.episode.title == "Episode 2"  # the newest, highlighted
        await wait_for(pilot, lambda: len(pane.chapters) == 3)
        listed = chapter_texts(pane.chapter_list)
        # Times as everywhere else; a title is text, never markup; an untitled one numbered.
        assert listed == ["0:00  Intro", "1:36  The [b]main[/b] part", "5:00  Chapter 3"]
        seen = record_notifications(app)

        # c: the notes over the whole screen, the chapter list focused; Enter plays.
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen))
        full = app.screen.view
        await wait_for(pilot, lambda: app.focused is full.chapter_list)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        assert player.source == AUDIO.format(2)
        assert player.position == 95.5
        assert seen[-1][0] == "Playing from 1:36 · The [b]main[/b] part"

        # The episode that plays: a seek, even paused (and it plays on).
        await pilot.press("space")
        await wait_for(pilot, lambda: player.state is PlayerState.PAUSED)
        plays = [call for call in player.calls if call[0] == "play"]
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        assert player.position == 300
        assert [call for call in player.calls if call[0] == "play"] == plays

        # Back in the library: a click on a chapter in the pane plays from there too.
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is main)
        pane.scroll_to_widget(pane.chapter_list, animate=False)
        await pilot.pause()
        await pilot.click(pane.chapter_list, offset=(4, 0))
        await wait_for(pilot, lambda: player.position == 0)
        assert [call for call in player.calls if call[0] == "play"] == plays
        assert len(http_server.requests_to("/chapters.json")) == 1  # fetched once

        # An episode without chapters says so.
        await pilot.press("e", "down")
        await wait_for(pilot, lambda: pane.notes and pane.notes.episode.title == "Episode 1")
        assert not pane.chapters and pane.chapter_list.has_class("-hidden")
        await pilot.press("c")
        await wait_for(pilot, lambda: seen[-1][0] == "This episode has no chapters")
        assert app.screen is main
