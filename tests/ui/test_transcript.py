"""The transcript view: T opens the highlighted episode's transcript (fetched once, then
kept), the cue being spoken is marked while it plays, Enter plays from a cue, / searches;
the main filter finds the words spoken. Played with the in-memory player here (the real
libVLC player in test_transcript_playback.py)."""

from __future__ import annotations

from tests import shows
from tests.shows import episode
from tests.ui.conftest import (
    open_transcript,
    record_notifications,
    shown_text,
    wait_for,
    wait_ready,
)
from tui.core.models import PlayerState
from tui.player.memory import InMemoryPlayer
from tui.ui.screens.notes import NotesScreen
from tui.ui.screens.transcript import TranscriptScreen

VTT = """WEBVTT

00:00.000 --> 00:04.000
<v Ada>Welcome to the zeppelin hour.

00:04.000 --> 00:09.000
<v Grace>Thanks for having me \x1b[31mhere\x1b[0m.

00:09.000 --> 00:15.000
<v Grace>We talk about airships today.
"""
AUDIO = "http://127.0.0.1:9/ep{}.mp3"


def make_library(root, transcript_url: str | None, kind: str = "text/vtt") -> None:
    transcript = {"transcript_url": transcript_url, "transcript_type": kind}
    shows.make_library(root, [episode(1), episode(2, **transcript)]).close()


async def test_t_fetches_the_transcript_and_enter_plays_from_a_cue(tmp_path, http_server, make_app):
    http_server.route("/t.vtt", VTT.encode(), content_type="text/vtt")
    root = tmp_path / "library"
    make_library(root, http_server.url("/t.vtt"))
    player = InMemoryPlayer(default_duration=600.0)
    app = make_app(root, player=player)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        view = await open_transcript(pilot)
        text = shown_text(view)
        assert "Ada" in text and "Welcome to the zeppelin hour." in text
        assert "0:04" in text and "Thanks for having me here." in text
        assert "\x1b" not in text and "[31m" not in text
        title = str(app.screen.query_one("#transcript-title").render())
        assert title == "The Show — Episode 2"
        status = str(app.screen.query_one("#transcript-status").render())
        assert status == "WebVTT, 3 cues · Enter plays from the highlighted cue"
        assert len(http_server.requests_to("/t.vtt")) == 1

        # Enter on the third cue plays the episode from its start.
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        assert player.source == AUDIO.format(2)
        assert player.position == 9.0
        assert view.current == 2
        await wait_for(pilot, lambda: app.screen.polling)

        # Playback moves: the view follows, cue by cue.
        player.seek(4.5)
        await wait_for(pilot, lambda: view.current == 1)
        assert "▶   0:04" in shown_text(view)
        player.seek(0.5)
        await wait_for(pilot, lambda: view.current == 0)

        # Paused, the view reads nothing.
        await pilot.press("space")
        await wait_for(pilot, lambda: player.state is PlayerState.PAUSED)
        await pilot.pause()
        assert not app.screen.polling

        # Enter on a cue of the loaded episode is a seek (and resumes).
        plays = [call for call in player.calls if call[0] == "play"]
        await pilot.press("up", "enter")
        await wait_for(pilot, lambda: player.state is PlayerState.PLAYING)
        assert player.position == 4.0
        assert [call for call in player.calls if call[0] == "play"] == plays

        # Back: T again opens the kept transcript without a fetch.
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        await open_transcript(pilot)
        assert len(http_server.requests_to("/t.vtt")) == 1


async def test_slash_searches_inside_the_transcript(tmp_path, http_server, make_app):
    http_server.route("/t.vtt", VTT.encode(), content_type="text/vtt")
    root = tmp_path / "library"
    make_library(root, http_server.url("/t.vtt"))
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        view = await open_transcript(pilot)
        screen = app.screen
        await pilot.press("slash")
        await wait_for(pilot, lambda: app.focused is screen.search_input)
        await pilot.press(*"HE")  # "the zeppelin", "me here"; case ignored
        await wait_for(pilot, lambda: view.matches == [0, 1])
        assert "2 cues match" in str(screen.query_one("#transcript-status").render())
        await pilot.press("enter")
        assert app.focused is view
        first = view.cursor
        await pilot.press("n")
        assert view.cursor != first and view.cursor in view.matches
        await pilot.press("N")
        assert view.cursor == first
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert app.focused is view and view.matches == []
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)


async def test_the_filter_finds_words_spoken_once_the_transcript_is_fetched(
    tmp_path, http_server, make_app
):
    http_server.route("/t.vtt", VTT.encode(), content_type="text/vtt")
    root = tmp_path / "library"
    make_library(root, http_server.url("/t.vtt"))
    app = make_app(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        browser = app.main_screen.browser
        await pilot.press("slash", *"airships")
        await pilot.pause(0.2)
        assert browser.table.row_count == 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: browser.table.row_count == 2)
        await pilot.press("slash", *"has:transcript", "enter")
        await wait_for(pilot, lambda: browser.table.row_count == 1)
        assert browser.highlighted_episode_id is not None
        await open_transcript(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        await pilot.press("slash", "ctrl+u", *"airships")
        await wait_for(pilot, lambda: browser.table.row_count == 1)
        episode = app.library.episode(browser.highlighted_episode_id)
        assert episode.title == "Episode 2"


async def test_a_transcript_that_cannot_be_read_says_so_in_one_line(
    tmp_path, http_server, make_app
):
    http_server.route(
        "/t.vtt", b"WEBVTT\n\n00:xx.000 --> 00:01.000\nbroken\n", content_type="text/vtt"
    )
    root = tmp_path / "library"
    make_library(root, http_server.url("/t.vtt"))
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        seen = record_notifications(app)
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(app.screen, TranscriptScreen))
        status = app.screen.query_one("#transcript-status")
        await wait_for(pilot, lambda: "cannot be read" in str(status.render()))
        assert str(status.render()) == "the transcript's 1 cue times cannot be read"
        assert app.library.transcript(app.screen.episode_id) is None
        http_server.route("/t.vtt", b"", status=404)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(app.screen, TranscriptScreen))
        status = app.screen.query_one("#transcript-status")
        await wait_for(pilot, lambda: "HTTP 404" in str(status.render()))
        assert str(status.render()).startswith("cannot fetch the transcript: HTTP 404")
        assert not [s for s in seen if s[1] == "error"]


async def test_t_on_an_episode_without_a_transcript_says_so(tmp_path, make_app):
    root = tmp_path / "library"
    make_library(root, None)
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        seen = record_notifications(app)
        await pilot.press("T")
        await pilot.pause()
        assert app.screen is app.main_screen
        assert seen == [("This episode has no transcript", "information")]


async def test_t_in_the_notes_opens_the_transcript_of_their_episode(
    tmp_path, http_server, make_app
):
    http_server.route("/t.vtt", VTT.encode(), content_type="text/vtt")
    root = tmp_path / "library"
    make_library(root, http_server.url("/t.vtt"))
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen))
        notes = app.screen
        await wait_for(pilot, lambda: notes.check_action("transcript", ()))
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(app.screen, TranscriptScreen))
        assert app.screen.episode_id == notes.episode_id
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is notes)
        await pilot.press("escape", "down", "n")  # the episode without a transcript
        await wait_for(pilot, lambda: isinstance(app.screen, NotesScreen))
        await wait_for(pilot, lambda: app.screen.view.notes is not None)
        assert not app.screen.check_action("transcript", ())
