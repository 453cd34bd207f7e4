"""Episodes: places and played marks."""

from __future__ import annotations

from tests.core.library.helpers import ep, feed


def test_played_clears_position(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1")))
    (episode,) = library.episodes()
    library.save_position(episode.id, 50)
    assert library.episode(episode.id).in_progress
    library.set_played([episode.id])
    done = library.episode(episode.id)
    assert done.played and done.position == 0
