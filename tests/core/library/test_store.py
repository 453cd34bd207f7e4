"""Storing feeds: upserts that keep user state, episode identity, atomicity."""

from __future__ import annotations

import sqlite3

import pytest

from tests.core.library.helpers import ep, feed


def test_store_counts_new_and_changed(library):
    podcast = library.subscribe("http://example.org/feed")
    first = library.store_feed(podcast.id, feed(ep("a", "1", published=10), ep("b", "2")))
    assert (first.new, first.total, first.changed) == (2, 2, 2)
    same = library.store_feed(podcast.id, feed(ep("a", "1", published=10), ep("b", "2")))
    assert (same.new, same.total, same.changed) == (0, 2, 0)
    edited = library.store_feed(podcast.id, feed(ep("a!", "1", published=10), ep("b", "2")))
    assert (edited.new, edited.changed) == (0, 1)
    assert [e.title for e in library.episodes()] == ["a!", "b"]


def test_refresh_keeps_played_position_queue_and_vanished_episodes(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1", published=2), ep("b", "2", published=1)))
    a, b = library.episodes()
    library.set_played([a.id])
    library.save_position(b.id, 123.5)
    library.queue_add([b.id])
    # The feed now drops "b" and changes "a"'s title.
    library.store_feed(podcast.id, feed(ep("a (edited)", "1", published=2)))
    a2 = library.episode(a.id)
    b2 = library.episode(b.id)
    assert a2.played and a2.title == "a (edited)"
    assert b2.position == 123.5 and b2.queued
    assert library.queue_ids() == [b.id]


def test_identity_falls_back_to_enclosure_then_title_and_date(library):
    podcast = library.subscribe("http://example.org/feed")
    items = [
        ep("no guid", enclosure_url="http://example.org/1.mp3"),
        ep("bare", published=100),
    ]
    library.store_feed(podcast.id, feed(*items))
    library.store_feed(podcast.id, feed(*items))
    assert library.episode_count() == 2
    guids = sorted(e.guid for e in library.episodes())
    assert guids == ["bare|100", "http://example.org/1.mp3"]


def test_repeated_guid_keeps_both_items_stably(library):
    podcast = library.subscribe("http://example.org/feed")
    items = [
        ep("first", "dup", enclosure_url="http://example.org/1.mp3"),
        ep("second", "dup", enclosure_url="http://example.org/2.mp3"),
        ep("first", "dup", enclosure_url="http://example.org/1.mp3"),  # the same item again
    ]
    library.store_feed(podcast.id, feed(*items))
    ids = {e.title: e.id for e in library.episodes()}
    assert set(ids) == {"first", "second"}
    library.set_played([ids["second"]])
    library.store_feed(podcast.id, feed(*items))
    assert library.episode_count() == 2
    assert library.episode(ids["second"]).played


def test_failed_store_changes_nothing(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1")))

    bad = feed(ep("new", "2"), ep(title=object(), guid="3"))  # type: ignore[arg-type]
    with pytest.raises(sqlite3.Error):
        library.store_feed(podcast.id, bad)
    assert [e.title for e in library.episodes()] == ["a"]
