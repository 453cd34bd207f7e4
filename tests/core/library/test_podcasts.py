"""Podcasts: removing, finding, counting."""

from __future__ import annotations

import pytest

from tests.core.library.helpers import ep, feed
from tui.core.errors import NotFound


def test_remove_podcast_cascades(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1")))
    library.queue_add([library.episodes()[0].id])
    library.remove_podcast(podcast.id)
    assert library.episode_count() == 0
    assert library.queue_ids() == []
    assert library.podcasts() == []


def test_find_podcast_by_id_title_and_prefix(library):
    one = library.subscribe("http://example.org/1")
    library.store_feed(one.id, feed(title="Terminal Talk"))
    two = library.subscribe("http://example.org/2")
    library.store_feed(two.id, feed(title="Terminal Tales"))
    assert library.find_podcast(str(one.id)).title == "Terminal Talk"
    assert library.find_podcast("terminal talk").id == one.id
    assert library.find_podcast("Terminal Tale").id == two.id
    with pytest.raises(NotFound, match="several podcasts"):
        library.find_podcast("Terminal")
    with pytest.raises(NotFound, match="no podcast"):
        library.find_podcast("Nothing like it")


def test_podcast_counts(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1"), ep("b", "2"), ep("c", "3")))
    library.set_played([library.episodes()[0].id])
    (listed,) = library.podcasts()
    assert (listed.episode_count, listed.unplayed_count) == (3, 2)
