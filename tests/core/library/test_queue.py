"""The queue: every change, kept across a reopen."""

from __future__ import annotations

import sqlite3

import pytest

from tests.core.library.helpers import ep, feed
from tui.core.errors import NotFound
from tui.core.library import Library


def test_queue_operations(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(*(ep(str(i), str(i), published=i) for i in range(5))))
    ids = sorted(e.id for e in library.episodes())
    assert library.queue_add(ids[:3]) == ids[:3]
    assert library.queue_add([ids[3]], at=1) == [ids[0], ids[3], ids[1], ids[2]]
    # Adding a queued episode again moves it.
    assert library.queue_add([ids[2]], at=0) == [ids[2], ids[0], ids[3], ids[1]]
    assert library.queue_move(ids[1], 0) == [ids[1], ids[2], ids[0], ids[3]]
    assert library.queue_move(ids[1], 99) == [ids[2], ids[0], ids[3], ids[1]]
    assert library.queue_remove([ids[0], ids[3]]) == [ids[2], ids[1]]
    assert [e.id for e in library.queue()] == [ids[2], ids[1]]
    assert library.episode(ids[1]).queue_position == 1
    with pytest.raises(NotFound):
        library.queue_add([9999])
    with pytest.raises(NotFound):
        library.queue_move(ids[4], 0)
    library.queue_clear()
    assert library.queue() == []


def test_queue_survives_reopen(tmp_path):
    lib = Library.open(tmp_path)
    podcast = lib.subscribe("http://example.org/feed")
    lib.store_feed(podcast.id, feed(ep("a", "1"), ep("b", "2")))
    ids = [e.id for e in lib.episodes()]
    lib.queue_add(list(reversed(ids)))
    lib.close()
    again = Library.open(tmp_path)
    assert again.queue_ids() == list(reversed(ids))
    again.close()


def five(library) -> list[int]:
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(*(ep(str(i), str(i), published=i) for i in range(5))))
    return sorted(e.id for e in library.episodes())


def test_finishing_a_queued_episode_marks_it_and_names_the_one_after_it(library):
    ids = five(library)
    library.queue_add(ids[:4])
    library.save_position(ids[1], 42.0)
    finished = library.finish(ids[1])
    assert finished.was_queued
    assert finished.queue == [ids[0], ids[2], ids[3]] == library.queue_ids()
    assert finished.following == ids[2]
    done = library.episode(ids[1])
    assert done.played and done.position == 0 and not done.queued


def test_finishing_the_last_queued_episode_leaves_nothing_to_follow(library):
    ids = five(library)
    library.queue_add(ids[:2])
    finished = library.finish(ids[1])
    assert (finished.queue, finished.was_queued, finished.following) == ([ids[0]], True, None)


def test_finishing_an_episode_outside_the_queue_leaves_it_and_names_its_first(library):
    ids = five(library)
    library.queue_add([ids[3], ids[2]])
    finished = library.finish(ids[0])
    assert (finished.queue, finished.was_queued, finished.following) == (
        [ids[3], ids[2]],
        False,
        ids[3],
    )
    assert library.episode(ids[0]).played
    library.queue_clear()
    assert library.finish(ids[1]).following is None


def test_a_failed_finish_changes_nothing(library):
    """The played mark and the queue change together or not at all."""
    ids = five(library)
    library.queue_add(ids[:3])
    library._db.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON queue BEGIN SELECT RAISE(ABORT, 'full'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="full"):
        library.finish(ids[1])
    assert library.queue_ids() == ids[:3]
    assert not library.episode(ids[1]).played
