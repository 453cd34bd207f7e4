"""The episode a player offers to resume after a restart."""

from __future__ import annotations

import time

from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed


def make(tmp_path) -> tuple[Library, list[int]]:
    library = Library.open(tmp_path / "data")
    podcast = library.subscribe("https://example.com/feed.xml")
    episodes = [
        ParsedEpisode(title=f"Episode {n}", guid=f"ep-{n}", enclosure_url=f"https://e/{n}.mp3")
        for n in (1, 2, 3)
    ]
    library.store_feed(podcast.id, ParsedFeed(title="The Show", episodes=episodes))
    found = {e.guid: e.id for e in library.episodes()}
    return library, [found[f"ep-{n}"] for n in (1, 2, 3)]


def test_nothing_listened_yet(tmp_path):
    library, _ = make(tmp_path)
    try:
        assert library.last_listened() is None
    finally:
        library.close()


def test_the_episode_saved_last_survives_reopening(tmp_path):
    library, (one, two, _) = make(tmp_path)
    library.save_position(one, 30.0)
    time.sleep(1.05)  # saves are stamped to the second
    library.save_position(two, 2472.0)
    library.close()
    library = Library.open(tmp_path / "data")
    try:
        assert library.last_listened() == two
    finally:
        library.close()


def test_a_finished_last_episode_offers_nothing(tmp_path):
    library, (one, two, _) = make(tmp_path)
    try:
        library.save_position(one, 30.0)
        library.save_position(two, 50.0)
        library.set_played([two])
        assert library.last_listened() is None
    finally:
        library.close()
