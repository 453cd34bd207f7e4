"""Transcripts in the library: kept with their cues, replaced whole, searched with the
notes, listed by has:transcript, gone with their episode."""

from __future__ import annotations

import calendar

import pytest

import tui.core.library.schema as schema_module
import tui.core.library.sync as library_sync
from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.core.search import EpisodeIndex, parse_query
from tui.core.transcripts import Cue, TranscriptFormat


def ep(number: int, **extra) -> ParsedEpisode:
    return ParsedEpisode(
        title=f"Episode {number}",
        guid=f"ep-{number}",
        published=calendar.timegm((2024, 1, number, 0, 0, 0, 0, 0, 0)),
        enclosure_url=f"https://example.com/{number}.mp3",
        **extra,
    )


OFFERS = {"transcript_url": "https://example.com/1.vtt", "transcript_type": "text/vtt"}
CUES = [
    Cue(0.0, 2.0, "Ada", "Welcome to the zeppelin hour."),
    Cue(2.0, 4.0, "", "Thanks for having me."),
]


@pytest.fixture
def library(tmp_path):
    lib = Library.open(tmp_path / "data")
    podcast = lib.subscribe("https://example.com/feed.xml")
    lib.store_feed(podcast.id, ParsedFeed(title="Show", episodes=[ep(1, **OFFERS), ep(2), ep(3)]))
    yield lib
    lib.close_search()
    lib.close()


def ids(lib: Library) -> dict[str, int]:
    return {e.guid: e.id for e in lib.episodes()}


def titles(index: EpisodeIndex, text: str) -> list[str]:
    return sorted(index.titles[row] for row in index.filter(parse_query(text)))


def test_a_transcript_is_kept_with_its_cues(library):
    first = ids(library)["ep-1"]
    assert library.transcript(first) is None
    assert library.store_transcript(first, "https://example.com/1.vtt", TranscriptFormat.VTT, CUES)
    kept = library.transcript(first)
    assert kept is not None
    assert kept.cues == CUES and kept.format is TranscriptFormat.VTT
    assert kept.url == "https://example.com/1.vtt"
    # Fetched again: replaced whole.
    library.store_transcript(first, "https://example.com/1.srt", TranscriptFormat.SRT, CUES[:1])
    kept = library.transcript(first)
    assert kept is not None and kept.cues == CUES[:1] and kept.format is TranscriptFormat.SRT
    assert not library.store_transcript(10_000, "https://x/y.vtt", TranscriptFormat.VTT, CUES)


def test_words_spoken_in_a_kept_transcript_are_found_by_the_filter(library):
    found = ids(library)
    index = EpisodeIndex.from_library(library)
    assert titles(index, "zeppelin") == []
    library.store_transcript(found["ep-2"], "https://example.com/2.vtt", TranscriptFormat.VTT, CUES)
    index.invalidate_notes()
    assert titles(index, "zeppelin") == ["Episode 2"]
    assert titles(index, "zepp") == ["Episode 2"]  # words starting with it
    assert titles(index, '"zeppelin hour"') == ["Episode 2"]
    assert titles(index, "-zeppelin") == ["Episode 1", "Episode 3"]


def test_has_transcript_lists_the_episodes_that_offer_or_keep_one(library):
    found = ids(library)
    index = EpisodeIndex.from_library(library)
    assert titles(index, "has:transcript") == ["Episode 1"]
    assert titles(index, "has:tr") == ["Episode 1"]
    assert titles(index, "-has:transcript") == ["Episode 2", "Episode 3"]
    library.store_transcript(
        found["ep-3"], "https://example.com/3.txt", TranscriptFormat.TEXT, CUES
    )
    index.invalidate_notes()
    assert titles(index, "has:transcript") == ["Episode 1", "Episode 3"]
    query = parse_query("has:video")
    assert query.hints == ["unknown has: value 'video' (transcript)"]


def test_an_episode_removed_takes_its_transcript_along(library):
    first = ids(library)["ep-1"]
    library.store_transcript(first, "https://example.com/1.vtt", TranscriptFormat.VTT, CUES)
    podcast = library.podcasts()[0]
    library.remove_podcast(podcast.id)
    assert library.transcript(first) is None
    assert library.match_notes('"zeppelin"') == []
    assert library._rows("SELECT COUNT(*) FROM transcript_cues") == [(0,)]


def test_an_older_library_gains_the_transcript_tables(tmp_path, monkeypatch):
    monkeypatch.setattr(schema_module, "MIGRATIONS", schema_module.MIGRATIONS[:4])
    monkeypatch.setattr(library_sync, "_enabled", lambda db: False)
    old = Library.open(tmp_path / "data")
    podcast = old.subscribe("https://example.com/feed.xml")
    old.store_feed(podcast.id, ParsedFeed(title="Show", episodes=[ep(1, **OFFERS)]))
    assert old.schema_version == 4
    old.close()
    monkeypatch.undo()
    lib = Library.open(tmp_path / "data")
    try:
        assert lib.schema_version == len(schema_module.MIGRATIONS)
        assert lib.transcript_episode_ids() == [ids(lib)["ep-1"]]
    finally:
        lib.close()
