"""States read from stored values: enums whose values are the stored strings."""

from __future__ import annotations

from tui.core.models import DownloadState, Episode, PlayState, SourceStatus


def episode(**kwargs) -> Episode:
    return Episode(id=1, podcast_id=1, podcast="Show", title="One", guid="g", **kwargs)


def test_play_state_follows_the_played_mark_and_the_place():
    assert episode().play_state is PlayState.NEW
    assert episode(position=12.5).play_state is PlayState.STARTED
    assert episode(played=True).play_state is PlayState.PLAYED
    assert episode(played=True, position=12.5).play_state is PlayState.PLAYED


def test_states_compare_and_print_as_their_words():
    assert DownloadState.ACTIVE == "downloading" and f"{DownloadState.ACTIVE}" == "downloading"
    assert SourceStatus.FAILED == "failed" and str(SourceStatus.FAILED) == "failed"
    assert DownloadState.FAILED is not SourceStatus.FAILED
    assert PlayState("started") is PlayState.STARTED
