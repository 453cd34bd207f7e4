"""A transcript follows an episode that plays in the player service: real service
process, real libVLC (afile output)."""

from __future__ import annotations

import pytest

from tests.service.conftest import audio_seconds
from tests.service.test_app_client import app_for, connected, until
from tui.core.library import Library
from tui.core.models import PlayerState
from tui.core.transcripts import Cue, TranscriptFormat
from tui.ui.screens.transcript import TranscriptScreen

pytestmark = pytest.mark.vlc

CUES = [Cue(float(n), float(n + 1), "Host", f"Second {n} of the tone.") for n in range(3)]


async def test_the_transcript_follows_what_the_service_plays(rig):
    first = rig.episodes["ep-1"]
    library = Library.open(rig.data_dir)
    library.store_transcript(first, "https://example.com/1.vtt", TranscriptFormat.VTT, CUES)
    library.close()
    app = app_for(rig)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: connected(app), "the app to reach the service")
        await app.push_screen(TranscriptScreen(first))
        view = app.screen.view
        await until(pilot, lambda: len(view.cues) == 3, "the cues")
        await pilot.press("down", "enter")  # play from 1 s, through the service
        await until(pilot, lambda: audio_seconds(rig.out) > 0.2, "audio in the afile output")
        await until(pilot, lambda: app.playback.state is PlayerState.PLAYING, "playing")
        await until(pilot, lambda: view.current == 1, "the second cue marked")
        assert app.screen.polling
        await until(pilot, lambda: view.current == 2, "the third cue, as the voice goes on")
        await pilot.press("escape", "q")
